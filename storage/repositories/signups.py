"""Sign-ups from the card: the event row held while seats are counted, the sign-up rows, and
one reader's reminders (skipped when they leave, replaced when they come back).

Holding the event row makes "count, then take a seat" atomic: PostgreSQL `SELECT … FOR
UPDATE` (a cancel or an edit, which take the same lock, wait too); SQLite a no-op write as
the transaction's first statement, which takes the database's write lock, so what is read
afterwards is what the previous writer committed.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session, selectinload

from storage.models import (
    Event,
    EventParticipant,
    ParticipantSource,
    Reminder,
    ReminderStatus,
)
from storage.repositories.event_locks import hold_posts


class SignupRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def lock_event(self, team_id: str, event_id: int) -> Event | None:
        """The event with its participants, held until the transaction ends."""
        query = (
            select(Event)
            .where(Event.team_id == team_id, Event.id == event_id)
            .options(selectinload(Event.participants))
        )
        hold_posts(self._session, event_id)  # a leaver's post under way ends first
        if self._session.get_bind().dialect.name == "postgresql":
            return self._session.scalars(query.with_for_update(of=Event)).one_or_none()
        self._session.execute(
            update(Event)
            .where(Event.team_id == team_id, Event.id == event_id)
            .values(id=Event.id)
            .execution_options(synchronize_session=False)
        )
        return self._session.scalars(query).one_or_none()

    def add(self, event: Event, user_id: str, *, now: datetime) -> EventParticipant:
        participant = EventParticipant(
            team_id=event.team_id,
            event_id=event.id,
            user_id=user_id,
            source=ParticipantSource.SIGNED_UP,
            joined_at=now,
        )
        event.participants.append(participant)
        self._session.flush()
        return participant

    def remove(self, event: Event, participant: EventParticipant) -> None:
        event.participants.remove(participant)  # delete-orphan
        self._session.flush()

    def reminders_of(self, event_id: int, recipient_id: str) -> Sequence[Reminder]:
        query = select(Reminder).where(
            Reminder.event_id == event_id, Reminder.recipient_id == recipient_id
        )
        return self._session.scalars(query.order_by(Reminder.id)).all()

    def drop_skipped(self, event_id: int, recipient_id: str, reason: str) -> None:
        """Forget the reader's reminders skipped for `reason` (they come back: new ones are
        planned in their place)."""
        self._session.execute(
            delete(Reminder)
            .where(
                Reminder.event_id == event_id,
                Reminder.recipient_id == recipient_id,
                Reminder.status == ReminderStatus.SKIPPED,
                Reminder.skip_reason == reason,
            )
            .execution_options(synchronize_session=False)
        )

    def skip_pending_of(
        self, event_id: int, recipient_id: str, reason: str, *, now: datetime
    ) -> int:
        """Skip the reader's pending reminders that no dispatcher is sending right now (one
        being sent is finished by its sender, which finds them no longer a participant)."""
        result = self._session.execute(
            update(Reminder)
            .where(
                Reminder.event_id == event_id,
                Reminder.recipient_id == recipient_id,
                Reminder.status == ReminderStatus.PENDING,
                or_(
                    Reminder.locked_by.is_(None),
                    Reminder.locked_until.is_(None),
                    Reminder.locked_until <= now,
                ),
            )
            .values(
                status=ReminderStatus.SKIPPED,
                skip_reason=reason,
                locked_by=None,
                locked_until=None,
            )
            .execution_options(synchronize_session=False)
        )
        return int(getattr(result, "rowcount", 0) or 0)
