"""bot.services.account_reservation: an account is reserved atomically, on both databases —
two events for overlapping slots reserved at the same instant never share one."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest

from bot.clock import ManualClock
from bot.messages import t
from bot.services.account_availability import AccountAvailability
from bot.services.account_choice import ZoomFailure
from bot.services.account_reservation import AccountReserver, Refused, Reserved
from bot.services.zoom_schedules import ZoomSchedules
from providers.base import IssuedMeeting, MeetingHost, MeetingRequest, ScheduledMeeting
from storage.db import Database, make_engine
from storage.migrate import upgrade
from storage.models import Event, EventKind, EventParticipant, EventStatus, Workspace, ZoomAccount

TEAM = "T0HARNESS"
START = datetime(2026, 11, 25, 5, 0, tzinfo=UTC)


class CalendarOnlyZoom:
    """A stand-in for Zoom that only knows each user's scheduled meetings."""

    def __init__(self) -> None:
        self.meetings: dict[str, list[ScheduledMeeting]] = {}

    def upcoming_meetings(
        self, host: MeetingHost, *, timeout: float | None = None
    ) -> list[ScheduledMeeting]:
        return list(self.meetings.get(host.user_id, []))

    def create_meeting(self, host: MeetingHost, request: MeetingRequest) -> IssuedMeeting:
        raise NotImplementedError

    def get_meeting(self, host: MeetingHost, meeting_id: str) -> IssuedMeeting:
        raise NotImplementedError

    def update_meeting(self, host: MeetingHost, meeting_id: str, request: MeetingRequest) -> None:
        raise NotImplementedError

    def delete_meeting(self, host: MeetingHost, meeting_id: str) -> None:
        raise NotImplementedError


@pytest.fixture
def db(database_url: str, clock: ManualClock) -> Iterator[Database]:
    database = Database(make_engine(database_url))
    upgrade(database.engine)
    with database.transaction() as session:
        session.add(Workspace(team_id=TEAM, created_at=clock.now()))
    yield database
    database.dispose()


@pytest.fixture
def zoom() -> CalendarOnlyZoom:
    return CalendarOnlyZoom()


@pytest.fixture
def reserver(db: Database, zoom: CalendarOnlyZoom, clock: ManualClock) -> AccountReserver:
    availability = AccountAvailability(db, ZoomSchedules(zoom, clock), clock)
    return AccountReserver(db, availability, clock)


def link(db: Database, clock: ManualClock, n: int, **columns: object) -> int:
    with db.transaction() as session:
        account = ZoomAccount(
            team_id=TEAM,
            display_name=f"account{n}",
            auth_type="s2s",
            zoom_user_id=f"zoomuser{n}",
            zoom_email=f"a{n}@example.com",
            linked_by="test",
            created_at=clock.now(),
            updated_at=clock.now(),
            **columns,
        )
        session.add(account)
        session.flush()
        return account.id


def submitted(
    db: Database,
    clock: ManualClock,
    *,
    requested: str = "auto",
    participants: tuple[str, ...] = (),
    start: datetime = START,
) -> int:
    """An event as `EventService.accept` leaves it: creating, no account yet."""
    with db.transaction() as session:
        event = Event(
            team_id=TEAM,
            submission_key=f"view:{uuid.uuid4().hex}",
            kind=EventKind.INTERVIEW,
            title="一次面接",
            starts_at=start,
            duration_minutes=60,
            timezone="Asia/Tokyo",
            channel_id="C0HARNESS",
            organizer_id="U0RECRUITER",
            requested_account=requested,
            status=EventStatus.CREATING,
            created_at=clock.now(),
            updated_at=clock.now(),
        )
        session.add(event)
        session.flush()
        for user in participants:
            session.add(EventParticipant(team_id=TEAM, event_id=event.id, user_id=user))
        return event.id


def reserve_together(
    reserver: AccountReserver, events: list[int]
) -> list[Reserved | Refused | None]:
    barrier = threading.Barrier(len(events))

    def reserve(event_id: int) -> Reserved | Refused | None:
        barrier.wait(10)
        return reserver.reserve(event_id, {}, locale="ja")

    with ThreadPoolExecutor(len(events)) as pool:
        return list(pool.map(reserve, events))


def test_simultaneous_reservations_take_different_accounts(
    db: Database, reserver: AccountReserver, clock: ManualClock
) -> None:
    link(db, clock, 1)
    link(db, clock, 2)
    for day in range(5):  # each round on its own day: earlier rounds are not in the way
        start = START + timedelta(days=day)
        pair = [submitted(db, clock, start=start), submitted(db, clock, start=start)]
        results = reserve_together(reserver, pair)
        assert all(isinstance(r, Reserved) for r in results), results
        accounts = {r.account.id for r in results if isinstance(r, Reserved)}
        assert len(accounts) == 2


def test_with_one_account_the_second_is_refused_cleanly(
    db: Database, reserver: AccountReserver, clock: ManualClock
) -> None:
    only = link(db, clock, 1)
    first, second = submitted(db, clock), submitted(db, clock)
    results = reserve_together(reserver, [first, second])
    reserved = [r for r in results if isinstance(r, Reserved)]
    refused = [r for r in results if isinstance(r, Refused)]
    assert [r.account.id for r in reserved] == [only]
    [no] = refused
    assert no.reason == "zoom.reason.none_free"
    reasons = no.params["reasons"]
    assert callable(reasons)
    assert "account1: 予定あり" in reasons("ja")
    with db.transaction() as session:
        holders = session.query(Event).filter(Event.zoom_account_id == only).count()
    assert holders == 1


def test_a_participants_own_account_and_the_why_line(
    db: Database, reserver: AccountReserver, zoom: CalendarOnlyZoom, clock: ManualClock
) -> None:
    link(db, clock, 1, priority=1)
    link(db, clock, 2, priority=2, slack_user_id="U2", waiting_room=True)
    zoom.meetings["zoomuser2"] = []
    event = submitted(db, clock, participants=("U0RECRUITER", "U2"))
    result = reserver.reserve(event, {}, locale="ja")
    assert isinstance(result, Reserved)
    assert result.account.name == "account2"
    assert result.choice_line == "→ account2(<@U2> さんの Zoom)"
    assert result.announce
    assert result.options.waiting_room
    with db.transaction() as session:
        stored = session.get(Event, event)
        assert stored is not None
        assert stored.zoom_account_name == "account2"
        assert stored.account_choice == result.choice_line
        assert stored.meeting_options == {
            "embed_passcode": True,
            "join_before_host": False,
            "waiting_room": True,
            "host_owner": "U2",
        }


def test_busy_in_zoom_is_skipped_and_a_failed_account_is_not_tried_again(
    db: Database, reserver: AccountReserver, zoom: CalendarOnlyZoom, clock: ManualClock
) -> None:
    a = link(db, clock, 1, priority=1)
    b = link(db, clock, 2, priority=2)
    link(db, clock, 3, priority=3)
    zoom.meetings["zoomuser1"] = [ScheduledMeeting("77", "別件", START, 60)]
    event = submitted(db, clock)
    result = reserver.reserve(event, {b: (ZoomFailure.RATE_LIMITED, 429)}, locale="en")
    assert isinstance(result, Reserved)
    assert result.account.name == "account3"
    ts = int(START.timestamp())
    assert result.choice_line == (
        f"account1: busy <!date^{ts}^{{time}}|2:00 PM>–<!date^{ts + 3600}^{{time}}|3:00 PM> · "
        "account2: Zoom rate limit (429) · → account3"
    )
    assert a != b


def test_an_account_picked_by_hand_that_is_taken_meanwhile(
    db: Database, reserver: AccountReserver, clock: ManualClock
) -> None:
    only = link(db, clock, 1)
    first = reserver.reserve(submitted(db, clock), {}, locale="ja")
    assert isinstance(first, Reserved)
    refused = reserver.reserve(submitted(db, clock, requested=str(only)), {}, locale="ja")
    assert isinstance(refused, Refused)
    assert refused.reason == "zoom.reason.account_taken"
    params = {k: v("en") if callable(v) else v for k, v in refused.params.items()}
    assert t("en", refused.reason, **params).startswith(
        "The Zoom account “account1” can't host at that time (busy <!date^"
    )
    assert refused.advice == "zoom.advice.other_time"


def test_an_event_no_longer_being_created_is_left_alone(
    db: Database, reserver: AccountReserver, clock: ManualClock
) -> None:
    link(db, clock, 1)
    event = submitted(db, clock)
    with db.transaction() as session:
        stored = session.get(Event, event)
        assert stored is not None
        stored.status = EventStatus.FAILED
    assert reserver.reserve(event, {}, locale="ja") is None
