"""`/recruit list`: a recruiter finds their upcoming events (and, in a channel, that
channel's), each with the card's actions, a page at a time."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from bot.slack.cards import CANCEL_ACTION, EDIT_ACTION, REISSUE_ACTION, SHOW_REMINDERS_ACTION
from bot.slack.event_list_view import NEXT_ACTION, PREVIOUS_ACTION
from standins.harness import LocalWorkspace, ZoomAppCredentials
from tests.scenarios.conftest import CHANNEL, COORDINATOR, INTERVIEWER_EN, RECRUITER
from tests.scenarios.test_create_event import create_interview

START = datetime(2026, 11, 25, 5, 0, tzinfo=UTC)  # Wed 14:00 in Tokyo, Tue 21:00 in LA
OTHER_CHANNEL = "C0OTHER"


def list_events(ws: LocalWorkspace, user: str, channel: str) -> tuple[dict[str, Any], str]:
    """`/recruit list` typed in `channel`: the ephemeral answer, and the response_url a click
    on it would carry (the stand-in checks it as Slack would show it)."""
    response = ws.slash_command(user, "list", channel_id=channel)
    assert response.status_code == 200
    body = response.json()
    assert body["response_type"] == "ephemeral"
    return body, ws.slack.show_ephemeral(user, channel, body)


def text_of(message: dict[str, Any]) -> str:
    return json.dumps(message.get("blocks"), ensure_ascii=False)


def action_ids(message: dict[str, Any]) -> list[str]:
    return [
        element["action_id"]
        for block in message["blocks"]
        if block["type"] == "actions"
        for element in block["elements"]
    ]


def test_each_reader_sees_their_upcoming_events_in_their_zone_with_actions(
    workspace: LocalWorkspace, zoom_app: ZoomAppCredentials
) -> None:
    create_interview(workspace, participants=[RECRUITER, INTERVIEWER_EN])
    event_id = (
        workspace.services.db.engine.connect().exec_driver_sql("SELECT id FROM events").scalar_one()
    )

    mine, _ = list_events(workspace, RECRUITER, workspace.slack.dm_channel_id(RECRUITER))
    shown = text_of(mine)
    assert "あなたの今後の予定" in shown
    assert f"`#{event_id}` *面接* 一次面接 山田様 · あなたが主催" in shown
    assert f"<!date^{int(START.timestamp())}^" in shown
    assert "2026年11月25日(水) 14:00 (JST)" in shown  # the fallback, in 佐藤's zone
    assert "(1 件中 1〜1 件目)" in shown
    ids = action_ids(mine)
    for action in (SHOW_REMINDERS_ACTION, EDIT_ACTION, REISSUE_ACTION, CANCEL_ACTION):
        assert action in ids
    values = {
        e["value"]
        for b in mine["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == EDIT_ACTION
    }
    assert values == {str(event_id)}
    assert NEXT_ACTION not in ids

    theirs, _ = list_events(
        workspace, INTERVIEWER_EN, workspace.slack.dm_channel_id(INTERVIEWER_EN)
    )
    shown = text_of(theirs)
    assert "Your upcoming events" in shown
    assert "*Interview* 一次面接 山田様 · you take part" in shown
    assert "Tue, Nov 24, 2026 9:00 PM (PST)" in shown  # Alex's zone

    # 鈴木 takes no part: nothing for them in a DM.
    none, _ = list_events(workspace, COORDINATOR, workspace.slack.dm_channel_id(COORDINATOR))
    assert "今後の予定はありません。`/recruit` でイベントを作成できます。" in text_of(none)


def test_in_a_channel_the_channels_events_are_listed_too(
    workspace: LocalWorkspace, zoom_app: ZoomAppCredentials
) -> None:
    workspace.slack.add_channel(OTHER_CHANNEL, name="other")
    create_interview(workspace, participants=[RECRUITER], channel=OTHER_CHANNEL)

    here, _ = list_events(workspace, COORDINATOR, OTHER_CHANNEL)
    assert f"<#{OTHER_CHANNEL}>" in text_of(here)
    assert "一次面接 山田様" in text_of(here)
    elsewhere, _ = list_events(workspace, COORDINATOR, CHANNEL)
    assert "一次面接 山田様" not in text_of(elsewhere)
    assert "今後の予定はありません" in text_of(elsewhere)
    english, _ = list_events(workspace, INTERVIEWER_EN, OTHER_CHANNEL)
    assert f"Upcoming events: yours and <#{OTHER_CHANNEL}>'s" in text_of(english)
    assert "一次面接 山田様" in text_of(english)


def test_next_and_previous_replace_the_list_in_place(
    workspace: LocalWorkspace, zoom_app: ZoomAppCredentials
) -> None:
    for n in range(12):  # 12 interviews, one an hour from 08:00 on Wednesday (Tokyo)
        create_interview(
            workspace,
            title=f"面接 {n + 1:02d}",
            start_time=f"{8 + n:02d}:00",
            participants=[RECRUITER],
        )
    dm = workspace.slack.dm_channel_id(RECRUITER)
    first, url = list_events(workspace, RECRUITER, dm)
    shown = text_of(first)
    assert "(12 件中 1〜10 件目)" in shown
    assert "面接 01" in shown
    assert "面接 10" in shown
    assert "面接 11" not in shown
    assert shown.index("面接 01") < shown.index("面接 10")  # by start
    assert PREVIOUS_ACTION not in action_ids(first)
    [next_button] = [
        e
        for b in first["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == NEXT_ACTION
    ]
    assert next_button["text"]["text"] == "次へ"

    clicked = workspace.block_action(
        RECRUITER, NEXT_ACTION, value=next_button["value"], response_url=url, channel_id=dm
    )
    assert clicked.status_code == 200
    [answer] = workspace.slack.wait_for_responses(1)
    assert answer.ok
    assert answer.payload["replace_original"] is True
    [ephemeral] = workspace.slack.ephemerals(RECRUITER)  # replaced, not added
    shown = text_of(ephemeral)
    assert "(12 件中 11〜12 件目)" in shown
    assert "面接 11" in shown
    assert "面接 12" in shown
    assert "面接 01" not in shown
    assert PREVIOUS_ACTION in action_ids(ephemeral)
    assert NEXT_ACTION not in action_ids(ephemeral)


def test_an_expired_list_says_so_in_the_readers_language(
    workspace: LocalWorkspace, zoom_app: ZoomAppCredentials
) -> None:
    dm = workspace.slack.dm_channel_id(INTERVIEWER_EN)
    gone = f"{workspace.slack.base_url}/respond/expired"
    workspace.block_action(
        INTERVIEWER_EN, NEXT_ACTION, value="mine:2", response_url=gone, channel_id=dm
    )
    [dm_message] = workspace.slack.wait_for("chat.postMessage")
    assert dm_message.args["text"] == "This list has expired. Run `/recruit list` again."
    dm = workspace.slack.dm_channel_id(RECRUITER)
    workspace.block_action(RECRUITER, NEXT_ACTION, value="mine:2", response_url=gone, channel_id=dm)
    second = workspace.slack.wait_for("chat.postMessage", count=2)[-1]
    assert (
        second.args["text"]
        == "この一覧は古くなりました。もう一度 `/recruit list` を実行してください。"
    )


def test_past_events_are_not_upcoming(
    workspace: LocalWorkspace, zoom_app: ZoomAppCredentials
) -> None:
    create_interview(workspace, participants=[RECRUITER])
    workspace.clock.set(START)  # under way
    during, _ = list_events(workspace, RECRUITER, workspace.slack.dm_channel_id(RECRUITER))
    assert "開催中" in text_of(during)
    workspace.advance(minutes=61)  # over
    after, _ = list_events(workspace, INTERVIEWER_EN, workspace.slack.dm_channel_id(INTERVIEWER_EN))
    assert "Nothing coming up. Create an event with `/recruit`." in text_of(after)
    mine, _ = list_events(workspace, RECRUITER, workspace.slack.dm_channel_id(RECRUITER))
    assert "一次面接" not in text_of(mine)


def test_edit_from_the_list_opens_the_filled_modal(
    workspace: LocalWorkspace, zoom_app: ZoomAppCredentials
) -> None:
    create_interview(workspace)
    listed, response_url = list_events(workspace, RECRUITER, CHANNEL)
    [edit] = [
        e
        for b in listed["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == EDIT_ACTION
    ]
    workspace.slack.reset_calls()

    workspace.block_action(
        RECRUITER,
        EDIT_ACTION,
        value=edit["value"],
        container={"type": "message", "is_ephemeral": True, "channel_id": CHANNEL},
        response_url=response_url,
        channel_id=CHANNEL,
    )

    [opened] = workspace.slack.wait_for("views.open")
    modal = json.dumps(opened.args["view"], ensure_ascii=False)
    assert "一次面接 山田様" in modal  # filled with the event's values
    assert opened.args["view"]["callback_id"] != "create_event"
