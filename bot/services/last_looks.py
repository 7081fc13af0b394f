"""The dispatcher's last look before it posts, shared by the posts of one event in a batch.

Right before a reminder is posted, the dispatcher checks that its event is still scheduled
and its reader still taking part, under a lock that every change able to stop a reminder
waits for (`storage.repositories.event_locks`), and keeps that lock until Slack answers.
One transaction per post made that look cost more than the post itself in a burst, so:

* a **guard** is one such transaction: the lock, plus the status and participants read
  under it. The posts of one event in a batch go out under the same guard, on any thread;
* a guard is **renewed** once it is older than `max_hold`: a new one is taken (queued
  behind any change already waiting) and the old one ends when its posts have been
  answered. A guard with no post under way ends as soon as it is that old or nothing of
  its event is left in the batch, checked whenever any row of the batch moves on, and at
  once while a post of the batch waits behind a change (a change may want two events'
  locks: keeping one idle while waiting for the other would hang both); a reaper thread
  ends stale idle guards even when no row moves. A cancel therefore waits for the posts
  under way plus at most `max_hold`, about what it waited for one post before.

PostgreSQL's default READ COMMITTED is assumed: what a look reads after waiting for a
change is what that change committed.

The guarantee is unchanged: a post that started before a change committed may land; none
starts after it.
"""

from __future__ import annotations

import logging
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass

from sqlalchemy.orm import Session

from storage.db import Database
from storage.repositories.event_locks import PostsLook, look_before_posting

logger = logging.getLogger(__name__)


@dataclass(eq=False)
class _Guard:
    look: PostsLook
    transaction: ExitStack
    opened: float
    in_flight: int = 0
    retired: bool = False
    closed: bool = False


class LastLooks:
    """Guards for one batch; `holding` around each post, `done` once per claimed row."""

    def __init__(
        self,
        db: Database,
        event_ids: Iterable[int],
        *,
        max_hold: float = 1.0,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._db = db
        self._max_hold = max_hold
        self._monotonic = monotonic
        self._remaining: Counter[int] = Counter(event_ids)
        self._current: dict[int, _Guard] = {}
        self._opening: dict[int, threading.Lock] = {}
        self._waiting = 0  # posts of this batch waiting behind a change
        self._lock = threading.Lock()
        self._wake = threading.Condition(self._lock)  # the reaper's
        self._reaper: threading.Thread | None = None
        self._closed = False

    @contextmanager
    def holding(self, event_id: int) -> Iterator[PostsLook]:
        """The event as seen under its lock, held until the block (the post) ends."""
        guard = self._enter(event_id)
        try:
            yield guard.look
        finally:
            with self._lock:
                guard.in_flight -= 1
                ending = self._take_ending()
                if guard.retired and not guard.in_flight:
                    ending.append(guard)
                self._wake.notify()  # a guard may have gone idle: the reaper's next deadline
            self._close_all(ending)

    def done(self, event_id: int) -> None:
        """One claimed row of `event_id` is finished (posted, skipped or given back)."""
        with self._lock:
            self._remaining[event_id] -= 1
            ending = self._take_ending()
        self._close_all(ending)

    def close(self) -> None:
        """End every guard still open (the batch is over); later looks are refused."""
        with self._lock:
            self._closed = True
            guards = list(self._current.values())
            self._current.clear()
            self._wake.notify()
        self._close_all(guards)

    # ------------------------------------------------------------------ internals

    def _enter(self, event_id: int) -> _Guard:
        with self._lock:
            self._refuse_if_closed()  # the batch ended (interrupted) while this row went on
            opening = self._opening.setdefault(event_id, threading.Lock())
            ending = self._take_ending()
            if self._reaper is None:
                self._reaper = threading.Thread(
                    target=self._reap, name="last-looks-reaper", daemon=True
                )
                self._reaper.start()
        self._close_all(ending)
        with opening:  # one thread opens an event's guard; the others of the event wait
            with self._lock:
                self._refuse_if_closed()
                guard = self._current.get(event_id)
                if guard is not None and not self._stale(guard):
                    guard.in_flight += 1
                    return guard
                old_ends = guard is not None and self._retire(event_id, guard)
            if old_ends and guard is not None:
                # Before queueing for a new lock: a change waiting for the old one must
                # not wait for us while we wait for it.
                self._close(guard)
            fresh = self._open(event_id)
            with self._lock:
                fresh.in_flight += 1
                if self._closed:  # closed while this look was taken: end it after its post
                    fresh.retired = True
                else:
                    self._current[event_id] = fresh
            return fresh

    def _refuse_if_closed(self) -> None:
        if self._closed:
            raise RuntimeError("the batch's last looks are closed")

    def _reap(self) -> None:
        """Ends idle guards once stale even when no row of the batch moves on (say, every
        send thread is in a slow Slack call): a change waits for posts under way plus at
        most `max_hold`, whatever the threads are doing."""
        while True:
            with self._lock:
                if self._closed:
                    return
                ending = self._take_ending()
                if not ending:
                    idle = [g.opened for g in self._current.values() if not g.in_flight]
                    timeout = None
                    if idle:
                        timeout = max(min(idle) + self._max_hold - self._monotonic(), 0.01)
                    self._wake.wait(timeout)
                    continue
            self._close_all(ending)

    def _open(self, event_id: int) -> _Guard:
        transaction = ExitStack()
        try:
            session = transaction.enter_context(self._db.transaction())
            look = look_before_posting(session, event_id, wait=False)
            if look is None:
                look = self._wait_for_change(session, event_id)
        except BaseException:
            transaction.__exit__(*sys.exc_info())
            raise
        return _Guard(look, transaction, self._monotonic())

    def _wait_for_change(self, session: Session, event_id: int) -> PostsLook:
        """A change holds or waits for the event's lock: wait behind it, holding no idle
        guard meanwhile. (That change may also want the lock of another event whose guard
        this batch keeps between posts; were it kept while we wait, neither would move.)"""
        with self._lock:
            self._waiting += 1
            idle = self._take_ending()
        self._close_all(idle)
        try:
            look = look_before_posting(session, event_id)
        finally:
            with self._lock:
                self._waiting -= 1
        if look is None:  # (a waiting call always takes the lock)
            raise RuntimeError(f"no look at event {event_id} after waiting for its lock")
        return look

    def _stale(self, guard: _Guard) -> bool:
        return self._monotonic() - guard.opened >= self._max_hold

    def _take_ending(self) -> list[_Guard]:
        """(Under the lock.) Idle guards that are stale, whose event has no row left, or
        any while a post of this batch waits for a change: forgotten here, to be closed by
        the caller once the lock is released."""
        ending = [
            (event_id, guard)
            for event_id, guard in self._current.items()
            if not guard.in_flight
            and (self._waiting or self._stale(guard) or not self._remaining[event_id])
        ]
        for event_id, guard in ending:
            self._forget(event_id, guard)
        return [guard for _, guard in ending]

    def _close_all(self, guards: list[_Guard]) -> None:
        for guard in guards:
            self._close(guard)

    def _retire(self, event_id: int, guard: _Guard) -> bool:
        """Stop giving `guard` to new posts; True when it has none under way (close it)."""
        guard.retired = True
        self._forget(event_id, guard)
        return guard.in_flight == 0

    def _forget(self, event_id: int, guard: _Guard) -> None:
        if self._current.get(event_id) is guard:
            del self._current[event_id]

    @staticmethod
    def _close(guard: _Guard) -> None:
        if guard.closed:
            return
        guard.closed = True
        try:
            guard.transaction.close()  # a read: committing it only ends the lock
        except Exception:
            # The connection is gone, and the lock with it; nothing was written.
            logger.warning("ending a last-look transaction failed", exc_info=True)
