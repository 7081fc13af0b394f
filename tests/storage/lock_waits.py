"""Seeing, without sleeping, that a change waits for an event's posts."""

from __future__ import annotations

import threading
import time
from typing import Any

from sqlalchemy import text

from storage.post_gates import post_gates_for


def wait_for_posts_waiter(
    engine: Any, event_id: int, timeout: float = 10.0, *, post: bool = False
) -> bool:
    """Until some change waits for the event's posts (`post`: some post waits for a change):
    on PostgreSQL a lock another session holds (`pg_locks`), on SQLite the in-process gate
    on the event's posts."""
    pause = threading.Event()
    deadline = time.monotonic() + timeout
    if engine.dialect.name != "postgresql":
        gates = post_gates_for(engine)
        waiting = gates.readers_waiting if post else gates.writers_waiting
        while time.monotonic() < deadline:
            if waiting(event_id) > 0:
                return True
            pause.wait(0.01)  # polling a condition, not waiting for time to pass
        return False
    with engine.connect() as connection:
        while time.monotonic() < deadline:
            waiting = connection.execute(text("SELECT count(*) FROM pg_locks WHERE NOT granted"))
            if waiting.scalar_one() > 0:
                return True
            connection.rollback()
            pause.wait(0.01)
    return False
