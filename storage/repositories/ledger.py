from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from storage.models import Event, EventStatus, Reminder, ReminderKind


class LedgerRepository:
    """Read side of reminders: what happened to each one, for people to see."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def for_event(self, event_id: int) -> Sequence[Reminder]:
        """Invitations first, then reminders by due time, then recipient."""
        invitations_first = case((Reminder.kind == ReminderKind.INVITATION, 0), else_=1)
        query = (
            select(Reminder)
            .where(Reminder.event_id == event_id)
            .order_by(invitations_first, Reminder.due_at, Reminder.spec, Reminder.id)
        )
        return self._session.scalars(query).all()

    def upcoming(
        self, team_id: str, now: datetime, limit: int
    ) -> list[tuple[Event, dict[str, int]]]:
        """The next scheduled events and how many of their reminders are in each status."""
        events = self._session.scalars(
            select(Event)
            .where(
                Event.team_id == team_id,
                Event.status == EventStatus.SCHEDULED,
                Event.starts_at >= now,
            )
            .order_by(Event.starts_at, Event.id)
            .limit(limit)
        ).all()
        counts: dict[int, dict[str, int]] = {e.id: {} for e in events}
        if events:
            rows = self._session.execute(
                select(Reminder.event_id, Reminder.status, func.count())
                .where(Reminder.event_id.in_(counts))
                .group_by(Reminder.event_id, Reminder.status)
            )
            for event_id, status, count in rows:
                counts[event_id][status] = count
        return [(e, counts[e.id]) for e in events]
