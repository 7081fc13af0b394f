"""Shared fixtures: a clock, and a database on both SQLite and PostgreSQL.

PostgreSQL comes from RECRUITBOT_TEST_POSTGRES_URL (scripts/postgres sets it). Each test
session creates its own database there and drops it afterwards. Without a server the
PostgreSQL half is skipped, and the skip reason says so.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.engine import URL

from bot.clock import ManualClock

# Monday 2026-11-23 09:00 JST — a fixed "now" for every test.
T0 = datetime(2026, 11, 23, 0, 0, tzinfo=UTC)

_pg_url: URL | None = None
_pg_reason = "no PostgreSQL server: RECRUITBOT_TEST_POSTGRES_URL is not set"


def _create_pg_database() -> None:
    global _pg_url, _pg_reason
    raw = os.environ.get("RECRUITBOT_TEST_POSTGRES_URL", "").strip()
    if not raw:
        return
    admin_url = make_url(raw)
    name = f"recruitbot_test_{uuid.uuid4().hex[:10]}"
    try:
        admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
    except Exception as exc:  # noqa: BLE001 - any failure means: no usable server
        _pg_reason = f"PostgreSQL at {admin_url.render_as_string()} unusable: {exc}"
        return
    _pg_url = admin_url.set(database=name)


def _drop_pg_database() -> None:
    if _pg_url is None:
        return
    admin_url = make_url(os.environ["RECRUITBOT_TEST_POSTGRES_URL"])
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{_pg_url.database}" WITH (FORCE)'))
    admin.dispose()


def pytest_sessionstart(session: pytest.Session) -> None:
    _create_pg_database()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    _drop_pg_database()


def pytest_report_header(config: pytest.Config) -> str:
    if _pg_url is not None:
        return f"PostgreSQL: {_pg_url.render_as_string()} (created for this run)"
    return f"PostgreSQL: SKIPPED — {_pg_reason}"


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(T0)


def _reset_pg_schema(url: URL) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database, once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'recruitbot.db'}"
        return
    if _pg_url is None:
        if os.environ.get("RECRUITBOT_REQUIRE_POSTGRES") == "1":
            pytest.fail(_pg_reason)
        pytest.skip(_pg_reason)
    _reset_pg_schema(_pg_url)
    yield _pg_url.render_as_string(hide_password=False)
