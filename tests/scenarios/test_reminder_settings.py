"""Reminder settings in the App Home: admins see them and change them through a modal; nobody
else can, even with a forged request."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest

from standins.harness import TEAM_ID, LocalWorkspace, ZoomAppCredentials, fill_modal
from storage.models import Workspace
from storage.repositories.workspaces import WorkspaceRepository
from tests.scenarios.conftest import COORDINATOR, INTERVIEWER_EN, RECRUITER
from tests.scenarios.test_create_event import START, create_interview

ADMIN_JA = "U0ADMINJA"
ADMIN_EN = "U0ADMINEN"


@pytest.fixture
def admins(workspace: LocalWorkspace) -> None:
    workspace.slack.add_user(ADMIN_JA, name="高橋 管理", is_admin=True)
    workspace.slack.add_user(
        ADMIN_EN, name="Sam Owner", locale="en-US", tz="Europe/London", is_owner=True
    )


def open_home(ws: LocalWorkspace, user: str) -> dict[str, Any]:
    before = len(ws.slack.calls_to("views.publish"))
    response = ws.event_callback(
        {"type": "app_home_opened", "user": user, "tab": "home", "event_ts": "1.0"}
    )
    assert response.status_code == 200
    return dict(ws.slack.wait_for("views.publish", count=before + 1)[-1].args["view"])


def settings_buttons(home: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        b["accessory"]
        for b in home["blocks"]
        if b.get("accessory", {}).get("action_id") == "home_reminder_settings"
    ]


def open_settings(ws: LocalWorkspace, user: str) -> dict[str, Any]:
    before = len(ws.slack.calls_to("views.open"))
    assert ws.block_action(user, "home_reminder_settings").status_code == 200
    return dict(ws.slack.wait_for("views.open", count=before + 1)[-1].args["view"])


def submit_settings(ws: LocalWorkspace, user: str, view: dict[str, Any], **answers: Any) -> Any:
    response = ws.submit_view(fill_modal(view, answers), user)
    assert response.status_code == 200
    return response.json() if response.content else {}


def workspace_row(ws: LocalWorkspace) -> tuple[Any, ...]:
    with ws.services.db.transaction() as session:
        row = session.get(Workspace, TEAM_ID)
        assert row is not None
        return (
            row.reminder_template_ja,
            row.reminder_template_en,
            row.quiet_hours_start,
            row.quiet_hours_end,
            row.calendar_country,
        )


def ensure_row(ws: LocalWorkspace) -> None:
    with ws.services.db.transaction() as session:
        WorkspaceRepository(session).ensure(TEAM_ID, now=ws.clock.now())


# ---- who sees what


@pytest.mark.usefixtures("admins")
@pytest.mark.parametrize(
    ("user", "label", "summary"),
    [
        (ADMIN_JA, "リマインダー設定", "静かな時間帯: 22:00–08:00\n祝日カレンダー: JP"),
        (ADMIN_EN, "Reminder settings", "Quiet hours: 22:00–08:00\nHoliday calendar: JP"),
    ],
)
def test_admins_see_the_settings_in_their_language(
    workspace: LocalWorkspace, user: str, label: str, summary: str
) -> None:
    home = open_home(workspace, user)
    [button] = settings_buttons(home)
    assert button["text"]["text"] == label
    assert summary in json.dumps(home, ensure_ascii=False).replace("\\n", "\n")


@pytest.mark.usefixtures("admins")
@pytest.mark.parametrize("user", [RECRUITER, INTERVIEWER_EN])
def test_members_do_not_see_the_settings(workspace: LocalWorkspace, user: str) -> None:
    home = open_home(workspace, user)
    assert settings_buttons(home) == []
    assert "22:00" not in json.dumps(home)


# ---- saving


@pytest.mark.usefixtures("admins")
def test_an_admin_saves_templates_quiet_hours_and_calendar(workspace: LocalWorkspace) -> None:
    view = open_settings(workspace, ADMIN_JA)
    assert view["title"]["text"] == "リマインダー設定"
    assert [b["block_id"] for b in view["blocks"]] == [
        "template_ja",
        "template_en",
        "quiet_off",
        "quiet_start",
        "quiet_end",
        "calendar_country",
    ]
    body = submit_settings(
        workspace,
        ADMIN_JA,
        view,
        template_ja="{name}さん、{event} は {start} からです",
        template_en="Hi {name}, {event} starts {start}",
        quiet_start="21:30",
        quiet_end="07:00",
        calendar_country="us",
    )
    assert body == {}
    assert workspace_row(workspace) == (
        "{name}さん、{event} は {start} からです",
        "Hi {name}, {event} starts {start}",
        "21:30",
        "07:00",
        "US",
    )
    # The App Home shows the new settings; the modal opens with them next time.
    text = json.dumps(
        workspace.slack.wait_for("views.publish")[-1].args["view"], ensure_ascii=False
    )
    assert "21:30–07:00" in text
    assert "US" in text
    assert "カスタム" in text
    again = open_settings(workspace, ADMIN_EN)
    assert again["title"]["text"] == "Reminder settings"
    assert (
        again["blocks"][0]["element"]["initial_value"] == "{name}さん、{event} は {start} からです"
    )
    assert again["blocks"][3]["element"]["initial_time"] == "21:30"
    assert again["blocks"][5]["element"]["initial_value"] == "US"


@pytest.mark.usefixtures("admins")
def test_quiet_hours_can_be_turned_off_and_templates_cleared(workspace: LocalWorkspace) -> None:
    body = submit_settings(
        workspace,
        ADMIN_EN,
        open_settings(workspace, ADMIN_EN),
        template_ja="x {event}",
        quiet_off=["off"],
    )
    assert body == {}
    assert workspace_row(workspace) == ("x {event}", None, None, None, "JP")
    view = open_settings(workspace, ADMIN_EN)
    assert view["blocks"][2]["element"]["initial_options"][0]["value"] == "off"
    assert submit_settings(workspace, ADMIN_EN, view, template_ja="", quiet_off=[]) == {}
    assert workspace_row(workspace) == (None, None, "22:00", "08:00", "JP")


@pytest.mark.usefixtures("admins")
@pytest.mark.parametrize(
    ("user", "expected"),
    [
        (
            ADMIN_JA,
            {
                "template_en": "{nmae} という変数はありません。",
                "quiet_end": "開始と終了は別の時刻にしてください。",
                "calendar_country": "「XX」の祝日カレンダーはありません。",
            },
        ),
        (
            ADMIN_EN,
            {
                "template_en": "There is no variable {nmae}.",
                "quiet_end": "The start and the end must differ.",
                "calendar_country": "There is no holiday calendar for “XX”.",
            },
        ),
    ],
)
def test_bad_settings_are_inline_errors_and_nothing_is_saved(
    workspace: LocalWorkspace, user: str, expected: dict[str, str]
) -> None:
    ensure_row(workspace)
    before = workspace_row(workspace)
    body = submit_settings(
        workspace,
        user,
        open_settings(workspace, user),
        template_en="Hi {nmae}",
        quiet_start="09:00",
        quiet_end="09:00",
        calendar_country="XX",
    )
    assert body["response_action"] == "errors"
    assert set(body["errors"]) == set(expected)
    for block, start in expected.items():
        assert body["errors"][block].startswith(start)
    assert workspace_row(workspace) == before


# ---- refusals


@pytest.mark.usefixtures("admins")
@pytest.mark.parametrize(
    ("user", "expected"),
    [
        (RECRUITER, "リマインダー設定を変更できるのはワークスペースの管理者だけです"),
        (INTERVIEWER_EN, "Only workspace admins can change the reminder settings"),
    ],
)
def test_a_forged_button_from_a_member_is_refused_by_dm(
    workspace: LocalWorkspace, user: str, expected: str
) -> None:
    assert workspace.block_action(user, "home_reminder_settings").status_code == 200
    [dm] = workspace.slack.wait_for("chat.postMessage")
    assert dm.args["channel"] == workspace.slack.dm_channel_id(user)
    assert expected in dm.args["text"]
    assert workspace.slack.calls_to("views.open") == []


@pytest.mark.usefixtures("admins")
def test_a_forged_submission_from_a_member_changes_nothing(workspace: LocalWorkspace) -> None:
    ensure_row(workspace)
    before = workspace_row(workspace)
    view = open_settings(workspace, ADMIN_JA)  # the modal's shape, submitted by someone else
    body = submit_settings(
        workspace, COORDINATOR, view, template_ja="乗っ取り {event}", quiet_off=["off"]
    )
    assert body["response_action"] == "errors"
    assert "管理者だけです" in body["errors"]["template_ja"]
    assert workspace_row(workspace) == before


# ---- the saved defaults reach reminders already queued


@pytest.mark.usefixtures("admins")
def test_saved_defaults_reach_queued_reminders_in_each_language(
    workspace: LocalWorkspace, zoom_app: ZoomAppCredentials
) -> None:
    create_interview(workspace, notify=[])  # reminders queued with no text of their own
    view = open_settings(workspace, ADMIN_JA)
    submit_settings(
        workspace,
        ADMIN_JA,
        view,
        template_ja="{name}さん、{event} は {start} からです",
        template_en="Hi {name}, {event} starts {start}",
    )
    workspace.clock.set(START - timedelta(days=1))
    assert workspace.run_reminders().sent == 3
    ja = workspace.slack.dms_to(COORDINATOR)[-1]["blocks"][0]["text"]["text"]
    en = workspace.slack.dms_to(INTERVIEWER_EN)[-1]["blocks"][0]["text"]["text"]
    assert ja == "鈴木 調整さん、一次面接 山田様 は 11月25日(水) 14:00 からです"
    assert en == "Hi Alex Interviewer, 一次面接 山田様 starts Tue, Nov 24, 9:00 PM"


@pytest.mark.usefixtures("admins")
def test_an_admin_demoted_a_moment_ago_can_no_longer_save(workspace: LocalWorkspace) -> None:
    ensure_row(workspace)
    before = workspace_row(workspace)
    view = open_settings(workspace, ADMIN_JA)  # an admin when the modal opened
    workspace.slack.add_user(ADMIN_JA, name="高橋 管理", is_admin=False)  # demoted in Slack
    body = submit_settings(workspace, ADMIN_JA, view, template_ja="乗っ取り {event}")
    assert body["response_action"] == "errors"
    assert "管理者だけです" in body["errors"]["template_ja"]
    assert workspace_row(workspace) == before
