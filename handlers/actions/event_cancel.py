"""The card's 「キャンセル」: a confirmation modal (with an optional reason), for those who may
cancel; others are told why not, and nothing changes."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack

from bot.services.container import Services
from bot.slack.cancel_modal import cancel_modal
from bot.slack.cards import CANCEL_ACTION
from handlers.errors import reporting_failures
from handlers.event_clicks import check_click, clicked_channel
from handlers.payload import team_id_of
from storage.repositories.events import EventRepository

ACTION_ID = CANCEL_ACTION


class CancelEventAction:
    def __init__(self, services: Services) -> None:
        self._services = services

    def handle(self, ack: Ack, body: dict[str, Any], action: dict[str, Any]) -> None:
        ack()
        services = self._services
        user_id = body["user"]["id"]
        with reporting_failures(services, user_id, ACTION_ID):
            checked = check_click(services, body, action)
            if checked is None:
                return
            event_id, _ = checked
            with services.db.transaction() as session:
                event = EventRepository(session).get(team_id_of(body), event_id)
                if event is None:
                    return
                kind, title, starts_at = event.kind, event.title, event.starts_at
            person = services.people.get(user_id)
            view = cancel_modal(
                event_id=event_id,
                kind=kind,
                title=title,
                starts_at=starts_at,
                locale=person.locale,
                tz=person.tz,
                origin_channel=clicked_channel(body),
            )
            services.slack.views_open(trigger_id=body["trigger_id"], view=view)
