"""Which linked Zoom account hosts which of our events when: the reservations 「自動」 and the
create modal check, and the workspace lock that makes choosing one atomic."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from storage.models import MAX_DURATION_MINUTES, Event, EventStatus, Workspace

# An event holds its account from the moment it is chosen (still `creating`) until it is
# cancelled or fails.
HOLDING = (EventStatus.CREATING, EventStatus.SCHEDULED)


@dataclass(frozen=True)
class Booking:
    event_id: int
    account_id: int
    start: datetime
    end: datetime
    meeting_id: str | None


class BookingRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def lock_team(self, team_id: str) -> None:
        """Hold the workspace row until the transaction ends, so one reservation at a time is
        decided per workspace. PostgreSQL: `SELECT … FOR UPDATE`. SQLite: a write as the
        transaction's first statement takes the database's write lock (waiting for others),
        and what is read afterwards is what the previous writer committed."""
        if self._session.get_bind().dialect.name == "postgresql":
            query = select(Workspace.team_id).where(Workspace.team_id == team_id)
            self._session.execute(query.with_for_update())
        else:
            statement = (
                update(Workspace)
                .where(Workspace.team_id == team_id)
                .values(team_id=Workspace.team_id)
            )
            self._session.execute(statement)

    def bookings(
        self, team_id: str, start: datetime, end: datetime, *, exclude_event: int | None = None
    ) -> list[Booking]:
        """Our events holding an account that overlap [start, end)."""
        query = select(
            Event.id,
            Event.zoom_account_id,
            Event.starts_at,
            Event.duration_minutes,
            Event.meeting_id,
        ).where(
            Event.team_id == team_id,
            Event.status.in_(HOLDING),
            Event.zoom_account_id.is_not(None),
            Event.starts_at < end,
            Event.starts_at >= start - timedelta(minutes=MAX_DURATION_MINUTES),
        )
        if exclude_event is not None:
            query = query.where(Event.id != exclude_event)
        found = []
        for event_id, account_id, starts_at, minutes, meeting_id in self._session.execute(query):
            ends_at = starts_at + timedelta(minutes=minutes)
            if ends_at > start and account_id is not None:
                found.append(Booking(event_id, account_id, starts_at, ends_at, meeting_id))
        return found

    def our_meetings(self, team_id: str, meeting_ids: Iterable[str]) -> set[str]:
        """Which of these Zoom meeting ids belong to our events (whatever their status)."""
        ids = list(dict.fromkeys(meeting_ids))
        if not ids:
            return set()
        query = select(Event.meeting_id).where(Event.team_id == team_id, Event.meeting_id.in_(ids))
        return {m for m in self._session.scalars(query) if m is not None}
