"""Upcoming events as a reader may page through them (`/recruit list`, the App Home)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from storage.db import Database
from storage.models import Event
from storage.repositories.event_listing import EventListing, Who

PAGE_SIZE = 10


@dataclass(frozen=True)
class ListedEvent:
    """What a list shows of one event (read inside the transaction, rendered after)."""

    id: int
    kind: str
    title: str
    starts_at: datetime
    duration_minutes: int
    channel_id: str
    organizer_id: str
    participant_ids: tuple[str, ...]
    join_url: str | None
    under_way: bool

    @classmethod
    def of(cls, event: Event, now: datetime) -> ListedEvent:
        return cls(
            id=event.id,
            kind=event.kind,
            title=event.title,
            starts_at=event.starts_at,
            duration_minutes=event.duration_minutes,
            channel_id=event.channel_id,
            organizer_id=event.organizer_id,
            participant_ids=tuple(p.user_id for p in event.participants),
            join_url=event.join_url,
            under_way=event.starts_at <= now,
        )


@dataclass(frozen=True)
class ListPage:
    events: tuple[ListedEvent, ...]
    page: int  # 1-based
    total: int
    size: int

    @property
    def has_next(self) -> bool:
        return self.page * self.size < self.total

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def first(self) -> int:
        """1-based position of the first event on this page (0 when empty)."""
        return (self.page - 1) * self.size + 1 if self.events else 0

    @property
    def last(self) -> int:
        return self.first + len(self.events) - 1 if self.events else 0


def upcoming_page(
    db: Database, team_id: str, now: datetime, who: Who, *, page: int = 1, size: int = PAGE_SIZE
) -> ListPage:
    """One page of upcoming events (a page past the end shows the last one)."""
    page = max(1, page)
    with db.transaction() as session:
        listing = EventListing(session)
        found = listing.upcoming(team_id, now, who, offset=(page - 1) * size, limit=size)
        if not found.events and found.total and page > 1:
            page = (found.total + size - 1) // size
            found = listing.upcoming(team_id, now, who, offset=(page - 1) * size, limit=size)
        events = tuple(ListedEvent.of(event, now) for event in found.events)
    return ListPage(events=events, page=page, total=found.total, size=size)
