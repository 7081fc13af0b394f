"""The card's 「参加する」 / "Join": sign the clicker up if there is a seat, tell them (only
them) how it went in their language, and redraw the card's count. The meeting URL and the
reminders go by DM through the dispatcher, woken at once."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack

from bot.services.container import Services
from bot.services.signups import SignupResult, SignupService
from bot.slack.cards import JOIN_ACTION
from bot.slack.signup_replies import reply_channel, reply_text, tell
from handlers.errors import reporting_failures
from handlers.payload import team_id_of

ACTION_ID = JOIN_ACTION


class JoinEventAction:
    def __init__(self, services: Services) -> None:
        self._services = services
        self._signups = SignupService(services.db, services.clock)

    def handle(self, ack: Ack, body: dict[str, Any], action: dict[str, Any]) -> None:
        ack()
        user_id = body["user"]["id"]
        services = self._services
        with reporting_failures(services, user_id, ACTION_ID):
            reader = services.people.get(user_id)
            value = str(action.get("value", ""))
            result = (
                self._signups.join(team_id_of(body), int(value), reader)
                if value.isdigit()
                else SignupResult(None)
            )
            if result.planned:
                services.wakeup()
            text = reply_text(reader.locale, "join", result)
            if result.changed:
                services.event_cards.refresh([int(value)])
            tell(services.slack, services.people, reply_channel(result, body), user_id, text)
