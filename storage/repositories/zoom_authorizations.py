"""Authorize links handed out and not yet answered (`zoom_authorizations`)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from storage.models import ZoomAuthorization


class ZoomAuthorizationRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, authorization: ZoomAuthorization) -> ZoomAuthorization:
        self._session.add(authorization)
        self._session.flush()
        return authorization

    def get(self, state: str) -> ZoomAuthorization | None:
        return self._session.get(ZoomAuthorization, state)

    def get_for_update(self, state: str) -> ZoomAuthorization | None:
        """The row locked until the transaction ends: one callback consumes a state."""
        query = (
            select(ZoomAuthorization)
            .where(ZoomAuthorization.state == state)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
        return self._session.scalars(query).one_or_none()

    def delete(self, authorization: ZoomAuthorization) -> None:
        self._session.delete(authorization)
        self._session.flush()

    def delete_expired(self, now: datetime) -> int:
        """Forget links nobody answered in time."""
        result = self._session.execute(
            delete(ZoomAuthorization).where(ZoomAuthorization.expires_at <= now)
        )
        return int(getattr(result, "rowcount", 0) or 0)
