"""storage.migrate: the Alembic migrations build exactly the schema the models describe."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect, text

from storage.db import make_engine
from storage.migrate import upgrade
from storage.models import Base

TABLES = {
    "slack_rate_limits",
    "slack_users",
    "workspaces",
    "zoom_accounts",
    "events",
    "event_participants",
    "reminders",
    "zoom_authorizations",
    "zoom_daily_usage",
    "workspace_roles",
    "event_audit",
}


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


def head_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def diffs(engine: Engine) -> list[Any]:
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        return list(compare_metadata(context, Base.metadata))


def test_empty_database_has_no_revision(engine: Engine) -> None:
    assert head_revision(engine) is None
    assert set(inspect(engine).get_table_names()) == set()


def test_upgrade_creates_the_schema(engine: Engine) -> None:
    upgrade(engine)
    assert set(inspect(engine).get_table_names()) == TABLES | {"alembic_version"}
    assert head_revision(engine) == "0003"


def test_upgrade_is_idempotent(engine: Engine) -> None:
    upgrade(engine)
    with engine.begin() as conn:
        conn.execute(
            text("INSERT INTO workspaces (team_id, created_at) VALUES ('T1', :t)"),
            {"t": "2026-11-23 00:00:00"},
        )
    upgrade(engine)
    upgrade(engine)
    assert head_revision(engine) == "0003"
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM workspaces")).scalar_one() == 1
        assert conn.execute(text("SELECT count(*) FROM alembic_version")).scalar_one() == 1


def test_migrated_schema_matches_the_models(engine: Engine) -> None:
    upgrade(engine)
    assert diffs(engine) == []


def test_reminder_due_index_exists(engine: Engine) -> None:
    upgrade(engine)
    indexes = {ix["name"]: ix["column_names"] for ix in inspect(engine).get_indexes("reminders")}
    assert indexes["ix_reminders_due"] == ["status", "due_at"]
