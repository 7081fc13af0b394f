"""The 「連携解除」 confirmation's submission: forget the account (tokens revoked where Zoom
allows). Issued meetings stay; their events keep the account's name, marked unlinked."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack

from bot.errors import ZoomLinkError
from bot.messages import t
from bot.services.container import Services
from bot.slack import zoom_modals
from bot.slack.zoom_accounts_view import may_change
from handlers.errors import reporting_failures
from handlers.events.app_home_opened import publish_home
from handlers.payload import team_id_of
from handlers.zoom_accounts import account_row, dm, viewer_of
from storage.repositories.events import EventRepository

CALLBACK_ID = zoom_modals.REMOVE_CALLBACK


class RemoveZoomAccountSubmission:
    def __init__(self, services: Services) -> None:
        self._services = services

    def handle(self, ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
        services = self._services
        user_id = body["user"]["id"]
        team_id = team_id_of(body)
        person = services.people.get(user_id)
        locale = person.locale
        row = account_row(services, team_id, zoom_modals.account_of(view))
        if row is None:
            ack(
                response_action="update",
                view=zoom_modals.notice_view(locale, t(locale, "zoomui.gone")),
            )
            return
        if not may_change(row, viewer_of(services, team_id, person)):
            ack(
                response_action="update",
                view=zoom_modals.notice_view(locale, t(locale, "zoomui.refused")),
            )
            return
        ack()
        with reporting_failures(services, user_id, CALLBACK_ID):
            issued = upcoming_events_of(services, row.id)
            try:
                removed = services.zoom_accounts.unlink(team_id, row.name)
            except ZoomLinkError:
                dm(services, user_id, t(locale, "zoomui.gone"))
            else:
                dm(services, user_id, t(locale, "link.removed", name=removed.display_name))
                services.event_cards.refresh(issued)  # the name stays, marked unlinked
            publish_home(services, user_id=user_id, team_id=team_id)


def upcoming_events_of(services: Services, account_id: int) -> list[int]:
    """Scheduled events whose meeting this account issued and that have not ended."""
    with services.db.transaction() as session:
        return EventRepository(session).scheduled_ids_for_account(
            account_id, since=services.clock.now()
        )
