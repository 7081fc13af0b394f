"""Every real Slack request body in the shared corpus, correctly signed, reaches the real HTTP
server. The bot answers each with a 2xx (the URL-verification challenge where Slack asks for
one), stays healthy, and ignores what it does not handle quietly: no error DM, no answer.

The corpus lives next to the repository (`../shared/corpus`, or `$RECRUITBOT_SHARED_DIR/corpus`);
without it these tests are skipped. Every Zoom webhook in it, signed with the webhook secret
token, is acknowledged at `/zoom/webhook` (Zoom's URL challenge answered) and changes nothing
of ours; unsigned or stale, it is refused.
"""

from __future__ import annotations

import json
import logging
import os
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest
from sqlalchemy import select

from handlers import registry
from handlers.events import app_home_opened, lifecycle
from standins.harness import TEAM_ID, ZOOM_WEBHOOK_SECRET, LocalWorkspace
from standins.zoom import url_validation_response
from storage.models import Event, Reminder, ZoomAccount
from tests.scenarios.listener_pool import ListenerPools, settle, track_listener_pools
from tests.scenarios.test_create_event import create_interview


def _shared_dir() -> Path:
    override = os.environ.get("RECRUITBOT_SHARED_DIR", "").strip()
    if override:
        return Path(override)
    return Path(__file__).resolve().parents[2].parent / "shared"  # the repository's sibling


CORPUS = _shared_dir() / "corpus"
MISSING = f"payload corpus not found at {CORPUS} (set RECRUITBOT_SHARED_DIR to the shared/ folder)"


def _manifest() -> list[dict[str, Any]]:
    manifest = CORPUS / "MANIFEST.json"
    if not manifest.is_file():
        return []
    entries: list[dict[str, Any]] = json.loads(manifest.read_text(encoding="utf-8"))
    return entries


def _params(platform: str) -> list[Any]:
    entries = [e for e in _manifest() if e["platform"] == platform]
    if not entries:
        return [pytest.param(None, marks=pytest.mark.skip(reason=MISSING), id="no-corpus")]
    return [pytest.param(e, id=Path(e["file"]).stem) for e in entries]


def _encode(entry: dict[str, Any]) -> tuple[str, str, dict[str, Any]]:
    """The body as Slack sends it, its content type, and the decoded payload."""
    raw = (CORPUS / entry["file"]).read_text(encoding="utf-8")
    payload: dict[str, Any] = json.loads(raw)
    transport = entry["transport"]
    if transport == "form":  # slash commands, ssl_check: the form fields as a JSON object
        return urlencode(payload), "application/x-www-form-urlencoded", payload
    if transport == "interactive":  # what Slack puts in the `payload=` form field
        return urlencode({"payload": raw}), "application/x-www-form-urlencoded", payload
    if transport == "json":  # Events API: the body as sent
        return raw, "application/json", payload
    raise AssertionError(f"{entry['file']}: unknown transport {transport!r}")


def _listener_for(payload: dict[str, Any]) -> str | None:
    """Which of the bot's listeners (handlers/registry.py) this payload is meant for, if any."""
    if "command" in payload:
        return payload["command"] if payload["command"] in registry.COMMANDS else None
    kind = payload.get("type")
    if kind == "event_callback":
        event_type = (payload.get("event") or {}).get("type")
        return event_type if event_type in registry.EVENTS else None
    if kind == "block_actions":
        ids = {a.get("action_id") for a in payload.get("actions") or []}
        return next(iter(ids & registry.ACTIONS), None)
    if kind in ("view_submission", "view_closed"):
        callback_id = (payload.get("view") or {}).get("callback_id")
        return callback_id if callback_id in registry.VIEWS else None
    return None


@pytest.fixture
def listeners(monkeypatch: pytest.MonkeyPatch) -> ListenerPools:
    return track_listener_pools(monkeypatch)


@pytest.fixture
def workspace(listeners: ListenerPools, workspace: LocalWorkspace) -> LocalWorkspace:
    assert listeners.pools_created == 1, "Bolt's listener pool is no longer built in bot.app"
    return workspace


def test_manifest_lists_every_payload_on_disk() -> None:
    if not _manifest():
        pytest.skip(MISSING)
    on_disk = {
        p.relative_to(CORPUS).as_posix()
        for platform in ("slack", "zoom")
        for p in (CORPUS / platform).rglob("*.json")
    }
    listed = [e["file"] for e in _manifest()]
    assert sorted(listed) == sorted(on_disk)
    assert len(set(listed)) == len(listed)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("entry", _params("slack"))
def test_slack_payload_is_acknowledged_quietly(
    entry: dict[str, Any],
    workspace: LocalWorkspace,
    listeners: ListenerPools,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO)
    body, content_type, payload = _encode(entry)
    listener = _listener_for(payload)

    # Slack delivers it, signed with the app's signing secret.
    response = workspace.post_signed(body, content_type=content_type)
    settle(workspace, listeners)

    assert 200 <= response.status_code < 300, (response.status_code, response.text)
    if payload.get("type") == "url_verification":  # Bolt answers these before any listener
        assert response.json() == {"challenge": payload["challenge"]}
    elif payload.get("ssl_check") == "1":
        assert response.content == b""
        assert listeners.tasks_started == 0
        assert workspace.slack.calls == []
    elif listener is None:
        # Nobody listens: acknowledged with an empty 200 and a log line, nothing else.
        assert response.content == b""
        assert listeners.tasks_started == 0
        assert "no listener handles" in caplog.text
        assert {c.method for c in workspace.slack.calls} <= {"auth.test"}
    else:
        assert listeners.tasks_started >= 1, f"{listener} did not run"

    if listener in lifecycle.EVENTS:  # recorded so an operator sees why the bot went quiet
        assert f"Slack says {listener} for team {TEAM_ID}" in caplog.text
    if listener == app_home_opened.EVENT:  # the Home tab is drawn only when it is opened
        event = payload["event"]
        published = workspace.slack.published_views(event["user"])
        assert len(published) == (1 if event.get("tab") in (None, "home") else 0)

    # Nobody was told that something went wrong, and nothing went wrong.
    said = json.dumps([c.args for c in workspace.slack.calls], ensure_ascii=False)
    assert "参照:" not in said
    assert "reference:" not in said
    assert workspace.slack.calls_to("chat.postMessage") == []
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == []

    # And the bot is still up.
    health = httpx.get(f"{workspace.url}/healthz", timeout=10)
    assert health.status_code == 200
    assert health.json() == {"ok": True}


def _zoom_side_state(ws: LocalWorkspace) -> tuple[Any, ...]:
    """What a Zoom webhook could change: events, their reminders, linked accounts."""
    with ws.services.db.transaction() as session:
        events = [
            (e.id, e.status, e.version, e.starts_at, e.duration_minutes, e.title)
            for e in session.scalars(select(Event).order_by(Event.id))
        ]
        reminders = [
            (r.id, r.status, r.due_at, r.skip_reason)
            for r in session.scalars(select(Reminder).order_by(Reminder.id))
        ]
        accounts = [
            (a.id, a.status, a.access_token_enc is not None)
            for a in session.scalars(select(ZoomAccount).order_by(ZoomAccount.id))
        ]
    return events, reminders, accounts


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("entry", _params("zoom"))
def test_zoom_webhook_is_acknowledged(
    entry: dict[str, Any], workspace: LocalWorkspace, caplog: pytest.LogCaptureFixture
) -> None:
    # The team has a linked account and an interview of its own.
    workspace.link_zoom("採用担当A", workspace.add_zoom_app("recruiting-a@example.com"))
    create_interview(workspace)
    workspace.slack.reset_calls()
    before = _zoom_side_state(workspace)
    caplog.set_level(logging.INFO)
    body = (CORPUS / entry["file"]).read_bytes()
    payload = json.loads(body)

    # Zoom delivers it, signed with the webhook secret token, now (by the harness clock).
    response = workspace.zoom_webhook(body)
    workspace.wait_idle()

    assert 200 <= response.status_code < 300, (response.status_code, response.text)
    if payload["event"] == "endpoint.url_validation":
        plain_token = payload["payload"]["plainToken"]
        assert response.json() == url_validation_response(ZOOM_WEBHOOK_SECRET, plain_token)
    # None of these meetings or Zoom users is the team's: nothing changes, nobody is told.
    assert _zoom_side_state(workspace) == before
    assert workspace.slack.calls == []
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == []
    assert httpx.get(f"{workspace.url}/healthz", timeout=10).status_code == 200


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("entry", _params("zoom"))
def test_zoom_webhook_unsigned_or_stale_is_refused(
    entry: dict[str, Any], workspace: LocalWorkspace
) -> None:
    body = (CORPUS / entry["file"]).read_bytes()
    unsigned = httpx.post(
        f"{workspace.url}/zoom/webhook",
        content=body,
        headers={"content-type": "application/json"},
        timeout=10,
    )
    six_minutes_ago = int((workspace.clock.now() - timedelta(minutes=6)).timestamp())
    stale = workspace.zoom_webhook(body, timestamp=six_minutes_ago)
    assert (unsigned.status_code, stale.status_code) == (401, 401)
