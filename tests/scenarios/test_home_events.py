"""The App Home: 「自分の予定」 for everyone; for admins also the workspace's upcoming events
and the roles controls — within Slack's 100 blocks."""

from __future__ import annotations

import json
from typing import Any

from standins.harness import LocalWorkspace, ZoomAppCredentials
from tests.scenarios.conftest import COORDINATOR, INTERVIEWER_EN, RECRUITER
from tests.scenarios.test_create_event import create_interview

ADMIN_EN = "U9ADMIN"


def home_of(ws: LocalWorkspace, user: str) -> dict[str, Any]:
    published = len(ws.slack.calls_to("views.publish"))
    ws.event_callback({"type": "app_home_opened", "user": user, "tab": "home", "event_ts": "1.0"})
    ws.slack.wait_for("views.publish", count=published + 1)
    return ws.slack.published_views(user)[-1]


def test_everyone_sees_their_own_upcoming_events(
    workspace: LocalWorkspace, zoom_app: ZoomAppCredentials
) -> None:
    create_interview(workspace, participants=[RECRUITER, INTERVIEWER_EN])
    mine = json.dumps(home_of(workspace, RECRUITER), ensure_ascii=False)
    assert "自分の予定" in mine
    assert "一次面接 山田様 · あなたが主催" in mine
    assert "event_edit" in mine
    assert "ワークスペースの予定" not in mine  # not an admin
    theirs = json.dumps(home_of(workspace, INTERVIEWER_EN), ensure_ascii=False)
    assert "My upcoming events" in theirs
    assert "一次面接 山田様 · you take part" in theirs
    nothing = json.dumps(home_of(workspace, COORDINATOR), ensure_ascii=False)
    assert "今後の予定はありません。" in nothing


def test_admins_see_the_workspaces_events_within_the_block_limit(
    workspace: LocalWorkspace, zoom_app: ZoomAppCredentials
) -> None:
    workspace.add_person(ADMIN_EN, "Ada Admin", locale="en-US", is_admin=True)
    for n in range(7):
        create_interview(workspace, title=f"面接 {n + 1}", start_time=f"{9 + n:02d}:00")
    for n in range(45):  # a workspace with many linked Zoom accounts
        workspace.link_zoom(f"Zoom {n:02d}", workspace.add_zoom_app(f"z{n}@example.com"))
    home = home_of(workspace, ADMIN_EN)
    text = json.dumps(home, ensure_ascii=False)
    assert "The workspace's upcoming events (admins)" in text
    assert "面接 1" in text
    assert "and 2 more — `/recruit list` shows them all." in text
    assert "Who may create events" in text
    assert len(home["blocks"]) <= 100
    mine = json.dumps(home_of(workspace, RECRUITER), ensure_ascii=False)
    assert "ほか 2 件 — `/recruit list` ですべて表示できます。" in mine
