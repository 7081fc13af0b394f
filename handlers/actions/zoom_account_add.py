"""「アカウントを追加」 (App Home or `/recruit zoom`): opens the add modal for managers."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack

from bot.messages import t
from bot.services.container import Services
from bot.slack import zoom_modals
from bot.slack.zoom_accounts_view import ADD_ACTION
from handlers.errors import reporting_failures
from handlers.payload import team_id_of
from handlers.zoom_accounts import dm

ACTION_ID = ADD_ACTION


class AddZoomAccountAction:
    def __init__(self, services: Services) -> None:
        self._services = services

    def handle(self, ack: Ack, body: dict[str, Any]) -> None:
        ack()
        services = self._services
        user_id = body["user"]["id"]
        with reporting_failures(services, user_id, ACTION_ID):
            locale = services.people.locale(user_id)
            if not services.roles.can_manage_zoom(team_id_of(body), user_id):
                dm(services, user_id, t(locale, "zoomui.refused"))
                return
            services.slack.views_open(
                trigger_id=body["trigger_id"], view=zoom_modals.add_modal(locale)
            )
