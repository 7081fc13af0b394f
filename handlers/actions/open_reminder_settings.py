"""The App Home's 「リマインダー設定」 button (shown to admins): opens the settings modal.

The button is only shown to admins, but a payload can be forged: the handler checks again
and answers anyone else with a DM refusal, opening nothing.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack

from bot.messages import t
from bot.services.container import Services
from bot.services.workspace_settings import load_settings
from bot.slack.settings_modal import build_settings_modal
from handlers.errors import reporting_failures
from handlers.events.app_home_opened import SETTINGS_ACTION
from handlers.payload import team_id_of

ACTION_ID = SETTINGS_ACTION


def refuse(services: Services, user_id: str) -> None:
    """Tell a non-admin, by DM, that only admins change the reminder settings."""
    locale = services.people.locale(user_id)
    services.slack.chat_postMessage(
        channel=services.people.dm_channel(user_id), text=t(locale, "settings.refused")
    )


class OpenReminderSettingsAction:
    def __init__(self, services: Services) -> None:
        self._services = services

    def handle(self, ack: Ack, body: dict[str, Any]) -> None:
        ack()
        services = self._services
        user_id = body["user"]["id"]
        team_id = team_id_of(body)
        with reporting_failures(services, user_id, ACTION_ID):
            person = services.people.get(user_id)
            if not services.people.is_admin_now(user_id):
                refuse(services, user_id)
                return
            current = load_settings(services.db, team_id)
            view = build_settings_modal(
                locale=person.locale,
                template_ja=current.template_ja,
                template_en=current.template_en,
                quiet_start=current.quiet_start,
                quiet_end=current.quiet_end,
                country=current.country,
            )
            services.slack.views_open(trigger_id=body["trigger_id"], view=view)
