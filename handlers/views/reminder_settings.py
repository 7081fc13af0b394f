"""The reminder settings modal's submission: admins only; inline errors, then save.

A submission from someone who is not an admin (forged, or demoted since the modal opened)
is refused on the modal itself and changes nothing. Admin status comes from Slack's
`is_admin`/`is_owner`, asked of Slack at each check (never from a cache).
"""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack

from bot.errors import FieldErrors
from bot.messages import t
from bot.services.container import Services
from bot.services.workspace_settings import save_settings, validate_settings
from bot.slack import settings_modal
from handlers.errors import reporting_failures
from handlers.events.app_home_opened import publish_home
from handlers.payload import team_id_of

CALLBACK_ID = settings_modal.CALLBACK_ID


class ReminderSettingsSubmission:
    def __init__(self, services: Services) -> None:
        self._services = services

    def handle(self, ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
        services = self._services
        user_id = body["user"]["id"]
        team_id = team_id_of(body)
        person = services.people.get(user_id)
        if not services.people.is_admin_now(user_id):
            ack(
                response_action="errors",
                errors={settings_modal.TEMPLATE_JA: t(person.locale, "settings.refused")},
            )
            return
        try:
            settings = validate_settings(
                settings_modal.parse_settings(view), now=services.clock.now()
            )
        except FieldErrors as exc:
            ack(
                response_action="errors",
                errors={
                    block: t(person.locale, key, **params)
                    for block, (key, params) in exc.errors.items()
                },
            )
            return
        save_settings(services.db, team_id, settings, now=services.clock.now())
        ack()
        with reporting_failures(services, user_id, CALLBACK_ID):
            publish_home(services, user_id=user_id, team_id=team_id)
