"""Editing an event: the database first, then Zoom, then Slack.

`save` runs in the modal's listener, so a conflict can still be answered inline: under the
event's row lock (`event_locks`), the version the modal showed must be the current one
(compare-and-swap), then the fields, the participants (those added get their invitation and
reminders; those removed lose their pending reminders; sign-ups are kept), the re-timed
reminders and the audit row are written in one transaction.

`sync` runs on the worker: Zoom's meeting is changed in place (`PATCH`, same URL); one
deleted in Zoom meanwhile is replaced by a new meeting on the same account, and the new URL
stored. Then the card is redrawn, a note goes in its thread and each person is told.

Why the database first: the modal must be answered within Slack's 3 seconds, and a conflict
must keep the modal open. When Zoom then fails, participants are never left with a wrong
time or URL silently: the URL stays valid (a Zoom meeting can be joined at any time), the
thread note and the DMs say Zoom still shows the old details, and the editor is told by DM
to make the same change in Zoom (saving the modal again unchanged sends nothing). Only when the meeting was deleted
in Zoom and no new one could be created is the URL dead; then everyone is told to wait for
a new one, and the editor to use 「URL再発行」.
"""

from __future__ import annotations

import dataclasses
import enum
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from bot.clock import Clock
from bot.services.audit import record
from bot.services.edit_changes import EventChanges, ZoomSync, diff
from bot.services.edit_form import EventEdit
from bot.services.event_cards import card_view
from bot.services.event_notices import EventNotices
from bot.services.meeting_issuer import MeetingIssuer
from bot.services.meeting_options import MeetingOptions
from bot.services.reminder_plan import (
    SKIP_DUE_BEFORE_CHANGE,
    SKIP_DUE_BEFORE_CREATION,
    plan_for_reader,
    retime_pending_reminders,
)
from bot.services.reminders import SKIP_NOT_PARTICIPANT
from bot.slack.cards import EventView, event_card
from bot.slack.edit_notes import changed_dm, new_url_dm, removed_dm, thread_note, zoom_problem_dm
from bot.slack.people import Person
from providers.base import MeetingHost, MeetingProvider, MeetingRequest
from providers.zoom.errors import ZoomError, ZoomMeetingNotFound
from storage.db import Database
from storage.models import (
    AuditAction,
    Event,
    EventParticipant,
    EventStatus,
    ParticipantSource,
    ZoomAccount,
)
from storage.repositories.event_locks import bump_version, lock_for_change
from storage.repositories.events import EventRepository
from storage.repositories.reminders import ReminderRepository
from storage.repositories.signups import SignupRepository
from storage.repositories.slack_users import SlackUserRepository
from storage.repositories.workspaces import WorkspaceRepository

logger = logging.getLogger(__name__)


class SaveOutcome(enum.StrEnum):
    SAVED = "saved"
    UNCHANGED = "unchanged"  # the modal was saved as it was opened
    CONFLICT = "conflict"  # someone else saved first: reopen 「編集」
    NOT_SCHEDULED = "not_scheduled"  # cancelled meanwhile
    NOT_FOUND = "not_found"


@dataclass(frozen=True)
class Saved:
    """What `sync` needs after the database changed."""

    team_id: str
    event_id: int
    actor_id: str
    changes: EventChanges
    host: MeetingHost | None
    meeting_id: str | None
    request: MeetingRequest
    options: MeetingOptions | None


@dataclass(frozen=True)
class SaveResult:
    outcome: SaveOutcome
    saved: Saved | None = None


class EventEditor:
    def __init__(
        self,
        db: Database,
        provider: MeetingProvider,
        notices: EventNotices,
        clock: Clock,
        *,
        on_reminders_planned: Callable[[], None] = lambda: None,
    ) -> None:
        self._db = db
        self._provider = provider
        self._issuer = MeetingIssuer(db, provider, clock)
        self._notices = notices
        self._clock = clock
        self._on_reminders_planned = on_reminders_planned

    def newcomers(self, team_id: str, event_id: int, invited: tuple[str, ...]) -> list[str]:
        """Who of `invited` does not take part yet (their profiles are fetched from Slack
        before `save`, outside its transaction)."""
        with self._db.transaction() as session:
            event = EventRepository(session).get(team_id, event_id)
            taking_part = {p.user_id for p in event.participants} if event else set()
        return [user_id for user_id in invited if user_id not in taking_part]

    # ---- the listener: the database, in one transaction

    def save(
        self,
        team_id: str,
        event_id: int,
        *,
        expected_version: int,
        actor_id: str,
        edit: EventEdit,
        people: Mapping[str, Person],
    ) -> SaveResult:
        """`people`: profiles of those being added (their reminders follow their zone)."""
        now = self._clock.now()
        with self._db.transaction() as session:
            event = lock_for_change(session, team_id, event_id)
            if event is None:
                return SaveResult(SaveOutcome.NOT_FOUND)
            if event.status != EventStatus.SCHEDULED:
                return SaveResult(SaveOutcome.NOT_SCHEDULED)
            if event.version != expected_version:
                return SaveResult(SaveOutcome.CONFLICT)
            changes = diff(event, edit)
            if not changes:
                return SaveResult(SaveOutcome.UNCHANGED)
            if not bump_version(session, event.id, expected_version):
                return SaveResult(SaveOutcome.CONFLICT)
            before = [p.user_id for p in event.participants]
            _apply_fields(event, edit, now)
            workspace = WorkspaceRepository(session).get(team_id)
            signups = SignupRepository(session)
            for participant in [p for p in event.participants if p.user_id in changes.removed]:
                signups.remove(event, participant)
                signups.skip_pending_of(
                    event.id, participant.user_id, SKIP_NOT_PARTICIPANT, now=now
                )
            if changes.meeting.start is not None or changes.timezone is not None:
                retime_pending_reminders(session, event, workspace=workspace, now=now)
            for user_id in changes.added:
                _add_participant(session, event, user_id, people.get(user_id), now)
            record(
                session,
                event,
                actor_id=actor_id,
                action=AuditAction.EDITED,
                now=now,
                details=changes.audit_details((before, [p.user_id for p in event.participants])),
            )
            saved = Saved(
                team_id=team_id,
                event_id=event.id,
                actor_id=actor_id,
                changes=changes,
                host=_host_of(session, event),
                meeting_id=event.meeting_id,
                request=MeetingRequest(
                    topic=event.title,
                    start=event.starts_at,
                    duration_minutes=event.duration_minutes,
                    timezone=event.timezone,
                    agenda=event.note,
                ),
                options=MeetingOptions.from_json(event.meeting_options),
            )
        logger.info("event %s edited by %s", event_id, actor_id)
        if changes.added or changes.meeting.start is not None:
            self._on_reminders_planned()
        return SaveResult(SaveOutcome.SAVED, saved)

    # ---- the worker: Zoom, then Slack

    def sync(self, saved: Saved) -> ZoomSync:
        zoom = self._sync_meeting(saved)
        view = self._view(saved.team_id, saved.event_id)
        if view is None:  # cancelled meanwhile: the cancel said so
            return zoom
        self._announce(view, saved, zoom)
        return zoom

    def _sync_meeting(self, saved: Saved) -> ZoomSync:
        if not saved.changes.zoom_fields:
            return ZoomSync.NOT_NEEDED
        if saved.host is None or saved.meeting_id is None:
            return ZoomSync.NO_ACCOUNT
        try:
            self._issuer.update(saved.host, saved.meeting_id, saved.request)
        except ZoomMeetingNotFound:
            logger.warning("event %s: meeting %s gone from Zoom", saved.event_id, saved.meeting_id)
            return self._recreate(saved, saved.host)
        except ZoomError as exc:
            logger.warning("event %s: Zoom not updated: %s", saved.event_id, exc)
            return ZoomSync.FAILED
        return ZoomSync.UPDATED

    def _recreate(self, saved: Saved, host: MeetingHost) -> ZoomSync:
        """A new meeting on the same account, with the account's settings, stored in place
        of the deleted one (unless the event changed meanwhile: then it is deleted again)."""
        options = saved.options
        request = dataclasses.replace(
            saved.request,
            join_before_host=options.join_before_host if options else None,
            waiting_room=options.waiting_room if options else None,
        )
        try:
            meeting = self._issuer.create(saved.team_id, host, request)
        except ZoomError as exc:
            logger.warning("event %s: no new meeting: %s", saved.event_id, exc)
            return ZoomSync.LOST
        now = self._clock.now()
        with self._db.transaction() as session:
            event = lock_for_change(session, saved.team_id, saved.event_id)
            stored = (
                event is not None
                and event.status == EventStatus.SCHEDULED
                and event.meeting_id == saved.meeting_id
            )
            if event is not None and stored:
                event.meeting_id = meeting.meeting_id
                event.join_url = (
                    options.shared_url(meeting.join_url) if options else meeting.join_url
                )
                event.passcode = meeting.passcode
                event.updated_at = now
                record(
                    session,
                    event,
                    actor_id=saved.actor_id,
                    action=AuditAction.EDITED,
                    now=now,
                    details={
                        "meeting_id": [saved.meeting_id, meeting.meeting_id],
                        "reason": "meeting_deleted_in_zoom",
                    },
                )
        if not stored:
            self._issuer_delete(host, meeting.meeting_id)
            return ZoomSync.LOST
        return ZoomSync.RECREATED

    def _issuer_delete(self, host: MeetingHost, meeting_id: str) -> None:
        try:
            self._provider.delete_meeting(host, meeting_id)
        except ZoomError:
            logger.warning("could not delete unused Zoom meeting %s", meeting_id)

    def _view(self, team_id: str, event_id: int) -> EventView | None:
        with self._db.transaction() as session:
            event = EventRepository(session).get(team_id, event_id)
            if event is None or event.status != EventStatus.SCHEDULED:
                return None
            return card_view(event, WorkspaceRepository(session).get(team_id))

    def _announce(self, view: EventView, saved: Saved, zoom: ZoomSync) -> None:
        notices, changes, actor = self._notices, saved.changes, saved.actor_id
        locale = notices.card_locale
        notices.update_card(view, event_card(view, locale))
        notices.in_thread(view, thread_note(view, changes, actor, zoom, locale))
        url_changed = zoom in (ZoomSync.RECREATED, ZoomSync.LOST)
        if changes.for_participants or url_changed:
            for user_id in dict.fromkeys((*view.participants, view.organizer_id)):
                if user_id in changes.added:
                    if url_changed:
                        notices.dm(user_id, lambda p: new_url_dm(view, p.locale, p.tz))
                    continue  # the invitation tells them the rest
                notices.dm(
                    user_id, lambda p: changed_dm(view, changes, actor, zoom, p.locale, p.tz)
                )
        for user_id in changes.removed:
            notices.dm(user_id, lambda p: removed_dm(view, actor, p.locale, p.tz))
        if zoom in (ZoomSync.FAILED, ZoomSync.LOST, ZoomSync.NO_ACCOUNT):
            notices.dm(actor, lambda p: zoom_problem_dm(view, zoom, p.locale))


def _apply_fields(event: Event, edit: EventEdit, now: datetime) -> None:
    event.kind = edit.kind.value
    event.title = edit.title
    event.starts_at = edit.starts_at
    event.duration_minutes = edit.duration_minutes
    event.timezone = edit.timezone
    event.note = edit.note
    event.signups_open = edit.signups_open
    event.capacity = edit.capacity
    event.url_on_signup = edit.url_on_signup
    event.version += 1  # bump_version wrote it; keep the loaded row in step
    event.updated_at = now


def _add_participant(
    session: Session, event: Event, user_id: str, person: Person | None, now: datetime
) -> None:
    """Invited by the edit: the invitation with the URL (due now) and their reminders, timed
    in their zone. Reminders left from an earlier removal make way; ones already sent are
    not sent twice."""
    event.participants.append(
        EventParticipant(
            team_id=event.team_id,
            event_id=event.id,
            user_id=user_id,
            source=ParticipantSource.INVITED,
            joined_at=now,
        )
    )
    session.flush()
    signups = SignupRepository(session)
    signups.drop_skipped(event.id, user_id, SKIP_NOT_PARTICIPANT)
    kept = {(r.kind, r.spec) for r in signups.reminders_of(event.id, user_id)}
    known = person is not None and person.known
    stored = SlackUserRepository(session).zones(event.team_id, [user_id]).get(user_id)
    tz = person.tz if person is not None and known else stored or event.timezone
    workspace = WorkspaceRepository(session).get(event.team_id)
    planned = plan_for_reader(event, user_id, tz, workspace=workspace, now=now, invite=True)
    rows = [r for r in planned if (r.kind, r.spec) not in kept]
    for row in rows:
        if row.skip_reason == SKIP_DUE_BEFORE_CREATION:
            row.skip_reason = SKIP_DUE_BEFORE_CHANGE
    ReminderRepository(session).add_all(rows)
    if person is not None and known:
        SlackUserRepository(session).save(
            [
                {
                    "team_id": event.team_id,
                    "user_id": user_id,
                    "locale": person.locale,
                    "tz": person.tz,
                    "name": person.name[:200],
                    "fetched_at": now,
                }
            ]
        )


def _host_of(session: Session, event: Event) -> MeetingHost | None:
    if event.zoom_account_id is None or event.meeting_id is None:
        return None
    account = session.get(ZoomAccount, event.zoom_account_id)
    return MeetingHost(account.id, account.zoom_user_id) if account is not None else None
