"""bot.slack.timefmt: instants shown in the reader's zone and language."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.services.reminder_specs import OffsetSpec
from bot.slack.timefmt import local_text, slack_date

# 2026-11-24 05:00 UTC = 14:00 in Tokyo.
INSTANT = datetime(2026, 11, 24, 5, 0, tzinfo=UTC)
ZONES = (
    "Asia/Tokyo",
    "America/New_York",
    "America/Los_Angeles",
    "Europe/London",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
    "UTC",
)


def test_japanese_format() -> None:
    assert local_text(INSTANT, "Asia/Tokyo", "ja") == "2026年11月24日(火) 14:00 (JST)"


def test_english_format() -> None:
    assert local_text(INSTANT, "Asia/Tokyo", "en") == "Tue, Nov 24, 2026 2:00 PM (JST)"


def test_same_instant_in_another_zone() -> None:
    # 05:00 UTC is still Monday evening in Los Angeles.
    assert local_text(INSTANT, "America/Los_Angeles", "en") == "Mon, Nov 23, 2026 9:00 PM (PST)"
    assert local_text(INSTANT, "America/Los_Angeles", "ja") == "2026年11月23日(月) 21:00 (PST)"


def test_naive_wall_clock_is_not_assumed_to_be_utc() -> None:
    tokyo = datetime(2026, 11, 24, 14, 0, tzinfo=ZoneInfo("Asia/Tokyo"))
    assert local_text(tokyo, "Asia/Tokyo", "ja") == local_text(INSTANT, "Asia/Tokyo", "ja")


@pytest.mark.parametrize(
    ("instant", "expected"),
    [
        (datetime(2026, 7, 1, 16, 0, tzinfo=UTC), "Wed, Jul 1, 2026 12:00 PM (EDT)"),
        (datetime(2026, 1, 1, 16, 0, tzinfo=UTC), "Thu, Jan 1, 2026 11:00 AM (EST)"),
    ],
)
def test_new_york_summer_and_winter(instant: datetime, expected: str) -> None:
    assert local_text(instant, "America/New_York", "en") == expected


def test_dst_switch_day_in_new_york() -> None:
    # 2026-03-08: clocks jump from 02:00 EST to 03:00 EDT (07:00 UTC).
    before = datetime(2026, 3, 8, 6, 30, tzinfo=UTC)
    after = datetime(2026, 3, 8, 7, 30, tzinfo=UTC)
    assert local_text(before, "America/New_York", "ja") == "2026年3月8日(日) 1:30 (EST)"
    assert local_text(after, "America/New_York", "ja") == "2026年3月8日(日) 3:30 (EDT)"


def test_slack_date_token() -> None:
    token = slack_date(INSTANT, "Asia/Tokyo", "ja")
    assert token == (
        f"<!date^{int(INSTANT.timestamp())}^{{date_long_pretty}} {{time}}"
        "|2026年11月24日(火) 14:00 (JST)>"
    )
    match = re.fullmatch(r"<!date\^(\d+)\^\{date_long_pretty\} \{time\}\|([^>|]+)>", token)
    assert match is not None
    assert int(match.group(1)) == 1795496400


def test_slack_date_timestamp_does_not_depend_on_zone() -> None:
    tokyo = slack_date(INSTANT, "Asia/Tokyo", "en")
    new_york = slack_date(
        INSTANT.astimezone(ZoneInfo("America/New_York")), "America/New_York", "en"
    )
    assert tokyo.split("|")[0] == new_york.split("|")[0]
    assert tokyo.endswith("(JST)>")
    assert new_york.endswith("(EST)>")


@pytest.mark.parametrize(
    ("minutes", "ja", "en"),
    [
        (10, "10分前", "10 min before"),
        (90, "90分前", "90 min before"),
        (60, "1時間前", "1 h before"),
        (180, "3時間前", "3 h before"),
        (1440, "1日前", "1 day before"),
        (2880, "2日前", "2 days before"),
        (1500, "25時間前", "25 h before"),
    ],
)
def test_offset_label(minutes: int, ja: str, en: str) -> None:
    assert OffsetSpec.before(minutes).label("ja") == ja
    assert OffsetSpec.before(minutes).label("en") == en


@settings(max_examples=200, deadline=None)
@given(
    instant=st.datetimes(
        min_value=datetime(1971, 1, 1),  # noqa: DTZ001 - Hypothesis bounds are naive
        max_value=datetime(2100, 12, 31),  # noqa: DTZ001
        timezones=st.sampled_from([ZoneInfo(z) for z in ZONES]),
        allow_imaginary=False,
    ),
    zone=st.sampled_from(ZONES),
    locale=st.sampled_from(["ja", "en"]),
)
def test_local_text_shows_the_wall_clock_of_the_instant(
    instant: datetime, zone: str, locale: str
) -> None:
    local = instant.astimezone(ZoneInfo(zone))
    text = local_text(instant, zone, "ja" if locale == "ja" else "en")
    if locale == "ja":
        assert f"{local.year}年{local.month}月{local.day}日" in text
        assert f" {local.hour}:{local.minute:02d} " in text
    else:
        hour12 = local.hour % 12 or 12
        meridiem = "AM" if local.hour < 12 else "PM"
        assert f"{hour12}:{local.minute:02d}\N{SPACE}{meridiem}" in text.replace("\u202f", " ")
        assert f", {local.year} " in text
    assert text.endswith(f"({local.tzname()})")
