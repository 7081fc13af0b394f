from __future__ import annotations

from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from storage.models import Workspace


class WorkspaceRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def get(self, team_id: str) -> Workspace | None:
        return self._session.get(Workspace, team_id)

    def ensure(self, team_id: str, *, now: datetime, name: str | None = None) -> Workspace:
        """The workspace row, created on first sight (safe against a concurrent insert)."""
        existing = self.get(team_id)
        if existing is not None:
            return existing
        try:
            with self._session.begin_nested():
                workspace = Workspace(team_id=team_id, name=name, created_at=now)
                self._session.add(workspace)
        except IntegrityError:
            found = self.get(team_id)
            assert found is not None
            return found
        return workspace
