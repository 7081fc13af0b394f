"""The card's 「参加をやめる」 / "Leave": take back the clicker's sign-up (their pending
reminders are skipped), tell them (only them) in their language, and redraw the card's
count. Someone the organizer invited is asked to talk to the organizer instead."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack

from bot.services.container import Services
from bot.services.signups import SignupResult, SignupService
from bot.slack.cards import LEAVE_ACTION
from bot.slack.signup_replies import reply_channel, reply_text, tell
from handlers.errors import reporting_failures
from handlers.payload import team_id_of

ACTION_ID = LEAVE_ACTION


class LeaveEventAction:
    def __init__(self, services: Services) -> None:
        self._services = services
        self._signups = SignupService(services.db, services.clock)

    def handle(self, ack: Ack, body: dict[str, Any], action: dict[str, Any]) -> None:
        ack()
        user_id = body["user"]["id"]
        services = self._services
        with reporting_failures(services, user_id, ACTION_ID):
            value = str(action.get("value", ""))
            result = (
                self._signups.leave(team_id_of(body), int(value), user_id)
                if value.isdigit()
                else SignupResult(None)
            )
            text = reply_text(services.people.locale(user_id), "leave", result)
            if result.changed:
                services.event_cards.refresh([int(value)])
            tell(services.slack, services.people, reply_channel(result, body), user_id, text)
