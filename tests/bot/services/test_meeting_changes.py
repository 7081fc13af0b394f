"""What a Zoom webhook changes in the database, row by row: which reminders move, which are
skipped and why, which are left to a dispatcher already sending them, and which Zoom
accounts a deauthorization touches. Driven through the real server with signed webhooks."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.clock import ManualClock
from bot.services.meeting_changes import SKIP_MEETING_DELETED
from bot.services.reminder_plan import SKIP_DUE_BEFORE_CHANGE
from bot.services.zoom_tokens import ACCESS_TOKEN, REFRESH_TOKEN
from standins.harness import SHARED_ZOOM_CLIENT_ID, TEAM_ID, LocalWorkspace
from storage.models import (
    AccountStatus,
    Event,
    EventStatus,
    Reminder,
    ReminderKind,
    ReminderStatus,
    ZoomAccount,
    ZoomAuthType,
)
from storage.repositories.workspaces import WorkspaceRepository
from tests.scenarios.conftest import CHANNEL, COORDINATOR, INTERVIEWER_EN, RECRUITER
from tests.scenarios.test_create_event import START, create_interview

LEASE_HOLDER = "another-bot-process"


@dataclass(frozen=True)
class Row:
    kind: str
    spec: str
    recipient: str
    due_at: datetime
    status: str
    skip_reason: str | None
    locked_by: str | None


@pytest.fixture
def workspace(database_url: str, clock: ManualClock) -> Iterator[LocalWorkspace]:
    with LocalWorkspace(database_url=database_url, clock=clock) as ws:
        ws.add_person(RECRUITER, "佐藤 採用")
        ws.add_person(INTERVIEWER_EN, "Alex Interviewer", locale="en-US", tz="America/Los_Angeles")
        ws.add_person(COORDINATOR, "鈴木 調整")
        ws.slack.add_channel(CHANNEL, name="recruiting")
        yield ws
        assert ws.slack.violations == []
        assert ws.zoom.violations == []


@pytest.fixture
def linked(workspace: LocalWorkspace) -> None:
    workspace.link_zoom("採用担当A", workspace.add_zoom_app("recruiting-a@example.com"))


def rows(ws: LocalWorkspace) -> dict[tuple[str, str, str], Row]:
    with ws.services.db.transaction() as session:
        return {
            (r.kind, r.spec, r.recipient_id): Row(
                r.kind, r.spec, r.recipient_id, r.due_at, r.status, r.skip_reason, r.locked_by
            )
            for r in session.scalars(select(Reminder))
        }


def the_event(ws: LocalWorkspace) -> Event:
    with ws.services.db.transaction() as session:
        return session.scalars(select(Event)).one()


def lease_to_another_process(ws: LocalWorkspace, spec: str, recipient: str) -> None:
    """Another dispatcher has just claimed this reminder and is sending it."""
    with ws.services.db.transaction() as session:
        row = session.scalars(
            select(Reminder).where(Reminder.spec == spec, Reminder.recipient_id == recipient)
        ).one()
        row.locked_by = LEASE_HOLDER
        row.locked_until = ws.clock.now() + timedelta(minutes=2)


def deliver(ws: LocalWorkspace, event: str, payload: dict[str, object]) -> None:
    response = ws.zoom_webhook({"event": event, "event_ts": 1, "payload": payload})
    assert response.status_code == 200, response.text
    ws.wait_idle()


def moved_to(ws: LocalWorkspace, start_time: str, **fields: object) -> None:
    meeting = int(the_event(ws).meeting_id or 0)
    deliver(ws, "meeting.updated", {"object": {"id": meeting, "start_time": start_time, **fields}})


@pytest.mark.usefixtures("linked")
def test_pending_reminders_move_with_the_start_and_nothing_else_does(
    workspace: LocalWorkspace,
) -> None:
    create_interview(workspace, channel_reminders=["day:0@09:00"])
    workspace.run_reminders()  # the invitations go
    lease_to_another_process(workspace, "before:60", COORDINATOR)
    before = rows(workspace)

    moved_to(workspace, "2026-11-25T07:00:00Z")  # 14:00 → 16:00 in Tokyo

    after = rows(workspace)
    two_hours = timedelta(hours=2)
    in_los_angeles_quiet_hours = {
        "before:1440": datetime(2026, 11, 24, 16, 0, tzinfo=UTC),  # to 08:00 the next morning
        "before:60": datetime(2026, 11, 25, 6, 0, tzinfo=UTC),  # to 22:00, before the start
        "before:10": datetime(2026, 11, 25, 6, 0, tzinfo=UTC),
    }
    for key, row in before.items():
        if row.kind == ReminderKind.INVITATION or row.locked_by == LEASE_HOLDER:
            assert after[key] == row, key  # sent ones, and the one being sent, stay
        elif row.recipient == INTERVIEWER_EN:  # in Los Angeles, where 16:00 JST is 23:00
            assert after[key].due_at == in_los_angeles_quiet_hours[row.spec], key
        elif row.kind == ReminderKind.REMINDER:
            assert after[key].due_at == row.due_at + two_hours, key
        assert after[key].status == row.status, key
    # 当日 9:00 is a clock time: the day did not change, so neither does the channel post.
    channel = ("channel", "day:0@09:00", CHANNEL)
    assert after[channel].due_at == before[channel].due_at
    event = the_event(workspace)
    assert event.starts_at == START + two_hours
    assert event.version == 2


@pytest.mark.usefixtures("linked")
def test_a_reminder_whose_new_time_has_passed_is_skipped_not_sent_late(
    workspace: LocalWorkspace,
) -> None:
    create_interview(workspace, notify=[], custom_reminders="")  # 1 day and 1 hour before
    workspace.clock.set(datetime(2026, 11, 23, 6, 0, tzinfo=UTC))

    moved_to(workspace, "2026-11-23T12:00:00Z")  # to 21:00 today in Tokyo

    after = rows(workspace)
    one_day = after[("reminder", "before:1440", COORDINATOR)]
    assert (one_day.status, one_day.skip_reason) == (
        ReminderStatus.SKIPPED,
        SKIP_DUE_BEFORE_CHANGE,
    )
    one_hour = after[("reminder", "before:60", COORDINATOR)]
    assert one_hour.status == ReminderStatus.PENDING
    assert one_hour.due_at == datetime(2026, 11, 23, 11, 0, tzinfo=UTC)
    assert workspace.run_reminders().sent == 0  # nothing went out late


@pytest.mark.usefixtures("linked")
def test_a_local_start_time_is_read_in_the_meetings_zone(workspace: LocalWorkspace) -> None:
    create_interview(workspace)
    moved_to(workspace, "2026-11-25T07:00:00", timezone="America/Los_Angeles")
    assert the_event(workspace).starts_at == datetime(2026, 11, 25, 15, 0, tzinfo=UTC)


@pytest.mark.usefixtures("linked")
def test_a_deleted_meeting_skips_what_is_pending_but_not_what_is_being_sent(
    workspace: LocalWorkspace,
) -> None:
    create_interview(workspace)
    workspace.run_reminders()  # invitations sent
    lease_to_another_process(workspace, "before:10", INTERVIEWER_EN)
    meeting = int(the_event(workspace).meeting_id or 0)

    deliver(workspace, "meeting.deleted", {"object": {"id": str(meeting)}})  # id as text
    deliver(workspace, "meeting.deleted", {"object": {"id": meeting}})  # and again

    event = the_event(workspace)
    assert (event.status, event.version) == (EventStatus.CANCELLED, 2)
    outcome = {(r.kind, r.status, r.skip_reason, r.locked_by) for r in rows(workspace).values()}
    assert outcome == {
        (ReminderKind.INVITATION, ReminderStatus.SENT, None, None),
        (ReminderKind.REMINDER, ReminderStatus.SKIPPED, SKIP_MEETING_DELETED, None),
        (ReminderKind.REMINDER, ReminderStatus.PENDING, None, LEASE_HOLDER),
    }


def add_account(
    ws: LocalWorkspace,
    name: str,
    *,
    team_id: str = TEAM_ID,
    zoom_user_id: str,
    client_id: str | None,
    auth_type: ZoomAuthType = ZoomAuthType.SHARED_APP,
    linked_by: str = "cli",
) -> None:
    """A linked account as the OAuth linking flow leaves it (tokens stored encrypted)."""
    box = ws.settings.secret_box()
    now = ws.clock.now()
    with ws.services.db.transaction() as session:
        WorkspaceRepository(session).ensure(team_id, now=now)
        session.add(
            ZoomAccount(
                team_id=team_id,
                display_name=name,
                auth_type=auth_type,
                zoom_account_id="zoom-acct-9",
                client_id=client_id,
                access_token_enc=box.encrypt("access-token-never-logged", purpose=ACCESS_TOKEN),
                refresh_token_enc=box.encrypt("refresh-token-never-logged", purpose=REFRESH_TOKEN),
                token_expires_at=now + timedelta(hours=1),
                zoom_user_id=zoom_user_id,
                zoom_email=f"{zoom_user_id}@example.com",
                linked_by=linked_by,
                created_at=now,
                updated_at=now,
            )
        )


def accounts(ws: LocalWorkspace) -> dict[tuple[str, str], ZoomAccount]:
    with ws.services.db.transaction() as session:
        return {(a.team_id, a.display_name): a for a in session.scalars(select(ZoomAccount))}


def deauthorized(client_id: str | None, retention: str | None) -> dict[str, object]:
    return {
        "account_id": "zoom-acct-9",
        "user_id": "zu-shared",
        "client_id": client_id,
        "deauthorization_time": "2026-11-23T00:30:00Z",
        "user_data_retention": retention,
    }


def test_the_shared_app_is_matched_by_this_bots_client_id(workspace: LocalWorkspace) -> None:
    add_account(workspace, "shared", zoom_user_id="zu-shared", client_id=None)
    add_account(
        workspace,
        "team app",
        team_id="T0OTHER",
        zoom_user_id="zu-shared",
        client_id="their-own-app",
        auth_type=ZoomAuthType.TEAM_APP,
    )

    deliver(workspace, "app_deauthorized", deauthorized(SHARED_ZOOM_CLIENT_ID, "false"))

    assert set(accounts(workspace)) == {("T0OTHER", "team app")}


def test_without_a_client_id_every_link_of_that_zoom_user_stops(
    workspace: LocalWorkspace, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    add_account(workspace, "shared", zoom_user_id="zu-shared", client_id=None)
    add_account(workspace, "someone else", zoom_user_id="zu-other", client_id=None)

    deliver(workspace, "app_deauthorized", deauthorized(None, "true"))

    found = accounts(workspace)
    shared, other = found[(TEAM_ID, "shared")], found[(TEAM_ID, "someone else")]
    assert shared.status == AccountStatus.NEEDS_RECONNECT
    assert (shared.access_token_enc, shared.refresh_token_enc) == (None, None)
    assert shared.status_detail == "Zoom 側で連携が解除されました(2026-11-23 00:30 UTC)"
    assert other.status == AccountStatus.OK
    assert other.access_token_enc is not None
    assert "never-logged" not in caplog.text
    assert workspace.slack.calls_to("chat.postMessage") == []  # linked from the CLI: no DM


@pytest.mark.usefixtures("linked")
def test_a_deleted_account_leaves_its_events_and_their_account_name(
    workspace: LocalWorkspace,
) -> None:
    create_interview(workspace)
    [account] = accounts(workspace).values()

    deliver(
        workspace,
        "app_deauthorized",
        {
            "account_id": account.zoom_account_id,
            "user_id": account.zoom_user_id,
            "client_id": account.client_id,
            "user_data_retention": "false",
        },
    )

    assert accounts(workspace) == {}
    event = the_event(workspace)
    assert (event.zoom_account_id, event.zoom_account_name) == (None, "採用担当A")
    assert event.status == EventStatus.SCHEDULED
