"""Zoom's REST API (https://developers.zoom.us/docs/api/), the parts the bot uses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx

from providers.base import IssuedMeeting, MeetingRequest, ScheduledMeeting
from providers.zoom.errors import (
    ZoomError,
    ZoomMeetingNotFound,
    ZoomRateLimited,
    ZoomRequestRejected,
    ZoomTokenRejected,
    ZoomUnavailable,
)

SCHEDULED_MEETING = 2
LIST_PAGE_SIZE = 300  # the most `GET /users/{userId}/meetings` returns at once
MAX_LIST_PAGES = 10


@dataclass(frozen=True)
class ZoomUser:
    id: str
    email: str
    account_id: str | None
    licence_type: int | None  # 1 Basic, 2 Licensed, …
    role_name: str | None
    display_name: str


class ZoomApi:
    """Thin typed wrapper; `http` carries the base URL (`ZOOM_API_URL`) and timeouts."""

    def __init__(self, http: httpx.Client) -> None:
        self._http = http

    def get_user(self, token: str, user_id: str = "me") -> ZoomUser:
        body = self._call("GET", f"/users/{user_id}", token)
        name = " ".join(p for p in (body.get("first_name"), body.get("last_name")) if p)
        return ZoomUser(
            id=str(body["id"]),
            email=str(body.get("email", "")),
            account_id=body.get("account_id"),
            licence_type=body.get("type"),
            role_name=body.get("role_name"),
            display_name=str(body.get("display_name") or name or body.get("email", "")),
        )

    def create_meeting(self, token: str, user_id: str, request: MeetingRequest) -> IssuedMeeting:
        payload: dict[str, Any] = {
            "topic": request.topic[:200],
            "type": SCHEDULED_MEETING,
            "start_time": request.start.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "duration": request.duration_minutes,
            "timezone": request.timezone,
        }
        if request.agenda:
            payload["agenda"] = request.agenda[:2000]
        settings = {
            name: value
            for name, value in (
                ("join_before_host", request.join_before_host),
                ("waiting_room", request.waiting_room),
            )
            if value is not None
        }
        if settings:
            payload["settings"] = settings
        body = self._call("POST", f"/users/{user_id}/meetings", token, json=payload)
        return _issued(body)

    def get_meeting(self, token: str, meeting_id: str) -> IssuedMeeting:
        return _issued(self._call("GET", f"/meetings/{meeting_id}", token))

    def list_upcoming(
        self, token: str, user_id: str, *, timeout: float | None = None
    ) -> list[ScheduledMeeting]:
        """`GET /users/{userId}/meetings?type=upcoming`, every page (live meetings included).
        Meetings without a fixed time (recurring type 3) have no start and are left out; a
        recurring meeting with a fixed time shows its next occurrence only."""
        found: list[ScheduledMeeting] = []
        params: dict[str, str | int] = {"type": "upcoming", "page_size": LIST_PAGE_SIZE}
        for _ in range(MAX_LIST_PAGES):
            body = self._call(
                "GET", f"/users/{user_id}/meetings", token, params=params, timeout=timeout
            )
            found += [m for m in map(_scheduled, body.get("meetings") or []) if m is not None]
            next_token = body.get("next_page_token")
            if not next_token:
                break
            params = {**params, "next_page_token": str(next_token)}
        return found

    def update_meeting(self, token: str, meeting_id: str, request: MeetingRequest) -> None:
        """`PATCH /meetings/{meetingId}`: topic, start (UTC, `Z`), duration, zone, agenda.
        The join URL stays the same; settings are left as they are."""
        payload: dict[str, Any] = {
            "topic": request.topic[:200],
            "start_time": request.start.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "duration": request.duration_minutes,
            "timezone": request.timezone,
            "agenda": (request.agenda or "")[:2000],
        }
        self._call("PATCH", f"/meetings/{meeting_id}", token, json=payload)

    def delete_meeting(self, token: str, meeting_id: str) -> None:
        self._call("DELETE", f"/meetings/{meeting_id}", token)

    def _call(
        self,
        method: str,
        path: str,
        token: str,
        *,
        json: dict[str, Any] | None = None,
        params: dict[str, str | int] | None = None,
        timeout: float | None = None,
    ) -> dict[str, Any]:
        extra: dict[str, Any] = {} if timeout is None else {"timeout": timeout}
        try:
            response = self._http.request(
                method,
                path,
                json=json,
                params=params,
                headers={"Authorization": f"Bearer {token}"},
                **extra,
            )
        except httpx.TimeoutException as exc:
            raise ZoomUnavailable(f"Zoom did not answer {method} {path} in time") from exc
        except httpx.TransportError as exc:
            raise ZoomUnavailable(f"Zoom could not be reached for {method} {path}") from exc
        if response.status_code < 300:
            return response.json() if response.content else {}
        raise _translate(method, path, response)


def _issued(body: dict[str, Any]) -> IssuedMeeting:
    # The answer also carries `start_url` (the host's key); it is dropped here on purpose.
    return IssuedMeeting(
        meeting_id=str(body["id"]),
        join_url=str(body["join_url"]),
        passcode=body.get("password") or None,
    )


def _scheduled(item: Any) -> ScheduledMeeting | None:
    if not isinstance(item, dict) or not item.get("start_time") or "id" not in item:
        return None
    try:
        start = _instant(str(item["start_time"]))
        created = _instant(str(item["created_at"])) if item.get("created_at") else None
    except ValueError:
        return None
    return ScheduledMeeting(
        meeting_id=str(item["id"]),
        topic=str(item.get("topic") or ""),
        start=start,
        duration_minutes=int(item.get("duration") or 0),
        created_at=created,
    )


def _instant(text: str) -> datetime:
    """Zoom's `2026-11-24T05:00:00Z` (a zone-less time is read as UTC)."""
    moment = datetime.fromisoformat(text)
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _translate(method: str, path: str, response: httpx.Response) -> ZoomError:
    status = response.status_code
    try:
        body = response.json()
    except ValueError:
        body = {}
    code = body.get("code") if isinstance(body, dict) else None
    message = body.get("message", "") if isinstance(body, dict) else ""
    detail = f"Zoom answered {status} to {method} {path}: {message or response.reason_phrase}"
    if status == 401:
        return ZoomTokenRejected(detail, status=status, code=code)
    if status == 429:
        retry_after = response.headers.get("Retry-After")
        return ZoomRateLimited(
            detail,
            retry_after=float(retry_after) if retry_after and retry_after.isdigit() else None,
            daily="daily" in message.lower(),
        )
    if status == 404 and (code in (3001, None) or "meeting" in message.lower()):
        return ZoomMeetingNotFound(detail, status=status, code=code)
    if status >= 500:
        return ZoomUnavailable(detail, status=status, code=code)
    return ZoomRequestRejected(detail, status=status, code=code)
