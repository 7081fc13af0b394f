"""The Zoom stand-in's General-app OAuth: the consent page, the authorization code grant with
PKCE, refresh-token rotation and revocation, driven over real HTTP with plain httpx."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from standins.zoom import CONSENT_HEADER, SIGNED_IN_HEADER, ZoomStandIn

APP = "team-app"
SECRET = "team-app-secret"
REDIRECT = "https://bot.example.test/zoom/oauth/callback"
ACCOUNT = "ACC_team"
OWNER = "OWNERuser"
MEMBER = "MEMBERuser"
VERIFIER = "v" * 20 + "erifier-of-forty-three-characters-or-more"


def s256(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


class Clock:
    def __init__(self) -> None:
        self.current = datetime(2026, 11, 23, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.current


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def zoom(clock: Clock) -> Iterator[ZoomStandIn]:
    with ZoomStandIn(now=clock) as server:
        server.add_zoom_user(account_id=ACCOUNT, user_id=OWNER, email="owner@example.test")
        server.add_zoom_user(
            account_id=ACCOUNT, user_id=MEMBER, email="member@example.test", role_name="Member"
        )
        server.add_oauth_app(APP, SECRET, REDIRECT)
        yield server
        assert server.internal_errors == []


def authorize(
    zoom: ZoomStandIn,
    user: str | None = OWNER,
    *,
    client_id: str = APP,
    redirect_uri: str = REDIRECT,
    deny: bool = False,
    challenge: str | None = None,
) -> httpx.Response:
    params = {
        "response_type": "code",
        "client_id": client_id,
        "redirect_uri": redirect_uri,
        "state": "state-123",
        "code_challenge": challenge or s256(VERIFIER),
        "code_challenge_method": "S256",
    }
    headers = {SIGNED_IN_HEADER: user} if user else {}
    if deny:
        headers[CONSENT_HEADER] = "deny"
    return httpx.get(f"{zoom.oauth_url}/oauth/authorize", params=params, headers=headers)


def code_from(answer: httpx.Response) -> str:
    assert answer.status_code == 302, answer.text
    location = urlsplit(answer.headers["location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == REDIRECT
    query = parse_qs(location.query)
    assert query["state"] == ["state-123"]
    return query["code"][0]


def exchange(
    zoom: ZoomStandIn,
    code: str,
    *,
    verifier: str = VERIFIER,
    redirect_uri: str = REDIRECT,
    secret: str = SECRET,
) -> httpx.Response:
    return httpx.post(
        f"{zoom.oauth_url}/oauth/token",
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": redirect_uri,
            "code_verifier": verifier,
        },
        auth=(APP, secret),
    )


def refresh(zoom: ZoomStandIn, refresh_token: str) -> httpx.Response:
    return httpx.post(
        f"{zoom.oauth_url}/oauth/token",
        data={"grant_type": "refresh_token", "refresh_token": refresh_token},
        auth=(APP, SECRET),
    )


def me(zoom: ZoomStandIn, access_token: str) -> httpx.Response:
    return httpx.get(
        f"{zoom.api_url}/users/me", headers={"Authorization": f"Bearer {access_token}"}
    )


def test_allow_redirects_with_a_code_that_acts_as_the_consenting_user(zoom: ZoomStandIn) -> None:
    answer = exchange(zoom, code_from(authorize(zoom)))
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == 3599
    assert body["scope"] == "meeting:write meeting:read user:read"
    user = me(zoom, body["access_token"])
    assert user.status_code == 200
    assert user.json()["id"] == OWNER
    assert user.json()["email"] == "owner@example.test"
    (request,) = zoom.token_requests
    assert request.grant_type == "authorization_code"
    assert request.pkce_verified is True
    assert zoom.violations == []


def test_the_code_is_single_use(zoom: ZoomStandIn) -> None:
    code = code_from(authorize(zoom))
    assert exchange(zoom, code).status_code == 200
    again = exchange(zoom, code)
    assert again.status_code == 400
    assert again.json()["error"] == "invalid_grant"


def test_a_wrong_verifier_is_refused(zoom: ZoomStandIn) -> None:
    answer = exchange(zoom, code_from(authorize(zoom)), verifier="x" * 50)
    assert answer.status_code == 400
    assert answer.json() == {"reason": "Invalid code verifier", "error": "invalid_grant"}
    assert zoom.token_requests[-1].pkce_verified is False


def test_an_expired_code_is_refused(zoom: ZoomStandIn, clock: Clock) -> None:
    code = code_from(authorize(zoom))
    clock.current += timedelta(minutes=11)
    assert exchange(zoom, code).json()["error"] == "invalid_grant"


def test_a_different_redirect_uri_at_exchange_is_a_mismatch(zoom: ZoomStandIn) -> None:
    answer = exchange(zoom, code_from(authorize(zoom)), redirect_uri=REDIRECT + "/other")
    assert answer.status_code == 400
    assert answer.json() == {"reason": "Redirect URI mismatch.", "error": "invalid_request"}


def test_a_wrong_secret_is_invalid_client(zoom: ZoomStandIn) -> None:
    answer = exchange(zoom, code_from(authorize(zoom)), secret="wrong")
    assert answer.status_code == 401
    assert answer.json()["error"] == "invalid_client"


def test_decline_redirects_with_access_denied(zoom: ZoomStandIn) -> None:
    answer = authorize(zoom, deny=True)
    assert answer.status_code == 302
    query = parse_qs(urlsplit(answer.headers["location"]).query)
    assert query == {"error": ["access_denied"], "state": ["state-123"]}


@pytest.mark.parametrize(
    ("kwargs", "status", "wording"),
    [
        ({"client_id": "nope"}, 400, "Invalid client_id: nope (4,702)"),
        ({"redirect_uri": "https://elsewhere.test/cb"}, 400, "Invalid redirect URL"),
        ({"user": None}, 401, "Sign in to Zoom"),
        ({"user": MEMBER}, 403, "An account admin is required to install this type of app"),
    ],
    ids=["unknown-client", "redirect-not-allowed", "not-signed-in", "member-account-app"],
)
def test_refusals_are_pages_not_redirects(
    zoom: ZoomStandIn, kwargs: dict[str, str | None], status: int, wording: str
) -> None:
    answer = authorize(zoom, **kwargs)  # type: ignore[arg-type]
    assert answer.status_code == status
    assert "location" not in answer.headers
    assert answer.headers["content-type"].startswith("text/html")
    assert wording in answer.text


def test_a_user_managed_app_awaiting_pre_approval(zoom: ZoomStandIn) -> None:
    zoom.add_oauth_app("user-app", "s", REDIRECT, kind="user", needs_pre_approval=True)
    refused = authorize(zoom, MEMBER, client_id="user-app")
    assert refused.status_code == 403
    assert "pre-approval" in refused.text
    assert authorize(zoom, OWNER, client_id="user-app").status_code == 302  # admins may
    zoom.pre_approve("user-app", ACCOUNT)
    assert authorize(zoom, MEMBER, client_id="user-app").status_code == 302


def test_a_bad_challenge_method_is_a_violation(zoom: ZoomStandIn) -> None:
    answer = httpx.get(
        f"{zoom.oauth_url}/oauth/authorize",
        params={
            "response_type": "code",
            "client_id": APP,
            "redirect_uri": REDIRECT,
            "code_challenge": VERIFIER,
            "code_challenge_method": "plain",
        },
        headers={SIGNED_IN_HEADER: OWNER},
    )
    assert answer.status_code == 400
    assert zoom.violations == ["/oauth/authorize: code_challenge_method must be S256"]


def test_refresh_rotates_the_refresh_token(zoom: ZoomStandIn) -> None:
    first = exchange(zoom, code_from(authorize(zoom))).json()
    second = refresh(zoom, first["refresh_token"])
    assert second.status_code == 200
    assert second.json()["refresh_token"] != first["refresh_token"]
    assert me(zoom, second.json()["access_token"]).json()["id"] == OWNER
    reused = refresh(zoom, first["refresh_token"])
    assert reused.status_code == 400
    assert reused.json()["error"] == "invalid_grant"
    assert refresh(zoom, second.json()["refresh_token"]).status_code == 200
    grants = [r.grant_type for r in zoom.token_requests]
    assert grants == ["authorization_code", "refresh_token", "refresh_token", "refresh_token"]


def test_invalidated_refresh_tokens_are_invalid_grant(zoom: ZoomStandIn) -> None:
    first = exchange(zoom, code_from(authorize(zoom))).json()
    assert zoom.invalidate_refresh_tokens(APP) == 1
    assert refresh(zoom, first["refresh_token"]).json()["error"] == "invalid_grant"


def test_revoke_ends_the_grant(zoom: ZoomStandIn) -> None:
    tokens = exchange(zoom, code_from(authorize(zoom))).json()
    answer = httpx.post(
        f"{zoom.oauth_url}/oauth/revoke", data={"token": tokens["access_token"]}, auth=(APP, SECRET)
    )
    assert answer.status_code == 200
    assert answer.json() == {"status": "success"}
    assert me(zoom, tokens["access_token"]).status_code == 401
    assert refresh(zoom, tokens["refresh_token"]).json()["error"] == "invalid_grant"
    (revocation,) = zoom.revocations
    assert (revocation.client_id, revocation.user_id, revocation.status) == (APP, OWNER, 200)


def test_revoke_refuses_unknown_tokens_and_wrong_secrets(zoom: ZoomStandIn) -> None:
    url = f"{zoom.oauth_url}/oauth/revoke"
    assert httpx.post(url, data={"token": "nope"}, auth=(APP, SECRET)).status_code == 400
    assert httpx.post(url, data={"token": "nope"}, auth=(APP, "wrong")).status_code == 401
    assert [r.status for r in zoom.revocations] == [400, 401]
