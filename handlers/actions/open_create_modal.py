"""The App Home's 「イベントを作成」 button opens the same modal as `/recruit`."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack

from bot.services.container import Services
from handlers.errors import reporting_failures
from handlers.payload import team_id_of
from handlers.views.create_event import open_create_modal

ACTION_ID = "home_create_event"


class OpenCreateModalAction:
    def __init__(self, services: Services) -> None:
        self._services = services

    def handle(self, ack: Ack, body: dict[str, Any]) -> None:
        ack()
        with reporting_failures(self._services, body["user"]["id"], ACTION_ID):
            open_create_modal(
                self._services,
                team_id=team_id_of(body),
                user_id=body["user"]["id"],
                trigger_id=body["trigger_id"],
                origin_channel=None,
            )
