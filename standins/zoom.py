"""A local stand-in for Zoom's Server-to-Server OAuth and Meeting API.

:class:`ZoomStandIn` is a real HTTP server on ``127.0.0.1``:

* ``POST {oauth_url}/oauth/token`` issues access tokens (``grant_type=account_credentials``)
  for the S2S OAuth apps registered with :meth:`~ZoomStandIn.add_account`;
* General (OAuth) apps registered with :meth:`~ZoomStandIn.add_oauth_app`:
  ``GET {oauth_url}/oauth/authorize`` plays the browser page where the Zoom user named by the
  test-only header :data:`SIGNED_IN_HEADER` presses Allow (or Decline, :data:`CONSENT_HEADER`)
  and redirects with a code, or shows Zoom's error page; ``/oauth/token`` then answers the
  ``authorization_code`` grant (single-use code, ``redirect_uri``, PKCE ``S256``) and the
  ``refresh_token`` grant with rotation (the old refresh token stops working);
  ``POST {oauth_url}/oauth/revoke`` ends the user's grant;
* ``{api_url}/...`` (``/v2``) serves users and meetings.  Every request must match the
  vendored spec subset (``standins/specs/zoom_meetings.json``): the path/method must exist
  and the query and JSON body must validate; otherwise the call is answered
  ``400 {"code": 300, "message": "Validation Failed.", ...}`` and listed in
  :attr:`~ZoomStandIn.violations`.

Faults: :meth:`~ZoomStandIn.fail_next`, :meth:`~ZoomStandIn.hold_creates`, the daily
meeting create/update quota and :meth:`~ZoomStandIn.expire_tokens`.  :func:`sign_webhook`
builds the headers of a signed Zoom webhook for tests of the bot's webhook endpoint.
"""

from __future__ import annotations

import base64
import binascii
import copy
import hashlib
import hmac
import html
import json
import re
import secrets
import string
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlencode
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from standins._http import CallLog, Gate, Request, Response, StandInServer
from standins._openapi import FieldError, Match, OpenApiSubset
from standins._specs import ZOOM_MEETINGS_FILE, load_spec

TOKEN_LIFETIME = timedelta(seconds=3599)
DEFAULT_SCOPES = ("meeting:write:admin", "meeting:read:admin", "user:read:admin")
JOIN_HOST = "https://standin.zoom.test"

_CREATE = ("POST", "/users/{userId}/meetings")
_INVALID_TOKEN = {"code": 124, "message": "Invalid access token."}
_EXPIRED_TOKEN = {"code": 124, "message": "Access token is expired."}
_INVALID_CLIENT = {"reason": "Invalid client_id or client_secret", "error": "invalid_client"}
_UNSUPPORTED_GRANT = {"reason": "Unsupported grant type", "error": "unsupported_grant_type"}

#: Test-only headers for ``GET /oauth/authorize``: the Zoom user signed in in the browser,
#: and ``deny`` to press Decline instead of Allow.
SIGNED_IN_HEADER = "x-standin-zoom-user"
CONSENT_HEADER = "x-standin-consent"
#: The classic user-level scopes a General app asks for (as in the vendored spec).
USER_SCOPES = ("meeting:write", "meeting:read", "user:read")
CODE_LIFETIME = timedelta(minutes=10)
ADMIN_ROLES = ("Owner", "Admin")
#: Zoom's browser pages (their English wording) for refusals that never reach the redirect.
PAGE_INVALID_CLIENT = "Invalid client_id: {client_id} (4,702)"
PAGE_INVALID_REDIRECT = "Invalid redirect URL: {redirect_uri} (4,700)"
PAGE_ADMIN_REQUIRED = (
    "An account admin is required to install this type of app. Contact your account admin for help."
)
PAGE_PRE_APPROVAL = (
    "This app requires pre-approval from your account admin before you can add it. "
    "Request pre-approval from your admin."
)
_INVALID_CODE = {"reason": "Invalid authorization code", "error": "invalid_grant"}
_INVALID_VERIFIER = {"reason": "Invalid code verifier", "error": "invalid_grant"}
_INVALID_REFRESH = {"reason": "Invalid Token!", "error": "invalid_grant"}
_REDIRECT_MISMATCH = {"reason": "Redirect URI mismatch.", "error": "invalid_request"}


def _utc_z(moment: datetime) -> str:
    """Zoom's timestamp format: ``YYYY-MM-DDTHH:MM:SSZ`` in UTC."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _default_now() -> datetime:
    return datetime.now(UTC)


def _s256(verifier: str) -> str:
    """RFC 7636 S256: BASE64URL(SHA256(ASCII(code_verifier))) without padding."""
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def sign_webhook(secret_token: str, body: bytes, timestamp: int) -> dict[str, str]:
    """Headers Zoom sends with a webhook: ``v0=`` + hex HMAC-SHA256 of ``v0:{ts}:{body}``."""
    message = f"v0:{timestamp}:{body.decode('utf-8')}".encode()
    digest = hmac.new(secret_token.encode(), message, hashlib.sha256).hexdigest()
    return {"x-zm-request-timestamp": str(timestamp), "x-zm-signature": f"v0={digest}"}


def url_validation_response(secret_token: str, plain_token: str) -> dict[str, str]:
    """The answer Zoom expects to an ``endpoint.url_validation`` webhook challenge."""
    digest = hmac.new(secret_token.encode(), plain_token.encode(), hashlib.sha256).hexdigest()
    return {"plainToken": plain_token, "encryptedToken": digest}


@dataclass(frozen=True)
class ZoomCall:
    """One recorded HTTP call (API and OAuth) with the answer the stand-in gave."""

    method: str
    path: str
    query: dict[str, str]
    body: Any | None
    status: int
    account_id: str | None
    response: Any | None
    seq: int


@dataclass(frozen=True)
class ZoomTokenRequest:
    """One ``POST /oauth/token`` attempt; ``access_token`` is set when one was issued."""

    grant_type: str | None
    account_id: str | None
    client_id: str | None
    status: int
    error: str | None
    access_token: str | None
    seq: int
    #: authorization_code grants: the PKCE verifier matched the S256 challenge.
    pkce_verified: bool = False


@dataclass(frozen=True)
class ZoomRevocation:
    """One ``POST /oauth/revoke``: the app, whose grant ended (None: refused), the status."""

    client_id: str | None
    user_id: str | None
    status: int


@dataclass
class _User:
    user_id: str
    email: str
    account_id: str
    first_name: str
    last_name: str
    user_type: int
    role_name: str
    timezone: str


@dataclass(frozen=True)
class _App:
    client_id: str
    client_secret: str
    account_id: str
    user_id: str
    scopes: tuple[str, ...]


@dataclass(frozen=True)
class _Token:
    value: str
    account_id: str
    user_id: str
    scopes: tuple[str, ...]
    expires_at: datetime
    client_id: str | None = None  # the General app it was issued to (None: S2S)


@dataclass(frozen=True)
class _OAuthApp:
    client_id: str
    client_secret: str
    redirect_uri: str
    scopes: tuple[str, ...]
    kind: str  # "account" (admin-managed) or "user" (user-managed)
    needs_pre_approval: bool


@dataclass(frozen=True)
class _Code:
    client_id: str
    user_id: str
    redirect_uri: str
    code_challenge: str | None
    expires_at: datetime


@dataclass(frozen=True)
class _Grant:
    """What a refresh token stands for: a user's consent to an app."""

    client_id: str
    user_id: str


@dataclass
class _Failure:
    method: str
    path_regex: re.Pattern[str]
    status: int
    body: Any | None
    times: int


@dataclass(frozen=True)
class _LostAnswer:
    """A create whose answer the caller does not get (see ``lose_create_answer``)."""

    status: int | None
    created: bool
    gate: Gate | None

    def error(self, default: int = 503) -> tuple[int, dict[str, Any]]:
        status = self.status or default
        return status, {"code": status, "message": "The service is unavailable."}


@dataclass
class _Context:
    """What an API handler needs: the token, the matched operation, query and body."""

    token: _Token
    match: Match
    query: dict[str, str]
    body: Any | None


class _ZoomError(Exception):
    """Raised inside handlers to answer ``status`` with a Zoom error body."""

    def __init__(self, status: int, body: Any, *, violation: str | None = None) -> None:
        super().__init__(f"{status} {body}")
        self.status = status
        self.body = body
        self.violation = violation


def _validation_failed(errors: Iterable[FieldError]) -> dict[str, Any]:
    return {
        "code": 300,
        "message": "Validation Failed.",
        "errors": [error.as_dict() for error in errors],
    }


def _settings_defaults() -> dict[str, Any]:
    """Meeting settings defaults, taken from the spec's 201 response schema."""
    item = load_spec(ZOOM_MEETINGS_FILE)["paths"]["/users/{userId}/meetings"]["post"]
    schema = item["responses"]["201"]["content"]["application/json"]["schema"]
    properties = schema["properties"]["settings"]["properties"]
    defaults = {name: prop["default"] for name, prop in properties.items() if "default" in prop}
    return {"host_video": False, "participant_video": False, **defaults}


class ZoomStandIn(StandInServer):
    """Local Zoom OAuth + Meeting API server recording every call (see the module docstring)."""

    def __init__(
        self,
        *,
        daily_meeting_limit: int = 100,
        now: Callable[[], datetime] = _default_now,
    ) -> None:
        super().__init__()
        self.daily_meeting_limit = daily_meeting_limit
        self._now_source = now
        self._spec = OpenApiSubset(load_spec(ZOOM_MEETINGS_FILE))
        self._settings_defaults = _settings_defaults()
        self._lock = threading.RLock()
        self._calls: CallLog[ZoomCall] = CallLog()
        self._token_requests: list[ZoomTokenRequest] = []
        self._violations: list[str] = []
        self._users: dict[str, _User] = {}
        self._apps: dict[str, _App] = {}
        self._tokens: dict[str, _Token] = {}
        self._oauth_apps: dict[str, _OAuthApp] = {}
        self._pre_approved: set[tuple[str, str]] = set()  # (client id, Zoom account id)
        self._codes: dict[str, _Code] = {}
        self._refresh_tokens: dict[str, _Grant] = {}
        self._pkce_checked: set[str] = set()  # access tokens issued after an S256 check
        self._revocations: list[ZoomRevocation] = []
        self._meetings: dict[int, dict[str, Any]] = {}
        self._quota: dict[tuple[str, date], int] = {}
        self._page_tokens: dict[str, int] = {}
        self._failures: list[_Failure] = []
        self._create_gate: Gate | None = None
        self._token_gate: Gate | None = None
        self._lost_answers: list[_LostAnswer] = []  # see lose_create_answer
        self._handlers: dict[tuple[str, str], Callable[[_Context], tuple[int, Any]]] = {
            ("GET", "/users/{userId}"): self._get_user,
            ("GET", "/users/{userId}/meetings"): self._list_meetings,
            _CREATE: self._create_meeting,
            ("GET", "/meetings/{meetingId}"): self._get_meeting,
            ("PATCH", "/meetings/{meetingId}"): self._update_meeting,
            ("DELETE", "/meetings/{meetingId}"): self._delete_meeting,
        }

    # ------------------------------------------------------------------ configuration

    @property
    def api_url(self) -> str:
        """Base of the REST API, like ``https://api.zoom.us/v2``."""
        return f"{self.base_url}/v2"

    @property
    def oauth_url(self) -> str:
        """Base of the OAuth endpoints, like ``https://zoom.us`` (``/oauth/token``)."""
        return self.base_url

    def now(self) -> datetime:
        """The stand-in's clock (injected ``now`` or UTC now), always timezone-aware UTC."""
        moment = self._now_source()
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return moment.astimezone(UTC)

    def add_account(
        self,
        *,
        account_id: str,
        client_id: str,
        client_secret: str,
        user_id: str,
        email: str,
        first_name: str = "Harness",
        last_name: str = "Host",
        user_type: int = 2,
        role_name: str = "Owner",
        scopes: Iterable[str] = DEFAULT_SCOPES,
        timezone: str = "Asia/Tokyo",
    ) -> None:
        """Register a Server-to-Server OAuth app whose "me" user is ``user_id``."""
        ZoneInfo(timezone)
        with self._lock:
            self._users[user_id] = _User(
                user_id, email, account_id, first_name, last_name, user_type, role_name, timezone
            )
            self._apps[client_id] = _App(
                client_id, client_secret, account_id, user_id, tuple(scopes)
            )

    def add_user(
        self,
        account_id: str,
        user_id: str,
        email: str,
        user_type: int = 1,
        *,
        first_name: str = "Extra",
        last_name: str = "User",
        role_name: str = "Member",
        timezone: str = "Asia/Tokyo",
    ) -> None:
        """Add another user to an account registered with :meth:`add_account`."""
        ZoneInfo(timezone)
        with self._lock:
            if not any(app.account_id == account_id for app in self._apps.values()):
                raise KeyError(f"unknown account {account_id!r}; call add_account first")
            self._users[user_id] = _User(
                user_id, email, account_id, first_name, last_name, user_type, role_name, timezone
            )

    def add_zoom_user(
        self,
        *,
        account_id: str,
        user_id: str,
        email: str,
        role_name: str = "Owner",
        user_type: int = 2,
        first_name: str = "Zoom",
        last_name: str = "User",
        timezone: str = "Asia/Tokyo",
    ) -> None:
        """A Zoom user who can sign in and allow General apps (no S2S app needed)."""
        ZoneInfo(timezone)
        with self._lock:
            self._users[user_id] = _User(
                user_id, email, account_id, first_name, last_name, user_type, role_name, timezone
            )

    def add_oauth_app(
        self,
        client_id: str,
        client_secret: str,
        redirect_uri: str,
        scopes: Iterable[str] = USER_SCOPES,
        *,
        kind: str = "account",
        needs_pre_approval: bool = False,
    ) -> None:
        """Register a General (OAuth) app. ``kind="account"`` (admin-managed): only Owners
        and Admins may allow it; ``"user"`` (user-managed): anyone may. With
        ``needs_pre_approval`` a Member may allow it only after :meth:`pre_approve`."""
        if kind not in ("account", "user"):
            raise ValueError(f"kind must be 'account' or 'user', not {kind!r}")
        with self._lock:
            self._oauth_apps[client_id] = _OAuthApp(
                client_id, client_secret, redirect_uri, tuple(scopes), kind, needs_pre_approval
            )

    def pre_approve(self, client_id: str, account_id: str) -> None:
        """A Zoom admin of ``account_id`` pre-approves the app for its users."""
        with self._lock:
            self._pre_approved.add((client_id, account_id))

    # ------------------------------------------------------------------ faults

    def invalidate_refresh_tokens(self, client_id: str | None = None) -> int:
        """Make refresh tokens (of one app, or all) stop working, as when the user removes
        the app in Zoom: the next refresh with one is answered ``invalid_grant``."""
        with self._lock:
            dead = [
                value
                for value, grant in self._refresh_tokens.items()
                if client_id is None or grant.client_id == client_id
            ]
            for value in dead:
                del self._refresh_tokens[value]
            return len(dead)

    def expire_tokens(self) -> None:
        """Invalidate every access token issued so far."""
        with self._lock:
            self._tokens.clear()

    def fail_next(
        self, method: str, path_regex: str, status: int, body: Any | None = None, times: int = 1
    ) -> None:
        """Answer the next ``times`` matching requests with ``status`` and JSON ``body``.

        ``path_regex`` is searched in the full request path (e.g. ``/v2/users/me/meetings``).
        """
        with self._lock:
            self._failures.append(
                _Failure(method.upper(), re.compile(path_regex), status, body, times)
            )

    def hold_token_requests(self) -> Gate:
        """Block ``POST /oauth/token`` requests until the returned gate is released (or stop)."""
        gate = self.new_gate()
        with self._lock:
            self._token_gate = gate
        return gate

    def hold_creates(self) -> Gate:
        """Block meeting-create requests until the returned gate is released (or stop)."""
        gate = self.new_gate()
        with self._lock:
            self._create_gate = gate
        return gate

    def lose_create_answer(self, status: int | None = 503, *, created: bool = True) -> Gate | None:
        """The next meeting create's answer is lost, so its outcome is unknown to the caller:
        Zoom answers ``status`` (5xx) instead, or with ``None`` withholds the answer until the
        returned gate is released (the client times out). ``created``: whether the meeting
        was made all the same (if not, a withheld answer ends as 504 once released)."""
        with self._lock:
            gate = self.new_gate() if status is None else None
            self._lost_answers.append(_LostAnswer(status, created, gate))
            return gate

    def book_meeting(
        self, user_id: str, start: datetime, duration_minutes: int, topic: str = "予定"
    ) -> int:
        """Schedule a meeting for ``user_id`` as if its owner had done so in Zoom (no API
        call is recorded, no quota is used); returns the meeting id."""
        with self._lock:
            host = self._users[user_id]
            meeting_id = self._new_meeting_id()
            encrypted = secrets.token_urlsafe(24)
            self._meetings[meeting_id] = {
                "uuid": base64.b64encode(secrets.token_bytes(16)).decode(),
                "id": meeting_id,
                "host_id": host.user_id,
                "host_email": host.email,
                "topic": topic,
                "type": 2,
                "status": "waiting",
                "start_time": _utc_z(start),
                "duration": duration_minutes,
                "timezone": host.timezone,
                "agenda": "",
                "created_at": _utc_z(self.now()),
                "start_url": f"{JOIN_HOST}/s/{meeting_id}",
                "join_url": f"{JOIN_HOST}/j/{meeting_id}?pwd={encrypted}",
                "password": self._passcode(),
                "encrypted_password": encrypted,
                "settings": dict(self._settings_defaults),
                "pre_schedule": False,
            }
            return meeting_id

    # ------------------------------------------------------------------ recording

    @property
    def calls(self) -> list[ZoomCall]:
        """Every HTTP call so far (oldest first)."""
        return self._calls.snapshot()

    @property
    def violations(self) -> list[str]:
        """Spec violations seen so far (tests normally assert this is empty)."""
        with self._lock:
            return list(self._violations)

    @property
    def token_requests(self) -> list[ZoomTokenRequest]:
        """Every ``/oauth/token`` attempt (successful ones carry ``access_token``)."""
        with self._lock:
            return list(self._token_requests)

    @property
    def revocations(self) -> list[ZoomRevocation]:
        """Every ``/oauth/revoke`` request."""
        with self._lock:
            return list(self._revocations)

    @property
    def meetings(self) -> dict[int, dict[str, Any]]:
        """A copy of the meetings that currently exist, by id."""
        with self._lock:
            return copy.deepcopy(self._meetings)

    def calls_to(self, method: str, path_regex: str) -> list[ZoomCall]:
        """Recorded calls with this HTTP method whose path matches ``path_regex``."""
        return [call for call in self.calls if self._selects(call, method, path_regex)]

    def wait_for(
        self, method: str, path_regex: str, count: int = 1, timeout: float = 5.0
    ) -> list[ZoomCall]:
        """Wait until ``count`` matching calls are recorded; returns them all."""
        return self._calls.wait_for(
            lambda call: self._selects(call, method, path_regex), count, timeout
        )

    def reset_calls(self) -> None:
        """Forget recorded calls (accounts, tokens, meetings and violations are kept)."""
        self._calls.clear()

    @staticmethod
    def _selects(call: ZoomCall, method: str, path_regex: str) -> bool:
        return call.method == method.upper() and re.search(path_regex, call.path) is not None

    # ------------------------------------------------------------------ HTTP entry point

    def handle(self, request: Request) -> Response:
        """Route to the OAuth endpoint or the ``/v2`` API."""
        query = {name: values[-1] for name, values in request.query.items()}
        if request.path == "/oauth/token":
            return self._oauth(request, query)
        if request.path == "/oauth/authorize":
            return self._authorize(request, query)
        if request.path == "/oauth/revoke":
            return self._revoke(request, query)
        if request.path.startswith("/v2/"):
            return self._api(request, query)
        with self._lock:
            self._violations.append(f"{request.method} {request.path}: not a Zoom endpoint")
            body = _validation_failed([FieldError("path", f"unknown endpoint {request.path}")])
            return self._record(request, query, None, 400, body, None)

    def _record(
        self,
        request: Request,
        query: dict[str, str],
        body: Any | None,
        status: int,
        payload: Any | None,
        account_id: str | None,
        headers: dict[str, str] | None = None,
    ) -> Response:
        self._calls.append(
            ZoomCall(
                method=request.method,
                path=request.path,
                query=dict(query),
                body=copy.deepcopy(body),
                status=status,
                account_id=account_id,
                response=copy.deepcopy(payload),
                seq=self._calls.next_seq(),
            )
        )
        if payload is None:
            return Response(status, headers=headers or {})
        return Response.json(status, payload, headers)

    def _take_failure(self, method: str, path: str) -> _Failure | None:
        for failure in self._failures:
            if failure.method == method and failure.path_regex.search(path):
                failure.times -= 1
                if failure.times <= 0:
                    self._failures.remove(failure)
                return failure
        return None

    # ------------------------------------------------------------------ OAuth

    def _oauth(self, request: Request, query: dict[str, str]) -> Response:
        with self._lock:
            gate = self._token_gate
        if gate is not None:
            gate.pass_through()
        with self._lock:
            failure = self._take_failure(request.method, request.path)
            if failure is not None:
                return self._record(request, query, None, failure.status, failure.body, None)
            params = dict(query)
            if request.body and request.content_type in ("application/x-www-form-urlencoded", ""):
                form = parse_qs(request.body.decode("utf-8"), keep_blank_values=True)
                params.update({name: values[-1] for name, values in form.items()})
            status, payload, client_id, token = self._token_answer(request, params)
            self._token_requests.append(
                ZoomTokenRequest(
                    grant_type=params.get("grant_type"),
                    account_id=params.get("account_id"),
                    client_id=client_id,
                    status=status,
                    error=payload.get("error"),
                    access_token=token.value if token else None,
                    seq=self._calls.next_seq(),
                    pkce_verified=token is not None and token.value in self._pkce_checked,
                )
            )
            account = token.account_id if token else None
            return self._record(request, query, None, status, payload, account)

    def _basic_credentials(self, request: Request) -> tuple[str, str] | None:
        header = request.headers.get("authorization", "")
        if not header.lower().startswith("basic "):
            return None
        try:
            decoded = base64.b64decode(header[6:].strip(), validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            return None
        client_id, sep, secret = decoded.partition(":")
        return (client_id, secret) if sep else None

    def _token_answer(
        self, request: Request, params: dict[str, str]
    ) -> tuple[int, dict[str, Any], str | None, _Token | None]:
        """``(status, body, client_id, issued token)`` for a token request."""
        if request.method != "POST":
            self._violations.append(f"{request.method} /oauth/token: must be POST")
            return 405, {"reason": "Method Not Allowed", "error": "invalid_request"}, None, None
        credentials = self._basic_credentials(request)
        if credentials is None:
            self._violations.append("/oauth/token: no HTTP Basic client credentials")
            return 401, dict(_INVALID_CLIENT), None, None
        client_id, secret = credentials
        oauth_app = self._oauth_apps.get(client_id)
        if oauth_app is not None:
            return self._user_grant(oauth_app, secret, params)
        app = self._apps.get(client_id)
        if app is None or not hmac.compare_digest(app.client_secret, secret):
            return 401, dict(_INVALID_CLIENT), client_id, None
        grant_type = params.get("grant_type")
        if grant_type in ("authorization_code", "refresh_token"):
            # Placeholder: user-level OAuth grants are not implemented yet.
            return 400, dict(_UNSUPPORTED_GRANT), client_id, None
        if grant_type != "account_credentials":
            self._violations.append(f"/oauth/token: unsupported grant_type {grant_type!r}")
            return 400, dict(_UNSUPPORTED_GRANT), client_id, None
        if params.get("account_id") != app.account_id:
            return (
                400,
                {"reason": "Invalid account_id", "error": "invalid_request"},
                client_id,
                None,
            )
        token = _Token(
            value=secrets.token_urlsafe(48),
            account_id=app.account_id,
            user_id=app.user_id,
            scopes=app.scopes,
            expires_at=self.now() + TOKEN_LIFETIME,
        )
        self._tokens[token.value] = token
        issued: dict[str, Any] = {
            "access_token": token.value,
            "token_type": "bearer",
            "expires_in": int(TOKEN_LIFETIME.total_seconds()),
            "scope": " ".join(app.scopes),
            "api_url": self.base_url,
        }
        return 200, issued, client_id, token

    # ------------------------------------------------------------------ OAuth: General apps

    def _authorize(self, request: Request, query: dict[str, str]) -> Response:
        """The consent page: the signed-in user presses Allow (or Decline), or Zoom refuses."""
        with self._lock:
            if request.method != "GET":
                self._violations.append(f"{request.method} /oauth/authorize: must be GET")
                return self._page(request, query, 405, "Method Not Allowed")
            client_id = query.get("client_id", "")
            app = self._oauth_apps.get(client_id)
            if app is None:
                return self._page(request, query, 400, PAGE_INVALID_CLIENT, client_id=client_id)
            redirect_uri = query.get("redirect_uri", "")
            if redirect_uri != app.redirect_uri:
                return self._page(
                    request, query, 400, PAGE_INVALID_REDIRECT, redirect_uri=redirect_uri
                )
            challenge = query.get("code_challenge")
            problem = None
            if query.get("response_type") != "code":
                problem = "response_type must be code"
            elif challenge is not None and query.get("code_challenge_method") != "S256":
                problem = "code_challenge_method must be S256"
            if problem is not None:
                self._violations.append(f"/oauth/authorize: {problem}")
                return self._page(request, query, 400, problem)
            user = self._users.get(request.headers.get(SIGNED_IN_HEADER, ""))
            if user is None:
                return self._page(request, query, 401, "Sign in to Zoom to continue.")
            is_admin = user.role_name in ADMIN_ROLES
            if app.kind == "account" and not is_admin:
                return self._page(request, query, 403, PAGE_ADMIN_REQUIRED)
            approved = (app.client_id, user.account_id) in self._pre_approved
            if app.needs_pre_approval and not is_admin and not approved:
                return self._page(request, query, 403, PAGE_PRE_APPROVAL)
            answer: dict[str, str]
            if request.headers.get(CONSENT_HEADER, "").lower() == "deny":
                answer = {"error": "access_denied"}
            else:
                code = secrets.token_urlsafe(32)
                self._codes[code] = _Code(
                    app.client_id, user.user_id, redirect_uri, challenge, self.now() + CODE_LIFETIME
                )
                answer = {"code": code}
            if "state" in query:
                answer["state"] = query["state"]
            separator = "&" if "?" in redirect_uri else "?"
            location = f"{redirect_uri}{separator}{urlencode(answer)}"
            return self._record(request, query, None, 302, None, None, {"Location": location})

    def _page(
        self, request: Request, query: dict[str, str], status: int, message: str, **fields: str
    ) -> Response:
        """An HTML page the browser shows (Zoom never redirects back for these)."""
        text = message.format(**fields) if fields else message
        self._calls.append(
            ZoomCall(
                method=request.method,
                path=request.path,
                query=dict(query),
                body=None,
                status=status,
                account_id=None,
                response=text,
                seq=self._calls.next_seq(),
            )
        )
        page = f"<!doctype html><title>Zoom</title><h1>{html.escape(text)}</h1>"
        return Response(status, page.encode(), {"Content-Type": "text/html; charset=utf-8"})

    def _user_grant(
        self, app: _OAuthApp, secret: str, params: dict[str, str]
    ) -> tuple[int, dict[str, Any], str | None, _Token | None]:
        if not hmac.compare_digest(app.client_secret, secret):
            return 401, dict(_INVALID_CLIENT), app.client_id, None
        grant_type = params.get("grant_type")
        if grant_type == "authorization_code":
            return self._code_grant(app, params)
        if grant_type == "refresh_token":
            grant = self._refresh_tokens.pop(params.get("refresh_token", ""), None)
            if grant is None or grant.client_id != app.client_id:
                return 400, dict(_INVALID_REFRESH), app.client_id, None
            token, body = self._issue_user_token(app, grant.user_id)  # rotated: old one gone
            return 200, body, app.client_id, token
        self._violations.append(f"/oauth/token: grant_type {grant_type!r} for a General app")
        return 400, dict(_UNSUPPORTED_GRANT), app.client_id, None

    def _code_grant(
        self, app: _OAuthApp, params: dict[str, str]
    ) -> tuple[int, dict[str, Any], str | None, _Token | None]:
        code = self._codes.pop(params.get("code", ""), None)  # single use, even if refused
        if code is None or code.client_id != app.client_id or code.expires_at <= self.now():
            return 400, dict(_INVALID_CODE), app.client_id, None
        if params.get("redirect_uri") != code.redirect_uri:
            return 400, dict(_REDIRECT_MISMATCH), app.client_id, None
        if code.code_challenge is not None:
            verifier = params.get("code_verifier", "")
            if not verifier or not hmac.compare_digest(_s256(verifier), code.code_challenge):
                return 400, dict(_INVALID_VERIFIER), app.client_id, None
        token, body = self._issue_user_token(app, code.user_id)
        if code.code_challenge is not None:
            self._pkce_checked.add(token.value)
        return 200, body, app.client_id, token

    def _issue_user_token(self, app: _OAuthApp, user_id: str) -> tuple[_Token, dict[str, Any]]:
        user = self._users[user_id]
        token = _Token(
            value=secrets.token_urlsafe(48),
            account_id=user.account_id,
            user_id=user.user_id,
            scopes=app.scopes,
            expires_at=self.now() + TOKEN_LIFETIME,
            client_id=app.client_id,
        )
        self._tokens[token.value] = token
        refresh = secrets.token_urlsafe(48)
        self._refresh_tokens[refresh] = _Grant(app.client_id, user.user_id)
        return token, {
            "access_token": token.value,
            "token_type": "bearer",
            "refresh_token": refresh,
            "expires_in": int(TOKEN_LIFETIME.total_seconds()),
            "scope": " ".join(app.scopes),
            "api_url": self.base_url,
        }

    def _revoke(self, request: Request, query: dict[str, str]) -> Response:
        """``POST /oauth/revoke`` (HTTP Basic; ``token`` in the form or the query): the
        user's grant to the app ends, with every access and refresh token of it."""
        with self._lock:
            failure = self._take_failure(request.method, request.path)
            if failure is not None:
                return self._record(request, query, None, failure.status, failure.body, None)
            if request.method != "POST":
                self._violations.append(f"{request.method} /oauth/revoke: must be POST")
            params = dict(query)
            if request.body and request.content_type in ("application/x-www-form-urlencoded", ""):
                form = parse_qs(request.body.decode("utf-8"), keep_blank_values=True)
                params.update({name: values[-1] for name, values in form.items()})
            credentials = self._basic_credentials(request)
            app = self._oauth_apps.get(credentials[0]) if credentials else None
            user_id: str | None = None
            refused = app is None or not hmac.compare_digest(
                app.client_secret, credentials[1] if credentials else ""
            )
            if app is None or refused:
                status, payload = 401, dict(_INVALID_CLIENT)
            else:
                value = params.get("token", "")
                access, grant = self._tokens.get(value), self._refresh_tokens.get(value)
                if access is not None and access.client_id == app.client_id:
                    user_id = access.user_id
                elif grant is not None and grant.client_id == app.client_id:
                    user_id = grant.user_id
                if user_id is None:
                    status, payload = 400, {"reason": "Invalid Token!", "error": "invalid_request"}
                else:
                    self._end_grant(app.client_id, user_id)
                    status, payload = 200, {"status": "success"}
            self._revocations.append(
                ZoomRevocation(credentials[0] if credentials else None, user_id, status)
            )
            return self._record(request, query, None, status, payload, None)

    def _end_grant(self, client_id: str, user_id: str) -> None:
        for value, token in list(self._tokens.items()):
            if token.client_id == client_id and token.user_id == user_id:
                del self._tokens[value]
        for value, grant in list(self._refresh_tokens.items()):
            if grant.client_id == client_id and grant.user_id == user_id:
                del self._refresh_tokens[value]

    # ------------------------------------------------------------------ API

    def _bearer(self, request: Request) -> _Token | None:
        header = request.headers.get("authorization", "")
        if not header.lower().startswith("bearer "):
            return None
        return self._tokens.get(header[7:].strip())

    def _api(self, request: Request, query: dict[str, str]) -> Response:
        has_body = bool(request.body.strip())
        body: Any | None = None
        body_error: str | None = None
        if has_body:
            try:
                body = json.loads(request.body)
            except ValueError as exc:
                body, body_error = request.body.decode("utf-8", "replace"), str(exc)
        account: str | None = None
        try:
            with self._lock:
                token = self._bearer(request)
                account = token.account_id if token else None
                context = self._admit(request, query, token, body, body_error)
                failure = self._take_failure(request.method, request.path)
                if failure is not None:
                    return self._record(request, query, body, failure.status, failure.body, account)
                operation = context.match.operation
                key = (operation.method, operation.template)
                gate = self._create_gate if key == _CREATE else None
                lost = self._lost_answers.pop(0) if key == _CREATE and self._lost_answers else None
            if gate is not None:
                gate.pass_through()
            if lost is not None and not lost.created:  # nothing happens in Zoom
                if lost.gate is not None:
                    lost.gate.pass_through()
                with self._lock:
                    return self._record(request, query, body, *lost.error(504), account)
            with self._lock:
                status, payload = self._handlers[key](context)
                if lost is not None and lost.status is not None:  # created; answered an error
                    return self._record(request, query, body, *lost.error(), account)
                response = self._record(request, query, body, status, payload, account)
            if lost is not None and lost.gate is not None:  # created; answered too late
                lost.gate.pass_through()
            return response
        except _ZoomError as error:
            with self._lock:
                if error.violation is not None:
                    self._violations.append(f"{request.method} {request.path}: {error.violation}")
                return self._record(request, query, body, error.status, error.body, account)

    def _admit(
        self,
        request: Request,
        query: dict[str, str],
        token: _Token | None,
        body: Any | None,
        body_error: str | None,
    ) -> _Context:
        """Route, authenticate and validate a ``/v2`` request; returns the handler context."""
        found = self._spec.find(request.method, request.path.removeprefix("/v2"))
        if isinstance(found, str):
            raise _ZoomError(400, _validation_failed([FieldError("path", found)]), violation=found)
        if token is None:
            raise _ZoomError(401, dict(_INVALID_TOKEN))
        if token.expires_at <= self.now():
            raise _ZoomError(401, dict(_EXPIRED_TOKEN))
        operation = found.operation
        if operation.scopes and not set(operation.scopes) & set(token.scopes):
            wanted = ", ".join(operation.scopes)
            message = f"Invalid access token, does not contain scopes:[{wanted}]."
            raise _ZoomError(400, {"code": 4711, "message": message})
        if body_error is not None:
            errors = [FieldError("body", "Request Body should be a valid JSON object.")]
            raise _ZoomError(400, _validation_failed(errors), violation=f"body: {body_error}")
        has_body = bool(request.body.strip())
        errors = self._spec.validate(found, query, body, has_body=has_body)
        if errors:
            detail = "; ".join(f"{e.field}: {e.message}" for e in errors)
            raise _ZoomError(400, _validation_failed(errors), violation=detail)
        if (operation.method, operation.template) not in self._handlers:
            raise _ZoomError(
                501,
                {"code": 501, "message": "Not implemented by the stand-in."},
                violation=f"{operation.method} {operation.template} is not implemented",
            )
        return _Context(token=token, match=found, query=query, body=body)

    # ------------------------------------------------------------------ helpers

    def _resolve_user(self, token: _Token, reference: str) -> _User:
        if reference == "me":
            return self._users[token.user_id]
        for user in self._users.values():
            if user.account_id == token.account_id and (
                user.user_id == reference or user.email.lower() == reference.lower()
            ):
                return user
        raise _ZoomError(404, {"code": 1001, "message": f"User does not exist: {reference}."})

    def _meeting(self, token: _Token, meeting_id: Any) -> dict[str, Any]:
        meeting = self._meetings.get(meeting_id) if isinstance(meeting_id, int) else None
        if meeting is None or self._users[meeting["host_id"]].account_id != token.account_id:
            message = f"Meeting does not exist: {meeting_id}."
            raise _ZoomError(404, {"code": 3001, "message": message})
        return meeting

    def _charge_quota(self, user: _User) -> None:
        key = (user.user_id, self.now().date())
        used = self._quota.get(key, 0)
        if used >= self.daily_meeting_limit:
            message = (
                f"You have exceeded the daily rate limit ({self.daily_meeting_limit}) of Meeting "
                "Create/Update API requests permitted for this particular user. You may resume "
                "these requests at GMT 00:00:00."
            )
            raise _ZoomError(429, {"code": 429, "message": message})
        self._quota[key] = used + 1

    @staticmethod
    def _zone(name: str) -> ZoneInfo:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            errors = [FieldError("timezone", f"Invalid timezone: {name}")]
            raise _ZoomError(400, _validation_failed(errors), violation=str(errors[0])) from exc

    def _utc_start(self, value: str, timezone: str) -> str:
        """Normalise ``start_time``: UTC stays UTC, local times are read in ``timezone``."""
        try:
            parsed = datetime.fromisoformat(value.strip())
        except ValueError as exc:
            errors = [FieldError("start_time", f"Invalid start_time: {value}")]
            raise _ZoomError(400, _validation_failed(errors), violation=str(errors[0])) from exc
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=self._zone(timezone))
        return _utc_z(parsed)

    def _new_meeting_id(self) -> int:
        while True:
            candidate = 10**10 + secrets.randbelow(9 * 10**10)
            if candidate not in self._meetings:
                return candidate

    @staticmethod
    def _passcode() -> str:
        alphabet = string.ascii_letters + string.digits
        return "".join(secrets.choice(alphabet) for _ in range(6))

    @staticmethod
    def _digits(seed: str, count: int) -> str:
        number = int.from_bytes(hashlib.sha256(seed.encode()).digest()[:8], "big")
        return str(number % 10**count).rjust(count, "0")

    # ------------------------------------------------------------------ handlers

    def _get_user(self, context: _Context) -> tuple[int, Any]:
        user = self._resolve_user(context.token, context.match.path_params["userId"])
        pmi = int("9" + self._digits(user.user_id, 9))
        role_ids = {"Owner": "0", "Admin": "1", "Member": "2"}
        return 200, {
            "id": user.user_id,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "display_name": f"{user.first_name} {user.last_name}",
            "email": user.email,
            "type": user.user_type,
            "role_name": user.role_name,
            "role_id": role_ids.get(user.role_name, "2"),
            "pmi": pmi,
            "use_pmi": False,
            "personal_meeting_url": f"{JOIN_HOST}/j/{pmi}",
            "timezone": user.timezone,
            "verified": 1,
            "dept": "",
            "user_created_at": "2024-01-01T00:00:00Z",
            "created_at": "2024-01-01T00:00:00Z",
            "last_login_time": "2024-01-01T00:00:00Z",
            "language": "en-US",
            "status": "active",
            "account_id": user.account_id,
            "account_number": int(self._digits(user.account_id, 8)),
            "cluster": "us05",
            "group_ids": [],
            "im_group_ids": [],
            "jid": f"{user.user_id.lower()}@xmpp.standin.zoom.test",
        }

    def _create_meeting(self, context: _Context) -> tuple[int, Any]:
        host = self._resolve_user(context.token, context.match.path_params["userId"])
        request = context.body if isinstance(context.body, dict) else {}
        self._charge_quota(host)
        timezone = str(request.get("timezone") or host.timezone)
        self._zone(timezone)
        now = self.now()
        meeting_type = int(request.get("type", 2))
        meeting_id = self._new_meeting_id()
        encrypted = secrets.token_urlsafe(24)
        zak = "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9." + secrets.token_urlsafe(96)
        meeting: dict[str, Any] = {
            "uuid": base64.b64encode(secrets.token_bytes(16)).decode(),
            "id": meeting_id,
            "host_id": host.user_id,
            "host_email": host.email,
            "topic": request.get("topic", "Zoom meeting"),
            "type": meeting_type,
            "status": "waiting",
            "duration": request.get("duration", 60),
            "timezone": timezone,
            "agenda": request.get("agenda", ""),
            "created_at": _utc_z(now),
            "start_url": f"{JOIN_HOST}/s/{meeting_id}?zak={zak}",
            "join_url": f"{JOIN_HOST}/j/{meeting_id}?pwd={encrypted}",
            "password": request.get("password") or self._passcode(),
            "h323_password": self._digits(encrypted, 6),
            "pstn_password": self._digits(encrypted, 6),
            "encrypted_password": encrypted,
            "settings": {**self._settings_defaults, **request.get("settings", {})},
            "pre_schedule": bool(request.get("pre_schedule", False)),
        }
        if meeting_type in (2, 8):
            start = request.get("start_time")
            meeting["start_time"] = self._utc_start(start, timezone) if start else _utc_z(now)
        elif meeting_type == 1:
            meeting["start_time"] = _utc_z(now)
        for key in ("recurrence", "tracking_fields"):
            if key in request:
                meeting[key] = copy.deepcopy(request[key])
        self._meetings[meeting_id] = meeting
        return 201, copy.deepcopy(meeting)

    def _get_meeting(self, context: _Context) -> tuple[int, Any]:
        return 200, copy.deepcopy(
            self._meeting(context.token, context.match.path_params["meetingId"])
        )

    def _update_meeting(self, context: _Context) -> tuple[int, Any]:
        meeting = self._meeting(context.token, context.match.path_params["meetingId"])
        request = context.body if isinstance(context.body, dict) else {}
        self._charge_quota(self._users[meeting["host_id"]])
        timezone = str(request.get("timezone") or meeting["timezone"])
        self._zone(timezone)
        updated = copy.deepcopy(meeting)
        for key in (
            "topic",
            "agenda",
            "duration",
            "type",
            "password",
            "recurrence",
            "tracking_fields",
        ):
            if key in request:
                updated[key] = copy.deepcopy(request[key])
        updated["timezone"] = timezone
        if request.get("start_time"):
            updated["start_time"] = self._utc_start(request["start_time"], timezone)
        if "settings" in request:
            updated["settings"] = {**meeting["settings"], **request["settings"]}
        self._meetings[meeting["id"]] = updated
        return 204, None

    def _delete_meeting(self, context: _Context) -> tuple[int, Any]:
        meeting = self._meeting(context.token, context.match.path_params["meetingId"])
        del self._meetings[meeting["id"]]
        return 204, None

    def _list_meetings(self, context: _Context) -> tuple[int, Any]:
        host = self._resolve_user(context.token, context.match.path_params["userId"])
        listing = context.query.get("type", "scheduled")
        page_size = max(1, min(300, int(context.query.get("page_size", "30"))))
        now = self.now()

        def ends(meeting: dict[str, Any]) -> datetime:
            start = datetime.fromisoformat(meeting["start_time"])
            return start + timedelta(minutes=int(meeting.get("duration") or 0))

        found = [m for m in self._meetings.values() if m["host_id"] == host.user_id]
        if listing in ("upcoming", "upcoming_meetings"):
            found = [m for m in found if "start_time" in m and ends(m) >= now]
        elif listing == "previous_meetings":
            found = [m for m in found if "start_time" in m and ends(m) < now]
        elif listing == "live":
            found = [m for m in found if m["status"] == "started"]
        else:
            found = [m for m in found if m["type"] != 1]
        found.sort(key=lambda m: (m.get("start_time") or "9999", m["id"]))

        page_token = context.query.get("next_page_token", "")
        offset = 0
        if page_token:
            if page_token not in self._page_tokens:
                errors = [FieldError("next_page_token", "Invalid next_page_token.")]
                raise _ZoomError(400, _validation_failed(errors), violation=str(errors[0]))
            offset = self._page_tokens[page_token]
        page = found[offset : offset + page_size]
        next_token = ""
        if offset + page_size < len(found):
            next_token = secrets.token_urlsafe(24)
            self._page_tokens[next_token] = offset + page_size
        keys = (
            "uuid",
            "id",
            "host_id",
            "topic",
            "type",
            "start_time",
            "duration",
            "timezone",
            "agenda",
            "created_at",
            "join_url",
        )
        return 200, {
            "page_size": page_size,
            "total_records": len(found),
            "next_page_token": next_token,
            "meetings": [{k: copy.deepcopy(m[k]) for k in keys if k in m} for m in page],
        }
