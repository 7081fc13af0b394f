"""storage.types.UTCDateTime: aware UTC in Python on both databases; naive values refused."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Column, Engine, Integer, MetaData, Table, insert, select
from sqlalchemy.exc import StatementError

from storage.db import Database, make_engine
from storage.migrate import upgrade
from storage.models import Workspace
from storage.types import UTCDateTime

metadata = MetaData()
moments = Table(
    "moments",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", UTCDateTime(), nullable=True),
)


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    metadata.create_all(engine)
    yield engine
    engine.dispose()


@pytest.mark.parametrize(
    "value",
    [
        datetime(2026, 11, 23, 9, 0, 0, 123456, tzinfo=ZoneInfo("Asia/Tokyo")),
        datetime(2026, 7, 1, 12, 0, tzinfo=ZoneInfo("America/New_York")),
        datetime(2026, 11, 23, 0, 0, tzinfo=UTC),
        datetime(2026, 11, 23, 0, 0, tzinfo=timezone(timedelta(hours=5, minutes=45))),
    ],
)
def test_aware_values_come_back_as_the_same_instant_in_utc(engine: Engine, value: datetime) -> None:
    with engine.begin() as conn:
        conn.execute(insert(moments).values(id=1, at=value))
    with engine.connect() as conn:
        stored = conn.execute(select(moments.c.at)).scalar_one()
    assert stored == value
    assert stored.tzinfo is not None
    assert stored.utcoffset() == timedelta(0)
    assert stored.replace(tzinfo=None) == value.astimezone(UTC).replace(tzinfo=None)


def test_none_stays_none(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(insert(moments).values(id=1, at=None))
    with engine.connect() as conn:
        assert conn.execute(select(moments.c.at)).scalar_one() is None


def test_naive_values_are_refused(engine: Engine) -> None:
    with pytest.raises(StatementError, match="naive datetime"), engine.begin() as conn:
        conn.execute(insert(moments).values(id=1, at=datetime(2026, 11, 23, 9, 0)))  # noqa: DTZ001
    with engine.connect() as conn:
        assert conn.execute(select(moments.c.id)).all() == []


def test_naive_values_are_refused_in_comparisons(engine: Engine) -> None:
    with pytest.raises(StatementError, match="naive datetime"), engine.connect() as conn:
        conn.execute(select(moments.c.id).where(moments.c.at < datetime(2026, 1, 1))).all()  # noqa: DTZ001


def test_comparisons_use_the_instant(engine: Engine) -> None:
    tokyo = ZoneInfo("Asia/Tokyo")
    with engine.begin() as conn:
        conn.execute(
            insert(moments),
            [
                {"id": 1, "at": datetime(2026, 11, 23, 8, 0, tzinfo=tokyo)},  # 23:00 UTC the 22nd
                {"id": 2, "at": datetime(2026, 11, 23, 1, 0, tzinfo=UTC)},
            ],
        )
    cutoff = datetime(2026, 11, 23, 9, 30, tzinfo=tokyo)  # 00:30 UTC
    with engine.connect() as conn:
        earlier = conn.execute(select(moments.c.id).where(moments.c.at <= cutoff)).scalars().all()
    assert earlier == [1]


def test_models_use_it(database_url: str) -> None:
    db = Database(make_engine(database_url))
    upgrade(db.engine)
    created = datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("Asia/Tokyo"))
    with db.transaction() as session:
        session.add(Workspace(team_id="T1", created_at=created))
    with db.transaction() as session:
        workspace = session.get(Workspace, "T1")
        assert workspace is not None
        assert workspace.created_at == created
        assert workspace.created_at.tzinfo is not None
        assert workspace.created_at.utcoffset() == timedelta(0)
    with pytest.raises(StatementError, match="naive datetime"), db.transaction() as session:
        session.add(Workspace(team_id="T2", created_at=datetime(2026, 11, 23)))  # noqa: DTZ001
    db.dispose()
