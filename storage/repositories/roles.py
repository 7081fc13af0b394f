"""Roles an admin granted in a workspace (Slack admins and owners need no row)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from storage.models import Role, WorkspaceRole


class RoleRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def has(self, team_id: str, user_id: str, role: Role) -> bool:
        return self._session.get(WorkspaceRole, (team_id, user_id, role.value)) is not None

    def holders(self, team_id: str, role: Role) -> Sequence[str]:
        query = (
            select(WorkspaceRole.user_id)
            .where(WorkspaceRole.team_id == team_id, WorkspaceRole.role == role.value)
            .order_by(WorkspaceRole.user_id)
        )
        return self._session.scalars(query).all()

    def replace_holders(
        self,
        team_id: str,
        role: Role,
        user_ids: Iterable[str],
        *,
        granted_by: str,
        now: datetime,
    ) -> None:
        """Exactly these users hold the role afterwards; rows of users kept are untouched."""
        wanted = set(user_ids)
        current = set(self.holders(team_id, role))
        gone = current - wanted
        if gone:
            self._session.execute(
                delete(WorkspaceRole).where(
                    WorkspaceRole.team_id == team_id,
                    WorkspaceRole.role == role.value,
                    WorkspaceRole.user_id.in_(gone),
                )
            )
        for user_id in sorted(wanted - current):
            self._session.add(
                WorkspaceRole(
                    team_id=team_id,
                    user_id=user_id,
                    role=role.value,
                    granted_by=granted_by,
                    created_at=now,
                )
            )
        self._session.flush()
