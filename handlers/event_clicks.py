"""What the card's Edit, Reissue and Cancel buttons (and `/recruit list`'s) share: which
event, may this person change it, and where a refusal is shown."""

from __future__ import annotations

from typing import Any

from bot.services.container import Services
from bot.services.event_access import REFUSAL_KEYS, Access, event_id_of
from handlers.payload import team_id_of


def clicked_channel(body: dict[str, Any]) -> str | None:
    """The channel of the message clicked (None: a modal or the App Home)."""
    channel = body.get("channel") or {}
    if channel.get("id"):
        return str(channel["id"])
    container = body.get("container") or {}
    return str(container["channel_id"]) if container.get("channel_id") else None


def check_click(
    services: Services, body: dict[str, Any], action: dict[str, Any]
) -> tuple[int, Access] | None:
    """The event clicked, when the clicker may change it; otherwise the clicker is told
    why not (ephemeral in the channel, or a DM) and None is returned."""
    user_id = body["user"]["id"]
    event_id = event_id_of(action.get("value"))
    access = services.lifecycle.access.check(team_id_of(body), event_id, user_id)
    if event_id is not None and access.allowed:
        return event_id, access
    channel = clicked_channel(body) or access.channel_id
    services.lifecycle.notices.tell(channel, user_id, REFUSAL_KEYS[access.verdict])
    return None
