"""The ⋯ menu beside each linked account: reconnect, settings, remove.

Managers may do all three to any account; anyone may reconnect or remove their own Zoom
user. The menu is only shown to those allowed, but payloads can be forged: checked again."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack

from bot.messages import t
from bot.services.container import Services
from bot.slack import zoom_modals
from bot.slack.zoom_accounts_view import MENU_ACTION, may_change
from handlers.errors import reporting_failures
from handlers.payload import team_id_of
from handlers.zoom_accounts import account_row, dm, reconnect_view, viewer_of

ACTION_ID = MENU_ACTION


class ZoomAccountMenuAction:
    def __init__(self, services: Services) -> None:
        self._services = services

    def handle(self, ack: Ack, body: dict[str, Any], action: dict[str, Any]) -> None:
        ack()
        services = self._services
        user_id = body["user"]["id"]
        with reporting_failures(services, user_id, ACTION_ID):
            value = str((action.get("selected_option") or {}).get("value", ""))
            operation, _, raw_id = value.partition(":")
            if operation not in ("reconnect", "settings", "remove") or not raw_id.isdigit():
                return
            open_account_operation(
                services,
                team_id=team_id_of(body),
                user_id=user_id,
                trigger_id=body["trigger_id"],
                operation=operation,
                account_id=int(raw_id),
            )


def open_account_operation(
    services: Services,
    *,
    team_id: str,
    user_id: str,
    trigger_id: str,
    operation: str,
    account_id: int,
) -> None:
    person = services.people.get(user_id)
    locale = person.locale
    row = account_row(services, team_id, account_id)
    if row is None:
        view = zoom_modals.notice_view(locale, t(locale, "zoomui.gone"))
        services.slack.views_open(trigger_id=trigger_id, view=view)
        return
    viewer = viewer_of(services, team_id, person)
    allowed = viewer.can_manage if operation == "settings" else may_change(row, viewer)
    if not allowed:
        dm(services, user_id, t(locale, "zoomui.refused"))
        return
    if operation == "remove":
        view = zoom_modals.remove_modal(locale, account_id=row.id, name=row.name, email=row.email)
    elif operation == "settings":
        name, settings = services.zoom_settings.load(team_id, row.id)
        view = zoom_modals.settings_modal(
            locale, account_id=row.id, name=name, email=row.email, settings=settings
        )
    else:
        view = reconnect_view(services, team_id=team_id, person=person, row=row)
    services.slack.views_open(trigger_id=trigger_id, view=view)
