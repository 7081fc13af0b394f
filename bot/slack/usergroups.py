"""The workspace's Slack user groups (`usergroups.list`) and their members
(`usergroups.users.list`), kept briefly per process: a user group restricts who may create
events, and every `/recruit` asks whether the person is in it."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.clock import Clock

logger = logging.getLogger(__name__)

#: How long a group's members are trusted (a member just added waits at most this long).
MEMBERS_TTL = timedelta(minutes=2)


@dataclass(frozen=True)
class UserGroup:
    id: str
    handle: str
    name: str


class UserGroupsUnavailable(Exception):
    """Slack did not tell us (its error code, e.g. `missing_scope`)."""

    def __init__(self, error: str) -> None:
        super().__init__(error)
        self.error = error


class UserGroups:
    def __init__(self, client: WebClient, clock: Clock, *, ttl: timedelta = MEMBERS_TTL) -> None:
        self._client = client
        self._clock = clock
        self._ttl = ttl
        self._members: dict[str, tuple[datetime, frozenset[str]]] = {}
        self._lock = threading.Lock()

    def all(self) -> list[UserGroup]:
        """Enabled user groups, by handle (asked of Slack each time: admins pick from it)."""
        try:
            answer = self._client.usergroups_list()
        except SlackApiError as exc:
            raise UserGroupsUnavailable(str(exc.response.get("error"))) from exc
        except (SlackClientError, OSError) as exc:
            raise UserGroupsUnavailable(type(exc).__name__) from exc
        groups = [
            UserGroup(
                id=str(g["id"]), handle=str(g.get("handle") or ""), name=str(g.get("name") or "")
            )
            for g in answer.get("usergroups") or []
        ]
        return sorted(groups, key=lambda g: g.handle)

    def is_member(self, group_id: str, user_id: str) -> bool:
        """Whether the user is in the group; when Slack can't say, no (logged)."""
        now = self._clock.now()
        with self._lock:
            cached = self._members.get(group_id)
        if cached is None or cached[0] <= now:
            try:
                users = self._client.usergroups_users_list(usergroup=group_id)["users"]
            except (SlackApiError, SlackClientError, OSError) as exc:
                logger.warning("members of user group %s unknown: %s", group_id, exc)
                return False
            cached = (now + self._ttl, frozenset(str(u) for u in users))
            with self._lock:
                self._members[group_id] = cached
        return user_id in cached[1]

    def forget(self, group_id: str | None = None) -> None:
        """Drop cached members (e.g. when an admin picks another group)."""
        with self._lock:
            if group_id is None:
                self._members.clear()
            else:
                self._members.pop(group_id, None)
