"""The real recruitbot wired to the Slack and Zoom stand-ins: used by `recruitbot demo` and by
the scenario tests.

Everything is real except Slack and Zoom themselves: the HTTP server (uvicorn), Bolt with
signature checks, the database with its migrations, the Zoom provider over HTTP, the worker
and the reminder dispatcher. Time comes from a `ManualClock` so reminders can be
fast-forwarded without sleeping.
"""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

import httpx
from pydantic import SecretStr
from slack_sdk.signature import SignatureVerifier

from bot.app import build_services, create_app
from bot.clock import ManualClock
from bot.crypto import generate_key
from bot.messages import Locale
from bot.server import BackgroundServer, create_http_app
from bot.services.container import Services
from bot.services.zoom_accounts import LinkedAccount
from bot.settings import Settings
from providers.zoom.oauth import S2SCredentials
from standins.slack import SlackStandIn
from standins.zoom import CONSENT_HEADER, SIGNED_IN_HEADER, ZoomStandIn, sign_webhook
from storage.migrate import upgrade

TEAM_ID = "T0HARNESS"
SIGNING_SECRET = "harness-signing-secret"  # noqa: S105 - a stand-in's secret
BOT_TOKEN = "xoxb-harness-bot-token"  # noqa: S105
ZOOM_WEBHOOK_SECRET = "harness-zoom-webhook-secret"  # noqa: S105
#: This bot's own (shared) Zoom app in the harness: one-click links per Slack user.
SHARED_ZOOM_CLIENT_ID = "harness-shared-zoom-app"
SHARED_ZOOM_CLIENT_SECRET = "harness-shared-zoom-secret"  # noqa: S105


@dataclass(frozen=True)
class ZoomAppCredentials:
    account_id: str
    client_id: str
    client_secret: str
    user_id: str
    email: str


class LocalWorkspace:
    """One Slack workspace with a recruiter, a couple of colleagues and a channel."""

    def __init__(
        self,
        *,
        database_url: str,
        clock: ManualClock,
        default_locale: Locale = "ja",
        migrate: bool = True,
        zoom_webhook_secret: str | None = ZOOM_WEBHOOK_SECRET,
        http_timeout_seconds: float = 10,
    ) -> None:
        self.clock = clock
        self._http_timeout = http_timeout_seconds  # the bot's, for Slack and Zoom calls
        self.slack = SlackStandIn(bot_token=BOT_TOKEN, team_id=TEAM_ID, team_name="採用チーム")
        self.zoom = ZoomStandIn(now=clock.now)
        self._database_url = database_url
        self._default_locale = default_locale
        self._migrate = migrate
        self._zoom_webhook_secret = zoom_webhook_secret
        self.secret_key = generate_key()
        self._server: BackgroundServer | None = None
        self._services: Services | None = None
        self._http = httpx.Client(timeout=30)
        self._zoom_apps = 0

    # ---- lifecycle

    def start(self) -> LocalWorkspace:
        self.slack.start()
        self.zoom.start()
        # Bound before the settings are made, so the bot knows its own URL (PUBLIC_URL, where
        # Zoom sends the browser back after Allow); the app is handed over once built.
        late = _LateApp()
        server = BackgroundServer(late)
        self.settings = Settings(
            _env_file=None,  # type: ignore[call-arg]
            slack_bot_token=SecretStr(BOT_TOKEN),
            slack_signing_secret=SecretStr(SIGNING_SECRET),
            slack_api_url=self.slack.api_url,
            zoom_api_url=self.zoom.api_url,
            zoom_oauth_url=self.zoom.oauth_url,
            database_url=self._database_url,
            recruitbot_secret_key=SecretStr(self.secret_key),
            default_locale=self._default_locale,
            http_timeout_seconds=self._http_timeout,
            public_url=server.url,
            zoom_client_id=SHARED_ZOOM_CLIENT_ID,
            zoom_client_secret=SecretStr(SHARED_ZOOM_CLIENT_SECRET),
            zoom_webhook_secret_token=(
                SecretStr(self._zoom_webhook_secret) if self._zoom_webhook_secret else None
            ),
        )
        self._services = build_services(self.settings, clock=self.clock)
        if self._migrate:
            upgrade(self._services.db.engine)
        app = create_app(self._services)
        late.app = create_http_app(app, self._services)
        self._server = server.start()
        # This bot's shared Zoom app (one-click links), registered in Zoom as user-managed.
        self.zoom.add_oauth_app(
            SHARED_ZOOM_CLIENT_ID, SHARED_ZOOM_CLIENT_SECRET, self.oauth_redirect_uri, kind="user"
        )
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.stop()
        if self._services is not None:
            self._services.worker.wait_idle(timeout=10)
            self._services.close()
        self._http.close()
        self.zoom.stop()
        self.slack.stop()

    def __enter__(self) -> LocalWorkspace:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    @property
    def services(self) -> Services:
        assert self._services is not None, "start() first"
        return self._services

    @property
    def url(self) -> str:
        assert self._server is not None, "start() first"
        return self._server.url

    @property
    def oauth_redirect_uri(self) -> str:
        """The bot's OAuth callback, as registered in a Zoom app's redirect URL."""
        return f"{self.url}/zoom/oauth/callback"

    def authorize_in_zoom(self, url: str, zoom_user: str, *, allow: bool = True) -> httpx.Response:
        """Open an authorize link in a browser signed in to Zoom as `zoom_user`, press Allow
        (or Decline), and follow Zoom's redirect to the bot's callback. Returns the last
        page: the bot's, or Zoom's own when Zoom refused without redirecting."""
        headers = {SIGNED_IN_HEADER: zoom_user}
        if not allow:
            headers[CONSENT_HEADER] = "deny"
        answer = self._http.get(url, headers=headers)
        if answer.status_code != 302:
            return answer
        return self._http.get(answer.headers["location"])

    # ---- people and places

    def add_person(
        self,
        user_id: str,
        name: str,
        *,
        locale: str = "ja-JP",
        tz: str = "Asia/Tokyo",
        is_admin: bool = False,
    ) -> None:
        self.slack.add_user(
            user_id, name=name, real_name=name, locale=locale, tz=tz, is_admin=is_admin
        )

    def add_zoom_app(
        self, email: str, *, scopes: tuple[str, ...] | None = None
    ) -> ZoomAppCredentials:
        """Create a Server-to-Server OAuth app in the Zoom stand-in (as an admin would in Zoom)."""
        self._zoom_apps += 1
        n = self._zoom_apps
        creds = ZoomAppCredentials(
            account_id=f"acct-{n}",
            client_id=f"client-{n}",
            client_secret=f"zoom-client-secret-{n}-{uuid.uuid4().hex[:8]}",
            user_id=f"zoomuser{n}",
            email=email,
        )
        extra: dict[str, Any] = {"scopes": scopes} if scopes is not None else {}
        self.zoom.add_account(
            account_id=creds.account_id,
            client_id=creds.client_id,
            client_secret=creds.client_secret,
            user_id=creds.user_id,
            email=email,
            **extra,
        )
        return creds

    def link_zoom(self, name: str, creds: ZoomAppCredentials) -> LinkedAccount:
        """What `recruitbot zoom add` does."""
        return self.services.zoom_accounts.link_server_to_server(
            team_id=TEAM_ID,
            display_name=name,
            credentials=S2SCredentials(creds.account_id, creds.client_id, creds.client_secret),
            linked_by="cli",
        )

    # ---- what Slack sends the bot

    def post_signed(
        self,
        body: str,
        *,
        content_type: str = "application/x-www-form-urlencoded",
        timestamp: int | None = None,
        secret: str = SIGNING_SECRET,
        extra_headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        ts = int(time.time()) if timestamp is None else timestamp
        signature = SignatureVerifier(secret).generate_signature(timestamp=str(ts), body=body)
        assert signature is not None
        headers = {
            "content-type": content_type,
            "x-slack-request-timestamp": str(ts),
            "x-slack-signature": signature,
            **(extra_headers or {}),
        }
        return self._http.post(f"{self.url}/slack/events", content=body.encode(), headers=headers)

    def slash_command(
        self, user_id: str, text: str = "", *, channel_id: str = "C0HARNESS"
    ) -> httpx.Response:
        form = {
            "token": "legacy-verification-token",
            "team_id": TEAM_ID,
            "team_domain": "harness",
            "channel_id": channel_id,
            "channel_name": "recruiting",
            "user_id": user_id,
            "user_name": user_id.lower(),
            "command": "/recruit",
            "text": text,
            "api_app_id": "A0RECRUITBOT",
            "response_url": f"{self.url}/unused-response-url",
            "trigger_id": f"trigger-{uuid.uuid4().hex}",
        }
        return self.post_signed(urlencode(form))

    def submit_view(self, view: dict[str, Any], user_id: str) -> httpx.Response:
        payload = {
            "type": "view_submission",
            "team": {"id": TEAM_ID, "domain": "harness"},
            "user": {"id": user_id, "username": user_id.lower(), "team_id": TEAM_ID},
            "api_app_id": "A0RECRUITBOT",
            "trigger_id": f"trigger-{uuid.uuid4().hex}",
            "view": view,
        }
        return self.post_signed(urlencode({"payload": json.dumps(payload)}))

    def block_action(
        self,
        user_id: str,
        action_id: str,
        *,
        container: dict[str, Any] | None = None,
        value: str | None = None,
        fields: dict[str, Any] | None = None,
        response_url: str | None = None,
        channel_id: str | None = None,
    ) -> httpx.Response:
        """A click; `fields` overrides the action's own (e.g. an overflow's `type` and
        `selected_option`, a user picker's `selected_users`). A click in a message carries
        its channel and (ephemeral messages: `SlackStandIn.show_ephemeral`) `response_url`."""
        action: dict[str, Any] = {
            "type": "button",
            "action_id": action_id,
            "block_id": "b",
            "action_ts": f"{time.time():.6f}",
        }
        if value is not None:
            action["value"] = value
        action.update(fields or {})
        payload = {
            "type": "block_actions",
            "team": {"id": TEAM_ID, "domain": "harness"},
            "user": {"id": user_id, "username": user_id.lower(), "team_id": TEAM_ID},
            "api_app_id": "A0RECRUITBOT",
            "trigger_id": f"trigger-{uuid.uuid4().hex}",
            "container": container or {"type": "view", "view_id": "VHOME"},
            "actions": [action],
        }
        if response_url is not None:
            payload["response_url"] = response_url
        if channel_id is not None:
            payload["channel"] = {"id": channel_id, "name": channel_id.lower()}
        return self.post_signed(urlencode({"payload": json.dumps(payload)}))

    def event_callback(self, event: dict[str, Any]) -> httpx.Response:
        body = {
            "token": "legacy-verification-token",
            "team_id": TEAM_ID,
            "api_app_id": "A0RECRUITBOT",
            "event": event,
            "type": "event_callback",
            "event_id": f"Ev{uuid.uuid4().hex[:10]}",
            "event_time": int(time.time()),
        }
        return self.post_signed(json.dumps(body), content_type="application/json")

    # ---- waiting for background work (never for time)

    def wait_idle(self, timeout: float = 30.0) -> None:
        if not self.services.worker.wait_idle(timeout):
            raise TimeoutError("background work did not finish")

    def zoom_webhook(
        self,
        payload: dict[str, Any] | bytes,
        *,
        timestamp: int | None = None,
        secret: str = ZOOM_WEBHOOK_SECRET,
    ) -> httpx.Response:
        """What Zoom sends the bot: the body signed with the webhook secret token, at the
        harness clock's time unless `timestamp` (seconds) is given."""
        body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        ts = int(self.clock.now().timestamp()) if timestamp is None else timestamp
        headers = {"content-type": "application/json", **sign_webhook(secret, body, ts)}
        return self._http.post(f"{self.url}/zoom/webhook", content=body, headers=headers)

    def run_reminders(self) -> Any:
        return self.services.dispatcher.run_once()

    def advance(self, **delta: float) -> datetime:
        from datetime import timedelta

        return self.clock.advance(timedelta(**delta))


class _LateApp:
    """An ASGI app that forwards to `app`, set after the server is bound."""

    app: Any = None

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        await self.app(scope, receive, send)


def fill_modal(view: dict[str, Any], answers: dict[str, Any]) -> dict[str, Any]:
    """What Slack sends back when a person fills `view`: initial values, then `answers`
    (block id → value: str, list of str, or None to clear). Returns the submitted view."""
    values: dict[str, dict[str, Any]] = {}
    for block in view.get("blocks", []):
        if block.get("type") != "input":
            continue
        block_id, element = block["block_id"], block["element"]
        answer = answers.get(block_id, _initial(element))
        values[block_id] = {element["action_id"]: _state(element, answer)}
    submitted = dict(view)
    submitted.setdefault("id", f"V{uuid.uuid4().hex[:10].upper()}")
    submitted["state"] = {"values": values}
    submitted.setdefault("team_id", TEAM_ID)
    submitted.setdefault("hash", "h")
    return submitted


def _initial(element: dict[str, Any]) -> Any:
    kind = element["type"]
    if kind in ("static_select", "radio_buttons"):
        option = element.get("initial_option")
        return option["value"] if option else None
    if kind == "checkboxes":
        return [o["value"] for o in element.get("initial_options", [])]
    return {
        "datepicker": element.get("initial_date"),
        "timepicker": element.get("initial_time"),
        "multi_users_select": element.get("initial_users", []),
        "users_select": element.get("initial_user"),
        "conversations_select": element.get("initial_conversation"),
    }.get(kind, element.get("initial_value"))


def _state(element: dict[str, Any], answer: Any) -> dict[str, Any]:
    kind = element["type"]
    state: dict[str, Any] = {"type": kind}
    if kind in ("static_select", "radio_buttons"):
        options = {o["value"]: o for o in element.get("options", [])}
        state["selected_option"] = options.get(answer, {"value": answer}) if answer else None
    elif kind == "checkboxes":
        options = {o["value"]: o for o in element.get("options", [])}
        state["selected_options"] = [options.get(v, {"value": v}) for v in answer or []]
    elif kind == "datepicker":
        state["selected_date"] = answer
    elif kind == "timepicker":
        state["selected_time"] = answer
    elif kind == "multi_users_select":
        state["selected_users"] = list(answer or [])
    elif kind == "users_select":
        state["selected_user"] = answer
    elif kind == "conversations_select":
        state["selected_conversation"] = answer
    else:
        state["value"] = answer
    return state
