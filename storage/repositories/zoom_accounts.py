from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import ZoomAccount


class ZoomAccountRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, account: ZoomAccount) -> ZoomAccount:
        self._session.add(account)
        self._session.flush()
        return account

    def list_for_team(self, team_id: str) -> Sequence[ZoomAccount]:
        query = (
            select(ZoomAccount)
            .where(ZoomAccount.team_id == team_id)
            .order_by(ZoomAccount.priority, ZoomAccount.display_name)
        )
        return self._session.scalars(query).all()

    def get(self, team_id: str, account_id: int) -> ZoomAccount | None:
        account = self._session.get(ZoomAccount, account_id)
        return account if account is not None and account.team_id == team_id else None

    def get_for_update(self, account_id: int) -> ZoomAccount | None:
        """The row locked until the transaction ends (PostgreSQL); one token refresh at a time."""
        query = select(ZoomAccount).where(ZoomAccount.id == account_id).with_for_update()
        return self._session.scalars(query).one_or_none()

    def by_name(self, team_id: str, display_name: str) -> ZoomAccount | None:
        query = select(ZoomAccount).where(
            ZoomAccount.team_id == team_id, ZoomAccount.display_name == display_name
        )
        return self._session.scalars(query).one_or_none()

    def by_zoom_user(self, team_id: str, zoom_user_id: str) -> ZoomAccount | None:
        query = select(ZoomAccount).where(
            ZoomAccount.team_id == team_id, ZoomAccount.zoom_user_id == zoom_user_id
        )
        return self._session.scalars(query).one_or_none()

    def delete(self, account: ZoomAccount) -> None:
        self._session.delete(account)

    def with_zoom_user_for_update(self, zoom_user_id: str) -> Sequence[ZoomAccount]:
        """Every workspace's accounts for this Zoom user, locked (Zoom webhooks name no team)."""
        query = (
            select(ZoomAccount)
            .where(ZoomAccount.zoom_user_id == zoom_user_id)
            .order_by(ZoomAccount.id)
            .with_for_update()
        )
        return self._session.scalars(query).all()
