"""Only Slack, signing with the app's signing secret, gets through: anything else is answered
401 before any listener runs, so a forged `/recruit` opens nothing and calls nothing."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable
from urllib.parse import urlencode

import httpx
import pytest
from slack_sdk.signature import SignatureVerifier

from standins.harness import SIGNING_SECRET, TEAM_ID, LocalWorkspace
from tests.scenarios.conftest import CHANNEL, COORDINATOR, RECRUITER
from tests.scenarios.listener_pool import ListenerPools, settle, track_listener_pools

FORM = "application/x-www-form-urlencoded"


@pytest.fixture
def listeners(monkeypatch: pytest.MonkeyPatch) -> ListenerPools:
    return track_listener_pools(monkeypatch)


@pytest.fixture
def workspace(listeners: ListenerPools, workspace: LocalWorkspace) -> LocalWorkspace:
    assert listeners.pools_created == 1, "Bolt's listener pool is no longer built in bot.app"
    return workspace


def recruit_command(user_id: str = RECRUITER) -> str:
    """`/recruit` as Slack posts it: a request that, if accepted, opens the create modal."""
    return urlencode(
        {
            "team_id": TEAM_ID,
            "channel_id": CHANNEL,
            "user_id": user_id,
            "command": "/recruit",
            "text": "",
            "response_url": "https://hooks.slack.com/commands/T0HARNESS/1/x",
            "trigger_id": f"trigger-{uuid.uuid4().hex}",
        }
    )


def sign(body: str, timestamp: int, secret: str = SIGNING_SECRET) -> str:
    signature = SignatureVerifier(secret).generate_signature(timestamp=str(timestamp), body=body)
    assert signature is not None
    return signature


def post(ws: LocalWorkspace, body: str, headers: dict[str, str]) -> httpx.Response:
    return httpx.post(
        f"{ws.url}/slack/events", content=body, headers={"content-type": FORM, **headers}
    )


def tampered_body(ws: LocalWorkspace) -> httpx.Response:
    now = int(time.time())
    genuine = recruit_command()
    forged = genuine.replace(RECRUITER, COORDINATOR)
    return ws.post_signed(
        forged, timestamp=now, extra_headers={"x-slack-signature": sign(genuine, now)}
    )


def wrong_secret(ws: LocalWorkspace) -> httpx.Response:
    return ws.post_signed(recruit_command(), secret="not-the-signing-secret")


def stale_timestamp(ws: LocalWorkspace) -> httpx.Response:
    return ws.post_signed(recruit_command(), timestamp=int(time.time()) - 6 * 60)


def future_timestamp(ws: LocalWorkspace) -> httpx.Response:
    return ws.post_signed(recruit_command(), timestamp=int(time.time()) + 6 * 60)


def replayed_with_new_timestamp(ws: LocalWorkspace) -> httpx.Response:
    body, now = recruit_command(), int(time.time())
    headers = {"x-slack-request-timestamp": str(now), "x-slack-signature": sign(body, now - 120)}
    return post(ws, body, headers)


def no_signature_headers(ws: LocalWorkspace) -> httpx.Response:
    return post(ws, recruit_command(), {})


def no_signature(ws: LocalWorkspace) -> httpx.Response:
    return post(ws, recruit_command(), {"x-slack-request-timestamp": str(int(time.time()))})


def no_timestamp(ws: LocalWorkspace) -> httpx.Response:
    body = recruit_command()
    return post(ws, body, {"x-slack-signature": sign(body, int(time.time()))})


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize(
    "send",
    [
        tampered_body,
        wrong_secret,
        stale_timestamp,
        future_timestamp,
        replayed_with_new_timestamp,
        no_signature_headers,
        no_signature,
        no_timestamp,
    ],
)
def test_unsigned_or_badly_signed_request_is_refused(
    send: Callable[[LocalWorkspace], httpx.Response],
    workspace: LocalWorkspace,
    listeners: ListenerPools,
) -> None:
    response = send(workspace)
    settle(workspace, listeners)

    assert response.status_code == 401
    assert listeners.tasks_started == 0  # no listener ran
    assert workspace.slack.calls == []  # not even auth.test: nothing reached Slack
    assert workspace.slack.opened_views() == []


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_correctly_signed_request_is_served(
    workspace: LocalWorkspace, listeners: ListenerPools
) -> None:
    response = workspace.post_signed(recruit_command())
    settle(workspace, listeners)

    assert response.status_code == 200
    assert listeners.tasks_started == 1
    assert len(workspace.slack.calls_to("views.open")) == 1


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("timestamp", ["now", "", "1700000000.5", "-60"])
def test_malformed_timestamp_is_refused_without_telling_anyone(
    timestamp: str, workspace: LocalWorkspace, listeners: ListenerPools
) -> None:
    # Anyone can send this: no secret is needed. A verifier that raises instead of refusing
    # would hand the request to the error handler, which apologises to the user named in it.
    payload = {
        "type": "block_actions",
        "team": {"id": TEAM_ID},
        "user": {"id": COORDINATOR, "team_id": TEAM_ID},
        "trigger_id": "forged",
        "actions": [{"type": "button", "action_id": "x", "block_id": "b", "action_ts": "1.2"}],
    }
    body = urlencode({"payload": json.dumps(payload)})
    headers = {"x-slack-request-timestamp": timestamp, "x-slack-signature": "v0=" + "0" * 64}
    response = post(workspace, body, headers)
    settle(workspace, listeners)

    assert response.status_code == 401
    assert listeners.tasks_started == 0
    assert workspace.slack.calls == []
    assert workspace.slack.dms_to(COORDINATOR) == []
