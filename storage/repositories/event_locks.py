"""Row locks and compare-and-swap on events, for changes made by people (edit, reissue,
cancel) and for the reminder dispatcher's last look before it posts.

Every change that can stop a reminder (cancel, leave, edit, Zoom deleting the meeting)
takes an exclusive lock on the event's posts (`hold_posts`) before its row; the dispatcher,
right before posting, reads the event's status and participants under the shared form of
that lock (`look_before_posting`) and keeps it until Slack has answered. So a change commits
either before a post starts (the post is skipped) or after it has been answered: a post
that started before a cancel committed may land, none starts after.

The lock is a PostgreSQL advisory lock (posts of one event do not wait for each other and
nothing is written to the row); on SQLite, an in-process gate (`storage.post_gates`), since
an SQLite deployment is one process and the database's own write lock, held while Slack
answers, would stall every other writer.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, text, update
from sqlalchemy.orm import Session, selectinload

from storage.models import Event, EventParticipant, EventStatus
from storage.post_gates import post_gates_for

#: First key of the PostgreSQL advisory locks that guard an event's posts (second: its id).
_POSTS_GUARD = 0x72626F74  # "rbot"


@dataclass(frozen=True)
class PostsLook:
    """What the last look before posting saw, valid while its transaction lasts."""

    scheduled: bool
    participants: frozenset[str]


def hold_posts(session: Session, event_id: int) -> None:
    """Wait for posts of this event already under way, and keep new ones from starting,
    until the transaction ends. Every change that can stop a reminder takes it."""
    _lock_posts(session, event_id, exclusive=True)


def look_before_posting(session: Session, event_id: int, *, wait: bool = True) -> PostsLook | None:
    """The event's status and participants, read under the shared form of `hold_posts`,
    which the transaction keeps until it ends (see the module docstring). With `wait`
    false: None, and nothing taken, when a change holds or waits for that lock."""
    if not _lock_posts(session, event_id, exclusive=False, wait=wait):
        return None
    status = session.scalar(select(Event.status).where(Event.id == event_id))
    participants = session.scalars(
        select(EventParticipant.user_id).where(EventParticipant.event_id == event_id)
    ).all()
    return PostsLook(status == EventStatus.SCHEDULED, frozenset(participants))


def _lock_posts(session: Session, event_id: int, *, exclusive: bool, wait: bool = True) -> bool:
    """Take the posts' lock; False only for a shared one with `wait` false that is not free
    (a change always waits)."""
    if session.get_bind().dialect.name != "postgresql":
        return post_gates_for(session).hold(session, event_id, exclusive=exclusive, wait=wait)
    # Shared: many posts of one event hold it at once, and nothing is written to the
    # event's row (unlike `FOR SHARE`), so a burst stays cheap. PostgreSQL queues a new
    # shared request behind a waiting exclusive one, so a burst cannot starve a change.
    if exclusive:
        function = "pg_advisory_xact_lock"
    elif wait:
        function = "pg_advisory_xact_lock_shared"
    else:
        function = "pg_try_advisory_xact_lock_shared"
    taken = session.scalar(
        text(f"SELECT {function}(:guard, :event_id)"),
        {"guard": _POSTS_GUARD, "event_id": event_id},
    )
    return function != "pg_try_advisory_xact_lock_shared" or bool(taken)


def lock_for_change(session: Session, team_id: str, event_id: int) -> Event | None:
    """The event (with its participants), locked until the transaction ends. On SQLite a
    no-op write follows the posts' gate: it takes the database's write lock, so what is
    read next is not changed by anyone else before this transaction ends."""
    hold_posts(session, event_id)
    if session.get_bind().dialect.name != "postgresql":
        session.execute(
            update(Event)
            .where(Event.team_id == team_id, Event.id == event_id)
            .values(version=Event.version)
            .execution_options(synchronize_session=False)
        )
    query = (
        select(Event)
        .where(Event.team_id == team_id, Event.id == event_id)
        .options(selectinload(Event.participants))
        .with_for_update(of=Event)
    )
    return session.scalars(query).one_or_none()


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
