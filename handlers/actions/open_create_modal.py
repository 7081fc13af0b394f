"""The App Home's 「イベントを作成」 button opens the same modal as `/recruit` (or, for someone
who may not create events, a notice naming the user group that may)."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack

from bot.services.container import Services
from bot.slack.notice_modal import notice_modal
from handlers.errors import reporting_failures
from handlers.payload import team_id_of
from handlers.recruiter_gate import creation_refusal
from handlers.views.create_event import open_create_modal

ACTION_ID = "home_create_event"


class OpenCreateModalAction:
    def __init__(self, services: Services) -> None:
        self._services = services

    def handle(self, ack: Ack, body: dict[str, Any]) -> None:
        ack()
        with reporting_failures(self._services, body["user"]["id"], ACTION_ID):
            refusal = creation_refusal(self._services, team_id_of(body), body["user"]["id"])
            if refusal is not None:
                locale = self._services.people.locale(body["user"]["id"])
                self._services.slack.views_open(
                    trigger_id=body["trigger_id"],
                    view=notice_modal(locale, "modal.title", refusal),
                )
                return
            open_create_modal(
                self._services,
                team_id=team_id_of(body),
                user_id=body["user"]["id"],
                trigger_id=body["trigger_id"],
                origin_channel=None,
            )
