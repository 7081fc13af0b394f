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

from bot.clock import Clock
from bot.messages import Locale, t
from bot.services.account_availability import AccountAvailability
from bot.services.account_reservation import AccountReserver, Failures, Refused, Reserved
from bot.services.creation_audit import record_creation
from bot.services.event_form import EventDraft
from bot.services.meeting_issuer import MeetingIssuer, failover_reason
from bot.services.reminder_plan import plan_reminders, schedule
from bot.services.zoom_schedules import ZoomSchedules
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
from storage.models import Event, EventStatus, Workspace
from storage.repositories.events import EventRepository
from storage.repositories.reminders import ReminderRepository
from storage.repositories.slack_users import SlackUserRepository
from storage.repositories.workspaces import WorkspaceRepository

logger = logging.getLogger(__name__)


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
        # Which account can host when: read by the create modal's listeners too.
        self.availability = AccountAvailability(db, ZoomSchedules(provider, clock), clock)
        self._reserver = AccountReserver(db, self.availability, clock)
        self._issuer = MeetingIssuer(db, provider, clock)

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
            participants = [p.user_id for p in event.participants]
            team_id, event_zone = event.team_id, event.timezone
            base_request = MeetingRequest(
                topic=event.title,
                start=event.starts_at,
                duration_minutes=event.duration_minutes,
                timezone=event.timezone,
                agenda=event.note,
            )

        # Each reader's zone times their reminders (Slack calls, so outside any transaction).
        # A reader Slack can't tell us about right now is timed in the event's own zone.
        readers = [
            person if person.known else dataclasses.replace(person, tz=event_zone)
            for person in (self._people.get(user_id) for user_id in participants)
        ]
        issued = self._issue_on_some_account(event_id, team_id, base_request)
        if issued is None:
            return
        reserved, host, meeting = issued
        try:
            view = self._store_meeting(event_id, host, reserved, meeting, readers)
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
        card_ts = self._post_card(view)
        if card_ts is not None and reserved.choice_line and reserved.announce:
            self._post_choice_note(view, card_ts, reserved.choice_line)

    def _issue_on_some_account(
        self, event_id: int, team_id: str, base_request: MeetingRequest
    ) -> tuple[Reserved, MeetingHost, IssuedMeeting] | None:
        """Reserve an account and create the meeting there; when Zoom answers 429, 5xx or
        not in time, the next eligible account is tried (never a second meeting: see
        `MeetingIssuer`). None: the event failed (the organizer was told) or is gone."""
        failures: Failures = {}
        last_error: tuple[ZoomError, str] | None = None
        while True:
            reserved = self._reserver.reserve(
                event_id, failures, locale=self._people.default_locale
            )
            if reserved is None:
                return None
            if isinstance(reserved, Refused):
                if last_error is not None:  # every account tried failed: say why the last did
                    self._fail(event_id, *_explain_zoom_failure(*last_error))
                else:
                    self._fail(event_id, reserved.reason, reserved.params, reserved.advice)
                return None
            account = reserved.account
            host = MeetingHost(account_ref=account.id, user_id=account.zoom_user_id)
            request = dataclasses.replace(
                base_request,
                join_before_host=account.join_before_host,
                waiting_room=account.waiting_room,
            )
            try:
                return reserved, host, self._issuer.create(team_id, host, request)
            except ZoomError as exc:
                logger.warning(
                    "event %s: Zoom create failed on account %s: %s", event_id, account.id, exc
                )
                reason = failover_reason(exc)
                if reason is None:
                    self._fail(event_id, *_explain_zoom_failure(exc, account.name))
                    return None
                failures[account.id] = reason
                last_error = (exc, account.name)

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

    def _store_meeting(
        self,
        event_id: int,
        host: MeetingHost,
        reserved: Reserved,
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
            event.zoom_account_name = reserved.account.name
            event.meeting_options = reserved.options.to_json()
            event.meeting_id = meeting.meeting_id
            event.join_url = reserved.options.shared_url(meeting.join_url)
            event.passcode = meeting.passcode
            event.updated_at = now
            workspace = WorkspaceRepository(session).get(event.team_id)
            reader_zones = {p.user_id: p.tz for p in readers}
            rows = plan_reminders(event, reader_zones, workspace=workspace, now=now)

            ReminderRepository(session).add_all(rows)
            why = reserved.choice_line
            record_creation(session, event, account_name=reserved.account.name, why=why, now=now)
            return event_view(
                event,
                list(reader_zones),
                _card_schedule(event, workspace, now, event.reminder_specs),
                _card_schedule(event, workspace, now, event.channel_reminder_specs),
            )

    def _post_card(self, view: EventView) -> str | None:
        """Post the card; returns its ts (None: not posted, the organizer was told)."""
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
            return None
        card_ts = str(response["ts"])
        with self._db.transaction() as session:
            event = EventRepository(session).get_by_id(view.id)
            if event is not None:
                event.card_ts = card_ts
        return card_ts

    def _post_choice_note(self, view: EventView, card_ts: str, line: str) -> None:
        """Why this account: in the card's thread, for the automatic choice or a failover."""
        text = t(self._people.default_locale, "choice.note", line=line)
        try:
            self._slack.chat_postMessage(
                channel=view.channel_id, thread_ts=card_ts, text=text, unfurl_links=False
            )
        except SlackApiError as exc:
            logger.warning(
                "event %s: account note not posted: %s", view.id, exc.response.get("error")
            )

    def _fail(self, event_id: int, reason: str, params: dict[str, object], advice: str) -> None:
        """Mark the event failed (which ends its account reservation) and tell the organizer.
        A callable in `params` is rendered in the organizer's language."""
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
                reason=t(loc, reason, **_localized(params, loc)),
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
        signups_open=draft.signups_open,
        capacity=draft.capacity,
        url_on_signup=draft.url_on_signup,
        requested_account=draft.requested_account,
        status=EventStatus.CREATING,
        version=1,
        created_at=now,
        updated_at=now,
    )


def _localized(params: dict[str, object], locale: Locale) -> dict[str, object]:
    return {k: v(locale) if callable(v) else v for k, v in params.items()}


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
