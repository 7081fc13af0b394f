"""In-process reader–writer gates on an event's posts, for databases without advisory locks.

On PostgreSQL the dispatcher's last look before a post takes a shared advisory lock on the
event and a cancel (leave, edit, Zoom's deletion) takes it exclusively
(`storage.repositories.event_locks`). SQLite has no such lock: the only way to make a cancel
wait there was to take the database's write lock, which every other writer then waited for
while Slack answered a post. An SQLite database is served by one process (`recruitbot
serve` enforces it: `storage.sole_server`), so a gate in memory gives the same guarantee
without holding anything in the database:

* :meth:`PostGates.hold` takes an event's gate, shared (a post) or exclusive (a change),
  and keeps it until the session's transaction ends (commit, rollback or close);
* writers go first: once a change waits, new posts of that event wait behind it, so a
  burst of posts cannot starve a cancel;
* a session taking a gate it already holds does not wait again;
* a change must take the gate before its transaction writes (else `RuntimeError`): SQLite
  cannot see the gate, so waiting for it while holding the write lock would stall every
  writer.
"""

from __future__ import annotations

import threading
import weakref
from collections import Counter
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.orm import Session, SessionTransaction

#: `Session.info` key: the gates this session's transaction holds.
_HELD = "recruitbot.post_gates"
#: `Session.info` key: the `PostGates` those gates belong to.
_GATES = "recruitbot.post_gates.owner"


class PostGates:
    """Per-event reader–writer gates (one instance per engine: :func:`post_gates_for`)."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._readers: Counter[int] = Counter()
        self._writers: set[int] = set()
        self._writers_waiting: Counter[int] = Counter()
        self._readers_waiting: Counter[int] = Counter()

    def hold(self, session: Session, event_id: int, *, exclusive: bool, wait: bool = True) -> bool:
        """Take the gate for `event_id` until `session`'s transaction ends. With `wait`
        false, a shared hold that would have to wait is not taken: False."""
        held: dict[int, bool] = session.info.setdefault(_HELD, {})
        if event_id in held and (held[event_id] or not exclusive):
            return True  # this transaction already holds it (strongly enough)
        if event_id in held:
            raise RuntimeError("a transaction holding an event's posts shared cannot change it")
        if exclusive:
            if _writing(session):
                # The gate is invisible to SQLite: waiting for it while holding the write
                # lock would stall every writer (and deadlock with a change that has the
                # gate and wants to write). Changes take the gate first.
                raise RuntimeError("an event's posts must be held before the transaction writes")
            self._acquire_exclusive(event_id)
        elif not self._acquire_shared(event_id, wait=wait):
            return False
        held[event_id] = exclusive
        session.info.setdefault(_GATES, self)
        return True

    def writers_waiting(self, event_id: int) -> int:
        """How many changes wait for this event's posts (for tests and diagnostics)."""
        with self._cond:
            return self._writers_waiting[event_id]

    def readers_waiting(self, event_id: int) -> int:
        """How many posts wait for a change of this event (for tests and diagnostics)."""
        with self._cond:
            return self._readers_waiting[event_id]

    def release(self, event_id: int, *, exclusive: bool) -> None:
        with self._cond:
            if exclusive:
                self._writers.discard(event_id)
            else:
                self._readers[event_id] -= 1
                if self._readers[event_id] <= 0:
                    del self._readers[event_id]
            self._cond.notify_all()

    def _acquire_shared(self, event_id: int, *, wait: bool) -> bool:
        def free() -> bool:
            return event_id not in self._writers and not self._writers_waiting[event_id]

        with self._cond:
            if not free():
                if not wait:
                    return False
                self._readers_waiting[event_id] += 1
                try:
                    self._cond.wait_for(free)
                finally:
                    self._readers_waiting[event_id] -= 1
                    if self._readers_waiting[event_id] <= 0:
                        del self._readers_waiting[event_id]
            self._readers[event_id] += 1
            return True

    def _acquire_exclusive(self, event_id: int) -> None:
        with self._cond:
            self._writers_waiting[event_id] += 1
            try:
                self._cond.wait_for(
                    lambda: event_id not in self._writers and not self._readers[event_id]
                )
            finally:
                self._writers_waiting[event_id] -= 1
                if self._writers_waiting[event_id] <= 0:
                    del self._writers_waiting[event_id]
                    self._cond.notify_all()  # posts held back for a change that gave up
            self._writers.add(event_id)


_BY_ENGINE: weakref.WeakKeyDictionary[Engine, PostGates] = weakref.WeakKeyDictionary()
_BY_ENGINE_LOCK = threading.Lock()


def _writing(session: Session) -> bool:
    """Whether the session's SQLite connection has begun writing (pysqlite opens its
    transaction at the first write; reads leave it closed)."""
    raw = session.connection().connection.dbapi_connection
    return bool(getattr(raw, "in_transaction", False))


def post_gates_for(session_or_engine: Session | Engine) -> PostGates:
    """The gates shared by every session of one engine (so by one `Database`)."""
    if isinstance(session_or_engine, Session):
        bind: Any = session_or_engine.get_bind()
        engine: Engine = bind.engine
    else:
        engine = session_or_engine
    with _BY_ENGINE_LOCK:
        gates = _BY_ENGINE.get(engine)
        if gates is None:
            gates = _BY_ENGINE[engine] = PostGates()
        return gates


@event.listens_for(Session, "after_transaction_end")
def _release_at_transaction_end(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is not None:  # a savepoint or subtransaction: the outer one holds
        return
    held: dict[int, bool] | None = session.info.pop(_HELD, None)
    gates: PostGates | None = session.info.pop(_GATES, None)
    if not held or gates is None:
        return
    for event_id, exclusive in held.items():
        gates.release(event_id, exclusive=exclusive)
