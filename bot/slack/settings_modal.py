"""The 「リマインダー設定」 / "Reminder settings" modal (admins, from the App Home).

Block ids double as field names, as in the create modal: the submission's
`view.state.values[block_id][action_id]` and the inline errors are keyed by them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.messages import Locale, t
from bot.services.templates import MAX_TEMPLATE_LENGTH, builtin, variables_hint
from bot.slack.create_modal import plain

CALLBACK_ID = "reminder_settings"

TEMPLATE_JA = "template_ja"
TEMPLATE_EN = "template_en"
QUIET_OFF = "quiet_off"
QUIET_START = "quiet_start"
QUIET_END = "quiet_end"
COUNTRY = "calendar_country"

OFF = "off"
DEFAULT_QUIET = ("22:00", "08:00")


@dataclass(frozen=True)
class SettingsForm:
    """A submission as typed (validated by `bot.services.workspace_settings`)."""

    template_ja: str | None
    template_en: str | None
    quiet_off: bool
    quiet_start: str | None
    quiet_end: str | None
    country: str


def build_settings_modal(
    *,
    locale: Locale,
    template_ja: str | None,
    template_en: str | None,
    quiet_start: str | None,
    quiet_end: str | None,
    country: str,
) -> dict[str, Any]:
    """The modal filled with the workspace's current settings."""
    quiet_off = not (quiet_start and quiet_end)
    off_option = {"text": plain(t(locale, "settings.quiet_off")), "value": OFF}
    hint = t(locale, "settings.template_hint", variables=variables_hint())
    blocks = [
        _template_input(TEMPLATE_JA, t(locale, "settings.template_ja"), template_ja, "ja", hint),
        _template_input(TEMPLATE_EN, t(locale, "settings.template_en"), template_en, "en", hint),
        {
            "type": "input",
            "block_id": QUIET_OFF,
            "label": plain(t(locale, "settings.quiet")),
            "optional": True,
            "element": {
                "type": "checkboxes",
                "action_id": QUIET_OFF,
                "options": [off_option],
                **({"initial_options": [off_option]} if quiet_off else {}),
            },
            "hint": plain(t(locale, "settings.quiet_hint")),
        },
        _time_input(
            QUIET_START, t(locale, "settings.quiet_start"), quiet_start or DEFAULT_QUIET[0]
        ),
        _time_input(QUIET_END, t(locale, "settings.quiet_end"), quiet_end or DEFAULT_QUIET[1]),
        {
            "type": "input",
            "block_id": COUNTRY,
            "label": plain(t(locale, "settings.country")),
            "element": {
                "type": "plain_text_input",
                "action_id": COUNTRY,
                "max_length": 8,
                "initial_value": country,
            },
            "hint": plain(t(locale, "settings.country_hint")),
        },
    ]
    return {
        "type": "modal",
        "callback_id": CALLBACK_ID,
        "title": plain(t(locale, "settings.title")),
        "submit": plain(t(locale, "settings.submit")),
        "close": plain(t(locale, "settings.close")),
        "blocks": blocks,
    }


def _template_input(
    block_id: str, label: str, current: str | None, language: Locale, hint: str
) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "plain_text_input",
        "action_id": block_id,
        "multiline": True,
        "max_length": MAX_TEMPLATE_LENGTH,
        "placeholder": plain(builtin(language)[:150]),
    }
    if current:
        element["initial_value"] = current
    return {
        "type": "input",
        "block_id": block_id,
        "label": plain(label),
        "optional": True,
        "element": element,
        "hint": plain(hint),
    }


def _time_input(block_id: str, label: str, initial: str) -> dict[str, Any]:
    return {
        "type": "input",
        "block_id": block_id,
        "label": plain(label),
        "optional": True,
        "element": {"type": "timepicker", "action_id": block_id, "initial_time": initial},
    }


def parse_settings(view: dict[str, Any]) -> SettingsForm:
    values: dict[str, dict[str, Any]] = view.get("state", {}).get("values", {})

    def field(block_id: str) -> dict[str, Any]:
        return values.get(block_id, {}).get(block_id, {}) or {}

    def text(block_id: str) -> str | None:
        return (field(block_id).get("value") or "").strip() or None

    return SettingsForm(
        template_ja=text(TEMPLATE_JA),
        template_en=text(TEMPLATE_EN),
        quiet_off=any(
            o.get("value") == OFF for o in field(QUIET_OFF).get("selected_options") or []
        ),
        quiet_start=field(QUIET_START).get("selected_time") or None,
        quiet_end=field(QUIET_END).get("selected_time") or None,
        country=(text(COUNTRY) or "").upper(),
    )
