"""The card's 「リマインダー」 button: the event's reminders ledger, in a modal."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack

from bot.messages import t
from bot.services.container import Services
from bot.slack.cards import SHOW_REMINDERS_ACTION
from bot.slack.ledger import ledger_modal
from handlers.errors import reporting_failures
from handlers.payload import team_id_of
from storage.repositories.events import EventRepository
from storage.repositories.ledger import LedgerRepository

ACTION_ID = SHOW_REMINDERS_ACTION


class ShowRemindersAction:
    def __init__(self, services: Services) -> None:
        self._services = services

    def handle(self, ack: Ack, body: dict[str, Any], action: dict[str, Any]) -> None:
        ack()
        user_id = body["user"]["id"]
        team_id = team_id_of(body)
        with reporting_failures(self._services, user_id, ACTION_ID):
            person = self._services.people.get(user_id)
            value = str(action.get("value", ""))
            with self._services.db.transaction() as session:
                event = (
                    EventRepository(session).get(team_id, int(value)) if value.isdigit() else None
                )
                rows = LedgerRepository(session).for_event(event.id) if event else []
                title = event.title if event else ""
            if event is None:
                view = {
                    "type": "modal",
                    "title": {"type": "plain_text", "text": t(person.locale, "ledger.title")},
                    "blocks": [
                        {
                            "type": "section",
                            "text": {
                                "type": "mrkdwn",
                                "text": t(person.locale, "ledger.not_found"),
                            },
                        }
                    ],
                }
            else:
                view = ledger_modal(title, rows, person.locale, person.tz)
            self._services.slack.views_open(trigger_id=body["trigger_id"], view=view)
