"""The create (and edit) modal's sign-up fields: take sign-ups, send the URL on sign-up
(ticked by default), and an optional capacity.

Block ids are stable (they key the submission and the inline errors); `SignupSettings.of`
gives the initial values for an existing event.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.messages import Locale, t
from storage.models import Event

SIGNUPS = "signups"  # checkboxes: OPEN, URL_ON_SIGNUP
SIGNUP_CAPACITY = "signup_capacity"
OPEN = "open"
URL_ON_SIGNUP = "url_on_signup"
MIN_CAPACITY = 1
MAX_CAPACITY = 10000


@dataclass(frozen=True)
class SignupSettings:
    open: bool = False
    capacity: int | None = None
    url_on_signup: bool = True

    @classmethod
    def of(cls, event: Event) -> SignupSettings:
        return cls(event.signups_open, event.capacity, event.url_on_signup)


@dataclass(frozen=True)
class SignupAnswers:
    """As submitted: the capacity is still text (validation reads it)."""

    open: bool = False
    capacity: str = ""
    url_on_signup: bool = True


def signup_blocks(locale: Locale, initial: SignupSettings) -> list[dict[str, Any]]:
    options = [
        _option(t(locale, "modal.signups_open"), OPEN),
        _option(t(locale, "modal.url_on_signup"), URL_ON_SIGNUP),
    ]
    ticked = {OPEN: initial.open, URL_ON_SIGNUP: initial.url_on_signup}
    checkboxes: dict[str, Any] = {"type": "checkboxes", "action_id": SIGNUPS, "options": options}
    initial_options = [o for o in options if ticked[o["value"]]]
    if initial_options:  # Slack refuses an empty initial_options
        checkboxes["initial_options"] = initial_options
    capacity: dict[str, Any] = {
        "type": "number_input",
        "action_id": SIGNUP_CAPACITY,
        "is_decimal_allowed": False,
        "min_value": str(MIN_CAPACITY),
        "max_value": str(MAX_CAPACITY),
    }
    if initial.capacity is not None:
        capacity["initial_value"] = str(initial.capacity)
    return [
        _input(SIGNUPS, t(locale, "modal.signups"), checkboxes, t(locale, "modal.signups_hint")),
        _input(
            SIGNUP_CAPACITY,
            t(locale, "modal.signup_capacity"),
            capacity,
            t(locale, "modal.signup_capacity_hint"),
        ),
    ]


def read_signups(values: dict[str, dict[str, Any]]) -> SignupAnswers:
    """From `view.state.values`; fields the modal did not have read as the defaults."""
    if SIGNUPS not in values and SIGNUP_CAPACITY not in values:
        return SignupAnswers()
    boxes = values.get(SIGNUPS, {}).get(SIGNUPS) or {}
    ticked = {o.get("value") for o in boxes.get("selected_options") or []}
    capacity = (values.get(SIGNUP_CAPACITY, {}).get(SIGNUP_CAPACITY) or {}).get("value")
    return SignupAnswers(
        open=OPEN in ticked,
        capacity=str(capacity or "").strip(),
        url_on_signup=URL_ON_SIGNUP in ticked,
    )


def parse_capacity(text: str) -> int | None:
    """ "" → None (no limit); raises ValueError unless a whole number from 1 to 10000.
    Full-width digits (as a Japanese IME types them) count."""
    if not text:
        return None
    normalized = text.translate(_FULLWIDTH).strip()
    if not (normalized.isascii() and normalized.isdigit()):
        raise ValueError(text)
    value = int(normalized)
    if not MIN_CAPACITY <= value <= MAX_CAPACITY:
        raise ValueError(text)
    return value


_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")


def _option(text: str, value: str) -> dict[str, Any]:
    return {"text": {"type": "plain_text", "text": text, "emoji": True}, "value": value}


def _input(block_id: str, label: str, element: dict[str, Any], hint: str) -> dict[str, Any]:
    return {
        "type": "input",
        "block_id": block_id,
        "label": {"type": "plain_text", "text": label, "emoji": True},
        "element": element,
        "optional": True,
        "hint": {"type": "plain_text", "text": hint, "emoji": True},
    }
