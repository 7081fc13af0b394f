"""ReminderDispatcher against the Slack stand-in and a real database (both engines).

Unknown outcomes (the connection dropped after the post), abandoned leases, 429 storms per
(workspace, method), and concurrent sending. Time comes from a `ManualClock`; nothing sleeps.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from slack_sdk import WebClient
from slack_sdk.web import SlackResponse

from bot.clock import ManualClock
from bot.services.reminders import OUTCOME_UNKNOWN, ReminderDispatcher
from bot.slack.people import PeopleDirectory
from standins.slack import SlackStandIn
from storage.db import Database, make_engine
from storage.migrate import upgrade
from storage.models import (
    Event,
    EventParticipant,
    EventStatus,
    Reminder,
    ReminderKind,
    ReminderStatus,
    Workspace,
)
from storage.repositories.event_locks import hold_posts
from storage.repositories.reminders import ReminderRepository
from tests.storage.lock_waits import wait_for_posts_waiter

T0 = datetime(2026, 11, 23, tzinfo=UTC)
START = T0 + timedelta(days=1)
TOKEN = "xoxb-dispatcher-test"
TEAMS = ("T0ALPHA", "T0BETA")


class FlakyClient(WebClient):
    """Raises `TimeoutError` on the next `fail_posts` chat.postMessage calls without sending."""

    fail_posts = 0

    def chat_postMessage(self, **kwargs: Any) -> SlackResponse:
        if self.fail_posts:
            self.fail_posts -= 1
            raise TimeoutError("read timed out")
        return super().chat_postMessage(**kwargs)


@dataclass
class Rig:
    db: Database
    slack: SlackStandIn
    client: FlakyClient
    clock: ManualClock
    event_ids: dict[str, int]

    def dispatcher(self, owner: str = "p1", **options: Any) -> ReminderDispatcher:
        people = PeopleDirectory(self.client, self.clock)
        return ReminderDispatcher(self.db, self.client, people, self.clock, owner=owner, **options)

    def add(
        self,
        users: list[str],
        *,
        team: str = TEAMS[0],
        due: datetime = T0,
        last_error: str | None = None,
    ) -> list[int]:
        with self.db.transaction() as session:
            rows = [
                Reminder(
                    team_id=team,
                    event_id=self.event_ids[team],
                    kind=ReminderKind.REMINDER,
                    spec=f"before:{int((START - due).total_seconds() // 60)}",
                    recipient_id=user,
                    due_at=due,
                    status=ReminderStatus.PENDING,
                    attempts=0,
                    last_error=last_error,
                )
                for user in users
            ]
            ReminderRepository(session).add_all(rows)
            return [row.id for row in rows]

    def rows(self) -> dict[int, Reminder]:
        with self.db.transaction() as session:
            found = session.query(Reminder).all()
            session.expunge_all()
            return {row.id: row for row in found}

    def posts(self) -> list[Any]:
        return self.slack.calls_to("chat.postMessage")

    def delivered(self) -> list[str]:
        """Recipients' DM channels of every message the stand-in holds."""
        return [m["channel"] for m in self.slack.messages() if m["channel"].startswith("D")]


USERS = [f"U0P{i:03d}" for i in range(8)]


@pytest.fixture
def rig(database_url: str) -> Iterator[Rig]:
    clock = ManualClock(T0)
    db = Database(make_engine(database_url))
    upgrade(db.engine)
    event_ids: dict[str, int] = {}
    with SlackStandIn(bot_token=TOKEN, now=clock.now) as slack:
        for user in USERS:
            slack.add_user(user, name=user.lower(), locale="en-US")
        with db.transaction() as session:
            for team in TEAMS:
                session.add(Workspace(team_id=team, created_at=T0))
                session.flush()
                event = Event(
                    team_id=team,
                    submission_key=f"view-{team}",
                    kind="interview",
                    title="Final interview",
                    starts_at=START,
                    duration_minutes=60,
                    timezone="Asia/Tokyo",
                    channel_id="C0HARNESS",
                    organizer_id=USERS[0],
                    notify_participants=False,
                    reminder_specs=["before:60"],
                    requested_account="auto",
                    status=EventStatus.SCHEDULED,
                    join_url="https://zoom.example/j/1",
                    version=1,
                    created_at=T0,
                    updated_at=T0,
                )
                session.add(event)
                session.flush()
                session.add_all(
                    EventParticipant(team_id=team, event_id=event.id, user_id=user)
                    for user in USERS
                )
                event_ids[team] = event.id
        client = FlakyClient(token=TOKEN, base_url=slack.api_url, retry_handlers=[])
        yield Rig(db, slack, client, clock, event_ids)
        assert slack.internal_errors == []
        assert slack.violations == []
    db.dispose()


# --------------------------------------------------------------------------- unknown outcomes


def test_a_post_whose_answer_is_lost_is_found_in_history_and_not_resent(rig: Rig) -> None:
    [reminder_id] = rig.add(USERS[:1])
    rig.slack.drop_after_post("chat.postMessage")
    report = rig.dispatcher().run_once()
    assert report.sent == 1
    assert report.recovered == 1
    [post] = rig.posts()
    assert post.dropped
    [history] = rig.slack.calls_to("conversations.history")
    assert history.args["channel"] == "D0P000"
    assert history.args["include_all_metadata"] in (True, "true", "1")
    # The search starts at the attempt (less a clock-skew margin), not at the beginning.
    assert float(history.args["oldest"]) == pytest.approx((T0 - timedelta(minutes=5)).timestamp())
    row = rig.rows()[reminder_id]
    assert row.status == ReminderStatus.SENT
    assert row.slack_ts == rig.slack.dms_to(USERS[0])[0]["ts"]
    assert row.slack_channel == "D0P000"
    assert rig.delivered() == ["D0P000"]


def test_when_history_cannot_be_read_the_next_attempt_looks_before_sending(rig: Rig) -> None:
    [reminder_id] = rig.add(USERS[:1])
    rig.slack.drop_after_post("chat.postMessage")
    rig.slack.fail_next("conversations.history", "internal_error")
    dispatcher = rig.dispatcher()
    report = dispatcher.run_once()
    assert (report.sent, report.deferred) == (0, 1)
    row = rig.rows()[reminder_id]
    assert row.status == ReminderStatus.PENDING
    assert row.attempts == 1
    assert row.last_error is not None
    assert row.last_error.startswith(OUTCOME_UNKNOWN)

    rig.clock.advance(timedelta(seconds=31))  # past the first backoff
    report = dispatcher.run_once()
    assert (report.sent, report.recovered) == (1, 1)
    assert len(rig.posts()) == 1  # looked first, found it, did not post again
    assert rig.delivered() == ["D0P000"]


def test_a_post_that_never_reached_slack_is_sent_once_after_looking(rig: Rig) -> None:
    [reminder_id] = rig.add(USERS[:1])
    rig.client.fail_posts = 1  # times out before anything reaches Slack
    dispatcher = rig.dispatcher()
    report = dispatcher.run_once()
    assert (report.sent, report.deferred) == (0, 1)
    assert len(rig.slack.calls_to("conversations.history")) == 1  # looked at once: not there

    rig.clock.advance(timedelta(seconds=31))
    report = dispatcher.run_once()
    assert (report.sent, report.recovered) == (1, 0)
    assert len(rig.slack.calls_to("conversations.history")) == 2  # looked again, then sent
    assert rig.delivered() == ["D0P000"]
    row = rig.rows()[reminder_id]
    assert row.status == ReminderStatus.SENT
    assert row.last_error is None


def test_a_process_that_died_after_posting_is_not_doubled_by_the_next(rig: Rig) -> None:
    [reminder_id] = rig.add(USERS[:1])
    # Process A claims the row, posts the message, and dies before recording it.
    with rig.db.transaction() as session:
        [claimed] = ReminderRepository(session).claim_due(
            now=T0, owner="A", lease_until=T0 + timedelta(minutes=2), limit=10
        )
    rig.client.chat_postMessage(
        channel="D0P000",
        text="reminder",
        metadata={
            "event_type": "recruitbot_reminder",
            "event_payload": {"reminder_id": claimed.id},
        },
    )
    rig.clock.advance(timedelta(minutes=3))  # A's lease runs out
    report = rig.dispatcher(owner="B").run_once()
    assert (report.sent, report.recovered) == (1, 1)
    assert len(rig.posts()) == 1
    assert rig.rows()[reminder_id].status == ReminderStatus.SENT


def test_an_abandoned_row_that_was_never_posted_is_sent_once(rig: Rig) -> None:
    rig.add(USERS[:2])
    with rig.db.transaction() as session:
        ReminderRepository(session).claim_due(
            now=T0, owner="A", lease_until=T0 + timedelta(minutes=2), limit=10
        )
    rig.clock.advance(timedelta(minutes=3))
    report = rig.dispatcher(owner="B").run_once()
    assert (report.sent, report.recovered) == (2, 0)
    assert sorted(rig.delivered()) == ["D0P000", "D0P001"]


def test_a_normal_send_does_not_read_history(rig: Rig) -> None:
    rig.add(USERS[:3])
    assert rig.dispatcher().run_once().sent == 3
    assert rig.slack.calls_to("conversations.history") == []
    for post in rig.posts():
        assert post.args["metadata"]["event_type"] == "recruitbot_reminder"


# --------------------------------------------------------------------------- rate limits


def test_a_429_storm_waits_out_every_retry_after_and_drops_nothing(rig: Rig) -> None:
    ids = rig.add(USERS[:5])
    rig.slack.rate_limit("chat.postMessage", times=3, retry_after=30)
    dispatcher = rig.dispatcher()

    report = dispatcher.run_once()
    assert (report.sent, report.deferred, report.rate_limited) == (0, 5, 5)
    assert len(rig.posts()) == 1  # after the 429, no further request in that batch

    # Before Retry-After: nothing is claimable and a newly due row makes no request either.
    rig.clock.advance(timedelta(seconds=10))
    [late] = rig.add(USERS[5:6], due=rig.clock.now())
    report = dispatcher.run_once()
    assert (report.sent, report.deferred, report.rate_limited) == (0, 1, 1)
    assert len(rig.posts()) == 1

    # Second and third 429: each time exactly one request, made at Retry-After.
    for storm in (2, 3):
        rig.clock.advance(timedelta(seconds=30))
        report = dispatcher.run_once()
        assert report.sent == 0
        assert len(rig.posts()) == storm
        rig.clock.advance(timedelta(seconds=5))
        assert dispatcher.run_once().sent == 0
        assert len(rig.posts()) == storm  # still waiting

    rig.clock.advance(timedelta(seconds=30))
    report = dispatcher.run_once()
    assert report.sent == 6
    assert [call.status for call in rig.posts()] == [429, 429, 429] + [200] * 6
    assert sorted(rig.delivered()) == sorted(f"D0P{i:03d}" for i in range(6))
    rows = rig.rows()
    for reminder_id in [*ids, late]:
        assert rows[reminder_id].status == ReminderStatus.SENT
        assert rows[reminder_id].attempts == 0  # a rate limit is not a failed attempt


def test_a_rate_limit_holds_one_workspace_not_the_other(rig: Rig) -> None:
    rig.add(USERS[:3], team=TEAMS[0])
    rig.add(USERS[3:6], team=TEAMS[1])
    rig.slack.rate_limit("chat.postMessage", times=1, retry_after=20)
    dispatcher = rig.dispatcher()
    report = dispatcher.run_once()
    assert (report.sent, report.deferred) == (3, 3)
    assert sorted(rig.delivered()) == ["D0P003", "D0P004", "D0P005"]
    assert dispatcher.rate_limits.blocked_until(TEAMS[0], "chat.postMessage", rig.clock.now())
    assert not dispatcher.rate_limits.blocked_until(TEAMS[1], "chat.postMessage", rig.clock.now())
    rig.clock.advance(timedelta(seconds=21))
    assert dispatcher.run_once().sent == 3
    assert len(rig.delivered()) == 6


def test_a_burst_posts_to_user_ids_without_opening_each_dm(rig: Rig) -> None:
    # conversations.open is Tier 3 (about 50 a minute): a large event must not need one per
    # recipient. Posting to the user id reaches the DM; its channel id is learnt from the answer.
    rig.add(USERS[:2])
    rig.slack.rate_limit("conversations.open", times=5, retry_after=60)
    dispatcher = rig.dispatcher()
    assert dispatcher.run_once().sent == 2
    assert rig.slack.calls_to("conversations.open") == []
    assert sorted(rig.delivered()) == ["D0P000", "D0P001"]


def test_a_rate_limited_dm_open_defers_a_lookup_without_posting(rig: Rig) -> None:
    # Looking for an earlier send (a previous attempt's outcome is unknown) needs the DM
    # channel; when conversations.open is rate limited, the row waits and nothing is posted.
    rig.add(USERS[:1], last_error="outcome_unknown: ConnectionResetError")
    rig.slack.rate_limit("conversations.open", times=1, retry_after=15)
    dispatcher = rig.dispatcher()
    report = dispatcher.run_once()
    assert (report.sent, report.deferred) == (0, 1)
    assert rig.posts() == []
    rig.clock.advance(timedelta(seconds=16))
    assert dispatcher.run_once().sent == 1


# --------------------------------------------------------------------------- concurrency


def test_several_send_threads_and_two_processes_send_each_reminder_once(rig: Rig) -> None:
    rig.add(USERS, team=TEAMS[0])
    rig.add(USERS, team=TEAMS[1])
    a = rig.dispatcher("A", send_threads=4, batch_size=3)
    b = rig.dispatcher("B", send_threads=4, batch_size=3)
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(2) as pool:
        reports = list(pool.map(lambda d: d.run_once(), [a, b]))
    assert sum(r.sent for r in reports) == 16
    assert sum(r.lost_leases for r in reports) == 0
    assert len(rig.posts()) == 16
    assert all(row.status == ReminderStatus.SENT for row in rig.rows().values())


def test_a_row_is_not_sent_when_its_lease_is_about_to_run_out(rig: Rig) -> None:
    rig.add(USERS[:1])

    class LateClock(ManualClock):
        """Jumps 2 minutes forward right after the claim (a very slow batch)."""

        calls = 0

        def now(self) -> datetime:
            self.calls += 1
            if self.calls == 2:
                self.advance(timedelta(minutes=2))
            return super().now()

    clock = LateClock(T0)
    people = PeopleDirectory(rig.client, clock)
    dispatcher = ReminderDispatcher(rig.db, rig.client, people, clock, owner="slow")
    report = dispatcher.run_once()
    # Given back unsent, then claimed again under a fresh lease and sent once.
    assert (report.deferred, report.sent) == (1, 1)
    assert len(rig.posts()) == 1


def test_a_row_whose_last_look_waited_past_its_lease_is_given_back_unsent(rig: Rig) -> None:
    """A change held the event's posts while the lease ran down: the row is given back and
    sent under a fresh lease, never posted late in the old one (another process may have
    claimed it by then)."""
    rig.add(USERS[:1])
    event_id = rig.event_ids[TEAMS[0]]
    holding = threading.Event()
    release = threading.Event()

    def change() -> None:
        with rig.db.transaction() as session:
            hold_posts(session, event_id)
            holding.set()
            release.wait(10)

    changing = threading.Thread(target=change)
    changing.start()
    assert holding.wait(10)
    reports: list[Any] = []
    dispatching = threading.Thread(target=lambda: reports.append(rig.dispatcher().run_once()))
    dispatching.start()
    try:
        assert wait_for_posts_waiter(rig.db.engine, event_id, post=True)
        rig.clock.advance(timedelta(minutes=2))  # the lease ran down meanwhile
    finally:
        release.set()
        changing.join(10)
        dispatching.join(30)
    [report] = reports
    assert (report.deferred, report.sent) == (1, 1)
    assert len(rig.posts()) == 1
