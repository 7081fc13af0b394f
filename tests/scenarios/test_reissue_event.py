"""「URL再発行」: the meeting moves to another Zoom account — the card, the thread, each
participant's DM and the reminders still queued all carry the new URL; the old meeting is
deleted or kept as chosen; a busy account is an inline error; Zoom failing changes nothing
and the person who asked hears why; refusals for those who may not, for a cancelled event
and for one that has started."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from sqlalchemy import select

from standins.harness import LocalWorkspace, ZoomAppCredentials
from storage.models import Event, EventAudit
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
from tests.scenarios.test_account_choice import account_id, link
from tests.scenarios.test_cancel_event import cancel
from tests.scenarios.test_create_event import START, create_interview

REISSUE = "event_reissue"
ACCOUNT = "reissue_account"
DELETE_OLD = "reissue_delete_old"


def interview_then_second_account(ws: LocalWorkspace) -> tuple[str, ZoomAppCredentials]:
    """An interview on 採用担当A (the only account then), then 採用担当B is linked.
    Returns the old meeting's id and B's Zoom user."""
    create_interview(ws, reminders=["before:60"], custom_reminders="")
    ws.run_reminders()  # the invitations
    [old_id] = ws.zoom.meetings
    return str(old_id), link(ws, "採用担当B")


def options(view: dict[str, Any]) -> list[str]:
    [block] = [b for b in view["blocks"] if b.get("block_id") == ACCOUNT]
    return [o["text"]["text"] for o in block["element"]["options"]]


def reissue(ws: LocalWorkspace, user: str, answers: dict[str, Any]) -> Any:
    modal = click_for_modal(ws, user, REISSUE)
    answer = submit(ws, modal, user, answers)
    ws.wait_idle()
    return answer


def event_row(ws: LocalWorkspace) -> Event:
    with ws.services.db.transaction() as session:
        return session.scalars(select(Event)).one()


def test_recruiter_moves_the_meeting_to_another_account_and_everyone_gets_the_new_url(
    workspace: LocalWorkspace, zoom_app: ZoomAppCredentials
) -> None:
    old_id, account_b = interview_then_second_account(workspace)
    old_url = workspace.zoom.meetings[int(old_id)]["join_url"]
    dms_before = {
        u: len(workspace.slack.dms_to(u)) for u in (RECRUITER, INTERVIEWER_EN, COORDINATOR)
    }

    # 佐藤 clicks 「URL再発行」: the other account with its state, and 「自動」; A is not offered.
    modal = click_for_modal(workspace, RECRUITER, REISSUE)
    assert modal["title"]["text"] == "URL再発行"
    summary = modal["blocks"][0]["text"]["text"]
    assert "面接「一次面接 山田様」" in summary
    assert "現在のアカウント: 採用担当A" in summary
    assert options(modal) == ["自動", "採用担当B — 空き"]
    assert "古いミーティングを削除する" in json.dumps(modal, ensure_ascii=False)
    b_id = account_id(workspace, "採用担当B")
    assert submit(workspace, modal, RECRUITER, {ACCOUNT: b_id}) == {}  # delete stays ticked
    workspace.wait_idle()

    # Zoom: one create on B, one delete of the old meeting on A.
    creates = workspace.zoom.calls_to("POST", r"/users/[^/]+/meetings$")
    assert [c.path for c in creates][-1] == f"/v2/users/{account_b.user_id}/meetings"
    assert len(creates) == 2  # the interview's own, then the reissue
    assert len(workspace.zoom.calls_to("DELETE", rf"/meetings/{old_id}$")) == 1
    [(new_id, new_meeting)] = workspace.zoom.meetings.items()
    new_url = new_meeting["join_url"]
    assert new_url != old_url

    # The card shows the new URL and account.
    shown = card_text(workspace)
    assert new_url in shown
    assert old_url not in shown
    assert "採用担当B" in shown
    # The thread says old → new and that the old meeting is gone.
    [note] = thread_of(workspace)
    assert f"<@{RECRUITER}> が URL を再発行しました: 採用担当A → 採用担当B" in note
    assert f"古いミーティング({old_id})は削除しました。" in note

    # Each participant gets the new URL in their language.
    [alex] = workspace.slack.dms_to(INTERVIEWER_EN)[dms_before[INTERVIEWER_EN] :]
    assert alex["text"].startswith("The Zoom URL of the interview “一次面接 山田様” (<!date^")
    assert f"was reissued by <@{RECRUITER}>. New URL: {new_url}" in alex["text"]
    [suzuki] = workspace.slack.dms_to(COORDINATOR)[dms_before[COORDINATOR] :]
    assert "面接「一次面接 山田様」" in suzuki["text"]
    assert (
        f"の Zoom URL が <@{RECRUITER}> により再発行されました。新しい URL: {new_url}"
        in (suzuki["text"])
    )
    assert len(workspace.slack.dms_to(RECRUITER)) == dms_before[RECRUITER] + 1

    # The event and its audit row (no passcode, no URL, no token in it).
    event = event_row(workspace)
    assert (event.meeting_id, event.join_url, event.version) == (str(new_id), new_url, 2)
    with workspace.services.db.transaction() as session:
        [audit] = session.scalars(select(EventAudit).where(EventAudit.action == "reissued"))
        assert audit.actor_id == RECRUITER
        assert audit.details == {
            "old_account": "採用担当A",
            "new_account": "採用担当B",
            "old_meeting_id": old_id,
            "new_meeting_id": str(new_id),
            "delete_old": True,
        }
        stored = json.dumps(audit.details)
        assert new_meeting["password"] not in stored
        assert "http" not in stored

    # The reminder queued before the reissue goes out with the new URL.
    workspace.clock.set(START - timedelta(minutes=60))
    assert workspace.run_reminders().sent == 3
    reminder = workspace.slack.dms_to(INTERVIEWER_EN)[-1]
    assert new_url in json.dumps(reminder)
    assert old_url not in json.dumps(reminder)


def test_the_old_meeting_can_be_kept(
    workspace: LocalWorkspace, zoom_app: ZoomAppCredentials
) -> None:
    old_id, _ = interview_then_second_account(workspace)
    assert reissue(workspace, RECRUITER, {ACCOUNT: "auto", DELETE_OLD: []}) == {}
    assert workspace.zoom.calls_to("DELETE", r"/meetings/") == []
    assert len(workspace.zoom.meetings) == 2
    [note] = thread_of(workspace)
    assert "採用担当A → 採用担当B" in note
    assert f"古いミーティング({old_id})は Zoom に残しています。" in note
    assert "採用担当B" in card_text(workspace)


def test_a_busy_account_is_an_inline_error_in_each_language(
    workspace: LocalWorkspace, zoom_app: ZoomAppCredentials
) -> None:
    _, account_b = interview_then_second_account(workspace)
    workspace.zoom.book_meeting(account_b.user_id, START, 60)
    b_id = account_id(workspace, "採用担当B")
    modal = click_for_modal(workspace, RECRUITER, REISSUE)
    assert options(modal)[1] == "採用担当B — 予定あり 14:00–15:00"
    answer = submit(workspace, modal, RECRUITER, {ACCOUNT: b_id})
    assert answer["errors"][ACCOUNT] == (
        "「採用担当B」はこの時間に予定があります(14:00–15:00)。"
        "別のアカウントか「自動」を選んでください。"
    )
    modal = click_for_modal(workspace, INTERVIEWER_EN, REISSUE)
    assert options(modal)[1] == "採用担当B — busy 9:00 PM–10:00 PM"
    answer = submit(workspace, modal, INTERVIEWER_EN, {ACCOUNT: b_id})
    assert answer["errors"][ACCOUNT] == (
        "“採用担当B” is busy at that time (9:00 PM–10:00 PM). Pick another account or Automatic."
    )
    workspace.wait_idle()
    assert len(workspace.zoom.calls_to("POST", r"/users/[^/]+/meetings$")) == 1
    assert thread_of(workspace) == []


def test_zoom_failing_on_the_new_account_changes_nothing_and_a_dm_explains(
    workspace: LocalWorkspace, zoom_app: ZoomAppCredentials
) -> None:
    old_id, account_b = interview_then_second_account(workspace)
    before = event_row(workspace)
    b_id = account_id(workspace, "採用担当B")
    for user, expected in (
        (
            RECRUITER,
            ":x: 「一次面接 山田様」の URL を再発行できませんでした: Zoom が応答しませんでした\n"
            "イベントと URL は変わっていません。少し待ってから、もう一度「URL再発行」を"
            "押してください。",
        ),
        (
            INTERVIEWER_EN,
            ":x: I couldn't reissue the URL of “一次面接 山田様”: Zoom did not answer\n"
            "The event and its URL are unchanged. Wait a moment and press “Reissue URL” again.",
        ),
    ):
        workspace.zoom.fail_next("POST", rf"/users/{account_b.user_id}/meetings$", 503, times=9)
        dms = len(workspace.slack.dms_to(user))
        assert reissue(workspace, user, {ACCOUNT: b_id}) == {}
        assert [dm["text"] for dm in workspace.slack.dms_to(user)[dms:]] == [expected]

    after = event_row(workspace)
    assert (after.meeting_id, after.join_url, after.version) == (
        old_id,
        before.join_url,
        before.version,
    )
    assert list(workspace.zoom.meetings) == [int(old_id)]
    assert workspace.zoom.calls_to("DELETE", r"/meetings/") == []
    assert thread_of(workspace) == []
    with workspace.services.db.transaction() as session:
        assert (
            session.scalars(select(EventAudit).where(EventAudit.action == "reissued")).all() == []
        )


def test_others_are_refused_in_their_language_and_nothing_changes(
    workspace: LocalWorkspace, zoom_app: ZoomAppCredentials
) -> None:
    add_outsiders(workspace)
    interview_then_second_account(workspace)
    click(workspace, OUTSIDER_JA, REISSUE)
    click(workspace, OUTSIDER_EN, REISSUE)
    workspace.slack.wait_for("chat.postEphemeral", count=2)
    assert [e["text"] for e in workspace.slack.ephemerals(OUTSIDER_JA)] == [
        "このイベントを編集・URL再発行・キャンセルできるのは、主催者、参加している"
        "採用担当者、管理者だけです。主催者に依頼してください。"
    ]
    assert [e["text"] for e in workspace.slack.ephemerals(OUTSIDER_EN)] == [
        "Only the organizer, a recruiter taking part, or an admin can edit, reissue or "
        "cancel this event. Please ask the organizer."
    ]
    # A forged submission of the modal is refused inline.
    forged = click_for_modal(workspace, RECRUITER, REISSUE)
    for user, expected in (
        (OUTSIDER_JA, "このイベントを編集・URL再発行・キャンセルできるのは"),
        (OUTSIDER_EN, "Only the organizer, a recruiter taking part, or an admin"),
    ):
        answer = submit(workspace, forged, user, {ACCOUNT: "auto"})
        assert answer["errors"][ACCOUNT].startswith(expected)
    workspace.wait_idle()
    assert len(workspace.zoom.calls_to("POST", r"/users/[^/]+/meetings$")) == 1
    assert thread_of(workspace) == []


def test_an_admin_may_reissue_someone_elses_event(
    workspace: LocalWorkspace, zoom_app: ZoomAppCredentials
) -> None:
    workspace.add_person("U7ADMIN", "管理 太郎", is_admin=True)
    interview_then_second_account(workspace)
    assert reissue(workspace, "U7ADMIN", {ACCOUNT: "auto"}) == {}
    [note] = thread_of(workspace)
    assert "<@U7ADMIN> が URL を再発行しました: 採用担当A → 採用担当B" in note


def test_a_cancelled_event_is_refused(
    workspace: LocalWorkspace, zoom_app: ZoomAppCredentials
) -> None:
    interview_then_second_account(workspace)
    stale = click_for_modal(workspace, RECRUITER, REISSUE)  # opened before the cancel
    cancel(workspace)
    click(workspace, RECRUITER, REISSUE)
    click(workspace, INTERVIEWER_EN, REISSUE)
    assert ephemeral_texts(workspace, RECRUITER, count=2) == [
        "このイベントはすでにキャンセルされているため、変更できません。"
    ]
    assert ephemeral_texts(workspace, INTERVIEWER_EN, count=2) == [
        "This event has already been cancelled, so it can no longer be changed."
    ]
    answer = submit(workspace, stale, RECRUITER, {ACCOUNT: "auto"})
    assert answer["errors"][ACCOUNT] == (
        "このイベントはすでにキャンセルされているため、変更できません。"
    )
    workspace.wait_idle()
    assert len(workspace.zoom.calls_to("POST", r"/users/[^/]+/meetings$")) == 1


def test_a_started_event_is_refused(
    workspace: LocalWorkspace, zoom_app: ZoomAppCredentials
) -> None:
    interview_then_second_account(workspace)
    stale = click_for_modal(workspace, RECRUITER, REISSUE)
    workspace.clock.set(START + timedelta(minutes=1))
    click(workspace, RECRUITER, REISSUE)
    click(workspace, INTERVIEWER_EN, REISSUE)
    assert ephemeral_texts(workspace, RECRUITER, count=2) == [
        "このイベントはすでに始まっているため、URL を再発行できません。"
    ]
    assert ephemeral_texts(workspace, INTERVIEWER_EN, count=2) == [
        "This event has already started, so its URL can no longer be reissued."
    ]
    answer = submit(workspace, stale, INTERVIEWER_EN, {ACCOUNT: "auto"})
    assert answer["errors"][ACCOUNT] == (
        "This event has already started, so its URL can no longer be reissued."
    )
    workspace.wait_idle()
    assert len(workspace.zoom.calls_to("POST", r"/users/[^/]+/meetings$")) == 1


def test_with_no_other_account_the_modal_says_so(
    workspace: LocalWorkspace, zoom_app: ZoomAppCredentials
) -> None:
    create_interview(workspace)
    modal = click_for_modal(workspace, INTERVIEWER_EN, REISSUE)
    assert options(modal) == ["Automatic"]
    answer = submit(workspace, modal, INTERVIEWER_EN, {ACCOUNT: "auto"})
    assert answer["errors"][ACCOUNT] == (
        "There is no other Zoom account to move to. Link one with `/recruit zoom` or "
        "under “Zoom accounts” in the Home tab."
    )
