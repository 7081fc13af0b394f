"""「キャンセル」: the meeting is deleted, no reminder goes out afterwards, the card says it is
cancelled and everyone is told; refusals for those who may not; cancelling twice is harmless;
a cancel racing a reminder being posted."""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import Any

from sqlalchemy import event as sa_event
from sqlalchemy import select

from standins.harness import LocalWorkspace, ZoomAppCredentials
from storage.models import EventAudit, Reminder, ReminderStatus
from tests.scenarios.conftest import INTERVIEWER_EN, RECRUITER
from tests.scenarios.event_changes import (
    OUTSIDER_EN,
    OUTSIDER_JA,
    add_outsiders,
    card_text,
    click,
    click_for_modal,
    ephemeral_texts,
    event_id_of,
    submit,
    thread_of,
)
from tests.scenarios.test_create_event import START, create_interview
from tests.storage.lock_waits import wait_for_posts_waiter

CANCEL = "event_cancel"


def cancel(ws: LocalWorkspace, user: str = RECRUITER, reason: str | None = None) -> Any:
    modal = click_for_modal(ws, user, CANCEL)
    answer = submit(ws, modal, user, {"cancel_reason": reason})
    ws.wait_idle()
    return answer


def reminders(ws: LocalWorkspace) -> list[Reminder]:
    with ws.services.db.transaction() as session:
        return list(session.scalars(select(Reminder).order_by(Reminder.id)))


def test_recruiter_cancels_and_everyone_hears_no_reminder_follows(
    workspace: LocalWorkspace, zoom_app: ZoomAppCredentials
) -> None:
    create_interview(workspace, reminders=["before:60"], custom_reminders="")
    workspace.run_reminders()  # the invitations
    [meeting_id] = workspace.zoom.meetings
    dms_before = {user: len(workspace.slack.dms_to(user)) for user in (RECRUITER, INTERVIEWER_EN)}

    modal = click_for_modal(workspace, RECRUITER, CANCEL)
    assert modal["title"]["text"] == "イベントをキャンセル"
    assert "面接「一次面接 山田様」" in modal["blocks"][0]["text"]["text"]
    assert submit(workspace, modal, RECRUITER, {"cancel_reason": "候補者が辞退"}) == {}
    workspace.wait_idle()

    # The meeting is gone from Zoom.
    assert workspace.zoom.calls_to("DELETE", rf"/meetings/{meeting_id}$")
    assert workspace.zoom.meetings == {}
    # The card says so, with who and why, and offers no join link.
    shown = card_text(workspace)
    assert "【キャンセル】" in shown
    assert f"<@{RECRUITER}> がキャンセルしました。理由: 候補者が辞退" in shown
    assert "open_join_url" not in shown
    [note] = thread_of(workspace)
    assert f"<@{RECRUITER}> がキャンセルしました" in note
    assert "未送信のリマインダー 3 件を止めました" in note  # 1 h before, for three people
    # Each participant hears it in their language.
    alex = workspace.slack.dms_to(INTERVIEWER_EN)[dms_before[INTERVIEWER_EN] :]
    assert [dm["text"] for dm in alex] == [
        f"The interview “一次面接 山田様” (<!date^{int(START.timestamp())}^"
        "{date_long_pretty} {time}|Tue, Nov 24, 2026 9:00 PM (PST)>) was cancelled by "
        f"<@{RECRUITER}>.\nReason: 候補者が辞退"
    ]
    [sato] = workspace.slack.dms_to(RECRUITER)[dms_before[RECRUITER] :]
    assert "面接「一次面接 山田様」" in sato["text"]
    assert "キャンセルされました" in sato["text"]

    # Nothing goes out afterwards: the reminders were stopped, with the reason.
    workspace.clock.set(START - timedelta(minutes=60))
    workspace.run_reminders()
    assert {r.status for r in reminders(workspace) if r.kind == "reminder"} == {
        ReminderStatus.SKIPPED
    }
    assert {r.skip_reason for r in reminders(workspace) if r.kind == "reminder"} == {
        "event_cancelled"
    }
    assert len(workspace.slack.dms_to(INTERVIEWER_EN)) == dms_before[INTERVIEWER_EN] + 1

    # The audit trail has it.
    with workspace.services.db.transaction() as session:
        [audit] = session.scalars(select(EventAudit).where(EventAudit.action == "cancelled"))
        assert audit.actor_id == RECRUITER
        assert audit.details["reason"] == "候補者が辞退"


def test_cancelling_twice_is_harmless(
    workspace: LocalWorkspace, zoom_app: ZoomAppCredentials
) -> None:
    create_interview(workspace)
    first = click_for_modal(workspace, RECRUITER, CANCEL)
    second = click_for_modal(workspace, RECRUITER, CANCEL)  # a second window, still open
    assert submit(workspace, first, RECRUITER, {}) == {}
    workspace.wait_idle()

    answer = submit(workspace, second, RECRUITER, {})
    assert answer["response_action"] == "errors"
    assert answer["errors"]["cancel_reason"] == (
        "このイベントはすでにキャンセルされているため、変更できません。"
    )
    click(workspace, INTERVIEWER_EN, CANCEL)  # the button of a card not yet redrawn
    assert ephemeral_texts(workspace, INTERVIEWER_EN) == [
        "This event has already been cancelled, so it can no longer be changed."
    ]
    workspace.wait_idle()
    assert len(workspace.zoom.calls_to("DELETE", r"/meetings/")) == 1
    assert len(thread_of(workspace)) == 1


def test_a_meeting_already_gone_from_zoom_counts_as_deleted(
    workspace: LocalWorkspace, zoom_app: ZoomAppCredentials
) -> None:
    create_interview(workspace)
    workspace.zoom.fail_next("DELETE", r"/meetings/", 404, {"code": 3001, "message": "gone"})
    cancel(workspace, reason=None)
    [note] = thread_of(workspace)
    assert "Zoom ミーティングを削除し" in note
    assert "削除できませんでした" not in note


def test_zoom_refusing_the_delete_still_cancels_and_says_what_to_do(
    workspace: LocalWorkspace, zoom_app: ZoomAppCredentials
) -> None:
    create_interview(workspace)
    workspace.zoom.fail_next("DELETE", r"/meetings/", 503, times=3)
    cancel(workspace)
    [note] = thread_of(workspace)
    assert "Zoom ミーティング(" in note
    assert "削除できませんでした。Zoom で削除してください" in note
    assert "【キャンセル】" in card_text(workspace)


def test_others_are_refused_in_their_language_and_nothing_changes(
    workspace: LocalWorkspace, zoom_app: ZoomAppCredentials
) -> None:
    add_outsiders(workspace)
    create_interview(workspace)
    click(workspace, OUTSIDER_JA, CANCEL)
    click(workspace, OUTSIDER_EN, CANCEL)
    workspace.slack.wait_for("chat.postEphemeral", count=2)
    assert [e["text"] for e in workspace.slack.ephemerals(OUTSIDER_JA)] == [
        "このイベントを編集・URL再発行・キャンセルできるのは、主催者、参加している"
        "採用担当者、管理者だけです。主催者に依頼してください。"
    ]
    assert [e["text"] for e in workspace.slack.ephemerals(OUTSIDER_EN)] == [
        "Only the organizer, a recruiter taking part, or an admin can edit, reissue or "
        "cancel this event. Please ask the organizer."
    ]
    assert workspace.slack.calls_to("views.open")[-1:] != []  # only the create modal
    assert len(workspace.slack.calls_to("views.open")) == 1

    # A forged submission of the confirmation is refused inline.
    forged = click_for_modal(workspace, RECRUITER, CANCEL)
    for user, expected in (
        (OUTSIDER_JA, "このイベントを編集・URL再発行・キャンセルできるのは"),
        (OUTSIDER_EN, "Only the organizer, a recruiter taking part, or an admin"),
    ):
        answer = submit(workspace, forged, user, {})
        assert answer["errors"]["cancel_reason"].startswith(expected)
    workspace.wait_idle()
    assert workspace.zoom.calls_to("DELETE", r"/meetings/") == []
    assert "【キャンセル】" not in card_text(workspace)


def test_an_admin_may_cancel_someone_elses_event(
    workspace: LocalWorkspace, zoom_app: ZoomAppCredentials
) -> None:
    workspace.add_person("U7ADMIN", "管理 太郎", is_admin=True)
    create_interview(workspace)
    cancel(workspace, user="U7ADMIN")
    assert "<@U7ADMIN> がキャンセルしました。" in card_text(workspace)


def test_a_cancel_while_a_reminder_is_being_posted(
    workspace: LocalWorkspace, zoom_app: ZoomAppCredentials
) -> None:
    """A post that started before the cancel committed may land; none starts after."""
    create_interview(workspace, reminders=["before:60"], custom_reminders="")
    workspace.run_reminders()  # the invitations
    event_id = event_id_of(workspace)
    workspace.clock.set(START - timedelta(minutes=60))
    cancel_waits = threading.Event()

    def watch(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        text = " ".join(statement.split())
        if (
            "UPDATE events SET version" in text
            or ("FROM events" in text and "FOR UPDATE" in text)
            or "pg_advisory_xact_lock(" in text  # the lock on the event's posts
        ):
            cancel_waits.set()

    start = len(workspace.slack.calls)
    engine = workspace.services.db.engine
    sa_event.listen(engine, "before_cursor_execute", watch)
    gate = workspace.slack.hold("chat.postMessage")
    dispatcher = threading.Thread(target=workspace.run_reminders)
    try:
        dispatcher.start()
        gate.wait_held()  # the first reminder is on its way to Slack
        modal = click_for_modal(workspace, RECRUITER, CANCEL)
        assert submit(workspace, modal, RECRUITER, {}) == {}
        if engine.dialect.name == "postgresql":
            assert cancel_waits.wait(10)  # the cancel is at the event's lock
        assert wait_for_posts_waiter(engine, event_id), "the cancel did not wait for the post"
    finally:
        gate.release()
        dispatcher.join(30)
        sa_event.remove(engine, "before_cursor_execute", watch)
    workspace.wait_idle()

    # The held post landed; every reminder posted was answered before the cancel changed
    # anything (its card update comes after them all); the rest were skipped.
    calls = workspace.slack.calls[start:]
    card_update = next(i for i, c in enumerate(calls) if c.method == "chat.update")
    posted = [
        i
        for i, c in enumerate(calls)
        if c.method == "chat.postMessage"
        and ((c.args.get("metadata") or {}).get("event_type") == "recruitbot_reminder")
    ]
    assert posted, "the post under way when the cancel came landed"
    assert max(posted) < card_update
    rows = [r for r in reminders(workspace) if r.event_id == event_id and r.kind == "reminder"]
    assert {r.status for r in rows} <= {ReminderStatus.SENT, ReminderStatus.SKIPPED}
    assert len([r for r in rows if r.status == ReminderStatus.SENT]) == len(posted)
    assert {r.skip_reason for r in rows if r.status == ReminderStatus.SKIPPED} <= {
        "event_cancelled"
    }
    # Nothing more, ever.
    workspace.advance(minutes=30)
    report = workspace.run_reminders()
    assert report.sent == 0
