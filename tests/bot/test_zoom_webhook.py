"""`POST /zoom/webhook` on the real HTTP server: only bodies signed with the webhook secret
token, at most 5 minutes from now either way, get through; Zoom's URL challenge is answered;
what Zoom sends but the bot does not handle is acknowledged and ignored."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import httpx
import pytest

from bot.clock import ManualClock
from standins.harness import ZOOM_WEBHOOK_SECRET, LocalWorkspace
from standins.zoom import sign_webhook, url_validation_response

STARTED = {
    "event": "meeting.started",
    "event_ts": 1626230691572,
    "payload": {
        "account_id": "AAAAAABBBB",
        "object": {"id": "1234567890", "topic": "My Meeting", "type": 2, "duration": 60},
    },
}
#: For the matrices of bad requests: refused before any database work, so SQLite is enough.
SQLITE_ONLY = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)

CHALLENGE = {
    "event": "endpoint.url_validation",
    "event_ts": 1654503849680,
    "payload": {"plainToken": "qgg8vlvZRS6UYooatFL8Aw"},
}


@pytest.fixture
def workspace(database_url: str, clock: ManualClock) -> Iterator[LocalWorkspace]:
    with LocalWorkspace(database_url=database_url, clock=clock) as ws:
        yield ws


def now_ts(ws: LocalWorkspace) -> int:
    return int(ws.clock.now().timestamp())


def post(ws: LocalWorkspace, body: bytes, headers: dict[str, str]) -> httpx.Response:
    """A delivery with exactly these headers (sent as UTF-8, whatever they contain)."""
    raw = [(b"content-type", b"application/json")]
    raw += [(name.encode(), value.encode()) for name, value in headers.items()]
    return httpx.post(f"{ws.url}/zoom/webhook", content=body, headers=raw, timeout=10)


def test_a_correctly_signed_webhook_is_acknowledged(workspace: LocalWorkspace) -> None:
    response = workspace.zoom_webhook(STARTED)
    assert response.status_code == 200
    assert workspace.slack.calls == []  # nothing to do for a meeting that started


def test_an_unsigned_webhook_is_refused(workspace: LocalWorkspace) -> None:
    response = post(workspace, json.dumps(STARTED).encode(), {})
    assert response.status_code == 401


def test_a_webhook_signed_with_another_secret_is_refused(workspace: LocalWorkspace) -> None:
    assert workspace.zoom_webhook(STARTED, secret="not-the-secret").status_code == 401


def test_a_tampered_body_is_refused(workspace: LocalWorkspace) -> None:
    signed = json.dumps(STARTED).encode()
    tampered = signed.replace(b"1234567890", b"1234567891")
    headers = sign_webhook(ZOOM_WEBHOOK_SECRET, signed, now_ts(workspace))
    assert post(workspace, signed, headers).status_code == 200
    assert post(workspace, tampered, headers).status_code == 401


@SQLITE_ONLY
@pytest.mark.parametrize(
    ("skew", "status"),
    [
        (timedelta(minutes=-6), 401),  # replayed
        (timedelta(minutes=6), 401),  # from the future
        (timedelta(minutes=-4), 200),
        (timedelta(minutes=4), 200),
    ],
    ids=["6-min-old", "6-min-ahead", "4-min-old", "4-min-ahead"],
)
def test_only_recent_timestamps_are_accepted(
    workspace: LocalWorkspace, skew: timedelta, status: int
) -> None:
    timestamp = int((workspace.clock.now() + skew).timestamp())
    assert workspace.zoom_webhook(STARTED, timestamp=timestamp).status_code == status


@SQLITE_ONLY
@pytest.mark.parametrize(
    "headers",
    [
        {"x-zm-request-timestamp": "soon", "x-zm-signature": "v0=00"},
        {"x-zm-request-timestamp": "١٢٣", "x-zm-signature": "v0=00"},  # digits, not ASCII
        {"x-zm-request-timestamp": "9" * 40, "x-zm-signature": "v0=00"},
        {"x-zm-signature": "v0=00"},
        {"x-zm-request-timestamp": "{now}"},
        {"x-zm-request-timestamp": "{now}", "x-zm-signature": "v1=ünïcode"},
    ],
    ids=["word", "non-ascii-digits", "huge", "no-timestamp", "no-signature", "garbled"],
)
def test_garbled_headers_are_refused(workspace: LocalWorkspace, headers: dict[str, str]) -> None:
    filled = {
        name: value.replace("{now}", str(now_ts(workspace))) for name, value in headers.items()
    }
    assert post(workspace, json.dumps(STARTED).encode(), filled).status_code == 401


def test_the_url_validation_challenge_is_answered(workspace: LocalWorkspace) -> None:
    response = workspace.zoom_webhook(CHALLENGE)
    assert response.status_code == 200
    assert response.json() == url_validation_response(
        ZOOM_WEBHOOK_SECRET,
        CHALLENGE["payload"]["plainToken"],  # type: ignore[index]
    )


def test_the_url_validation_challenge_must_be_signed_too(workspace: LocalWorkspace) -> None:
    assert workspace.zoom_webhook(CHALLENGE, secret="guess").status_code == 401
    stale = now_ts(workspace) - 600
    assert workspace.zoom_webhook(CHALLENGE, timestamp=stale).status_code == 401


@SQLITE_ONLY
@pytest.mark.parametrize(
    "body",
    [
        b"{not json",
        b"[]",
        b'{"payload": {}}',
        b'{"event": "endpoint.url_validation", "payload": {}}',
        b'{"event": "meeting.updated", "payload": {"object": {"topic": "no id"}}}',
        b'{"event": "meeting.updated", "payload": {"object": {"id": 1, "start_time": "soon"}}}',
        b'{"event": "meeting.updated", "payload": {"object": {"id": 1, "duration": "long"}}}',
        b'{"event": "meeting.deleted", "payload": null}',
        b'{"event": "app_deauthorized", "payload": {"account_id": "A"}}',
    ],
    ids=[
        "not-json",
        "not-an-object",
        "no-event",
        "challenge-without-token",
        "meeting-without-id",
        "bad-start",
        "bad-duration",
        "no-payload",
        "deauthorized-without-user",
    ],
)
def test_a_signed_body_zoom_would_not_send_gets_400(workspace: LocalWorkspace, body: bytes) -> None:
    response = workspace.zoom_webhook(body)
    assert response.status_code == 400
    assert workspace.slack.calls == []


def test_unknown_events_are_acknowledged_and_ignored(workspace: LocalWorkspace) -> None:
    body: dict[str, Any] = {"event": "recording.completed", "payload": {"object": {"id": 1}}}
    assert workspace.zoom_webhook(body).status_code == 200
    assert workspace.slack.calls == []


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_without_a_secret_token_webhooks_get_503_and_one_log_line(
    database_url: str, clock: ManualClock, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="bot.zoom_webhook")
    with LocalWorkspace(database_url=database_url, clock=clock, zoom_webhook_secret=None) as ws:
        first = ws.zoom_webhook(CHALLENGE)
        second = ws.zoom_webhook(STARTED)
    assert (first.status_code, second.status_code) == (503, 503)
    assert "not configured" in first.text
    said = [r.getMessage() for r in caplog.records if r.name == "bot.zoom_webhook"]
    assert len(said) == 1
    assert "ZOOM_WEBHOOK_SECRET_TOKEN is not set" in said[0]
