"""App Home sections for issue 6: 「自分の予定」 for everyone; for admins the workspace's
upcoming events and who may create events / who else is an admin."""

from __future__ import annotations

from typing import Any

from bot.services.container import Services
from bot.services.event_list import upcoming_page
from bot.slack.event_list_view import HOME_LIMIT, home_events_blocks
from bot.slack.people import Person
from bot.slack.roles_view import roles_blocks
from bot.slack.usergroups import UserGroup, UserGroupsUnavailable
from storage.repositories.event_listing import Who


def my_events_blocks(services: Services, team_id: str, person: Person) -> list[dict[str, Any]]:
    return _events(services, team_id, person, Who(user_id=person.user_id), "home.my_events")


def admin_blocks(services: Services, team_id: str, person: Person) -> list[dict[str, Any]]:
    """For admins only (the caller checks): the workspace's events and the roles controls."""
    blocks = _events(services, team_id, person, Who(), "home.team_events")
    groups: list[UserGroup] = []
    error: str | None = None
    try:
        groups = services.roles.user_groups()
    except UserGroupsUnavailable as exc:
        error = exc.error
    return blocks + roles_blocks(
        person.locale,
        groups=groups,
        groups_error=error,
        current_group=services.roles.recruiter_group(team_id),
        admins=services.roles.granted_admins(team_id),
    )


def _events(
    services: Services, team_id: str, person: Person, who: Who, title_key: str
) -> list[dict[str, Any]]:
    page = upcoming_page(services.db, team_id, services.clock.now(), who, size=HOME_LIMIT)
    return home_events_blocks(
        page, title_key=title_key, reader_id=person.user_id, locale=person.locale, tz=person.tz
    )
