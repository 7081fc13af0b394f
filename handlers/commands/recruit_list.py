"""`/recruit list`: the reader's upcoming events (and, in a channel, that channel's), one
page, ephemeral, each with the card's actions."""

from __future__ import annotations

from typing import Any

from bot.services.container import Services
from handlers.event_lists import list_page_message, scope_for


def list_reply(services: Services, command: dict[str, Any]) -> dict[str, Any]:
    """What to acknowledge the command with."""
    channel_id = command.get("channel_id")
    message = list_page_message(
        services,
        team_id=command["team_id"],
        user_id=command["user_id"],
        scope=scope_for(channel_id),
        channel_id=channel_id,
        page=1,
    )
    return {"response_type": "ephemeral", "text": message.text, "blocks": message.blocks}
