"""Signing up for an event from its card (「参加する」), and leaving it (「参加をやめる」).

Each runs in one transaction holding the event row (`SignupRepository.lock_event`), so two
people taking the last seat at once get exactly one seat between them, and a cancel or an
edit of the event waits for the sign-up (or the other way round). A sign-up stores the
participant, plans their reminders (the invitation with the URL first, due at once, when
the organizer asked for it) and the audit row; leaving removes the participant, skips their
pending reminders (`participant_left`) and writes the audit row. Slack is not called here.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from bot.clock import Clock
from bot.services.audit import record
from bot.services.reminder_plan import SKIP_DUE_BEFORE_CREATION, plan_for_reader
from bot.slack.people import Person
from storage.db import Database
from storage.models import (
    AuditAction,
    Event,
    EventStatus,
    ParticipantSource,
    Reminder,
    ReminderKind,
    ReminderStatus,
)
from storage.repositories.reminders import ReminderRepository
from storage.repositories.signups import SignupRepository
from storage.repositories.slack_users import SlackUserRepository
from storage.repositories.workspaces import WorkspaceRepository

SKIP_PARTICIPANT_LEFT = "participant_left"
SKIP_DUE_BEFORE_SIGNUP = "due_before_signup"


class Refusal(enum.StrEnum):
    """Why a click changed nothing (`signup.<join|leave>.<value>` says so)."""

    CANCELLED = "cancelled"
    STARTED = "started"
    CLOSED = "closed"  # join: the event takes no sign-ups
    FULL = "full"
    ALREADY_JOINED = "already_joined"
    INVITED = "invited"  # join: no need; leave: ask the organizer
    NOT_JOINED = "not_joined"


@dataclass(frozen=True)
class EventFacts:
    """What a reply to the clicker says of the event."""

    kind: str
    title: str
    organizer_id: str
    channel_id: str
    capacity: int | None

    @classmethod
    def of(cls, event: Event) -> EventFacts:
        return cls(event.kind, event.title, event.organizer_id, event.channel_id, event.capacity)


@dataclass(frozen=True)
class SignupResult:
    event: EventFacts | None  # None: no such (visible) event
    refusal: Refusal | None = None
    url_dm: bool = False  # joined, and the invitation with the URL is queued
    planned: int = 0  # pending reminders planned for the joiner (the invitation included)

    @property
    def changed(self) -> bool:
        return self.event is not None and self.refusal is None


class SignupService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    def join(self, team_id: str, event_id: int, reader: Person) -> SignupResult:
        """Sign `reader` up, if there is a seat. `reader` (from Slack, fetched before: no
        Slack call under the lock) times their reminders; unknown → the event's zone."""
        now = self._clock.now()
        with self._db.transaction() as session:
            signups = SignupRepository(session)
            event = signups.lock_event(team_id, event_id)
            if event is None or event.status in (EventStatus.CREATING, EventStatus.FAILED):
                return SignupResult(None)
            facts = EventFacts.of(event)
            refusal = _join_refusal(event, reader.user_id, now)
            if refusal is not None:
                return SignupResult(facts, refusal)
            signups.add(event, reader.user_id, now=now)
            rows = self._plan(session, event, reader, now)
            record(
                session,
                event,
                actor_id=reader.user_id,
                action=AuditAction.SIGNED_UP,
                now=now,
                details={"signed_up": _signed_up(event), "capacity": event.capacity},
            )
            pending = [r for r in rows if r.status == ReminderStatus.PENDING]
            return SignupResult(
                facts,
                url_dm=any(r.kind == ReminderKind.INVITATION for r in pending),
                planned=len(pending),
            )

    def leave(self, team_id: str, event_id: int, user_id: str) -> SignupResult:
        now = self._clock.now()
        with self._db.transaction() as session:
            signups = SignupRepository(session)
            event = signups.lock_event(team_id, event_id)
            if event is None or event.status in (EventStatus.CREATING, EventStatus.FAILED):
                return SignupResult(None)
            facts = EventFacts.of(event)
            participant = next((p for p in event.participants if p.user_id == user_id), None)
            if event.status != EventStatus.SCHEDULED:
                return SignupResult(facts, Refusal.CANCELLED)
            if now >= event.starts_at:
                return SignupResult(facts, Refusal.STARTED)
            if participant is None:
                return SignupResult(facts, Refusal.NOT_JOINED)
            if participant.source != ParticipantSource.SIGNED_UP:
                return SignupResult(facts, Refusal.INVITED)
            signups.remove(event, participant)
            skipped = signups.skip_pending_of(event.id, user_id, SKIP_PARTICIPANT_LEFT, now=now)
            record(
                session,
                event,
                actor_id=user_id,
                action=AuditAction.LEFT,
                now=now,
                details={"signed_up": _signed_up(event), "reminders_skipped": skipped},
            )
            return SignupResult(facts)

    def _plan(
        self, session: Session, event: Event, reader: Person, now: datetime
    ) -> list[Reminder]:
        """The joiner's reminders. Ones skipped when they left earlier make way for new ones;
        ones that went out then (e.g. the invitation) are not sent twice."""
        signups = SignupRepository(session)
        signups.drop_skipped(event.id, reader.user_id, SKIP_PARTICIPANT_LEFT)
        kept = {(r.kind, r.spec) for r in signups.reminders_of(event.id, reader.user_id)}
        tz = reader.tz if reader.known else event.timezone
        workspace = WorkspaceRepository(session).get(event.team_id)
        planned = plan_for_reader(
            event, reader.user_id, tz, workspace=workspace, now=now, invite=event.url_on_signup
        )
        rows = [r for r in planned if (r.kind, r.spec) not in kept]
        for row in rows:
            if row.skip_reason == SKIP_DUE_BEFORE_CREATION:
                row.skip_reason = SKIP_DUE_BEFORE_SIGNUP
        ReminderRepository(session).add_all(rows)
        if reader.known:  # the dispatcher then needs no users.info for them
            SlackUserRepository(session).save(
                [
                    {
                        "team_id": event.team_id,
                        "user_id": reader.user_id,
                        "locale": reader.locale,
                        "tz": reader.tz,
                        "name": reader.name[:200],
                        "fetched_at": now,
                    }
                ]
            )
        return rows


def _join_refusal(event: Event, user_id: str, now: datetime) -> Refusal | None:
    if event.status != EventStatus.SCHEDULED:
        return Refusal.CANCELLED
    if now >= event.starts_at:
        return Refusal.STARTED
    existing = next((p for p in event.participants if p.user_id == user_id), None)
    if existing is not None:
        signed_up = existing.source == ParticipantSource.SIGNED_UP
        return Refusal.ALREADY_JOINED if signed_up else Refusal.INVITED
    if not event.signups_open:
        return Refusal.CLOSED
    if event.capacity is not None and _signed_up(event) >= event.capacity:
        return Refusal.FULL
    return None


def _signed_up(event: Event) -> int:
    return sum(1 for p in event.participants if p.source == ParticipantSource.SIGNED_UP)
