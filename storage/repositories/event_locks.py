"""Row locks and compare-and-swap on events, for changes made by people (edit, reissue,
cancel) and for the reminder dispatcher's last look before it posts.

Every change that can stop a reminder (cancel, leave, edit, Zoom deleting the meeting)
takes an exclusive lock on the event's posts (`hold_posts`) before its row; the dispatcher,
right before each post, checks the event is still scheduled under the shared form of that
lock and keeps it until the post is answered (PostgreSQL advisory locks: posts of one event
do not wait for each other and nothing is written to the row; on SQLite a no-op write, since
SQLite serialises writers and its readers block nobody). So a cancel commits either before a post starts (the post is skipped) or after it
has been answered: a post that started before the cancel committed may land, none starts
after.
"""

from __future__ import annotations

from sqlalchemy import select, text, update
from sqlalchemy.orm import Session, selectinload

from storage.models import Event, EventParticipant, EventStatus

#: First key of the PostgreSQL advisory locks that guard an event's posts (second: its id).
_POSTS_GUARD = 0x72626F74  # "rbot"


def hold_posts(session: Session, event_id: int) -> None:
    """Wait for posts of this event already under way, and keep new ones from starting,
    until the transaction ends (PostgreSQL: an exclusive advisory lock; elsewhere nothing —
    SQLite serialises writers). Every change that can stop a reminder takes it."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            text("SELECT pg_advisory_xact_lock(:guard, :event_id)"),
            {"guard": _POSTS_GUARD, "event_id": event_id},
        )


def lock_for_change(session: Session, team_id: str, event_id: int) -> Event | None:
    """The event (with its participants), locked until the transaction ends. On SQLite a
    no-op write comes first: it takes the database's write lock, so what is read next is
    not changed by anyone else before this transaction ends."""
    if session.get_bind().dialect.name != "postgresql":
        session.execute(
            update(Event)
            .where(Event.team_id == team_id, Event.id == event_id)
            .values(version=Event.version)
            .execution_options(synchronize_session=False)
        )
    hold_posts(session, event_id)
    query = (
        select(Event)
        .where(Event.team_id == team_id, Event.id == event_id)
        .options(selectinload(Event.participants))
        .with_for_update(of=Event)
    )
    return session.scalars(query).one_or_none()


def still_scheduled(session: Session, event_id: int) -> bool:
    """Whether the event is scheduled, holding a lock a cancel waits for until the
    transaction ends (see the module docstring)."""
    if session.get_bind().dialect.name == "postgresql":
        # The shared form of `hold_posts`, not `FOR SHARE`: many posts of one event hold it
        # at once without writing lock marks into the event's row (a burst stays cheap).
        session.execute(
            text("SELECT pg_advisory_xact_lock_shared(:guard, :event_id)"),
            {"guard": _POSTS_GUARD, "event_id": event_id},
        )
        status = session.scalar(select(Event.status).where(Event.id == event_id))
        return status == EventStatus.SCHEDULED
    result = session.execute(
        update(Event)
        .where(Event.id == event_id, Event.status == EventStatus.SCHEDULED)
        .values(status=Event.status)
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0) == 1)


def still_taking_part(session: Session, event_id: int, user_id: str) -> bool:
    """Whether `user_id` is still a participant (read under the lock `still_scheduled` took,
    which a sign-up's Leave or an edit's removal also waits for)."""
    query = select(EventParticipant.id).where(
        EventParticipant.event_id == event_id, EventParticipant.user_id == user_id
    )
    return session.scalar(query) is not None


def bump_version(session: Session, event_id: int, expected: int) -> bool:
    """Compare-and-swap: version `expected` → `expected + 1`; False when someone else saved
    first (or the event is no longer scheduled)."""
    result = session.execute(
        update(Event)
        .where(
            Event.id == event_id,
            Event.version == expected,
            Event.status == EventStatus.SCHEDULED,
        )
        .values(version=expected + 1)
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0) == 1)
