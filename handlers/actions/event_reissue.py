"""The card's 「URL再発行」: a modal to pick the account the meeting moves to, for those who may
change the event; others are told why not (as is anyone asking once it has started), and
nothing changes."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack

from bot.services.container import Services
from bot.slack.cards import REISSUE_ACTION
from bot.slack.reissue_modal import reissue_modal
from handlers.errors import reporting_failures
from handlers.event_clicks import check_click, clicked_channel
from handlers.payload import team_id_of

ACTION_ID = REISSUE_ACTION


class ReissueEventAction:
    def __init__(self, services: Services) -> None:
        self._services = services

    def handle(self, ack: Ack, body: dict[str, Any], action: dict[str, Any]) -> None:
        ack()
        services = self._services
        user_id = body["user"]["id"]
        with reporting_failures(services, user_id, ACTION_ID):
            checked = check_click(services, body, action)
            if checked is None:
                return
            event_id, access = checked
            reissuer = services.lifecycle.reissuer
            team_id = team_id_of(body)
            refusal = reissuer.refusal(team_id, event_id)
            choices = reissuer.choices(team_id, event_id) if refusal is None else None
            if choices is None:
                channel = clicked_channel(body) or access.channel_id
                services.lifecycle.notices.tell(
                    channel, user_id, refusal or "event_change.not_found"
                )
                return
            person = services.people.get(user_id)
            view = reissue_modal(
                event_id=event_id,
                kind=choices.kind,
                title=choices.title,
                starts_at=choices.starts_at,
                current_account=choices.current_name,
                states=choices.states,
                locale=person.locale,
                tz=person.tz,
                origin_channel=clicked_channel(body),
            )
            services.slack.views_open(trigger_id=body["trigger_id"], view=view)
