"""Zoom's OAuth server, through Authlib: Server-to-Server (account credentials) tokens, and
for General apps the authorization code flow with PKCE, refresh (Zoom rotates refresh
tokens) and revocation.

Refusals are translated here: a 4xx answer carrying an OAuth `error` becomes
`ZoomAuthError(reason=error, detail=Zoom's reason text)`; 429 and 5xx mean "try later"
(`ZoomRateLimited`, `ZoomUnavailable`), whatever their body says.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeVar

import httpx
from authlib.deprecate import AuthlibDeprecationWarning

# Authlib 1.9 nudges towards the `httpx2` fork; we use httpx as the design specifies.
warnings.filterwarnings(
    "ignore", message="The httpx module is deprecated", category=AuthlibDeprecationWarning
)
from authlib.common.security import generate_token  # noqa: E402
from authlib.integrations.base_client import OAuthError  # noqa: E402
from authlib.integrations.httpx_client import OAuth2Client  # noqa: E402

from providers.zoom.errors import ZoomAuthError, ZoomRateLimited, ZoomUnavailable  # noqa: E402

T = TypeVar("T")

BASIC_AUTH = "client_secret_basic"  # an auth method's name


@dataclass(frozen=True)
class S2SCredentials:
    account_id: str
    client_id: str
    client_secret: str


@dataclass(frozen=True)
class AppCredentials:
    """A General (OAuth) app's Client ID and Client Secret."""

    client_id: str
    client_secret: str


@dataclass(frozen=True)
class ZoomToken:
    access_token: str
    expires_at: datetime
    scopes: frozenset[str]
    # Authorization code and refresh grants only. Zoom rotates it: after a refresh the old
    # one stops working, so the new one must be stored before the access token is used.
    refresh_token: str | None = None


def new_state() -> str:
    """An unguessable OAuth `state` (Authlib's generator, from the OS's random source)."""
    return str(generate_token(43))


def new_code_verifier() -> str:
    """A PKCE code verifier: 64 characters, within RFC 7636's 43–128 unreserved ones."""
    return str(generate_token(64))


class ZoomOAuth:
    """Talks to `{oauth_url}/oauth/authorize`, `/oauth/token` and `/oauth/revoke`.

    `transport` is for tests that want an in-process transport; normally None (real HTTP).
    """

    def __init__(
        self,
        oauth_url: str,
        *,
        timeout: httpx.Timeout,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        base = oauth_url.rstrip("/")
        self._authorize_url = f"{base}/oauth/authorize"
        self._token_url = f"{base}/oauth/token"
        self._revoke_url = f"{base}/oauth/revoke"
        self._timeout = timeout
        self._transport = transport

    def fetch_account_token(self, credentials: S2SCredentials, *, now: datetime) -> ZoomToken:
        """A Server-to-Server OAuth token (`grant_type=account_credentials`, HTTP Basic)."""
        query = httpx.QueryParams(
            grant_type="account_credentials", account_id=credentials.account_id
        )
        token = self._call(
            AppCredentials(credentials.client_id, credentials.client_secret),
            lambda client: client.fetch_token(
                f"{self._token_url}?{query}",
                grant_type="account_credentials",
                account_id=credentials.account_id,
            ),
        )
        return _token(token, now)

    def authorization_url(
        self, client_id: str, *, redirect_uri: str, state: str, code_verifier: str
    ) -> str:
        """Where the user clicks Allow: `response_type=code`, `state`, PKCE S256 challenge."""
        client = OAuth2Client(client_id, redirect_uri=redirect_uri, code_challenge_method="S256")
        with client:
            url, _ = client.create_authorization_url(
                self._authorize_url, state=state, code_verifier=code_verifier
            )
        return str(url)

    def exchange_code(
        self,
        app: AppCredentials,
        *,
        code: str,
        redirect_uri: str,
        code_verifier: str,
        now: datetime,
    ) -> ZoomToken:
        """`grant_type=authorization_code` with the PKCE verifier; HTTP Basic client auth."""
        token = self._call(
            app,
            lambda client: client.fetch_token(
                self._token_url,
                grant_type="authorization_code",
                code=code,
                redirect_uri=redirect_uri,
                code_verifier=code_verifier,
            ),
        )
        return _token(token, now)

    def refresh(self, app: AppCredentials, refresh_token: str, *, now: datetime) -> ZoomToken:
        """`grant_type=refresh_token`. The answer carries a new refresh token (rotation)."""
        token = self._call(
            app, lambda client: client.refresh_token(self._token_url, refresh_token=refresh_token)
        )
        return _token(token, now)

    def revoke(self, app: AppCredentials, token: str) -> None:
        """Revoke an access or refresh token (Zoom ends the app's authorization for that user)."""

        def revoke(client: OAuth2Client) -> None:
            response = client.revoke_token(self._revoke_url, token=token)
            if response.status_code >= 400:
                raise ZoomAuthError(
                    f"Zoom refused the revocation ({response.status_code})",
                    reason="revoke_refused",
                    status=response.status_code,
                )

        self._call(app, revoke)

    def _call(self, app: AppCredentials, request: Callable[[OAuth2Client], T]) -> T:
        client = OAuth2Client(
            app.client_id,
            app.client_secret,
            token_endpoint_auth_method=BASIC_AUTH,
            revocation_endpoint_auth_method=BASIC_AUTH,
            timeout=self._timeout,
            transport=self._transport,
            event_hooks={"response": [_translate_refusals]},
        )
        try:
            with client:
                return request(client)
        except OAuthError as exc:
            raise ZoomAuthError(
                f"Zoom refused the credentials ({exc.error})", reason=str(exc.error)
            ) from exc
        except httpx.HTTPStatusError as exc:
            raise ZoomUnavailable(
                f"Zoom's OAuth server answered {exc.response.status_code}",
                status=exc.response.status_code,
            ) from exc
        except (httpx.TransportError, ValueError) as exc:
            raise ZoomUnavailable(f"Zoom's OAuth server could not be reached ({exc})") from exc


def _token(token: dict[str, Any], now: datetime) -> ZoomToken:
    refresh = token.get("refresh_token")
    return ZoomToken(
        access_token=str(token["access_token"]),
        expires_at=now + timedelta(seconds=int(token.get("expires_in", 3600))),
        scopes=frozenset(str(token.get("scope", "")).split()),
        refresh_token=str(refresh) if refresh else None,
    )


def _translate_refusals(response: httpx.Response) -> None:
    """A 429 or 5xx from the OAuth server means "try later", whatever its body says (a JSON
    body with an `error` field must not read as refused credentials). A 4xx with an OAuth
    `error` is a refusal; Zoom words it in `reason` (not `error_description`)."""
    status = response.status_code
    if status == 429:
        retry_after = response.headers.get("Retry-After", "")
        raise ZoomRateLimited(
            "Zoom's OAuth server is rate limiting",
            retry_after=float(retry_after) if retry_after.isdigit() else None,
            daily=False,
        )
    if status >= 500:
        raise ZoomUnavailable(f"Zoom's OAuth server answered {status}", status=status)
    if status < 400:
        return
    response.read()
    try:
        body = response.json()
    except ValueError:
        return
    if isinstance(body, dict) and body.get("error"):
        error = str(body["error"])
        raise ZoomAuthError(
            f"Zoom refused the credentials ({error})",
            reason=error,
            status=status,
            detail=str(body.get("reason") or body.get("error_description") or "")[:200] or None,
        )
