"""Reminder templates through the real app: a recruiter writes the reminder text in the create
modal (with inline errors and a preview), and each participant gets it rendered for them —
their own name, language and time zone, and the event as it is when the reminder goes."""

from __future__ import annotations

import json
import time
import uuid
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest

from standins.harness import TEAM_ID, LocalWorkspace, ZoomAppCredentials, fill_modal
from storage.models import Event, Workspace
from storage.repositories.workspaces import WorkspaceRepository
from tests.scenarios.conftest import CHANNEL, COORDINATOR, INTERVIEWER_EN, RECRUITER
from tests.scenarios.test_create_event import INTERVIEW, START, create_interview, open_modal
from tests.scenarios.test_create_event_errors import stored_events, submit

NAMES = {RECRUITER: "佐藤 採用", INTERVIEWER_EN: "Alex Interviewer", COORDINATOR: "鈴木 調整"}
TEMPLATE = "{name}さん — {kind}「{event}」{start} {meeting_url} ({organizer} in {channel})"


def headline(dm: dict[str, Any]) -> str:
    return str(dm["blocks"][0]["text"]["text"])


def everything_in(dm: dict[str, Any]) -> str:
    return json.dumps([dm["text"], dm["blocks"]], ensure_ascii=False)


def reminders_at(ws: LocalWorkspace, when: Any) -> dict[str, dict[str, Any]]:
    """Run the dispatcher at `when`; the newest DM of each participant."""
    ws.clock.set(when)
    report = ws.run_reminders()
    assert report.sent == 3, report
    return {user: ws.slack.dms_to(user)[-1] for user in NAMES}


def update_event(ws: LocalWorkspace, **values: Any) -> None:
    with ws.services.db.transaction() as session:
        [event] = session.query(Event).all()
        for key, value in values.items():
            setattr(event, key, value)


def meeting_url(ws: LocalWorkspace) -> str:
    return str(next(iter(ws.zoom.meetings.values()))["join_url"])


# ---- per-reader rendering in a group event


def test_each_participant_gets_the_template_with_their_own_name_zone_and_language(
    workspace: LocalWorkspace, zoom_app: ZoomAppCredentials
) -> None:
    create_interview(workspace, notify=[], reminder_template=TEMPLATE)
    url = meeting_url(workspace)
    dms = reminders_at(workspace, START - timedelta(days=1))

    assert headline(dms[RECRUITER]) == (
        f"佐藤 採用さん — 面接「一次面接 山田様」11月25日(水) 14:00 {url} "
        f"(<@{RECRUITER}> in <#{CHANNEL}>)"
    )
    assert headline(dms[COORDINATOR]).startswith(
        "鈴木 調整さん — 面接「一次面接 山田様」11月25日(水) 14:00"
    )
    # Alex reads English in Los Angeles: the organizer's words, Alex's name, kind and time.
    assert headline(dms[INTERVIEWER_EN]).startswith(
        "Alex Interviewerさん — Interview「一次面接 山田様」Tue, Nov 24, 9:00 PM"
    )
    # Nobody sees another participant's name.
    for reader, dm in dms.items():
        for other, name in NAMES.items():
            assert (name in everything_in(dm)) == (other == reader), (reader, other)


def test_without_a_template_the_workspace_default_of_each_language_applies(
    workspace: LocalWorkspace, zoom_app: ZoomAppCredentials
) -> None:
    create_interview(workspace, notify=[])
    # An admin sets an English default after the reminders were queued.
    with workspace.services.db.transaction() as session:
        ws_row = session.get(Workspace, TEAM_ID)
        assert ws_row is not None
        ws_row.reminder_template_en = "Hi {name}: {event} starts {start} ({offset})"
    dms = reminders_at(workspace, START - timedelta(days=1))
    assert headline(dms[INTERVIEWER_EN]) == (
        "Hi Alex Interviewer: 一次面接 山田様 starts Tue, Nov 24, 9:00 PM (1 day before)"
    )
    # Japanese readers have no workspace text: the built-in one, in their zone.
    assert headline(dms[COORDINATOR]) == (
        ":alarm_clock: リマインダー: 面接「一次面接 山田様」は 11月25日(水) 14:00 に始まります(1日前)。"
    )


# ---- edits made after the reminders were queued reach them


def test_an_edit_after_queueing_reaches_the_reminder(
    workspace: LocalWorkspace, zoom_app: ZoomAppCredentials
) -> None:
    create_interview(workspace, notify=[], reminder_template="{event} {meeting_url}")
    old_url = meeting_url(workspace)
    first = reminders_at(workspace, START - timedelta(days=1))
    assert headline(first[COORDINATOR]) == f"一次面接 山田様 {old_url}"

    new_url = "https://zoom.example/j/4242?pwd=new"
    update_event(workspace, title="二次面接 山田様", join_url=new_url)
    dms = reminders_at(workspace, START - timedelta(hours=1))
    for dm in dms.values():
        assert headline(dm) == "二次面接 山田様 https://zoom.example/j/4242?pwd=new"
        assert new_url in everything_in(dm)  # the details and the button too
        assert old_url not in everything_in(dm)
        assert "一次面接" not in everything_in(dm)

    # The text itself can change too (e.g. an edit of the event's reminder message).
    update_event(workspace, reminder_template="{name}: {note}", note="持ち物: 筆記用具")
    dms = reminders_at(workspace, START - timedelta(minutes=10))
    assert headline(dms[INTERVIEWER_EN]) == "Alex Interviewer: 持ち物: 筆記用具"


# ---- inline errors in the create modal


@pytest.mark.usefixtures("zoom_app")
@pytest.mark.parametrize(
    ("user", "expected"),
    [
        (RECRUITER, "{nmae} という変数はありません。使える変数: {name} {event}"),
        (INTERVIEWER_EN, "There is no variable {nmae}. Variables: {name} {event}"),
    ],
)
def test_an_unknown_variable_is_an_inline_error_in_the_readers_language(
    workspace: LocalWorkspace, user: str, expected: str
) -> None:
    errors = submit(workspace, user, reminder_template="{nmae}さん、{event}")
    assert set(errors) == {"reminder_template"}
    assert errors["reminder_template"].startswith(expected)
    assert stored_events(workspace) == []
    assert workspace.zoom.calls_to("POST", r"/meetings") == []


@pytest.mark.usefixtures("zoom_app")
@pytest.mark.parametrize(
    ("user", "template", "expected"),
    [
        (RECRUITER, "{note}", "この文面ではメッセージが空になります"),
        (INTERVIEWER_EN, " {note} ", "This text comes out empty"),
        (INTERVIEWER_EN, "{event", "The braces don't match."),
        (RECRUITER, "{start:%H}", "{start:%H} の書式指定は使えません。{start} と書いてください。"),
    ],
)
def test_an_empty_or_broken_template_is_an_inline_error(
    workspace: LocalWorkspace, user: str, template: str, expected: str
) -> None:
    errors = submit(workspace, user, reminder_template=template)  # no note in INTERVIEW
    assert errors["reminder_template"].startswith(expected)
    assert stored_events(workspace) == []


@pytest.mark.usefixtures("zoom_app")
def test_a_valid_template_is_stored_with_the_event(workspace: LocalWorkspace) -> None:
    assert submit(workspace, RECRUITER, reminder_template="  {name}さん {note}\n", note="x") == {}
    workspace.wait_idle()
    [event] = stored_events(workspace)
    assert event.reminder_template == "{name}さん {note}"


# ---- preview


def press_preview(ws: LocalWorkspace, view: dict[str, Any], user_id: str) -> httpx.Response:
    """What Slack sends when `user_id` clicks Preview in `view` (with its current state)."""
    payload = {
        "type": "block_actions",
        "team": {"id": TEAM_ID, "domain": "harness"},
        "user": {"id": user_id, "username": user_id.lower(), "team_id": TEAM_ID},
        "api_app_id": "A0RECRUITBOT",
        "trigger_id": f"trigger-{uuid.uuid4().hex}",
        "container": {"type": "view", "view_id": view["id"]},
        "view": view,
        "actions": [
            {
                "type": "button",
                "action_id": "preview_reminder_template",
                "block_id": "reminder_template_actions",
                "action_ts": f"{time.time():.6f}",
            }
        ],
    }
    return ws.post_signed(urlencode({"payload": json.dumps(payload)}))


def input_ids(view: dict[str, Any]) -> list[tuple[str, str]]:
    return [
        (b["block_id"], b["element"]["action_id"]) for b in view["blocks"] if b["type"] == "input"
    ]


def preview_text(view: dict[str, Any]) -> str:
    [block] = [b for b in view["blocks"] if b.get("block_id") == "reminder_template_preview"]
    return str(block["elements"][0]["text"])


def open_stored_modal(ws: LocalWorkspace, user: str) -> dict[str, Any]:
    """The modal as Slack holds it after views.open (with its id and hash)."""
    open_modal(ws, user)
    return ws.slack.opened_views()[-1]


def preview(ws: LocalWorkspace, user: str, view: dict[str, Any]) -> dict[str, Any]:
    before = len(ws.slack.calls_to("views.update"))
    assert press_preview(ws, view, user).status_code == 200
    call = ws.slack.wait_for("views.update", count=before + 1)[-1]
    assert call.ok, call.error
    assert call.args["view_id"] == view["id"]
    assert call.args["hash"] == view["hash"]
    return dict(call.args["view"])


@pytest.mark.usefixtures("zoom_app")
def test_preview_shows_the_reminder_as_the_viewer_gets_it_and_keeps_the_input(
    workspace: LocalWorkspace,
) -> None:
    modal = open_stored_modal(workspace, RECRUITER)
    filled = fill_modal(modal, {**INTERVIEW, "reminder_template": TEMPLATE})
    updated = preview(workspace, RECRUITER, filled)

    # Same inputs with the same ids, so Slack keeps what was typed; same modal otherwise.
    assert input_ids(updated) == input_ids(modal)
    assert updated["callback_id"] == modal["callback_id"]
    assert updated["private_metadata"] == modal["private_metadata"]
    text = preview_text(updated)
    assert text.startswith(
        "*プレビュー(佐藤 採用 さんへの表示)*\n佐藤 採用さん — 面接「一次面接 山田様」"
    )
    assert "11月25日(水) 14:00 (Zoom URL は作成時に発行)" in text
    assert f"(<@{RECRUITER}> in <#{CHANNEL}>)" in text

    # A second preview replaces the first (one preview block), and the modal still submits.
    shown = workspace.slack.opened_views()[-1]
    again = preview(
        workspace, RECRUITER, fill_modal(shown, {**INTERVIEW, "reminder_template": "{offset}!"})
    )
    assert preview_text(again).endswith("\n1日前!")  # the earliest reminder chosen
    assert [b.get("block_id") for b in again["blocks"]].count("reminder_template_preview") == 1
    final = fill_modal(
        workspace.slack.opened_views()[-1], {**INTERVIEW, "reminder_template": TEMPLATE}
    )
    assert workspace.submit_view(final, RECRUITER).content in (b"", b"{}")
    workspace.wait_idle()
    assert [e.reminder_template for e in stored_events(workspace)] == [TEMPLATE]


@pytest.mark.usefixtures("zoom_app")
def test_preview_is_for_the_viewer_in_english(workspace: LocalWorkspace) -> None:
    modal = open_stored_modal(workspace, INTERVIEWER_EN)
    filled = fill_modal(
        modal, {**INTERVIEW, "reminder_template": "{name}: {kind} {start} {zoom_account}"}
    )
    text = preview_text(preview(workspace, INTERVIEWER_EN, filled))
    assert text == (
        "*Preview (as Alex Interviewer would see it)*\n"
        "Alex Interviewer: Interview Tue, Nov 24, 9:00 PM Automatic"
    )


@pytest.mark.usefixtures("zoom_app")
@pytest.mark.parametrize(
    ("user", "expected"),
    [
        (RECRUITER, ":warning: {bogus} という変数はありません。"),
        (INTERVIEWER_EN, ":warning: There is no variable {bogus}."),
    ],
)
def test_preview_of_a_broken_template_shows_the_error(
    workspace: LocalWorkspace, user: str, expected: str
) -> None:
    modal = open_stored_modal(workspace, user)
    filled = fill_modal(modal, {**INTERVIEW, "reminder_template": "{bogus}"})
    assert preview_text(preview(workspace, user, filled)).startswith(expected)


@pytest.mark.usefixtures("zoom_app")
def test_preview_without_a_template_shows_the_default_that_applies(
    workspace: LocalWorkspace,
) -> None:
    with workspace.services.db.transaction() as session:
        row = WorkspaceRepository(session).ensure(TEAM_ID, now=START)
        row.reminder_template_ja = "既定: {event}"
    modal = open_stored_modal(workspace, RECRUITER)
    # The field's placeholder says what an empty field means.
    [field] = [b for b in modal["blocks"] if b.get("block_id") == "reminder_template"]
    assert field["element"]["placeholder"]["text"] == "既定: {event}"
    text = preview_text(preview(workspace, RECRUITER, fill_modal(modal, INTERVIEW)))
    assert text.endswith("\n既定: 一次面接 山田様")
