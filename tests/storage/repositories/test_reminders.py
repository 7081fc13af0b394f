"""storage.repositories.reminders.ReminderRepository: leasing due reminders, on both databases."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from storage.db import Database, make_engine
from storage.migrate import upgrade
from storage.models import (
    Event,
    EventKind,
    EventStatus,
    Reminder,
    ReminderKind,
    ReminderStatus,
    Workspace,
)
from storage.repositories.reminders import ReminderRepository

NOW = datetime(2026, 11, 23, 0, 0, tzinfo=UTC)
LEASE = timedelta(minutes=5)
TEAM = "T0HARNESS"


@pytest.fixture
def db(database_url: str) -> Iterator[Database]:
    database = Database(make_engine(database_url))
    upgrade(database.engine)
    with database.transaction() as session:
        session.add(Workspace(team_id=TEAM, created_at=NOW))
        session.flush()
        session.add(
            Event(
                id=1,
                team_id=TEAM,
                submission_key="view-1",
                kind=EventKind.INTERVIEW,
                title="一次面接",
                starts_at=NOW + timedelta(days=1),
                duration_minutes=60,
                timezone="Asia/Tokyo",
                channel_id="C0HARNESS",
                organizer_id="U0RECRUITER",
                requested_account="auto",
                status=EventStatus.SCHEDULED,
                created_at=NOW,
                updated_at=NOW,
            )
        )
    yield database
    database.dispose()


def add(
    db: Database,
    offset: int,
    *,
    due: datetime,
    recipient: str = "U1",
    status: ReminderStatus = ReminderStatus.PENDING,
    locked_by: str | None = None,
    locked_until: datetime | None = None,
) -> int:
    with db.transaction() as session:
        reminder = Reminder(
            team_id=TEAM,
            event_id=1,
            kind=ReminderKind.REMINDER,
            spec=f"before:{offset}",
            recipient_id=recipient,
            due_at=due,
            status=status,
            locked_by=locked_by,
            locked_until=locked_until,
        )
        ReminderRepository(session).add_all([reminder])
        return reminder.id


def claim(db: Database, owner: str, now: datetime = NOW, limit: int = 10) -> list[Reminder]:
    with db.transaction() as session:
        return ReminderRepository(session).claim_due(
            now=now, owner=owner, lease_until=now + LEASE, limit=limit
        )


def get(db: Database, reminder_id: int) -> Reminder:
    with db.transaction() as session:
        reminder = session.get(Reminder, reminder_id)
        assert reminder is not None
        return reminder


def test_only_due_pending_unleased_rows_are_claimed(db: Database) -> None:
    due_early = add(db, 1440, due=NOW - timedelta(hours=2))
    due_now = add(db, 60, due=NOW)
    add(db, 10, due=NOW + timedelta(seconds=1))  # not due yet
    add(db, 30, due=NOW - timedelta(hours=1), status=ReminderStatus.SENT)
    add(db, 20, due=NOW - timedelta(hours=1), status=ReminderStatus.SKIPPED)
    add(db, 15, due=NOW - timedelta(hours=1), status=ReminderStatus.FAILED)
    add(
        db,
        5,
        due=NOW - timedelta(hours=1),
        locked_by="other",
        locked_until=NOW + timedelta(minutes=1),
    )

    claimed = claim(db, "worker-a")
    assert [r.id for r in claimed] == [due_early, due_now]
    for reminder in claimed:
        assert reminder.locked_by == "worker-a"
        assert reminder.locked_until == NOW + LEASE
        assert reminder.status == ReminderStatus.PENDING
    assert claim(db, "worker-b") == []


def test_limit_takes_the_oldest_first(db: Database) -> None:
    ids = [add(db, n, due=NOW - timedelta(minutes=n)) for n in (1, 2, 3, 4)]
    first = claim(db, "worker-a", limit=2)
    assert [r.id for r in first] == [ids[3], ids[2]]
    second = claim(db, "worker-b", limit=2)
    assert [r.id for r in second] == [ids[1], ids[0]]


def test_expired_lease_is_reclaimable(db: Database) -> None:
    stale = add(db, 60, due=NOW - timedelta(hours=1), locked_by="dead-worker", locked_until=NOW)
    (reclaimed,) = claim(db, "worker-b")
    assert reclaimed.id == stale
    assert reclaimed.locked_by == "worker-b"


def test_finish_fails_once_the_lease_passed_to_another_owner(db: Database) -> None:
    reminder_id = add(db, 60, due=NOW - timedelta(minutes=1))
    assert [r.id for r in claim(db, "worker-a")] == [reminder_id]
    later = NOW + LEASE + timedelta(seconds=1)
    assert [r.id for r in claim(db, "worker-b", now=later)] == [reminder_id]

    with db.transaction() as session:
        repo = ReminderRepository(session)
        assert repo.finish(reminder_id, owner="worker-a", status=ReminderStatus.SENT) is False
        assert (
            repo.retry_later(
                reminder_id, owner="worker-a", not_before=later, error="late", attempt=True
            )
            is False
        )
    assert get(db, reminder_id).locked_by == "worker-b"

    with db.transaction() as session:
        done = ReminderRepository(session).finish(
            reminder_id, owner="worker-b", status=ReminderStatus.SENT, sent_at=later
        )
        assert done is True
    finished = get(db, reminder_id)
    assert finished.status == ReminderStatus.SENT
    assert finished.sent_at == later
    assert finished.locked_by is None
    assert finished.locked_until is None
    with db.transaction() as session:
        again = ReminderRepository(session).finish(
            reminder_id, owner="worker-b", status=ReminderStatus.FAILED
        )
        assert again is False
    assert get(db, reminder_id).status == ReminderStatus.SENT
    assert claim(db, "worker-c", now=later + timedelta(hours=1)) == []


def test_retry_later_hides_the_row_until_not_before(db: Database) -> None:
    reminder_id = add(db, 60, due=NOW - timedelta(minutes=1))
    claim(db, "worker-a")
    not_before = NOW + timedelta(minutes=10)
    with db.transaction() as session:
        assert ReminderRepository(session).retry_later(
            reminder_id, owner="worker-a", not_before=not_before, error="ratelimited", attempt=True
        )
    deferred = get(db, reminder_id)
    assert deferred.locked_by is None
    assert deferred.locked_until == not_before
    assert deferred.attempts == 1
    assert deferred.last_error == "ratelimited"

    assert claim(db, "worker-a", now=not_before - timedelta(seconds=1)) == []
    (again,) = claim(db, "worker-b", now=not_before)
    assert again.id == reminder_id

    with db.transaction() as session:
        assert ReminderRepository(session).retry_later(
            reminder_id, owner="worker-b", not_before=not_before, error=None, attempt=False
        )
    unchanged = get(db, reminder_id)
    assert unchanged.attempts == 1
    assert unchanged.last_error == "ratelimited"


def test_next_due_at(db: Database) -> None:
    with db.transaction() as session:
        assert ReminderRepository(session).next_due_at() is None
    add(db, 30, due=NOW - timedelta(hours=3), status=ReminderStatus.SENT)
    first = add(db, 60, due=NOW + timedelta(minutes=5))
    add(db, 10, due=NOW + timedelta(minutes=20))
    with db.transaction() as session:
        assert ReminderRepository(session).next_due_at() == NOW + timedelta(minutes=5)

    later = NOW + timedelta(minutes=5)
    claim(db, "worker-a", now=later)
    with db.transaction() as session:
        repo = ReminderRepository(session)
        assert repo.retry_later(
            first,
            owner="worker-a",
            not_before=NOW + timedelta(minutes=30),
            error=None,
            attempt=True,
        )
    with db.transaction() as session:
        next_due = ReminderRepository(session).next_due_at()
    # The deferred reminder now waits until :30, so the one due at :20 comes first.
    assert next_due == NOW + timedelta(minutes=20)
    assert next_due is not None
    assert next_due.tzinfo is not None


def test_next_due_at_ignores_a_lease_that_ended_before_the_due_time(db: Database) -> None:
    add(db, 60, due=NOW + timedelta(minutes=15), locked_until=NOW - timedelta(minutes=1))
    with db.transaction() as session:
        assert ReminderRepository(session).next_due_at() == NOW + timedelta(minutes=15)


# `FOR UPDATE SKIP LOCKED` is PostgreSQL's; SQLite serialises writers instead.
@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_concurrent_claims_share_the_work(db: Database) -> None:
    ids = [add(db, n, due=NOW - timedelta(minutes=n), recipient=f"U{n}") for n in (1, 2, 3, 4)]
    with db.transaction() as first_session:
        first = ReminderRepository(first_session).claim_due(
            now=NOW, owner="worker-a", lease_until=NOW + LEASE, limit=2
        )
        # worker-a has not committed: worker-b skips its locked rows instead of waiting.
        with db.transaction() as second_session:
            # Should a regression make worker-b wait for the locks, fail instead of hanging.
            second_session.execute(text("SET LOCAL lock_timeout = '2s'"))
            second = ReminderRepository(second_session).claim_due(
                now=NOW, owner="worker-b", lease_until=NOW + LEASE, limit=10
            )
    assert {r.id for r in first} | {r.id for r in second} == set(ids)
    assert {r.id for r in first} & {r.id for r in second} == set()


def test_claim_marks_rows_whose_holder_let_the_lease_run_out(db: Database) -> None:
    abandoned = add(db, 60, due=NOW, locked_by="dead", locked_until=NOW - timedelta(seconds=1))
    fresh = add(db, 30, due=NOW)
    with db.transaction() as session:
        repo = ReminderRepository(session)
        assert (
            repo.retry_later(fresh, owner="nobody", not_before=NOW, error=None, attempt=False)
            is False
        )
    given_back = add(db, 10, due=NOW, locked_by="p0", locked_until=NOW + LEASE)
    with db.transaction() as session:
        assert ReminderRepository(session).retry_later(
            given_back, owner="p0", not_before=NOW, error=None, attempt=False
        )
    with db.transaction() as session:
        claimed, marked = ReminderRepository(session).claim_due_marked(
            now=NOW, owner="p1", lease_until=NOW + LEASE, limit=10
        )
    assert sorted(r.id for r in claimed) == sorted([abandoned, fresh, given_back])
    assert marked == {abandoned}  # given back on purpose (retry_later) is not abandoned
