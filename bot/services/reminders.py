"""Reminders: planned as rows when an event is scheduled, delivered by `ReminderDispatcher`.

The database is the source of truth. A dispatcher claims due rows under a lease, renders
each message for its reader at send time, sends it, and records the outcome on the row
(compare-and-swap on its own lease), so a restart or a second process neither loses nor
doubles a message. APScheduler only decides *when* `run_once` is called (`bot.scheduler`).
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.clock import Clock
from bot.services.reminder_specs import OffsetSpec
from bot.slack.cards import EventView, event_view, invitation_dm, reminder_dm
from bot.slack.people import PeopleDirectory
from storage.db import Database
from storage.models import EventStatus, Reminder, ReminderKind, ReminderStatus
from storage.repositories.events import EventRepository
from storage.repositories.reminders import ReminderRepository

logger = logging.getLogger(__name__)

SKIP_EVENT_CANCELLED = "event_cancelled"
SKIP_EVENT_STARTED = "event_started"
SKIP_NOT_PARTICIPANT = "participant_removed"

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
    skip_reasons: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class _EventSnapshot:
    status: str
    view: EventView
    participants: frozenset[str]


def default_owner() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


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
    ) -> None:
        self._db = db
        self._slack = slack
        self._people = people
        self._clock = clock
        self.owner = owner or default_owner()
        self._lease = lease
        self._batch_size = batch_size
        self._max_attempts = max_attempts
        self._retry_base = retry_base

    def run_once(self) -> DispatchReport:
        """Deliver everything due now; returns what happened."""
        report = DispatchReport()
        while True:
            batch, events = self._claim()
            if not batch:
                return report
            paused_until: datetime | None = None
            for reminder in batch:
                if paused_until is not None:
                    self._defer(reminder, paused_until, None, report, attempt=False)
                    continue
                paused_until = self._deliver(reminder, events.get(reminder.event_id), report)

    def next_due_at(self) -> datetime | None:
        with self._db.transaction() as session:
            return ReminderRepository(session).next_due_at()

    def _claim(self) -> tuple[list[Reminder], dict[int, _EventSnapshot]]:
        now = self._clock.now()
        with self._db.transaction() as session:
            batch = ReminderRepository(session).claim_due(
                now=now, owner=self.owner, lease_until=now + self._lease, limit=self._batch_size
            )
            events: dict[int, _EventSnapshot] = {}
            repo = EventRepository(session)
            for event_id in {r.event_id for r in batch}:
                event = repo.get_by_id(event_id)
                if event is not None:
                    participants = [p.user_id for p in event.participants]
                    events[event_id] = _EventSnapshot(
                        event.status, event_view(event, participants), frozenset(participants)
                    )
            return batch, events

    def _deliver(
        self, reminder: Reminder, snapshot: _EventSnapshot | None, report: DispatchReport
    ) -> datetime | None:
        """Send one reminder. Returns an instant to pause the batch until (rate limited)."""
        now = self._clock.now()
        if snapshot is None:  # the event row is gone
            self._finish(
                reminder, report, status=ReminderStatus.SKIPPED, skip_reason=SKIP_EVENT_CANCELLED
            )
            return None
        reason = self._skip_reason(reminder, snapshot, now)
        if reason is not None:
            self._finish(reminder, report, status=ReminderStatus.SKIPPED, skip_reason=reason)
            return None
        person = self._people.get(reminder.recipient_id)
        if reminder.kind == ReminderKind.INVITATION:
            message = invitation_dm(snapshot.view, person.locale, person.tz, reminder.recipient_id)
        else:
            message = reminder_dm(
                snapshot.view, person.locale, person.tz, OffsetSpec.parse(reminder.spec)
            )
        try:
            channel = self._people.dm_channel(reminder.recipient_id)
            response = self._slack.chat_postMessage(
                channel=channel,
                text=message.text,
                blocks=message.blocks,
                unfurl_links=False,
                metadata={
                    "event_type": "recruitbot_reminder",
                    "event_payload": {"reminder_id": reminder.id},
                },
            )
        except SlackApiError as exc:
            error = str(exc.response.get("error"))
            if exc.response.status_code == 429 or error == "ratelimited":
                retry_after = float(exc.response.headers.get("Retry-After", "1") or 1)
                until = now + timedelta(seconds=max(retry_after, 1.0))
                self._defer(reminder, until, None, report, attempt=False)
                return until
            if error in PERMANENT_SLACK_ERRORS:
                self._finish(reminder, report, status=ReminderStatus.FAILED, last_error=error)
                return None
            self._retry_or_fail(reminder, now, error, report)
            return None
        except (SlackClientError, OSError) as exc:
            self._retry_or_fail(reminder, now, type(exc).__name__, report)
            return None
        self._finish(
            reminder,
            report,
            status=ReminderStatus.SENT,
            sent_at=now,
            slack_channel=str(response.get("channel", channel)),
            slack_ts=str(response.get("ts")),
        )
        return None

    @staticmethod
    def _skip_reason(reminder: Reminder, snapshot: _EventSnapshot, now: datetime) -> str | None:
        if snapshot.status != EventStatus.SCHEDULED:
            return SKIP_EVENT_CANCELLED
        if now >= snapshot.view.starts_at:
            return SKIP_EVENT_STARTED
        if reminder.recipient_id not in snapshot.participants:
            return SKIP_NOT_PARTICIPANT
        return None

    def _retry_or_fail(
        self, reminder: Reminder, now: datetime, error: str, report: DispatchReport
    ) -> None:
        if reminder.attempts + 1 >= self._max_attempts:
            self._finish(
                reminder,
                report,
                status=ReminderStatus.FAILED,
                last_error=error,
                attempts=reminder.attempts + 1,
            )
            return
        backoff = self._retry_base * (2**reminder.attempts)
        self._defer(reminder, now + backoff, error, report, attempt=True)

    def _defer(
        self,
        reminder: Reminder,
        until: datetime,
        error: str | None,
        report: DispatchReport,
        *,
        attempt: bool,
    ) -> None:
        with self._db.transaction() as session:
            kept = ReminderRepository(session).retry_later(
                reminder.id, owner=self.owner, not_before=until, error=error, attempt=attempt
            )
        if kept:
            report.deferred += 1
        else:
            report.lost_leases += 1

    def _finish(self, reminder: Reminder, report: DispatchReport, **values: object) -> None:
        with self._db.transaction() as session:
            done = ReminderRepository(session).finish(reminder.id, owner=self.owner, **values)
        if not done:
            report.lost_leases += 1
            logger.error("reminder %s: lease lost before its outcome was recorded", reminder.id)
            return
        status = values["status"]
        if status == ReminderStatus.SENT:
            report.sent += 1
        elif status == ReminderStatus.SKIPPED:
            report.skipped += 1
            reason = str(values.get("skip_reason"))
            report.skip_reasons[reason] = report.skip_reasons.get(reason, 0) + 1
        else:
            report.failed += 1
