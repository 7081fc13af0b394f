"""providers.zoom.oauth.ZoomOAuth: Server-to-Server tokens from the Zoom stand-in."""

from __future__ import annotations

import socket
from datetime import timedelta

import pytest

from bot.clock import ManualClock
from providers.zoom.errors import ZoomAuthError, ZoomRateLimited, ZoomUnavailable
from providers.zoom.oauth import S2SCredentials, ZoomOAuth
from standins.zoom import DEFAULT_SCOPES, TOKEN_LIFETIME, ZoomStandIn
from tests.providers.zoom.conftest import CREDS, TIMEOUT


def test_fetches_an_account_token(zoom: ZoomStandIn, oauth: ZoomOAuth, clock: ManualClock) -> None:
    token = oauth.fetch_account_token(CREDS, now=clock.now())
    assert token.access_token
    assert token.expires_at == clock.now() + timedelta(seconds=TOKEN_LIFETIME.total_seconds())
    assert token.expires_at - clock.now() == timedelta(seconds=3599)
    assert token.scopes == frozenset(DEFAULT_SCOPES)
    (request,) = zoom.token_requests
    assert request.grant_type == "account_credentials"
    assert request.account_id == CREDS.account_id
    assert request.client_id == CREDS.client_id
    assert request.access_token == token.access_token


def test_expiry_is_relative_to_the_given_now(oauth: ZoomOAuth, clock: ManualClock) -> None:
    later = clock.advance(timedelta(hours=5))
    token = oauth.fetch_account_token(CREDS, now=later)
    assert token.expires_at == later + timedelta(seconds=3599)


def test_custom_scopes_are_parsed(zoom: ZoomStandIn, oauth: ZoomOAuth, clock: ManualClock) -> None:
    zoom.add_account(
        account_id="acct-2",
        client_id="client-2",
        client_secret="secret-2",
        user_id="zoomuser2",
        email="b@example.com",
        scopes=("meeting:write:meeting:admin", "user:read:user:admin"),
    )
    token = oauth.fetch_account_token(
        S2SCredentials("acct-2", "client-2", "secret-2"), now=clock.now()
    )
    assert token.scopes == {"meeting:write:meeting:admin", "user:read:user:admin"}


@pytest.mark.parametrize(
    "credentials",
    [
        S2SCredentials(CREDS.account_id, CREDS.client_id, "wrong-secret"),
        S2SCredentials(CREDS.account_id, "no-such-client", CREDS.client_secret),
    ],
    ids=["wrong-secret", "unknown-client"],
)
def test_refused_client_is_invalid_client(
    oauth: ZoomOAuth, clock: ManualClock, credentials: S2SCredentials
) -> None:
    with pytest.raises(ZoomAuthError) as caught:
        oauth.fetch_account_token(credentials, now=clock.now())
    assert caught.value.reason == "invalid_client"


def test_wrong_account_is_invalid_request(oauth: ZoomOAuth, clock: ManualClock) -> None:
    wrong = S2SCredentials("acct-other", CREDS.client_id, CREDS.client_secret)
    with pytest.raises(ZoomAuthError) as caught:
        oauth.fetch_account_token(wrong, now=clock.now())
    assert caught.value.reason == "invalid_request"


@pytest.mark.parametrize("body", [{"message": "upstream down"}, None])
def test_server_error_is_unavailable(
    zoom: ZoomStandIn, oauth: ZoomOAuth, clock: ManualClock, body: object
) -> None:
    zoom.fail_next("POST", r"^/oauth/token$", 503, body)
    with pytest.raises(ZoomUnavailable):
        oauth.fetch_account_token(CREDS, now=clock.now())
    assert oauth.fetch_account_token(CREDS, now=clock.now()).access_token


def test_unreachable_server_is_unavailable(clock: ManualClock) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    oauth = ZoomOAuth(f"http://127.0.0.1:{port}/", timeout=TIMEOUT)
    with pytest.raises(ZoomUnavailable):
        oauth.fetch_account_token(CREDS, now=clock.now())


@pytest.mark.parametrize(("status", "expected"), [(429, ZoomRateLimited), (503, ZoomUnavailable)])
def test_a_busy_token_endpoint_is_not_mistaken_for_refused_credentials(
    zoom: ZoomStandIn, oauth: ZoomOAuth, clock: ManualClock, status: int, expected: type
) -> None:
    zoom.fail_next("POST", r"/oauth/token", status, {"error": "invalid_client", "reason": "busy"})
    with pytest.raises(expected):
        oauth.fetch_account_token(CREDS, now=clock.now())
