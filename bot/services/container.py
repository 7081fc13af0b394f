"""`Services`: everything a listener may use, built once by `bot.app.build_services`."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import httpx
from slack_sdk import WebClient

from bot.clock import Clock
from bot.services.event_cards import EventCards
from bot.services.event_form import EventFormValidator
from bot.services.event_lifecycle import EventLifecycle
from bot.services.events import EventService
from bot.services.reminders import ReminderDispatcher
from bot.services.roles import Roles
from bot.services.zoom_account_health import ZoomAccountHealth
from bot.services.zoom_account_settings import ZoomAccountSettings
from bot.services.zoom_accounts import ZoomAccountService
from bot.services.zoom_tokens import ZoomTokenService
from bot.settings import Settings
from bot.slack.client import PooledWebClient
from bot.slack.people import PeopleDirectory
from bot.worker import Worker
from storage.db import Database


class Wakeup:
    """Tells whoever listens (the scheduler) that reminders were planned."""

    def __init__(self) -> None:
        self._listeners: list[Callable[[], None]] = []

    def subscribe(self, listener: Callable[[], None]) -> None:
        self._listeners.append(listener)

    def __call__(self) -> None:
        for listener in self._listeners:
            listener()


@dataclass
class Services:
    settings: Settings
    clock: Clock
    db: Database
    slack: WebClient
    people: PeopleDirectory
    tokens: ZoomTokenService
    zoom_accounts: ZoomAccountService
    validator: EventFormValidator
    events: EventService
    dispatcher: ReminderDispatcher
    worker: Worker
    wakeup: Wakeup
    listener_pool: ThreadPoolExecutor
    roles: Roles
    zoom_settings: ZoomAccountSettings
    zoom_health: ZoomAccountHealth
    event_cards: EventCards
    lifecycle: EventLifecycle
    http_clients: list[httpx.Client] = field(default_factory=list)

    def close(self) -> None:
        self.listener_pool.shutdown(wait=True)
        self.worker.shutdown()
        for client in self.http_clients:
            client.close()
        if isinstance(self.slack, PooledWebClient):
            self.slack.close()
        self.db.dispose()
