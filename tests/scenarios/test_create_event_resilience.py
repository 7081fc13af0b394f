"""Slack retries, slow Zoom, restarts and a second bot process."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.services.reminders import SKIP_EVENT_STARTED, ReminderDispatcher
from bot.slack.people import PeopleDirectory
from standins.harness import LocalWorkspace, fill_modal
from storage.models import Event, Reminder, ReminderStatus
from tests.scenarios.conftest import COORDINATOR, INTERVIEWER_EN, RECRUITER
from tests.scenarios.test_create_event import INTERVIEW, START, create_interview, open_modal


def second_process(ws: LocalWorkspace, owner: str) -> ReminderDispatcher:
    """Another bot process on the same database: its own dispatcher and caches."""
    people = PeopleDirectory(ws.services.slack, ws.clock)
    return ReminderDispatcher(ws.services.db, ws.services.slack, people, ws.clock, owner=owner)


@pytest.mark.usefixtures("zoom_app")
def test_slack_retrying_a_submission_creates_one_event_and_one_meeting(
    workspace: LocalWorkspace,
) -> None:
    view = fill_modal(open_modal(workspace), INTERVIEW)
    first = workspace.submit_view(view, RECRUITER)
    retry = workspace.submit_view(view, RECRUITER)  # same view id: Slack's retry
    assert first.status_code == retry.status_code == 200
    workspace.wait_idle()
    assert len(workspace.zoom.calls_to("POST", r"/users/.*/meetings")) == 1
    assert len(workspace.slack.messages("C0HARNESS")) == 1
    with workspace.services.db.transaction() as session:
        assert session.query(Event).count() == 1


@pytest.mark.usefixtures("zoom_app")
def test_recruit_opens_its_modal_while_zoom_is_slow_for_others(workspace: LocalWorkspace) -> None:
    gate = workspace.zoom.hold_creates()
    try:
        # Three events at different times: one account hosts one meeting at a time.
        for title, at in (("説明会 A", "10:00"), ("説明会 B", "12:00"), ("説明会 C", "14:00")):
            view = fill_modal(
                open_modal(workspace), {**INTERVIEW, "title": title, "start_time": at}
            )
            assert workspace.submit_view(view, RECRUITER).status_code == 200
        gate.wait_held(3)  # all three are stuck in Zoom

        modal = open_modal(workspace, COORDINATOR)
        assert modal["title"]["text"] == "選考イベントを作成"
        # The modal opened although no Zoom request has been answered yet.
        assert workspace.zoom.meetings == {}
        assert not gate.released
    finally:
        gate.release()
    workspace.wait_idle()
    assert len(workspace.zoom.meetings) == 3


@pytest.mark.usefixtures("zoom_app")
def test_a_reminder_waiting_on_slack_holds_up_no_submission(workspace: LocalWorkspace) -> None:
    """The dispatcher's last look holds nothing other writers wait for (on SQLite it used to
    hold the database's write lock until Slack answered the post)."""
    create_interview(workspace, reminders=["before:60"], custom_reminders="")
    workspace.run_reminders()  # the invitations
    workspace.clock.set(START - timedelta(minutes=60))
    gate = workspace.slack.hold("chat.postMessage")
    dispatcher = threading.Thread(target=workspace.run_reminders)
    try:
        dispatcher.start()
        gate.wait_held()  # a reminder is on its way to Slack, which does not answer

        # 佐藤 creates another interview meanwhile; the submission is stored and answered.
        view = fill_modal(
            open_modal(workspace), {**INTERVIEW, "title": "二次面接", "start_time": "17:00"}
        )
        response = workspace.submit_view(view, RECRUITER)
        assert response.status_code == 200
        assert response.content in (b"", b"{}"), response.text  # the modal closes
        assert not gate.released
        with workspace.services.db.transaction() as session:
            titles = set(session.scalars(select(Event.title)))
        assert "二次面接" in titles
    finally:
        gate.release()
        dispatcher.join(30)
    workspace.wait_idle()
    assert not dispatcher.is_alive()


@pytest.mark.usefixtures("zoom_app")
def test_reminders_due_while_the_bot_was_down_go_out_on_start(workspace: LocalWorkspace) -> None:
    create_interview(workspace)
    workspace.run_reminders()  # invitations
    sent_before = len(workspace.slack.dms_to(COORDINATOR))

    # The bot is down from 2 days before until 30 minutes before the start.
    workspace.clock.set(START - timedelta(minutes=30))
    restarted = second_process(workspace, owner="after-restart")
    report = restarted.run_once()
    # The 1-day and 1-hour reminders were overdue: both go out now; the 10-minute one waits.
    assert report.sent == 6
    assert len(workspace.slack.dms_to(COORDINATOR)) == sent_before + 2
    assert restarted.run_once().sent == 0


@pytest.mark.usefixtures("zoom_app")
def test_a_reminder_overdue_past_the_start_is_recorded_as_skipped(
    workspace: LocalWorkspace,
) -> None:
    create_interview(workspace, participants=[INTERVIEWER_EN])
    workspace.run_reminders()
    workspace.clock.set(START + timedelta(minutes=5))  # down until after the start
    report = second_process(workspace, owner="late").run_once()
    assert report.sent == 0
    assert report.skip_reasons == {SKIP_EVENT_STARTED: 3}
    with workspace.services.db.transaction() as session:
        statuses = {r.spec: (r.status, r.skip_reason) for r in session.query(Reminder)}
    assert statuses["before:60"] == (ReminderStatus.SKIPPED, SKIP_EVENT_STARTED)


@pytest.mark.usefixtures("zoom_app")
def test_a_process_killed_mid_batch_loses_nothing_and_doubles_nothing(
    workspace: LocalWorkspace,
) -> None:
    create_interview(workspace)
    workspace.clock.set(START - timedelta(days=1))
    # Process A claims everything due, then dies before sending.
    from storage.repositories.reminders import ReminderRepository

    with workspace.services.db.transaction() as session:
        claimed = ReminderRepository(session).claim_due(
            now=workspace.clock.now(),
            owner="process-a",
            lease_until=workspace.clock.now() + timedelta(minutes=2),
            limit=100,
        )
    assert len(claimed) == 6  # 3 invitations + 3 one-day reminders

    process_b = second_process(workspace, owner="process-b")
    assert process_b.run_once().sent == 0  # A's lease still holds
    workspace.clock.set(START - timedelta(days=1) + timedelta(minutes=3))
    assert process_b.run_once().sent == 6  # the lease ran out: B delivers
    assert process_b.run_once().sent == 0
    for user in (RECRUITER, INTERVIEWER_EN, COORDINATOR):
        assert len(workspace.slack.dms_to(user)) == 2  # invitation + 1-day reminder, once each


@pytest.mark.usefixtures("zoom_app")
def test_two_processes_running_together_send_each_reminder_once(
    workspace: LocalWorkspace,
) -> None:
    create_interview(workspace)
    workspace.clock.set(START - timedelta(minutes=10))
    a, b = second_process(workspace, "a"), second_process(workspace, "b")
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(2) as pool:
        reports = list(pool.map(lambda d: d.run_once(), [a, b]))
    assert sum(r.sent for r in reports) == 12  # 3 people × (invitation + 3 reminders)
    assert sum(r.lost_leases for r in reports) == 0
    for user in (RECRUITER, INTERVIEWER_EN, COORDINATOR):
        assert len(workspace.slack.dms_to(user)) == 4


@pytest.mark.usefixtures("zoom_app")
def test_slack_rate_limit_defers_without_losing_or_doubling(workspace: LocalWorkspace) -> None:
    create_interview(workspace)
    workspace.slack.rate_limit("chat.postMessage", times=1, retry_after=30)
    report = workspace.run_reminders()
    # Sends run in parallel: those already in flight may land; the rest wait.
    assert report.sent + report.deferred == 3
    assert report.deferred >= 1
    assert report.rate_limited == report.deferred  # every one waits for Retry-After
    assert workspace.run_reminders().sent == 0  # not before Retry-After
    workspace.advance(seconds=31)
    assert workspace.run_reminders().sent == report.deferred
    for reader in (RECRUITER, INTERVIEWER_EN, COORDINATOR):
        assert len(workspace.slack.dms_to(reader)) == 1, reader


@pytest.mark.usefixtures("zoom_app")
def test_an_event_interrupted_mid_creation_is_failed_and_the_organizer_told(
    workspace: LocalWorkspace,
) -> None:
    from bot.services.event_form import EventDraft
    from storage.models import EventKind, EventStatus

    # The process accepted a submission, then died before issuing the meeting.
    draft = EventDraft(
        team_id="T0HARNESS", organizer_id=INTERVIEWER_EN, kind=EventKind.INTERVIEW,
        title="Final interview", starts_at=START, duration_minutes=60, timezone="Asia/Tokyo",
        participant_ids=(INTERVIEWER_EN,), channel_id="C0HARNESS", requested_account="auto",
        reminder_specs=("before:60",), notify_participants=True, note=None,
    )  # fmt: skip
    workspace.services.events.accept(draft, submission_key="view:VDIED")
    assert workspace.services.events.recover_abandoned() == 0  # too recent: may still be running

    workspace.advance(minutes=11)
    assert workspace.services.events.recover_abandoned() == 1
    [dm] = workspace.slack.dms_to(INTERVIEWER_EN)
    assert "the bot restarted while creating it" in dm["text"]
    assert "Nothing was created" in dm["text"]
    with workspace.services.db.transaction() as session:
        assert session.query(Event).one().status == EventStatus.FAILED
    assert workspace.services.events.recover_abandoned() == 0


@pytest.mark.usefixtures("zoom_app")
def test_a_rate_limit_one_process_hears_of_is_honoured_by_the_others(
    workspace: LocalWorkspace,
) -> None:
    create_interview(workspace)  # 3 invitations due now
    told, other = second_process(workspace, "told"), second_process(workspace, "other")
    workspace.slack.rate_limit("chat.postMessage", times=1, retry_after=30)
    assert told.run_once().deferred == 3  # Slack answered 429 to this one
    posts = len(workspace.slack.calls_to("chat.postMessage"))
    assert other.run_once().sent == 0  # the other waits too, without asking Slack
    assert len(workspace.slack.calls_to("chat.postMessage")) == posts
    workspace.advance(seconds=31)
    assert other.run_once().sent == 3
