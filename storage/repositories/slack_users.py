from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from storage.models import SlackUser

_REFRESHED = ("locale", "tz", "name", "fetched_at")


class SlackUserRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def fresh(self, team_id: str, user_ids: Iterable[str], since: datetime) -> Sequence[SlackUser]:
        """The stored users among `user_ids` fetched from Slack at or after `since`."""
        ids = list(dict.fromkeys(user_ids))
        if not ids:
            return []
        query = select(SlackUser).where(
            SlackUser.team_id == team_id,
            SlackUser.user_id.in_(ids),
            SlackUser.fetched_at >= since,
        )
        return self._session.scalars(query).all()

    def zones(self, team_id: str, user_ids: Iterable[str]) -> dict[str, str]:
        """The stored time zone of each of `user_ids` that has a stored profile (any age)."""
        ids = list(dict.fromkeys(user_ids))
        if not ids:
            return {}
        query = select(SlackUser.user_id, SlackUser.tz).where(
            SlackUser.team_id == team_id, SlackUser.user_id.in_(ids)
        )
        return {row.user_id: row.tz for row in self._session.execute(query)}

    def save(self, rows: Iterable[dict[str, object]]) -> None:
        """Insert or refresh, safe against another process saving the same user at once."""
        values = list(rows)
        if not values:
            return
        insert = (
            pg_insert if self._session.get_bind().dialect.name == "postgresql" else sqlite_insert
        )
        statement = insert(SlackUser).values(values)
        statement = statement.on_conflict_do_update(
            index_elements=["team_id", "user_id"],
            set_={name: statement.excluded[name] for name in _REFRESHED},
        )
        self._session.execute(statement)
