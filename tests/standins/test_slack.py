"""Tests for the Slack Web API stand-in, driven through ``slack_sdk.WebClient`` and httpx."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from standins.slack import SlackStandIn, sign_slack_request

TOKEN = "xoxb-standin-token"
MODAL: dict[str, Any] = {
    "type": "modal",
    "callback_id": "schedule_interview",
    "title": {"type": "plain_text", "text": "面接の日程"},
    "submit": {"type": "plain_text", "text": "作成"},
    "close": {"type": "plain_text", "text": "キャンセル"},
    "blocks": [
        {
            "type": "input",
            "block_id": "candidate",
            "label": {"type": "plain_text", "text": "候補者"},
            "element": {"type": "plain_text_input", "action_id": "name"},
        }
    ],
}
HOME: dict[str, Any] = {
    "type": "home",
    "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "*Upcoming interviews*"}}],
}


@pytest.fixture
def slack() -> Iterator[SlackStandIn]:
    with SlackStandIn() as server:
        server.add_user("U0ALICE", name="alice", real_name="Alice Sato", is_admin=True)
        server.add_user(
            "U0BOB", name="bob", real_name="Bob Smith", locale="en-US", tz="America/Los_Angeles"
        )
        server.add_channel("C0GENERAL", name="general")
        server.add_channel("C0RANDOM", name="random", is_member=False)
        server.add_channel("G0SECRET", name="hiring-secret", is_private=True, is_member=False)
        server.add_channel("G0HIRING", name="hiring", is_private=True)
        yield server
        assert server.internal_errors == []


@pytest.fixture
def client(slack: SlackStandIn) -> WebClient:
    return WebClient(token=TOKEN, base_url=slack.api_url)


def slack_error(call: Callable[[], object]) -> dict[str, Any]:
    """Run a WebClient call expected to fail; return Slack's JSON answer."""
    with pytest.raises(SlackApiError) as caught:
        call()
    data = caught.value.response.data
    assert isinstance(data, dict)
    return data


# --------------------------------------------------------------------------- lifecycle


def test_start_stop_leaves_nothing_running() -> None:
    server = SlackStandIn()
    server.start()
    port = server.port
    assert server.api_url == f"http://127.0.0.1:{port}/api/"
    assert WebClient(token=TOKEN, base_url=server.api_url).auth_test()["ok"] is True
    assert [t for t in threading.enumerate() if t.name == f"SlackStandIn:{port}"]
    server.stop()
    server.stop()  # idempotent
    # This stand-in's serve loop is gone (stop() also joins its request threads); other
    # servers of a busy test session may have threads of their own, so only ours is checked.
    assert not [t for t in threading.enumerate() if t.name == f"SlackStandIn:{port}"]
    with pytest.raises(RuntimeError):
        _ = server.port
    with pytest.raises(httpx.TransportError):
        httpx.post(f"http://127.0.0.1:{port}/api/auth.test", timeout=1)


def test_context_manager_serves_and_stops() -> None:
    with SlackStandIn() as server:
        url = server.api_url
        assert httpx.post(url + "auth.test", headers={"Authorization": f"Bearer {TOKEN}"}).json()[
            "ok"
        ]
    with pytest.raises(httpx.TransportError):
        httpx.post(url + "auth.test", timeout=1)


def test_every_vendored_method_is_implemented(slack: SlackStandIn) -> None:
    assert slack.implemented_methods == frozenset(SlackStandIn.known_methods())


# --------------------------------------------------------------------------- auth


def test_auth_test(slack: SlackStandIn, client: WebClient) -> None:
    answer = client.auth_test()
    assert answer["user_id"] == "U0BOT"
    assert answer["team_id"] == "T0HARNESS"
    assert answer["team"] == "Harness"
    assert answer["bot_id"] == "B0BOT"
    assert answer["url"] == "https://harness.slack.com/"
    assert slack.calls_to("auth.test")[0].ok is True
    assert slack.violations == []


def test_wrong_token_is_invalid_auth(slack: SlackStandIn) -> None:
    wrong = WebClient(token="xoxb-wrong", base_url=slack.api_url)
    assert slack_error(wrong.auth_test)["error"] == "invalid_auth"
    assert slack.calls[-1].error == "invalid_auth"
    assert len(slack.violations) == 1


def test_missing_token_is_not_authed(slack: SlackStandIn) -> None:
    answer = httpx.post(slack.api_url + "auth.test")
    assert answer.status_code == 200
    assert answer.json() == {"ok": False, "error": "not_authed"}
    assert slack.violations == ["auth.test: no token (Authorization: Bearer ...)"]


def test_token_in_form_body_and_query_is_accepted(slack: SlackStandIn) -> None:
    by_form = httpx.post(slack.api_url + "auth.test", data={"token": TOKEN})
    by_query = httpx.get(slack.api_url + "auth.test", params={"token": TOKEN})
    assert by_form.json()["ok"] is True
    assert by_query.json()["ok"] is True
    assert "token" not in slack.calls[0].args


def test_token_inside_json_body_is_ignored_like_slack(slack: SlackStandIn) -> None:
    answer = httpx.post(slack.api_url + "auth.test", json={"token": TOKEN})
    assert answer.json()["error"] == "not_authed"


def test_unknown_method(slack: SlackStandIn, client: WebClient) -> None:
    assert slack_error(lambda: client.api_call("chat.scheduleMessage"))["error"] == "unknown_method"
    assert slack.violations == [
        "chat.scheduleMessage: unknown method (not in the vendored spec subset)"
    ]


# --------------------------------------------------------------------------- users / conversations


def test_users_info_locale_only_when_asked(client: WebClient) -> None:
    plain = client.users_info(user="U0ALICE")["user"]
    assert "locale" not in plain
    with_locale = client.users_info(user="U0ALICE", include_locale=True)["user"]
    assert with_locale["locale"] == "ja-JP"
    assert with_locale["real_name"] == "Alice Sato"
    assert with_locale["profile"]["real_name"] == "Alice Sato"
    assert with_locale["profile"]["display_name"] == "alice"
    assert with_locale["is_admin"] is True
    assert with_locale["is_owner"] is False
    assert with_locale["is_bot"] is False
    assert with_locale["tz"] == "Asia/Tokyo"
    assert with_locale["tz_offset"] == 9 * 3600
    assert with_locale["tz_label"] == "Japan Standard Time"


def test_users_info_timezone_with_dst(client: WebClient) -> None:
    bob = client.users_info(user="U0BOB", include_locale=True)["user"]
    offset = datetime.now(UTC).astimezone(ZoneInfo("America/Los_Angeles")).utcoffset()
    assert offset is not None
    assert bob["tz_offset"] == int(offset.total_seconds())
    assert bob["tz_label"] in ("Pacific Standard Time", "Pacific Daylight Time")
    assert bob["locale"] == "en-US"


def test_users_info_unknown_user(slack: SlackStandIn, client: WebClient) -> None:
    assert slack_error(lambda: client.users_info(user="U0NOBODY"))["error"] == "user_not_found"
    assert slack.violations == []


def test_bot_user_is_in_directory(client: WebClient) -> None:
    assert client.users_info(user="U0BOT")["user"]["is_bot"] is True


def test_conversations_info(slack: SlackStandIn, client: WebClient) -> None:
    general = client.conversations_info(channel="C0GENERAL")["channel"]
    assert (general["name"], general["is_member"], general["is_private"], general["is_im"]) == (
        "general",
        True,
        False,
        False,
    )
    secret = client.conversations_info(channel="G0SECRET")["channel"]
    assert (secret["is_member"], secret["is_private"]) == (False, True)
    dm = client.conversations_info(channel="D0ALICE")["channel"]
    assert dm["is_im"] is True
    assert dm["user"] == "U0ALICE"
    assert slack_error(lambda: client.conversations_info(channel="C0NOPE"))["error"] == (
        "channel_not_found"
    )


def test_conversations_open_is_stable(client: WebClient) -> None:
    first = client.conversations_open(users=["U0ALICE"])
    assert first["channel"] == {"id": "D0ALICE"}
    assert "already_open" not in first.data
    again = client.conversations_open(users="U0ALICE", return_im=True)
    assert again["channel"]["id"] == "D0ALICE"
    assert again["channel"]["is_im"] is True
    assert again["already_open"] is True


def test_conversations_open_unknown_user(slack: SlackStandIn, client: WebClient) -> None:
    error = slack_error(lambda: client.conversations_open(users=["U0GHOST"]))
    assert error["error"] == "channel_not_found"
    assert slack.violations == []


# --------------------------------------------------------------------------- chat


def test_post_message_to_channel(slack: SlackStandIn, client: WebClient) -> None:
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": "*面接* のお知らせ"}}]
    metadata = {"event_type": "interview_scheduled", "event_payload": {"id": 7}}
    answer = client.chat_postMessage(
        channel="C0GENERAL", text="面接のお知らせ", blocks=blocks, metadata=metadata
    )
    assert answer["channel"] == "C0GENERAL"
    assert answer["message"]["text"] == "面接のお知らせ"
    assert answer["message"]["metadata"] == metadata
    [stored] = slack.messages("C0GENERAL")
    assert stored["ts"] == answer["ts"]
    assert stored["blocks"] == blocks
    assert stored["metadata"] == metadata
    assert stored["thread_ts"] is None
    assert slack.calls_to("chat.postMessage")[0].args["blocks"] == blocks
    assert slack.violations == []


def test_post_message_ts_unique_increasing_and_threads(
    slack: SlackStandIn, client: WebClient
) -> None:
    parent = client.chat_postMessage(channel="C0GENERAL", text="parent")["ts"]
    reply = client.chat_postMessage(channel="C0GENERAL", text="reply", thread_ts=parent)["ts"]
    third = client.chat_postMessage(channel="G0HIRING", text="other")["ts"]
    assert parent == "1700000000.000100"
    assert float(parent) < float(reply) < float(third)
    assert len({parent, reply, third}) == 3
    assert slack.messages("C0GENERAL")[1]["thread_ts"] == parent
    assert [m["text"] for m in slack.messages()] == ["parent", "reply", "other"]


def test_post_message_to_user_lands_in_dm(slack: SlackStandIn, client: WebClient) -> None:
    by_user = client.chat_postMessage(channel="U0ALICE", text="hello")
    by_dm = client.chat_postMessage(channel="D0ALICE", text="again")
    assert by_user["channel"] == "D0ALICE"
    assert by_dm["channel"] == "D0ALICE"
    assert [m["text"] for m in slack.dms_to("U0ALICE")] == ["hello", "again"]
    assert [m["text"] for m in slack.messages("U0ALICE")] == ["hello", "again"]
    assert slack.dms_to("U0BOB") == []


def test_post_message_form_encoded_decodes_json_arguments(slack: SlackStandIn) -> None:
    blocks = [{"type": "divider"}]
    answer = httpx.post(
        slack.api_url + "chat.postMessage",
        headers={"Authorization": f"Bearer {TOKEN}"},
        data={"channel": "C0GENERAL", "text": "form", "blocks": json.dumps(blocks)},
    )
    assert answer.json()["ok"] is True
    assert slack.calls[-1].args["blocks"] == blocks
    assert slack.messages()[0]["blocks"] == blocks


def test_post_message_membership_rules(slack: SlackStandIn, client: WebClient) -> None:
    assert client.chat_postMessage(channel="C0RANDOM", text="public write")["ok"] is True
    secret = slack_error(lambda: client.chat_postMessage(channel="G0SECRET", text="x"))
    assert secret["error"] == "not_in_channel"
    slack.public_write = False
    public = slack_error(lambda: client.chat_postMessage(channel="C0RANDOM", text="x"))
    assert public["error"] == "not_in_channel"
    assert len(slack.messages()) == 1


def test_post_message_errors(slack: SlackStandIn, client: WebClient) -> None:
    unknown = slack_error(lambda: client.chat_postMessage(channel="C0NOPE", text="x"))
    assert unknown["error"] == "channel_not_found"
    assert slack.violations == []
    no_text = slack_error(
        lambda: client.api_call("chat.postMessage", json={"channel": "C0GENERAL"})
    )
    assert no_text["error"] == "no_text"
    missing = slack_error(lambda: client.api_call("chat.postMessage", json={"text": "x"}))
    assert missing["error"] == "invalid_arguments"
    assert slack.violations[-1] == "chat.postMessage: missing required argument(s): channel"
    assert slack.messages() == []


def test_post_message_rejects_bad_metadata(slack: SlackStandIn, client: WebClient) -> None:
    error = slack_error(
        lambda: client.chat_postMessage(channel="C0GENERAL", text="x", metadata={"foo": 1})
    )
    assert error["error"] == "invalid_metadata_format"
    assert len(slack.violations) == 1


def test_post_ephemeral(slack: SlackStandIn, client: WebClient) -> None:
    answer = client.chat_postEphemeral(channel="C0GENERAL", user="U0ALICE", text="only you")
    assert answer["message_ts"]
    assert slack.ephemerals("U0ALICE")[0]["text"] == "only you"
    assert slack.ephemerals("U0BOB") == []
    assert slack.messages() == []
    error = slack_error(
        lambda: client.chat_postEphemeral(channel="C0GENERAL", user="U0GHOST", text="x")
    )
    assert error["error"] == "user_not_in_channel"


def test_chat_update(slack: SlackStandIn, client: WebClient) -> None:
    posted = client.chat_postMessage(channel="C0GENERAL", text="draft")
    updated = client.chat_update(channel="C0GENERAL", ts=posted["ts"], text="final")
    assert updated["ts"] == posted["ts"]
    assert updated["text"] == "final"
    assert slack.messages()[0]["text"] == "final"
    missing = slack_error(lambda: client.chat_update(channel="C0GENERAL", ts="1.000000", text="x"))
    assert missing["error"] == "message_not_found"


def test_chat_delete(slack: SlackStandIn, client: WebClient) -> None:
    posted = client.chat_postMessage(channel="U0ALICE", text="oops")
    assert client.chat_delete(channel=posted["channel"], ts=posted["ts"])["ok"] is True
    assert slack.dms_to("U0ALICE") == []
    again = slack_error(lambda: client.chat_delete(channel=posted["channel"], ts=posted["ts"]))
    assert again["error"] == "message_not_found"


def test_chat_get_permalink(client: WebClient) -> None:
    posted = client.chat_postMessage(channel="C0GENERAL", text="link me")
    link = client.chat_getPermalink(channel="C0GENERAL", message_ts=posted["ts"])
    assert link["permalink"] == (
        "https://harness.slack.com/archives/C0GENERAL/p" + posted["ts"].replace(".", "")
    )
    missing = slack_error(lambda: client.chat_getPermalink(channel="C0GENERAL", message_ts="1.0"))
    assert missing["error"] == "message_not_found"


# --------------------------------------------------------------------------- views


def test_views_open_and_update(slack: SlackStandIn, client: WebClient) -> None:
    opened = client.views_open(trigger_id="1337.42.abcd", view={**MODAL, "external_id": "ext-1"})
    view = opened["view"]
    assert view["id"].startswith("V")
    assert view["hash"]
    assert view["callback_id"] == "schedule_interview"
    assert slack.opened_views()[0]["id"] == view["id"]

    changed = {**MODAL, "title": {"type": "plain_text", "text": "確認"}}
    by_id = client.views_update(view_id=view["id"], view=changed, hash=view["hash"])
    assert by_id["view"]["id"] == view["id"]
    assert by_id["view"]["hash"] != view["hash"]
    by_external = client.views_update(external_id="ext-1", view=MODAL)
    assert by_external["view"]["id"] == view["id"]
    assert slack.opened_views()[0]["title"]["text"] == "面接の日程"

    stale = slack_error(
        lambda: client.views_update(view_id=view["id"], view=MODAL, hash=view["hash"])
    )
    assert stale["error"] == "hash_conflict"
    unknown = slack_error(lambda: client.views_update(view_id="V0NOPE", view=MODAL))
    assert unknown["error"] == "not_found"
    assert slack.violations == []


def test_views_open_requires_trigger_id(slack: SlackStandIn, client: WebClient) -> None:
    error = slack_error(lambda: client.api_call("views.open", json={"view": MODAL}))
    assert error["error"] == "invalid_arguments"
    assert slack.violations == ["views.open: missing required argument(s): trigger_id"]


def test_views_push(slack: SlackStandIn, client: WebClient) -> None:
    client.views_open(trigger_id="t1", view=MODAL)
    pushed = client.views_push(trigger_id="t2", view={**MODAL, "callback_id": "second"})
    assert pushed["view"]["callback_id"] == "second"
    assert [v["callback_id"] for v in slack.opened_views()] == ["schedule_interview", "second"]


def test_views_publish(slack: SlackStandIn, client: WebClient) -> None:
    first = client.views_publish(user_id="U0ALICE", view=HOME)["view"]
    second = client.views_publish(user_id="U0ALICE", view=HOME, hash=first["hash"])["view"]
    assert first["id"] == second["id"]
    assert [v["hash"] for v in slack.published_views("U0ALICE")] == [first["hash"], second["hash"]]
    assert slack.published_views("U0BOB") == []
    stale = slack_error(
        lambda: client.views_publish(user_id="U0ALICE", view=HOME, hash=first["hash"])
    )
    assert stale["error"] == "hash_conflict"
    modal = slack_error(lambda: client.views_publish(user_id="U0ALICE", view=MODAL))
    assert modal["error"] == "invalid_arguments"


# --------------------------------------------------------------------------- Block Kit checks


def test_overlong_modal_title_is_rejected_and_recorded(
    slack: SlackStandIn, client: WebClient
) -> None:
    view = {**MODAL, "title": {"type": "plain_text", "text": "x" * 25}}
    error = slack_error(lambda: client.views_open(trigger_id="t", view=view))
    assert error["error"] == "invalid_arguments"
    assert error["response_metadata"]["messages"] == [
        "[ERROR] must be less than 25 characters [json-pointer:/view/title/text]"
    ]
    assert slack.violations == [
        "views.open: [ERROR] must be less than 25 characters [json-pointer:/view/title/text]"
    ]
    assert slack.opened_views() == []


def section(text: str, block_id: str | None = None) -> dict[str, Any]:
    block: dict[str, Any] = {"type": "section", "text": {"type": "mrkdwn", "text": text}}
    if block_id is not None:
        block["block_id"] = block_id
    return block


@pytest.mark.parametrize(
    ("blocks", "pointer"),
    [
        ([section("x")] * 51, "/blocks"),
        ([section("a", "same"), section("b", "same")], "/blocks/1/block_id"),
        (
            [{"type": "header", "text": {"type": "plain_text", "text": "h" * 151}}],
            "/blocks/0/text/text",
        ),
        ([{"type": "header", "text": {"type": "mrkdwn", "text": "h"}}], "/blocks/0/text/type"),
        ([section("s" * 3001)], "/blocks/0/text/text"),
        ([{"text": "no type"}], "/blocks/0"),
        (["not an object"], "/blocks/0"),
        ({"type": "section"}, "/blocks"),
    ],
    ids=[
        "too-many",
        "duplicate-id",
        "long-header",
        "mrkdwn-header",
        "long-section",
        "no-type",
        "not-object",
        "not-list",
    ],
)
def test_message_block_checks(
    slack: SlackStandIn, client: WebClient, blocks: Any, pointer: str
) -> None:
    error = slack_error(
        lambda: client.api_call(
            "chat.postMessage", json={"channel": "C0GENERAL", "text": "x", "blocks": blocks}
        )
    )
    assert error["error"] == "invalid_blocks"
    assert any(f"[json-pointer:{pointer}]" in message for message in error["errors"])
    assert len(slack.violations) == 1
    assert slack.messages() == []


def test_fifty_blocks_are_fine(client: WebClient) -> None:
    assert client.chat_postMessage(channel="C0GENERAL", text="x", blocks=[section("x")] * 50)["ok"]


def test_blocks_that_are_not_json(slack: SlackStandIn) -> None:
    answer = httpx.post(
        slack.api_url + "chat.postMessage",
        headers={"Authorization": f"Bearer {TOKEN}"},
        data={"channel": "C0GENERAL", "text": "x", "blocks": "[{oops"},
    )
    assert answer.json()["error"] == "invalid_blocks_format"
    assert slack.violations == ["chat.postMessage: argument 'blocks' is not JSON"]


@pytest.mark.parametrize(
    ("change", "pointer"),
    [
        ({"type": "banana"}, "/view/type"),
        ({"submit": {"type": "plain_text", "text": "s" * 25}}, "/view/submit/text"),
        ({"close": {"type": "plain_text", "text": "c" * 25}}, "/view/close/text"),
        ({"callback_id": "c" * 256}, "/view/callback_id"),
        ({"private_metadata": "m" * 3001}, "/view/private_metadata"),
        ({"submit": None}, "/view"),
        (
            {"blocks": [{"type": "input", "label": {"type": "plain_text", "text": "L"}}]},
            "/view/blocks/0/element",
        ),
        (
            {"blocks": [{"type": "input", "element": {"type": "plain_text_input"}}]},
            "/view/blocks/0/label",
        ),
        ({"blocks": [section("x")] * 101}, "/view/blocks"),
    ],
    ids=[
        "type",
        "submit",
        "close",
        "callback_id",
        "private_metadata",
        "inputs-no-submit",
        "input-no-element",
        "input-no-label",
        "too-many-blocks",
    ],
)
def test_view_checks(
    slack: SlackStandIn, client: WebClient, change: dict[str, Any], pointer: str
) -> None:
    view = {key: value for key, value in {**MODAL, **change}.items() if value is not None}
    error = slack_error(lambda: client.views_open(trigger_id="t", view=view))
    assert error["error"] == "invalid_arguments"
    assert any(f"[json-pointer:{pointer}]" in message for message in error["errors"])
    assert len(slack.violations) == 1


def test_hundred_view_blocks_are_fine(client: WebClient) -> None:
    view = {
        "type": "modal",
        "title": {"type": "plain_text", "text": "t"},
        "blocks": [section("x")] * 100,
    }
    assert client.views_open(trigger_id="t", view=view)["ok"] is True


# --------------------------------------------------------------------------- faults


def test_rate_limit_answers_429_with_retry_after(slack: SlackStandIn, client: WebClient) -> None:
    slack.rate_limit("chat.postMessage", retry_after=7)
    with pytest.raises(SlackApiError) as caught:
        client.chat_postMessage(channel="C0GENERAL", text="x")
    assert caught.value.response.status_code == 429
    assert caught.value.response.headers["Retry-After"] == "7"
    assert caught.value.response["error"] == "ratelimited"
    assert client.chat_postMessage(channel="C0GENERAL", text="x")["ok"] is True
    assert [(c.status, c.error) for c in slack.calls] == [(429, "ratelimited"), (200, None)]
    assert slack.violations == []


def test_rate_limit_is_retried_by_slack_sdk_handler(slack: SlackStandIn) -> None:
    slack.rate_limit("users.info", times=1, retry_after=0)
    client = WebClient(
        token=TOKEN,
        base_url=slack.api_url,
        retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=1)],
    )
    assert client.users_info(user="U0ALICE")["ok"] is True
    assert [c.status for c in slack.calls_to("users.info")] == [429, 200]


def test_fail_next(slack: SlackStandIn, client: WebClient) -> None:
    slack.fail_next("views.open", "expired_trigger_id", times=2)
    for _ in range(2):
        assert slack_error(lambda: client.views_open(trigger_id="t", view=MODAL))["error"] == (
            "expired_trigger_id"
        )
    assert client.views_open(trigger_id="t", view=MODAL)["ok"] is True
    assert slack.violations == []


def test_hold_and_release(slack: SlackStandIn, client: WebClient) -> None:
    gate = slack.hold("chat.postMessage")
    results: list[str] = []
    worker = threading.Thread(
        target=lambda: results.append(client.chat_postMessage(channel="C0GENERAL", text="x")["ts"])
    )
    worker.start()
    gate.wait_held()
    assert slack.calls_to("chat.postMessage") == []
    assert client.auth_test()["ok"] is True  # other methods are not held
    gate.release()
    worker.join(timeout=5)
    assert not worker.is_alive()
    assert len(results) == 1
    assert slack.wait_for("chat.postMessage")[0].ok is True


def test_stop_releases_held_calls() -> None:
    server = SlackStandIn().start()
    gate = server.hold("auth.test")
    client = WebClient(token=TOKEN, base_url=server.api_url, timeout=5)
    outcome: list[bool] = []
    worker = threading.Thread(target=lambda: outcome.append(client.auth_test()["ok"]))
    worker.start()
    gate.wait_held()
    server.stop()
    worker.join(timeout=5)
    assert not worker.is_alive()
    assert outcome == [True]


# --------------------------------------------------------------------------- recording


def test_wait_for_and_reset(slack: SlackStandIn, client: WebClient) -> None:
    with pytest.raises(TimeoutError):
        slack.wait_for("chat.postMessage", timeout=0.05)
    worker = threading.Thread(
        target=lambda: [client.chat_postMessage(channel="C0GENERAL", text=str(i)) for i in range(3)]
    )
    worker.start()
    calls = slack.wait_for("chat.postMessage", count=3)
    worker.join()
    assert [c.args["text"] for c in calls] == ["0", "1", "2"]
    assert [c.seq for c in calls] == sorted(c.seq for c in calls)
    slack.reset_calls()
    assert slack.calls == []
    assert len(slack.messages()) == 3


def test_sign_slack_request_matches_slack_docs_vector() -> None:
    # Example from Slack's "Verifying requests from Slack" guide, digest computed with openssl.
    body = b"token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J"
    headers = sign_slack_request("8f742231b10e8888abcd99yyyzzz85a5", body, 1531420618)
    assert headers == {
        "X-Slack-Request-Timestamp": "1531420618",
        "X-Slack-Signature": "v0=bca5eef5dd737ed259b428b18cd24f679baa18c3fc5f1cb2a6ac9f03e717969a",
    }
