"""bot.slack.create_modal: the modal as built, and submissions read back."""

from __future__ import annotations

import json
from datetime import date, time
from typing import Any

import pytest

from bot.clock import ManualClock
from bot.messages import Locale
from bot.slack import create_modal as modal
from bot.slack.create_modal import AccountChoice, build_create_modal, parse_submission
from standins._blockkit import check_view
from standins.harness import fill_modal
from storage.models import EventKind

ORGANIZER = "U0RECRUITER"
ACCOUNTS = [AccountChoice("7", "採用担当A (a@example.com)"), AccountChoice("9", "B" * 120)]
LOCALES: list[Locale] = ["ja", "en"]


def build(
    clock: ManualClock,
    *,
    locale: Locale = "ja",
    user_tz: str = "Asia/Tokyo",
    origin_channel: str | None = "C0HARNESS",
    accounts: list[AccountChoice] | None = None,
) -> dict[str, Any]:
    return build_create_modal(
        locale=locale,
        organizer_id=ORGANIZER,
        user_tz=user_tz,
        origin_channel=origin_channel,
        accounts=ACCOUNTS if accounts is None else accounts,
        now=clock.now(),
    )


def block(view: dict[str, Any], block_id: str) -> dict[str, Any]:
    return next(b for b in view["blocks"] if b.get("block_id") == block_id)


def element(view: dict[str, Any], block_id: str) -> dict[str, Any]:
    found: dict[str, Any] = block(view, block_id)["element"]
    return found


def texts(node: Any) -> list[dict[str, Any]]:
    """Every text object in a view."""
    found: list[dict[str, Any]] = []
    if isinstance(node, dict):
        if node.get("type") in ("plain_text", "mrkdwn") and "text" in node:
            found.append(node)
        for value in node.values():
            found += texts(value)
    elif isinstance(node, list):
        for value in node:
            found += texts(value)
    return found


# ---- Block Kit limits


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("accounts", [ACCOUNTS, []], ids=["accounts", "no-accounts"])
def test_modal_respects_block_kit_limits(
    clock: ManualClock, locale: Locale, accounts: list[AccountChoice]
) -> None:
    view = build(clock, locale=locale, accounts=accounts)
    assert view["type"] == "modal"
    assert view["callback_id"] == modal.CALLBACK_ID
    for key in ("title", "submit", "close"):
        assert view[key]["type"] == "plain_text"
        assert 0 < len(view[key]["text"]) <= 24, (key, view[key]["text"])
    assert len(view["blocks"]) <= 100
    block_ids = [b["block_id"] for b in view["blocks"]]
    assert len(block_ids) == len(set(block_ids))
    for b in view["blocks"]:
        if b["type"] != "input":
            continue
        assert b["element"]["action_id"] == b["block_id"]
        assert len(b["label"]["text"]) <= 2000
        for option in b["element"].get("options", []):
            assert len(option["text"]["text"]) <= 75
            assert len(option["value"]) <= 150
        assert len(b["element"].get("options", [])) <= 100
        placeholder = b["element"].get("placeholder")
        if placeholder:
            assert len(placeholder["text"]) <= 150
    assert all(text["text"] for text in texts(view))
    assert len(view["private_metadata"]) <= 3000
    assert check_view(view) == []


def test_labels_follow_the_language(clock: ManualClock) -> None:
    assert build(clock, locale="ja")["title"]["text"] == "選考イベントを作成"
    assert build(clock, locale="en")["title"]["text"] == "New recruiting event"
    assert block(build(clock, locale="en"), modal.DURATION)["label"]["text"] == (
        "Duration (minutes)"
    )


def test_no_accounts_adds_a_warning(clock: ManualClock) -> None:
    view = build(clock, accounts=[])
    warning = block(view, "no_accounts")
    assert "/recruit zoom" in warning["elements"][0]["text"]
    assert [o["value"] for o in element(view, modal.ZOOM_ACCOUNT)["options"]] == ["auto"]
    assert all(b.get("block_id") != "no_accounts" for b in build(clock)["blocks"])


# ---- defaults


def test_start_date_defaults_to_tomorrow_in_the_users_zone(clock: ManualClock) -> None:
    # "now" is 2026-11-23 00:00 UTC: Monday 09:00 in Tokyo, Sunday 16:00 in Los Angeles.
    tokyo = build(clock, user_tz="Asia/Tokyo")
    los_angeles = build(clock, user_tz="America/Los_Angeles")
    assert element(tokyo, modal.START_DATE)["initial_date"] == "2026-11-24"
    assert element(los_angeles, modal.START_DATE)["initial_date"] == "2026-11-23"
    assert element(tokyo, modal.START_TIME)["initial_time"] == "10:00"


def test_duration_defaults_to_sixty_minutes_within_bounds(clock: ManualClock) -> None:
    duration = element(build(clock), modal.DURATION)
    assert duration["initial_value"] == "60"
    assert duration["min_value"] == "5"
    assert duration["max_value"] == "720"
    assert duration["is_decimal_allowed"] is False


def test_kind_defaults_to_interview(clock: ManualClock) -> None:
    kind = element(build(clock), modal.KIND)
    assert [o["value"] for o in kind["options"]] == [k.value for k in EventKind]
    assert kind["initial_option"]["value"] == EventKind.INTERVIEW.value


def test_users_zone_is_selected(clock: ManualClock) -> None:
    tz = element(build(clock, user_tz="America/New_York"), modal.TIMEZONE)
    assert tz["initial_option"]["value"] == "America/New_York"
    assert tz["initial_option"] in tz["options"]
    labels = {o["value"]: o["text"]["text"] for o in tz["options"]}
    assert labels["Asia/Tokyo"] == "(UTC+09:00) Asia/Tokyo"
    assert labels["America/New_York"] == "(UTC-05:00) America/New_York"
    assert labels["Asia/Kolkata"] == "(UTC+05:30) Asia/Kolkata"


def test_users_zone_outside_the_common_list_is_added_first(clock: ManualClock) -> None:
    tz = element(build(clock, user_tz="America/Argentina/Buenos_Aires"), modal.TIMEZONE)
    assert tz["options"][0]["value"] == "America/Argentina/Buenos_Aires"
    assert tz["initial_option"]["value"] == "America/Argentina/Buenos_Aires"
    assert len(tz["options"]) == len(modal.COMMON_TIMEZONES) + 1


def test_unknown_user_zone_falls_back_to_tokyo(clock: ManualClock) -> None:
    view = build(clock, user_tz="Mars/Olympus_Mons")
    tz = element(view, modal.TIMEZONE)
    assert tz["initial_option"]["value"] == "Asia/Tokyo"
    assert [o["value"] for o in tz["options"]] == list(modal.COMMON_TIMEZONES)
    assert element(view, modal.START_DATE)["initial_date"] == "2026-11-24"


@pytest.mark.parametrize(
    ("origin", "preselected"),
    [("C0HARNESS", True), ("G0PRIVATE", True), ("D0RECRUITER", False), (None, False), ("", False)],
)
def test_origin_channel_is_preselected_only_for_channels(
    clock: ManualClock, origin: str | None, preselected: bool
) -> None:
    view = build(clock, origin_channel=origin)
    channel = element(view, modal.CHANNEL)
    assert channel["type"] == "conversations_select"
    if preselected:
        assert channel["initial_conversation"] == origin
    else:
        assert "initial_conversation" not in channel
    assert json.loads(view["private_metadata"]) == {"origin_channel": origin or ""}


def test_organizer_is_the_first_participant(clock: ManualClock) -> None:
    participants = element(build(clock), modal.PARTICIPANTS)
    assert participants["initial_users"] == [ORGANIZER]
    assert participants["max_selected_items"] == modal.MAX_PARTICIPANTS


def test_automatic_account_comes_first_and_is_selected(clock: ManualClock) -> None:
    account = element(build(clock, locale="ja"), modal.ZOOM_ACCOUNT)
    assert [o["value"] for o in account["options"]] == ["auto", "7", "9"]
    assert account["initial_option"]["value"] == "auto"
    assert account["options"][0]["text"]["text"] == "自動"
    assert account["options"][2]["text"]["text"] == "B" * 75


def test_reminder_and_notify_defaults(clock: ManualClock) -> None:
    view = build(clock)
    reminders = element(view, modal.REMINDERS)
    assert [o["value"] for o in reminders["options"]] == [
        "before:1440",
        "before:60",
        "before:10",
        "day:1@18:00",
        "day:0@09:00",
        "bizday:2@17:00",
    ]
    assert [o["text"]["text"] for o in reminders["options"]] == [
        "1日前",
        "1時間前",
        "10分前",
        "前日 18:00",
        "当日 9:00",
        "2営業日前 17:00",
    ]
    assert [o["value"] for o in reminders["initial_options"]] == ["before:1440", "before:60"]
    notify = element(view, modal.NOTIFY)
    assert [o["value"] for o in notify["initial_options"]] == [modal.NOTIFY_NOW]


# ---- reading submissions


def test_untouched_modal_parses_to_its_defaults(clock: ManualClock) -> None:
    view = build(clock, user_tz="America/New_York")
    form = parse_submission(fill_modal(view, {}))
    assert form.kind is EventKind.INTERVIEW
    assert form.title == ""
    assert form.start_date == date(2026, 11, 23)
    assert form.start_time == time(10, 0)
    assert form.duration == 60
    assert form.timezone == "America/New_York"
    assert form.participants == [ORGANIZER]
    assert form.channel == "C0HARNESS"
    assert form.zoom_account == modal.AUTO_ACCOUNT
    assert form.reminder_specs == ["before:1440", "before:60"]
    assert form.custom_reminders == ""
    assert form.notify_participants is True
    assert form.note is None


def test_filled_modal_round_trips(clock: ManualClock) -> None:
    view = build(clock, locale="en")
    submitted = fill_modal(
        view,
        {
            modal.KIND: "selection",
            modal.TITLE: "  2027年度新卒 一次面接  ",
            modal.START_DATE: "2026-12-01",
            modal.START_TIME: "14:30",
            modal.DURATION: "90",
            modal.TIMEZONE: "Europe/London",
            modal.PARTICIPANTS: ["U1", "U2"],
            modal.CHANNEL: "G0PRIVATE",
            modal.ZOOM_ACCOUNT: "9",
            modal.REMINDERS: ["before:1440", "before:10"],
            modal.CUSTOM_REMINDERS: " 30、180 ",
            modal.NOTIFY: [],
            modal.NOTE: "  候補者: 山田さん\n二次面接  ",
        },
    )
    form = parse_submission(submitted)
    assert form.kind is EventKind.SELECTION
    assert form.title == "2027年度新卒 一次面接"
    assert form.start_date == date(2026, 12, 1)
    assert form.start_time == time(14, 30)
    assert form.duration == 90
    assert form.timezone == "Europe/London"
    assert form.participants == ["U1", "U2"]
    assert form.channel == "G0PRIVATE"
    assert form.zoom_account == "9"
    assert form.reminder_specs == ["before:1440", "before:10"]
    assert form.custom_reminders == "30、180"
    assert form.notify_participants is False
    assert form.note == "候補者: 山田さん\n二次面接"


def test_cleared_fields_parse_as_missing(clock: ManualClock) -> None:
    view = build(clock, origin_channel=None)
    form = parse_submission(
        fill_modal(
            view,
            {
                modal.KIND: None,
                modal.START_DATE: None,
                modal.START_TIME: None,
                modal.DURATION: None,
                modal.TIMEZONE: None,
                modal.PARTICIPANTS: None,
                modal.ZOOM_ACCOUNT: None,
                modal.REMINDERS: None,
                modal.NOTIFY: None,
                modal.NOTE: "   ",
            },
        )
    )
    assert form.kind is EventKind.INTERVIEW
    assert form.start_date is None
    assert form.start_time is None
    assert form.duration is None
    assert form.timezone == ""
    assert form.participants == []
    assert form.channel is None
    assert form.zoom_account == modal.AUTO_ACCOUNT
    assert form.reminder_specs == []
    assert form.notify_participants is False
    assert form.note is None


def test_garbage_values_parse_as_missing(clock: ManualClock) -> None:
    form = parse_submission(
        fill_modal(
            build(clock),
            {
                modal.KIND: "party",
                modal.START_DATE: "2026-13-45",
                modal.START_TIME: "25:99",
                modal.DURATION: "sixty",
                modal.REMINDERS: ["soon", "60", "-5"],
            },
        )
    )
    assert form.kind is EventKind.INTERVIEW
    assert form.start_date is None
    assert form.start_time is None
    assert form.duration is None
    assert form.reminder_specs == ["soon", "60", "-5"]  # validation rejects them


@pytest.mark.parametrize("duration", ["12.5", "", "1e3"])
def test_non_integer_durations_parse_as_missing(clock: ManualClock, duration: str) -> None:
    form = parse_submission(fill_modal(build(clock), {modal.DURATION: duration}))
    assert form.duration is None


@pytest.mark.parametrize(
    "view",
    [
        {},
        {"state": {}},
        {"state": {"values": {}}},
        {"state": {"values": {modal.TITLE: {}, modal.KIND: {modal.KIND: {}}}}},
        {"state": {"values": {modal.KIND: {modal.KIND: {"selected_option": None}}}}},
        {"state": {"values": {modal.REMINDERS: {modal.REMINDERS: {"selected_options": None}}}}},
    ],
)
def test_missing_state_is_tolerated(view: dict[str, Any]) -> None:
    form = parse_submission(view)
    assert form.kind is EventKind.INTERVIEW
    assert form.title == ""
    assert form.start_date is None
    assert form.duration is None
    assert form.participants == []
    assert form.channel is None
    assert form.zoom_account == modal.AUTO_ACCOUNT
    assert form.reminder_specs == []
    assert form.notify_participants is False
