"""What an edit changes: the meeting's time, length and title (`MeetingEdit`, shared with
Zoom's own changes), the event's other fields, who was added and who was removed."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

from bot.services.edit_form import EventEdit
from bot.slack.zoom_notes import MeetingEdit
from storage.models import Event, ParticipantSource


@dataclass(frozen=True)
class EventChanges:
    meeting: MeetingEdit
    kind: tuple[str, str] | None = None
    timezone: tuple[str, str] | None = None
    note: tuple[str | None, str | None] | None = None
    signups: dict[str, tuple[Any, Any]] | None = None  # signups_open, capacity, url_on_signup
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.meeting) or any(
            (self.kind, self.timezone, self.note, self.signups, self.added, self.removed)
        )

    @property
    def zoom_fields(self) -> bool:
        """Whether Zoom's copy of the meeting must change (topic, start, length, zone, agenda)."""
        return bool(self.meeting) or self.timezone is not None or self.note is not None

    @property
    def for_participants(self) -> bool:
        """Whether those already taking part need telling (not for who-takes-part changes
        or sign-up settings, which the thread note covers)."""
        return bool(self.meeting) or self.kind is not None or self.note is not None

    def audit_details(self, participants: tuple[list[str], list[str]]) -> dict[str, Any]:
        """Before/after per changed field (instants as ISO text), JSON-ready."""
        details: dict[str, Any] = {}
        edit = self.meeting
        if edit.start is not None:
            details["start"] = [edit.start[0].isoformat(), edit.start[1].isoformat()]
        if edit.duration is not None:
            details["duration"] = list(edit.duration)
        if edit.title is not None:
            details["title"] = list(edit.title)
        for name, change in (("kind", self.kind), ("timezone", self.timezone), ("note", self.note)):
            if change is not None:
                details[name] = list(change)
        for name, (before, after) in (self.signups or {}).items():
            details[name] = [before, after]
        if self.added or self.removed:
            details["participants"] = [participants[0], participants[1]]
        return details


def diff(event: Event, edit: EventEdit) -> EventChanges:
    """`event` as it is (participants loaded) against what the editor asked for."""
    start = (event.starts_at, edit.starts_at) if edit.starts_at != event.starts_at else None
    duration = (
        (event.duration_minutes, edit.duration_minutes)
        if edit.duration_minutes != event.duration_minutes
        else None
    )
    title = (event.title, edit.title) if edit.title != event.title else None
    signups = {
        name: (before, after)
        for name, before, after in (
            ("signups_open", event.signups_open, edit.signups_open),
            ("capacity", event.capacity, edit.capacity),
            ("url_on_signup", event.url_on_signup, edit.url_on_signup),
        )
        if before != after
    }
    taking_part = {p.user_id for p in event.participants}
    return EventChanges(
        meeting=MeetingEdit(start=start, duration=duration, title=title),
        kind=(event.kind, edit.kind.value) if edit.kind.value != event.kind else None,
        timezone=(event.timezone, edit.timezone) if edit.timezone != event.timezone else None,
        note=(event.note, edit.note) if (event.note or None) != edit.note else None,
        signups=signups or None,
        added=tuple(u for u in edit.invited if u not in taking_part),
        removed=tuple(
            p.user_id
            for p in event.participants
            if p.source != ParticipantSource.SIGNED_UP and p.user_id not in edit.invited
        ),
    )


class ZoomSync(enum.StrEnum):
    """What became of Zoom's copy of the meeting after an edit."""

    NOT_NEEDED = "not_needed"  # nothing Zoom shows changed
    UPDATED = "updated"  # PATCHed: same meeting, same URL
    RECREATED = "recreated"  # deleted in Zoom meanwhile: a new meeting, a new URL
    FAILED = "failed"  # Zoom still shows the old details (the URL still works)
    LOST = "lost"  # deleted in Zoom and no new one could be made: the URL is dead
    NO_ACCOUNT = "no_account"  # the issuing account was unlinked: Zoom cannot be changed
