"""The Slack stand-in's `conversations.history`, clock-following timestamps and dropped answers."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.client import RemoteDisconnected

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.clock import ManualClock
from standins.slack import SlackStandIn

TOKEN = "xoxb-standin-token"
T0 = datetime(2026, 11, 23, tzinfo=UTC)
METADATA = {"event_type": "recruitbot_reminder", "event_payload": {"reminder_id": 7}}


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(T0)


@pytest.fixture
def slack(clock: ManualClock) -> Iterator[SlackStandIn]:
    with SlackStandIn(now=clock.now) as server:
        server.add_user("U0ALICE", name="alice")
        server.add_channel("C0GENERAL", name="general")
        server.add_channel("C0RANDOM", name="random", is_member=False)
        yield server
        assert server.internal_errors == []
        assert server.violations == []


@pytest.fixture
def client(slack: SlackStandIn) -> WebClient:
    return WebClient(token=TOKEN, base_url=slack.api_url, retry_handlers=[])


def test_timestamps_follow_the_clock_and_stay_unique(client: WebClient, clock: ManualClock) -> None:
    first = client.chat_postMessage(channel="U0ALICE", text="a")["ts"]
    second = client.chat_postMessage(channel="U0ALICE", text="b")["ts"]
    assert first == f"{int(T0.timestamp())}.000000"
    assert second == f"{int(T0.timestamp())}.000001"
    clock.advance(timedelta(seconds=90))
    third = client.chat_postMessage(channel="U0ALICE", text="c")["ts"]
    assert third == f"{int(T0.timestamp()) + 90}.000000"


def test_history_is_newest_first_and_filtered_by_oldest(
    client: WebClient, clock: ManualClock
) -> None:
    client.chat_postMessage(channel="U0ALICE", text="old")
    clock.advance(timedelta(minutes=5))
    start = clock.now().timestamp()
    clock.advance(timedelta(seconds=1))
    client.chat_postMessage(channel="U0ALICE", text="new 1")
    client.chat_postMessage(channel="U0ALICE", text="new 2")
    client.chat_postMessage(channel="C0GENERAL", text="elsewhere")
    history = client.conversations_history(channel="D0ALICE", oldest=str(start))
    assert [m["text"] for m in history["messages"]] == ["new 2", "new 1"]
    assert history["has_more"] is False
    everything = client.conversations_history(channel="D0ALICE")
    assert [m["text"] for m in everything["messages"]] == ["new 2", "new 1", "old"]


def test_history_oldest_is_exclusive_unless_inclusive(client: WebClient) -> None:
    ts = client.chat_postMessage(channel="U0ALICE", text="x")["ts"]
    assert client.conversations_history(channel="D0ALICE", oldest=ts)["messages"] == []
    inclusive = client.conversations_history(channel="D0ALICE", oldest=ts, inclusive=True)
    assert [m["ts"] for m in inclusive["messages"]] == [ts]


def test_history_includes_metadata_only_when_asked(client: WebClient) -> None:
    client.chat_postMessage(channel="U0ALICE", text="reminder", metadata=METADATA)
    [plain] = client.conversations_history(channel="D0ALICE")["messages"]
    assert "metadata" not in plain
    [full] = client.conversations_history(channel="D0ALICE", include_all_metadata=True)["messages"]
    assert full["metadata"] == METADATA


def test_history_pages_with_a_cursor(client: WebClient) -> None:
    for i in range(5):
        client.chat_postMessage(channel="U0ALICE", text=str(i))
    first = client.conversations_history(channel="D0ALICE", limit=3)
    assert [m["text"] for m in first["messages"]] == ["4", "3", "2"]
    assert first["has_more"] is True
    cursor = first["response_metadata"]["next_cursor"]
    rest = client.conversations_history(channel="D0ALICE", limit=3, cursor=cursor)
    assert [m["text"] for m in rest["messages"]] == ["1", "0"]
    assert rest["has_more"] is False
    assert rest["response_metadata"]["next_cursor"] == ""


@pytest.mark.parametrize(
    ("channel", "error"), [("C0NOPE", "channel_not_found"), ("C0RANDOM", "not_in_channel")]
)
def test_history_refusals(client: WebClient, channel: str, error: str) -> None:
    with pytest.raises(SlackApiError) as caught:
        client.conversations_history(channel=channel)
    assert caught.value.response["error"] == error


def test_drop_after_post_posts_then_hangs_up(slack: SlackStandIn, client: WebClient) -> None:
    slack.drop_after_post("chat.postMessage")
    with pytest.raises(RemoteDisconnected):
        client.chat_postMessage(channel="U0ALICE", text="maybe")
    [call] = slack.calls_to("chat.postMessage")
    assert call.dropped
    assert call.ok
    assert [m["text"] for m in slack.dms_to("U0ALICE")] == ["maybe"]
    # Only once: the next call is answered normally.
    assert client.chat_postMessage(channel="U0ALICE", text="sure")["ok"] is True
    assert not slack.calls_to("chat.postMessage")[-1].dropped


def test_calls_record_when_they_arrived(slack: SlackStandIn, client: WebClient) -> None:
    before = time.time()
    client.auth_test()
    [call] = slack.calls_to("auth.test")
    assert before <= call.received_at <= time.time()
