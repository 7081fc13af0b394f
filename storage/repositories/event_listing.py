"""Finding events to show: a person's upcoming ones (as organizer or participant), a
channel's, or the whole workspace's, ordered by start and read a page at a time.

"Upcoming" means scheduled and not over yet: an event under way is listed first (its join
URL is what people look for then), then those still to start.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, Select, func, or_, select
from sqlalchemy.orm import Session, selectinload

from storage.models import MAX_DURATION_MINUTES, Event, EventParticipant, EventStatus


@dataclass(frozen=True)
class Who:
    """Whose events: a person's (organizer or participant), a channel's, or both (either
    matches). Neither: the whole workspace."""

    user_id: str | None = None
    channel_id: str | None = None


@dataclass(frozen=True)
class EventPage:
    events: Sequence[Event]  # participants loaded
    total: int  # upcoming events matching, over all pages


class EventListing:
    def __init__(self, session: Session) -> None:
        self._session = session

    def upcoming(
        self, team_id: str, now: datetime, who: Who, *, offset: int, limit: int
    ) -> EventPage:
        """Events not over at `now`, by start (then id); `offset`/`limit` over that order."""
        base = self._matching(team_id, who)
        # Under way: started less than the longest duration ago and not ended (few rows).
        under_way = [
            event
            for event in self._session.scalars(
                base.where(
                    Event.starts_at < now,
                    Event.starts_at >= now - timedelta(minutes=MAX_DURATION_MINUTES),
                ).order_by(Event.starts_at, Event.id)
            )
            if event.starts_at + timedelta(minutes=event.duration_minutes) > now
        ]
        future = base.where(Event.starts_at >= now)
        future_count = self._session.scalar(
            select(func.count()).select_from(future.with_only_columns(Event.id).subquery())
        )
        page: list[Event] = under_way[offset : offset + limit]
        if len(page) < limit:
            rest = (
                future.order_by(Event.starts_at, Event.id)
                .offset(max(0, offset - len(under_way)))
                .limit(limit - len(page))
            )
            page += list(self._session.scalars(rest))
        return EventPage(events=page, total=len(under_way) + int(future_count or 0))

    def by_card(self, team_id: str, channel_id: str, card_ts: str) -> Event | None:
        """The event whose card is this message (a permalink names channel and ts)."""
        query = (
            select(Event)
            .where(
                Event.team_id == team_id,
                Event.channel_id == channel_id,
                Event.card_ts == card_ts,
            )
            .options(selectinload(Event.participants))
        )
        return self._session.scalars(query).first()

    def _matching(self, team_id: str, who: Who) -> Select[Event]:
        conditions: list[ColumnElement[bool]] = []
        if who.user_id is not None:
            taking_part = select(EventParticipant.event_id).where(
                EventParticipant.team_id == team_id, EventParticipant.user_id == who.user_id
            )
            conditions += [Event.organizer_id == who.user_id, Event.id.in_(taking_part)]
        if who.channel_id is not None:
            conditions.append(Event.channel_id == who.channel_id)
        query = (
            select(Event)
            .where(Event.team_id == team_id, Event.status == EventStatus.SCHEDULED)
            .options(selectinload(Event.participants))
        )
        return query.where(or_(*conditions)) if conditions else query
