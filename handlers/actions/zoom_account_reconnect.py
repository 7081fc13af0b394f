"""The 「再接続」 button in the DM sent when an account needs reconnecting."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack

from bot.services.container import Services
from handlers.actions.zoom_account_menu import open_account_operation
from handlers.errors import reporting_failures
from handlers.payload import team_id_of

ACTION_ID = "zoom_account_reconnect"


class ReconnectZoomAccountAction:
    def __init__(self, services: Services) -> None:
        self._services = services

    def handle(self, ack: Ack, body: dict[str, Any], action: dict[str, Any]) -> None:
        ack()
        services = self._services
        user_id = body["user"]["id"]
        with reporting_failures(services, user_id, ACTION_ID):
            value = str(action.get("value", ""))
            if not value.isdigit():
                return
            open_account_operation(
                services,
                team_id=team_id_of(body),
                user_id=user_id,
                trigger_id=body["trigger_id"],
                operation="reconnect",
                account_id=int(value),
            )
