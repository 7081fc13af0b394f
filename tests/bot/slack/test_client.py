"""PooledWebClient keeps WebClient's contract while reusing connections (against the stand-in)."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from urllib.error import URLError

import pytest
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.slack.client import PooledWebClient
from standins.slack import SlackStandIn

TOKEN = "xoxb-standin-token"


@pytest.fixture
def slack() -> Iterator[SlackStandIn]:
    with SlackStandIn(bot_token=TOKEN) as server:
        server.add_user("U0ALICE", name="alice", real_name="Alice Sato")
        server.add_channel("C0GENERAL", name="general")
        yield server
        assert server.internal_errors == []


@pytest.fixture
def client(slack: SlackStandIn) -> Iterator[PooledWebClient]:
    pooled = PooledWebClient(token=TOKEN, base_url=slack.api_url, retry_handlers=[], timeout=5)
    yield pooled
    pooled.close()


def test_many_calls_share_one_connection(slack: SlackStandIn, client: PooledWebClient) -> None:
    for number in range(20):
        response = client.chat_postMessage(channel="C0GENERAL", text=f"第{number}回")
        assert response["ok"] is True

    assert slack.connections_accepted == 1
    assert [m["text"] for m in slack.messages("C0GENERAL")] == [f"第{n}回" for n in range(20)]
    assert slack.violations == []


def test_threads_share_the_pool_without_mixing_answers(
    slack: SlackStandIn, client: PooledWebClient
) -> None:
    def post(number: int) -> str:
        return str(
            client.chat_postMessage(channel="C0GENERAL", text=f"m{number}")["message"]["text"]
        )

    with ThreadPoolExecutor(8) as pool:
        texts = list(pool.map(post, range(64)))

    assert texts == [f"m{n}" for n in range(64)]
    assert slack.connections_accepted <= 8


def test_unicode_and_form_arguments_arrive_intact(
    slack: SlackStandIn, client: PooledWebClient
) -> None:
    info = client.users_info(user="U0ALICE", include_locale=True)

    assert info["user"]["real_name"] == "Alice Sato"
    call = slack.calls_to("users.info")[-1]
    assert call.args["user"] == "U0ALICE"


def test_an_error_answer_is_a_slack_api_error(slack: SlackStandIn, client: PooledWebClient) -> None:
    slack.fail_next("chat.postMessage", "channel_not_found")

    with pytest.raises(SlackApiError) as raised:
        client.chat_postMessage(channel="C0GENERAL", text="x")

    assert raised.value.response["error"] == "channel_not_found"


def test_http_429_keeps_retry_after_and_is_not_retried(
    slack: SlackStandIn, client: PooledWebClient
) -> None:
    slack.rate_limit("chat.postMessage", retry_after=7)

    with pytest.raises(SlackApiError) as raised:
        client.chat_postMessage(channel="C0GENERAL", text="x")

    assert raised.value.response.status_code == 429
    assert raised.value.response.headers["Retry-After"] == "7"
    assert len(slack.calls_to("chat.postMessage")) == 1
    # The connection stays usable after an error status.
    assert client.chat_postMessage(channel="C0GENERAL", text="y")["ok"] is True


def test_a_dropped_answer_is_an_os_error_and_never_resent(
    slack: SlackStandIn, client: PooledWebClient
) -> None:
    slack.drop_after_post("chat.postMessage")

    # A URLError is an OSError: the reminder dispatcher reads it as "outcome unknown".
    with pytest.raises(URLError, match="RemoteProtocolError"):
        client.chat_postMessage(channel="C0GENERAL", text="maybe posted")

    assert [m["text"] for m in slack.messages("C0GENERAL")] == ["maybe posted"]
    assert client.chat_postMessage(channel="C0GENERAL", text="next")["ok"] is True
    assert len(slack.calls_to("chat.postMessage")) == 2


def test_nothing_listening_is_an_os_error(slack: SlackStandIn) -> None:
    url = slack.api_url
    slack.stop()
    client = PooledWebClient(token=TOKEN, base_url=url, retry_handlers=[], timeout=2)

    with pytest.raises(URLError, match="ConnectError"):
        client.auth_test()
    client.close()


def test_a_non_http_url_is_refused() -> None:
    client = PooledWebClient(token=TOKEN, base_url="file:///etc/", retry_handlers=[])

    with pytest.raises((OSError, SlackClientError)):
        client.auth_test()
