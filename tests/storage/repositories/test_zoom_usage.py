"""storage.repositories.zoom_usage: today's Zoom create/update count, on both databases."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import pytest

from storage.db import Database, make_engine
from storage.migrate import upgrade
from storage.repositories.zoom_usage import (
    ZoomUsageRepository,
    quota_resets_at,
    utc_day,
)

DAY = "2026-11-23"


@pytest.fixture
def db(database_url: str) -> Iterator[Database]:
    database = Database(make_engine(database_url))
    upgrade(database.engine)
    yield database
    database.dispose()


def counts(db: Database, *users: str, day: str = DAY) -> dict[str, int]:
    with db.transaction() as session:
        return ZoomUsageRepository(session).counts(users, day)


def test_counts_per_user_per_utc_day(db: Database) -> None:
    with db.transaction() as session:
        usage = ZoomUsageRepository(session)
        usage.add("userA", DAY)
        usage.add("userA", DAY, 2)
        usage.add("userB", DAY)
        usage.add("userA", "2026-11-24")
    assert counts(db, "userA", "userB", "userC") == {"userA": 3, "userB": 1}
    assert counts(db) == {}


def test_concurrent_counts_are_not_lost(db: Database) -> None:
    def bump(_: int) -> None:
        with db.transaction() as session:
            ZoomUsageRepository(session).add("userA", DAY)

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(bump, range(40)))
    assert counts(db, "userA") == {"userA": 40}


def test_a_daily_429_marks_the_day_used_up_without_lowering_a_count(db: Database) -> None:
    with db.transaction() as session:
        usage = ZoomUsageRepository(session)
        usage.add("userA", DAY, 7)
        usage.exhaust("userA", DAY)
        usage.add("userB", DAY, 120)
        usage.exhaust("userB", DAY)
        usage.exhaust("userC", DAY)
    assert counts(db, "userA", "userB", "userC") == {"userA": 100, "userB": 120, "userC": 100}


def test_the_day_is_utc() -> None:
    late_in_tokyo = datetime(2026, 11, 23, 23, 30, tzinfo=UTC)  # 08:30 on the 24th in Tokyo
    assert utc_day(late_in_tokyo) == "2026-11-23"
    assert quota_resets_at(late_in_tokyo) == datetime(2026, 11, 24, tzinfo=UTC)
