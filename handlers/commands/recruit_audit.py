"""`/recruit audit <event>`: an event's history, for its organizer and admins (ephemeral).
Everyone else is refused in their language; an unknown event is said to be unknown."""

from __future__ import annotations

from typing import Any

from bot.messages import t
from bot.services.audit_log import load_trail, parse_ref
from bot.services.container import Services
from bot.services.templates import escape
from bot.slack.audit_view import audit_message


def audit_reply(services: Services, command: dict[str, Any], argument: str) -> dict[str, Any]:
    """What to acknowledge the command with."""
    user_id, team_id = command["user_id"], command["team_id"]
    person = services.people.get(user_id)
    locale = person.locale
    ref = parse_ref(argument)
    if ref is None:
        return _ephemeral(t(locale, "audit.usage"))
    trail = load_trail(services.db, team_id, ref)
    if trail is None:
        return _ephemeral(t(locale, "audit.not_found", ref=escape(argument.strip()[:100])))
    if user_id != trail.organizer_id and not services.roles.is_admin(team_id, user_id):
        return _ephemeral(t(locale, "audit.refused"))
    message = audit_message(trail, locale, person.tz)
    return {"response_type": "ephemeral", "text": message.text, "blocks": message.blocks}


def _ephemeral(text: str) -> dict[str, Any]:
    return {"response_type": "ephemeral", "text": text}
