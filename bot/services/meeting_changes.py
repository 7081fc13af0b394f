"""Meetings changed in Zoom (Zoom webhooks `meeting.updated` / `meeting.deleted`): the event
follows, then the channel hears about it.

`apply_*` change the database in one transaction each and return what to announce;
`announce_*` are the Slack side (card updated in place, a note in the card's thread, a DM
to the organizer), run afterwards so Zoom gets its answer quickly. Only scheduled events
are touched, and only when something we track changed, so a redelivered webhook, or Zoom
echoing a change the bot made itself, changes and says nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.clock import Clock
from bot.messages import t
from bot.services.event_cards import card_view
from bot.services.reminder_plan import retime_pending_reminders
from bot.services.zoom_change_audit import record_zoom_deletion, record_zoom_edit
from bot.slack.cards import EventView, Message, cancelled_card, event_card
from bot.slack.people import PeopleDirectory
from bot.slack.zoom_notes import (
    MeetingEdit,
    meeting_changed_note,
    meeting_deleted_dm,
    meeting_deleted_note,
)
from storage.db import Database
from storage.models import Event, EventStatus
from storage.repositories.events import EventRepository
from storage.repositories.reminders import ReminderRepository
from storage.repositories.workspaces import WorkspaceRepository

logger = logging.getLogger(__name__)

SKIP_MEETING_DELETED = "meeting_deleted_in_zoom"
TITLE_MAX = 200  # Event.title


@dataclass(frozen=True)
class ZoomMeetingUpdate:
    """The fields of a `meeting.updated` object that matter here (None: not sent)."""

    meeting_id: str
    start_time: datetime | None = None  # aware, or naive: local time in `timezone`
    timezone: str | None = None
    duration_minutes: int | None = None
    topic: str | None = None


@dataclass(frozen=True)
class UpdatedEvent:
    view: EventView
    edit: MeetingEdit


@dataclass(frozen=True)
class CancelledEvent:
    view: EventView


class MeetingChangeService:
    def __init__(
        self,
        db: Database,
        slack: WebClient,
        people: PeopleDirectory,
        clock: Clock,
    ) -> None:
        self._db = db
        self._slack = slack
        self._people = people
        self._clock = clock

    # ---- meeting.updated

    def apply_update(self, update: ZoomMeetingUpdate) -> list[UpdatedEvent]:
        """Follow Zoom's change on each scheduled event with this meeting: start, duration,
        title; pending reminders re-timed when the start moved."""
        now = self._clock.now()
        updated = []
        with self._db.transaction() as session:
            for event in EventRepository(session).scheduled_with_meeting(update.meeting_id):
                edit = _edit_of(event, update)
                if not edit:
                    continue
                if edit.start is not None:
                    event.starts_at = edit.start[1]
                if edit.duration is not None:
                    event.duration_minutes = edit.duration[1]
                if edit.title is not None:
                    event.title = edit.title[1]
                event.version += 1
                event.updated_at = now
                workspace = WorkspaceRepository(session).get(event.team_id)
                if edit.start is not None:
                    retime_pending_reminders(session, event, workspace=workspace, now=now)
                record_zoom_edit(session, event, edit, now=now)
                updated.append(UpdatedEvent(card_view(event, workspace), edit))
                logger.info("event %s follows its Zoom meeting's change", event.id)
        return updated

    def announce_update(self, updated: UpdatedEvent) -> None:
        locale = self._people.default_locale
        view = updated.view
        self._update_card(view, event_card(view, locale))
        self._post_in_thread(view, meeting_changed_note(updated.edit, view.timezone, locale))

    # ---- meeting.deleted

    def apply_deletion(self, meeting_id: str) -> list[CancelledEvent]:
        """Cancel each scheduled event with this meeting; its pending reminders are skipped."""
        now = self._clock.now()
        cancelled = []
        with self._db.transaction() as session:
            reminders = ReminderRepository(session)
            for event in EventRepository(session).scheduled_with_meeting(meeting_id):
                event.status = EventStatus.CANCELLED
                event.version += 1
                event.updated_at = now
                skipped = reminders.skip_pending(event.id, SKIP_MEETING_DELETED, now=now)
                record_zoom_deletion(session, event, now=now)
                workspace = WorkspaceRepository(session).get(event.team_id)
                cancelled.append(CancelledEvent(card_view(event, workspace)))
                logger.info(
                    "event %s cancelled: its meeting was deleted in Zoom (%d reminders skipped)",
                    event.id,
                    skipped,
                )
        return cancelled

    def announce_cancellation(self, cancelled: CancelledEvent) -> None:
        locale = self._people.default_locale
        view = cancelled.view
        reason = t(locale, "zoom_webhook.cancelled_reason")
        self._update_card(view, cancelled_card(view, locale, reason))
        self._post_in_thread(view, meeting_deleted_note(view.kind, locale))
        organizer = self._people.get(view.organizer_id)
        self._send(
            f"event {view.id}: DM to its organizer",
            lambda: self._slack.chat_postMessage(
                channel=self._people.dm_channel(view.organizer_id),
                text=meeting_deleted_dm(
                    view.kind, view.title, view.starts_at, organizer.tz, organizer.locale
                ),
            ),
        )

    # ---- Slack

    def _update_card(self, view: EventView, card: Message) -> None:
        card_ts = view.card_ts
        if card_ts is None:  # the card was never posted (the organizer was told then)
            return
        self._send(
            f"event {view.id}: card update",
            lambda: self._slack.chat_update(
                channel=view.channel_id, ts=card_ts, text=card.text, blocks=card.blocks
            ),
        )

    def _post_in_thread(self, view: EventView, text: str) -> None:
        self._send(
            f"event {view.id}: note in the card's thread",
            lambda: self._slack.chat_postMessage(
                channel=view.channel_id, thread_ts=view.card_ts, text=text, unfurl_links=False
            ),
        )

    @staticmethod
    def _send(what: str, call: Callable[[], object]) -> None:
        """One Slack call; a failure is logged and does not stop the others."""
        try:
            call()
        except SlackApiError as exc:
            logger.warning("%s failed: %s", what, exc.response.get("error"))
        except (SlackClientError, OSError) as exc:
            logger.warning("%s failed: %s", what, type(exc).__name__)


def _edit_of(event: Event, update: ZoomMeetingUpdate) -> MeetingEdit:
    """What differs between the event and Zoom's meeting (fields Zoom did not send: nothing)."""
    start = duration = title = None
    if update.start_time is not None:
        new_start = _instant(update.start_time, update.timezone or event.timezone)
        if new_start != event.starts_at:
            start = (event.starts_at, new_start)
    if update.duration_minutes is not None and update.duration_minutes != event.duration_minutes:
        duration = (event.duration_minutes, update.duration_minutes)
    if update.topic is not None:
        new_title = update.topic.strip()[:TITLE_MAX]
        if new_title and new_title != event.title:
            title = (event.title, new_title)
    return MeetingEdit(start=start, duration=duration, title=title)


def _instant(start_time: datetime, zone_name: str) -> datetime:
    """Zoom sends UTC (`…Z`), or a local time with the meeting's `timezone`."""
    if start_time.tzinfo is None:
        try:
            zone = ZoneInfo(zone_name)
        except (ZoneInfoNotFoundError, ValueError):
            zone = ZoneInfo("UTC")
        start_time = start_time.replace(tzinfo=zone)
    return start_time.astimezone(UTC)
