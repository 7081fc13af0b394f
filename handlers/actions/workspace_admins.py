"""The admins' 「recruitbot の管理者」 picker in the App Home (Slack admins and owners are
admins without being picked)."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack

from bot.messages import t
from bot.services.container import Services
from bot.slack.roles_view import ADMINS_ACTION
from handlers.errors import reporting_failures
from handlers.events.app_home_opened import publish_home
from handlers.payload import team_id_of
from handlers.zoom_accounts import dm

ACTION_ID = ADMINS_ACTION


class WorkspaceAdminsAction:
    def __init__(self, services: Services) -> None:
        self._services = services

    def handle(self, ack: Ack, body: dict[str, Any], action: dict[str, Any]) -> None:
        ack()
        services = self._services
        user_id = body["user"]["id"]
        team_id = team_id_of(body)
        with reporting_failures(services, user_id, ACTION_ID):
            if not services.roles.is_admin(team_id, user_id):
                dm(services, user_id, t(services.people.locale(user_id), "zoomui.refused_admin"))
            else:
                chosen = [str(u) for u in action.get("selected_users") or []]
                services.roles.set_admins(team_id, chosen, granted_by=user_id)
            publish_home(services, user_id=user_id, team_id=team_id)
