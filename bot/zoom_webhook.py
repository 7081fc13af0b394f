"""`POST /zoom/webhook`: Zoom's event notifications, verified, parsed and dispatched.

Every request must carry `x-zm-signature: v0=<hex HMAC-SHA256(secret token,
"v0:{x-zm-request-timestamp}:{raw body}")>` with a timestamp within 5 minutes of now (either
way); anything else is answered 401 before the body is read as JSON. Answers:

- `endpoint.url_validation` → 200 `{"plainToken", "encryptedToken"}` (Zoom's challenge);
- `meeting.updated` / `meeting.deleted` → the event follows (`MeetingChangeService`);
- `app_deauthorized` → the linked account stops (`ZoomDeauthorizationService`);
- any other event → 200, ignored; a signed body that is not what Zoom sends → 400.

Database work runs off the event loop; Slack messages go to the worker afterwards, so Zoom
gets its answer well within its 3 seconds. Until `ZOOM_WEBHOOK_SECRET_TOKEN` is set, 503.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from bot.services.container import Services
from bot.services.meeting_changes import MeetingChangeService, ZoomMeetingUpdate
from bot.services.zoom_deauthorization import ZoomDeauthorization, ZoomDeauthorizationService

logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "x-zm-signature"
TIMESTAMP_HEADER = "x-zm-request-timestamp"
MAX_CLOCK_SKEW = timedelta(minutes=5)

URL_VALIDATION = "endpoint.url_validation"
MEETING_UPDATED = "meeting.updated"
MEETING_DELETED = "meeting.deleted"
APP_DEAUTHORIZED = "app_deauthorized"


class MalformedWebhook(ValueError):
    """Correctly signed, but not a body Zoom sends: answered 400."""


# ---- verification


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """`v0=` + hex HMAC-SHA256 of `v0:{timestamp}:{body}`."""
    message = b"v0:" + timestamp.encode() + b":" + body
    return "v0=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def is_authentic(secret: str, headers: Mapping[str, str], body: bytes, now: datetime) -> bool:
    """The signature matches and the timestamp is within `MAX_CLOCK_SKEW` of `now`."""
    timestamp = headers.get(TIMESTAMP_HEADER, "")
    given = headers.get(SIGNATURE_HEADER, "")
    if not (timestamp.isascii() and timestamp.isdigit()) or len(timestamp) > 12 or not given:
        return False
    if abs(now.timestamp() - int(timestamp)) > MAX_CLOCK_SKEW.total_seconds():
        return False
    expected = signature(secret, timestamp, body)
    return hmac.compare_digest(expected.encode(), given.encode())


def url_validation_answer(secret: str, payload: Any) -> dict[str, str]:
    plain_token = payload.get("plainToken") if isinstance(payload, dict) else None
    if not isinstance(plain_token, str) or not plain_token:
        raise MalformedWebhook("endpoint.url_validation without a plainToken")
    encrypted = hmac.new(secret.encode(), plain_token.encode(), hashlib.sha256).hexdigest()
    return {"plainToken": plain_token, "encryptedToken": encrypted}


# ---- parsing


def parse_body(body: bytes) -> tuple[str, Any]:
    """(event name, its `payload`) of a webhook body."""
    try:
        document = json.loads(body)
    except (ValueError, RecursionError) as exc:  # UnicodeDecodeError is a ValueError
        raise MalformedWebhook("not JSON") from exc
    if not isinstance(document, dict) or not isinstance(document.get("event"), str):
        raise MalformedWebhook("no event name")
    return document["event"], document.get("payload")


def _meeting_object(payload: Any) -> dict[str, Any]:
    meeting = payload.get("object") if isinstance(payload, dict) else None
    if not isinstance(meeting, dict):
        raise MalformedWebhook("no meeting object")
    return meeting


def meeting_id_of(payload: Any) -> str:
    """Zoom sends meeting ids as numbers (sometimes as strings)."""
    value = _meeting_object(payload).get("id")
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, str) and value.strip():
        return value.strip()
    raise MalformedWebhook("no meeting id")


def parse_meeting_update(payload: Any) -> ZoomMeetingUpdate:
    """The fields of `payload.object` that changed (Zoom sends only those, and the id)."""
    meeting = _meeting_object(payload)
    start = meeting.get("start_time")
    zone = meeting.get("timezone")
    duration = meeting.get("duration")
    topic = meeting.get("topic")
    if start is not None and not isinstance(start, str):
        raise MalformedWebhook("start_time is not text")
    if duration is not None and (
        isinstance(duration, bool) or not isinstance(duration, int) or duration <= 0
    ):
        raise MalformedWebhook("duration is not a positive number")
    if topic is not None and not isinstance(topic, str):
        raise MalformedWebhook("topic is not text")
    return ZoomMeetingUpdate(
        meeting_id=meeting_id_of(payload),
        start_time=_start_time(start) if start else None,
        timezone=zone if isinstance(zone, str) and _known_zone(zone) else None,
        duration_minutes=duration,
        topic=topic,
    )


def _start_time(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError as exc:
        raise MalformedWebhook("start_time is not a time") from exc


def _known_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def parse_deauthorization(payload: Any) -> ZoomDeauthorization:
    if not isinstance(payload, dict):
        raise MalformedWebhook("no payload")
    user_id = payload.get("user_id")
    if not isinstance(user_id, str) or not user_id:
        raise MalformedWebhook("no user_id")
    account_id = payload.get("account_id")
    client_id = payload.get("client_id")
    when = payload.get("deauthorization_time")
    return ZoomDeauthorization(
        zoom_user_id=user_id,
        zoom_account_id=account_id if isinstance(account_id, str) and account_id else None,
        client_id=client_id if isinstance(client_id, str) and client_id else None,
        # Only an explicit "false" deletes; a missing or null answer keeps the data.
        keep_data=str(payload.get("user_data_retention")).lower() != "false",
        at=_optional_time(when),
    )


def _optional_time(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


# ---- the endpoint


class ZoomWebhook:
    """Route it as `Route("/zoom/webhook", ZoomWebhook(services).handle, methods=["POST"])`."""

    def __init__(self, services: Services) -> None:
        self._services = services
        self._meetings = MeetingChangeService(
            services.db, services.slack, services.people, services.clock
        )
        self._accounts = ZoomDeauthorizationService(
            services.db,
            services.slack,
            services.people,
            services.clock,
            shared_client_id=services.settings.zoom_client_id,
        )
        self._said_unconfigured = False

    async def handle(self, request: Request) -> Response:
        token = self._services.settings.zoom_webhook_secret_token
        if token is None:
            if not self._said_unconfigured:
                self._said_unconfigured = True
                logger.warning(
                    "a Zoom webhook arrived but ZOOM_WEBHOOK_SECRET_TOKEN is not set: answering 503"
                )
            return Response("Zoom webhooks are not configured", status_code=503)
        secret = token.get_secret_value()
        body = await request.body()
        if not is_authentic(secret, request.headers, body, self._services.clock.now()):
            return Response("invalid signature", status_code=401)
        try:
            event, payload = parse_body(body)
            if event == URL_VALIDATION:
                return JSONResponse(url_validation_answer(secret, payload))
            await self._dispatch(event, payload)
        except MalformedWebhook as exc:
            logger.warning("malformed Zoom webhook: %s", exc)
            return Response(f"malformed webhook: {exc}", status_code=400)
        return Response(status_code=200)

    async def _dispatch(self, event: str, payload: Any) -> None:
        worker = self._services.worker
        if event == MEETING_UPDATED:
            updated = await run_in_threadpool(
                self._meetings.apply_update, parse_meeting_update(payload)
            )
            for change in updated:
                worker.submit(self._meetings.announce_update, change)
            if updated:
                self._services.wakeup()  # reminders may now be due at other times
        elif event == MEETING_DELETED:
            cancelled = await run_in_threadpool(
                self._meetings.apply_deletion, meeting_id_of(payload)
            )
            for cancellation in cancelled:
                worker.submit(self._meetings.announce_cancellation, cancellation)
        elif event == APP_DEAUTHORIZED:
            disconnected = await run_in_threadpool(
                self._accounts.apply, parse_deauthorization(payload)
            )
            for account in disconnected:
                worker.submit(self._accounts.announce, account)
        else:
            logger.debug("Zoom webhook %s ignored", event)
