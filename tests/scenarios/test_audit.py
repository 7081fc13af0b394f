"""The audit trail: creating an event writes who created it and which Zoom account hosts
it and why; changes made in Zoom are recorded as Zoom's; `/recruit audit <event>` shows the
history to the organizer and admins, and refuses everyone else in their language."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from bot.services import audit
from standins.harness import LocalWorkspace, ZoomAppCredentials
from tests.scenarios.conftest import CHANNEL, COORDINATOR, INTERVIEWER_EN, RECRUITER
from tests.scenarios.test_create_event import create_interview
from tests.scenarios.test_zoom_webhook import meeting_deleted, meeting_updated, say

ADMIN_EN = "U9ADMIN"
START = datetime(2026, 11, 25, 5, 0, tzinfo=UTC)


def the_event_id(ws: LocalWorkspace) -> int:
    with ws.services.db.engine.connect() as conn:
        return int(conn.exec_driver_sql("SELECT id FROM events").scalar_one())


def audit_command(ws: LocalWorkspace, user: str, ref: str) -> dict[str, Any]:
    response = ws.slash_command(user, f"audit {ref}")
    assert response.status_code == 200
    body: dict[str, Any] = response.json()
    assert body["response_type"] == "ephemeral"
    ws.slack.show_ephemeral(user, CHANNEL, body)  # checked as Slack would show it
    return body


def shown(body: dict[str, Any]) -> str:
    return json.dumps(body.get("blocks") or body["text"], ensure_ascii=False)


def test_creating_an_event_records_who_created_it_and_the_account_chosen(
    workspace: LocalWorkspace, zoom_app: ZoomAppCredentials
) -> None:
    create_interview(workspace)
    event_id = the_event_id(workspace)
    with workspace.services.db.transaction() as session:
        rows = [(r.action, r.actor_id, dict(r.details)) for r in audit.history(session, event_id)]
    [(created, creator, what), (chosen, chooser, how)] = rows
    assert (created, creator) == ("created", RECRUITER)
    assert what["title"] == "一次面接 山田様"
    assert what["start"] == START.isoformat()
    assert what["participants"] == [RECRUITER, INTERVIEWER_EN, COORDINATOR]
    assert chosen == "account_chosen"
    assert how["account"] == "採用担当A"
    assert (chooser, how.get("requested")) in ((audit.SYSTEM_ACTOR, "auto"), (RECRUITER, None))


def test_the_organizer_sees_the_history_in_their_zone(
    workspace: LocalWorkspace, zoom_app: ZoomAppCredentials
) -> None:
    create_interview(workspace)
    event_id = the_event_id(workspace)
    body = audit_command(workspace, RECRUITER, str(event_id))
    text = shown(body)
    assert f"履歴: `#{event_id}` 面接「一次面接 山田様」" in text
    assert f"<@{RECRUITER}> · 作成" in text
    assert "Zoom アカウント「採用担当A」を使用" in text
    assert f"開始: <!date^{int(START.timestamp())}^" in text
    assert "2026年11月23日(月) 9:00 (JST)" in text  # when it was created, in Tokyo
    # `#12` and a link to the card name the same event.
    assert shown(audit_command(workspace, RECRUITER, f"#{event_id}")) == text
    [card] = workspace.slack.messages(CHANNEL)
    permalink = f"https://x.slack.com/archives/{CHANNEL}/p{card['ts'].replace('.', '')}"
    assert shown(audit_command(workspace, RECRUITER, f"<{permalink}>")) == text


@pytest.mark.parametrize(
    ("user", "refusal"),
    [
        (COORDINATOR, "このイベントの履歴を見られるのは、主催者とワークスペース管理者だけです。"),
        (INTERVIEWER_EN, "Only the event's organizer and workspace admins can see its history."),
    ],
)
def test_a_member_is_refused_in_their_language(
    workspace: LocalWorkspace, zoom_app: ZoomAppCredentials, user: str, refusal: str
) -> None:
    create_interview(workspace)
    body = audit_command(workspace, user, str(the_event_id(workspace)))
    assert body["text"] == refusal
    assert "blocks" not in body


def test_an_admin_sees_the_history(workspace: LocalWorkspace, zoom_app: ZoomAppCredentials) -> None:
    workspace.add_person(ADMIN_EN, "Ada Admin", locale="en-US", tz="Europe/London", is_admin=True)
    create_interview(workspace)
    text = shown(audit_command(workspace, ADMIN_EN, str(the_event_id(workspace))))
    assert "History of `#" in text
    assert f"<@{RECRUITER}> · created" in text
    assert "Zoom account “採用担当A” used" in text
    assert "Mon, Nov 23, 2026 12:00 AM (GMT)" in text  # in London


@pytest.mark.parametrize(
    ("user", "ref", "expected"),
    [
        (
            RECRUITER,
            "999",
            "イベント「999」は見つかりませんでした。`/recruit list` で ID を確認できます。",
        ),
        (INTERVIEWER_EN, "#999", "No event “#999” was found. `/recruit list` shows the ids."),
        (RECRUITER, "", "`/recruit audit <イベントID>` の形で指定してください"),
        (INTERVIEWER_EN, "yesterday", "Usage: `/recruit audit <event id>`"),
    ],
)
def test_unknown_or_missing_events_are_named(
    workspace: LocalWorkspace, user: str, ref: str, expected: str
) -> None:
    body = audit_command(workspace, user, ref)
    assert body["text"].startswith(expected)


def test_changes_made_in_zoom_are_recorded_as_zooms(
    workspace: LocalWorkspace, zoom_app: ZoomAppCredentials
) -> None:
    create_interview(workspace)
    event_id = the_event_id(workspace)
    [meeting_id] = workspace.zoom.meetings
    say(workspace, meeting_updated(meeting_id, start_time="2026-11-25T06:00:00Z", duration=45))
    say(workspace, meeting_deleted(meeting_id))
    text = shown(audit_command(workspace, INTERVIEWER_EN, str(event_id)))  # refused
    assert "Only the event's organizer" in text
    text = shown(audit_command(workspace, RECRUITER, str(event_id)))
    moved = int(datetime(2026, 11, 25, 6, 0, tzinfo=UTC).timestamp())
    assert "Zoom · Zoom で変更 — 開始: <!date^" in text
    assert f"<!date^{moved}^" in text
    assert "所要時間(分): 60 → 45" in text
    assert "Zoom · キャンセル — 理由: Zoom でミーティングが削除されました" in text
