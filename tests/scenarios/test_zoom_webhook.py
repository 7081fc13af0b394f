"""Someone changes things in Zoom rather than in Slack: the recruiter moves the interview in
the Zoom web portal, deletes its meeting there, or removes the app from their Zoom account.
Zoom tells the bot by webhook; the card, the reminders and the people follow."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.clock import ManualClock
from providers.zoom.oauth import S2SCredentials
from standins.harness import (
    SHARED_ZOOM_CLIENT_ID,
    TEAM_ID,
    LocalWorkspace,
    ZoomAppCredentials,
    fill_modal,
)
from tests.scenarios.conftest import CHANNEL, COORDINATOR, INTERVIEWER_EN, RECRUITER
from tests.scenarios.test_create_event import INTERVIEW, START, create_interview, open_modal

NEW_START = START + timedelta(hours=1)  # 15:00 in Tokyo


def meeting_id_of(ws: LocalWorkspace) -> int:
    [meeting_id] = ws.zoom.meetings
    return meeting_id


def meeting_updated(meeting_id: int, **changes: Any) -> dict[str, Any]:
    """Zoom's `meeting.updated`: the id and only the fields that changed."""
    return {
        "event": "meeting.updated",
        "event_ts": 1764046800000,
        "payload": {
            "account_id": "acct-1",
            "operator": "recruiting-a@example.com",
            "scope": "single",
            "object": {"id": meeting_id, **changes},
            "old_object": {"id": meeting_id},
        },
    }


def meeting_deleted(meeting_id: int) -> dict[str, Any]:
    return {
        "event": "meeting.deleted",
        "event_ts": 1764046800000,
        "payload": {
            "account_id": "acct-1",
            "operator": "recruiting-a@example.com",
            "operation": "single",
            "object": {"id": meeting_id, "uuid": "abc==", "host_id": "zoomuser1", "type": 2},
        },
    }


def app_deauthorized(creds: ZoomAppCredentials, retention: str | None) -> dict[str, Any]:
    return {
        "event": "app_deauthorized",
        "event_ts": 1764046800000,
        "payload": {
            "account_id": creds.account_id,
            "user_id": creds.user_id,
            "client_id": creds.client_id,
            "deauthorization_time": "2026-11-23T00:30:00.000Z",
            "signature": "0" * 64,
            "user_data_retention": retention,
        },
    }


def card_of(ws: LocalWorkspace) -> dict[str, Any]:
    return next(m for m in ws.slack.messages(CHANNEL) if not m.get("thread_ts"))


def thread_of(ws: LocalWorkspace, card: dict[str, Any]) -> list[str]:
    return [m["text"] for m in ws.slack.messages(CHANNEL) if m.get("thread_ts") == card["ts"]]


def open_ledger(ws: LocalWorkspace, user: str) -> str:
    """`user` clicks the card's 「リマインダー」 button; returns the ledger they see."""
    card = card_of(ws)
    actions = next(b for b in card["blocks"] if b.get("block_id") == "event_actions")
    button = next(e for e in actions["elements"] if e["action_id"] == "show_reminders")
    before = len(ws.slack.calls_to("views.open"))
    container = {"type": "message", "channel_id": CHANNEL, "message_ts": card["ts"]}
    response = ws.block_action(user, "show_reminders", container=container, value=button["value"])
    assert response.status_code == 200
    return json.dumps(ws.slack.wait_for("views.open", count=before + 1)[-1].args["view"])


def say(ws: LocalWorkspace, payload: dict[str, Any]) -> None:
    """Zoom delivers the webhook; the bot acknowledges and finishes what follows."""
    response = ws.zoom_webhook(payload)
    assert response.status_code == 200, response.text
    ws.wait_idle()


def linked_by_recruiter(ws: LocalWorkspace) -> ZoomAppCredentials:
    """佐藤's own Zoom account, linked by 佐藤 (so the bot knows whom to tell)."""
    creds = ws.add_zoom_app("sato@example.com")
    ws.services.zoom_accounts.link_server_to_server(
        team_id=TEAM_ID,
        display_name="佐藤のZoom",
        credentials=S2SCredentials(creds.account_id, creds.client_id, creds.client_secret),
        linked_by=RECRUITER,
    )
    return creds


@pytest.fixture
def english_workspace(database_url: str, clock: ManualClock) -> Iterator[LocalWorkspace]:
    """The same team, but the bot's channel language is English."""
    with LocalWorkspace(database_url=database_url, clock=clock, default_locale="en") as ws:
        ws.add_person(RECRUITER, "佐藤 採用")
        ws.add_person(INTERVIEWER_EN, "Alex Interviewer", locale="en-US", tz="America/Los_Angeles")
        ws.add_person(COORDINATOR, "鈴木 調整")
        ws.slack.add_channel(CHANNEL, name="recruiting")
        yield ws
        assert ws.slack.violations == []
        assert ws.zoom.violations == []


def test_moving_the_meeting_in_zoom_moves_the_card_and_the_reminders(
    workspace: LocalWorkspace, zoom_app: ZoomAppCredentials
) -> None:
    create_interview(workspace, custom_reminders="")  # 1 day and 1 hour before, 14:00 JST
    assert workspace.run_reminders().sent == 3  # the invitations
    card = card_of(workspace)

    # 佐藤 moves the meeting to 15:00 in the Zoom web portal.
    say(workspace, meeting_updated(meeting_id_of(workspace), start_time="2026-11-25T06:00:00Z"))

    # The card is updated in place with the new time…
    [update] = workspace.slack.calls_to("chat.update")
    assert update.args["ts"] == card["ts"]
    assert update.args["channel"] == CHANNEL
    details = next(b for b in update.args["blocks"] if b.get("block_id") == "event_details")
    when = details["fields"][0]["text"]
    assert when.startswith(f"*日時*\n<!date^{int(NEW_START.timestamp())}^")
    assert "2026年11月25日(水) 15:00 (JST)" in when
    # …and the channel is told in the card's thread, in Japanese.
    [note] = thread_of(workspace, card)
    assert note.startswith(":pencil2: Zoom 側でミーティングが変更されました: 開始 ")
    assert "2026年11月25日(水) 14:00 (JST)> → <!date^" in note
    assert "2026年11月25日(水) 15:00 (JST)>" in note
    assert "リマインダーは新しい時刻に合わせて送ります。" in note

    # The 1-day reminder does not go at the old time, but at the new one (in Tokyo)…
    workspace.clock.set(START - timedelta(days=1))
    assert workspace.run_reminders().sent == 0
    workspace.clock.set(NEW_START - timedelta(days=1))
    assert workspace.run_reminders().sent == 2  # 佐藤 and 鈴木, 15:00 JST the day before
    # …while for Alex in Los Angeles it is now 22:00, inside quiet hours: 08:00 his morning.
    workspace.clock.set(datetime(2026, 11, 24, 16, 0, tzinfo=UTC))
    assert workspace.run_reminders().sent == 1
    assert "1 day before" in json.dumps(workspace.slack.dms_to(INTERVIEWER_EN)[-1]["blocks"])

    # The 1-hour reminder: nothing at 13:00, all three at 14:00, showing the new time.
    workspace.clock.set(START - timedelta(hours=1))
    assert workspace.run_reminders().sent == 0
    workspace.clock.set(NEW_START - timedelta(hours=1))
    assert workspace.run_reminders().sent == 3
    last = workspace.slack.dms_to(COORDINATOR)[-1]
    assert "2026年11月25日(水) 15:00 (JST)" in last["text"]


def test_the_thread_note_follows_the_workspace_language(
    english_workspace: LocalWorkspace,
) -> None:
    ws = english_workspace
    ws.link_zoom("Recruiting A", ws.add_zoom_app("recruiting-a@example.com"))
    create_interview(ws)
    card = card_of(ws)

    say(
        ws,
        meeting_updated(
            meeting_id_of(ws),
            start_time="2026-11-25T15:00:00",  # local time, with the meeting's zone
            timezone="Asia/Tokyo",
            duration=90,
            topic="一次面接 山田様 (延長)",
        ),
    )

    [note] = thread_of(ws, card)
    assert note.startswith(":pencil2: The meeting was changed in Zoom: start ")
    assert "Wed, Nov 25, 2026 2:00 PM (JST)> → <!date^" in note
    assert "Wed, Nov 25, 2026 3:00 PM (JST)>" in note
    assert "; duration 60 min → 90 min; title “一次面接 山田様” → “一次面接 山田様 (延長)”" in note
    card_now = json.dumps(card_of(ws)["blocks"], ensure_ascii=False)
    assert "Interview: 一次面接 山田様 (延長)" in card_now
    assert "90 min" in card_now
    assert f"<!date^{int(NEW_START.timestamp())}^" in card_now


def test_zoom_repeating_what_we_know_changes_nothing(
    workspace: LocalWorkspace, zoom_app: ZoomAppCredentials
) -> None:
    create_interview(workspace)
    meeting_id = meeting_id_of(workspace)
    moved = meeting_updated(meeting_id, start_time="2026-11-25T06:00:00Z")
    say(workspace, moved)
    assert len(workspace.slack.calls_to("chat.update")) == 1

    # Zoom delivers the same change again, then an echo of what the event already says,
    # then a change of something the bot does not show (the agenda).
    say(workspace, moved)
    say(workspace, meeting_updated(meeting_id, topic="一次面接 山田様", duration=60))
    say(workspace, meeting_updated(meeting_id, agenda="持ち物: 筆記用具"))

    assert len(workspace.slack.calls_to("chat.update")) == 1
    assert len(thread_of(workspace, card_of(workspace))) == 1


def test_a_meeting_nobody_here_issued_is_ignored(
    workspace: LocalWorkspace, zoom_app: ZoomAppCredentials
) -> None:
    create_interview(workspace)
    other_meeting = meeting_id_of(workspace) + 1
    say(workspace, meeting_updated(other_meeting, start_time="2026-11-25T06:00:00Z"))
    say(workspace, meeting_deleted(other_meeting))
    assert workspace.slack.calls_to("chat.update") == []
    assert len(workspace.slack.messages(CHANNEL)) == 1  # just the card


def test_a_meeting_deleted_in_zoom_cancels_the_event(
    workspace: LocalWorkspace, zoom_app: ZoomAppCredentials
) -> None:
    create_interview(workspace)  # invitations not sent yet when the meeting is deleted
    card = card_of(workspace)
    meeting_id = meeting_id_of(workspace)

    say(workspace, meeting_deleted(meeting_id))

    # The card says it is cancelled, and no longer offers the dead join link.
    [update] = workspace.slack.calls_to("chat.update")
    assert update.args["ts"] == card["ts"]
    shown = json.dumps(card_of(workspace)["blocks"], ensure_ascii=False)
    assert "【キャンセル】面接: 一次面接 山田様" in shown
    assert "Zoom 側でミーティングが削除されたため、キャンセルされました。" in shown
    assert "open_join_url" not in shown
    assert "standin.zoom.test" not in shown
    # The thread and the organizer hear about it.
    [note] = thread_of(workspace, card)
    assert "Zoom 側でミーティングが削除されたため、この面接はキャンセルされました" in note
    [dm] = workspace.slack.dms_to(RECRUITER)
    assert "面接「一次面接 山田様」" in dm["text"]
    assert "Zoom 側で削除されたため、イベントをキャンセルしました" in dm["text"]

    # No invitation or reminder ever goes out.
    for moment in (START - timedelta(days=1), START - timedelta(minutes=10), START):
        workspace.clock.set(moment)
        assert workspace.run_reminders().sent == 0
    assert workspace.slack.dms_to(COORDINATOR) == []
    assert workspace.slack.dms_to(INTERVIEWER_EN) == []

    # The card's reminders button shows why.
    assert "not sent: the meeting was deleted in Zoom" in open_ledger(workspace, INTERVIEWER_EN)

    # Zoom delivering it again changes and says nothing more.
    say(workspace, meeting_deleted(meeting_id))
    assert len(workspace.slack.calls_to("chat.update")) == 1
    assert len(workspace.slack.dms_to(RECRUITER)) == 1


def test_removing_the_app_in_zoom_without_keeping_data_removes_the_account(
    workspace: LocalWorkspace,
) -> None:
    creds = linked_by_recruiter(workspace)
    create_interview(workspace)
    meeting_id = meeting_id_of(workspace)

    say(workspace, app_deauthorized(creds, retention="false"))

    assert workspace.services.zoom_accounts.list(TEAM_ID) == []  # `recruitbot zoom list`
    [dm] = workspace.slack.dms_to(RECRUITER)
    assert "Zoom アカウント「佐藤のZoom」の連携が Zoom 側で解除された" in dm["text"]
    assert "削除しました" in dm["text"]

    # The event still names the account it was issued from (here when Zoom moves it later).
    say(workspace, meeting_updated(meeting_id, start_time="2026-11-25T06:00:00Z"))
    [update] = workspace.slack.calls_to("chat.update")
    assert "佐藤のZoom" in json.dumps(update.args["blocks"], ensure_ascii=False)

    # A new event can no longer use it: the modal says no account is linked.
    refused = workspace.submit_view(fill_modal(open_modal(workspace), INTERVIEW), RECRUITER)
    assert refused.json()["response_action"] == "errors"
    assert "zoom_account" in refused.json()["errors"]


@pytest.mark.parametrize("retention", ["true", None])
def test_removing_the_app_in_zoom_while_keeping_data_asks_for_a_reconnect(
    workspace: LocalWorkspace, retention: str | None
) -> None:
    creds = linked_by_recruiter(workspace)

    say(workspace, app_deauthorized(creds, retention=retention))
    say(workspace, app_deauthorized(creds, retention=retention))  # delivered twice

    [account] = workspace.services.zoom_accounts.list(TEAM_ID)
    assert account.display_name == "佐藤のZoom"
    assert account.status == "needs_reconnect"
    [dm] = workspace.slack.dms_to(RECRUITER)  # told once
    assert "再接続するまで、このアカウントではミーティングを発行できません" in dm["text"]


def test_removing_another_app_leaves_the_account_alone(workspace: LocalWorkspace) -> None:
    creds = linked_by_recruiter(workspace)
    other_app = {**app_deauthorized(creds, retention="false")}
    other_app["payload"] = {**other_app["payload"], "client_id": SHARED_ZOOM_CLIENT_ID}

    say(workspace, other_app)

    [account] = workspace.services.zoom_accounts.list(TEAM_ID)
    assert account.status == "ok"
    assert workspace.slack.dms_to(RECRUITER) == []
