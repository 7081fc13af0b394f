"""The create modal hands the Zoom work to the worker before it acknowledges, so by the time
Slack closes the modal the work is already queued: `wait_idle` (and an orderly shutdown) sees
it, however late the listener thread runs."""

from __future__ import annotations

import time
from typing import Any

import pytest

from standins.harness import LocalWorkspace, ZoomAppCredentials, fill_modal
from tests.scenarios.conftest import RECRUITER
from tests.scenarios.listener_pool import ListenerPools, settle, track_listener_pools
from tests.scenarios.test_create_event import INTERVIEW, open_modal

MEETING_CREATE = r"/users/[^/]+/meetings$"


@pytest.fixture
def listeners(monkeypatch: pytest.MonkeyPatch) -> ListenerPools:
    return track_listener_pools(monkeypatch)


@pytest.fixture
def workspace(listeners: ListenerPools, workspace: LocalWorkspace) -> LocalWorkspace:
    assert listeners.pools_created == 1, "Bolt's listener pool is no longer built in bot.app"
    return workspace


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_work_is_queued_before_the_modal_closes(
    workspace: LocalWorkspace,
    zoom_app: ZoomAppCredentials,
    listeners: ListenerPools,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    worker = workspace.services.worker
    submit = worker.submit

    def late_submit(fn: Any, *args: Any) -> Any:
        time.sleep(0.2)  # the listener thread is descheduled just before it hands over
        return submit(fn, *args)

    monkeypatch.setattr(worker, "submit", late_submit)
    view = fill_modal(open_modal(workspace), INTERVIEW)
    assert workspace.submit_view(view, RECRUITER).status_code == 200

    workspace.wait_idle()
    creates_seen_by_wait_idle = len(workspace.zoom.calls_to("POST", MEETING_CREATE))
    settle(workspace, listeners)  # if the hand-over came after the ack, let it finish first
    assert creates_seen_by_wait_idle == 1
