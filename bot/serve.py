"""`recruitbot serve`: migrate, check the Slack token, start the reminder scheduler, then
serve Slack over Socket Mode (SLACK_APP_TOKEN set) or HTTP, with `/healthz` either way."""

from __future__ import annotations

import logging
import signal
from datetime import timedelta
from types import FrameType

import uvicorn
from slack_sdk.errors import SlackApiError

from bot.app import build_services, create_app
from bot.logs import Redactor, configure_logging
from bot.scheduler import DispatchScheduler
from bot.server import create_http_app
from bot.settings import ConfigurationError, Settings
from storage.migrate import upgrade
from storage.repositories.workspaces import WorkspaceRepository
from storage.sole_server import AlreadyServed, sole_server

logger = logging.getLogger("recruitbot")


def serve(settings: Settings) -> int:
    redactor = Redactor(
        s.get_secret_value()
        for s in (
            settings.slack_bot_token,
            settings.slack_signing_secret,
            settings.slack_app_token,
            settings.recruitbot_secret_key,
        )
        if s is not None
    )
    configure_logging(settings.log_level, redactor)
    settings.require_slack()
    try:
        with sole_server(settings.sqlalchemy_url):
            return _serve(settings)
    except AlreadyServed as exc:
        raise ConfigurationError(str(exc)) from None


def _serve(settings: Settings) -> int:
    services = build_services(settings)
    scheduler = DispatchScheduler(services.dispatcher, poll_seconds=settings.reminder_poll_seconds)
    socket_handler = None
    try:
        upgrade(services.db.engine)
        try:
            auth = services.slack.auth_test()
        except SlackApiError as exc:
            raise ConfigurationError(
                f"Slack refused SLACK_BOT_TOKEN ({exc.response.get('error')}). "
                "Copy the Bot User OAuth Token (xoxb-…) from the app's OAuth & Permissions page."
            ) from exc
        with services.db.transaction() as session:
            WorkspaceRepository(session).ensure(
                str(auth["team_id"]), now=services.clock.now(), name=auth.get("team")
            )
        app = create_app(services)
        # Events a crashed process left half-created (this or another process): failed and
        # their organizers told, at start and every few minutes.
        scheduler.every(timedelta(minutes=5), services.events.recover_abandoned, "recover")
        services.wakeup.subscribe(scheduler.wake)
        scheduler.start()
        if settings.slack_app_token is not None:
            from slack_bolt.adapter.socket_mode import SocketModeHandler

            socket_handler = SocketModeHandler(app, settings.slack_app_token.get_secret_value())
            try:
                socket_handler.connect()  # type: ignore[no-untyped-call]
            except SlackApiError as exc:
                raise ConfigurationError(
                    f"Slack refused SLACK_APP_TOKEN ({exc.response.get('error')}). Create an "
                    "App-Level Token with connections:write (Basic Information → App-Level Tokens)."
                ) from exc
            logger.info("connected to Slack over Socket Mode")
        logger.info("listening on %s:%s", settings.bind_host, settings.port)
        # uvicorn re-raises SIGTERM/SIGINT after its graceful shutdown; with a Python handler
        # installed, that re-raise returns here and the `finally` below still cleans up.
        signal.signal(signal.SIGTERM, _stop_requested)
        uvicorn.run(
            create_http_app(app, services),
            host=settings.bind_host,
            port=settings.port,
            log_level=settings.log_level.lower(),
            log_config=None,  # uvicorn's lines go through our masking formatter
            access_log=False,
        )
        return 0
    finally:
        if socket_handler is not None:
            socket_handler.close()  # type: ignore[no-untyped-call]
        scheduler.shutdown()
        services.close()
        logger.info("stopped")


def _stop_requested(signum: int, _frame: FrameType | None) -> None:
    logger.info("stopping (signal %s)", signum)
