"""The cancel confirmation submitted: checked again (a forged or stale submission is refused
inline), the modal closes, and the cancel runs on the worker."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack

from bot.messages import t
from bot.services.container import Services
from bot.services.event_access import REFUSAL_KEYS, event_id_of
from bot.slack import cancel_modal
from handlers.errors import reporting_failures
from handlers.payload import team_id_of

CALLBACK_ID = cancel_modal.CALLBACK_ID


class CancelEventSubmission:
    def __init__(self, services: Services) -> None:
        self._services = services

    def handle(self, ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
        services = self._services
        user_id = body["user"]["id"]
        team_id = team_id_of(body)
        event_id = event_id_of(cancel_modal.metadata_of(view).get("event_id"))
        access = services.lifecycle.access.check(team_id, event_id, user_id)
        if event_id is None or not access.allowed:
            locale = services.people.locale(user_id)
            text = t(locale, REFUSAL_KEYS[access.verdict])
            ack(response_action="errors", errors={cancel_modal.REASON: text})
            return
        ack()
        reason = cancel_modal.reason_of(view)

        def cancel() -> None:
            with reporting_failures(services, user_id, CALLBACK_ID):
                services.lifecycle.canceller.cancel(
                    team_id, event_id, actor_id=user_id, reason=reason
                )

        services.worker.submit(cancel)
