"""Seeing Bolt's listener threads from a scenario test.

Bolt answers Slack before a listener finishes: events are acknowledged first, commands and
interactions as soon as the listener calls `ack()`. What runs after that is on Bolt's listener
pool, which `LocalWorkspace.wait_idle` (the bot's `Worker`) does not see. `track_listener_pools`
swaps the pool class `bot.app.create_app` builds for one that records every task, so a test can
wait for the listeners deterministically, and can tell whether any listener ran at all.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from typing import ParamSpec, TypeVar

import pytest

import bot.app
from standins.harness import LocalWorkspace

P = ParamSpec("P")
T = TypeVar("T")


class ListenerPools:
    """Every listener-pool task of the apps created while tracking was on."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._futures: list[Future[object]] = []
        self.pools_created = 0

    @property
    def tasks_started(self) -> int:
        with self._lock:
            return len(self._futures)

    def record(self, future: Future[object]) -> None:
        with self._lock:
            self._futures.append(future)

    def wait(self, timeout: float = 10.0) -> None:
        """Until every listener task submitted so far has finished."""
        with self._lock:
            futures = list(self._futures)
        _done, not_done = wait(futures, timeout=timeout)
        if not_done:
            raise TimeoutError(f"{len(not_done)} Bolt listener task(s) still running")


def track_listener_pools(monkeypatch: pytest.MonkeyPatch) -> ListenerPools:
    """Call before the workspace starts (it creates the Bolt app)."""
    pools = ListenerPools()

    class TrackedPool(ThreadPoolExecutor):
        def __init__(self, max_workers: int | None = None, thread_name_prefix: str = "") -> None:
            super().__init__(max_workers=max_workers, thread_name_prefix=thread_name_prefix)
            pools.pools_created += 1

        def submit(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> Future[T]:
            future = super().submit(fn, *args, **kwargs)
            pools.record(future)  # type: ignore[arg-type]
            return future

    monkeypatch.setattr(bot.app, "ThreadPoolExecutor", TrackedPool)
    return pools


def settle(ws: LocalWorkspace, pools: ListenerPools) -> None:
    """Wait for the listeners, then for the worker jobs they handed over."""
    pools.wait()
    ws.wait_idle()
