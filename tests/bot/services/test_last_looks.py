"""bot.services.last_looks: one last look per event per batch, renewed after `max_hold`,
ended when the event's rows are done; and a change waits only for posts under way. On
SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import event as sa_event
from sqlalchemy import update

from bot.services.last_looks import LastLooks
from storage.db import Database, make_engine
from storage.migrate import upgrade
from storage.models import Event, EventKind, EventParticipant, EventStatus, Workspace
from storage.repositories.event_locks import hold_posts, lock_for_change
from tests.storage.lock_waits import wait_for_posts_waiter

NOW = datetime(2026, 11, 23, 0, 0, tzinfo=UTC)
TEAM = "T0LOOKS"


@pytest.fixture
def db(database_url: str) -> Iterator[Database]:
    database = Database(make_engine(database_url))
    upgrade(database.engine)
    with database.transaction() as session:
        session.add(Workspace(team_id=TEAM, created_at=NOW))
    yield database
    database.dispose()


def add_event(db: Database, participants: list[str]) -> int:
    with db.transaction() as session:
        event = Event(
            team_id=TEAM,
            submission_key=f"looks:{len(participants)}:{id(participants)}",
            kind=EventKind.INFO_SESSION,
            title="説明会",
            starts_at=NOW + timedelta(days=1),
            duration_minutes=60,
            timezone="Asia/Tokyo",
            channel_id="C0LOOKS",
            organizer_id="U0RECRUITER",
            requested_account="auto",
            status=EventStatus.SCHEDULED,
            created_at=NOW,
            updated_at=NOW,
        )
        session.add(event)
        session.flush()
        for user in participants:
            session.add(EventParticipant(team_id=TEAM, event_id=event.id, user_id=user))
        return event.id


class LookCounter:
    """Counts the last looks taken (each reads the event's status once)."""

    def __init__(self, db: Database) -> None:
        self.count = 0
        self._engine = db.engine
        sa_event.listen(self._engine, "before_cursor_execute", self._watch)

    def _watch(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if " ".join(statement.split()).startswith("SELECT events.status"):
            self.count += 1

    def stop(self) -> None:
        sa_event.remove(self._engine, "before_cursor_execute", self._watch)


class FakeMonotonic:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def cancel(db: Database, event_id: int) -> threading.Thread:
    """A cancel in another thread, as a recruiter's click would run it."""

    def run() -> None:
        with db.transaction() as session:
            assert lock_for_change(session, TEAM, event_id) is not None
            session.execute(
                update(Event).where(Event.id == event_id).values(status=EventStatus.CANCELLED)
            )

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_the_posts_of_one_event_share_one_look(db: Database) -> None:
    first = add_event(db, ["U1", "U2", "U3"])
    second = add_event(db, ["U4"])
    counter = LookCounter(db)
    looks = LastLooks(db, [first, first, first, second])
    try:
        for event_id, user in [(first, "U1"), (first, "U2"), (first, "U3"), (second, "U4")]:
            with looks.holding(event_id) as look:
                assert look.scheduled
                assert user in look.participants
            looks.done(event_id)
    finally:
        looks.close()
        counter.stop()
    assert counter.count == 2


def test_a_look_sees_who_takes_part(db: Database) -> None:
    event_id = add_event(db, ["U1", "U2"])
    looks = LastLooks(db, [event_id])
    try:
        with looks.holding(event_id) as look:
            assert look.participants == frozenset({"U1", "U2"})
    finally:
        looks.close()


def test_a_cancel_waits_for_the_post_under_way_and_later_posts_see_it(db: Database) -> None:
    event_id = add_event(db, ["U1", "U2"])
    monotonic = FakeMonotonic()
    looks = LastLooks(db, [event_id, event_id], max_hold=1.0, monotonic=monotonic)
    try:
        with looks.holding(event_id) as look:
            assert look.scheduled
            cancelling = cancel(db, event_id)
            assert wait_for_posts_waiter(db.engine, event_id), "the cancel did not wait"
            assert cancelling.is_alive()
        looks.done(event_id)
        monotonic.now += 1.0  # the look is kept for the event's next post, for max_hold
        with looks.holding(event_id) as look:  # then the next post looks again
            assert not look.scheduled
        looks.done(event_id)
        cancelling.join(10)
        assert not cancelling.is_alive()
    finally:
        looks.close()


def test_an_idle_stale_look_ends_when_any_other_row_moves_on(db: Database) -> None:
    busy = add_event(db, ["U1", "U2"])
    other = add_event(db, ["U3", "U4"])
    monotonic = FakeMonotonic()
    looks = LastLooks(db, [busy, busy, other, other], max_hold=1.0, monotonic=monotonic)
    try:
        with looks.holding(busy):
            pass
        looks.done(busy)  # one row of `busy` is still to come (say, a slow users.info)
        cancelling = cancel(db, busy)
        assert wait_for_posts_waiter(db.engine, busy)
        monotonic.now += 1.0
        looks.done(other)  # another event's row: the stale look of `busy` ends with it
        cancelling.join(10)
        assert not cancelling.is_alive(), "a stale look kept the cancel waiting"
    finally:
        looks.close()


def test_a_look_is_renewed_after_max_hold(db: Database) -> None:
    event_id = add_event(db, ["U1", "U2", "U3"])
    monotonic = FakeMonotonic()
    counter = LookCounter(db)
    looks = LastLooks(db, [event_id] * 3, max_hold=1.0, monotonic=monotonic)
    try:
        for _ in range(3):
            with looks.holding(event_id):
                pass
            looks.done(event_id)
            monotonic.now += 0.6
    finally:
        looks.close()
        counter.stop()
    assert counter.count == 2  # at 0.0 and at 1.2


def test_a_stale_look_ends_while_the_rest_of_its_event_waits(db: Database) -> None:
    """A guard past `max_hold` is not kept open between posts: a cancel goes in between."""
    event_id = add_event(db, ["U1", "U2"])
    monotonic = FakeMonotonic()
    looks = LastLooks(db, [event_id, event_id], max_hold=1.0, monotonic=monotonic)
    try:
        with looks.holding(event_id):
            monotonic.now += 1.5
        looks.done(event_id)
        cancelling = cancel(db, event_id)  # one row of the event is still to come
        cancelling.join(10)
        assert not cancelling.is_alive(), "a stale look kept the cancel waiting"
        with looks.holding(event_id) as look:
            assert not look.scheduled
        looks.done(event_id)
    finally:
        looks.close()


def test_a_renewal_does_not_deadlock_with_a_waiting_cancel(db: Database) -> None:
    """Thread A posts under a stale guard; a cancel waits for it; thread B renews the guard
    (and so queues behind the cancel). A's answer ends the old guard, the cancel commits,
    and B sees it."""
    event_id = add_event(db, ["U1", "U2"])
    monotonic = FakeMonotonic()
    looks = LastLooks(db, [event_id, event_id], max_hold=1.0, monotonic=monotonic)
    seen: list[bool] = []
    a_posting = threading.Event()
    a_answer = threading.Event()

    def post_a() -> None:
        with looks.holding(event_id):
            a_posting.set()
            a_answer.wait(10)
        looks.done(event_id)

    def post_b() -> None:
        with looks.holding(event_id) as look:
            seen.append(look.scheduled)
        looks.done(event_id)

    a = threading.Thread(target=post_a)
    a.start()
    try:
        assert a_posting.wait(10)
        monotonic.now += 2.0
        cancelling = cancel(db, event_id)
        assert wait_for_posts_waiter(db.engine, event_id)
        b = threading.Thread(target=post_b)
        b.start()
        a_answer.set()
        for thread in (a, cancelling, b):
            thread.join(10)
            assert not thread.is_alive()
    finally:
        a_answer.set()
        looks.close()
    assert seen == [False]


def test_every_look_ends_with_the_batch(db: Database) -> None:
    event_id = add_event(db, ["U1"])
    looks = LastLooks(db, [event_id, event_id])
    with looks.holding(event_id):
        pass
    looks.close()  # one row never reached `done` (the batch ended on an error)
    cancelling = cancel(db, event_id)
    cancelling.join(10)
    assert not cancelling.is_alive()


def test_a_change_holding_one_event_and_waiting_for_another_does_not_hang_the_batch(
    db: Database,
) -> None:
    """A change may lock two events' posts (a Zoom meeting shared by two events). It holds
    `first` and waits for `second`, whose look this batch keeps between posts; a post of
    `first` then waits for the change. The batch lets go of its idle look, so both move."""
    first = add_event(db, ["U1"])
    second = add_event(db, ["U2", "U3"])
    looks = LastLooks(db, [first, second, second])
    holds_first = threading.Event()

    def change_both() -> None:
        with db.transaction() as session:
            hold_posts(session, first)
            holds_first.set()
            hold_posts(session, second)
            session.execute(
                update(Event)
                .where(Event.id.in_([first, second]))
                .values(status=EventStatus.CANCELLED)
            )

    seen: list[bool] = []

    def post_first() -> None:
        with looks.holding(first) as look:
            seen.append(look.scheduled)
        looks.done(first)

    try:
        with looks.holding(second):
            pass
        looks.done(second)  # one row of `second` is still to come: its look is kept
        changing = threading.Thread(target=change_both)
        changing.start()
        assert holds_first.wait(10)
        assert wait_for_posts_waiter(db.engine, second)
        posting = threading.Thread(target=post_first)
        posting.start()
        for thread in (changing, posting):
            thread.join(10)
            assert not thread.is_alive(), "the change and the batch wait for each other"
        with looks.holding(second) as look:
            assert not look.scheduled
        looks.done(second)
    finally:
        looks.close()
    assert seen == [False]


def test_an_idle_look_ends_after_max_hold_even_when_no_row_moves(db: Database) -> None:
    """Say every send thread is in a slow Slack call: the reaper ends the idle look."""
    event_id = add_event(db, ["U1", "U2"])
    looks = LastLooks(db, [event_id, event_id], max_hold=0.05)  # real time, kept short
    try:
        with looks.holding(event_id):
            pass
        looks.done(event_id)  # one row is still to come, and nothing else happens
        cancelling = cancel(db, event_id)
        cancelling.join(10)
        assert not cancelling.is_alive(), "the idle look was kept"
    finally:
        looks.close()


def test_no_look_is_taken_once_the_batch_is_closed(db: Database) -> None:
    event_id = add_event(db, ["U1"])
    looks = LastLooks(db, [event_id])
    looks.close()
    with pytest.raises(RuntimeError), looks.holding(event_id):
        pass
