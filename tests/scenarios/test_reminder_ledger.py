"""The card says when each reminder goes; its 「リマインダー」 button shows, per recipient,
what was sent, what is pending and what was skipped and why."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from standins.harness import LocalWorkspace
from tests.scenarios.conftest import CHANNEL, COORDINATOR, INTERVIEWER_EN, RECRUITER
from tests.scenarios.test_create_event import START, create_interview

pytestmark = pytest.mark.usefixtures("zoom_app")


def card_of(ws: LocalWorkspace) -> dict:  # type: ignore[type-arg]
    [card] = ws.slack.messages(CHANNEL)
    return card


def open_ledger(ws: LocalWorkspace, user: str) -> str:
    card = card_of(ws)
    actions = next(b for b in card["blocks"] if b.get("block_id") == "event_actions")
    button = next(e for e in actions["elements"] if e["action_id"] == "show_reminders")
    before = len(ws.slack.calls_to("views.open"))
    payload_container = {"type": "message", "channel_id": CHANNEL, "message_ts": card["ts"]}
    response = ws.block_action(
        user, "show_reminders", container=payload_container, value=button["value"]
    )
    assert response.status_code == 200
    view = ws.slack.wait_for("views.open", count=before + 1)[-1].args["view"]
    return json.dumps(view, ensure_ascii=False)


def test_the_card_lists_when_each_reminder_goes(workspace: LocalWorkspace) -> None:
    create_interview(workspace, reminders=["before:1440", "day:0@09:00"], custom_reminders="")
    fields = json.dumps(card_of(workspace)["blocks"], ensure_ascii=False)
    one_day = int((START - timedelta(days=1)).timestamp())
    same_day_9 = int((START - timedelta(hours=5)).timestamp())  # 09:00 JST on the day
    assert f"1日前 — <!date^{one_day}^{{date_short_pretty}}" in fields
    assert f"当日 9:00 — <!date^{same_day_9}^" in fields


def test_the_ledger_shows_each_recipient_in_the_viewers_language(
    workspace: LocalWorkspace,
) -> None:
    create_interview(workspace)
    workspace.run_reminders()  # invitations sent
    workspace.clock.set(START + timedelta(minutes=1))  # the bot was down until the start
    workspace.run_reminders()

    ja = open_ledger(workspace, RECRUITER)
    assert "リマインダーの状況" in ja
    assert f":white_check_mark: <@{COORDINATOR}>" in ja  # the invitation went out
    assert "送信なし: 送信時刻に開始済みでした" in ja  # reminders overtaken by the start

    en = open_ledger(workspace, INTERVIEWER_EN)
    assert "not sent: the event had already started" in en
    assert "Invitation" in en


def test_pending_reminders_show_when_they_will_go(workspace: LocalWorkspace) -> None:
    create_interview(workspace)
    en = open_ledger(workspace, INTERVIEWER_EN)
    assert f":hourglass: <@{INTERVIEWER_EN}> due <!date^" in en


def test_admins_see_upcoming_events_reminders_in_the_app_home(workspace: LocalWorkspace) -> None:
    workspace.slack.add_user("UADMIN", name="admin", locale="en-US", is_admin=True)
    create_interview(workspace)
    workspace.run_reminders()  # 3 invitations sent

    def home_of(user: str) -> str:
        before = len(workspace.slack.calls_to("views.publish"))
        workspace.event_callback({"type": "app_home_opened", "user": user, "tab": "home"})
        call = workspace.slack.wait_for("views.publish", count=before + 1)[-1]
        return json.dumps(call.args["view"], ensure_ascii=False)

    admin_home = home_of("UADMIN")
    assert "Upcoming events' reminders (admins)" in admin_home
    assert "一次面接 山田様" in admin_home
    assert ":hourglass: 9 pending · :white_check_mark: 3 sent · :warning: 0 failed" in admin_home
    assert '"action_id": "show_reminders"' in admin_home
    assert "今後のイベントのリマインダー" not in home_of(COORDINATOR)
    assert "Upcoming events' reminders" not in home_of(INTERVIEWER_EN)
