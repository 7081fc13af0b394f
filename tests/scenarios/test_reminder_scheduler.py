"""APScheduler wakes the dispatcher: at start (catch-up), when an event is created, on demand.
The reminders themselves live in the database; the scheduler holds only one polling job."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import timedelta

import pytest

from bot.scheduler import DispatchScheduler
from standins.harness import LocalWorkspace
from tests.scenarios.conftest import COORDINATOR
from tests.scenarios.test_create_event import START, create_interview

pytestmark = [
    pytest.mark.usefixtures("zoom_app"),
    pytest.mark.parametrize("database_url", ["sqlite"], indirect=True),
]


@pytest.fixture
def scheduler(workspace: LocalWorkspace) -> Iterator[DispatchScheduler]:
    running = DispatchScheduler(workspace.services.dispatcher, poll_seconds=3600)
    workspace.services.wakeup.subscribe(running.wake)
    yield running
    running.shutdown()


def dms_posted(ws: LocalWorkspace, count: int) -> None:
    """Wait (bounded) until `count` DMs have been posted in all."""
    ws.slack.wait_for("chat.postMessage", count=count + len(ws.slack.messages("C0HARNESS")))


def test_creating_an_event_wakes_the_dispatcher(
    workspace: LocalWorkspace, scheduler: DispatchScheduler
) -> None:
    scheduler.start()
    create_interview(workspace)  # polling is hourly: only the wake-up can deliver this soon
    dms_posted(workspace, 3)
    assert len(workspace.slack.dms_to(COORDINATOR)) == 1


def test_start_catches_up_and_wake_runs_again(
    workspace: LocalWorkspace, scheduler: DispatchScheduler
) -> None:
    create_interview(workspace)  # invitations are due; nothing runs them yet
    assert workspace.slack.dms_to(COORDINATOR) == []
    scheduler.start()  # first run at once
    dms_posted(workspace, 3)

    workspace.clock.set(START - timedelta(days=1))
    scheduler.wake()
    dms_posted(workspace, 6)
    assert len(workspace.slack.dms_to(COORDINATOR)) == 2


def test_housekeeping_runs_at_start_and_survives_errors(
    workspace: LocalWorkspace, scheduler: DispatchScheduler
) -> None:
    import threading

    ran = threading.Event()
    calls: list[str] = []

    def flaky() -> None:
        calls.append("run")
        ran.set()
        raise RuntimeError("boom")  # logged; the scheduler keeps going

    scheduler.every(timedelta(hours=1), flaky, "flaky")
    scheduler.start()
    assert ran.wait(timeout=10)
    assert calls == ["run"]


def test_stopping_while_a_run_is_under_way_waits_for_it_and_returns(
    workspace: LocalWorkspace,
) -> None:
    """SIGTERM during a burst: the run under way ends (its post lands), then the scheduler
    stops. The run's last step moves its next run; that must not wait for the stopping
    scheduler, which waits for the run."""
    create_interview(workspace)  # invitations are due
    # Any pending reminder is "soon" for an hourly poll this long: the run moves its next run.
    running = DispatchScheduler(workspace.services.dispatcher, poll_seconds=10 * 365 * 86400)
    gate = workspace.slack.hold("chat.postMessage")
    running.start()
    gate.wait_held()  # a run is under way, stuck at Slack
    stopping = threading.Thread(target=running.shutdown)
    stopping.start()
    try:
        pause = threading.Event()
        while running.running:
            pause.wait(0.01)  # polling a condition, not waiting for time to pass
    finally:
        gate.release()
    stopping.join(30)
    assert not stopping.is_alive(), "shutdown and the run under way wait for each other"
    assert len(workspace.slack.dms_to(COORDINATOR)) == 1  # the run finished its posts
