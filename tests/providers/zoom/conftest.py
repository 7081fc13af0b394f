"""A running Zoom stand-in with one Server-to-Server app, for the provider tests."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from bot.clock import ManualClock
from providers.zoom.oauth import S2SCredentials, ZoomOAuth
from standins.zoom import ZoomStandIn

CREDS = S2SCredentials(account_id="acct-1", client_id="client-1", client_secret="secret-1")
ZOOM_USER = "zoomuser1"
TIMEOUT = httpx.Timeout(5.0)


@pytest.fixture
def zoom(clock: ManualClock) -> Iterator[ZoomStandIn]:
    with ZoomStandIn(now=clock.now) as server:
        server.add_account(
            account_id=CREDS.account_id,
            client_id=CREDS.client_id,
            client_secret=CREDS.client_secret,
            user_id=ZOOM_USER,
            email="recruiting-a@example.com",
            first_name="採用",
            last_name="担当",
        )
        yield server
        assert server.violations == [], "we sent Zoom something its spec forbids"
        assert server.internal_errors == []


@pytest.fixture
def oauth(zoom: ZoomStandIn) -> ZoomOAuth:
    return ZoomOAuth(zoom.oauth_url, timeout=TIMEOUT)
