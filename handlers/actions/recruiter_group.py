"""The admins' 「イベントを作成できる人」 select in the App Home: everyone, or a user group."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack

from bot.messages import t
from bot.services.container import Services
from bot.slack.roles_view import EVERYONE, RECRUITER_GROUP_ACTION
from handlers.errors import reporting_failures
from handlers.events.app_home_opened import publish_home
from handlers.payload import team_id_of
from handlers.zoom_accounts import dm

ACTION_ID = RECRUITER_GROUP_ACTION


class RecruiterGroupAction:
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
                value = str((action.get("selected_option") or {}).get("value") or EVERYONE)
                services.roles.set_recruiter_group(team_id, None if value == EVERYONE else value)
            publish_home(services, user_id=user_id, team_id=team_id)
