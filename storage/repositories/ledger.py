from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import case, select
from sqlalchemy.orm import Session

from storage.models import Reminder, ReminderKind


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
