"""A 説明会 taking sign-ups: students join from the card and get the URL by DM in their own
language, the card counts them against the capacity, a full event says so, and someone who
leaves gets no more reminders."""

from __future__ import annotations

import json
import threading
from datetime import timedelta
from typing import Any

import pytest

from standins.harness import LocalWorkspace, fill_modal
from storage.models import (
    AuditAction,
    Event,
    EventAudit,
    EventParticipant,
    EventStatus,
    ParticipantSource,
    Reminder,
)
from tests.scenarios.conftest import CHANNEL, INTERVIEWER_EN, RECRUITER
from tests.scenarios.test_create_event import START, create_interview, open_modal

pytestmark = pytest.mark.usefixtures("zoom_app")

STUDENT_JA = "U3STUDENT"  # 学生 (ja-JP, Tokyo)
STUDENT_EN = "U4STUDENT"  # student in London
STUDENT_LATE = "U5STUDENT"  # 学生 (ja-JP, Osaka time = Tokyo)

SESSION: dict[str, Any] = {
    "kind": "info_session",
    "title": "会社説明会 11月",
    "participants": [RECRUITER],
    "reminders": ["before:60"],
    "custom_reminders": "",
    "signups": ["open", "url_on_signup"],
    "signup_capacity": "2",
}


@pytest.fixture(autouse=True)
def students(workspace: LocalWorkspace) -> None:
    workspace.add_person(STUDENT_JA, "田中 学生")
    workspace.add_person(STUDENT_EN, "Sam Student", locale="en-GB", tz="Europe/London")
    workspace.add_person(STUDENT_LATE, "高橋 学生")


def card_of(ws: LocalWorkspace) -> dict[str, Any]:
    [card] = ws.slack.messages(CHANNEL)
    return card


def card_text(ws: LocalWorkspace) -> str:
    return json.dumps(card_of(ws)["blocks"], ensure_ascii=False)


def buttons(ws: LocalWorkspace) -> list[str]:
    blocks = card_of(ws)["blocks"]
    signup = next((b for b in blocks if b.get("block_id") == "event_signup_actions"), None)
    return [e["action_id"] for e in signup["elements"]] if signup else []


def event_id_of(ws: LocalWorkspace) -> str:
    with ws.services.db.transaction() as session:
        [event] = session.query(Event).all()
        return str(event.id)


def click(ws: LocalWorkspace, user: str, action_id: str, value: str | None = None) -> str:
    """`user` presses a sign-up button on the card; returns what the bot told them alone."""
    card = card_of(ws)
    before = len(ws.slack.calls_to("chat.postEphemeral"))
    response = ws.block_action(
        user,
        action_id,
        value=value or event_id_of(ws),
        container={"type": "message", "channel_id": CHANNEL, "message_ts": card["ts"]},
    )
    assert response.status_code == 200
    ws.slack.wait_for("chat.postEphemeral", count=before + 1)
    told = ws.slack.ephemerals(user)[-1]
    assert told["channel"] == CHANNEL
    return str(told["text"])


def reminders_of(ws: LocalWorkspace, user: str) -> list[tuple[str, str, str | None]]:
    with ws.services.db.transaction() as session:
        rows = session.query(Reminder).filter(Reminder.recipient_id == user).all()
        return sorted((r.kind, r.status, r.skip_reason) for r in rows)


def dm_text(ws: LocalWorkspace, user: str) -> str:
    return json.dumps(ws.slack.dms_to(user), ensure_ascii=False)


def test_students_sign_up_until_full_and_one_leaves(workspace: LocalWorkspace) -> None:
    create_interview(workspace, **SESSION)
    workspace.run_reminders()  # 佐藤's own invitation
    meeting = next(iter(workspace.zoom.meetings.values()))
    assert "*参加申し込み* 0 / 2 名" in card_text(workspace)
    assert buttons(workspace) == ["event_join", "event_leave"]

    # 田中 (Japanese) and Sam (English, London) join from the card.
    told = click(workspace, STUDENT_JA, "event_join")
    assert told == (
        ":white_check_mark: 説明会「会社説明会 11月」に参加申し込みしました。"
        "ミーティング URL を DM でお送りします。"
    )
    told = click(workspace, STUDENT_EN, "event_join")
    assert told == (
        ":white_check_mark: You're signed up for the info session “会社説明会 11月”. "
        "The meeting URL is on its way by DM."
    )

    # Each gets the URL at once, in their language and zone, like an invitation.
    assert workspace.run_reminders().sent == 2
    ja_dm, en_dm = workspace.slack.dms_to(STUDENT_JA)[-1], workspace.slack.dms_to(STUDENT_EN)[-1]
    assert "説明会「会社説明会 11月」への参加申し込みを受け付けました" in json.dumps(
        ja_dm["blocks"], ensure_ascii=False
    )
    assert f"<@{RECRUITER}>" in json.dumps(ja_dm["blocks"])
    assert "You're signed up for the info session" in json.dumps(en_dm["blocks"])
    assert meeting["join_url"] in ja_dm["text"]
    assert meeting["join_url"] in en_dm["text"]
    assert "Wed, Nov 25, 2026 5:00 AM (GMT)" in en_dm["text"]  # 14:00 JST in London

    # The card: 2/2, full, no Join button; it names the invited, not the sign-ups.
    text = card_text(workspace)
    assert "*参加申し込み* 2 / 2 名 (満員)" in text
    assert buttons(workspace) == ["event_leave"]
    assert f"<@{STUDENT_JA}>" not in text
    assert "Zoom 参加 URL" in text  # the URL's label, not the Join button's

    # 高橋 clicks Join on a card drawn before it filled up: told it is full.
    assert click(workspace, STUDENT_LATE, "event_join") == (
        ":no_entry: 説明会「会社説明会 11月」は満員(定員 2 名)のため、申し込めませんでした。"
    )
    assert reminders_of(workspace, STUDENT_LATE) == []

    # Sam leaves: told so, their pending reminder skipped with the reason, the card 1/2 again.
    assert click(workspace, STUDENT_EN, "event_leave") == (
        "You left the info session “会社説明会 11月”. You won't get its reminders."
    )
    assert reminders_of(workspace, STUDENT_EN) == [
        ("invitation", "sent", None),
        ("reminder", "skipped", "participant_left"),
    ]
    assert "*参加申し込み* 1 / 2 名" in card_text(workspace)
    assert "満員" not in card_text(workspace)
    assert buttons(workspace) == ["event_join", "event_leave"]

    # One hour before: 佐藤 and 田中 are reminded, Sam is not.
    workspace.clock.set(START - timedelta(hours=1))
    assert workspace.run_reminders().sent == 2
    assert len(workspace.slack.dms_to(STUDENT_JA)) == 2
    assert len(workspace.slack.dms_to(STUDENT_EN)) == 1

    # Every sign-up and the leave are in the audit trail.
    with workspace.services.db.transaction() as session:
        rows = session.query(EventAudit).order_by(EventAudit.id).all()
        trail = [
            (r.action, r.actor_id, r.details.get("signed_up"))
            for r in rows
            if r.action in (AuditAction.SIGNED_UP, AuditAction.LEFT)
        ]
    assert trail == [
        ("signed_up", STUDENT_JA, 1),
        ("signed_up", STUDENT_EN, 2),
        ("left", STUDENT_EN, 1),
    ]
    response = workspace.slash_command(RECRUITER, f"audit {event_id_of(workspace)}")
    shown = json.dumps(response.json(), ensure_ascii=False)
    assert f"<@{STUDENT_JA}> · 参加申し込み" in shown
    assert f"<@{STUDENT_EN}> · 参加取り消し" in shown
    assert "申し込み数: 2" in shown


def test_two_students_click_the_last_seat_at_once(workspace: LocalWorkspace) -> None:
    create_interview(workspace, **{**SESSION, "signup_capacity": "1"})
    card = card_of(workspace)
    event_id = event_id_of(workspace)
    container = {"type": "message", "channel_id": CHANNEL, "message_ts": card["ts"]}
    start = threading.Barrier(2)

    def join(user: str) -> None:
        start.wait(10)
        workspace.block_action(user, "event_join", value=event_id, container=container)

    threads = [threading.Thread(target=join, args=(u,)) for u in (STUDENT_JA, STUDENT_LATE)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    workspace.slack.wait_for("chat.postEphemeral", count=2)

    told = [workspace.slack.ephemerals(u)[-1]["text"] for u in (STUDENT_JA, STUDENT_LATE)]
    assert sorted("満員" in text for text in told) == [False, True]
    with workspace.services.db.transaction() as session:
        signed_up = (
            session.query(EventParticipant)
            .filter(EventParticipant.source == ParticipantSource.SIGNED_UP)
            .count()
        )
    assert signed_up == 1
    assert "*参加申し込み* 1 / 1 名 (満員)" in card_text(workspace)


def test_without_the_url_on_sign_up_no_dm_at_once_but_reminders_come(
    workspace: LocalWorkspace,
) -> None:
    create_interview(workspace, **{**SESSION, "signups": ["open"], "signup_capacity": None})
    workspace.run_reminders()
    assert "*参加申し込み* 0 名" in card_text(workspace)

    assert click(workspace, STUDENT_EN, "event_join") == (
        ":white_check_mark: You're signed up for the info session “会社説明会 11月”."
    )
    assert workspace.run_reminders().sent == 0
    assert workspace.slack.dms_to(STUDENT_EN) == []
    assert reminders_of(workspace, STUDENT_EN) == [("reminder", "pending", None)]

    workspace.clock.set(START - timedelta(hours=1))
    workspace.run_reminders()
    [reminder] = workspace.slack.dms_to(STUDENT_EN)
    assert "1 h before" in json.dumps(reminder["blocks"])


def test_leaving_and_coming_back_plans_the_reminders_again(workspace: LocalWorkspace) -> None:
    create_interview(workspace, **SESSION)
    click(workspace, STUDENT_JA, "event_join")
    workspace.run_reminders()
    click(workspace, STUDENT_JA, "event_leave")
    assert "参加申し込みしました" in click(workspace, STUDENT_JA, "event_join")
    # The invitation went out the first time and is not sent twice.
    assert reminders_of(workspace, STUDENT_JA) == [
        ("invitation", "sent", None),
        ("reminder", "pending", None),
    ]


# ---- refusals, each in both languages


def test_refusals_to_someone_already_in(workspace: LocalWorkspace) -> None:
    create_interview(workspace, **{**SESSION, "participants": [RECRUITER, INTERVIEWER_EN]})
    click(workspace, STUDENT_JA, "event_join")
    click(workspace, STUDENT_EN, "event_join")

    assert click(workspace, STUDENT_JA, "event_join") == (
        "説明会「会社説明会 11月」にはすでに参加申し込み済みです。"
    )
    assert click(workspace, STUDENT_EN, "event_join") == (
        "You're already signed up for the info session “会社説明会 11月”."
    )
    assert click(workspace, RECRUITER, "event_join") == (
        "あなたは説明会「会社説明会 11月」の参加者として招待済みです。申し込みは不要です。"
    )
    assert click(workspace, INTERVIEWER_EN, "event_join") == (
        "You're already invited to the info session “会社説明会 11月”; no need to sign up."
    )
    assert click(workspace, RECRUITER, "event_leave") == (
        f"あなたは<@{RECRUITER}> さんから説明会「会社説明会 11月」に招待されています。"
        f"参加をやめる場合は <@{RECRUITER}> さんにご連絡ください。"
    )
    assert click(workspace, INTERVIEWER_EN, "event_leave") == (
        f"<@{RECRUITER}> invited you to the info session “会社説明会 11月”. "
        f"To drop out, please ask <@{RECRUITER}>."
    )
    # Invited participants stay; nothing was skipped for them.
    assert ("reminder", "pending", None) in reminders_of(workspace, INTERVIEWER_EN)


def test_refusals_to_someone_not_in(workspace: LocalWorkspace) -> None:
    create_interview(workspace, **SESSION)
    assert click(workspace, STUDENT_JA, "event_leave") == (
        "説明会「会社説明会 11月」には参加申し込みしていません。"
    )
    assert click(workspace, STUDENT_EN, "event_leave") == (
        "You're not signed up for the info session “会社説明会 11月”."
    )
    assert click(workspace, STUDENT_JA, "event_join", value="99999") == (
        ":warning: このイベントは見つかりませんでした。"
    )
    assert click(workspace, STUDENT_EN, "event_join", value="99999") == (
        ":warning: This event could not be found."
    )


def test_an_event_not_taking_sign_ups(workspace: LocalWorkspace) -> None:
    create_interview(workspace, **{**SESSION, "signups": ["url_on_signup"]})
    assert buttons(workspace) == []  # no Join on the card: only a forged click gets here
    assert click(workspace, STUDENT_JA, "event_join") == (
        ":no_entry: 説明会「会社説明会 11月」は参加申し込みを受け付けていません。"
    )
    assert click(workspace, STUDENT_EN, "event_join") == (
        ":no_entry: The info session “会社説明会 11月” is not taking sign-ups."
    )


def test_an_event_that_has_started(workspace: LocalWorkspace) -> None:
    create_interview(workspace, **SESSION)
    click(workspace, STUDENT_EN, "event_join")
    workspace.clock.set(START + timedelta(minutes=1))
    assert click(workspace, STUDENT_JA, "event_join") == (
        ":no_entry: 説明会「会社説明会 11月」はすでに開始しているため、申し込めません。"
    )
    assert click(workspace, STUDENT_EN, "event_join") == (
        ":no_entry: The info session “会社説明会 11月” has already started; you can't sign up."
    )
    assert click(workspace, STUDENT_EN, "event_leave") == (
        ":no_entry: The info session “会社説明会 11月” has already started; you can't leave it now."
    )
    click(workspace, STUDENT_JA, "event_leave")
    assert workspace.slack.ephemerals(STUDENT_JA)[-1]["text"] == (
        ":no_entry: 説明会「会社説明会 11月」はすでに開始しているため、取り消せません。"
    )


def test_a_cancelled_event(workspace: LocalWorkspace) -> None:
    create_interview(workspace, **SESSION)
    click(workspace, STUDENT_EN, "event_join")
    with workspace.services.db.transaction() as session:
        [event] = session.query(Event).all()
        event.status = EventStatus.CANCELLED
    assert click(workspace, STUDENT_JA, "event_join") == (
        ":no_entry: 説明会「会社説明会 11月」はキャンセルされたため、申し込めません。"
    )
    assert click(workspace, STUDENT_EN, "event_join") == (
        ":no_entry: The info session “会社説明会 11月” was cancelled; you can't sign up."
    )
    assert click(workspace, STUDENT_EN, "event_leave") == (
        "The info session “会社説明会 11月” was cancelled; there is nothing to leave."
    )
    assert click(workspace, STUDENT_JA, "event_leave") == (
        "説明会「会社説明会 11月」はキャンセルされました。取り消しの必要はありません。"
    )


def test_an_ephemeral_slack_refuses_comes_by_dm(workspace: LocalWorkspace) -> None:
    create_interview(workspace, **SESSION)
    workspace.slack.fail_next("chat.postEphemeral", "user_not_in_channel")
    before = len(workspace.slack.calls_to("chat.postMessage"))
    workspace.block_action(STUDENT_EN, "event_join", value=event_id_of(workspace))
    workspace.slack.wait_for("chat.postMessage", count=before + 1)
    texts = [m["text"] for m in workspace.slack.dms_to(STUDENT_EN)]
    assert any("You're signed up for the info session" in text for text in texts)


# ---- the modal's sign-up fields


@pytest.mark.parametrize("capacity", ["0", "10001", "2.5"])
def test_a_capacity_out_of_range_is_an_inline_error_in_both_languages(
    workspace: LocalWorkspace, capacity: str
) -> None:
    expected = {
        RECRUITER: "定員は 1〜10000 の整数で入力してください(空欄なら上限なし)。",
        INTERVIEWER_EN: "Enter a capacity from 1 to 10000, or leave it empty for no limit.",
    }
    for user, text in expected.items():
        view = fill_modal(open_modal(workspace, user), {**SESSION, "signup_capacity": capacity})
        response = workspace.submit_view(view, user)
        assert response.json() == {"response_action": "errors", "errors": {"signup_capacity": text}}
    with workspace.services.db.transaction() as session:
        assert session.query(Event).count() == 0


def test_the_modal_offers_sign_ups_with_the_url_ticked(workspace: LocalWorkspace) -> None:
    en = json.dumps(open_modal(workspace, INTERVIEWER_EN)["blocks"])
    ja = open_modal(workspace, RECRUITER)
    signups = next(b for b in ja["blocks"] if b["block_id"] == "signups")
    labels = [o["text"]["text"] for o in signups["element"]["options"]]
    assert labels == ["参加申し込みを受け付ける", "参加申し込み時にミーティングURLを通知する"]
    assert [o["value"] for o in signups["element"]["initial_options"]] == ["url_on_signup"]
    assert "Take sign-ups" in en
    assert "Send the meeting URL on sign-up" in en
    create_interview(workspace, **{**SESSION, "signup_capacity": "120"})
    with workspace.services.db.transaction() as session:
        [event] = session.query(Event).all()
        assert (event.signups_open, event.capacity, event.url_on_signup) == (True, 120, True)
