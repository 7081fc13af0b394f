"""A recruiter creates an interview from Slack; the bot issues a Zoom URL, posts the card,
DMs the participants and reminds them before the start."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from standins.harness import LocalWorkspace, ZoomAppCredentials, fill_modal
from tests.scenarios.conftest import CHANNEL, COORDINATOR, INTERVIEWER_EN, RECRUITER

START = datetime(2026, 11, 25, 5, 0, tzinfo=UTC)  # 14:00 in Tokyo
INTERVIEW = {
    "kind": "interview",
    "title": "一次面接 山田様",
    "start_date": "2026-11-25",
    "start_time": "14:00",
    "timezone": "Asia/Tokyo",
    "participants": [RECRUITER, INTERVIEWER_EN, COORDINATOR],
    "channel": CHANNEL,
    "reminders": ["before:1440", "before:60"],
    "custom_reminders": "10",
}


def open_modal(ws: LocalWorkspace, user: str = RECRUITER) -> dict[str, Any]:
    """The recruiter types /recruit; returns the modal the bot opened for them."""
    before = len(ws.slack.calls_to("views.open"))
    response = ws.slash_command(user)
    assert response.status_code == 200
    views = ws.slack.wait_for("views.open", count=before + 1)  # opened right after the ack
    return dict(views[-1].args["view"])


def create_interview(ws: LocalWorkspace, **overrides: Any) -> dict[str, Any]:
    view = fill_modal(open_modal(ws), {**INTERVIEW, **overrides})
    response = ws.submit_view(view, RECRUITER)
    assert response.status_code == 200
    assert response.content in (b"", b"{}"), response.text  # the modal closes
    ws.wait_idle()
    return view


def test_recruiter_creates_interview_and_everyone_hears_about_it(
    workspace: LocalWorkspace, zoom_app: ZoomAppCredentials
) -> None:
    # 佐藤 types /recruit and sees the Japanese modal.
    modal = open_modal(workspace)
    assert modal["title"]["text"] == "選考イベントを作成"

    view = fill_modal(modal, INTERVIEW)
    response = workspace.submit_view(view, RECRUITER)
    assert response.status_code == 200
    assert response.content in (b"", b"{}")
    workspace.wait_idle()

    # Zoom got one meeting, hosted by the linked user, at 14:00 JST = 05:00 UTC.
    creates = workspace.zoom.calls_to("POST", r"/users/[^/]+/meetings")
    assert len(creates) == 1
    assert creates[0].path == f"/v2/users/{zoom_app.user_id}/meetings"
    assert creates[0].body is not None
    assert creates[0].body["start_time"] == "2026-11-25T05:00:00Z"
    assert creates[0].body["timezone"] == "Asia/Tokyo"
    assert creates[0].body["duration"] == 60
    meeting = next(iter(workspace.zoom.meetings.values()))

    # The card is in the channel, with the URL, passcode and issuing account.
    cards = workspace.slack.messages(CHANNEL)
    assert len(cards) == 1
    card_text = json.dumps(cards[0]["blocks"], ensure_ascii=False)
    assert meeting["join_url"] in card_text
    assert f"`{meeting['password']}`" in card_text
    assert "採用担当A" in card_text
    assert (
        f"<!date^{int(START.timestamp())}^" in card_text
    )  # Slack shows it in each reader's own zone
    assert f"<@{RECRUITER}>" in card_text

    # Invitations go out at once: Japanese for 佐藤 and 鈴木, English for Alex.
    report = workspace.run_reminders()
    assert report.sent == 3
    ja_dm = workspace.slack.dms_to(COORDINATOR)[-1]
    en_dm = workspace.slack.dms_to(INTERVIEWER_EN)[-1]
    assert "あなたを面接「一次面接 山田様」に追加しました" in json.dumps(
        ja_dm["blocks"], ensure_ascii=False
    )
    assert "added you to the interview" in json.dumps(en_dm["blocks"])
    assert meeting["join_url"] in en_dm["text"]
    # Alex's notification text shows Los Angeles time: Nov 24, 9:00 PM PST.
    assert "Tue, Nov 24, 2026 9:00 PM (PST)" in en_dm["text"]

    # Nothing more is due yet.
    assert workspace.run_reminders().sent == 0

    # One day before: the 1-day reminder, to each participant, with the URL.
    workspace.clock.set(START - timedelta(days=1))
    report = workspace.run_reminders()
    assert report.sent == 3
    reminder = workspace.slack.dms_to(COORDINATOR)[-1]
    assert "リマインダー" in reminder["blocks"][0]["text"]["text"]
    assert "1日前" in reminder["blocks"][0]["text"]["text"]
    assert meeting["join_url"] in json.dumps(reminder["blocks"])

    # 1 hour and 10 minutes before: the other two; after the start: nothing.
    workspace.clock.set(START - timedelta(hours=1))
    assert workspace.run_reminders().sent == 3
    workspace.clock.set(START - timedelta(minutes=10))
    assert workspace.run_reminders().sent == 3
    workspace.clock.set(START + timedelta(minutes=1))
    assert workspace.run_reminders().sent == 0
    assert len(workspace.slack.dms_to(INTERVIEWER_EN)) == 4

    # The host's start URL never reached Slack.
    everything = json.dumps([c.args for c in workspace.slack.calls], ensure_ascii=False)
    assert meeting["start_url"] not in everything
    assert "zak=" not in everything


def test_unticking_the_dm_sends_no_invitation_but_keeps_reminders(
    workspace: LocalWorkspace, zoom_app: ZoomAppCredentials
) -> None:
    create_interview(workspace, notify=[])
    assert workspace.run_reminders().sent == 0  # no invitation DMs
    workspace.clock.set(START - timedelta(hours=1))
    assert workspace.run_reminders().sent == 6  # 3 people × (1 day + 1 hour before)
    assert len(workspace.slack.dms_to(INTERVIEWER_EN)) == 2
