"""A small pool for slow work (Zoom calls) so Slack acks never queue behind it.

Bolt runs listeners on its own pool; a listener that waited for Zoom there would delay
other users' `/recruit` (Slack allows 3 s). Listeners ack, then hand the slow part here.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from typing import Any

logger = logging.getLogger(__name__)


class Worker:
    def __init__(self, threads: int, *, name: str = "recruitbot-worker") -> None:
        self._pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix=name)
        self._pending: set[Future[Any]] = set()
        self._lock = threading.Lock()

    def submit(self, fn: Callable[..., Any], *args: Any) -> Future[Any]:
        future = self._pool.submit(fn, *args)
        with self._lock:
            self._pending.add(future)
        future.add_done_callback(self._done)
        return future

    def _done(self, future: Future[Any]) -> None:
        with self._lock:
            self._pending.discard(future)
        exc = future.exception()
        if exc is not None:
            logger.error("background job failed", exc_info=exc)

    def wait_idle(self, timeout: float = 30.0) -> bool:
        """Wait until every submitted job has finished (tests and the demo use this)."""
        with self._lock:
            pending = set(self._pending)
        if not pending:
            return True
        _done, not_done = wait(pending, timeout=timeout)
        return not not_done and self.wait_idle(timeout)

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=False)
