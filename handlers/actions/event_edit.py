"""The card's 「編集」 (and `/recruit list`'s): the edit modal, filled with the event as it is
now, for those who may edit; others are told why not, and nothing changes."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack

from bot.services.container import Services
from bot.slack.cards import EDIT_ACTION
from bot.slack.edit_modal import EditValues, build_edit_modal
from bot.slack.signup_fields import SignupSettings
from handlers.errors import reporting_failures
from handlers.event_clicks import check_click, clicked_channel
from handlers.payload import team_id_of
from storage.models import ParticipantSource
from storage.repositories.events import EventRepository

ACTION_ID = EDIT_ACTION


class EditEventAction:
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
            event_id, _ = checked
            with services.db.transaction() as session:
                event = EventRepository(session).get(team_id_of(body), event_id)
                if event is None:
                    return
                values = EditValues(
                    event_id=event.id,
                    version=event.version,
                    kind=event.kind,
                    title=event.title,
                    starts_at=event.starts_at,
                    duration_minutes=event.duration_minutes,
                    timezone=event.timezone,
                    invited=tuple(
                        p.user_id
                        for p in event.participants
                        if p.source != ParticipantSource.SIGNED_UP
                    ),
                    note=event.note,
                    signups=SignupSettings.of(event),
                )
            view = build_edit_modal(
                values,
                locale=services.people.locale(user_id),
                origin_channel=clicked_channel(body),
                now=services.clock.now(),
            )
            services.slack.views_open(trigger_id=body["trigger_id"], view=view)
