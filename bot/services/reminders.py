"""Reminders: planned as rows when an event is scheduled, delivered by `ReminderDispatcher`.

The database is the source of truth. A dispatcher claims due rows in batches under a lease,
renders each message for its reader at send time, sends it (optionally on a few threads),
and records the batch's outcomes in one transaction, each row by compare-and-swap on its own
lease, so a restart or a second process neither loses nor doubles a message. APScheduler
only decides *when* `run_once` is called (`bot.scheduler`).

Exactly once where Slack's answer is lost: every reminder is posted with message metadata
naming it (`recruitbot_reminder`, `reminder_id`). When `chat.postMessage` fails in a way
where the message may have been posted (the connection dropped or timed out), and when a
row comes back from a process whose lease ran out, the dispatcher first looks for that
message in the DM's recent history (`conversations.history`, `include_all_metadata`; scope
`im:history`) and records it as sent if it is there. A row is never sent once its lease is
about to run out (another process could claim it).

Rate limits: after an HTTP 429 the dispatcher makes no request for that (workspace, method)
before `Retry-After`, across batches and runs; rows meanwhile are deferred, not failed.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any, TypeVar

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from sqlalchemy.orm import Session

from bot.clock import Clock
from bot.services.last_looks import LastLooks
from bot.services.reminder_specs import OffsetSpec
from bot.slack.cards import (
    EventView,
    Message,
    channel_reminder,
    event_view,
    invitation_dm,
    reminder_dm,
)
from bot.slack.people import PeopleDirectory, Person
from storage.db import Database
from storage.models import EventStatus, Reminder, ReminderKind, ReminderStatus
from storage.repositories.events import EventRepository
from storage.repositories.rate_limits import RateLimitRepository
from storage.repositories.reminders import ReminderRepository
from storage.repositories.slack_users import SlackUserRepository

logger = logging.getLogger(__name__)

SKIP_EVENT_CANCELLED = "event_cancelled"
SKIP_EVENT_STARTED = "event_started"
SKIP_NOT_PARTICIPANT = "participant_removed"

#: How old a reader's stored language and zone may be before users.info is asked again.
STORED_PROFILE_MAX_AGE = timedelta(days=3)
#: `last_error` prefix of a row whose last send may have reached Slack (checked before resending).
OUTCOME_UNKNOWN = "outcome_unknown"
#: Metadata `event_type` on every reminder message (how an earlier send is recognised).
METADATA_EVENT_TYPE = "recruitbot_reminder"
#: How far before an attempt's start (or the due time) history is searched: clock skew.
HISTORY_SKEW = timedelta(minutes=5)
HISTORY_PAGES = 5
HISTORY_PAGE_SIZE = 200

T = TypeVar("T")

# Slack errors that will not go away by retrying the same message.
PERMANENT_SLACK_ERRORS = frozenset(
    {
        "user_not_found",
        "channel_not_found",
        "cannot_dm_bot",
        "user_disabled",
        "account_inactive",
        "is_archived",
        "invalid_blocks",
        "invalid_arguments",
        "msg_too_long",
    }
)


@dataclass
class DispatchReport:
    sent: int = 0
    skipped: int = 0
    failed: int = 0
    deferred: int = 0
    lost_leases: int = 0
    #: Of `sent`: found already posted (an unknown outcome or an abandoned lease), not resent.
    recovered: int = 0
    #: Of `deferred`: held back by a rate limit (no request made, or answered 429).
    rate_limited: int = 0
    skip_reasons: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class _EventSnapshot:
    status: str
    view: EventView
    participants: frozenset[str]


@dataclass(frozen=True)
class _Outcome:
    """What to write on one claimed row: finish it (`status`) or give it back (`until`)."""

    reminder_id: int
    status: str | None = None
    values: dict[str, object] = field(default_factory=dict)
    until: datetime | None = None
    error: str | None = None
    attempt: bool = False
    rate_limited: bool = False
    recovered: bool = False


class _RateLimited(Exception):
    def __init__(self, until: datetime) -> None:
        super().__init__(until.isoformat())
        self.until = until


class _Ambiguous(Exception):
    """chat.postMessage failed after the request may have reached Slack."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


def default_owner() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class RateLimits:
    """Per (workspace, method): no request before the instant Slack's `Retry-After` named."""

    def __init__(self) -> None:
        self._until: dict[tuple[str, str], datetime] = {}
        self._learnt: dict[tuple[str, str], datetime] = {}  # not yet shared with others
        self._lock = threading.Lock()

    def blocked_until(self, team_id: str, method: str, now: datetime) -> datetime | None:
        with self._lock:
            until = self._until.get((team_id, method))
        return until if until is not None and until > now else None

    def block(self, team_id: str, method: str, until: datetime, *, learnt: bool = True) -> None:
        """`learnt`: Slack told this process (to be shared); else another process did."""
        with self._lock:
            current = self._until.get((team_id, method))
            if current is None or until > current:
                self._until[(team_id, method)] = until
                if learnt:
                    self._learnt[(team_id, method)] = until

    def take_learnt(self) -> list[tuple[str, str, datetime]]:
        with self._lock:
            learnt, self._learnt = self._learnt, {}
        return [(team, method, until) for (team, method), until in learnt.items()]


class ReminderDispatcher:
    def __init__(
        self,
        db: Database,
        slack: WebClient,
        people: PeopleDirectory,
        clock: Clock,
        *,
        owner: str | None = None,
        lease: timedelta = timedelta(minutes=2),
        batch_size: int = 50,
        max_attempts: int = 5,
        retry_base: timedelta = timedelta(seconds=30),
        send_threads: int = 1,
    ) -> None:
        self._db = db
        self._slack = slack
        self._people = people
        self._clock = clock
        self.owner = owner or default_owner()
        self._lease = lease
        # Never start a send this close to the end of the lease: the row could be claimed
        # by another process while the request is in flight. The margin outlasts the HTTP
        # client's timeout, so a request started before it has ended before the lease does.
        request_timeout = timedelta(seconds=float(getattr(slack, "timeout", 10) or 10))
        self._lease_margin = min(
            max(min(timedelta(seconds=15), lease / 4), request_timeout + timedelta(seconds=5)),
            lease / 2,
        )
        self._batch_size = batch_size
        self._max_attempts = max_attempts
        self._retry_base = retry_base
        self._send_threads = max(1, send_threads)
        self.rate_limits = RateLimits()

    def run_once(self) -> DispatchReport:
        """Deliver everything due now; returns what happened."""
        report = DispatchReport()
        pool = ThreadPoolExecutor(self._send_threads) if self._send_threads > 1 else None
        try:
            while True:
                claimed_at = self._clock.now()
                batch, abandoned, events = self._claim(claimed_at)
                if not batch:
                    return report
                lease_end = claimed_at + self._lease - self._lease_margin
                # An event's rows side by side: they share one last look (`LastLooks`).
                batch.sort(key=lambda reminder: (reminder.event_id, reminder.id))
                looks = LastLooks(self._db, (reminder.event_id for reminder in batch))
                deliver = partial(
                    self._deliver_claimed,
                    events=events,
                    abandoned=abandoned,
                    lease_end=lease_end,
                    looks=looks,
                )
                try:
                    outcomes = list(pool.map(deliver, batch) if pool else map(deliver, batch))
                finally:
                    looks.close()
                self._record(outcomes, report)
        finally:
            if pool is not None:
                pool.shutdown(wait=True)

    def next_due_at(self) -> datetime | None:
        with self._db.transaction() as session:
            return ReminderRepository(session).next_due_at()

    def _claim(self, now: datetime) -> tuple[list[Reminder], set[int], dict[int, _EventSnapshot]]:
        with self._db.transaction() as session:
            batch, abandoned = ReminderRepository(session).claim_due_marked(
                now=now, owner=self.owner, lease_until=now + self._lease, limit=self._batch_size
            )
            events: dict[int, _EventSnapshot] = {}
            for event in EventRepository(session).get_many(r.event_id for r in batch):
                participants = [p.user_id for p in event.participants]
                events[event.id] = _EventSnapshot(
                    event.status, event_view(event, participants), frozenset(participants)
                )
            self._prime_readers(session, batch, now)
            for shared in RateLimitRepository(session).active(now):  # told to other processes
                self.rate_limits.block(shared.team_id, shared.method, shared.until, learnt=False)
            return batch, abandoned, events

    def _prime_readers(self, session: Session, batch: list[Reminder], now: datetime) -> None:
        """Readers stored when their event was planned need no users.info call here."""
        unknown: dict[str, set[str]] = {}
        for reminder in batch:
            if reminder.kind != ReminderKind.CHANNEL and not self._people.is_cached(
                reminder.recipient_id
            ):
                unknown.setdefault(reminder.team_id, set()).add(reminder.recipient_id)
        users = SlackUserRepository(session)
        for team_id, user_ids in unknown.items():
            for stored in users.fresh(team_id, user_ids, now - STORED_PROFILE_MAX_AGE):
                self._people.remember(
                    Person(
                        user_id=stored.user_id,
                        locale="ja" if stored.locale == "ja" else "en",
                        tz=stored.tz,
                        name=stored.name,
                    )
                )

    # ------------------------------------------------------------------ one reminder

    def _deliver_claimed(
        self,
        reminder: Reminder,
        *,
        events: dict[int, _EventSnapshot],
        abandoned: set[int],
        lease_end: datetime,
        looks: LastLooks,
    ) -> _Outcome:
        try:
            return self._deliver(
                reminder,
                events.get(reminder.event_id),
                lease_end=lease_end,
                check_first=reminder.id in abandoned,
                looks=looks,
            )
        except Exception as exc:
            # One row's surprise must not stall the batch (the others are sent and recorded).
            # Unknown whether anything was posted: the retry looks before sending again.
            logger.exception("reminder %s: unexpected failure", reminder.id)
            return self._retry_or_fail(
                reminder, self._clock.now(), f"{OUTCOME_UNKNOWN}: {type(exc).__name__}"
            )
        finally:
            looks.done(reminder.event_id)

    def _deliver(
        self,
        reminder: Reminder,
        snapshot: _EventSnapshot | None,
        *,
        lease_end: datetime,
        check_first: bool,
        looks: LastLooks,
    ) -> _Outcome:
        """Decide and (maybe) send one reminder; the outcome is written with the batch."""
        now = self._clock.now()
        if snapshot is None:  # the event row is gone
            return self._skipped(reminder, SKIP_EVENT_CANCELLED)
        reason = self._skip_reason(reminder, snapshot, now)
        if reason is not None:
            return self._skipped(reminder, reason)
        if now >= lease_end:  # too late in the lease to send safely: give it back
            return _Outcome(reminder.id, until=now)
        unknown = _outcome_unknown(reminder.last_error)
        in_channel = reminder.kind == ReminderKind.CHANNEL
        try:
            if in_channel:
                channel = reminder.recipient_id
            elif check_first or unknown:
                channel = self._open_dm(reminder)  # looking for an earlier send needs the DM
            else:
                # Posting to the user id reaches their DM with the app without a
                # conversations.open per recipient (Tier 3: ~50 a minute would throttle a
                # large event's burst); the DM channel is learnt from the answer.
                channel = self._people.known_dm_channel(reminder.recipient_id) or (
                    reminder.recipient_id
                )
            # DMs are looked up before a resend; channel posts cannot be (that would need
            # channels:history), so a dropped connection there may, rarely, post twice.
            if (check_first or unknown) and not in_channel:
                since = reminder.due_at - HISTORY_SKEW
                found = self._earlier_send(reminder, channel, since)
                if found is not None:
                    return self._recovered(reminder, channel, found)
            message = self._render(reminder, snapshot)
            started = self._clock.now()
            if started >= lease_end:  # the look-ups took long: too late to post safely
                return _Outcome(reminder.id, until=started)
            # The last look, under a lock a cancel waits for until Slack has answered
            # (`bot.services.last_looks`): no post starts after a cancel commits.
            with looks.holding(reminder.event_id) as look:
                if not look.scheduled:
                    return self._skipped(reminder, SKIP_EVENT_CANCELLED)
                if not in_channel and reminder.recipient_id not in look.participants:
                    return self._skipped(reminder, SKIP_NOT_PARTICIPANT)
                looked = self._clock.now()
                if looked >= lease_end:  # waited for the look (behind a change): too late now
                    return _Outcome(reminder.id, until=looked)
                try:
                    response = self._call(
                        reminder.team_id,
                        "chat.postMessage",
                        lambda: self._slack.chat_postMessage(
                            channel=channel,
                            text=message.text,
                            blocks=message.blocks,
                            unfurl_links=False,
                            thread_ts=_thread_of(reminder, snapshot.view),
                            metadata={
                                "event_type": METADATA_EVENT_TYPE,
                                "event_payload": {"reminder_id": reminder.id},
                            },
                        ),
                    )
                except (SlackClientError, OSError) as exc:
                    if isinstance(exc, SlackApiError):
                        raise
                    # The request may have reached Slack: look before anything is sent again.
                    raise _Ambiguous(type(exc).__name__) from exc
            if not in_channel and response.get("channel"):
                self._people.remember_dm_channel(reminder.recipient_id, str(response["channel"]))
            return _Outcome(
                reminder.id,
                status=ReminderStatus.SENT,
                values={
                    "sent_at": started,
                    "slack_channel": str(response.get("channel", channel)),
                    "slack_ts": str(response.get("ts")),
                    "last_error": None,
                },
            )
        except _RateLimited as limited:
            return _Outcome(reminder.id, until=limited.until, rate_limited=True)
        except _Ambiguous as ambiguous:
            return self._after_ambiguous(reminder, channel, started, ambiguous.detail)
        except SlackApiError as exc:
            error = str(exc.response.get("error"))
            if error in PERMANENT_SLACK_ERRORS:
                return _Outcome(
                    reminder.id,
                    status=ReminderStatus.FAILED,
                    values={"last_error": _keep_marker(unknown, error)},
                )
            return self._retry_or_fail(reminder, now, _keep_marker(unknown, error))
        except (SlackClientError, OSError) as exc:
            # Nothing was posted in this attempt (only reads failed); an earlier unknown
            # outcome stays recorded so the next attempt still looks first.
            return self._retry_or_fail(reminder, now, _keep_marker(unknown, type(exc).__name__))

    def _after_ambiguous(
        self, reminder: Reminder, channel: str, started: datetime, detail: str
    ) -> _Outcome:
        """chat.postMessage may have posted: look at once; if not found, retry later, looking
        first then too (the marker in `last_error`)."""
        marker = f"{OUTCOME_UNKNOWN}: {detail}"
        try:
            if channel == reminder.recipient_id and reminder.kind != ReminderKind.CHANNEL:
                channel = self._open_dm(reminder)  # posted to the user id: find the DM
            found = self._earlier_send(reminder, channel, started - HISTORY_SKEW)
        except _RateLimited as limited:
            return _Outcome(reminder.id, until=limited.until, error=marker, rate_limited=True)
        except (SlackClientError, OSError):
            found = None
        if found is not None:
            return self._recovered(reminder, channel, found)
        return self._retry_or_fail(reminder, self._clock.now(), marker)

    def _open_dm(self, reminder: Reminder) -> str:
        return self._call(
            reminder.team_id,
            "conversations.open",
            lambda: self._people.dm_channel(reminder.recipient_id),
        )

    def _earlier_send(self, reminder: Reminder, channel: str, since: datetime) -> str | None:
        """The `ts` of a message in `channel` since `since` whose metadata names `reminder`."""
        cursor: str | None = None
        for _ in range(HISTORY_PAGES):
            arguments: dict[str, Any] = {
                "channel": channel,
                "oldest": f"{since.timestamp():.6f}",
                "include_all_metadata": True,
                "limit": HISTORY_PAGE_SIZE,
            }
            if cursor:
                arguments["cursor"] = cursor
            page = self._call(
                reminder.team_id,
                "conversations.history",
                partial(self._slack.conversations_history, **arguments),
            )
            for message in page.get("messages") or []:
                metadata = message.get("metadata") or {}
                payload = metadata.get("event_payload") or {}
                if metadata.get("event_type") == METADATA_EVENT_TYPE and str(
                    payload.get("reminder_id")
                ) == str(reminder.id):
                    return str(message.get("ts"))
            cursor = (page.get("response_metadata") or {}).get("next_cursor")
            if not page.get("has_more") or not cursor:
                return None
        logger.warning(
            "reminder %s: history longer than searched; treating as not sent", reminder.id
        )
        return None

    def _call(self, team_id: str, method: str, call: Callable[[], T]) -> T:
        """One Slack call under the (workspace, method) rate limit."""
        now = self._clock.now()
        until = self.rate_limits.blocked_until(team_id, method, now)
        if until is not None:
            raise _RateLimited(until)
        try:
            return call()
        except SlackApiError as exc:
            if exc.response.status_code == 429 or exc.response.get("error") == "ratelimited":
                retry_after = _retry_after_seconds(exc.response.headers)
                until = self._clock.now() + timedelta(seconds=retry_after)
                self.rate_limits.block(team_id, method, until)
                logger.info("%s rate limited for %s until %s", method, team_id, until)
                raise _RateLimited(until) from exc
            raise

    def _render(self, reminder: Reminder, snapshot: _EventSnapshot) -> Message:
        if reminder.kind == ReminderKind.CHANNEL:
            spec = OffsetSpec.parse(reminder.spec)
            return channel_reminder(snapshot.view, self._people.default_locale, spec)
        person = self._call(
            reminder.team_id,
            "users.info",
            lambda: self._people.get(reminder.recipient_id, strict=True),
        )
        if reminder.kind == ReminderKind.INVITATION:
            return invitation_dm(snapshot.view, person.locale, person.tz, reminder.recipient_id)
        return reminder_dm(
            snapshot.view,
            person.locale,
            person.tz,
            OffsetSpec.parse(reminder.spec),
            reader_name=person.name,
        )

    @staticmethod
    def _skip_reason(reminder: Reminder, snapshot: _EventSnapshot, now: datetime) -> str | None:
        if snapshot.status != EventStatus.SCHEDULED:
            return SKIP_EVENT_CANCELLED
        if now >= snapshot.view.starts_at:
            return SKIP_EVENT_STARTED
        if reminder.kind != ReminderKind.CHANNEL and (
            reminder.recipient_id not in snapshot.participants
        ):
            return SKIP_NOT_PARTICIPANT
        return None

    @staticmethod
    def _skipped(reminder: Reminder, reason: str) -> _Outcome:
        return _Outcome(reminder.id, status=ReminderStatus.SKIPPED, values={"skip_reason": reason})

    def _recovered(self, reminder: Reminder, channel: str, ts: str) -> _Outcome:
        logger.info("reminder %s was already posted (%s); recorded, not resent", reminder.id, ts)
        return _Outcome(
            reminder.id,
            status=ReminderStatus.SENT,
            values={
                "sent_at": _ts_instant(ts) or self._clock.now(),
                "slack_channel": channel,
                "slack_ts": ts,
            },
            recovered=True,
        )

    def _retry_or_fail(self, reminder: Reminder, now: datetime, error: str) -> _Outcome:
        if reminder.attempts + 1 >= self._max_attempts:
            return _Outcome(
                reminder.id,
                status=ReminderStatus.FAILED,
                values={"last_error": error, "attempts": reminder.attempts + 1},
            )
        backoff = self._retry_base * (2**reminder.attempts)
        return _Outcome(reminder.id, until=now + backoff, error=error, attempt=True)

    # ------------------------------------------------------------------ recording

    def _record(self, outcomes: list[_Outcome], report: DispatchReport) -> None:
        """Write a batch's outcomes in one transaction, each row CAS on this owner's lease."""
        with self._db.transaction() as session:
            RateLimitRepository(session).block(self.rate_limits.take_learnt())
            repo = ReminderRepository(session)
            finished = repo.finish_many(
                self.owner,
                [
                    (o.reminder_id, {"status": o.status, **o.values})
                    for o in outcomes
                    if o.status is not None
                ],
            )
            kept = [
                outcome.reminder_id in finished
                if outcome.status is not None
                else repo.retry_later(
                    outcome.reminder_id,
                    owner=self.owner,
                    not_before=outcome.until or self._clock.now(),
                    error=outcome.error,
                    attempt=outcome.attempt,
                )
                for outcome in outcomes
            ]
        for outcome, done in zip(outcomes, kept, strict=True):
            if not done:
                report.lost_leases += 1
                logger.error(
                    "reminder %s: lease lost before its outcome was recorded", outcome.reminder_id
                )
            elif outcome.status is None:
                report.deferred += 1
                report.rate_limited += outcome.rate_limited
            elif outcome.status == ReminderStatus.SENT:
                report.sent += 1
                report.recovered += outcome.recovered
            elif outcome.status == ReminderStatus.SKIPPED:
                report.skipped += 1
                reason = str(outcome.values.get("skip_reason"))
                report.skip_reasons[reason] = report.skip_reasons.get(reason, 0) + 1
            else:
                report.failed += 1


def _outcome_unknown(last_error: str | None) -> bool:
    return bool(last_error and last_error.startswith(OUTCOME_UNKNOWN))


def _keep_marker(unknown: bool, error: str) -> str:
    """An error to record; keeps saying "outcome unknown" while an earlier send may exist."""
    return f"{OUTCOME_UNKNOWN}: {error}" if unknown else error


def _retry_after_seconds(headers: Any) -> float:
    raw = None
    if headers is not None:
        raw = headers.get("Retry-After") or headers.get("retry-after")
    try:
        seconds = float(raw) if raw is not None else 1.0
    except (TypeError, ValueError):
        seconds = 1.0
    return max(seconds, 1.0)


def _ts_instant(ts: str) -> datetime | None:
    try:
        return datetime.fromtimestamp(float(ts), UTC)
    except (TypeError, ValueError, OverflowError):
        return None


def _thread_of(reminder: Reminder, view: EventView) -> str | None:
    """Channel reminders go in the card's thread when the organizer chose so (and the card
    was posted); DMs are never threaded."""
    if reminder.kind == ReminderKind.CHANNEL and view.channel_reminders_in_thread:
        return view.card_ts
    return None
