from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from storage.models import SlackRateLimit


class RateLimitRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def active(self, now: datetime) -> Sequence[SlackRateLimit]:
        query = select(SlackRateLimit).where(SlackRateLimit.until > now)
        return self._session.scalars(query).all()

    def block(self, blocks: Iterable[tuple[str, str, datetime]]) -> None:
        """Record (team, method, until); a later `until` wins over an earlier one."""
        values = [{"team_id": t, "method": m, "until": u} for t, m, u in blocks]
        if not values:
            return
        insert = (
            pg_insert if self._session.get_bind().dialect.name == "postgresql" else sqlite_insert
        )
        statement = insert(SlackRateLimit).values(values)
        excluded_until = statement.excluded.until
        statement = statement.on_conflict_do_update(
            index_elements=["team_id", "method"],
            set_={"until": excluded_until},
            where=SlackRateLimit.until < excluded_until,
        )
        self._session.execute(statement)
