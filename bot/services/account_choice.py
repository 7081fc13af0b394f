"""Which linked Zoom account can host an event, and which one 「自動」 picks — the rules only.

Zoom's limits: a user hosts one meeting at a time (Basic and Pro licences; two on Business
and up) and may create or update at most 100 meetings per UTC day. Zoom's user `type` says
Basic (1) or Licensed (2) but cannot tell Pro from Business, so an account hosts one meeting
at a time unless an admin sets `max_concurrent` to 2.

An account's state for a time slot comes from three sources: our own events holding it (being
created or scheduled), its scheduled meetings in Zoom (ours left out, they are already
counted), and our count of today's creates/updates. The functions here are pure: the
database and Zoom look-ups live in `bot.services.account_availability`.

「自動」 takes, among the accounts that can host: first a participant's own Zoom user, then
the admin's priority (lower number first), then the fewest meetings that day (fairness).
Accounts at 90+ of their daily quota are kept for when nothing else is free.
"""

from __future__ import annotations

import enum
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from providers.base import ScheduledMeeting
from storage.models import AccountStatus, ZoomAccount
from storage.repositories.bookings import Booking

NEAR_QUOTA = 90  # creates/updates today from which an account is kept for last
DEFAULT_CONCURRENT = 1


class Availability(enum.StrEnum):
    FREE = "free"  # can host the slot (it may already host others, below its limit)
    BUSY = "busy"  # hosts a meeting then and can host only one at a time (予定あり)
    AT_LIMIT = "at_limit"  # hosts as many meetings then as it may at once (2 or more)
    EXHAUSTED = "exhausted"  # today's create/update quota is used up
    NEEDS_RECONNECT = "needs_reconnect"  # its link to Zoom is broken


@dataclass(frozen=True)
class AccountFacts:
    """What the choice needs of a linked account (no database session attached)."""

    id: int
    name: str
    zoom_user_id: str
    status: str
    priority: int
    max_concurrent: int | None
    owner_id: str | None  # the Slack user whose own Zoom user it is
    embed_passcode: bool = True
    join_before_host: bool = False
    waiting_room: bool = False

    @classmethod
    def of(cls, account: ZoomAccount) -> AccountFacts:
        return cls(
            id=account.id,
            name=account.display_name,
            zoom_user_id=account.zoom_user_id,
            status=account.status,
            priority=account.priority,
            max_concurrent=account.max_concurrent,
            owner_id=account.slack_user_id,
            embed_passcode=account.embed_passcode,
            join_before_host=account.join_before_host,
            waiting_room=account.waiting_room,
        )

    @property
    def concurrent_limit(self) -> int:
        """Meetings at once: the admin's override, else one (see the module docstring)."""
        return self.max_concurrent or DEFAULT_CONCURRENT


@dataclass(frozen=True)
class Slot:
    """The time an event needs an account for; `zone` decides what "that day" is."""

    start: datetime
    end: datetime
    zone: str

    @classmethod
    def of(cls, start: datetime, minutes: int, zone: str) -> Slot:
        return cls(start, start + timedelta(minutes=minutes), zone)

    def overlaps(self, start: datetime, end: datetime) -> bool:
        return start < self.end and end > self.start

    def day_window(self) -> tuple[datetime, datetime]:
        """The event's local day, stretched to cover the slot."""
        local = self.start.astimezone(ZoneInfo(self.zone))
        midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
        next_midnight = midnight + timedelta(days=1)  # wall-clock arithmetic: DST-proof
        return min(midnight, self.start), max(next_midnight, self.end)


@dataclass(frozen=True)
class Busy:
    """One meeting the account hosts during the slot."""

    start: datetime
    end: datetime
    ours: bool  # one of our events (else a meeting scheduled in Zoom directly)


@dataclass(frozen=True)
class Usage:
    used: int  # creates/updates counted today (UTC)
    quota: int
    resets_at: datetime  # the next 00:00 UTC


@dataclass(frozen=True)
class AccountState:
    account: AccountFacts
    availability: Availability
    busy: tuple[Busy, ...]  # meetings overlapping the slot, earliest first
    usage: Usage
    meetings_that_day: int
    zoom_checked: bool  # False: Zoom could not be asked; only our own events are known

    @property
    def usable(self) -> bool:
        return self.availability is Availability.FREE

    @property
    def near_quota(self) -> bool:
        return NEAR_QUOTA <= self.usage.used < self.usage.quota

    def owned_by_one_of(self, people: Collection[str]) -> bool:
        return self.account.owner_id is not None and self.account.owner_id in people


def assess(
    account: AccountFacts,
    slot: Slot,
    *,
    bookings: Iterable[Booking],
    zoom_meetings: Sequence[ScheduledMeeting] | None,
    usage: Usage,
) -> AccountState:
    """The account's state for `slot`. `bookings`: our events holding this account around the
    slot's day; `zoom_meetings`: its meetings in Zoom that are not ours (None: unknown)."""
    day_start, day_end = slot.day_window()
    mine = [b for b in bookings if b.account_id == account.id]
    zoom = list(zoom_meetings or ())
    busy = sorted(
        [Busy(b.start, b.end, ours=True) for b in mine if slot.overlaps(b.start, b.end)]
        + [Busy(m.start, m.end, ours=False) for m in zoom if slot.overlaps(m.start, m.end)],
        key=lambda b: (b.start, b.end),
    )
    that_day = sum(1 for b in mine if day_start <= b.start < day_end) + sum(
        1 for m in zoom if day_start <= m.start < day_end
    )
    limit = account.concurrent_limit
    if account.status != AccountStatus.OK:
        availability = Availability.NEEDS_RECONNECT
    elif usage.used >= usage.quota:
        availability = Availability.EXHAUSTED
    elif len(busy) >= limit:
        availability = Availability.BUSY if limit == 1 else Availability.AT_LIMIT
    else:
        availability = Availability.FREE
    return AccountState(
        account=account,
        availability=availability,
        busy=tuple(busy),
        usage=usage,
        meetings_that_day=that_day,
        zoom_checked=zoom_meetings is not None,
    )


def preference_order(
    states: Iterable[AccountState], participants: Collection[str]
) -> list[AccountState]:
    """The order an admin would read: participants' own accounts, then priority."""
    return sorted(
        states,
        key=lambda s: (not s.owned_by_one_of(participants), s.account.priority, s.account.id),
    )


def rank(
    states: Iterable[AccountState],
    participants: Collection[str],
    *,
    exclude: Collection[int] = (),
) -> list[AccountState]:
    """The accounts 「自動」 may take, best first (see the module docstring)."""
    usable = [s for s in states if s.usable and s.account.id not in exclude]
    return sorted(
        usable,
        key=lambda s: (
            s.near_quota,
            not s.owned_by_one_of(participants),
            not s.zoom_checked,
            s.account.priority,
            s.meetings_that_day,
            s.account.id,
        ),
    )


class SkipReason(enum.StrEnum):
    BUSY = "busy"
    AT_LIMIT = "at_limit"
    EXHAUSTED = "exhausted"
    NEEDS_RECONNECT = "needs_reconnect"
    NEAR_QUOTA = "near_quota"
    UNCHECKED = "unchecked"
    MORE_MEETINGS = "more_meetings"
    ZOOM_FAILED = "zoom_failed"


class ZoomFailure(enum.StrEnum):
    """Why creating on an account failed, so the next one was tried."""

    RATE_LIMITED = "rate_limited"  # 429, per-second limits
    DAILY_LIMIT = "daily_limit"  # 429, the day's 100 creates/updates
    UNAVAILABLE = "unavailable"  # 5xx
    TIMEOUT = "timeout"  # no answer in time, or the connection failed


@dataclass(frozen=True)
class Skip:
    state: AccountState
    reason: SkipReason
    failure: ZoomFailure | None = None
    status: int | None = None  # Zoom's HTTP status, for ZOOM_FAILED


@dataclass(frozen=True)
class Choice:
    """The account taken and why the ones an admin would expect first were passed over."""

    chosen: AccountState
    skipped: tuple[Skip, ...] = field(default_factory=tuple)
    chosen_is_own: bool = False  # a participant's own Zoom user


_BLOCKING = {
    Availability.BUSY: SkipReason.BUSY,
    Availability.AT_LIMIT: SkipReason.AT_LIMIT,
    Availability.EXHAUSTED: SkipReason.EXHAUSTED,
    Availability.NEEDS_RECONNECT: SkipReason.NEEDS_RECONNECT,
}


def explain(
    states: Sequence[AccountState],
    participants: Collection[str],
    chosen: AccountState,
    failures: dict[int, tuple[ZoomFailure, int | None]] | None = None,
) -> Choice:
    """Every account ahead of `chosen` in the preference order, with why it was passed over
    ("A: busy 14:00–15:00 · B: 98/100 today · → C")."""
    failures = failures or {}
    skipped: list[Skip] = []
    for state in preference_order(states, participants):
        if state.account.id == chosen.account.id:
            break
        skipped.append(_skip(state, chosen, failures.get(state.account.id)))
    # An account tried and failed may come after the chosen one in that order.
    for state in states:
        failed = failures.get(state.account.id)
        if failed and all(s.state.account.id != state.account.id for s in skipped):
            skipped.append(_skip(state, chosen, failed))
    return Choice(
        chosen=chosen,
        skipped=tuple(skipped),
        chosen_is_own=chosen.owned_by_one_of(participants),
    )


def _skip(
    state: AccountState, chosen: AccountState, failed: tuple[ZoomFailure, int | None] | None
) -> Skip:
    if failed is not None:
        return Skip(state, SkipReason.ZOOM_FAILED, failure=failed[0], status=failed[1])
    if state.availability in _BLOCKING:
        return Skip(state, _BLOCKING[state.availability])
    if state.near_quota:
        return Skip(state, SkipReason.NEAR_QUOTA)
    if not state.zoom_checked and chosen.zoom_checked:
        return Skip(state, SkipReason.UNCHECKED)
    return Skip(state, SkipReason.MORE_MEETINGS)
