from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from storage.models import MAX_DURATION_MINUTES, Event, EventParticipant, EventStatus
from storage.repositories.event_locks import hold_posts


class EventRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, event: Event, participant_ids: list[str]) -> Event:
        self._session.add(event)
        self._session.flush()
        for user_id in dict.fromkeys(participant_ids):
            self._session.add(
                EventParticipant(team_id=event.team_id, event_id=event.id, user_id=user_id)
            )
        self._session.flush()
        return event

    def get(self, team_id: str, event_id: int) -> Event | None:
        query = (
            select(Event)
            .where(Event.team_id == team_id, Event.id == event_id)
            .options(selectinload(Event.participants))
        )
        return self._session.scalars(query).one_or_none()

    def get_by_id(self, event_id: int) -> Event | None:
        query = select(Event).where(Event.id == event_id).options(selectinload(Event.participants))
        return self._session.scalars(query).one_or_none()

    def get_many(self, event_ids: Iterable[int]) -> list[Event]:
        """The events with these ids (with their participants) in two queries."""
        query = (
            select(Event)
            .where(Event.id.in_(set(event_ids)))
            .options(selectinload(Event.participants))
        )
        return list(self._session.scalars(query).all())

    def get_by_submission(self, team_id: str, submission_key: str) -> Event | None:
        query = select(Event).where(
            Event.team_id == team_id, Event.submission_key == submission_key
        )
        return self._session.scalars(query).one_or_none()

    def scheduled_with_meeting(self, meeting_id: str) -> list[Event]:
        """Scheduled events whose Zoom meeting this is, locked until the transaction ends
        (PostgreSQL), so two deliveries of one Zoom webhook apply it once."""
        ids = select(Event.id).where(
            Event.meeting_id == meeting_id, Event.status == EventStatus.SCHEDULED
        )
        for event_id in self._session.scalars(ids.order_by(Event.id)).all():
            hold_posts(self._session, event_id)  # posts under way end before a deletion
        query = (
            select(Event)
            .where(Event.meeting_id == meeting_id, Event.status == EventStatus.SCHEDULED)
            .order_by(Event.id)
            .options(selectinload(Event.participants))
            .with_for_update(of=Event)
        )
        return list(self._session.scalars(query).all())

    def abandoned_creations(self, created_before: datetime) -> list[int]:
        """Events still `creating` long after submission: their worker died mid-way."""
        query = select(Event.id).where(
            Event.status == EventStatus.CREATING, Event.created_at < created_before
        )
        return list(self._session.scalars(query).all())

    def scheduled_ids_for_account(self, account_id: int, *, since: datetime) -> list[int]:
        """Scheduled events hosted by this Zoom account that start at or after `since`
        (or are under way: they end after it)."""
        query = select(Event.id, Event.starts_at, Event.duration_minutes).where(
            Event.zoom_account_id == account_id,
            Event.status == EventStatus.SCHEDULED,
            Event.starts_at >= since - timedelta(minutes=MAX_DURATION_MINUTES),
        )
        return [
            event_id
            for event_id, starts_at, minutes in self._session.execute(query)
            if starts_at + timedelta(minutes=minutes) > since
        ]
