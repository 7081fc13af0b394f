"""The create modal's date, time or time zone changed: show each Zoom account's state for the
new slot (free, busy, at its limit, quota, needs reconnect) in the account options.

The inputs dispatch an action on change (`dispatch_action`); the modal is updated with the
same blocks and ids, so Slack keeps everything typed, and with `hash`, so an update racing
another one (a second change, a preview) loses instead of overwriting it.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack
from slack_sdk.errors import SlackApiError

from bot.services.account_choice import Slot
from bot.services.container import Services
from bot.services.event_form import form_start
from bot.slack import create_modal
from bot.slack.account_states import account_choices
from handlers.errors import reporting_failures
from handlers.payload import team_id_of

logger = logging.getLogger(__name__)

ACTION_IDS = create_modal.SLOT_FIELDS


def in_create_modal(body: dict[str, Any]) -> bool:
    """Only the create modal's inputs (other views may reuse these action ids)."""
    return bool((body.get("view") or {}).get("callback_id") == create_modal.CALLBACK_ID)


class RefreshAccountOptions:
    def __init__(self, services: Services) -> None:
        self._services = services

    def handle(self, ack: Ack, body: dict[str, Any]) -> None:
        ack()
        user_id = body["user"]["id"]
        with reporting_failures(self._services, user_id, "refresh_account_options"):
            self._refresh(body, user_id)

    def _refresh(self, body: dict[str, Any], user_id: str) -> None:
        services = self._services
        view = body.get("view") or {}
        if not view.get("id"):
            return
        form = create_modal.parse_submission(view)
        start = form_start(form)
        if start is None:
            return  # half-typed: nothing to show yet
        slot = Slot.of(start, form.duration or create_modal.DEFAULT_DURATION, form.timezone)
        person = services.people.get(user_id)
        states = services.events.availability.states(team_id_of(body), slot)
        choices = account_choices(states, person.locale, create_modal.default_zone(person.tz))
        try:
            services.slack.views_update(
                view_id=view["id"],
                hash=view.get("hash"),
                view=create_modal.with_account_options(view, person.locale, choices),
            )
        except SlackApiError as exc:
            if exc.response.get("error") != "hash_conflict":
                raise
            logger.info("account options not refreshed: the modal changed meanwhile")
