"""When a reminder goes: offsets as small value objects, stored as text on events and rows.

Three kinds of offset, each as a reader would say it:
- ``before:90``        — 90 minutes before the start (1日前 = ``before:1440``);
- ``day:1@18:00``      — 前日 18:00: the day before the event's local date, at 18:00;
                          ``day:0@09:00`` is 当日 9:00;
- ``bizday:2@17:00``   — 2営業日前 17:00: two business days before (weekends and the
                          workspace calendar's public holidays skipped), at 17:00.
Clock times are in the reader's own time zone. Quiet hours then move a reminder out of the
night: to the end of the quiet window if that is still before the start, else to its start.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import Literal
from zoneinfo import ZoneInfo

import holidays

from bot.messages import Locale, t

Kind = Literal["before", "day", "bizday"]

_SPEC = re.compile(r"^(before):(\d{1,5})$|^(day|bizday):(\d{1,2})@([01]\d|2[0-3]):([0-5]\d)$")
MAX_BEFORE_MINUTES = 30 * 24 * 60
MAX_DAYS = 30


class InvalidSpec(ValueError):
    pass


@dataclass(frozen=True, order=True)
class OffsetSpec:
    kind: Kind
    amount: int  # minutes for "before", days for "day"/"bizday"
    at: time | None = None  # the local clock time for "day"/"bizday"

    @classmethod
    def before(cls, minutes: int) -> OffsetSpec:
        return cls.parse(f"before:{minutes}")

    @classmethod
    def parse(cls, text: str) -> OffsetSpec:
        match = _SPEC.match(text.strip())
        if match is None:
            raise InvalidSpec(text)
        if match.group(1):
            minutes = int(match.group(2))
            if not 1 <= minutes <= MAX_BEFORE_MINUTES:
                raise InvalidSpec(text)
            return cls("before", minutes)
        days = int(match.group(4))
        if days > MAX_DAYS or (match.group(3) == "bizday" and days == 0):
            raise InvalidSpec(text)
        kind: Kind = "day" if match.group(3) == "day" else "bizday"
        return cls(kind, days, time(int(match.group(5)), int(match.group(6))))

    def __str__(self) -> str:
        if self.kind == "before":
            return f"before:{self.amount}"
        assert self.at is not None
        return f"{self.kind}:{self.amount}@{self.at:%H:%M}"

    def label(self, locale: Locale) -> str:
        """「1日前」「前日 18:00」「2営業日前 17:00」 / "1 day before", "the day before, 18:00"…"""
        if self.kind == "before":
            minutes = self.amount
            if minutes % 1440 == 0:
                days = minutes // 1440
                return t(locale, "offset.day" if days == 1 else "offset.days", n=days)
            if minutes % 60 == 0:
                return t(locale, "offset.hours", n=minutes // 60)
            return t(locale, "offset.minutes", n=minutes)
        assert self.at is not None
        at = f"{self.at:%H:%M}" if locale == "en" else f"{self.at.hour}:{self.at:%M}"
        if self.kind == "bizday":
            return t(locale, "offset.business_days", n=self.amount, at=at)
        if self.amount == 0:
            return t(locale, "offset.same_day", at=at)
        if self.amount == 1:
            return t(locale, "offset.day_before", at=at)
        return t(locale, "offset.days_before_at", n=self.amount, at=at)

    def due(self, start: datetime, tz: str, country: str) -> datetime:
        """The instant this offset names for an event starting at `start`, for a reader in
        `tz` (UTC). Clock times that DST skips are read with the offset before the change."""
        if self.kind == "before":
            return (start - timedelta(minutes=self.amount)).astimezone(UTC)
        assert self.at is not None
        zone = ZoneInfo(tz)
        local_day = start.astimezone(zone).date()
        if self.kind == "day":
            day = local_day - timedelta(days=self.amount)
        else:
            day = business_days_before(local_day, self.amount, country)
        return datetime.combine(day, self.at, tzinfo=zone).astimezone(UTC)


def business_days_before(day: date, count: int, country: str) -> date:
    """`count` business days before `day`: weekends and `country`'s public holidays skipped."""
    current = day
    remaining = count
    while remaining:
        current -= timedelta(days=1)
        if current.weekday() < 5 and current not in _holidays(country, current.year):
            remaining -= 1
    return current


@lru_cache(maxsize=64)
def _holidays(country: str, year: int) -> holidays.HolidayBase:
    return holidays.country_holidays(country, years=year)


@dataclass(frozen=True)
class QuietHours:
    """A nightly window in the reader's zone, e.g. 22:00–08:00 (may wrap midnight)."""

    start: time
    end: time

    @classmethod
    def parse(cls, start: str, end: str) -> QuietHours:
        return cls(time.fromisoformat(start), time.fromisoformat(end))

    def adjust(self, due: datetime, event_start: datetime, tz: str) -> datetime:
        """Move `due` out of the window: to the window's end if still before the event,
        otherwise to the window's beginning (earlier). Outside the window: unchanged."""
        if self.start == self.end:
            return due
        zone = ZoneInfo(tz)
        local = due.astimezone(zone)
        window = self._window_containing(local, zone)
        if window is None:
            return due
        begins, ends = window
        if ends < event_start:
            return ends.astimezone(UTC)
        return begins.astimezone(UTC)

    def _window_containing(
        self, local: datetime, zone: ZoneInfo
    ) -> tuple[datetime, datetime] | None:
        for offset in (-1, 0):  # the window that began yesterday evening, or today
            day = local.date() + timedelta(days=offset)
            begins = datetime.combine(day, self.start, tzinfo=zone)
            end_day = day + timedelta(days=1) if self.end <= self.start else day
            ends = datetime.combine(end_day, self.end, tzinfo=zone)
            if begins <= local < ends:
                return begins, ends
        return None


PRESETS: tuple[OffsetSpec, ...] = (
    OffsetSpec("before", 1440),
    OffsetSpec("before", 60),
    OffsetSpec("before", 10),
    OffsetSpec("day", 1, time(18, 0)),
    OffsetSpec("day", 0, time(9, 0)),
    OffsetSpec("bizday", 2, time(17, 0)),
)


def sort_specs(
    specs: set[OffsetSpec], start: datetime, tz: str, country: str = "JP"
) -> list[OffsetSpec]:
    """Earliest first, as they would go for a reader in the event's own zone."""
    return sorted(specs, key=lambda s: (s.due(start, tz, country), str(s)))
