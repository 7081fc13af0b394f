"""「自分の Zoom を連携」: anyone links their own Zoom user through this bot's shared app
(one click in Zoom). The account is marked as theirs, so 「自動」 prefers it for events they
take part in."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack

from bot.messages import t
from bot.services.container import Services
from bot.slack import zoom_modals
from bot.slack.zoom_accounts_view import LINK_MINE_ACTION
from handlers.errors import reporting_failures
from handlers.payload import team_id_of
from handlers.zoom_accounts import account_rows, authorize_view_for
from storage.models import ZoomAuthType

ACTION_ID = LINK_MINE_ACTION


class LinkMyZoomAction:
    def __init__(self, services: Services) -> None:
        self._services = services

    def handle(self, ack: Ack, body: dict[str, Any]) -> None:
        ack()
        services = self._services
        user_id = body["user"]["id"]
        team_id = team_id_of(body)
        with reporting_failures(services, user_id, ACTION_ID):
            person = services.people.get(user_id)
            if services.settings.zoom_client_id is None:
                view = zoom_modals.notice_view(
                    person.locale, t(person.locale, "zoomui.shared_unavailable")
                )
            else:
                view = authorize_view_for(
                    services,
                    team_id=team_id,
                    person=person,
                    auth_type=ZoomAuthType.SHARED_APP,
                    name=_free_name(person.name, person.user_id, account_rows(services, team_id)),
                )
            services.slack.views_open(trigger_id=body["trigger_id"], view=view)


def _free_name(name: str, user_id: str, rows: list[Any]) -> str:
    """The person's name as the account's name, made unique in the workspace."""
    taken = {row.name for row in rows}
    base = (name or user_id)[:60]
    if base not in taken:
        return base
    return f"{base} ({user_id})"[:80]
