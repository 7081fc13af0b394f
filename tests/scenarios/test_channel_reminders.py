"""Channel reminders: the event's channel is reminded too, in the card's thread or in the
channel itself, in the workspace language, timed in the event's zone."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from standins.harness import LocalWorkspace
from tests.scenarios.conftest import CHANNEL, COORDINATOR
from tests.scenarios.test_create_event import START, create_interview

pytestmark = pytest.mark.usefixtures("zoom_app")

MORNING_OF = START - timedelta(hours=5)  # 09:00 in Tokyo on the day (the event is at 14:00)


def test_a_channel_reminder_goes_in_the_cards_thread(workspace: LocalWorkspace) -> None:
    create_interview(
        workspace, notify=[], reminders=[], custom_reminders="", channel_reminders=["day:0@09:00"]
    )
    [card] = workspace.slack.messages(CHANNEL)
    card_text = json.dumps(card["blocks"], ensure_ascii=False)
    assert "チャンネルへのリマインダー" in card_text
    assert f"当日 9:00 — <!date^{int(MORNING_OF.timestamp())}^" in card_text

    workspace.clock.set(MORNING_OF - timedelta(minutes=1))
    assert workspace.run_reminders().sent == 0
    workspace.clock.set(MORNING_OF)
    assert workspace.run_reminders().sent == 1
    reminder = workspace.slack.messages(CHANNEL)[-1]
    assert reminder["thread_ts"] == card["ts"]
    assert ":mega: リマインダー: 面接「一次面接 山田様」" in reminder["text"]
    assert "(当日 9:00)" in reminder["text"]
    assert workspace.slack.dms_to(COORDINATOR) == []  # channel reminders are not DMs


def test_a_channel_reminder_can_go_in_the_channel_itself(workspace: LocalWorkspace) -> None:
    create_interview(
        workspace,
        notify=[],
        reminders=[],
        custom_reminders="",
        channel_reminders=["before:60"],
        channel_reminder_place="channel",
    )
    workspace.clock.set(START - timedelta(hours=1))
    assert workspace.run_reminders().sent == 1
    reminder = workspace.slack.messages(CHANNEL)[-1]
    assert reminder.get("thread_ts") is None
    assert "1時間前" in reminder["text"]


def test_no_channel_reminder_after_the_start(workspace: LocalWorkspace) -> None:
    create_interview(
        workspace, notify=[], reminders=[], custom_reminders="", channel_reminders=["before:10"]
    )
    workspace.clock.set(START + timedelta(minutes=1))
    report = workspace.run_reminders()
    assert report.sent == 0
    assert report.skip_reasons == {"event_started": 1}
    assert len(workspace.slack.messages(CHANNEL)) == 1  # only the card


def test_the_ledger_names_the_channel(workspace: LocalWorkspace) -> None:
    from tests.scenarios.conftest import INTERVIEWER_EN
    from tests.scenarios.test_reminder_ledger import open_ledger

    create_interview(workspace, notify=[], channel_reminders=["day:0@09:00"])
    en = open_ledger(workspace, INTERVIEWER_EN)
    assert "Channel: the same day, 09:00" in en
    assert f":hourglass: <#{CHANNEL}> due" in en


def test_a_title_cannot_ping_the_channel(workspace: LocalWorkspace) -> None:
    create_interview(
        workspace,
        title="<!channel> 一次面接",
        notify=[],
        reminders=[],
        custom_reminders="",
        channel_reminders=["before:60"],
    )
    workspace.clock.set(START - timedelta(hours=1))
    assert workspace.run_reminders().sent == 1
    reminder = workspace.slack.messages(CHANNEL)[-1]
    assert "<!channel>" not in json.dumps(reminder, ensure_ascii=False)
    assert "&lt;!channel&gt; 一次面接" in reminder["text"]
