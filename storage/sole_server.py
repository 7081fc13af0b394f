"""One serving process per SQLite database.

A change waits for reminder posts under way through an in-process gate on SQLite
(`storage.post_gates`), so the guarantee "no reminder starts after a cancel commits" holds
only when one process serves the database. PostgreSQL deployments can run many; a second
`recruitbot serve` on the same SQLite file is refused with a clear message instead of
silently weakening that guarantee. (Other commands, e.g. `recruitbot zoom add`, change no
event and may run alongside.)
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import make_url

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no advisory file locks in the stdlib
    fcntl = None  # type: ignore[assignment]


class AlreadyServed(RuntimeError):
    """Another process already serves this SQLite database."""


def sqlite_file(url: str) -> Path | None:
    """The database file of an SQLite URL; None for other databases and in-memory SQLite."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database).resolve()


@contextmanager
def sole_server(url: str) -> Iterator[None]:
    """Hold `<database>.serve.lock` for as long as this process serves `url`."""
    database = sqlite_file(url)
    if database is None or fcntl is None:
        yield
        return
    lock_path = database.with_name(database.name + ".serve.lock")
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise AlreadyServed(
                f"Another recruitbot process is serving {database}. An SQLite database is "
                "served by one process; stop the other one, or use PostgreSQL "
                "(DATABASE_URL=postgresql+psycopg://…) to run several."
            ) from None
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock
