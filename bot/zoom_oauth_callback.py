"""`GET /zoom/oauth/callback`: where Zoom sends the browser after Allow (or Decline).

The pending link is completed (`bot.services.zoom_authorizations`); the person who asked
for it sees a small page in their language, gets the outcome by DM, and their App Home is
refreshed. The code and state never reach a log line or a message.
"""

from __future__ import annotations

import html
import logging
import re
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from slack_sdk.errors import SlackApiError, SlackClientError
from sqlalchemy.exc import SQLAlchemyError
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from bot.messages import Locale, t
from bot.services.container import Services
from bot.services.templates import escape
from bot.services.zoom_authorizations import CALLBACK_PATH, AuthorizationResult

logger = logging.getLogger(__name__)

__all__ = ["CALLBACK_PATH", "CallbackPage", "answer", "zoom_oauth_callback"]

_EMOJI = re.compile(r"^:[a-z0-9_+-]+:\s*")


@dataclass(frozen=True)
class CallbackPage:
    status: int
    locale: Locale
    text: str  # the outcome, as the DM says it (Slack mrkdwn)

    def html(self) -> str:
        title = html.escape(t(self.locale, "zoomlink.page_title"))
        body = html.escape(_EMOJI.sub("", self.text))
        back = html.escape(t(self.locale, "zoomlink.page_back"))
        return (
            f'<!doctype html><html lang="{self.locale}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{title}</title></head><body><h1>{title}</h1><p>{body}</p>"
            f"<p>{back}</p></body></html>"
        )


def zoom_oauth_callback(services: Services) -> Callable[[Request], Awaitable[Response]]:
    async def callback(request: Request) -> Response:
        query = request.query_params
        page = await run_in_threadpool(
            answer, services, query.get("state", ""), query.get("code"), query.get("error")
        )
        return HTMLResponse(
            page.html(), status_code=page.status, headers={"Cache-Control": "no-store"}
        )

    return callback


def answer(services: Services, state: str, code: str | None, error: str | None) -> CallbackPage:
    """Complete the link, DM the outcome, refresh the Home tab; the page to show."""
    try:
        result = services.zoom_accounts.complete_authorization(state, code=code, error=error)
    except Exception:  # never a stack trace in the browser; the log has it
        ref = uuid.uuid4().hex[:8]
        logger.exception("Zoom OAuth callback failed [ref %s]", ref)
        locale = services.people.default_locale
        reason = t(locale, "zoomlink.internal", ref=ref)
        return CallbackPage(500, locale, t(locale, "zoomlink.failed", reason=reason))
    if result.error is not None:
        logger.info("Zoom OAuth callback refused: %s", result.error.key)
    user_id = result.slack_user_id
    locale = services.people.locale(user_id) if user_id else services.people.default_locale
    text = outcome_text(result, locale)
    if user_id is not None and result.team_id is not None:
        _dm(services, user_id, text)
        if result.ok:
            _refresh_home(services, user_id, result.team_id)
    return CallbackPage(200 if result.ok else 400, locale, text)


def outcome_text(result: AuthorizationResult, locale: Locale) -> str:
    if result.account is not None:
        key = "zoomlink.reconnected" if result.reconnected else "zoomlink.linked"
        return t(locale, key, name=result.account.display_name, email=result.account.email)
    assert result.error is not None
    reason = t(locale, result.error.key, **result.error.params)
    return t(locale, "zoomlink.failed", reason=reason)


def _dm(services: Services, user_id: str, text: str) -> None:
    try:
        services.slack.chat_postMessage(
            channel=services.people.dm_channel(user_id), text=escape(text)
        )
    except SlackApiError as exc:
        logger.warning("could not DM %s: %s", user_id, exc.response.get("error"))
    except (SlackClientError, OSError) as exc:
        logger.warning("could not DM %s: %s", user_id, type(exc).__name__)


def _refresh_home(services: Services, user_id: str, team_id: str) -> None:
    from handlers.events.app_home_opened import publish_home

    try:
        publish_home(services, user_id=user_id, team_id=team_id)
    except (SlackClientError, OSError, SQLAlchemyError) as exc:
        logger.warning("could not refresh the Home tab of %s: %s", user_id, type(exc).__name__)
