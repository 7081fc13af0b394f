"""Zoom's OAuth server: Server-to-Server (account credentials) tokens, through Authlib."""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from datetime import datetime, timedelta

import httpx
from authlib.deprecate import AuthlibDeprecationWarning

# Authlib 1.9 nudges towards the `httpx2` fork; we use httpx as the design specifies.
warnings.filterwarnings(
    "ignore", message="The httpx module is deprecated", category=AuthlibDeprecationWarning
)
from authlib.integrations.base_client import OAuthError  # noqa: E402
from authlib.integrations.httpx_client import OAuth2Client  # noqa: E402

from providers.zoom.errors import ZoomAuthError, ZoomRateLimited, ZoomUnavailable  # noqa: E402


@dataclass(frozen=True)
class S2SCredentials:
    account_id: str
    client_id: str
    client_secret: str


@dataclass(frozen=True)
class ZoomToken:
    access_token: str
    expires_at: datetime
    scopes: frozenset[str]


class ZoomOAuth:
    """Fetches access tokens from `{oauth_url}/oauth/token`.

    `transport` is for tests that want an in-process transport; normally None (real HTTP).
    """

    def __init__(
        self,
        oauth_url: str,
        *,
        timeout: httpx.Timeout,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self._token_url = f"{oauth_url.rstrip('/')}/oauth/token"
        self._timeout = timeout
        self._transport = transport

    def fetch_account_token(self, credentials: S2SCredentials, *, now: datetime) -> ZoomToken:
        """A Server-to-Server OAuth token (`grant_type=account_credentials`, HTTP Basic)."""
        client = OAuth2Client(
            credentials.client_id,
            credentials.client_secret,
            token_endpoint_auth_method="client_secret_basic",  # noqa: S106 - a method name
            timeout=self._timeout,
            transport=self._transport,
            event_hooks={"response": [_refuse_busy_answers]},
        )
        query = httpx.QueryParams(
            grant_type="account_credentials", account_id=credentials.account_id
        )
        try:
            with client:
                token = client.fetch_token(
                    f"{self._token_url}?{query}",
                    grant_type="account_credentials",
                    account_id=credentials.account_id,
                )
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
        return ZoomToken(
            access_token=str(token["access_token"]),
            expires_at=now + timedelta(seconds=int(token.get("expires_in", 3600))),
            scopes=frozenset(str(token.get("scope", "")).split()),
        )


def _refuse_busy_answers(response: httpx.Response) -> None:
    """A 429 or 5xx from the token endpoint means "try later", whatever its body says;
    without this, a JSON body with an `error` field would read as refused credentials."""
    if response.status_code == 429:
        retry_after = response.headers.get("Retry-After", "")
        raise ZoomRateLimited(
            "Zoom's OAuth server is rate limiting",
            retry_after=float(retry_after) if retry_after.isdigit() else None,
            daily=False,
        )
    if response.status_code >= 500:
        raise ZoomUnavailable(
            f"Zoom's OAuth server answered {response.status_code}", status=response.status_code
        )
