"""The account settings modal's submission (managers only): priority for 「自動」, meetings
at once, whose own Zoom user it is, and the meeting defaults."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack

from bot.errors import FieldErrors, ZoomLinkError
from bot.messages import t
from bot.services.container import Services
from bot.slack import zoom_modals
from handlers.errors import reporting_failures
from handlers.events.app_home_opened import publish_home
from handlers.payload import team_id_of

CALLBACK_ID = zoom_modals.SETTINGS_CALLBACK


class ZoomAccountSettingsSubmission:
    def __init__(self, services: Services) -> None:
        self._services = services

    def handle(self, ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
        services = self._services
        user_id = body["user"]["id"]
        team_id = team_id_of(body)
        locale = services.people.locale(user_id)
        if not services.roles.can_manage_zoom(team_id, user_id):
            ack(
                response_action="errors",
                errors={zoom_modals.PRIORITY: t(locale, "zoomui.refused")},
            )
            return
        try:
            settings = zoom_modals.parse_settings(view)
        except FieldErrors as exc:
            ack(
                response_action="errors",
                errors={b: t(locale, key, **params) for b, (key, params) in exc.errors.items()},
            )
            return
        try:
            services.zoom_settings.save(team_id, zoom_modals.account_of(view), settings)
        except ZoomLinkError:
            ack(
                response_action="update",
                view=zoom_modals.notice_view(locale, t(locale, "zoomui.gone")),
            )
            return
        ack()
        with reporting_failures(services, user_id, CALLBACK_ID):
            publish_home(services, user_id=user_id, team_id=team_id)
