"""Who was made an admin of a workspace in the bot (`workspace_roles`, role `admin`).

Slack's own admins and owners have no row and can't be listed without reading every user;
those are asked of Slack one at a time (`PeopleDirectory.is_admin_now`)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import Role, WorkspaceRole


class WorkspaceAdminRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def granted_admins(self, team_id: str) -> Sequence[str]:
        query = (
            select(WorkspaceRole.user_id)
            .where(WorkspaceRole.team_id == team_id, WorkspaceRole.role == Role.ADMIN.value)
            .order_by(WorkspaceRole.user_id)
        )
        return self._session.scalars(query).all()
