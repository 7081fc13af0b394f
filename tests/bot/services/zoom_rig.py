"""The bot's services as `build_services` composes them, against the Zoom and Slack stand-ins
and a migrated database: for the Zoom linking and token tests."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import httpx
from pydantic import SecretStr

from bot.app import build_services
from bot.clock import ManualClock
from bot.crypto import generate_key
from bot.services.container import Services
from bot.services.zoom_accounts import LinkedAccount
from bot.services.zoom_authorizations import AuthorizationResult
from bot.settings import Settings
from standins.slack import SlackStandIn
from standins.zoom import CONSENT_HEADER, SIGNED_IN_HEADER, ZoomStandIn
from storage.migrate import upgrade
from storage.models import ZoomAccount
from storage.repositories.zoom_accounts import ZoomAccountRepository

TEAM = "T0RIG"
PUBLIC_URL = "https://recruitbot.example.test"
REDIRECT = f"{PUBLIC_URL}/zoom/oauth/callback"
SHARED_ID = "rig-shared-app"
SHARED_SECRET = "rig-shared-secret"
TEAM_APP_ID = "rig-team-app"
TEAM_APP_SECRET = "rig-team-secret"
ZOOM_ACCOUNT = "ZACC1"
ADMIN = "U0ADMIN"  # a Slack user who links accounts (ja)
MEMBER = "U0MEMBER"  # a Slack user who links their own Zoom (en)
OWNER_ZOOM = "zoom-owner"  # an Owner of the Zoom account
MEMBER_ZOOM = "zoom-member"  # a Member of the Zoom account


@dataclass
class ZoomRig:
    zoom: ZoomStandIn
    slack: SlackStandIn
    clock: ManualClock
    settings: Settings
    services: Services

    def allow(self, url: str, zoom_user: str, *, deny: bool = False) -> dict[str, str]:
        """The Zoom user presses Allow (or Decline); the query Zoom redirects back with."""
        headers = {SIGNED_IN_HEADER: zoom_user}
        if deny:
            headers[CONSENT_HEADER] = "deny"
        answer = httpx.get(url, headers=headers)
        assert answer.status_code == 302, answer.text
        location = urlsplit(answer.headers["location"])
        assert f"{location.scheme}://{location.netloc}{location.path}" == REDIRECT
        return {name: values[-1] for name, values in parse_qs(location.query).items()}

    def link(
        self,
        name: str,
        *,
        zoom_user: str = OWNER_ZOOM,
        auth_type: str = "oauth_app",
        slack_user: str = ADMIN,
    ) -> AuthorizationResult:
        """Ask for a link, allow it in Zoom, hand Zoom's answer to the bot."""
        team_app = auth_type == "oauth_app"
        url = self.services.zoom_accounts.begin_authorization(
            TEAM,
            slack_user,
            auth_type=auth_type,
            display_name=name,
            client_id=TEAM_APP_ID if team_app else None,
            client_secret=TEAM_APP_SECRET if team_app else None,
        )
        answer = self.allow(url, zoom_user)
        return self.services.zoom_accounts.complete_authorization(
            answer["state"], code=answer["code"]
        )

    def linked(self, name: str, **kwargs: str) -> LinkedAccount:
        result = self.link(name, **kwargs)
        assert result.error is None, result.error.key
        assert result.account is not None
        return result.account

    def account(self, account_id: int) -> ZoomAccount:
        with self.services.db.transaction() as session:
            account = ZoomAccountRepository(session).get(TEAM, account_id)
            assert account is not None
            return account


def rig_settings(
    database_url: str, zoom: ZoomStandIn, slack: SlackStandIn, *, key: str, public_url: str | None
) -> Settings:
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        slack_bot_token=SecretStr("xoxb-rig"),
        slack_signing_secret=SecretStr("rig-signing-secret"),
        slack_api_url=slack.api_url,
        zoom_api_url=zoom.api_url,
        zoom_oauth_url=zoom.oauth_url,
        database_url=database_url,
        recruitbot_secret_key=SecretStr(key),
        public_url=public_url,
        zoom_client_id=SHARED_ID,
        zoom_client_secret=SecretStr(SHARED_SECRET),
    )


@contextmanager
def zoom_rig(
    database_url: str, clock: ManualClock, *, public_url: str | None = PUBLIC_URL
) -> Iterator[ZoomRig]:
    with (
        ZoomStandIn(now=clock.now) as zoom,
        SlackStandIn(bot_token="xoxb-rig", team_id=TEAM) as slack,
    ):
        zoom.add_zoom_user(account_id=ZOOM_ACCOUNT, user_id=OWNER_ZOOM, email="owner@example.com")
        zoom.add_zoom_user(
            account_id=ZOOM_ACCOUNT,
            user_id=MEMBER_ZOOM,
            email="member@example.com",
            role_name="Member",
            user_type=1,
        )
        zoom.add_oauth_app(TEAM_APP_ID, TEAM_APP_SECRET, REDIRECT)
        zoom.add_oauth_app(SHARED_ID, SHARED_SECRET, REDIRECT, kind="user")
        slack.add_user(ADMIN, name="管理 太郎")
        slack.add_user(MEMBER, name="Sam Member", locale="en-US", tz="America/New_York")
        settings = rig_settings(
            database_url, zoom, slack, key=generate_key(), public_url=public_url
        )
        services = build_services(settings, clock=clock)
        upgrade(services.db.engine)
        try:
            yield ZoomRig(zoom, slack, clock, settings, services)
        finally:
            services.close()
        assert zoom.violations == [], "we sent Zoom something its spec forbids"
        assert zoom.internal_errors == []
        assert slack.violations == []
