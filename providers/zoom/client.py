"""Zoom's REST API (https://developers.zoom.us/docs/api/), the parts the bot uses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC
from typing import Any

import httpx

from providers.base import IssuedMeeting, MeetingRequest
from providers.zoom.errors import (
    ZoomError,
    ZoomMeetingNotFound,
    ZoomRateLimited,
    ZoomRequestRejected,
    ZoomTokenRejected,
    ZoomUnavailable,
)

SCHEDULED_MEETING = 2


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
        body = self._call("POST", f"/users/{user_id}/meetings", token, json=payload)
        # The response also carries `start_url` (the host's key); it is dropped here on purpose.
        return IssuedMeeting(
            meeting_id=str(body["id"]),
            join_url=str(body["join_url"]),
            passcode=body.get("password") or None,
        )

    def delete_meeting(self, token: str, meeting_id: str) -> None:
        self._call("DELETE", f"/meetings/{meeting_id}", token)

    def _call(
        self, method: str, path: str, token: str, *, json: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        try:
            response = self._http.request(
                method, path, json=json, headers={"Authorization": f"Bearer {token}"}
            )
        except httpx.TimeoutException as exc:
            raise ZoomUnavailable(f"Zoom did not answer {method} {path} in time") from exc
        except httpx.TransportError as exc:
            raise ZoomUnavailable(f"Zoom could not be reached for {method} {path}") from exc
        if response.status_code < 300:
            return response.json() if response.content else {}
        raise _translate(method, path, response)


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
