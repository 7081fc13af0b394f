"""storage.repositories.bookings: which events hold which account when, and the workspace
lock that makes choosing one atomic, on both databases."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from storage.db import Database, make_engine
from storage.migrate import upgrade
from storage.models import Event, EventKind, EventStatus, Workspace, ZoomAccount
from storage.repositories.bookings import Booking, BookingRepository

NOW = datetime(2026, 11, 23, 0, 0, tzinfo=UTC)
START = datetime(2026, 11, 25, 5, 0, tzinfo=UTC)
TEAM = "T0HARNESS"


@pytest.fixture
def db(database_url: str) -> Iterator[Database]:
    database = Database(make_engine(database_url))
    upgrade(database.engine)
    with database.transaction() as session:
        session.add(Workspace(team_id=TEAM, created_at=NOW))
        session.add(Workspace(team_id="T0OTHER", created_at=NOW))
        session.flush()
        for n in (1, 2):
            session.add(
                ZoomAccount(
                    id=n,
                    team_id=TEAM,
                    display_name=f"account{n}",
                    auth_type="s2s",
                    zoom_user_id=f"zoomuser{n}",
                    zoom_email=f"a{n}@example.com",
                    linked_by="test",
                    created_at=NOW,
                    updated_at=NOW,
                )
            )
    yield database
    database.dispose()


def add_event(
    db: Database,
    *,
    start: datetime = START,
    minutes: int = 60,
    status: EventStatus = EventStatus.SCHEDULED,
    account: int | None = 1,
    meeting_id: str | None = None,
    team_id: str = TEAM,
) -> int:
    with db.transaction() as session:
        event = Event(
            team_id=team_id,
            submission_key=f"view:{start.isoformat()}:{status}:{account}:{meeting_id}:{minutes}",
            kind=EventKind.INTERVIEW,
            title="一次面接",
            starts_at=start,
            duration_minutes=minutes,
            timezone="Asia/Tokyo",
            channel_id="C0HARNESS",
            organizer_id="U0RECRUITER",
            requested_account="auto",
            status=status,
            zoom_account_id=account,
            meeting_id=meeting_id,
            created_at=NOW,
            updated_at=NOW,
        )
        session.add(event)
        session.flush()
        return event.id


def bookings(db: Database, *, exclude: int | None = None) -> list[Booking]:
    with db.transaction() as session:
        return BookingRepository(session).bookings(
            TEAM, START, START + timedelta(hours=1), exclude_event=exclude
        )


def test_creating_and_scheduled_events_hold_their_account(db: Database) -> None:
    scheduled = add_event(db, meeting_id="111")
    creating = add_event(db, status=EventStatus.CREATING, account=2)
    add_event(db, status=EventStatus.FAILED)  # a failed event holds nothing
    add_event(db, status=EventStatus.CANCELLED)
    add_event(db, status=EventStatus.CREATING, account=None)  # not chosen yet
    add_event(db, team_id="T0OTHER", account=None)
    assert sorted((b.event_id, b.account_id, b.meeting_id) for b in bookings(db)) == [
        (scheduled, 1, "111"),
        (creating, 2, None),
    ]
    assert [b.event_id for b in bookings(db, exclude=scheduled)] == [creating]


def test_only_overlapping_events(db: Database) -> None:
    add_event(db, start=START - timedelta(hours=1))  # ends as the slot starts
    add_event(db, start=START + timedelta(hours=1))  # starts as it ends
    long = add_event(db, start=START - timedelta(hours=11), minutes=720)  # 12 h, still on
    inside = add_event(db, start=START + timedelta(minutes=30), minutes=5)
    found = bookings(db)
    assert sorted(b.event_id for b in found) == [long, inside]
    [b] = [b for b in found if b.event_id == inside]
    assert (b.start, b.end) == (START + timedelta(minutes=30), START + timedelta(minutes=35))


def test_our_meetings_among_zoom_ids(db: Database) -> None:
    add_event(db, meeting_id="111")
    add_event(db, meeting_id="222", status=EventStatus.CANCELLED)
    add_event(db, meeting_id="333", team_id="T0OTHER", account=None)
    with db.transaction() as session:
        repo = BookingRepository(session)
        assert repo.our_meetings(TEAM, ["111", "222", "333", "444"]) == {"111", "222"}
        assert repo.our_meetings(TEAM, []) == set()


def test_the_workspace_lock_lets_one_transaction_decide_at_a_time(db: Database) -> None:
    """The second locker waits until the first commits, then reads what it wrote."""
    first_locked, first_may_commit = threading.Event(), threading.Event()
    seen: list[int] = []

    def first() -> None:
        with db.transaction() as session:
            BookingRepository(session).lock_team(TEAM)
            first_locked.set()
            assert first_may_commit.wait(10)
            session.add(
                Event(
                    team_id=TEAM,
                    submission_key="view:first",
                    kind=EventKind.INTERVIEW,
                    title="first",
                    starts_at=START,
                    duration_minutes=60,
                    timezone="Asia/Tokyo",
                    channel_id="C0HARNESS",
                    organizer_id="U0RECRUITER",
                    requested_account="auto",
                    status=EventStatus.CREATING,
                    zoom_account_id=1,
                    created_at=NOW,
                    updated_at=NOW,
                )
            )

    def second() -> None:
        assert first_locked.wait(10)
        with db.transaction() as session:
            repo = BookingRepository(session)
            repo.lock_team(TEAM)  # waits for `first` to commit
            seen.append(len(repo.bookings(TEAM, START, START + timedelta(hours=1))))

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    assert first_locked.wait(10)
    # `second` is blocked on the lock (nothing to observe but its absence of a result).
    assert seen == []
    first_may_commit.set()
    for thread in threads:
        thread.join(20)
    assert seen == [1]
