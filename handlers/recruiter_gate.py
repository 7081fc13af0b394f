"""Who may create events: everyone, unless an admin restricted it to a user group. Asked
where the create modal opens (`/recruit`, the App Home button) and again on submission."""

from __future__ import annotations

from bot.messages import t
from bot.services.container import Services


def creation_refusal(services: Services, team_id: str, user_id: str) -> str | None:
    """The refusal in the user's language, naming the group; None: they may create."""
    creation = services.roles.can_create(team_id, user_id)
    if creation.allowed:
        return None
    return t(services.people.locale(user_id), "roles.refused_create", group=creation.group_id)
