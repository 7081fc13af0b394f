"""The composition root: settings → database → HTTP clients → providers → services → Bolt.

Nothing here is global; tests and the demo build as many apps as they like, each with its
own clock, database and stand-in URLs.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import httpx
from slack_bolt import App
from slack_sdk import WebClient

from bot.clock import Clock, SystemClock
from bot.services.container import Services, Wakeup
from bot.services.event_cards import EventCards
from bot.services.event_form import EventFormValidator
from bot.services.event_lifecycle import build_lifecycle
from bot.services.events import EventService
from bot.services.reminders import ReminderDispatcher
from bot.services.roles import Roles
from bot.services.zoom_account_health import ZoomAccountHealth
from bot.services.zoom_account_settings import ZoomAccountSettings
from bot.services.zoom_accounts import ZoomAccountService
from bot.services.zoom_authorizations import ZoomAuthorizations
from bot.services.zoom_reconnect_notice import ReconnectNotifier
from bot.services.zoom_tokens import ZoomTokenService
from bot.settings import Settings
from bot.slack.client import PooledWebClient
from bot.slack.people import PeopleDirectory
from bot.slack.usergroups import UserGroups
from bot.worker import Worker
from providers.zoom.client import ZoomApi
from providers.zoom.oauth import AppCredentials, ZoomOAuth
from providers.zoom.provider import ZoomMeetingProvider
from storage.db import Database, make_engine

# Bolt's listener pool: acks and quick Slack calls only (slow work goes to `Worker`).
LISTENER_THREADS = 16


def http_timeout(settings: Settings) -> httpx.Timeout:
    return httpx.Timeout(settings.http_timeout_seconds, connect=5.0)


def build_services(
    settings: Settings,
    *,
    clock: Clock | None = None,
    slack_client: WebClient | None = None,
    database: Database | None = None,
    dispatcher_owner: str | None = None,
) -> Services:
    clock = clock or SystemClock()
    box = settings.secret_box()
    db = database or Database(make_engine(settings.sqlalchemy_url))
    bot_token = settings.slack_bot_token.get_secret_value() if settings.slack_bot_token else None
    slack = slack_client or PooledWebClient(
        token=bot_token,
        base_url=settings.slack_api_url,
        timeout=int(settings.http_timeout_seconds),
        # No automatic retries: a retried chat.postMessage may post twice. Callers decide.
        retry_handlers=[],
    )
    timeout = http_timeout(settings)
    zoom_http = httpx.Client(base_url=settings.zoom_api_url, timeout=timeout)
    oauth = ZoomOAuth(settings.zoom_oauth_url, timeout=timeout)
    api = ZoomApi(zoom_http)
    people = PeopleDirectory(slack, clock, default_locale=settings.default_locale)
    shared_app = shared_zoom_app(settings)
    tokens = ZoomTokenService(
        db,
        box,
        oauth,
        clock,
        shared_app=shared_app,
        on_needs_reconnect=ReconnectNotifier(db, slack, people),
    )
    authorizations = ZoomAuthorizations(
        db, box, oauth, api, tokens, clock, public_url=settings.public_url, shared_app=shared_app
    )
    wakeup = Wakeup()
    provider = ZoomMeetingProvider(api, tokens)
    roles = Roles(db, people, clock, UserGroups(slack, clock))
    return Services(
        settings=settings,
        clock=clock,
        db=db,
        slack=slack,
        people=people,
        tokens=tokens,
        zoom_accounts=ZoomAccountService(
            db, box, oauth, api, tokens, clock, authorizations=authorizations
        ),
        validator=EventFormValidator(db, slack, clock),
        events=EventService(
            db,
            provider,
            slack,
            people,
            clock,
            on_reminders_planned=wakeup,
        ),
        dispatcher=ReminderDispatcher(
            db,
            slack,
            people,
            clock,
            owner=dispatcher_owner,
            send_threads=settings.reminder_send_threads,
        ),
        worker=Worker(settings.worker_threads),
        wakeup=wakeup,
        listener_pool=ThreadPoolExecutor(
            max_workers=LISTENER_THREADS, thread_name_prefix="bolt-listener"
        ),
        roles=roles,
        zoom_settings=ZoomAccountSettings(db, clock),
        zoom_health=ZoomAccountHealth(db, tokens, api, clock),
        event_cards=EventCards(db, slack, people),
        lifecycle=build_lifecycle(
            db, provider, slack, people, roles, clock, on_reminders_planned=wakeup
        ),
        http_clients=[zoom_http],
    )


def shared_zoom_app(settings: Settings) -> AppCredentials | None:
    """This bot's own Zoom app (ZOOM_CLIENT_ID / ZOOM_CLIENT_SECRET), if configured."""
    if not settings.zoom_client_id or settings.zoom_client_secret is None:
        return None
    return AppCredentials(settings.zoom_client_id, settings.zoom_client_secret.get_secret_value())


def create_app(services: Services) -> App:
    """The Bolt app with every listener registered. Requests are always signature-checked."""
    from handlers.registry import register_all

    _, signing_secret = services.settings.require_slack()
    app = App(
        client=services.slack,
        signing_secret=signing_secret,
        token_verification_enabled=False,  # `serve` checks the token once with auth.test
        raise_error_for_unhandled_request=True,  # routed to the error handler → 200
        listener_executor=services.listener_pool,
    )
    register_all(app, services)
    return app
