"""Socket Mode: the same app `recruitbot serve` builds, connected with slack_bolt's builtin
`SocketModeHandler` to a local Socket Mode server; Slack's requests arrive as envelopes over a
real WebSocket and every answer goes back as an ack with the same envelope id."""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_sdk import WebClient

from bot.app import create_app
from bot.slack.client import PooledWebClient
from standins.harness import TEAM_ID, LocalWorkspace, ZoomAppCredentials, fill_modal
from standins.slack_socket import Envelope, SocketModeStandIn
from tests.scenarios.conftest import CHANNEL, INTERVIEWER_EN, RECRUITER
from tests.scenarios.test_create_event import INTERVIEW

APP_TOKEN = "xapp-1-A0RECRUITBOT-1-socket-mode-test-token"
APP_ID = "A0RECRUITBOT"


def connect(app: App, link: SocketModeStandIn) -> SocketModeHandler:
    """What `serve` does with SLACK_APP_TOKEN set; only `apps.connections.open` goes to the
    Socket Mode stand-in (the app's own client stays on the Slack Web API stand-in)."""
    handler = SocketModeHandler(app, APP_TOKEN, web_client=WebClient(base_url=link.api_url))
    handler.connect()  # type: ignore[no-untyped-call]
    return handler


def close(app: App, handler: SocketModeHandler) -> None:
    handler.close()  # type: ignore[no-untyped-call]
    # The process would exit here; in a test the listener pool must be shut down explicitly.
    app.listener_runner.listener_executor.shutdown(wait=True)


@pytest.fixture
def link() -> Iterator[SocketModeStandIn]:
    with SocketModeStandIn(app_token=APP_TOKEN, app_id=APP_ID) as server:
        yield server
        assert server.violations == [], "the bot broke the Socket Mode protocol"
        assert server.internal_errors == []


@pytest.fixture
def socket_app(workspace: LocalWorkspace, link: SocketModeStandIn) -> Iterator[App]:
    app = create_app(workspace.services)
    handler = connect(app, link)
    link.wait_connected()
    yield app
    close(app, handler)
    link.wait_closed()


def slash_command(link: SocketModeStandIn, user_id: str, text: str = "") -> Envelope:
    """Slack's slash command envelope: the form fields of the HTTP request, as JSON."""
    return link.send(
        "slash_commands",
        {
            "token": "legacy-verification-token",
            "team_id": TEAM_ID,
            "team_domain": "harness",
            "channel_id": CHANNEL,
            "channel_name": "recruiting",
            "user_id": user_id,
            "user_name": user_id.lower(),
            "command": "/recruit",
            "text": text,
            "api_app_id": APP_ID,
            "is_enterprise_install": "false",
            "response_url": "https://hooks.slack.com/commands/T0HARNESS/1/unused",
            "trigger_id": f"trigger-{uuid.uuid4().hex}",
        },
    )


def view_submission(link: SocketModeStandIn, view: dict[str, Any], user_id: str) -> Envelope:
    return link.send(
        "interactive",
        {
            "type": "view_submission",
            "team": {"id": TEAM_ID, "domain": "harness"},
            "user": {"id": user_id, "username": user_id.lower(), "team_id": TEAM_ID},
            "api_app_id": APP_ID,
            "token": "legacy-verification-token",
            "trigger_id": f"trigger-{uuid.uuid4().hex}",
            "view": view,
            "response_urls": [],
            "is_enterprise_install": False,
        },
    )


def open_modal(ws: LocalWorkspace, link: SocketModeStandIn, user: str) -> dict[str, Any]:
    before = len(ws.slack.calls_to("views.open"))
    envelope = slash_command(link, user)
    ack = link.wait_ack(envelope)
    assert ack.payload is None  # an empty ack: the modal opens instead of a reply
    views = ws.slack.wait_for("views.open", count=before + 1)
    assert views[-1].ok
    return dict(views[-1].args["view"])


@pytest.mark.usefixtures("socket_app")
def test_recruit_over_socket_mode_issues_the_meeting_and_posts_the_card(
    workspace: LocalWorkspace, link: SocketModeStandIn, zoom_app: ZoomAppCredentials
) -> None:
    # The handler fetched its WebSocket URL with the app token, and Slack said hello.
    [opened] = link.connections_open_calls
    assert opened.ok
    assert link.open_connections == 1

    modal = open_modal(workspace, link, RECRUITER)
    assert modal["title"]["text"] == "選考イベントを作成"

    submission = view_submission(link, fill_modal(modal, INTERVIEW), RECRUITER)
    ack = link.wait_ack(submission)
    assert ack.envelope_id == submission.envelope_id
    assert ack.payload is None  # the modal closes
    workspace.wait_idle()

    [create] = workspace.zoom.calls_to("POST", r"/users/[^/]+/meetings")
    assert create.path == f"/v2/users/{zoom_app.user_id}/meetings"
    assert create.body is not None
    assert create.body["start_time"] == "2026-11-25T05:00:00Z"
    meeting = next(iter(workspace.zoom.meetings.values()))
    [card] = workspace.slack.messages(CHANNEL)
    card_text = json.dumps(card["blocks"], ensure_ascii=False)
    assert meeting["join_url"] in card_text
    assert "一次面接 山田様" in card_text
    assert workspace.slack.violations == []
    assert link.violations == []  # e.g. every ack within Slack's 3 seconds


@pytest.mark.usefixtures("socket_app", "zoom_app")
def test_inline_errors_travel_back_in_the_ack_payload(
    workspace: LocalWorkspace, link: SocketModeStandIn
) -> None:
    modal = open_modal(workspace, link, INTERVIEWER_EN)
    past = fill_modal(modal, {**INTERVIEW, "start_date": "2026-11-22"})
    ack = link.wait_ack(view_submission(link, past, INTERVIEWER_EN))
    assert ack.payload is not None
    assert ack.payload["response_action"] == "errors"
    assert "is in the past" in ack.payload["errors"]["start_time"]
    assert workspace.zoom.calls_to("POST", r"/meetings") == []


@pytest.mark.usefixtures("socket_app")
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize(
    ("user", "expected"),
    [(RECRUITER, "`/recruit` の使い方"), (INTERVIEWER_EN, "How to use `/recruit`")],
)
def test_help_comes_back_in_the_ack_payload(
    workspace: LocalWorkspace, link: SocketModeStandIn, user: str, expected: str
) -> None:
    envelope = slash_command(link, user, "help")
    ack = link.wait_ack(envelope)
    assert ack.envelope_id == envelope.envelope_id
    assert ack.payload is not None
    assert ack.payload["response_type"] == "ephemeral"
    assert expected in ack.payload["text"]
    assert workspace.slack.calls_to("views.open") == []


@pytest.mark.usefixtures("socket_app")
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_slack_rotating_the_connection_is_followed(
    workspace: LocalWorkspace, link: SocketModeStandIn
) -> None:
    """Slack sends `disconnect` before it retires a connection: the bot opens a new one (a new
    URL from apps.connections.open) and keeps answering there."""
    link.request_refresh()
    link.wait_connected(count=2)
    link.wait_closed(count=1)  # the old connection is let go
    assert [call.ok for call in link.connections_open_calls] == [True, True]
    assert link.open_connections == 1

    envelope = slash_command(link, INTERVIEWER_EN, "help")
    assert envelope.connection == 2
    ack = link.wait_ack(envelope)
    assert ack.connection == 2
    assert ack.payload is not None
    assert "How to use `/recruit`" in ack.payload["text"]


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_closing_the_handler_leaves_no_threads_behind(workspace: LocalWorkspace) -> None:
    before = set(threading.enumerate())
    with SocketModeStandIn(app_token=APP_TOKEN, app_id=APP_ID) as link:
        app = create_app(workspace.services)
        handler = connect(app, link)
        link.wait_connected()
        ack = link.wait_ack(slash_command(link, INTERVIEWER_EN, "help"))
        assert ack.payload is not None
        assert threading.active_count() > len(before)  # the client and the server are running
        close(app, handler)
        link.wait_closed()
        assert link.open_connections == 0
        assert link.violations == []
    # The Web API client keeps connections to the Slack stand-in alive; closing it (as
    # `serve` does on shutdown) hangs them up, which ends their server threads.
    assert isinstance(workspace.services.slack, PooledWebClient)
    workspace.services.slack.close()
    # Every thread started above ends (bounded: close() joins them, the rest are exiting).
    deadline = time.monotonic() + 10
    while threading.active_count() > len(before) and time.monotonic() < deadline:
        for thread in set(threading.enumerate()) - before:
            thread.join(timeout=max(0.0, deadline - time.monotonic()))
    left = sorted(thread.name for thread in set(threading.enumerate()) - before)
    assert left == []
    assert threading.active_count() == len(before)
