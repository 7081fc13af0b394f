"""`/recruit list`'s Previous / Next: the ephemeral list is replaced in place through the
message's `response_url` (ephemeral messages can't be edited with `chat.update`)."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, Respond

from bot.messages import t
from bot.services.container import Services
from bot.slack.event_list_view import PAGE_ACTIONS, parse_page_value
from handlers.errors import reporting_failures
from handlers.event_lists import list_page_message
from handlers.payload import team_id_of

ACTION_IDS = PAGE_ACTIONS

logger = logging.getLogger(__name__)


class EventListPageAction:
    def __init__(self, services: Services) -> None:
        self._services = services

    def handle(
        self, ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond
    ) -> None:
        ack()
        services = self._services
        user_id = body["user"]["id"]
        with reporting_failures(services, user_id, "event_list_page"):
            scope, page = parse_page_value(str(action.get("value") or ""))
            channel_id = (body.get("channel") or {}).get("id") or (body.get("container") or {}).get(
                "channel_id"
            )
            message = list_page_message(
                services,
                team_id=team_id_of(body),
                user_id=user_id,
                scope=scope,
                channel_id=channel_id,
                page=page,
            )
            answer = (
                respond(replace_original=True, text=message.text, blocks=message.blocks)
                if body.get("response_url")
                else None
            )
            if answer is None or answer.status_code != 200:
                # The list's response_url is gone (used up or over 30 minutes old): say so.
                status = None if answer is None else answer.status_code
                logger.info("event list page not shown through response_url (%s)", status)
                services.slack.chat_postMessage(
                    channel=services.people.dm_channel(user_id),
                    text=t(services.people.locale(user_id), "list.expired"),
                )
