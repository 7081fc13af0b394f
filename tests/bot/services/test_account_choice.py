"""bot.services.account_choice: an account's state for a slot, and the order 「自動」 uses."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

from bot.services.account_choice import (
    AccountFacts,
    AccountState,
    Availability,
    SkipReason,
    Slot,
    Usage,
    ZoomFailure,
    assess,
    explain,
    preference_order,
    rank,
)
from providers.base import ScheduledMeeting
from storage.models import AccountStatus
from storage.repositories.bookings import Booking

# 2026-11-25 14:00–15:00 in Tokyo.
START = datetime(2026, 11, 25, 5, 0, tzinfo=UTC)
SLOT = Slot.of(START, 60, "Asia/Tokyo")
RESET = datetime(2026, 11, 24, 0, 0, tzinfo=UTC)


def account(account_id: int, **changes: object) -> AccountFacts:
    facts = AccountFacts(
        id=account_id,
        name=f"account{account_id}",
        zoom_user_id=f"zoomuser{account_id}",
        status=AccountStatus.OK,
        priority=100,
        max_concurrent=None,
        owner_id=None,
    )
    return dataclasses.replace(facts, **changes)  # type: ignore[arg-type]


def ours(account_id: int, start: datetime, minutes: int = 60, event_id: int = 99) -> Booking:
    return Booking(event_id, account_id, start, start + timedelta(minutes=minutes), None)


def zoom(start: datetime, minutes: int = 60, meeting_id: str = "1") -> ScheduledMeeting:
    return ScheduledMeeting(meeting_id, "予定", start, minutes)


def state(
    facts: AccountFacts,
    *,
    bookings: list[Booking] | None = None,
    meetings: list[ScheduledMeeting] | None = None,
    used: int = 0,
    checked: bool = True,
) -> AccountState:
    return assess(
        facts,
        SLOT,
        bookings=bookings or [],
        zoom_meetings=(meetings or []) if checked else None,
        usage=Usage(used, 100, RESET),
    )


def test_free_when_nothing_overlaps() -> None:
    # Meetings that end when the slot starts, or start when it ends, do not overlap.
    s = state(
        account(1),
        bookings=[ours(1, START - timedelta(hours=1))],
        meetings=[zoom(START + timedelta(hours=1))],
    )
    assert s.availability is Availability.FREE
    assert s.busy == ()
    assert s.meetings_that_day == 2
    assert s.usable


def test_busy_from_our_events_or_from_zoom() -> None:
    from_ours = state(account(1), bookings=[ours(1, START + timedelta(minutes=30))])
    assert from_ours.availability is Availability.BUSY
    assert [b.ours for b in from_ours.busy] == [True]
    from_zoom = state(account(1), meetings=[zoom(START - timedelta(minutes=30))])
    assert from_zoom.availability is Availability.BUSY
    assert [(b.start, b.ours) for b in from_zoom.busy] == [(START - timedelta(minutes=30), False)]
    # Another account's booking does not count.
    assert state(account(2), bookings=[ours(1, START)]).availability is Availability.FREE


def test_an_override_of_two_hosts_a_second_meeting_then_is_at_its_limit() -> None:
    two = account(1, max_concurrent=2)
    one_booked = state(two, bookings=[ours(1, START)])
    assert one_booked.availability is Availability.FREE
    assert len(one_booked.busy) == 1
    full = state(two, bookings=[ours(1, START)], meetings=[zoom(START + timedelta(minutes=15))])
    assert full.availability is Availability.AT_LIMIT
    assert not full.usable


def test_quota_near_and_exhausted() -> None:
    assert not state(account(1), used=89).near_quota
    near = state(account(1), used=90)
    assert near.near_quota
    assert near.availability is Availability.FREE
    exhausted = state(account(1), used=100)
    assert exhausted.availability is Availability.EXHAUSTED
    assert not exhausted.near_quota
    assert exhausted.usage.resets_at == RESET


def test_a_broken_link_needs_reconnect_whatever_else() -> None:
    for status in (AccountStatus.NEEDS_RECONNECT, AccountStatus.ERROR):
        s = state(account(1, status=status), used=100, bookings=[ours(1, START)])
        assert s.availability is Availability.NEEDS_RECONNECT


def test_zoom_unknown_counts_our_events_only() -> None:
    s = state(account(1), checked=False)
    assert s.availability is Availability.FREE
    assert not s.zoom_checked


def test_that_day_is_the_events_own_day() -> None:
    # 23:30 Tokyo the evening before does not count; 00:30 the same day does.
    before = ours(1, datetime(2026, 11, 24, 14, 30, tzinfo=UTC))
    same_day = ours(1, datetime(2026, 11, 24, 15, 30, tzinfo=UTC))
    assert state(account(1), bookings=[before, same_day]).meetings_that_day == 1


def test_auto_prefers_a_participants_own_free_account() -> None:
    states = [
        state(account(1, priority=1)),
        state(account(2, priority=50, owner_id="U2")),
        state(account(3, priority=1, owner_id="U3"), bookings=[ours(3, START)]),  # busy
    ]
    assert [s.account.id for s in rank(states, {"U2", "U3"})] == [2, 1]
    assert [s.account.id for s in rank(states, set())] == [1, 2]


def test_auto_then_priority_then_fewest_meetings_that_day() -> None:
    later = START + timedelta(hours=3)
    states = [
        state(account(1, priority=100), bookings=[ours(1, later)]),
        state(account(2, priority=100)),
        state(account(3, priority=5), bookings=[ours(3, later), ours(3, later, event_id=98)]),
    ]
    assert [s.account.id for s in rank(states, set())] == [3, 2, 1]


def test_near_quota_and_unchecked_accounts_come_last() -> None:
    states = [
        state(account(1, priority=1), used=95),
        state(account(2, priority=2), checked=False),
        state(account(3, priority=3)),
    ]
    assert [s.account.id for s in rank(states, set())] == [3, 2, 1]
    assert [s.account.id for s in rank(states, set(), exclude={3})] == [2, 1]


def test_explain_names_every_account_passed_over() -> None:
    states = [
        state(account(1, priority=1, name="A"), meetings=[zoom(START)]),
        state(account(2, priority=2, name="B"), used=98),
        state(account(3, priority=3, name="C")),
        state(account(4, priority=4, name="D")),
    ]
    [chosen, *_] = rank(states, set())
    choice = explain(states, set(), chosen)
    assert choice.chosen.account.name == "C"
    assert [(s.state.account.name, s.reason) for s in choice.skipped] == [
        ("A", SkipReason.BUSY),
        ("B", SkipReason.NEAR_QUOTA),
    ]
    assert not choice.chosen_is_own


def test_explain_includes_accounts_zoom_failed_on() -> None:
    states = [
        state(account(1, priority=1, name="A")),
        state(account(2, priority=2, name="B")),
        state(account(3, priority=3, name="C", owner_id="U3")),
    ]
    failures: dict[int, tuple[ZoomFailure, int | None]] = {
        3: (ZoomFailure.RATE_LIMITED, 429),
        1: (ZoomFailure.UNAVAILABLE, 503),
    }
    [chosen] = rank(states, {"U3"}, exclude=failures)
    choice = explain(states, {"U3"}, chosen, failures)
    assert chosen.account.name == "B"
    assert [(s.state.account.name, s.reason, s.failure) for s in choice.skipped] == [
        ("C", SkipReason.ZOOM_FAILED, ZoomFailure.RATE_LIMITED),
        ("A", SkipReason.ZOOM_FAILED, ZoomFailure.UNAVAILABLE),
    ]


def test_equal_priority_lost_on_fairness() -> None:
    states = [
        state(account(1, name="A"), bookings=[ours(1, START + timedelta(hours=2))]),
        state(account(2, name="B")),
    ]
    [chosen, _] = rank(states, set())
    [skip] = explain(states, set(), chosen).skipped
    assert (skip.state.account.name, skip.reason) == ("A", SkipReason.MORE_MEETINGS)


def test_preference_order_is_own_then_priority() -> None:
    states = [state(account(1, priority=1)), state(account(2, priority=9, owner_id="U9"))]
    assert [s.account.id for s in preference_order(states, {"U9"})] == [2, 1]
