"""providers.zoom.oauth.ZoomOAuth: Server-to-Server tokens from the Zoom stand-in."""

from __future__ import annotations

import base64
import hashlib
import socket
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from bot.clock import ManualClock
from providers.zoom.errors import ZoomAuthError, ZoomRateLimited, ZoomUnavailable
from providers.zoom.oauth import (
    AppCredentials,
    S2SCredentials,
    ZoomOAuth,
    ZoomToken,
    new_code_verifier,
    new_state,
)
from standins.zoom import DEFAULT_SCOPES, SIGNED_IN_HEADER, TOKEN_LIFETIME, ZoomStandIn
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


# ---- General apps: authorization code + PKCE, refresh with rotation, revoke

APP = AppCredentials("general-app", "general-secret")
REDIRECT = "https://bot.example.test/zoom/oauth/callback"


@pytest.fixture
def general_app(zoom: ZoomStandIn) -> AppCredentials:
    zoom.add_zoom_user(account_id="acct-9", user_id="consenter", email="consenter@example.com")
    zoom.add_oauth_app(APP.client_id, APP.client_secret, REDIRECT)
    return APP


def allow(zoom: ZoomStandIn, url: str, user: str = "consenter") -> dict[str, str]:
    """The Zoom user presses Allow; the query Zoom redirects back with."""
    answer = httpx.get(url, headers={SIGNED_IN_HEADER: user})
    assert answer.status_code == 302, answer.text
    location = urlsplit(answer.headers["location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == REDIRECT
    return {name: values[-1] for name, values in parse_qs(location.query).items()}


def authorized_token(
    zoom: ZoomStandIn, oauth: ZoomOAuth, clock: ManualClock, verifier: str | None = None
) -> ZoomToken:
    verifier = verifier or new_code_verifier()
    url = oauth.authorization_url(
        APP.client_id, redirect_uri=REDIRECT, state="s1", code_verifier=verifier
    )
    code = allow(zoom, url)["code"]
    return oauth.exchange_code(
        APP, code=code, redirect_uri=REDIRECT, code_verifier=verifier, now=clock.now()
    )


def test_authorization_url_has_state_and_an_s256_challenge(oauth: ZoomOAuth) -> None:
    verifier = new_code_verifier()
    assert 43 <= len(verifier) <= 128
    url = oauth.authorization_url(
        "general-app", redirect_uri=REDIRECT, state="the-state", code_verifier=verifier
    )
    parts = urlsplit(url)
    assert parts.path == "/oauth/authorize"
    query = {name: values[-1] for name, values in parse_qs(parts.query).items()}
    expected = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
    assert query == {
        "response_type": "code",
        "client_id": "general-app",
        "redirect_uri": REDIRECT,
        "state": "the-state",
        "code_challenge": expected.rstrip(b"=").decode(),
        "code_challenge_method": "S256",
    }
    assert verifier not in url


def test_states_and_verifiers_are_fresh_each_time() -> None:
    assert len({new_state() for _ in range(50)}) == 50
    assert len({new_code_verifier() for _ in range(50)}) == 50


def test_code_exchange_proves_the_verifier(
    zoom: ZoomStandIn, oauth: ZoomOAuth, clock: ManualClock, general_app: AppCredentials
) -> None:
    token = authorized_token(zoom, oauth, clock)
    assert token.refresh_token
    assert token.scopes == {"meeting:write", "meeting:read", "user:read"}
    assert token.expires_at == clock.now() + timedelta(seconds=3599)
    (request,) = zoom.token_requests
    assert request.grant_type == "authorization_code"
    assert request.client_id == APP.client_id
    assert request.pkce_verified


def test_a_verifier_that_does_not_match_is_invalid_grant(
    zoom: ZoomStandIn, oauth: ZoomOAuth, clock: ManualClock, general_app: AppCredentials
) -> None:
    url = oauth.authorization_url(
        APP.client_id, redirect_uri=REDIRECT, state="s", code_verifier=new_code_verifier()
    )
    code = allow(zoom, url)["code"]
    with pytest.raises(ZoomAuthError) as caught:
        oauth.exchange_code(
            APP,
            code=code,
            redirect_uri=REDIRECT,
            code_verifier=new_code_verifier(),
            now=clock.now(),
        )
    assert caught.value.reason == "invalid_grant"


def test_a_redirect_mismatch_says_so(
    zoom: ZoomStandIn, oauth: ZoomOAuth, clock: ManualClock, general_app: AppCredentials
) -> None:
    verifier = new_code_verifier()
    url = oauth.authorization_url(
        APP.client_id, redirect_uri=REDIRECT, state="s", code_verifier=verifier
    )
    code = allow(zoom, url)["code"]
    with pytest.raises(ZoomAuthError) as caught:
        oauth.exchange_code(
            APP,
            code=code,
            redirect_uri="https://moved.example.test/zoom/oauth/callback",
            code_verifier=verifier,
            now=clock.now(),
        )
    assert caught.value.reason == "invalid_request"
    assert caught.value.detail == "Redirect URI mismatch."


def test_a_wrong_secret_at_exchange_is_invalid_client(
    zoom: ZoomStandIn, oauth: ZoomOAuth, clock: ManualClock, general_app: AppCredentials
) -> None:
    verifier = new_code_verifier()
    url = oauth.authorization_url(
        APP.client_id, redirect_uri=REDIRECT, state="s", code_verifier=verifier
    )
    code = allow(zoom, url)["code"]
    with pytest.raises(ZoomAuthError) as caught:
        oauth.exchange_code(
            AppCredentials(APP.client_id, "wrong"),
            code=code,
            redirect_uri=REDIRECT,
            code_verifier=verifier,
            now=clock.now(),
        )
    assert caught.value.reason == "invalid_client"


def test_refresh_rotates_and_the_old_refresh_token_stops_working(
    zoom: ZoomStandIn, oauth: ZoomOAuth, clock: ManualClock, general_app: AppCredentials
) -> None:
    first = authorized_token(zoom, oauth, clock)
    assert first.refresh_token is not None
    later = clock.advance(timedelta(minutes=58))
    second = oauth.refresh(APP, first.refresh_token, now=later)
    assert second.refresh_token not in (None, first.refresh_token)
    assert second.access_token != first.access_token
    assert second.expires_at == later + timedelta(seconds=3599)
    with pytest.raises(ZoomAuthError) as caught:
        oauth.refresh(APP, first.refresh_token, now=later)
    assert caught.value.reason == "invalid_grant"
    assert second.refresh_token is not None
    assert oauth.refresh(APP, second.refresh_token, now=later).access_token


def test_a_busy_refresh_is_unavailable_not_refused(
    zoom: ZoomStandIn, oauth: ZoomOAuth, clock: ManualClock, general_app: AppCredentials
) -> None:
    token = authorized_token(zoom, oauth, clock)
    assert token.refresh_token is not None
    zoom.fail_next("POST", r"^/oauth/token$", 503, {"error": "invalid_grant"})
    with pytest.raises(ZoomUnavailable):
        oauth.refresh(APP, token.refresh_token, now=clock.now())


def test_revoke_ends_the_grant(
    zoom: ZoomStandIn, oauth: ZoomOAuth, clock: ManualClock, general_app: AppCredentials
) -> None:
    token = authorized_token(zoom, oauth, clock)
    assert token.refresh_token is not None
    oauth.revoke(APP, token.refresh_token)
    (revocation,) = zoom.revocations
    assert (revocation.client_id, revocation.user_id, revocation.status) == (
        APP.client_id,
        "consenter",
        200,
    )
    with pytest.raises(ZoomAuthError):
        oauth.refresh(APP, token.refresh_token, now=clock.now())
    with pytest.raises(ZoomAuthError):
        oauth.revoke(APP, token.refresh_token)  # nothing left to revoke
