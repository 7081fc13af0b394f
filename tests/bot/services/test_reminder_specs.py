"""Reminder offsets: parsing, labels, business days, quiet hours — across zones and DST."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.services.reminder_specs import (
    InvalidSpec,
    OffsetSpec,
    QuietHours,
    business_days_before,
)

ZONES = ["Asia/Tokyo", "America/New_York", "Europe/London", "Australia/Sydney", "UTC"]
instants = st.datetimes(
    min_value=datetime(2025, 1, 1),  # noqa: DTZ001 - Hypothesis bounds are naive by design
    max_value=datetime(2030, 12, 31),  # noqa: DTZ001
    timezones=st.just(UTC),
)


@pytest.mark.parametrize(
    ("text", "ja", "en"),
    [
        ("before:1440", "1日前", "1 day before"),
        ("before:2880", "2日前", "2 days before"),
        ("before:60", "1時間前", "1 h before"),
        ("before:90", "90分前", "90 min before"),
        ("day:1@18:00", "前日 18:00", "the day before, 18:00"),
        ("day:0@09:00", "当日 9:00", "the same day, 09:00"),
        ("day:3@08:30", "3日前 8:30", "3 days before, 08:30"),
        ("bizday:2@17:00", "2営業日前 17:00", "2 business day(s) before, 17:00"),
    ],
)
def test_specs_round_trip_and_read_naturally(text: str, ja: str, en: str) -> None:
    spec = OffsetSpec.parse(text)
    assert str(spec) == text
    assert spec.label("ja") == ja
    assert spec.label("en") == en


@pytest.mark.parametrize(
    "text", ["", "before:0", "before:43201", "day:1@24:00", "day:31@09:00", "bizday:0@09:00",
             "after:5", "before:-5", "day:1@9:00", "before:60 "[:-1] + "x"],
)  # fmt: skip
def test_invalid_specs_are_refused(text: str) -> None:
    with pytest.raises(InvalidSpec):
        OffsetSpec.parse(text)


@given(start=instants, minutes=st.integers(1, 43200), zone=st.sampled_from(ZONES))
def test_before_is_exactly_that_many_minutes_whatever_the_zone(
    start: datetime, minutes: int, zone: str
) -> None:
    assert OffsetSpec.before(minutes).due(start, zone, "JP") == start - timedelta(minutes=minutes)


@given(
    start=instants,
    days=st.integers(0, 30),
    at=st.times(),
    zone=st.sampled_from(ZONES),
)
def test_a_clock_time_offset_is_that_wall_clock_time_on_that_local_day(
    start: datetime, days: int, at: time, zone: str
) -> None:
    spec = OffsetSpec("day", days, at.replace(second=0, microsecond=0, tzinfo=None))
    due = spec.due(start, zone, "JP").astimezone(ZoneInfo(zone))
    assert due.date() == start.astimezone(ZoneInfo(zone)).date() - timedelta(days=days)
    assert spec.at is not None
    # The wall-clock time is kept, except inside a DST gap, which is read at the old offset
    # and lands up to an hour later.
    shift = datetime.combine(date.min, due.timetz().replace(tzinfo=None)) - datetime.combine(
        date.min, spec.at
    )
    assert shift in (timedelta(0), timedelta(hours=1), timedelta(minutes=30))


def test_the_day_before_at_18_across_the_us_dst_change() -> None:
    # Monday 2026-03-09 10:00 in New York (EDT, since Sunday 2026-03-08).
    start = datetime(2026, 3, 9, 14, 0, tzinfo=UTC)
    due = OffsetSpec.parse("day:1@18:00").due(start, "America/New_York", "JP")
    assert due == datetime(2026, 3, 8, 22, 0, tzinfo=UTC)  # Sunday 18:00 EDT (UTC-4)
    due_before = OffsetSpec.parse("day:2@18:00").due(start, "America/New_York", "JP")
    assert due_before == datetime(2026, 3, 7, 23, 0, tzinfo=UTC)  # Saturday 18:00 EST (UTC-5)


def test_business_days_skip_weekends_and_japanese_holidays() -> None:
    # Tuesday 2026-11-24; Monday 23rd is 勤労感謝の日 (Labor Thanksgiving Day).
    assert business_days_before(date(2026, 11, 24), 1, "JP") == date(2026, 11, 20)  # Friday
    assert business_days_before(date(2026, 11, 24), 2, "JP") == date(2026, 11, 19)
    # The same dates in a calendar without that holiday.
    assert business_days_before(date(2026, 11, 24), 1, "US") == date(2026, 11, 23)
    # New Year: 2027-01-04 (Mon) — Jan 1 holiday, weekend before.
    assert business_days_before(date(2027, 1, 4), 1, "JP") == date(2026, 12, 31)


def test_two_business_days_before_at_17_in_tokyo() -> None:
    start = datetime(2026, 11, 24, 5, 0, tzinfo=UTC)  # Tue 14:00 JST
    due = OffsetSpec.parse("bizday:2@17:00").due(start, "Asia/Tokyo", "JP")
    assert due == datetime(2026, 11, 19, 8, 0, tzinfo=UTC)  # Thu 17:00 JST


QUIET = QuietHours.parse("22:00", "08:00")
TOKYO = ZoneInfo("Asia/Tokyo")


def jst(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=TOKYO).astimezone(UTC)


def test_quiet_hours_push_a_night_reminder_to_the_morning() -> None:
    assert QUIET.adjust(jst(23, 23), jst(24, 14), "Asia/Tokyo") == jst(24, 8)
    assert QUIET.adjust(jst(24, 3), jst(24, 14), "Asia/Tokyo") == jst(24, 8)


def test_quiet_hours_pull_it_to_the_evening_when_morning_is_too_late() -> None:
    # The event starts at 07:30: 08:00 would be after it, so the reminder goes at 22:00.
    assert QUIET.adjust(jst(24, 6, 20), jst(24, 7, 30), "Asia/Tokyo") == jst(23, 22)


def test_outside_quiet_hours_nothing_moves() -> None:
    for hour in (8, 12, 21):
        assert QUIET.adjust(jst(24, hour), jst(25, 14), "Asia/Tokyo") == jst(24, hour)


def test_quiet_hours_are_the_readers_own() -> None:
    # 11:00 UTC is 20:00 in Tokyo (fine) but 06:00 in New York (quiet until 08:00 EST).
    due = datetime(2026, 11, 24, 11, 0, tzinfo=UTC)
    start = datetime(2026, 11, 26, 0, 0, tzinfo=UTC)
    assert QUIET.adjust(due, start, "Asia/Tokyo") == due
    assert QUIET.adjust(due, start, "America/New_York") == datetime(2026, 11, 24, 13, 0, tzinfo=UTC)


@given(due=instants, lead=st.integers(1, 72 * 60), zone=st.sampled_from(ZONES))
def test_an_adjusted_reminder_is_never_in_quiet_hours_and_never_after_the_start(
    due: datetime, lead: int, zone: str
) -> None:
    start = due + timedelta(minutes=lead)
    moved = QUIET.adjust(due, start, zone)
    local = moved.astimezone(ZoneInfo(zone)).time()
    # Moved reminders land on a window edge: 08:00 (its end) or 22:00 (its start).
    assert time(8, 0) <= local <= time(22, 0)
    assert moved <= start or moved == due
