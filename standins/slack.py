"""A local stand-in for Slack's Web API (``https://slack.com/api/<method>``).

:class:`SlackStandIn` is a real HTTP server on ``127.0.0.1`` that ``slack_sdk.WebClient``
can talk to (``WebClient(token=..., base_url=slack.api_url)``).  It knows a small directory
of users and channels, answers the methods listed in ``standins/specs/slack_methods.json``
with realistic payloads, records every call, and reports client mistakes (unknown method,
bad token, missing arguments, invalid Block Kit) in :attr:`SlackStandIn.violations`.

Faults can be injected per method: :meth:`~SlackStandIn.rate_limit` (HTTP 429),
:meth:`~SlackStandIn.fail_next` (``ok: false``), :meth:`~SlackStandIn.hold` (block until
released) and :meth:`~SlackStandIn.drop_after_post` (the call takes effect, then the
connection closes without an answer: an outcome the client cannot know).

Message timestamps (``ts``) count up from a fixed instant unless :attr:`SlackStandIn.now`
is set to a clock, then they follow it (``conversations.history`` filters by them).
"""

from __future__ import annotations

import copy
import hashlib
import hmac
import json
import re
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs
from zoneinfo import ZoneInfo

from standins._blockkit import MAX_MESSAGE_BLOCKS, Problem, check_blocks, check_view
from standins._http import CallLog, Gate, Request, Response, StandInServer
from standins._specs import SLACK_METHODS_FILE, load_spec

#: Methods the frozen 2020 spec lacks but the stand-in accepts: ``{method: [params]}``.
EXTRA_METHODS: dict[str, list[dict[str, Any]]] = {}

#: Arguments that carry JSON (as a string in form posts) and the error for bad JSON.
JSON_ARGUMENTS = {
    "blocks": "invalid_blocks_format",
    "attachments": "invalid_attachments",
    "view": "invalid_arguments",
    "metadata": "invalid_metadata_format",
}

_EPOCH = 1_700_000_000
_APP_ID = "A0STANDIN"
_TZ_LABELS = {
    "JST": "Japan Standard Time",
    "KST": "Korea Standard Time",
    "IST": "India Standard Time",
    "UTC": "Coordinated Universal Time",
    "GMT": "Greenwich Mean Time",
    "BST": "British Summer Time",
    "CET": "Central European Time",
    "CEST": "Central European Summer Time",
    "EST": "Eastern Standard Time",
    "EDT": "Eastern Daylight Time",
    "CST": "Central Standard Time",
    "CDT": "Central Daylight Time",
    "MST": "Mountain Standard Time",
    "MDT": "Mountain Daylight Time",
    "PST": "Pacific Standard Time",
    "PDT": "Pacific Daylight Time",
}


@dataclass(frozen=True)
class SlackCall:
    """One recorded Web API call: decoded arguments (without ``token``) and the answer."""

    method: str
    args: dict[str, Any]
    ok: bool
    error: str | None
    response: dict[str, Any]
    seq: int
    status: int = 200
    #: Wall-clock time (``time.time()``) when the request reached the stand-in.
    received_at: float = 0.0
    #: Whether the connection was closed without an answer (see ``drop_after_post``).
    dropped: bool = False


@dataclass(frozen=True)
class SlackResponse:
    """One POST to a ``response_url``: the JSON the app sent and how Slack answered."""

    url: str
    payload: dict[str, Any]
    ok: bool
    error: str | None


@dataclass
class _ResponseUrl:
    """A ``response_url`` handed out with an ephemeral message (5 uses, like Slack's)."""

    user: str
    channel: str
    ephemeral: dict[str, Any] | None
    uses_left: int = 5


@dataclass
class _User:
    user_id: str
    name: str
    real_name: str
    display_name: str
    locale: str
    tz: str
    is_admin: bool
    is_owner: bool
    is_bot: bool


@dataclass
class _UserGroup:
    group_id: str
    handle: str
    name: str
    users: list[str]
    disabled: bool


@dataclass
class _Channel:
    channel_id: str
    name: str
    is_member: bool
    is_private: bool


class _SlackError(Exception):
    """Raised inside method implementations to answer ``{"ok": false, "error": ...}``."""

    def __init__(
        self, error: str, *, violation: str | None = None, problems: list[Problem] | None = None
    ) -> None:
        super().__init__(error)
        self.error = error
        self.violation = violation
        self.problems = problems or []

    def payload(self) -> dict[str, Any]:
        body: dict[str, Any] = {"ok": False, "error": self.error}
        if self.problems:
            messages = [str(problem) for problem in self.problems]
            body["errors"] = messages
            body["response_metadata"] = {"messages": messages}
        return body


def _truthy(value: Any) -> bool:
    """Slack's reading of boolean arguments (``true``/``1`` in forms, ``true`` in JSON)."""
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes")
    return bool(value)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(args: dict[str, Any], name: str) -> str | None:
    """A scalar argument as a string, or ``None`` when absent/blank."""
    value = args.get(name)
    if _blank(value) or isinstance(value, dict | list):
        return None
    return str(value)


def _parse_request(request: Request) -> tuple[dict[str, Any], str | None, list[str]]:
    """Decode query + body into arguments; returns ``(args, token, bad_json_arguments)``.

    Raises :class:`_SlackError` for bodies Slack cannot read at all.
    """
    args: dict[str, Any] = {name: values[-1] for name, values in request.query.items()}
    is_json = False
    if request.body:
        if request.content_type == "application/json":
            try:
                decoded = json.loads(request.body)
            except ValueError as exc:
                raise _SlackError("invalid_json", violation=f"body is not JSON: {exc}") from exc
            if not isinstance(decoded, dict):
                raise _SlackError("json_not_object", violation="JSON body is not an object")
            args.update(decoded)
            is_json = True
        elif request.content_type in ("application/x-www-form-urlencoded", ""):
            form = parse_qs(request.body.decode("utf-8"), keep_blank_values=True)
            args.update({name: values[-1] for name, values in form.items()})
        else:
            raise _SlackError(
                "invalid_form_data", violation=f"unsupported content type {request.content_type}"
            )
    token: str | None = None
    authorization = request.headers.get("authorization", "")
    if authorization.lower().startswith("bearer "):
        token = authorization[len("bearer ") :].strip()
    body_token = args.pop("token", None)
    if token is None and not is_json and isinstance(body_token, str):
        # Slack ignores a "token" attribute inside JSON bodies; forms and queries may carry it.
        token = body_token
    bad_json: list[str] = []
    for name in JSON_ARGUMENTS:
        value = args.get(name)
        if isinstance(value, str) and value.strip():
            try:
                args[name] = json.loads(value)
            except ValueError:
                bad_json.append(name)
    return args, token, bad_json


def _tz_fields(tz: str) -> dict[str, Any]:
    """``tz_label`` and ``tz_offset`` as Slack computes them for the current instant."""
    local = datetime.now(UTC).astimezone(ZoneInfo(tz))
    offset = local.utcoffset()
    seconds = int(offset.total_seconds()) if offset is not None else 0
    abbreviation = local.tzname() or tz
    label = _TZ_LABELS.get(abbreviation, abbreviation)
    return {"tz": tz, "tz_label": label, "tz_offset": seconds}


def sign_slack_request(signing_secret: str, body: bytes, timestamp: int) -> dict[str, str]:
    """Headers Slack would send with an Events/Interactivity request carrying ``body``.

    ``X-Slack-Signature`` is ``v0=`` + hex HMAC-SHA256 of ``v0:{timestamp}:{body}``.
    """
    base = b"v0:" + str(timestamp).encode() + b":" + body
    digest = hmac.new(signing_secret.encode(), base, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": str(timestamp), "X-Slack-Signature": f"v0={digest}"}


class SlackStandIn(StandInServer):
    """Local Slack Web API server recording every call (see the module docstring)."""

    def __init__(
        self,
        *,
        bot_token: str = "xoxb-standin-token",  # noqa: S107 - a fake token for the stand-in
        team_id: str = "T0HARNESS",
        team_name: str = "Harness",
        bot_user_id: str = "U0BOT",
        public_write: bool = True,
        now: Callable[[], datetime] | None = None,
    ) -> None:
        super().__init__()
        #: The clock message timestamps follow; ``None``: a fixed epoch plus a counter.
        self.now = now
        self.bot_token = bot_token
        self.team_id = team_id
        self.team_name = team_name
        self.bot_user_id = bot_user_id
        self.bot_id = "B" + bot_user_id[1:]
        #: Whether the bot has ``chat:write.public`` (may post in public channels it is not in).
        self.public_write = public_write
        self.domain = re.sub(r"[^a-z0-9]+", "-", team_name.lower()).strip("-") or "standin"

        self._lock = threading.RLock()
        self._calls: CallLog[SlackCall] = CallLog()
        self._violations: list[str] = []
        self._users: dict[str, _User] = {}
        self._dm_users: dict[str, str] = {}
        self._channels: dict[str, _Channel] = {}
        self._open_dms: set[str] = set()
        self._messages: list[dict[str, Any]] = []
        self._ephemerals: list[dict[str, Any]] = []
        self._response_urls: dict[str, _ResponseUrl] = {}
        self._usergroups: dict[str, _UserGroup] = {}
        self._responses: CallLog[SlackResponse] = CallLog()
        self._views: dict[str, dict[str, Any]] = {}
        self._modal_ids: list[str] = []
        self._external_ids: dict[str, str] = {}
        self._home_view_ids: dict[str, str] = {}
        self._published: dict[str, list[dict[str, Any]]] = {}
        self._ts_counter = 0
        self._last_ts_micros = 0
        self._view_counter = 0
        self._rate_limits: dict[str, list[int]] = {}
        self._failures: dict[str, list[str]] = {}
        self._holds: dict[str, Gate] = {}
        self._drops: dict[str, int] = {}
        self._methods: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
            "auth.test": self._auth_test,
            "users.info": self._users_info,
            "usergroups.list": self._usergroups_list,
            "usergroups.users.list": self._usergroups_users_list,
            "conversations.history": self._conversations_history,
            "conversations.info": self._conversations_info,
            "conversations.open": self._conversations_open,
            "chat.postMessage": self._chat_post_message,
            "chat.postEphemeral": self._chat_post_ephemeral,
            "chat.update": self._chat_update,
            "chat.delete": self._chat_delete,
            "chat.getPermalink": self._chat_get_permalink,
            "views.open": self._views_open,
            "views.push": self._views_push,
            "views.update": self._views_update,
            "views.publish": self._views_publish,
        }
        self.add_user(bot_user_id, name="recruitbot", is_bot=True, locale="en-US")

    # ------------------------------------------------------------------ configuration

    @property
    def api_url(self) -> str:
        """Base URL for ``WebClient(base_url=...)``, with the trailing slash it needs."""
        return f"{self.base_url}/api/"

    @staticmethod
    def known_methods() -> dict[str, list[dict[str, Any]]]:
        """``{method: parameters}`` for the vendored spec subset plus :data:`EXTRA_METHODS`."""
        methods = load_spec(SLACK_METHODS_FILE)["methods"]
        known = {name: list(entry["parameters"]) for name, entry in methods.items()}
        known.update(EXTRA_METHODS)
        return known

    @property
    def implemented_methods(self) -> frozenset[str]:
        """Methods this stand-in answers (should equal :meth:`known_methods`' keys)."""
        return frozenset(self._methods)

    def add_user(
        self,
        user_id: str,
        *,
        name: str,
        real_name: str | None = None,
        display_name: str | None = None,
        locale: str = "ja-JP",
        tz: str = "Asia/Tokyo",
        is_admin: bool = False,
        is_owner: bool = False,
        is_bot: bool = False,
    ) -> None:
        """Add (or replace) a workspace member; their DM channel is ``D`` + id without ``U``."""
        ZoneInfo(tz)  # fail early on a bad zone name
        with self._lock:
            self._users[user_id] = _User(
                user_id=user_id,
                name=name,
                real_name=real_name if real_name is not None else name,
                display_name=display_name if display_name is not None else name,
                locale=locale,
                tz=tz,
                is_admin=is_admin,
                is_owner=is_owner,
                is_bot=is_bot,
            )
            self._dm_users[self.dm_channel_id(user_id)] = user_id

    def add_channel(
        self, channel_id: str, *, name: str, is_member: bool = True, is_private: bool = False
    ) -> None:
        """Add (or replace) a channel; ``is_member`` says whether the bot is in it."""
        with self._lock:
            self._channels[channel_id] = _Channel(channel_id, name, is_member, is_private)

    def add_usergroup(
        self,
        group_id: str,
        *,
        handle: str,
        users: list[str],
        name: str | None = None,
        disabled: bool = False,
    ) -> None:
        """Add (or replace) a user group (``S…``) with these members (``@handle`` in Slack)."""
        with self._lock:
            self._usergroups[group_id] = _UserGroup(
                group_id, handle, name if name is not None else handle, list(users), disabled
            )

    @staticmethod
    def dm_channel_id(user_id: str) -> str:
        """The stable DM channel id the stand-in uses for ``user_id`` (``U123`` → ``D123``)."""
        return "D" + user_id[1:]

    # ------------------------------------------------------------------ faults

    def rate_limit(self, method: str, times: int = 1, retry_after: int = 1) -> None:
        """Answer the next ``times`` calls to ``method`` with HTTP 429 + ``Retry-After``."""
        with self._lock:
            self._rate_limits.setdefault(method, []).extend([retry_after] * times)

    def fail_next(self, method: str, error: str, times: int = 1) -> None:
        """Answer the next ``times`` calls to ``method`` with ``{"ok": false, "error": error}``."""
        with self._lock:
            self._failures.setdefault(method, []).extend([error] * times)

    def drop_after_post(self, method: str, times: int = 1) -> None:
        """Let the next ``times`` calls to ``method`` take effect, then hang up unanswered.

        The call is recorded (``dropped=True``) and, for ``chat.postMessage``, the message
        is posted; the client sees the connection closed without a response.
        """
        with self._lock:
            self._drops[method] = self._drops.get(method, 0) + times

    def hold(self, method: str) -> Gate:
        """Block calls to ``method`` until the returned gate is released (or :meth:`stop`)."""
        gate = self.new_gate()
        with self._lock:
            self._holds[method] = gate
        return gate

    # ------------------------------------------------------------------ recording

    @property
    def calls(self) -> list[SlackCall]:
        """Every call so far (oldest first), including failed ones."""
        return self._calls.snapshot()

    @property
    def violations(self) -> list[str]:
        """Client mistakes seen so far (tests normally assert this is empty)."""
        with self._lock:
            return list(self._violations)

    def calls_to(self, method: str) -> list[SlackCall]:
        """Recorded calls to one method."""
        return [call for call in self.calls if call.method == method]

    def wait_for(self, method: str, count: int = 1, timeout: float = 5.0) -> list[SlackCall]:
        """Wait until ``count`` calls to ``method`` are recorded; returns them all."""
        return self._calls.wait_for(lambda call: call.method == method, count, timeout)

    def reset_calls(self) -> None:
        """Forget recorded calls (directory, messages, views and violations are kept)."""
        self._calls.clear()

    def messages(self, channel: str | None = None) -> list[dict[str, Any]]:
        """Current messages posted by the bot (deleted ones removed), oldest first.

        ``channel`` may be a channel id, a DM id or a user id (meaning their DM).
        """
        with self._lock:
            wanted = None
            if channel is not None:
                wanted = self.dm_channel_id(channel) if channel in self._users else channel
            return [
                copy.deepcopy(message)
                for message in self._messages
                if wanted is None or message["channel"] == wanted
            ]

    def dms_to(self, user_id: str) -> list[dict[str, Any]]:
        """Messages in the bot's DM with ``user_id``."""
        return self.messages(self.dm_channel_id(user_id))

    def ephemerals(self, user: str | None = None) -> list[dict[str, Any]]:
        """Ephemeral messages posted by the bot, optionally only those shown to ``user``."""
        with self._lock:
            return [
                copy.deepcopy(item)
                for item in self._ephemerals
                if user is None or item["user"] == user
            ]

    def show_ephemeral(self, user: str, channel: str, message: dict[str, Any]) -> str:
        """Show ``user`` an ephemeral message the app answered with (e.g. a slash command's
        acknowledgement: ``text`` and ``blocks``), checked like ``chat.postEphemeral``'s;
        returns the ``response_url`` Slack would send with a click on it. A bad message is
        recorded as a violation and the URL is bound to nothing."""
        token = secrets.token_urlsafe(12)
        with self._lock:
            try:
                content = self._content(message)
            except _SlackError as error:
                self._violations.append(f"ephemeral for {user}: {error.violation or error.error}")
                content = None
            ephemeral = None
            if content is not None:
                ephemeral = {
                    "channel": channel,
                    "user": user,
                    "message_ts": self._next_ts(),
                    "text": content["text"],
                    "blocks": content["blocks"],
                    "attachments": content["attachments"],
                    "thread_ts": None,
                }
                self._ephemerals.append(ephemeral)
            self._response_urls[token] = _ResponseUrl(user, channel, ephemeral)
        return f"{self.base_url}/respond/{token}"

    def responses(self) -> list[SlackResponse]:
        """Every POST to a ``response_url`` so far, oldest first."""
        return self._responses.snapshot()

    def wait_for_responses(self, count: int = 1, timeout: float = 5.0) -> list[SlackResponse]:
        """Wait until ``count`` POSTs to ``response_url``s are recorded; returns them all."""
        return self._responses.wait_for(lambda _: True, count, timeout)

    def opened_views(self) -> list[dict[str, Any]]:
        """Current state of modals opened (``views.open``) or pushed (``views.push``)."""
        with self._lock:
            return [copy.deepcopy(self._views[view_id]) for view_id in self._modal_ids]

    def published_views(self, user_id: str) -> list[dict[str, Any]]:
        """Every home tab published for ``user_id``, oldest first (last one is current)."""
        with self._lock:
            return copy.deepcopy(self._published.get(user_id, []))

    # ------------------------------------------------------------------ HTTP entry point

    def handle(self, request: Request) -> Response:
        """Answer ``/api/<method>`` like Slack (HTTP 200 with ``ok``, or 429)."""
        if request.path.startswith("/respond/"):
            return self._respond(request)
        method = request.path.removeprefix("/api/") if request.path.startswith("/api/") else ""
        received_at = time.time()
        args: dict[str, Any] = {}
        try:
            args, token, bad_json = _parse_request(request)
            with self._lock:
                self._check_method_and_token(method or request.path, token)
                gate = self._holds.get(method)
            if gate is not None:
                gate.pass_through()
            with self._lock:
                limited = self._rate_limits.get(method)
                if limited:
                    retry_after = limited.pop(0)
                    payload = {"ok": False, "error": "ratelimited"}
                    headers = {"Retry-After": str(retry_after)}
                    return self._finish(
                        method, args, payload, status=429, headers=headers, received_at=received_at
                    )
                failures = self._failures.get(method)
                if failures:
                    raise _SlackError(failures.pop(0))
                self._check_arguments(method, args, bad_json)
                payload = {"ok": True, **self._methods[method](args)}
                drop = self._drops.get(method, 0) > 0
                if drop:
                    self._drops[method] -= 1
                answer = self._finish(method, args, payload, received_at=received_at, drop=drop)
                return Response.dropped() if drop else answer
        except _SlackError as error:
            with self._lock:
                if error.violation is not None:
                    self._violations.append(f"{method or request.path}: {error.violation}")
                return self._finish(
                    method or request.path, args, error.payload(), received_at=received_at
                )

    def _finish(
        self,
        method: str,
        args: dict[str, Any],
        payload: dict[str, Any],
        *,
        status: int = 200,
        headers: dict[str, str] | None = None,
        received_at: float = 0.0,
        drop: bool = False,
    ) -> Response:
        error = payload.get("error")
        self._calls.append(
            SlackCall(
                method=method,
                args=copy.deepcopy(args),
                ok=bool(payload.get("ok")),
                error=error if isinstance(error, str) else None,
                response=copy.deepcopy(payload),
                seq=self._calls.next_seq(),
                status=status,
                received_at=received_at,
                dropped=drop,
            )
        )
        return Response.json(status, payload, headers)

    def _check_method_and_token(self, method: str, token: str | None) -> None:
        if method not in self.known_methods() or method not in self._methods:
            raise _SlackError(
                "unknown_method", violation="unknown method (not in the vendored spec subset)"
            )
        if not token:
            raise _SlackError("not_authed", violation="no token (Authorization: Bearer ...)")
        if not hmac.compare_digest(token, self.bot_token):
            raise _SlackError("invalid_auth", violation="token is not the bot token")

    def _check_arguments(self, method: str, args: dict[str, Any], bad_json: list[str]) -> None:
        if bad_json:
            name = bad_json[0]
            raise _SlackError(JSON_ARGUMENTS[name], violation=f"argument {name!r} is not JSON")
        missing = [
            param["name"]
            for param in self.known_methods()[method]
            if param["required"] and param["name"] != "token" and _blank(args.get(param["name"]))
        ]
        if missing:
            problems = [Problem("/", f"missing required field: {name}") for name in missing]
            raise _SlackError(
                "invalid_arguments",
                violation=f"missing required argument(s): {', '.join(missing)}",
                problems=problems,
            )

    def _respond(self, request: Request) -> Response:
        """A POST to a ``response_url``: ``replace_original`` / ``delete_original`` act on
        the ephemeral it came with; otherwise a new ephemeral (or, with ``response_type:
        in_channel``, a message in the channel)."""
        url = f"{self.base_url}{request.path}"
        with self._lock:
            bound = self._response_urls.get(request.path.removeprefix("/respond/"))
            try:
                payload = json.loads(request.body or b"{}")
            except ValueError:
                payload = None
            if not isinstance(payload, dict):
                self._violations.append(f"response_url: body is not a JSON object: {url}")
                return self._responded(url, {}, 400, "invalid_payload")
            if bound is None or bound.uses_left <= 0:
                return self._responded(url, payload, 404, "expired_url")
            bound.uses_left -= 1
            if _truthy(payload.get("delete_original", False)):
                if bound.ephemeral in self._ephemerals:
                    self._ephemerals.remove(bound.ephemeral)
                return self._responded(url, payload, 200, None)
            try:
                content = self._content(payload)
            except _SlackError as error:
                if error.violation is not None:
                    self._violations.append(f"response_url: {error.violation}")
                return self._responded(url, payload, 400, error.error)
            if _truthy(payload.get("replace_original", False)) and bound.ephemeral is not None:
                for key in ("text", "blocks", "attachments"):
                    bound.ephemeral[key] = content[key]
            elif payload.get("response_type") == "in_channel":
                self._messages.append(
                    {
                        "type": "message",
                        "channel": bound.channel,
                        "ts": self._next_ts(),
                        "user": self.bot_user_id,
                        **content,
                        "thread_ts": None,
                    }
                )
            else:
                self._ephemerals.append(
                    {
                        "channel": bound.channel,
                        "user": bound.user,
                        "message_ts": self._next_ts(),
                        "text": content["text"],
                        "blocks": content["blocks"],
                        "attachments": content["attachments"],
                        "thread_ts": None,
                    }
                )
            return self._responded(url, payload, 200, None)

    def _responded(
        self, url: str, payload: dict[str, Any], status: int, error: str | None
    ) -> Response:
        self._responses.append(SlackResponse(url, copy.deepcopy(payload), error is None, error))
        body = {"ok": True} if error is None else {"ok": False, "error": error}
        return Response.json(status, body)

    # ------------------------------------------------------------------ helpers

    def _next_ts(self) -> str:
        """A unique, increasing message timestamp (following :attr:`now` when set)."""
        self._ts_counter += 1
        if self.now is None:
            micros = _EPOCH * 1_000_000 + self._ts_counter * 100
        else:
            instant = self.now()
            micros = max(int(instant.timestamp() * 1_000_000), self._last_ts_micros + 1)
        self._last_ts_micros = micros
        return f"{micros // 1_000_000}.{micros % 1_000_000:06d}"

    def _dm_user(self, channel_id: str) -> _User | None:
        user_id = self._dm_users.get(channel_id)
        return None if user_id is None else self._users.get(user_id)

    def _existing_channel(self, channel: str | None) -> str:
        """A channel id (public/private/DM) that exists, else ``channel_not_found``."""
        if channel is not None and (channel in self._channels or self._dm_user(channel)):
            return channel
        raise _SlackError("channel_not_found")

    def _post_target(self, channel: str | None) -> str:
        """Where a post lands: channel ids as-is, user ids → their DM; checks membership."""
        if channel is None:
            raise _SlackError("channel_not_found")
        found = self._channels.get(channel)
        if found is not None:
            if not found.is_member and (found.is_private or not self.public_write):
                raise _SlackError("not_in_channel")
            return channel
        if channel in self._users:
            return self.dm_channel_id(channel)
        return self._existing_channel(channel)

    def _find_message(self, channel: str, ts: str | None) -> dict[str, Any]:
        for message in self._messages:
            if message["channel"] == channel and message["ts"] == ts:
                return message
        raise _SlackError("message_not_found")

    def _content(self, args: dict[str, Any]) -> dict[str, Any]:
        """Validated ``text``/``blocks``/``attachments``/``metadata`` of a message."""
        text = _text(args, "text")
        blocks = args.get("blocks")
        attachments = args.get("attachments")
        if text is None and not blocks and not attachments:
            raise _SlackError("no_text", violation="message has neither text nor blocks")
        if blocks is not None:
            problems = check_blocks(blocks, pointer="/blocks", limit=MAX_MESSAGE_BLOCKS)
            if problems:
                raise _SlackError(
                    "invalid_blocks",
                    violation="; ".join(str(problem) for problem in problems),
                    problems=problems,
                )
        metadata = args.get("metadata")
        if metadata is not None and not (
            isinstance(metadata, dict)
            and isinstance(metadata.get("event_type"), str)
            and isinstance(metadata.get("event_payload"), dict)
        ):
            raise _SlackError(
                "invalid_metadata_format",
                violation="metadata needs a string event_type and an object event_payload",
            )
        return {
            "text": text or "",
            "blocks": blocks,
            "attachments": attachments,
            "metadata": metadata,
        }

    def _public_message(self, message: dict[str, Any]) -> dict[str, Any]:
        """The ``message`` object Slack returns (no ``channel``; absent fields omitted)."""
        shown = {
            "type": "message",
            "user": message["user"],
            "bot_id": self.bot_id,
            "app_id": _APP_ID,
            "team": self.team_id,
            "text": message["text"],
            "ts": message["ts"],
        }
        for key in ("blocks", "attachments", "thread_ts", "metadata", "edited"):
            if message.get(key) is not None:
                shown[key] = copy.deepcopy(message[key])
        return shown

    def _check_view(self, view: Any, types: tuple[str, ...]) -> dict[str, Any]:
        problems = check_view(view, types=types)
        if problems:
            raise _SlackError(
                "invalid_arguments",
                violation="; ".join(str(problem) for problem in problems),
                problems=problems,
            )
        assert isinstance(view, dict)
        return view

    def _view_object(
        self, payload: dict[str, Any], *, view_id: str | None = None, root: str | None = None
    ) -> dict[str, Any]:
        if view_id is None:
            self._view_counter += 1
            view_id = f"V0STANDIN{self._view_counter:04d}"
        return {
            "id": view_id,
            "team_id": self.team_id,
            "type": payload["type"],
            "title": copy.deepcopy(payload.get("title")),
            "submit": copy.deepcopy(payload.get("submit")),
            "close": copy.deepcopy(payload.get("close")),
            "blocks": copy.deepcopy(payload.get("blocks", [])),
            "private_metadata": payload.get("private_metadata", ""),
            "callback_id": payload.get("callback_id", ""),
            "external_id": payload.get("external_id", ""),
            "state": {"values": {}},
            "hash": f"{_EPOCH + self._view_counter}.{secrets.token_hex(4)}",
            "clear_on_close": bool(payload.get("clear_on_close", False)),
            "notify_on_close": bool(payload.get("notify_on_close", False)),
            "root_view_id": root or view_id,
            "previous_view_id": None,
            "app_id": _APP_ID,
            "app_installed_team_id": self.team_id,
            "bot_id": self.bot_id,
        }

    def _store_view(self, view: dict[str, Any]) -> None:
        previous = self._views.get(view["id"])
        if previous is not None and previous["external_id"]:
            self._external_ids.pop(previous["external_id"], None)
        if view["external_id"]:
            owner = self._external_ids.get(view["external_id"])
            if owner is not None and owner != view["id"]:
                raise _SlackError("duplicate_external_id")
            self._external_ids[view["external_id"]] = view["id"]
        self._views[view["id"]] = view

    # ------------------------------------------------------------------ methods

    def _auth_test(self, args: dict[str, Any]) -> dict[str, Any]:
        return {
            "url": f"https://{self.domain}.slack.com/",
            "team": self.team_name,
            "user": self._users[self.bot_user_id].name,
            "team_id": self.team_id,
            "user_id": self.bot_user_id,
            "bot_id": self.bot_id,
            "is_enterprise_install": False,
        }

    def _users_info(self, args: dict[str, Any]) -> dict[str, Any]:
        user = self._users.get(_text(args, "user") or "")
        if user is None:
            raise _SlackError("user_not_found")
        info: dict[str, Any] = {
            "id": user.user_id,
            "team_id": self.team_id,
            "name": user.name,
            "deleted": False,
            "color": "9f69e7",
            "real_name": user.real_name,
            **_tz_fields(user.tz),
            "profile": {
                "real_name": user.real_name,
                "real_name_normalized": user.real_name,
                "display_name": user.display_name,
                "display_name_normalized": user.display_name,
                "team": self.team_id,
            },
            "is_admin": user.is_admin,
            "is_owner": user.is_owner,
            "is_primary_owner": False,
            "is_restricted": False,
            "is_ultra_restricted": False,
            "is_bot": user.is_bot,
            "is_app_user": False,
            "updated": _EPOCH,
        }
        if _truthy(args.get("include_locale", False)):
            info["locale"] = user.locale
        return {"user": info}

    def _usergroup_object(self, group: _UserGroup, args: dict[str, Any]) -> dict[str, Any]:
        """A ``subteam`` object as ``usergroups.list`` returns it."""
        shown: dict[str, Any] = {
            "id": group.group_id,
            "team_id": self.team_id,
            "is_usergroup": True,
            "is_subteam": True,
            "name": group.name,
            "description": "",
            "handle": group.handle,
            "is_external": False,
            "date_create": _EPOCH,
            "date_update": _EPOCH,
            "date_delete": _EPOCH + 1 if group.disabled else 0,
            "auto_type": None,
            "created_by": "USLACKBOT",
            "updated_by": "USLACKBOT",
            "deleted_by": None,
            "prefs": {"channels": [], "groups": []},
        }
        if _truthy(args.get("include_users", False)):
            shown["users"] = list(group.users)
        if _truthy(args.get("include_count", False)):
            shown["user_count"] = len(group.users)
        return shown

    def _usergroups_list(self, args: dict[str, Any]) -> dict[str, Any]:
        with_disabled = _truthy(args.get("include_disabled", False))
        return {
            "usergroups": [
                self._usergroup_object(group, args)
                for group in self._usergroups.values()
                if with_disabled or not group.disabled
            ]
        }

    def _usergroups_users_list(self, args: dict[str, Any]) -> dict[str, Any]:
        group = self._usergroups.get(_text(args, "usergroup") or "")
        if group is None:
            raise _SlackError("no_such_subteam")
        if group.disabled and not _truthy(args.get("include_disabled", False)):
            raise _SlackError("no_such_subteam")
        return {"users": list(group.users)}

    def _im_object(self, user: _User) -> dict[str, Any]:
        return {
            "id": self.dm_channel_id(user.user_id),
            "created": _EPOCH,
            "is_im": True,
            "is_org_shared": False,
            "user": user.user_id,
            "is_user_deleted": False,
            "is_archived": False,
            "is_open": self.dm_channel_id(user.user_id) in self._open_dms,
            "priority": 0,
        }

    def _conversations_history(self, args: dict[str, Any]) -> dict[str, Any]:
        """Newest first; ``oldest``/``latest`` exclusive unless ``inclusive``; paginated.

        Like Slack, message ``metadata`` is only included with ``include_all_metadata``.
        """
        channel = self._existing_channel(_text(args, "channel"))
        if channel in self._channels and not self._channels[channel].is_member:
            raise _SlackError("not_in_channel")
        try:
            oldest = float(_text(args, "oldest") or 0)
        except ValueError as exc:
            raise _SlackError("invalid_ts_oldest") from exc
        try:
            latest = float(_text(args, "latest") or "inf")
        except ValueError as exc:
            raise _SlackError("invalid_ts_latest") from exc
        inclusive = _truthy(args.get("inclusive", False))
        with_metadata = _truthy(args.get("include_all_metadata", False))
        limit = max(1, min(int(_text(args, "limit") or 100), 999))
        start = int(_text(args, "cursor") or 0)

        def within(ts: float) -> bool:
            if inclusive:
                return oldest <= ts <= latest
            return oldest < ts < latest

        found = [
            message
            for message in reversed(self._messages)
            if message["channel"] == channel and within(float(message["ts"]))
        ]
        page = found[start : start + limit]
        shown = []
        for message in page:
            public = self._public_message(message)
            if not with_metadata:
                public.pop("metadata", None)
            shown.append(public)
        more = start + limit < len(found)
        return {
            "messages": shown,
            "has_more": more,
            "pin_count": 0,
            "response_metadata": {"next_cursor": str(start + limit) if more else ""},
        }

    def _conversations_info(self, args: dict[str, Any]) -> dict[str, Any]:
        channel_id = _text(args, "channel") or ""
        channel = self._channels.get(channel_id)
        if channel is None:
            user = self._dm_user(channel_id)
            if user is None:
                raise _SlackError("channel_not_found")
            return {"channel": self._im_object(user)}
        return {
            "channel": {
                "id": channel.channel_id,
                "name": channel.name,
                "name_normalized": channel.name,
                "is_channel": True,
                "is_group": False,
                "is_im": False,
                "is_mpim": False,
                "is_private": channel.is_private,
                "is_member": channel.is_member,
                "is_archived": False,
                "is_general": False,
                "is_shared": False,
                "is_ext_shared": False,
                "is_org_shared": False,
                "created": _EPOCH,
            }
        }

    def _conversations_open(self, args: dict[str, Any]) -> dict[str, Any]:
        channel_id = _text(args, "channel")
        users_arg = _text(args, "users")
        if channel_id is not None:
            user = self._dm_user(channel_id)
            if user is None:
                raise _SlackError("channel_not_found")
        elif users_arg is None:
            raise _SlackError("users_list_not_supplied", violation="neither users nor channel")
        else:
            user_ids = [part.strip() for part in users_arg.split(",") if part.strip()]
            if len(user_ids) != 1:
                raise _SlackError(
                    "not_implemented_by_standin",
                    violation="the stand-in only supports 1:1 DMs (one user id)",
                )
            found = self._users.get(user_ids[0])
            if found is None:
                raise _SlackError("channel_not_found")
            user = found
        dm_id = self.dm_channel_id(user.user_id)
        already_open = dm_id in self._open_dms
        self._open_dms.add(dm_id)
        channel: dict[str, Any] = (
            self._im_object(user) if _truthy(args.get("return_im", False)) else {"id": dm_id}
        )
        result: dict[str, Any] = {"channel": channel}
        if already_open:
            result.update(no_op=True, already_open=True)
        return result

    def _chat_post_message(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = self._post_target(_text(args, "channel"))
        content = self._content(args)
        message = {
            "type": "message",
            "channel": channel,
            "ts": self._next_ts(),
            "user": self.bot_user_id,
            **content,
            "thread_ts": _text(args, "thread_ts"),
        }
        self._messages.append(message)
        return {"channel": channel, "ts": message["ts"], "message": self._public_message(message)}

    def _chat_post_ephemeral(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = self._post_target(_text(args, "channel"))
        user = _text(args, "user")
        if user not in self._users:
            raise _SlackError("user_not_in_channel")
        content = self._content(args)
        ephemeral = {
            "channel": channel,
            "user": user,
            "message_ts": self._next_ts(),
            "text": content["text"],
            "blocks": content["blocks"],
            "attachments": content["attachments"],
            "thread_ts": _text(args, "thread_ts"),
        }
        self._ephemerals.append(ephemeral)
        return {"message_ts": ephemeral["message_ts"]}

    def _chat_update(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = self._existing_channel(_text(args, "channel"))
        message = self._find_message(channel, _text(args, "ts"))
        content = self._content(args)
        for key in ("text", "blocks", "attachments", "metadata"):
            if key in args:
                message[key] = content[key]
        message["edited"] = {"user": self.bot_user_id, "ts": self._next_ts()}
        return {
            "channel": channel,
            "ts": message["ts"],
            "text": message["text"],
            "message": self._public_message(message),
        }

    def _chat_delete(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = self._existing_channel(_text(args, "channel"))
        message = self._find_message(channel, _text(args, "ts"))
        self._messages.remove(message)
        return {"channel": channel, "ts": message["ts"]}

    def _chat_get_permalink(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = self._existing_channel(_text(args, "channel"))
        message = self._find_message(channel, _text(args, "message_ts"))
        link = (
            f"https://{self.domain}.slack.com/archives/{channel}/p{message['ts'].replace('.', '')}"
        )
        if message.get("thread_ts"):
            link += f"?thread_ts={message['thread_ts']}&cid={channel}"
        return {"channel": channel, "permalink": link}

    def _views_open(self, args: dict[str, Any]) -> dict[str, Any]:
        view = self._view_object(self._check_view(args.get("view"), ("modal",)))
        self._store_view(view)
        self._modal_ids.append(view["id"])
        return {"view": copy.deepcopy(view)}

    def _views_push(self, args: dict[str, Any]) -> dict[str, Any]:
        return self._views_open(args)

    def _views_update(self, args: dict[str, Any]) -> dict[str, Any]:
        view_id = _text(args, "view_id")
        external_id = _text(args, "external_id")
        if view_id is None and external_id is None:
            raise _SlackError(
                "invalid_arguments", violation="views.update needs view_id or external_id"
            )
        if "view" not in args:
            raise _SlackError("invalid_arguments", violation="views.update needs view")
        if view_id is None:
            view_id = self._external_ids.get(external_id or "")
        current = self._views.get(view_id or "")
        if current is None:
            raise _SlackError("not_found")
        payload = self._check_view(args["view"], (current["type"],))
        expected = _text(args, "hash")
        if expected is not None and expected != current["hash"]:
            raise _SlackError("hash_conflict")
        view = self._view_object(payload, view_id=current["id"], root=current["root_view_id"])
        if "external_id" not in payload:
            view["external_id"] = current["external_id"]
        self._store_view(view)
        if current["type"] == "home":
            owner = next(user for user, vid in self._home_view_ids.items() if vid == current["id"])
            self._published[owner].append(copy.deepcopy(view))
        return {"view": copy.deepcopy(view)}

    def _views_publish(self, args: dict[str, Any]) -> dict[str, Any]:
        user_id = _text(args, "user_id") or ""
        if user_id not in self._users:
            raise _SlackError("user_not_found")
        payload = self._check_view(args.get("view"), ("home",))
        current_id = self._home_view_ids.get(user_id)
        current = self._views.get(current_id or "")
        expected = _text(args, "hash")
        if expected is not None and (current is None or expected != current["hash"]):
            raise _SlackError("hash_conflict")
        view = self._view_object(payload, view_id=current_id)
        self._store_view(view)
        self._home_view_ids[user_id] = view["id"]
        self._published.setdefault(user_id, []).append(copy.deepcopy(view))
        return {"view": copy.deepcopy(view)}
