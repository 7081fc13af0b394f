"""A cancelled event, a removed participant or an event already begun never gets a reminder,
and each such case is recorded with its reason (visible in the ledger)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import delete

from standins.harness import LocalWorkspace
from storage.models import Event, EventParticipant, EventStatus, Reminder, ReminderStatus
from tests.scenarios.conftest import COORDINATOR, INTERVIEWER_EN, RECRUITER
from tests.scenarios.test_create_event import START, create_interview

pytestmark = pytest.mark.usefixtures("zoom_app")


def outcomes(ws: LocalWorkspace, user: str) -> dict[str, tuple[str, str | None]]:
    with ws.services.db.transaction() as session:
        rows = session.query(Reminder).filter(Reminder.recipient_id == user)
        return {r.spec: (r.status, r.skip_reason) for r in rows}


def test_nothing_goes_out_after_a_cancel(workspace: LocalWorkspace) -> None:
    create_interview(workspace, notify=[])
    with workspace.services.db.transaction() as session:
        session.query(Event).one().status = EventStatus.CANCELLED
    workspace.clock.set(START - timedelta(minutes=10))
    report = workspace.run_reminders()
    assert report.sent == 0
    assert report.skip_reasons == {"event_cancelled": 9}
    assert workspace.slack.dms_to(COORDINATOR) == []
    assert outcomes(workspace, COORDINATOR)["before:60"] == (
        ReminderStatus.SKIPPED,
        "event_cancelled",
    )


def test_a_removed_participant_gets_nothing_the_others_still_do(
    workspace: LocalWorkspace,
) -> None:
    create_interview(workspace, notify=[])
    with workspace.services.db.transaction() as session:
        session.execute(delete(EventParticipant).where(EventParticipant.user_id == COORDINATOR))
    workspace.clock.set(START - timedelta(days=1))
    report = workspace.run_reminders()
    assert report.sent == 2
    assert report.skip_reasons == {"participant_removed": 1}
    assert workspace.slack.dms_to(COORDINATOR) == []
    assert len(workspace.slack.dms_to(RECRUITER)) == 1
    assert len(workspace.slack.dms_to(INTERVIEWER_EN)) == 1
