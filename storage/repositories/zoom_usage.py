"""Meetings created or updated per Zoom user per UTC day: Zoom allows 100 (`ZoomDailyUsage`).

Every change is one atomic upsert, so bot processes counting at once never lose a count."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from sqlalchemy import case, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from storage.models import ZoomDailyUsage

DAILY_LIMIT = 100  # meeting creates/updates per Zoom user per UTC day


def utc_day(moment: datetime) -> str:
    """The UTC date Zoom counts `moment` in, as stored: 'YYYY-MM-DD'."""
    return moment.astimezone(UTC).date().isoformat()


def quota_resets_at(moment: datetime) -> datetime:
    """When the count that `moment` falls in starts again: the next 00:00 UTC."""
    day = moment.astimezone(UTC).date() + timedelta(days=1)
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


class ZoomUsageRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def counts(self, zoom_user_ids: Iterable[str], day: str) -> dict[str, int]:
        ids = list(dict.fromkeys(zoom_user_ids))
        if not ids:
            return {}
        query = select(ZoomDailyUsage.zoom_user_id, ZoomDailyUsage.count).where(
            ZoomDailyUsage.day == day, ZoomDailyUsage.zoom_user_id.in_(ids)
        )
        return {user_id: count for user_id, count in self._session.execute(query)}

    def add(self, zoom_user_id: str, day: str, n: int = 1) -> None:
        """Count `n` more creates/updates."""
        insert = pg_insert if self._dialect() == "postgresql" else sqlite_insert
        statement = insert(ZoomDailyUsage).values(zoom_user_id=zoom_user_id, day=day, count=n)
        self._session.execute(
            statement.on_conflict_do_update(
                index_elements=["zoom_user_id", "day"],
                set_={"count": ZoomDailyUsage.count + statement.excluded.count},
            )
        )

    def exhaust(self, zoom_user_id: str, day: str, limit: int = DAILY_LIMIT) -> None:
        """Zoom said the day's quota is used up (a daily 429): the count is at least `limit`."""
        insert = pg_insert if self._dialect() == "postgresql" else sqlite_insert
        statement = insert(ZoomDailyUsage).values(zoom_user_id=zoom_user_id, day=day, count=limit)
        self._session.execute(
            statement.on_conflict_do_update(
                index_elements=["zoom_user_id", "day"],
                set_={
                    "count": case((ZoomDailyUsage.count < limit, limit), else_=ZoomDailyUsage.count)
                },
            )
        )

    def _dialect(self) -> str:
        return self._session.get_bind().dialect.name
