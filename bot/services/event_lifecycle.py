"""Changes people make to a scheduled event (edit, reissue the URL, cancel), built once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from slack_sdk import WebClient

from bot.clock import Clock
from bot.services.event_access import EventAccess
from bot.services.event_cancel import EventCanceller
from bot.services.event_edit import EventEditor
from bot.services.event_notices import EventNotices
from bot.services.event_reissue import EventReissuer, build_reissuer
from bot.services.roles import Roles
from bot.slack.people import PeopleDirectory
from providers.base import MeetingProvider
from storage.db import Database


@dataclass(frozen=True)
class EventLifecycle:
    access: EventAccess
    notices: EventNotices
    canceller: EventCanceller
    reissuer: EventReissuer
    editor: EventEditor


def build_lifecycle(
    db: Database,
    provider: MeetingProvider,
    slack: WebClient,
    people: PeopleDirectory,
    roles: Roles,
    clock: Clock,
    *,
    on_reminders_planned: Callable[[], None] = lambda: None,
) -> EventLifecycle:
    notices = EventNotices(slack, people)
    return EventLifecycle(
        access=EventAccess(db, roles),
        notices=notices,
        canceller=EventCanceller(db, provider, notices, clock),
        reissuer=build_reissuer(db, provider, slack, people, notices, clock),
        editor=EventEditor(db, provider, notices, clock, on_reminders_planned=on_reminders_planned),
    )
