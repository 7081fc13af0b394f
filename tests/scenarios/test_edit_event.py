"""「編集」: the modal comes back filled; saving moves the same Zoom meeting (same URL), redraws
the card, notes what changed in its thread, tells each person in their zone and language,
re-times the reminders; people added are invited, people removed are told and reminded no
more. A meeting deleted in Zoom is replaced; two saves from one version: the later is told
to reopen; those who may not edit are refused in their language."""

from __future__ import annotations

import json
import threading
from datetime import timedelta
from typing import Any

from sqlalchemy import select

from bot.messages import MESSAGES, Locale
from standins.harness import LocalWorkspace, ZoomAppCredentials
from storage.models import Event, EventAudit, Reminder, ReminderStatus
from tests.scenarios.conftest import COORDINATOR, INTERVIEWER_EN, RECRUITER
from tests.scenarios.event_changes import (
    OUTSIDER_EN,
    OUTSIDER_JA,
    add_outsiders,
    card_text,
    click,
    click_for_modal,
    ephemeral_texts,
    submit,
    thread_of,
)
from tests.scenarios.test_create_event import START, create_interview

EDIT = "event_edit"
NEW_START = START + timedelta(hours=1)  # 15:00 in Tokyo, 22:00 the day before in LA
ADMIN_EN = "U7ADMIN"
CONFLICT_JA = (
    "このモーダルを開いた後に、他の人がこのイベントを変更しました。入力内容を控えてから"
    "モーダルを閉じ、カードの「編集」を開き直してください(最新の内容が表示されます)。"
)
CONFLICT_EN = (
    "Someone else changed this event after you opened this form. Note what you entered, "
    "close the form and open “Edit” on the card again to see the latest version."
)


def two_person_interview(ws: LocalWorkspace) -> Any:
    """An interview of 佐藤 and Alex with a 1-hour reminder; the invitations sent. Returns
    the meeting id."""
    create_interview(
        ws, participants=[RECRUITER, INTERVIEWER_EN], reminders=["before:60"], custom_reminders=""
    )
    ws.run_reminders()
    [meeting_id] = ws.zoom.meetings
    return meeting_id


def edit(ws: LocalWorkspace, user: str, answers: dict[str, Any]) -> Any:
    modal = click_for_modal(ws, user, EDIT)
    answer = submit(ws, modal, user, answers)
    ws.wait_idle()
    return answer


def reminders_of(ws: LocalWorkspace, user: str) -> list[Reminder]:
    with ws.services.db.transaction() as session:
        query = select(Reminder).where(Reminder.recipient_id == user, Reminder.kind == "reminder")
        return list(session.scalars(query))


def test_recruiter_moves_the_interview_and_adds_the_coordinator(
    workspace: LocalWorkspace, zoom_app: ZoomAppCredentials
) -> None:
    meeting_id = two_person_interview(workspace)
    join_url = workspace.zoom.meetings[meeting_id]["join_url"]
    alex_before = len(workspace.slack.dms_to(INTERVIEWER_EN))

    # 佐藤 clicks 「編集」: the modal comes back with the event as it is.
    modal = click_for_modal(workspace, RECRUITER, EDIT)
    assert modal["title"]["text"] == "イベントを編集"
    fields = {b["block_id"]: b["element"] for b in modal["blocks"] if b["type"] == "input"}
    assert fields["title"]["initial_value"] == "一次面接 山田様"
    assert fields["start_date"]["initial_date"] == "2026-11-25"
    assert fields["start_time"]["initial_time"] == "14:00"
    assert fields["duration"]["initial_value"] == "60"
    assert fields["timezone"]["initial_option"]["value"] == "Asia/Tokyo"
    assert fields["participants"]["initial_users"] == [RECRUITER, INTERVIEWER_EN]
    assert "zoom_account" not in fields  # changing the account is 「URL再発行」

    # An hour later, with the coordinator.
    answers = {"start_time": "15:00", "participants": [RECRUITER, INTERVIEWER_EN, COORDINATOR]}
    assert submit(workspace, modal, RECRUITER, answers) == {}
    workspace.wait_idle()

    # Zoom: the same meeting moved (PATCH), nothing created.
    [patch] = workspace.zoom.calls_to("PATCH", rf"/meetings/{meeting_id}$")
    assert patch.body == {
        "topic": "一次面接 山田様",
        "start_time": "2026-11-25T06:00:00Z",
        "duration": 60,
        "timezone": "Asia/Tokyo",
        "agenda": "",
    }
    assert len(workspace.zoom.calls_to("POST", r"/users/[^/]+/meetings")) == 1
    # The card: same URL, new time, the coordinator listed.
    shown = card_text(workspace)
    assert join_url in shown
    assert f"<!date^{int(NEW_START.timestamp())}^" in shown
    assert f"<@{COORDINATOR}>" in shown
    # The thread says what changed.
    [note] = thread_of(workspace)
    assert note.startswith(f":pencil2: <@{RECRUITER}> が変更しました: 開始 <!date^")
    assert "2026年11月25日(水) 15:00 (JST)" in note
    assert f"参加者を追加 <@{COORDINATOR}>" in note
    assert "リマインダーは新しい時刻に合わせて送ります。" in note
    # Alex reads it in English, in Los Angeles time.
    [alex] = workspace.slack.dms_to(INTERVIEWER_EN)[alex_before:]
    assert alex["text"].startswith(
        f"The interview “一次面接 山田様” was changed by <@{RECRUITER}>: start <!date^"
    )
    assert "|Tue, Nov 24, 2026 10:00 PM (PST)>" in alex["text"]
    # The coordinator gets the invitation with the URL.
    workspace.run_reminders()
    invitation = workspace.slack.dms_to(COORDINATOR)[-1]
    assert "あなたを面接「一次面接 山田様」に追加しました" in json.dumps(
        invitation["blocks"], ensure_ascii=False
    )
    assert join_url in json.dumps(invitation["blocks"])

    # The 1-hour reminder: nothing at the old time, three at the new one.
    workspace.clock.set(START - timedelta(minutes=60))
    assert workspace.run_reminders().sent == 0
    workspace.clock.set(NEW_START - timedelta(minutes=60))
    assert workspace.run_reminders().sent == 3

    # The audit trail: before and after.
    with workspace.services.db.transaction() as session:
        [audit] = session.scalars(select(EventAudit).where(EventAudit.action == "edited"))
        assert audit.actor_id == RECRUITER
        assert audit.details["start"] == [START.isoformat(), NEW_START.isoformat()]
        assert audit.details["participants"] == [
            [RECRUITER, INTERVIEWER_EN],
            [RECRUITER, INTERVIEWER_EN, COORDINATOR],
        ]


def test_a_meeting_deleted_in_zoom_is_replaced_and_everyone_is_told(
    workspace: LocalWorkspace, zoom_app: ZoomAppCredentials
) -> None:
    meeting_id = two_person_interview(workspace)
    old_url = workspace.zoom.meetings[meeting_id]["join_url"]
    workspace.zoom.fail_next(
        "PATCH", r"/meetings/", 404, {"code": 3001, "message": "Meeting does not exist"}
    )
    assert edit(workspace, RECRUITER, {"title": "一次面接 山田様(再)"}) == {}

    [created] = [m for m in workspace.zoom.meetings if m != meeting_id]
    new_url = workspace.zoom.meetings[created]["join_url"]
    assert new_url != old_url
    assert workspace.zoom.meetings[created]["topic"] == "一次面接 山田様(再)"
    shown = card_text(workspace)
    assert new_url in shown
    assert old_url not in shown
    [note] = thread_of(workspace)
    assert "タイトル「一次面接 山田様」→「一次面接 山田様(再)」" in note
    assert f"新しいミーティングを作成しました。新しい参加 URL: {new_url}" in note
    alex = workspace.slack.dms_to(INTERVIEWER_EN)[-1]["text"]
    assert (
        f"The Zoom meeting had been deleted in Zoom, so a new one was created. New join URL: {new_url}"
        in alex
    )


def test_zoom_failing_keeps_the_change_and_tells_the_editor_what_to_do(
    workspace: LocalWorkspace, zoom_app: ZoomAppCredentials
) -> None:
    two_person_interview(workspace)
    workspace.zoom.fail_next("PATCH", r"/meetings/", 503, times=3)
    assert edit(workspace, RECRUITER, {"duration": "90"}) == {}

    [note] = thread_of(workspace)
    assert "所要時間 60分 → 90分" in note
    assert "Zoom には以前の内容が表示されたままですが、参加 URL は変わらず使えます" in note
    sato = workspace.slack.dms_to(RECRUITER)[-1]["text"]
    assert "Zoom ミーティング(" in sato
    assert "Zoom でこのミーティングの日時・タイトルを同じ内容に変更してください" in sato
    with workspace.services.db.transaction() as session:
        assert session.scalars(select(Event)).one().duration_minutes == 90


def test_a_removed_participant_is_told_and_reminded_no_more(
    workspace: LocalWorkspace, zoom_app: ZoomAppCredentials
) -> None:
    two_person_interview(workspace)
    assert edit(workspace, RECRUITER, {"participants": [RECRUITER]}) == {}

    [note] = thread_of(workspace)
    assert f"参加者から削除 <@{INTERVIEWER_EN}>" in note
    notice = workspace.slack.dms_to(INTERVIEWER_EN)[-1]["text"]
    assert notice.startswith(f"<@{RECRUITER}> removed you from the interview “一次面接 山田様” (")
    assert "You will get no more reminders for it." in notice
    assert f"<@{INTERVIEWER_EN}>" not in card_text(workspace)
    [row] = reminders_of(workspace, INTERVIEWER_EN)
    assert (row.status, row.skip_reason) == (ReminderStatus.SKIPPED, "participant_removed")

    workspace.clock.set(START - timedelta(minutes=60))
    dms = len(workspace.slack.dms_to(INTERVIEWER_EN))
    assert workspace.run_reminders().sent == 1  # 佐藤 only
    assert len(workspace.slack.dms_to(INTERVIEWER_EN)) == dms


def test_the_later_of_two_saves_is_told_to_reopen_in_its_language(
    workspace: LocalWorkspace, zoom_app: ZoomAppCredentials
) -> None:
    workspace.add_person(ADMIN_EN, "Ada Admin", locale="en-US", is_admin=True)
    two_person_interview(workspace)
    sato = click_for_modal(workspace, RECRUITER, EDIT)
    ada = click_for_modal(workspace, ADMIN_EN, EDIT)
    sato_again = click_for_modal(workspace, RECRUITER, EDIT)

    assert submit(workspace, sato, RECRUITER, {"start_time": "15:00"}) == {}
    workspace.wait_idle()
    answer = submit(workspace, ada, ADMIN_EN, {"title": "Final interview"})
    assert answer == {"response_action": "errors", "errors": {"title": CONFLICT_EN}}
    answer = submit(workspace, sato_again, RECRUITER, {"duration": "30"})
    assert answer == {"response_action": "errors", "errors": {"title": CONFLICT_JA}}
    workspace.wait_idle()

    # Nothing is lost or overwritten: 佐藤's first save stands, once.
    assert len(workspace.zoom.calls_to("PATCH", r"/meetings/")) == 1
    with workspace.services.db.transaction() as session:
        event = session.scalars(select(Event)).one()
        assert (event.starts_at, event.title, event.duration_minutes) == (
            NEW_START,
            "一次面接 山田様",
            60,
        )
        assert event.version == 2


def test_two_saves_at_the_same_moment_one_wins(
    workspace: LocalWorkspace, zoom_app: ZoomAppCredentials
) -> None:
    workspace.add_person(ADMIN_EN, "Ada Admin", locale="en-US", is_admin=True)
    two_person_interview(workspace)
    modals = {
        RECRUITER: (click_for_modal(workspace, RECRUITER, EDIT), {"start_time": "15:00"}),
        ADMIN_EN: (click_for_modal(workspace, ADMIN_EN, EDIT), {"duration": "30"}),
    }
    answers: dict[str, Any] = {}
    go = threading.Barrier(2)

    def save(user: str) -> None:
        view, changes = modals[user]
        go.wait()
        answers[user] = submit(workspace, view, user, changes)

    threads = [threading.Thread(target=save, args=(user,)) for user in modals]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    workspace.wait_idle()

    assert sorted(json.dumps(a) for a in answers.values()) == sorted(
        [json.dumps({}), json.dumps(answers[_loser(answers)])]
    )
    loser = _loser(answers)
    expected = CONFLICT_EN if loser == ADMIN_EN else CONFLICT_JA
    assert answers[loser] == {"response_action": "errors", "errors": {"title": expected}}
    assert len(workspace.zoom.calls_to("PATCH", r"/meetings/")) == 1
    assert len(thread_of(workspace)) == 1


def _loser(answers: dict[str, Any]) -> str:
    [loser] = [user for user, answer in answers.items() if answer != {}]
    return loser


def test_others_are_refused_in_their_language_and_nothing_changes(
    workspace: LocalWorkspace, zoom_app: ZoomAppCredentials
) -> None:
    add_outsiders(workspace)
    two_person_interview(workspace)
    click(workspace, OUTSIDER_JA, EDIT)
    click(workspace, OUTSIDER_EN, EDIT)
    ephemeral_texts(workspace, OUTSIDER_EN, count=2)
    assert [e["text"] for e in workspace.slack.ephemerals(OUTSIDER_JA)] == [
        "このイベントを編集・URL再発行・キャンセルできるのは、主催者、参加している"
        "採用担当者、管理者だけです。主催者に依頼してください。"
    ]
    assert [e["text"] for e in workspace.slack.ephemerals(OUTSIDER_EN)] == [
        "Only the organizer, a recruiter taking part, or an admin can edit, reissue or "
        "cancel this event. Please ask the organizer."
    ]
    assert len(workspace.slack.calls_to("views.open")) == 1  # only the create modal

    # A forged submission of the edit modal is refused inline.
    forged = click_for_modal(workspace, RECRUITER, EDIT)
    for user, expected in (
        (OUTSIDER_JA, "このイベントを編集・URL再発行・キャンセルできるのは"),
        (OUTSIDER_EN, "Only the organizer, a recruiter taking part, or an admin"),
    ):
        answer = submit(workspace, forged, user, {"start_time": "16:00"})
        assert answer["errors"]["title"].startswith(expected)
    workspace.wait_idle()
    assert workspace.zoom.calls_to("PATCH", r"/meetings/") == []
    assert thread_of(workspace) == []


def test_bad_input_and_no_change_are_answered_in_the_editors_language(
    workspace: LocalWorkspace, zoom_app: ZoomAppCredentials
) -> None:
    workspace.add_person(ADMIN_EN, "Ada Admin", locale="en-US", is_admin=True)
    two_person_interview(workspace)
    answer = edit(workspace, RECRUITER, {"duration": "1"})
    assert answer["errors"] == {"duration": _text("error.duration_range", "ja")}
    answer = edit(workspace, ADMIN_EN, {"duration": "1"})
    assert answer["errors"] == {"duration": _text("error.duration_range", "en")}

    assert edit(workspace, RECRUITER, {}) == {}
    assert edit(workspace, ADMIN_EN, {}) == {}
    workspace.slack.wait_for("chat.postEphemeral", count=2)  # posted after the answer
    ja, en = (workspace.slack.ephemerals(user)[-1]["text"] for user in (RECRUITER, ADMIN_EN))
    assert ja == "変更点がなかったため、イベントはそのままです。"
    assert en == "Nothing was changed, so the event stays as it was."
    assert workspace.zoom.calls_to("PATCH", r"/meetings/") == []


def _text(key: str, locale: Locale) -> str:
    return MESSAGES[key][locale]
