"""The channel card of an event, drawn again from the database and updated in place.

Used whenever something the card shows changes after it was posted: a meeting changed in
Zoom, the issuing Zoom account unlinked (the card keeps its name, marked unlinked), and —
with the lifecycle issue — edits.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.services.reminder_plan import schedule
from bot.slack.cards import EventView, event_card, event_view
from bot.slack.people import PeopleDirectory
from storage.db import Database
from storage.models import Event, EventStatus, Workspace
from storage.repositories.events import EventRepository
from storage.repositories.workspaces import WorkspaceRepository

logger = logging.getLogger(__name__)


def card_view(event: Event, workspace: Workspace | None) -> EventView:
    """The card as posted: reminder times as planned when the event was created (what
    happened to each since is in the reminders ledger)."""
    return event_view(
        event,
        [participant.user_id for participant in event.participants],
        _planned(event, workspace, event.reminder_specs),
        _planned(event, workspace, event.channel_reminder_specs),
    )


def _planned(
    event: Event, workspace: Workspace | None, specs: list[str]
) -> tuple[tuple[str, datetime | None], ...]:
    planned = schedule(
        event, event.timezone, workspace=workspace, now=event.created_at, specs=specs
    )
    return tuple((spec, None if skip else due) for spec, due, skip in planned)


class EventCards:
    def __init__(self, db: Database, slack: WebClient, people: PeopleDirectory) -> None:
        self._db = db
        self._slack = slack
        self._people = people

    def refresh(self, event_ids: Iterable[int]) -> int:
        """Redraw the posted cards of these scheduled events; returns how many were updated.
        A failure is logged per card and does not stop the others."""
        views: list[tuple[EventView, str]] = []
        with self._db.transaction() as session:
            events = EventRepository(session)
            workspaces = WorkspaceRepository(session)
            for event_id in event_ids:
                event = events.get_by_id(event_id)
                if event is None or event.card_ts is None or event.status != EventStatus.SCHEDULED:
                    continue
                views.append((card_view(event, workspaces.get(event.team_id)), event.card_ts))
        updated = 0
        locale = self._people.default_locale
        for view, card_ts in views:
            card = event_card(view, locale)
            try:
                self._slack.chat_update(
                    channel=view.channel_id, ts=card_ts, text=card.text, blocks=card.blocks
                )
                updated += 1
            except SlackApiError as exc:
                logger.warning("event %s: card not updated: %s", view.id, exc.response.get("error"))
            except (SlackClientError, OSError) as exc:
                logger.warning("event %s: card not updated: %s", view.id, type(exc).__name__)
        return updated
