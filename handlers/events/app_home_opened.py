"""The App Home tab: how to create an event, 「自分の予定」, 「Zoom連携」 (the linked accounts,
with add / reconnect / settings / remove for those allowed), and for admins the reminder
settings, upcoming reminders, the workspace's upcoming events and who may create events /
who else is an admin."""

from __future__ import annotations

from typing import Any

from bot.messages import Locale, t
from bot.services.container import Services
from bot.services.workspace_settings import ReminderSettings, load_settings
from bot.slack.ledger import reminders_overview
from bot.slack.zoom_accounts_view import accounts_blocks
from handlers.actions.open_create_modal import ACTION_ID as CREATE_ACTION
from handlers.home_sections import admin_blocks, my_events_blocks
from handlers.zoom_accounts import account_rows, viewer_of
from storage.repositories.ledger import LedgerRepository

UPCOMING_FOR_ADMINS = 10

EVENT = "app_home_opened"
SETTINGS_ACTION = "home_reminder_settings"


class AppHomeOpened:
    def __init__(self, services: Services) -> None:
        self._services = services

    def handle(self, event: dict[str, Any], context: dict[str, Any]) -> None:
        if event.get("tab") not in (None, "home"):
            return
        publish_home(self._services, user_id=event["user"], team_id=context.get("team_id") or "")


def publish_home(services: Services, *, user_id: str, team_id: str) -> None:
    person = services.people.get(user_id)
    locale = person.locale
    viewer = viewer_of(services, team_id, person)
    managers = services.roles.zoom_managers(team_id) if viewer.is_admin else ()
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
        *my_events_blocks(services, team_id, person),
        {"type": "divider"},
        *accounts_blocks(account_rows(services, team_id), viewer, managers),
    ]
    if viewer.is_admin:
        blocks += _settings_blocks(load_settings(services.db, team_id), locale)
        with services.db.transaction() as session:
            upcoming = LedgerRepository(session).upcoming(
                team_id, services.clock.now(), UPCOMING_FOR_ADMINS
            )
            blocks += reminders_overview(upcoming, locale, person.tz)
        blocks += admin_blocks(services, team_id, person)
    services.slack.views_publish(user_id=user_id, view={"type": "home", "blocks": blocks})


def _settings_blocks(settings: ReminderSettings, locale: Locale) -> list[dict[str, Any]]:
    def which(text: str | None) -> str:
        return t(locale, "home.template_custom" if text else "home.template_builtin")

    quiet = (
        f"{settings.quiet_start}–{settings.quiet_end}"
        if settings.quiet_start and settings.quiet_end
        else t(locale, "home.quiet_off")
    )
    summary = t(
        locale,
        "home.settings_summary",
        quiet=quiet,
        country=settings.country,
        ja=which(settings.template_ja),
        en=which(settings.template_en),
    )
    return [
        {"type": "divider"},
        {"type": "header", "text": {"type": "plain_text", "text": t(locale, "home.settings")}},
        {
            "type": "section",
            "block_id": "reminder_settings",
            "text": {"type": "mrkdwn", "text": summary},
            "accessory": {
                "type": "button",
                "action_id": SETTINGS_ACTION,
                "text": {"type": "plain_text", "text": t(locale, "home.settings")},
            },
        },
    ]
