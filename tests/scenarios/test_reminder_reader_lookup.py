"""A reminder waits rather than going out in the wrong language when Slack cannot say who
the reader is right now (users.info rate limited)."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import delete

from bot.services.reminders import ReminderDispatcher
from bot.slack.people import PeopleDirectory
from standins.harness import LocalWorkspace
from storage.models import SlackUser
from tests.scenarios.conftest import INTERVIEWER_EN
from tests.scenarios.test_create_event import START, create_interview

pytestmark = pytest.mark.usefixtures("zoom_app")


def test_a_rate_limited_users_info_defers_the_reminder(workspace: LocalWorkspace) -> None:
    create_interview(workspace, participants=[INTERVIEWER_EN], notify=[])
    fresh = ReminderDispatcher(  # a new process: it knows nobody yet
        workspace.services.db,
        workspace.services.slack,
        PeopleDirectory(workspace.services.slack, workspace.clock),
        workspace.clock,
        owner="fresh",
    )
    with workspace.services.db.transaction() as session:  # no stored profile to go by
        session.execute(delete(SlackUser))
    workspace.clock.set(START - timedelta(days=1))
    workspace.slack.rate_limit("users.info", times=1, retry_after=20)
    report = fresh.run_once()
    assert report.sent == 0
    assert report.deferred == 1
    assert workspace.slack.dms_to(INTERVIEWER_EN) == []

    workspace.advance(seconds=21)
    assert fresh.run_once().sent == 1
    [dm] = workspace.slack.dms_to(INTERVIEWER_EN)
    assert "Reminder:" in json.dumps(dm["blocks"])  # English, as Alex reads it
    assert "PST" in dm["text"]  # and in his own zone


def test_readers_stored_at_planning_need_no_users_info_at_send_time(
    workspace: LocalWorkspace,
) -> None:
    create_interview(workspace, notify=[])  # planning looked each participant up once
    another_process = ReminderDispatcher(
        workspace.services.db,
        workspace.services.slack,
        PeopleDirectory(workspace.services.slack, workspace.clock),  # knows nobody
        workspace.clock,
        owner="another",
    )
    lookups = len(workspace.slack.calls_to("users.info"))
    workspace.clock.set(START - timedelta(hours=1))
    assert another_process.run_once().sent == 6
    assert len(workspace.slack.calls_to("users.info")) == lookups
    en = json.dumps(workspace.slack.dms_to(INTERVIEWER_EN)[-1]["blocks"])
    assert "Reminder:" in en  # still each reader's own language
