"""bot.slack.signup_fields: the modal's sign-up fields, their initial values and reading
them back."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from bot.slack.signup_fields import (
    SIGNUP_CAPACITY,
    SIGNUPS,
    SignupAnswers,
    SignupSettings,
    parse_capacity,
    read_signups,
    signup_blocks,
)
from storage.models import Event


def test_new_events_have_the_url_ticked_and_no_capacity() -> None:
    signups, capacity = signup_blocks("en", SignupSettings())
    assert [o["value"] for o in signups["element"]["initial_options"]] == ["url_on_signup"]
    assert "initial_value" not in capacity["element"]
    assert capacity["element"]["min_value"] == "1"
    assert capacity["element"]["max_value"] == "10000"
    assert signups["optional"]
    assert capacity["optional"]


def test_an_events_settings_are_the_initial_values() -> None:
    now = datetime(2026, 11, 23, tzinfo=UTC)
    event = Event(signups_open=True, capacity=30, url_on_signup=False, created_at=now)
    signups, capacity = signup_blocks("ja", SignupSettings.of(event))
    assert [o["value"] for o in signups["element"]["initial_options"]] == ["open"]
    assert capacity["element"]["initial_value"] == "30"


def test_nothing_ticked_sends_no_empty_initial_options() -> None:
    signups, _ = signup_blocks("ja", SignupSettings(open=False, url_on_signup=False))
    assert "initial_options" not in signups["element"]


def test_reading_a_submission() -> None:
    values: dict[str, dict[str, Any]] = {
        SIGNUPS: {SIGNUPS: {"type": "checkboxes", "selected_options": [{"value": "open"}]}},
        SIGNUP_CAPACITY: {SIGNUP_CAPACITY: {"type": "number_input", "value": " 40 "}},
    }
    assert read_signups(values) == SignupAnswers(open=True, capacity="40", url_on_signup=False)
    assert read_signups({}) == SignupAnswers()  # a modal without the fields


@pytest.mark.parametrize(
    ("text", "expected"), [("", None), ("1", 1), ("10000", 10000), ("１２", 12)]
)
def test_capacities_taken(text: str, expected: int | None) -> None:
    assert parse_capacity(text) == expected


@pytest.mark.parametrize("text", ["0", "10001", "-3", "2.5", "十", "1e3"])
def test_capacities_refused(text: str) -> None:
    with pytest.raises(ValueError, match=r"."):
        parse_capacity(text)
