"""The App Home tab: how to create an event, and the linked Zoom accounts (read-only)."""

from __future__ import annotations

from typing import Any

from bot.messages import t
from bot.services.container import Services
from handlers.actions.open_create_modal import ACTION_ID as CREATE_ACTION
from storage.repositories.zoom_accounts import ZoomAccountRepository

EVENT = "app_home_opened"


class AppHomeOpened:
    def __init__(self, services: Services) -> None:
        self._services = services

    def handle(self, event: dict[str, Any], context: dict[str, Any]) -> None:
        if event.get("tab") not in (None, "home"):
            return
        user_id = event["user"]
        team_id = context.get("team_id") or ""
        locale = self._services.people.locale(user_id)
        with self._services.db.transaction() as session:
            lines = [
                t(
                    locale,
                    "home.account_line",
                    name=a.display_name,
                    email=a.zoom_email,
                    status=t(locale, f"status.{a.status}"),
                )
                for a in ZoomAccountRepository(session).list_for_team(team_id)
            ]
        blocks: list[dict[str, Any]] = [
            {"type": "section", "text": {"type": "mrkdwn", "text": t(locale, "home.intro")}},
            {
                "type": "actions",
                "elements": [
                    {
                        "type": "button",
                        "action_id": CREATE_ACTION,
                        "style": "primary",
                        "text": {"type": "plain_text", "text": t(locale, "home.create")},
                    }
                ],
            },
            {"type": "divider"},
            {"type": "header", "text": {"type": "plain_text", "text": t(locale, "home.accounts")}},
            {
                "type": "section",
                "text": {
                    "type": "mrkdwn",
                    "text": "\n".join(lines) if lines else t(locale, "home.no_accounts"),
                },
            },
        ]
        self._services.slack.views_publish(user_id=user_id, view={"type": "home", "blocks": blocks})
