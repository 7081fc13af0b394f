"""Who may do what in a workspace.

* admin: Slack workspace admins and owners (asked of Slack at each check, never cached),
  plus users an admin added (`workspace_roles`, role `admin`).
* Zoom manager: may add, reconnect, configure and remove any linked Zoom account. Admins
  are managers; an admin may allow other users (role `zoom_manager`).
* Everyone may link their *own* Zoom user through this bot's shared app (one click) and
  remove that link; others' accounts are read-only to them.
* recruiter: may create events. Everyone, unless an admin restricts creating events to a
  Slack user group (`Workspace.recruiter_usergroup_id`); then its members (asked of Slack,
  kept briefly), users with a `recruiter` row, and admins.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.clock import Clock
from bot.slack.people import PeopleDirectory
from bot.slack.usergroups import UserGroup, UserGroups
from storage.db import Database
from storage.models import Role
from storage.repositories.roles import RoleRepository
from storage.repositories.workspaces import WorkspaceRepository


@dataclass(frozen=True)
class Standing:
    """What one user may do in a workspace, read once (one Slack call at most)."""

    is_admin: bool
    can_manage_zoom: bool


class Roles:
    def __init__(
        self,
        db: Database,
        people: PeopleDirectory,
        clock: Clock,
        groups: UserGroups | None = None,
    ) -> None:
        self._db = db
        self._people = people
        self._clock = clock
        self._groups = groups

    def of(self, team_id: str, user_id: str) -> Standing:
        with self._db.transaction() as session:
            roles = RoleRepository(session)
            granted_admin = roles.has(team_id, user_id, Role.ADMIN)
            zoom_manager = roles.has(team_id, user_id, Role.ZOOM_MANAGER)
        is_admin = granted_admin or self._people.is_admin_now(user_id)
        return Standing(is_admin=is_admin, can_manage_zoom=is_admin or zoom_manager)

    def is_admin(self, team_id: str, user_id: str) -> bool:
        return self.of(team_id, user_id).is_admin

    def can_manage_zoom(self, team_id: str, user_id: str) -> bool:
        return self.of(team_id, user_id).can_manage_zoom

    def zoom_managers(self, team_id: str) -> Sequence[str]:
        """Users an admin allowed to manage Zoom accounts (admins themselves not listed)."""
        with self._db.transaction() as session:
            return RoleRepository(session).holders(team_id, Role.ZOOM_MANAGER)

    def set_zoom_managers(self, team_id: str, user_ids: Iterable[str], *, granted_by: str) -> None:
        now = self._clock.now()
        with self._db.transaction() as session:
            WorkspaceRepository(session).ensure(team_id, now=now)
            RoleRepository(session).replace_holders(
                team_id, Role.ZOOM_MANAGER, user_ids, granted_by=granted_by, now=now
            )

    def can_create(self, team_id: str, user_id: str) -> Creation:
        """Whether the user may create events (and the group it is restricted to, if any)."""
        group = self.recruiter_group(team_id)
        if group is None:
            return Creation(allowed=True, group_id=None)
        allowed = self._is_recruiter(team_id, user_id) or self.is_admin(team_id, user_id)
        return Creation(allowed=allowed, group_id=group)

    def recruiter_group(self, team_id: str) -> str | None:
        with self._db.transaction() as session:
            workspace = WorkspaceRepository(session).get(team_id)
            return workspace.recruiter_usergroup_id if workspace is not None else None

    def set_recruiter_group(self, team_id: str, group_id: str | None) -> None:
        """Restrict creating events to a user group's members (None: everyone may)."""
        with self._db.transaction() as session:
            workspace = WorkspaceRepository(session).ensure(team_id, now=self._clock.now())
            workspace.recruiter_usergroup_id = group_id
        if self._groups is not None and group_id is not None:
            self._groups.forget(group_id)

    def user_groups(self) -> list[UserGroup]:
        """The workspace's Slack user groups (raises `UserGroupsUnavailable`)."""
        return self._groups.all() if self._groups is not None else []

    def granted_admins(self, team_id: str) -> Sequence[str]:
        """Users an admin made admins (Slack admins and owners are not listed)."""
        with self._db.transaction() as session:
            return RoleRepository(session).holders(team_id, Role.ADMIN)

    def set_admins(self, team_id: str, user_ids: Iterable[str], *, granted_by: str) -> None:
        now = self._clock.now()
        with self._db.transaction() as session:
            WorkspaceRepository(session).ensure(team_id, now=now)
            RoleRepository(session).replace_holders(
                team_id, Role.ADMIN, user_ids, granted_by=granted_by, now=now
            )

    def can_change_event(self, event: EventFacts, user_id: str) -> bool:
        """Edit, reissue or cancel: the organizer, a recruiter among the participants, or an
        admin. (Every member is a recruiter unless the workspace restricts creating events to
        a user group; see `can_create`.)"""
        if user_id == event.organizer_id:
            return True
        if user_id in event.participant_ids and self._is_recruiter(event.team_id, user_id):
            return True
        return self.is_admin(event.team_id, user_id)

    def _is_recruiter(self, team_id: str, user_id: str) -> bool:
        with self._db.transaction() as session:
            workspace = WorkspaceRepository(session).get(team_id)
            group = workspace.recruiter_usergroup_id if workspace is not None else None
            if group is None:
                return True
            if RoleRepository(session).has(team_id, user_id, Role.RECRUITER):
                return True
        return self._groups is not None and self._groups.is_member(group, user_id)


@dataclass(frozen=True)
class Creation:
    """May this user create events; `group_id`: the user group it is restricted to."""

    allowed: bool
    group_id: str | None


@dataclass(frozen=True)
class EventFacts:
    """What a permission check needs to know of an event."""

    team_id: str
    organizer_id: str
    participant_ids: frozenset[str]
