"""「URL再発行」: the event's meeting moves to another Zoom account.

On a worker thread: the new account is chosen (by name or 「自動」, never the current one),
the meeting is created there through the issuer (failover on 429/5xx/timeouts, no duplicate,
the daily quota counted). Then, in one transaction under the workspace lock (so nobody took
the account for the slot meanwhile — if someone did, the new meeting is deleted and the next
account is tried) and the event's row lock, the event gets the new meeting, its version is
bumped and an audit row is written. Only then is the old meeting deleted, if asked (one
already gone counts as deleted; a failure is said in the thread, not fatal), the card
redrawn, a note put in its thread and each participant sent the new URL. Queued reminders
need nothing: they are rendered from the event when sent.

When no account can take it, nothing changes and the person who asked is told by DM why and
what to do. A cancelled or started event is refused.
"""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass
from datetime import datetime

from slack_sdk import WebClient

from bot.clock import Clock
from bot.messages import Locale, t
from bot.services.account_availability import AccountAvailability
from bot.services.account_choice import AccountFacts, AccountState, Choice, Slot
from bot.services.account_reservation import AUTO, Failures
from bot.services.audit import record
from bot.services.event_cards import EventCards, card_view
from bot.services.event_notices import EventNotices
from bot.services.meeting_issuer import MeetingIssuer, failover_reason
from bot.services.meeting_options import MeetingOptions
from bot.services.reissue_choice import NoAccount, choose, others, still_free
from bot.services.templates import escape
from bot.services.zoom_schedules import ZoomCalendars, ZoomSchedules
from bot.slack.account_states import why_line
from bot.slack.cards import EventView
from bot.slack.people import PeopleDirectory
from bot.slack.timefmt import slack_date
from bot.slack.zoom_notes import kind_in_sentence
from providers.base import IssuedMeeting, MeetingHost, MeetingProvider, MeetingRequest
from providers.zoom.errors import ZoomAuthError, ZoomError, ZoomRateLimited, ZoomTokenRejected
from storage.db import Database
from storage.models import AuditAction, EventStatus, ZoomAccount
from storage.repositories.bookings import BookingRepository
from storage.repositories.event_locks import hold_posts, lock_for_change
from storage.repositories.events import EventRepository
from storage.repositories.workspaces import WorkspaceRepository

logger = logging.getLogger(__name__)

STARTED_KEY = "reissue.started"
TAKEN = "taken"
MAX_ATTEMPTS = 10  # accounts tried (and accounts lost to a race) before giving up


@dataclass(frozen=True)
class Plan:
    """What the reissue needs of the event, read once before Zoom is called."""

    team_id: str
    event_id: int
    slot: Slot
    participants: frozenset[str]
    current_account: int | None
    request: MeetingRequest
    channel_id: str


@dataclass(frozen=True)
class Choices:
    """What the modal shows and its submission checks: the event and the other accounts'
    states for its slot."""

    kind: str
    title: str
    starts_at: datetime
    current_name: str
    participants: frozenset[str]
    slot: Slot
    states: list[AccountState]  # the accounts the meeting may move to


@dataclass(frozen=True)
class Reissued:
    view: EventView
    old_name: str
    new_name: str
    old_meeting_id: str | None
    old_host: MeetingHost | None
    why: str | None


class EventReissuer:
    def __init__(
        self,
        db: Database,
        availability: AccountAvailability,
        issuer: MeetingIssuer,
        provider: MeetingProvider,
        notices: EventNotices,
        cards: EventCards,
        clock: Clock,
    ) -> None:
        self._db = db
        self._availability = availability
        self._issuer = issuer
        self._provider = provider
        self._notices = notices
        self._cards = cards
        self._clock = clock

    def refusal(self, team_id: str, event_id: int) -> str | None:
        """The message key when the event can no longer be reissued (it has started)."""
        with self._db.transaction() as session:
            event = EventRepository(session).get(team_id, event_id)
            if event is None:
                return "event_change.not_found"
            if event.status != EventStatus.SCHEDULED:
                return "event_change.not_scheduled"
            return STARTED_KEY if event.starts_at <= self._clock.now() else None

    def choices(self, team_id: str, event_id: int) -> Choices | None:
        """For a Slack listener (Zoom is asked within its time budget); None: no event."""
        with self._db.transaction() as session:
            event = EventRepository(session).get(team_id, event_id)
            if event is None:
                return None
            slot = Slot.of(event.starts_at, event.duration_minutes, event.timezone)
            current = event.zoom_account_id
            facts = Choices(
                kind=event.kind,
                title=event.title,
                starts_at=event.starts_at,
                current_name=event.zoom_account_name or "—",
                participants=frozenset(p.user_id for p in event.participants),
                slot=slot,
                states=[],
            )
        states = self._availability.states(team_id, slot, exclude_event=event_id)
        return dataclasses.replace(facts, states=others(states, current))

    def reissue(
        self, team_id: str, event_id: int, *, actor_id: str, requested: str, delete_old: bool
    ) -> bool:
        """Move the meeting (see the module docstring); False: nothing changed, and the
        person who asked was told why."""
        plan = self._plan(team_id, event_id)
        if isinstance(plan, str):
            self._notices.tell(self._channel(team_id, event_id), actor_id, plan)
            return False
        failures: Failures = {}
        last_error: tuple[ZoomError, str] | None = None
        for _attempt in range(MAX_ATTEMPTS):
            asked = AUTO if failures else requested  # after a failure: failover, as on create
            zoom, picked = self._pick(plan, asked, failures)
            if isinstance(picked, NoAccount):
                self._tell_failed(plan, actor_id, picked, last_error)
                return False
            account = picked.chosen.account
            host = MeetingHost(account_ref=account.id, user_id=account.zoom_user_id)
            request = dataclasses.replace(
                plan.request,
                join_before_host=account.join_before_host,
                waiting_room=account.waiting_room,
            )
            try:
                meeting = self._issuer.create(team_id, host, request)
            except ZoomError as exc:
                logger.warning("event %s: reissue on account %s failed: %s", event_id, host, exc)
                reason = failover_reason(exc)
                if reason is None:
                    self._tell_failed(plan, actor_id, _zoom_refusal(exc, account.name), None)
                    return False
                failures[account.id] = reason
                last_error = (exc, account.name)
                continue
            stored = self._store(plan, actor_id, picked, meeting, zoom, asked, delete_old)
            if isinstance(stored, Reissued):
                done = stored
                break
            self._delete_quietly(host, meeting.meeting_id)
            if stored != TAKEN:
                self._notices.tell(plan.channel_id, actor_id, stored)
                return False
            # Someone took the account for the slot meanwhile: the next pick sees it busy.
        else:
            self._tell_failed(plan, actor_id, NoAccount("zoom.reason.unavailable"), last_error)
            return False
        problem = self._delete_old(done) if delete_old else False
        self._announce(done, actor_id, delete_old, problem)
        return True

    # ---- steps

    def _plan(self, team_id: str, event_id: int) -> Plan | str:
        refusal = self.refusal(team_id, event_id)
        if refusal is not None:
            return refusal
        with self._db.transaction() as session:
            event = EventRepository(session).get(team_id, event_id)
            assert event is not None  # checked just above; events are never removed
            return Plan(
                team_id=team_id,
                event_id=event_id,
                slot=Slot.of(event.starts_at, event.duration_minutes, event.timezone),
                participants=frozenset(p.user_id for p in event.participants),
                current_account=event.zoom_account_id,
                request=MeetingRequest(
                    topic=event.title,
                    start=event.starts_at,
                    duration_minutes=event.duration_minutes,
                    timezone=event.timezone,
                    agenda=event.note,
                ),
                channel_id=event.channel_id,
            )

    def _pick(
        self, plan: Plan, requested: str, failures: Failures
    ) -> tuple[ZoomCalendars, Choice | NoAccount]:
        with self._db.transaction() as session:
            accounts = self._availability.accounts(session, plan.team_id)
        asked = [a for a in others_facts(accounts, plan.current_account) if a.id not in failures]
        zoom = self._availability.zoom_calendars(asked, budget=None)
        with self._db.transaction() as session:
            states = self._availability.assess(
                session, plan.team_id, plan.slot, zoom, exclude_event=plan.event_id
            )
        candidates = others(states, plan.current_account)
        return zoom, choose(candidates, requested, plan.participants, failures, plan.slot)

    def _store(
        self,
        plan: Plan,
        actor_id: str,
        choice: Choice,
        meeting: IssuedMeeting,
        zoom: ZoomCalendars,
        requested: str,
        delete_old: bool,
    ) -> Reissued | str:
        """The event with its new meeting; else TAKEN (the account was taken meanwhile)
        or the message key saying why the event can no longer be reissued."""
        account = choice.chosen.account
        now = self._clock.now()
        locale = self._notices.card_locale
        why = why_line(choice, locale, plan.slot.zone) if requested == AUTO else None
        with self._db.transaction() as session:
            # The posts' lock before the workspace row, as every change takes it first (on
            # SQLite, `lock_team` writes, and no write may wait for posts under way).
            hold_posts(session, plan.event_id)
            BookingRepository(session).lock_team(plan.team_id)  # see account_reservation
            event = lock_for_change(session, plan.team_id, plan.event_id)
            if event is None or event.status != EventStatus.SCHEDULED:
                return "event_change.not_scheduled"
            if event.starts_at <= now:
                return STARTED_KEY
            states = self._availability.assess(
                session, plan.team_id, plan.slot, zoom, exclude_event=plan.event_id
            )
            if not still_free(next((s for s in states if s.account.id == account.id), None)):
                return TAKEN
            old_account_id, old_meeting_id = event.zoom_account_id, event.meeting_id
            old_name = event.zoom_account_name or "—"
            options = MeetingOptions(
                embed_passcode=account.embed_passcode,
                join_before_host=account.join_before_host,
                waiting_room=account.waiting_room,
                host_owner=account.owner_id,
            )
            event.zoom_account_id = account.id
            event.zoom_account_name = account.name
            event.meeting_id = meeting.meeting_id
            event.join_url = options.shared_url(meeting.join_url)
            event.passcode = meeting.passcode
            event.meeting_options = options.to_json()
            event.account_choice = why
            event.version += 1
            event.updated_at = now
            record(
                session,
                event,
                actor_id=actor_id,
                action=AuditAction.REISSUED,
                now=now,
                details={
                    "old_account": old_name,
                    "new_account": account.name,
                    "old_meeting_id": old_meeting_id,
                    "new_meeting_id": meeting.meeting_id,
                    "delete_old": delete_old,
                },
            )
            old_host = _host_of(
                session.get(ZoomAccount, old_account_id) if old_account_id else None
            )
            view = card_view(event, WorkspaceRepository(session).get(plan.team_id))
        logger.info("event %s reissued by %s on account %s", plan.event_id, actor_id, account.id)
        return Reissued(view, old_name, account.name, old_meeting_id, old_host, why)

    def _delete_old(self, done: Reissued) -> bool:
        """True when the old meeting could not be deleted."""
        if done.old_meeting_id is None:
            return False
        if done.old_host is None:
            return True
        try:
            self._provider.delete_meeting(done.old_host, done.old_meeting_id)  # 404: deleted
        except ZoomError as exc:
            logger.warning("old meeting %s not deleted: %s", done.old_meeting_id, exc)
            return True
        return False

    def _announce(self, done: Reissued, actor_id: str, delete_old: bool, problem: bool) -> None:
        view, notices = done.view, self._notices
        self._cards.refresh([view.id])
        locale = notices.card_locale
        note = t(
            locale,
            "reissue.thread",
            actor=actor_id,
            old=escape(done.old_name),
            new=escape(done.new_name),
        )
        if done.why:
            note += "\n" + t(locale, "choice.note", line=done.why)
        old_id = done.old_meeting_id or "—"
        if not delete_old:
            note += "\n" + t(locale, "reissue.old_kept", meeting_id=old_id)
        elif problem:
            note += "\n" + t(locale, "reissue.old_not_deleted", meeting_id=old_id)
        else:
            note += "\n" + t(locale, "reissue.old_deleted", meeting_id=old_id)
        notices.in_thread(view, note)
        for user_id in dict.fromkeys((*view.participants, view.organizer_id)):
            notices.dm(user_id, lambda person: reissue_dm(view, person.locale, person.tz, actor_id))

    def _tell_failed(
        self,
        plan: Plan,
        actor_id: str,
        why: NoAccount,
        last_error: tuple[ZoomError, str] | None,
    ) -> None:
        if last_error is not None:  # every account tried failed: say why the last one did
            why = _zoom_refusal(*last_error)
        title = plan.request.topic

        def render(locale: Locale) -> str:
            params = {k: v(locale) if callable(v) else v for k, v in why.params.items()}
            return t(
                locale,
                "reissue.failed_dm",
                title=escape(title),
                reason=t(locale, why.reason, **params),
                advice=t(locale, why.advice),
            )

        self._notices.dm(actor_id, lambda person: render(person.locale))

    def _channel(self, team_id: str, event_id: int) -> str | None:
        with self._db.transaction() as session:
            event = EventRepository(session).get(team_id, event_id)
            return event.channel_id if event is not None else None

    def _delete_quietly(self, host: MeetingHost, meeting_id: str) -> None:
        try:
            self._provider.delete_meeting(host, meeting_id)
        except ZoomError:
            logger.exception("could not delete unused Zoom meeting %s", meeting_id)


def others_facts(accounts: list[AccountFacts], current: int | None) -> list[AccountFacts]:
    return [a for a in accounts if a.id != current]


def reissue_dm(view: EventView, locale: Locale, tz: str, actor_id: str) -> str:
    """The new URL, for one reader (the passcode too when it is not in the URL)."""
    text = t(
        locale,
        "reissue.dm",
        kind=kind_in_sentence(view.kind, locale),
        title=escape(view.title),
        when=slack_date(view.starts_at, tz, locale),
        actor=actor_id,
        url=view.join_url,
    )
    options = view.meeting_options
    if view.passcode and options is not None and not options.embed_passcode:
        text += "\n" + t(locale, "reissue.dm_passcode", passcode=view.passcode)
    return text


def _host_of(account: ZoomAccount | None) -> MeetingHost | None:
    return None if account is None else MeetingHost(account.id, account.zoom_user_id)


def _zoom_refusal(exc: ZoomError, account_name: str) -> NoAccount:
    if isinstance(exc, ZoomAuthError | ZoomTokenRejected):
        return NoAccount("zoom.reason.auth", {"account": account_name})
    if isinstance(exc, ZoomRateLimited):
        return NoAccount("zoom.reason.rate_limited", {"account": account_name})
    if failover_reason(exc) is not None:
        return NoAccount("zoom.reason.unavailable", advice="reissue.advice.retry")
    return NoAccount("zoom.reason.rejected", {"detail": str(exc)}, advice="reissue.advice.retry")


def build_reissuer(
    db: Database,
    provider: MeetingProvider,
    slack: WebClient,
    people: PeopleDirectory,
    notices: EventNotices,
    clock: Clock,
) -> EventReissuer:
    availability = AccountAvailability(db, ZoomSchedules(provider, clock), clock)
    return EventReissuer(
        db,
        availability,
        MeetingIssuer(db, provider, clock),
        provider,
        notices,
        EventCards(db, slack, people),
        clock,
    )
