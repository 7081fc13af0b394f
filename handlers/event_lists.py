"""What `/recruit list` and its Previous / Next buttons share: one page for a reader."""

from __future__ import annotations

from bot.services.container import Services
from bot.services.event_list import upcoming_page
from bot.slack.cards import Message
from bot.slack.event_list_view import HERE, MINE, list_message
from storage.repositories.event_listing import Who


def scope_for(channel_id: str | None) -> str:
    """In a channel (public `C…`, private `G…`): the reader's and the channel's; in a DM or
    elsewhere: the reader's own."""
    return HERE if channel_id and channel_id[0] in "CG" else MINE


def list_page_message(
    services: Services,
    *,
    team_id: str,
    user_id: str,
    scope: str,
    channel_id: str | None,
    page: int,
) -> Message:
    person = services.people.get(user_id)
    here = channel_id if scope == HERE else None
    who = Who(user_id=user_id, channel_id=here)
    found = upcoming_page(services.db, team_id, services.clock.now(), who, page=page)
    return list_message(
        found,
        scope=HERE if here else MINE,
        reader_id=user_id,
        locale=person.locale,
        tz=person.tz,
        channel_id=here,
    )
