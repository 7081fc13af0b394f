"""The Slack stand-in's user groups (`usergroups.list`, `usergroups.users.list`) and
`response_url`s of ephemeral messages."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from standins.slack import SlackStandIn

TOKEN = "xoxb-standin-token"
SECTION = [{"type": "section", "text": {"type": "mrkdwn", "text": "page 1"}}]


@pytest.fixture
def slack() -> Iterator[SlackStandIn]:
    with SlackStandIn(bot_token=TOKEN) as stand_in:
        stand_in.add_user("U1", name="sato")
        stand_in.add_channel("C1", name="recruiting")
        yield stand_in


@pytest.fixture
def client(slack: SlackStandIn) -> WebClient:
    return WebClient(token=TOKEN, base_url=slack.api_url)


def test_user_groups_follow_the_spec(slack: SlackStandIn, client: WebClient) -> None:
    slack.add_usergroup("S1", handle="recruiters", name="採用", users=["U1", "U2"])
    slack.add_usergroup("S2", handle="old", users=[], disabled=True)
    [group] = client.usergroups_list()["usergroups"]
    assert (group["id"], group["handle"], group["name"]) == ("S1", "recruiters", "採用")
    assert "users" not in group
    [group] = client.usergroups_list(include_users=True, include_count=True)["usergroups"]
    assert (group["users"], group["user_count"]) == (["U1", "U2"], 2)
    assert len(client.usergroups_list(include_disabled=True)["usergroups"]) == 2
    assert client.usergroups_users_list(usergroup="S1")["users"] == ["U1", "U2"]
    with pytest.raises(SlackApiError) as refused:
        client.usergroups_users_list(usergroup="S404")
    assert refused.value.response["error"] == "no_such_subteam"
    assert slack.violations == []


def test_users_list_needs_the_group(slack: SlackStandIn, client: WebClient) -> None:
    with pytest.raises(SlackApiError):
        client.api_call("usergroups.users.list", params={})
    assert any("usergroup" in v for v in slack.violations)


def test_a_response_url_replaces_deletes_and_expires(slack: SlackStandIn) -> None:
    url = slack.show_ephemeral("U1", "C1", {"text": "list", "blocks": SECTION})
    [shown] = slack.ephemerals("U1")
    assert shown["blocks"] == SECTION
    page2 = [{"type": "section", "text": {"type": "mrkdwn", "text": "page 2"}}]
    answer = httpx.post(url, json={"replace_original": True, "text": "2", "blocks": page2})
    assert answer.json() == {"ok": True}
    [shown] = slack.ephemerals("U1")
    assert (shown["text"], shown["blocks"]) == ("2", page2)
    httpx.post(url, json={"text": "another"})  # neither: a new ephemeral
    assert len(slack.ephemerals("U1")) == 2
    httpx.post(url, json={"delete_original": True})
    assert [e["text"] for e in slack.ephemerals("U1")] == ["another"]
    for _ in range(2):
        httpx.post(url, json={"text": "again"})
    used_up = httpx.post(url, json={"text": "sixth"})
    assert (used_up.status_code, used_up.json()["error"]) == (404, "expired_url")
    assert [r.ok for r in slack.responses()] == [True] * 5 + [False]
    assert slack.violations == []


def test_a_response_url_checks_block_kit(slack: SlackStandIn) -> None:
    url = slack.show_ephemeral("U1", "C1", {"text": "list"})
    bad = [{"type": "section", "text": {"type": "mrkdwn", "text": "x" * 3001}}]
    answer = httpx.post(url, json={"replace_original": True, "text": "t", "blocks": bad})
    assert answer.status_code == 400
    assert slack.violations
    assert slack.responses()[-1].error == "invalid_blocks"


def test_an_ephemeral_the_app_answered_with_is_checked(slack: SlackStandIn) -> None:
    too_long = [{"type": "section", "text": {"type": "mrkdwn", "text": "x" * 3001}}]
    slack.show_ephemeral("U1", "C1", {"text": "t", "blocks": too_long})
    assert slack.violations
    assert slack.ephemerals("U1") == []
