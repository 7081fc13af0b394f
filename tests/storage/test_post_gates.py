"""storage.post_gates: the in-process reader–writer gate on an event's posts (SQLite)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from storage.db import Database, make_engine
from storage.post_gates import PostGates, post_gates_for

EVENT = 7


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = Database(make_engine(f"sqlite:///{tmp_path / 'gates.db'}"))
    yield database
    database.dispose()


def in_thread(target: object) -> threading.Thread:
    thread = threading.Thread(target=target)  # type: ignore[arg-type]
    thread.start()
    return thread


def wait_writers(gates: PostGates, count: int) -> None:
    pause = threading.Event()
    for _ in range(1000):
        if gates.writers_waiting(EVENT) >= count:
            return
        pause.wait(0.01)  # polling a condition, not waiting for time to pass
    raise AssertionError(f"{gates.writers_waiting(EVENT)} change(s) waiting, wanted {count}")


def test_one_gate_per_engine(db: Database) -> None:
    with db.transaction() as session:
        assert post_gates_for(session) is post_gates_for(db.engine)
    other = Database(make_engine("sqlite://"))
    assert post_gates_for(other.engine) is not post_gates_for(db.engine)


def test_posts_of_one_event_hold_it_together(db: Database) -> None:
    gates = post_gates_for(db.engine)
    with db.transaction() as first, db.transaction() as second:
        gates.hold(first, EVENT, exclusive=False)
        gates.hold(second, EVENT, exclusive=False)  # would wait forever if exclusive


def test_a_change_waits_until_the_post_transaction_ends(db: Database) -> None:
    gates = post_gates_for(db.engine)
    order: list[str] = []
    changed = threading.Event()

    def change() -> None:
        with db.transaction() as session:
            gates.hold(session, EVENT, exclusive=True)
            order.append("change")
        changed.set()

    with db.transaction() as post:
        gates.hold(post, EVENT, exclusive=False)
        thread = in_thread(change)
        wait_writers(gates, 1)
        assert not changed.is_set()
        order.append("post answered")
    thread.join(10)
    assert order == ["post answered", "change"]
    assert gates.writers_waiting(EVENT) == 0


def test_a_rollback_releases_the_gate(db: Database) -> None:
    gates = post_gates_for(db.engine)

    def post_that_fails() -> None:
        with db.transaction() as post:
            gates.hold(post, EVENT, exclusive=False)
            raise RuntimeError("Slack call failed")

    with pytest.raises(RuntimeError):
        post_that_fails()
    done = threading.Event()

    def change() -> None:
        with db.transaction() as session:
            gates.hold(session, EVENT, exclusive=True)
        done.set()

    in_thread(change).join(10)
    assert done.is_set()


def test_other_events_do_not_wait(db: Database) -> None:
    gates = post_gates_for(db.engine)
    done = threading.Event()

    def change_other() -> None:
        with db.transaction() as session:
            gates.hold(session, EVENT + 1, exclusive=True)
        done.set()

    with db.transaction() as post:
        gates.hold(post, EVENT, exclusive=False)
        in_thread(change_other).join(10)
        assert done.is_set()


def test_a_waiting_change_goes_before_later_posts(db: Database) -> None:
    """A burst of posts cannot starve a cancel: once it waits, new posts queue behind it."""
    gates = post_gates_for(db.engine)
    order: list[str] = []

    def change() -> None:
        with db.transaction() as session:
            gates.hold(session, EVENT, exclusive=True)
            order.append("change")

    def later_post() -> None:
        with db.transaction() as session:
            gates.hold(session, EVENT, exclusive=False)
            order.append("later post")

    with db.transaction() as first_post:
        gates.hold(first_post, EVENT, exclusive=False)
        changing = in_thread(change)
        wait_writers(gates, 1)
        posting = in_thread(later_post)
        order.append("first post answered")
    changing.join(10)
    posting.join(10)
    assert order == ["first post answered", "change", "later post"]


def test_a_transaction_takes_its_own_gate_again_without_waiting(db: Database) -> None:
    gates = post_gates_for(db.engine)
    with db.transaction() as session:
        gates.hold(session, EVENT, exclusive=True)
        gates.hold(session, EVENT, exclusive=True)
        gates.hold(session, EVENT, exclusive=False)
    with db.transaction() as session:  # and it was released once, for good
        gates.hold(session, EVENT, exclusive=True)


def test_a_post_cannot_turn_into_a_change(db: Database) -> None:
    gates = post_gates_for(db.engine)
    with db.transaction() as session:
        gates.hold(session, EVENT, exclusive=False)
        with pytest.raises(RuntimeError):
            gates.hold(session, EVENT, exclusive=True)


def test_a_savepoint_ending_keeps_the_gate(db: Database) -> None:
    gates = post_gates_for(db.engine)
    with db.transaction() as session:
        with session.begin_nested():
            gates.hold(session, EVENT, exclusive=False)
        done = threading.Event()

        def change() -> None:
            with db.transaction() as other:
                gates.hold(other, EVENT, exclusive=True)
            done.set()

        thread = in_thread(change)
        wait_writers(gates, 1)  # still held after the savepoint ended
    thread.join(10)
    assert done.is_set()


def test_a_post_that_may_not_wait_is_told_so(db: Database) -> None:
    gates = post_gates_for(db.engine)
    with db.transaction() as change:
        gates.hold(change, EVENT, exclusive=True)
        with db.transaction() as post:
            assert not gates.hold(post, EVENT, exclusive=False, wait=False)
    with db.transaction() as post:  # the change ended; and the refused try held nothing
        assert gates.hold(post, EVENT, exclusive=False, wait=False)


def test_a_change_that_already_wrote_may_not_wait_for_posts(db: Database) -> None:
    """Waiting for the gate while holding SQLite's write lock would stall every writer."""
    gates = post_gates_for(db.engine)
    with db.transaction() as session:
        session.execute(text("CREATE TABLE IF NOT EXISTS scratch (x INTEGER)"))
        session.execute(text("INSERT INTO scratch VALUES (1)"))
        with pytest.raises(RuntimeError, match="before the transaction writes"):
            gates.hold(session, EVENT, exclusive=True)


def test_a_post_waiting_for_a_change_is_counted(db: Database) -> None:
    gates = post_gates_for(db.engine)
    posted = threading.Event()

    def post() -> None:
        with db.transaction() as session:
            gates.hold(session, EVENT, exclusive=False)
        posted.set()

    with db.transaction() as change:
        gates.hold(change, EVENT, exclusive=True)
        thread = in_thread(post)
        pause = threading.Event()
        for _ in range(1000):
            if gates.readers_waiting(EVENT):
                break
            pause.wait(0.01)  # polling a condition, not waiting for time to pass
        assert gates.readers_waiting(EVENT) == 1
        assert not posted.is_set()
    thread.join(10)
    assert posted.is_set()
    assert gates.readers_waiting(EVENT) == 0
