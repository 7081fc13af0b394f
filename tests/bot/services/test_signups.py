"""bot.services.signups: seats are counted and taken atomically on both databases; a
sign-up plans the joiner's reminders in their zone; leaving skips them."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest

from bot.clock import ManualClock
from bot.services.signups import Refusal, SignupResult, SignupService
from bot.slack.people import Person
from storage.db import Database, make_engine
from storage.migrate import upgrade
from storage.models import (
    AuditAction,
    Event,
    EventAudit,
    EventKind,
    EventParticipant,
    EventStatus,
    ParticipantSource,
    Reminder,
    SlackUser,
    Workspace,
)

TEAM = "T0HARNESS"
START = datetime(2026, 11, 25, 5, 0, tzinfo=UTC)  # 14:00 Tokyo


@pytest.fixture
def db(database_url: str, clock: ManualClock) -> Iterator[Database]:
    database = Database(make_engine(database_url))
    upgrade(database.engine)
    with database.transaction() as session:
        session.add(Workspace(team_id=TEAM, created_at=clock.now()))
    yield database
    database.dispose()


@pytest.fixture
def signups(db: Database, clock: ManualClock) -> SignupService:
    return SignupService(db, clock)


def scheduled(db: Database, clock: ManualClock, **columns: object) -> int:
    values: dict[str, object] = {
        "signups_open": True,
        "capacity": 2,
        "url_on_signup": True,
        "reminder_specs": ["before:60", "day:1@18:00"],
        "status": EventStatus.SCHEDULED,
        **columns,
    }
    with db.transaction() as session:
        event = Event(
            team_id=TEAM,
            submission_key=f"view:{uuid.uuid4().hex}",
            kind=EventKind.INFO_SESSION,
            title="会社説明会",
            starts_at=START,
            duration_minutes=60,
            timezone="Asia/Tokyo",
            channel_id="C0HARNESS",
            organizer_id="U0RECRUITER",
            requested_account="auto",
            created_at=clock.now(),
            updated_at=clock.now(),
            **values,
        )
        session.add(event)
        session.flush()
        session.add(EventParticipant(team_id=TEAM, event_id=event.id, user_id="U0RECRUITER"))
        return event.id


def person(user_id: str, tz: str = "Asia/Tokyo", *, known: bool = True) -> Person:
    return Person(user_id, "ja", tz, f"name of {user_id}", known=known)


def rows(db: Database, user_id: str) -> list[tuple[str, str, datetime, str, str | None]]:
    with db.transaction() as session:
        found = session.query(Reminder).filter(Reminder.recipient_id == user_id).all()
        return sorted((r.kind, r.spec, r.due_at, r.status, r.skip_reason) for r in found)


def join_together(signups: SignupService, event_id: int, users: list[str]) -> list[SignupResult]:
    barrier = threading.Barrier(len(users))

    def join(user: str) -> SignupResult:
        barrier.wait(10)
        return signups.join(TEAM, event_id, person(user))

    with ThreadPoolExecutor(len(users)) as pool:
        return list(pool.map(join, users))


def test_many_at_once_for_few_seats_fill_exactly_the_capacity(
    db: Database, signups: SignupService, clock: ManualClock
) -> None:
    event_id = scheduled(db, clock, capacity=3)
    results = join_together(signups, event_id, [f"U{n}" for n in range(8)])
    assert sum(r.changed for r in results) == 3
    assert [r.refusal for r in results if not r.changed] == [Refusal.FULL] * 5
    with db.transaction() as session:
        taken = session.query(EventParticipant).filter_by(source=ParticipantSource.SIGNED_UP)
        assert taken.count() == 3
        assert session.query(EventAudit).filter_by(action=AuditAction.SIGNED_UP).count() == 3


def test_the_same_person_twice_at_once_takes_one_seat(
    db: Database, signups: SignupService, clock: ManualClock
) -> None:
    event_id = scheduled(db, clock)
    results = join_together(signups, event_id, ["U1", "U1"])
    assert sorted(str(r.refusal) for r in results) == ["None", "already_joined"]


def test_a_sign_up_plans_the_joiners_reminders_in_their_zone(
    db: Database, signups: SignupService, clock: ManualClock
) -> None:
    event_id = scheduled(db, clock)
    result = signups.join(TEAM, event_id, person("U1", "Europe/London"))
    assert result.changed
    assert result.url_dm
    assert result.planned == 3
    london_evening_before = datetime(2026, 11, 24, 18, 0, tzinfo=UTC)  # 18:00 GMT
    assert rows(db, "U1") == [
        ("invitation", "now", clock.now(), "pending", None),
        # 04:00 in London is in the quiet hours (22:00-08:00): the evening before instead.
        ("reminder", "before:60", datetime(2026, 11, 24, 22, 0, tzinfo=UTC), "pending", None),
        ("reminder", "day:1@18:00", london_evening_before, "pending", None),
    ]
    with db.transaction() as session:
        stored = session.get(SlackUser, (TEAM, "U1"))
        assert stored is not None
        assert stored.tz == "Europe/London"


def test_a_reader_slack_cannot_tell_us_about_is_timed_in_the_events_zone(
    db: Database, signups: SignupService, clock: ManualClock
) -> None:
    event_id = scheduled(db, clock, url_on_signup=False)
    result = signups.join(TEAM, event_id, person("U1", "UTC", known=False))
    assert not result.url_dm
    tokyo_evening_before = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)  # 18:00 JST
    assert ("reminder", "day:1@18:00", tokyo_evening_before, "pending", None) in rows(db, "U1")
    with db.transaction() as session:
        assert session.get(SlackUser, (TEAM, "U1")) is None


def test_a_reminder_already_past_at_sign_up_is_skipped_with_that_reason(
    db: Database, signups: SignupService, clock: ManualClock
) -> None:
    event_id = scheduled(db, clock)
    clock.set(START - timedelta(hours=3))  # after 18:00 the evening before
    signups.join(TEAM, event_id, person("U1"))
    skipped = [r for r in rows(db, "U1") if r[3] == "skipped"]
    assert [(r[1], r[4]) for r in skipped] == [("day:1@18:00", "due_before_signup")]


def test_leaving_skips_pending_reminders_and_records_it(
    db: Database, signups: SignupService, clock: ManualClock
) -> None:
    event_id = scheduled(db, clock)
    signups.join(TEAM, event_id, person("U1"))
    assert signups.leave(TEAM, event_id, "U1").changed
    assert {(r[3], r[4]) for r in rows(db, "U1")} == {("skipped", "participant_left")}
    with db.transaction() as session:
        left = session.query(EventAudit).filter_by(action=AuditAction.LEFT).one()
        assert left.actor_id == "U1"
        assert left.details == {"signed_up": 0, "reminders_skipped": 3}
        assert session.query(EventParticipant).filter_by(user_id="U1").count() == 0
    assert signups.leave(TEAM, event_id, "U1").refusal is Refusal.NOT_JOINED


def test_refusals(db: Database, signups: SignupService, clock: ManualClock) -> None:
    closed = scheduled(db, clock, signups_open=False)
    assert signups.join(TEAM, closed, person("U1")).refusal is Refusal.CLOSED
    event_id = scheduled(db, clock)
    assert signups.join(TEAM, event_id, person("U0RECRUITER")).refusal is Refusal.INVITED
    assert signups.leave(TEAM, event_id, "U0RECRUITER").refusal is Refusal.INVITED
    assert signups.join("T0OTHER", event_id, person("U1")).event is None
    creating = scheduled(db, clock, status=EventStatus.CREATING)
    assert signups.join(TEAM, creating, person("U1")).event is None
    cancelled = scheduled(db, clock, status=EventStatus.CANCELLED)
    assert signups.join(TEAM, cancelled, person("U1")).refusal is Refusal.CANCELLED
    assert signups.leave(TEAM, cancelled, "U1").refusal is Refusal.CANCELLED
    clock.set(START)
    assert signups.join(TEAM, event_id, person("U1")).refusal is Refusal.STARTED
    assert signups.leave(TEAM, event_id, "U1").refusal is Refusal.STARTED
    with db.transaction() as session:
        assert session.query(EventAudit).count() == 0
