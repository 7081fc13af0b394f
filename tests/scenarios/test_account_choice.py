"""Which Zoom account hosts an event: each account's state in the create modal, inline errors
for one that cannot host, 「自動」's order, failover when Zoom refuses or does not answer,
two recruiters submitting at once, and the meeting defaults an admin set per account."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import httpx
import pytest

from bot.clock import ManualClock
from standins.harness import LocalWorkspace, ZoomAppCredentials, fill_modal
from standins.modal_actions import change_input
from storage.models import Event, EventStatus, ZoomAccount
from storage.repositories.zoom_usage import ZoomUsageRepository
from tests.scenarios.conftest import CHANNEL, COORDINATOR, INTERVIEWER_EN, RECRUITER
from tests.scenarios.test_create_event import INTERVIEW, START, open_modal

MEETINGS = r"/users/[^/]+/meetings$"
TODAY = "2026-11-23"  # the clock's UTC day


# ---- the workspace's accounts, as an admin set them up


def link(ws: LocalWorkspace, name: str, **settings: object) -> ZoomAppCredentials:
    """Link a Zoom user as `name`; `settings` are the admin's (priority, owner, defaults…)."""
    creds = ws.add_zoom_app(f"{name.lower()}@example.com")
    ws.link_zoom(name, creds)
    if settings:
        with ws.services.db.transaction() as session:
            account = session.query(ZoomAccount).filter_by(display_name=name).one()
            for column, value in settings.items():
                setattr(account, column, value)
    return creds


def account_id(ws: LocalWorkspace, name: str) -> str:
    with ws.services.db.transaction() as session:
        return str(session.query(ZoomAccount).filter_by(display_name=name).one().id)


def used_today(ws: LocalWorkspace, creds: ZoomAppCredentials, count: int) -> None:
    """The bot has already created or updated `count` meetings on this Zoom user today."""
    with ws.services.db.transaction() as session:
        ZoomUsageRepository(session).add(creds.user_id, TODAY, count)


# ---- what people do


def modal_for(ws: LocalWorkspace, user: str, answers: dict[str, Any]) -> dict[str, Any]:
    """`user` opens /recruit and sets the date and time: the account options are refreshed
    for that slot. Returns the modal as updated."""
    open_modal(ws, user)
    stored = ws.slack.opened_views()[-1]
    before = len(ws.slack.calls_to("views.update"))
    assert change_input(ws, stored, user, answers, "start_time").status_code == 200
    call = ws.slack.wait_for("views.update", count=before + 1)[-1]
    assert call.ok, call.error
    assert (call.args["view_id"], call.args["hash"]) == (stored["id"], stored["hash"])
    return dict(call.args["view"]) | {"id": stored["id"]}


def options(view: dict[str, Any]) -> list[str]:
    [block] = [b for b in view["blocks"] if b.get("block_id") == "zoom_account"]
    return [o["text"]["text"] for o in block["element"]["options"]]


def submit(ws: LocalWorkspace, user: str, view: dict[str, Any], **answers: Any) -> dict[str, str]:
    response = ws.submit_view(fill_modal(view, {**INTERVIEW, **answers}), user)
    assert response.status_code == 200
    body = response.json() if response.content else {}
    return dict(body.get("errors", {}))


def create(ws: LocalWorkspace, **answers: Any) -> None:
    assert submit(ws, RECRUITER, open_modal(ws), **answers) == {}
    ws.wait_idle()


def created_on(ws: LocalWorkspace) -> list[str]:
    """The Zoom users meetings were created on, in order."""
    return [c.path.split("/")[3] for c in ws.zoom.calls_to("POST", MEETINGS) if c.status == 201]


def thread_notes(ws: LocalWorkspace) -> list[str]:
    return [str(m["text"]) for m in ws.slack.messages(CHANNEL) if m.get("thread_ts")]


def stored_event(ws: LocalWorkspace) -> Event:
    with ws.services.db.transaction() as session:
        return session.query(Event).order_by(Event.id.desc()).first()  # type: ignore[return-value]


# ---- each account's state in the modal


def test_each_account_shows_its_state_for_the_chosen_time(workspace: LocalWorkspace) -> None:
    ws = workspace
    a = link(ws, "採用A")
    link(ws, "採用B")
    c = link(ws, "採用C", max_concurrent=2)  # a Business licence: two meetings at once
    d = link(ws, "採用D")
    e = link(ws, "採用E")
    link(ws, "採用F", status="needs_reconnect")
    link(ws, "採用G")
    # 採用A has a meeting in Zoom at 14:00–15:00 on 11/25 (not made by the bot);
    # 採用B hosts one of our interviews 14:30–15:30; 採用C hosts one of ours and one in Zoom.
    ws.zoom.book_meeting(a.user_id, START, 60, topic="最終面接")
    create(ws, title="面接 B", start_time="14:30", zoom_account=account_id(ws, "採用B"))
    create(ws, title="面接 C", zoom_account=account_id(ws, "採用C"))
    ws.zoom.book_meeting(c.user_id, START + timedelta(minutes=15), 30, topic="面談")
    used_today(ws, d, 92)
    used_today(ws, e, 100)
    ws.advance(minutes=3)  # Zoom calendars are looked up afresh after 2 minutes

    # 佐藤 (Tokyo) picks 11/25 14:00: each option says how that account stands then.
    view = modal_for(ws, RECRUITER, INTERVIEW)
    assert options(view) == [
        "自動",
        "採用A — 予定あり 14:00–15:00",
        "採用B — 予定あり 14:30–15:30",
        "採用C — 同時開催の上限 2/2",
        "採用D — 空き · 本日 92/100 件",
        "採用E — 本日の上限 100 件(11/24 9:00 (JST) にリセット)",
        "採用F — 要再接続",
        "採用G — 空き",
    ]

    # Alex (Los Angeles, English) sees the same in his zone and language.
    view = modal_for(ws, INTERVIEWER_EN, INTERVIEW)
    assert options(view)[1:6] == [
        "採用A — busy 9:00 PM–10:00 PM",
        "採用B — busy 9:30 PM–10:30 PM",
        "採用C — at its limit, 2/2 at once",
        "採用D — free · 92/100 today",
        "採用E — daily limit 100 reached (resets Nov 23, 4:00 PM (PST))",
    ]
    # At 17:00 nothing overlaps: 採用A and 採用B are free again.
    later = modal_for(ws, RECRUITER, {**INTERVIEW, "start_time": "17:00"})
    assert options(later)[1:3] == ["採用A — 空き", "採用B — 空き"]


def test_changing_the_time_keeps_what_was_typed_and_the_account_picked(
    workspace: LocalWorkspace,
) -> None:
    a = link(workspace, "採用A")
    link(workspace, "採用B")
    workspace.zoom.book_meeting(a.user_id, START, 60)
    picked = {**INTERVIEW, "zoom_account": account_id(workspace, "採用A")}
    modal = open_modal(workspace)
    assert options(modal)[1:] == ["採用A — 空き", "採用B — 空き"]  # tomorrow 10:00
    view = modal_for(workspace, RECRUITER, picked)

    # Same inputs with the same ids (Slack keeps what was typed); the pick stays, relabelled.
    inputs = [
        (b["block_id"], b["element"]["action_id"]) for b in view["blocks"] if b["type"] == "input"
    ]
    assert inputs == [
        (b["block_id"], b["element"]["action_id"]) for b in modal["blocks"] if b["type"] == "input"
    ]
    [block] = [b for b in view["blocks"] if b.get("block_id") == "zoom_account"]
    assert block["element"]["initial_option"]["text"]["text"] == "採用A — 予定あり 14:00–15:00"
    # The date, time and time zone inputs dispatch their changes; the others don't.
    dispatching = [b["block_id"] for b in view["blocks"] if b.get("dispatch_action")]
    assert dispatching == ["start_date", "start_time", "timezone"]


def test_a_refresh_racing_another_change_loses_quietly(workspace: LocalWorkspace) -> None:
    link(workspace, "採用A")
    open_modal(workspace)
    stale = {**workspace.slack.opened_views()[-1], "hash": "stale"}
    assert change_input(workspace, stale, RECRUITER, INTERVIEW, "start_date").status_code == 200
    workspace.slack.wait_for("views.update")
    [call] = workspace.slack.calls_to("views.update")
    assert call.error == "hash_conflict"
    assert workspace.slack.dms_to(RECRUITER) == []  # not an error worth telling anyone


# ---- picking an account that cannot host


@pytest.mark.parametrize(
    ("user", "busy", "exhausted"),
    [
        (
            RECRUITER,
            "「採用A」はこの時間に予定があります(14:00–15:00)。別のアカウントか「自動」を選んでください。",
            "「採用E」は今日の Zoom のミーティング作成・更新の上限(100 件)に達しています"
            "(11/24 9:00 (JST) にリセット)。別のアカウントか「自動」を選んでください。",
        ),
        (
            INTERVIEWER_EN,
            "“採用A” is busy at that time (9:00 PM–10:00 PM). Pick another account or Automatic.",
            "“採用E” has used today's Zoom limit of 100 meeting creates and updates "
            "(resets Nov 23, 4:00 PM (PST)). Pick another account or Automatic.",
        ),
    ],
)
def test_picking_a_busy_or_exhausted_account_is_refused_inline(
    workspace: LocalWorkspace, user: str, busy: str, exhausted: str
) -> None:
    a = link(workspace, "採用A")
    e = link(workspace, "採用E")
    workspace.zoom.book_meeting(a.user_id, START, 60)
    used_today(workspace, e, 100)
    view = modal_for(workspace, user, INTERVIEW)
    assert submit(workspace, user, view, zoom_account=account_id(workspace, "採用A")) == {
        "zoom_account": busy
    }
    assert submit(workspace, user, view, zoom_account=account_id(workspace, "採用E")) == {
        "zoom_account": exhausted
    }
    # Other problems are reported together with it.
    errors = submit(
        workspace, user, view, zoom_account=account_id(workspace, "採用A"), duration="1000"
    )
    assert set(errors) == {"zoom_account", "duration"}
    assert workspace.zoom.calls_to("POST", MEETINGS) == []


def test_automatic_with_no_account_free_is_refused_inline(workspace: LocalWorkspace) -> None:
    a = link(workspace, "採用A")
    workspace.zoom.book_meeting(a.user_id, START, 60)
    errors = submit(workspace, RECRUITER, open_modal(workspace))
    assert errors == {
        "zoom_account": "この時間に使える Zoom アカウントがありません(採用A: 予定あり 14:00–15:00)。"
        "時間を変えるか、管理者にアカウントの追加を依頼してください。"
    }


# ---- 「自動」


def test_automatic_prefers_a_participants_own_free_account(workspace: LocalWorkspace) -> None:
    link(workspace, "共有ルーム", priority=1)
    mine = link(workspace, "鈴木のZoom", priority=50, slack_user_id=COORDINATOR)
    create(workspace)  # 鈴木 takes part
    assert created_on(workspace) == [mine.user_id]
    assert thread_notes(workspace) == [
        f":information_source: Zoom アカウントの選択: → 鈴木のZoom(<@{COORDINATOR}> さんの Zoom)"
    ]


def test_automatic_then_goes_by_priority_then_by_fewest_meetings_that_day(
    workspace: LocalWorkspace,
) -> None:
    first = link(workspace, "採用A", priority=1)
    second = link(workspace, "採用B", priority=2)
    third = link(workspace, "採用C", priority=2)
    # 採用A is busy in Zoom; 採用B already hosts two meetings that day, 採用C one.
    workspace.zoom.book_meeting(first.user_id, START, 60)
    workspace.zoom.book_meeting(second.user_id, START + timedelta(hours=3), 30)
    workspace.zoom.book_meeting(second.user_id, START + timedelta(hours=4), 30)
    workspace.zoom.book_meeting(third.user_id, START - timedelta(hours=3), 30)
    create(workspace, participants=[RECRUITER])
    assert created_on(workspace) == [third.user_id]
    [note] = thread_notes(workspace)
    ts = int(START.timestamp())
    assert note == (
        ":information_source: Zoom アカウントの選択: "
        f"採用A: 予定あり <!date^{ts}^{{time}}|14:00>–<!date^{ts + 3600}^{{time}}|15:00> · "
        "採用B: この日 2 件 · → 採用C"
    )
    assert stored_event(workspace).account_choice == note.removeprefix(
        ":information_source: Zoom アカウントの選択: "
    )


def test_an_account_near_its_daily_quota_is_used_last(workspace: LocalWorkspace) -> None:
    near = link(workspace, "採用A", priority=1)
    other = link(workspace, "採用B", priority=2)
    used_today(workspace, near, 98)
    create(workspace)
    assert created_on(workspace) == [other.user_id]
    assert thread_notes(workspace) == [
        ":information_source: Zoom アカウントの選択: 採用A: 本日 98/100 件 · → 採用B"
    ]


# ---- failover when Zoom refuses or does not answer


@pytest.mark.parametrize(
    ("status", "message", "why"),
    [
        (429, "Too many requests.", "Zoom の回数制限(429)"),
        (
            429,
            "You have exceeded the daily rate limit (100) of Meeting Create/Update API requests "
            "permitted for this particular user. You may resume these requests at GMT 00:00:00.",
            "Zoom の1日の上限(429)",
        ),
        (503, "Service unavailable.", "Zoom のエラー(503)"),
    ],
)
def test_zoom_refusing_moves_to_the_next_account_and_says_why(
    workspace: LocalWorkspace, status: int, message: str, why: str
) -> None:
    first = link(workspace, "採用A", priority=1)
    second = link(workspace, "採用B", priority=2)
    workspace.zoom.fail_next(
        "POST", rf"/users/{first.user_id}/meetings$", status, {"code": status, "message": message}
    )
    create(workspace)

    # One meeting, on 採用B; nothing left on 採用A.
    [meeting] = workspace.zoom.meetings.values()
    assert meeting["host_id"] == second.user_id
    assert [c.status for c in workspace.zoom.calls_to("POST", MEETINGS)] == [status, 201]
    card = json.dumps(workspace.slack.messages(CHANNEL)[0]["blocks"], ensure_ascii=False)
    assert meeting["join_url"] in card
    assert "採用B" in card
    assert thread_notes(workspace) == [
        f":information_source: Zoom アカウントの選択: 採用A: {why} · → 採用B"
    ]
    assert stored_event(workspace).status == EventStatus.SCHEDULED


def test_after_a_daily_429_the_account_shows_as_used_up(workspace: LocalWorkspace) -> None:
    first = link(workspace, "採用A", priority=1)
    link(workspace, "採用B", priority=2)
    daily = "You have exceeded the daily rate limit (100) of Meeting Create/Update API requests."
    workspace.zoom.fail_next(
        "POST", rf"/users/{first.user_id}/meetings$", 429, {"code": 429, "message": daily}
    )
    create(workspace)
    later = modal_for(workspace, RECRUITER, {**INTERVIEW, "start_time": "17:00"})
    assert options(later)[1] == "採用A — 本日の上限 100 件(11/24 9:00 (JST) にリセット)"


def test_a_5xx_after_zoom_created_the_meeting_adopts_it_instead_of_a_second(
    workspace: LocalWorkspace,
) -> None:
    first = link(workspace, "採用A", priority=1)
    link(workspace, "採用B", priority=2)
    workspace.zoom.lose_create_answer(502)
    create(workspace)
    [meeting] = workspace.zoom.meetings.values()  # no duplicate, anywhere
    assert meeting["host_id"] == first.user_id
    assert [c.status for c in workspace.zoom.calls_to("POST", MEETINGS)] == [502]
    event = stored_event(workspace)
    assert (event.status, event.meeting_id) == (EventStatus.SCHEDULED, str(meeting["id"]))
    assert event.passcode == meeting["password"]
    # Zoom's count includes the create whose answer was lost.
    with workspace.services.db.transaction() as session:
        assert ZoomUsageRepository(session).counts([first.user_id], TODAY) == {first.user_id: 1}


def test_all_accounts_failing_tells_the_organizer_the_last_reason(
    workspace: LocalWorkspace,
) -> None:
    link(workspace, "採用A", priority=1)
    link(workspace, "採用B", priority=2)
    workspace.zoom.fail_next("POST", MEETINGS, 503, {"code": 503, "message": "down"}, times=2)
    create(workspace)
    assert workspace.zoom.meetings == {}
    [dm] = workspace.slack.dms_to(RECRUITER)
    assert "Zoom が応答しませんでした" in dm["text"]
    assert workspace.slack.messages(CHANNEL) == []
    assert stored_event(workspace).status == EventStatus.FAILED


@pytest.fixture
def impatient(database_url: str, clock: ManualClock) -> Iterator[LocalWorkspace]:
    """A workspace whose bot waits only 1 s for Zoom."""
    with LocalWorkspace(database_url=database_url, clock=clock, http_timeout_seconds=1) as ws:
        ws.add_person(RECRUITER, "佐藤 採用")
        ws.add_person(INTERVIEWER_EN, "Alex Interviewer", locale="en-US", tz="America/Los_Angeles")
        ws.add_person(COORDINATOR, "鈴木 調整")
        ws.slack.add_channel(CHANNEL, name="recruiting")
        yield ws
        assert ws.slack.violations == []
        assert ws.zoom.violations == []


def test_a_timeout_after_zoom_created_the_meeting_adopts_it(impatient: LocalWorkspace) -> None:
    first = link(impatient, "採用A", priority=1)
    link(impatient, "採用B", priority=2)
    gate = impatient.zoom.lose_create_answer(None)  # created, but the answer never comes
    assert gate is not None
    try:
        create(impatient)
        [meeting] = impatient.zoom.meetings.values()
        assert meeting["host_id"] == first.user_id
        assert stored_event(impatient).meeting_id == str(meeting["id"])
    finally:
        gate.release()


def test_a_timeout_before_zoom_created_anything_moves_to_the_next_account(
    impatient: LocalWorkspace,
) -> None:
    link(impatient, "採用A", priority=1)
    second = link(impatient, "採用B", priority=2)
    gate = impatient.zoom.lose_create_answer(None, created=False)  # 採用A's create is stuck
    assert gate is not None
    try:
        create(impatient)  # the bot gives up on it after 1 s, finds nothing, uses 採用B
        [meeting] = impatient.zoom.meetings.values()
        assert meeting["host_id"] == second.user_id
        assert stored_event(impatient).zoom_account_name == "採用B"
        assert thread_notes(impatient) == [
            ":information_source: Zoom アカウントの選択: 採用A: Zoom が時間内に応答せず · → 採用B"
        ]
    finally:
        gate.release()


# ---- two recruiters at once


def submit_together(
    ws: LocalWorkspace, views: list[tuple[str, dict[str, Any]]]
) -> list[httpx.Response]:
    barrier = threading.Barrier(len(views))
    answers: list[httpx.Response | None] = [None] * len(views)

    def send(i: int) -> None:
        user, view = views[i]
        barrier.wait(10)
        answers[i] = ws.submit_view(view, user)

    threads = [threading.Thread(target=send, args=(i,)) for i in range(len(views))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    ws.wait_idle()
    return [a for a in answers if a is not None]


def test_two_recruiters_submitting_at_once_get_different_accounts(
    workspace: LocalWorkspace,
) -> None:
    a = link(workspace, "採用A")
    b = link(workspace, "採用B")
    views = [
        (RECRUITER, fill_modal(open_modal(workspace, RECRUITER), {**INTERVIEW, "title": "面接 1"})),
        (
            COORDINATOR,
            fill_modal(
                open_modal(workspace, COORDINATOR),
                {**INTERVIEW, "title": "面接 2", "start_time": "14:30"},
            ),
        ),
    ]
    answers = submit_together(workspace, views)
    assert [r.status_code for r in answers] == [200, 200]
    assert sorted(m["host_id"] for m in workspace.zoom.meetings.values()) == sorted(
        [a.user_id, b.user_id]
    )


def test_two_recruiters_and_one_account_one_of_them_is_told(workspace: LocalWorkspace) -> None:
    only = link(workspace, "採用A")
    views = [
        (user, fill_modal(open_modal(workspace, user), {**INTERVIEW, "title": f"面接 {user}"}))
        for user in (RECRUITER, COORDINATOR)
    ]
    answers = submit_together(workspace, views)
    [meeting] = workspace.zoom.meetings.values()
    assert meeting["host_id"] == only.user_id
    # The other one heard why: inline if the first had already reserved the account when it
    # was checked, else by DM once the worker found it taken. Either way nothing half-made.
    inline = [r for r in answers if r.content and r.json().get("errors")]
    told = [u for u in (RECRUITER, COORDINATOR) if workspace.slack.dms_to(u)]
    assert len(inline) + len(told) == 1
    for user in told:
        assert "使える Zoom アカウントがありません" in workspace.slack.dms_to(user)[-1]["text"]
    with workspace.services.db.transaction() as session:
        statuses = sorted(e.status for e in session.query(Event))
    assert statuses in ([EventStatus.SCHEDULED], [EventStatus.FAILED, EventStatus.SCHEDULED])


# ---- meeting defaults per account


def test_an_accounts_meeting_defaults_are_applied_and_shown(workspace: LocalWorkspace) -> None:
    link(workspace, "面接ルーム", embed_passcode=False, join_before_host=True, waiting_room=True)
    create(workspace, zoom_account=account_id(workspace, "面接ルーム"))
    [call] = workspace.zoom.calls_to("POST", MEETINGS)
    assert call.body is not None
    assert call.body["settings"] == {"join_before_host": True, "waiting_room": True}
    [meeting] = workspace.zoom.meetings.values()
    assert "?pwd=" in meeting["join_url"]

    [card] = workspace.slack.messages(CHANNEL)
    text = json.dumps(card["blocks"], ensure_ascii=False)
    shared_url = meeting["join_url"].split("?")[0]
    assert shared_url in text
    assert "pwd=" not in text  # the passcode is not in the URL we hand out…
    assert f"`{meeting['password']}`" in text  # …it is shown instead
    assert "パスコード: URL とは別に入力" in text
    assert "ホストより前の入室: 可" in text
    assert "待機室: オン" in text
    assert (
        "ホスト(Zoom アカウント「面接ルーム」)が入室を許可するまで参加者は待機室で待ちます" in text
    )
    assert stored_event(workspace).join_url == shared_url
    workspace.run_reminders()
    assert "pwd=" not in json.dumps(workspace.slack.dms_to(INTERVIEWER_EN))


def test_no_hint_when_the_hosts_owner_takes_part(workspace: LocalWorkspace) -> None:
    link(workspace, "佐藤のZoom", slack_user_id=RECRUITER)
    create(workspace)
    [call] = workspace.zoom.calls_to("POST", MEETINGS)
    assert call.body is not None
    assert call.body["settings"] == {"join_before_host": False, "waiting_room": False}
    [card] = workspace.slack.messages(CHANNEL)
    text = json.dumps(card["blocks"], ensure_ascii=False)
    assert "パスコード: URL に埋め込み" in text
    assert "ホストより前の入室: 不可" in text
    assert "event_host_hint" not in text


def test_a_shared_account_without_early_join_warns_that_someone_must_start_it(
    workspace: LocalWorkspace,
) -> None:
    link(workspace, "共有ルーム")
    create(workspace)
    [card] = workspace.slack.messages(CHANNEL)
    text = json.dumps(card["blocks"], ensure_ascii=False)
    assert (
        "ホストより前の入室が不可のため、ホスト(Zoom アカウント「共有ルーム」)がミーティングを"
        "開始するまで参加者は入室できません" in text
    )
