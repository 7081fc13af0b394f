"""Creating an event: accept the submission (fast, before the modal closes), then issue the
Zoom meeting, store everything and post the card (slow, on a worker thread).

Nothing half-made is left behind: an event only becomes visible (`scheduled`) in the same
transaction that stores its meeting and reminders; if that fails, the meeting is deleted.
"""

from __future__ import annotations

import dataclasses
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session

from bot.clock import Clock
from bot.messages import Locale, t
from bot.services.event_form import EventDraft
from bot.services.reminder_plan import plan_reminders, schedule
from bot.slack.cards import EventView, event_card, event_view
from bot.slack.people import PeopleDirectory, Person
from providers.base import IssuedMeeting, MeetingHost, MeetingProvider, MeetingRequest
from providers.zoom.errors import (
    ZoomAuthError,
    ZoomError,
    ZoomRateLimited,
    ZoomTokenRejected,
    ZoomUnavailable,
)
from storage.db import Database
from storage.models import AccountStatus, Event, EventStatus, Workspace, ZoomAccount
from storage.repositories.events import EventRepository, overlapping_account_ids
from storage.repositories.reminders import ReminderRepository
from storage.repositories.slack_users import SlackUserRepository
from storage.repositories.workspaces import WorkspaceRepository
from storage.repositories.zoom_accounts import ZoomAccountRepository

logger = logging.getLogger(__name__)

AUTO = "auto"


@dataclass(frozen=True)
class Accepted:
    event_id: int
    duplicate: bool  # the same submission was accepted before (Slack retried)


class EventService:
    def __init__(
        self,
        db: Database,
        provider: MeetingProvider,
        slack: WebClient,
        people: PeopleDirectory,
        clock: Clock,
        *,
        on_reminders_planned: Callable[[], None] = lambda: None,
    ) -> None:
        self._db = db
        self._provider = provider
        self._slack = slack
        self._people = people
        self._clock = clock
        self._on_reminders_planned = on_reminders_planned

    # ---- fast path (inside Slack's 3 seconds)

    def accept(self, draft: EventDraft, submission_key: str) -> Accepted:
        """Record the submission once; a retried submission finds the first one."""
        now = self._clock.now()
        try:
            with self._db.transaction() as session:
                WorkspaceRepository(session).ensure(draft.team_id, now=now)
                events = EventRepository(session)
                existing = events.get_by_submission(draft.team_id, submission_key)
                if existing is not None:
                    return Accepted(existing.id, duplicate=True)
                event = events.add(
                    _new_event(draft, submission_key, now), list(draft.participant_ids)
                )
                return Accepted(event.id, duplicate=False)
        except IntegrityError:
            # Two deliveries of one submission raced; the other one won.
            with self._db.transaction() as session:
                found = EventRepository(session).get_by_submission(draft.team_id, submission_key)
                if found is None:
                    raise
                return Accepted(found.id, duplicate=True)

    # ---- slow path (worker thread)

    def issue(self, event_id: int) -> None:
        """Issue the meeting, schedule reminders, post the card; tell the organizer on failure.

        Whatever goes wrong, the organizer hears about it and the event does not stay
        half-made (e.g. a stored secret that no longer decrypts after a key change)."""
        try:
            self._issue(event_id)
        except Exception:
            ref = uuid.uuid4().hex[:8]
            logger.exception("event %s: creation failed [ref %s]", event_id, ref)
            self._fail(event_id, "event.reason.internal", {"ref": ref}, "zoom.advice.retry")

    def _issue(self, event_id: int) -> None:
        with self._db.transaction() as session:
            event = EventRepository(session).get_by_id(event_id)
            if event is None or event.status != EventStatus.CREATING:
                return
            account = self._choose_account(session, event)
            participants = [p.user_id for p in event.participants]
            team_id, event_zone = event.team_id, event.timezone
            if account is not None:
                host = MeetingHost(account_ref=account.id, user_id=account.zoom_user_id)
                account_name = account.display_name
                request = MeetingRequest(
                    topic=event.title,
                    start=event.starts_at,
                    duration_minutes=event.duration_minutes,
                    timezone=event.timezone,
                    agenda=event.note,
                )
        if account is None:  # checked before the modal closed, but it may be gone since
            self._fail(event_id, "zoom.reason.no_account", {}, "zoom.advice.other_account")
            return

        # Each reader's zone times their reminders (Slack calls, so outside any transaction).
        # A reader Slack can't tell us about right now is timed in the event's own zone.
        readers = [
            person if person.known else dataclasses.replace(person, tz=event_zone)
            for person in (self._people.get(user_id) for user_id in participants)
        ]
        try:
            meeting = self._provider.create_meeting(host, request)
        except ZoomError as exc:
            logger.warning("event %s: Zoom create failed: %s", event_id, exc)
            reason, params, advice = _explain_zoom_failure(exc, account_name)
            self._fail(event_id, reason, params, advice)
            return

        try:
            view = self._store_meeting(event_id, host, account_name, meeting, readers)
        except Exception:
            logger.exception("event %s: storing the meeting failed; deleting it", event_id)
            self._delete_quietly(host, meeting.meeting_id)
            self._fail(event_id, "zoom.reason.unavailable", {}, "zoom.advice.retry")
            return
        if view is None:  # someone else finished or failed this event meanwhile
            self._delete_quietly(host, meeting.meeting_id)
            return
        self._share_readers(team_id, view.id, readers)
        self._on_reminders_planned()
        self._post_card(view)

    def _share_readers(self, team_id: str, event_id: int, readers: list[Person]) -> None:
        """Store who the readers are for every dispatcher process (no users.info per reader
        at send time). A cache: failing to write it must not fail the event."""
        now = self._clock.now()
        try:
            with self._db.transaction() as session:
                SlackUserRepository(session).save(
                    {
                        "team_id": team_id,
                        "user_id": p.user_id,
                        "locale": p.locale,
                        "tz": p.tz,
                        "name": p.name[:200],
                        "fetched_at": now,
                    }
                    for p in readers
                    if p.known
                )
        except SQLAlchemyError:
            logger.warning(
                "event %s: could not store its readers' profiles", event_id, exc_info=True
            )

    def recover_abandoned(self, older_than: timedelta = timedelta(minutes=10)) -> int:
        """Fail events whose creation was interrupted (the process died while issuing the
        meeting), telling each organizer to try again. Run at start-up."""
        with self._db.transaction() as session:
            stuck = EventRepository(session).abandoned_creations(self._clock.now() - older_than)
        for event_id in stuck:
            self._fail(event_id, "zoom.reason.interrupted", {}, "zoom.advice.retry")
        if stuck:
            logger.warning("%d event(s) interrupted mid-creation were failed", len(stuck))
        return len(stuck)

    def _choose_account(self, session: Session, event: Event) -> ZoomAccount | None:
        """The requested account if it is usable; for "auto", a usable account that hosts
        none of our events at that time (else any usable one), by priority."""
        accounts = [
            a
            for a in ZoomAccountRepository(session).list_for_team(event.team_id)
            if a.status == AccountStatus.OK
        ]
        if event.requested_account != AUTO:
            return next((a for a in accounts if str(a.id) == event.requested_account), None)
        if not accounts:
            return None
        end = event.starts_at + timedelta(minutes=event.duration_minutes)
        busy = overlapping_account_ids(
            session, event.team_id, event.starts_at, end, exclude_event=event.id
        )
        free = [a for a in accounts if a.id not in busy]
        return (free or accounts)[0]

    def _store_meeting(
        self,
        event_id: int,
        host: MeetingHost,
        account_name: str,
        meeting: IssuedMeeting,
        readers: list[Person],
    ) -> EventView | None:
        now = self._clock.now()
        with self._db.transaction() as session:
            events = EventRepository(session)
            event = events.get_by_id(event_id)
            if event is None or event.status != EventStatus.CREATING:
                return None
            event.status = EventStatus.SCHEDULED
            event.zoom_account_id = host.account_ref
            event.zoom_account_name = account_name
            event.meeting_id = meeting.meeting_id
            event.join_url = meeting.join_url
            event.passcode = meeting.passcode
            event.updated_at = now
            workspace = WorkspaceRepository(session).get(event.team_id)
            reader_zones = {p.user_id: p.tz for p in readers}
            rows = plan_reminders(event, reader_zones, workspace=workspace, now=now)

            ReminderRepository(session).add_all(rows)
            return event_view(
                event,
                list(reader_zones),
                _card_schedule(event, workspace, now, event.reminder_specs),
                _card_schedule(event, workspace, now, event.channel_reminder_specs),
            )

    def _post_card(self, view: EventView) -> None:
        locale = self._people.default_locale
        card = event_card(view, locale)
        try:
            response = self._slack.chat_postMessage(
                channel=view.channel_id,
                text=card.text,
                blocks=card.blocks,
                unfurl_links=False,
                metadata={"event_type": "recruitbot_event", "event_payload": {"event_id": view.id}},
            )
        except SlackApiError as exc:
            error = str(exc.response.get("error"))
            logger.warning("event %s: card not posted in %s: %s", view.id, view.channel_id, error)
            self._dm_organizer(
                view.organizer_id,
                lambda loc: t(
                    loc,
                    "dm.card_failed",
                    kind=t(loc, f"kind.{view.kind}"),
                    title=view.title,
                    channel=view.channel_id,
                    error=error,
                    url=view.join_url,
                ),
            )
            return
        with self._db.transaction() as session:
            event = EventRepository(session).get_by_id(view.id)
            if event is not None:
                event.card_ts = str(response["ts"])

    def _fail(self, event_id: int, reason: str, params: dict[str, object], advice: str) -> None:
        with self._db.transaction() as session:
            event = EventRepository(session).get_by_id(event_id)
            if event is None or event.status != EventStatus.CREATING:
                return
            event.status = EventStatus.FAILED
            event.failure_reason = reason
            event.updated_at = self._clock.now()
            organizer, kind, title = event.organizer_id, event.kind, event.title
        self._dm_organizer(
            organizer,
            lambda loc: t(
                loc,
                "dm.creation_failed",
                kind=t(loc, f"kind.{kind}"),
                title=title,
                reason=t(loc, reason, **params),
                advice=t(loc, advice),
            ),
        )

    def _dm_organizer(self, user_id: str, render: Callable[[Locale], str]) -> None:
        try:
            text = render(self._people.locale(user_id))
            self._slack.chat_postMessage(channel=self._people.dm_channel(user_id), text=text)
        except SlackApiError as exc:
            logger.error("could not DM %s: %s", user_id, exc.response.get("error"))

    def _delete_quietly(self, host: MeetingHost, meeting_id: str) -> None:
        try:
            self._provider.delete_meeting(host, meeting_id)
        except ZoomError:
            logger.exception("could not delete orphan Zoom meeting %s", meeting_id)


def _new_event(draft: EventDraft, submission_key: str, now: datetime) -> Event:
    return Event(
        team_id=draft.team_id,
        submission_key=submission_key,
        kind=draft.kind.value,
        title=draft.title,
        starts_at=draft.starts_at,
        duration_minutes=draft.duration_minutes,
        timezone=draft.timezone,
        channel_id=draft.channel_id,
        organizer_id=draft.organizer_id,
        note=draft.note,
        reminder_template=draft.reminder_template,
        notify_participants=draft.notify_participants,
        reminder_specs=list(draft.reminder_specs),
        channel_reminder_specs=list(draft.channel_reminder_specs),
        channel_reminders_in_thread=draft.channel_reminders_in_thread,
        requested_account=draft.requested_account,
        status=EventStatus.CREATING,
        version=1,
        created_at=now,
        updated_at=now,
    )


def _explain_zoom_failure(exc: ZoomError, account_name: str) -> tuple[str, dict[str, object], str]:
    if isinstance(exc, ZoomAuthError | ZoomTokenRejected):
        return "zoom.reason.auth", {"account": account_name}, "zoom.advice.other_account"
    if isinstance(exc, ZoomRateLimited):
        return "zoom.reason.rate_limited", {"account": account_name}, "zoom.advice.other_account"
    if isinstance(exc, ZoomUnavailable):
        return "zoom.reason.unavailable", {}, "zoom.advice.retry"
    return "zoom.reason.rejected", {"detail": str(exc)}, "zoom.advice.retry"


def _card_schedule(
    event: Event, workspace: Workspace | None, now: datetime, specs: list[str]
) -> tuple[tuple[str, datetime | None], ...]:
    """When each reminder goes in the event's own zone (None: it won't)."""
    planned = schedule(event, event.timezone, workspace=workspace, now=now, specs=specs)
    return tuple((spec, None if skip else due) for spec, due, skip in planned)
