"""The 「選考イベントを作成」 modal: building it, and reading a submission back.

Block ids double as field names: the submission's `view.state.values[block_id][action_id]`
and the inline errors (`response_action: errors`) are keyed by them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, available_timezones

from bot.messages import Locale, t
from bot.services.reminder_specs import PRESETS
from bot.services.templates import MAX_TEMPLATE_LENGTH, variables_hint
from bot.slack.signup_fields import SignupAnswers, SignupSettings, read_signups, signup_blocks
from storage.models import EventKind

CALLBACK_ID = "create_event"

KIND = "kind"
TITLE = "title"
START_DATE = "start_date"
START_TIME = "start_time"
DURATION = "duration"
TIMEZONE = "timezone"
PARTICIPANTS = "participants"
CHANNEL = "channel"
ZOOM_ACCOUNT = "zoom_account"
REMINDERS = "reminders"
CUSTOM_REMINDERS = "custom_reminders"
NOTIFY = "notify"
CHANNEL_REMINDERS = "channel_reminders"
CHANNEL_REMINDER_PLACE = "channel_reminder_place"
IN_THREAD = "thread"
IN_CHANNEL = "channel"
NOTE = "note"
TEMPLATE = "reminder_template"
PREVIEW_ACTIONS = "reminder_template_actions"  # the block holding the Preview button
PREVIEW_ACTION = "preview_reminder_template"
PREVIEW = "reminder_template_preview"  # the context block showing the preview

AUTO_ACCOUNT = "auto"
# Changing these re-computes the account options (`dispatch_action`): the slot changed.
SLOT_FIELDS = (START_DATE, START_TIME, TIMEZONE)
DEFAULT_START_TIME = time(10, 0)
DEFAULT_DURATION = 60
NOTIFY_NOW = "now"
DEFAULT_REMINDERS = ("before:1440", "before:60")
MAX_PARTICIPANTS = 50

COMMON_TIMEZONES = (
    "Asia/Tokyo",
    "Asia/Seoul",
    "Asia/Shanghai",
    "Asia/Taipei",
    "Asia/Hong_Kong",
    "Asia/Singapore",
    "Asia/Bangkok",
    "Asia/Ho_Chi_Minh",
    "Asia/Jakarta",
    "Asia/Manila",
    "Asia/Kolkata",
    "Asia/Dubai",
    "Europe/London",
    "Europe/Paris",
    "Europe/Berlin",
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "America/Sao_Paulo",
    "Australia/Sydney",
    "Pacific/Auckland",
    "Pacific/Honolulu",
    "UTC",
)


@dataclass(frozen=True)
class AccountChoice:
    value: str  # our account id as text
    label: str


@dataclass(frozen=True)
class CreateForm:
    """A submission as typed, before validation (values may be missing or out of range)."""

    kind: EventKind
    title: str
    start_date: date | None
    start_time: time | None
    duration: int | None
    timezone: str
    participants: list[str]
    channel: str | None
    zoom_account: str
    reminder_specs: list[str]
    custom_reminders: str
    notify_participants: bool
    note: str | None
    reminder_template: str | None = None  # None: the workspace default
    channel_reminder_specs: list[str] = field(default_factory=list)
    channel_reminders_in_thread: bool = True
    signups: SignupAnswers = field(default_factory=SignupAnswers)


def plain(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text, "emoji": True}


def _option(text: str, value: str) -> dict[str, Any]:
    return {"text": plain(text), "value": value}


def _timezone_options(user_tz: str, now: datetime) -> list[dict[str, Any]]:
    zones = list(COMMON_TIMEZONES)
    if user_tz not in zones and user_tz in available_timezones():
        zones.insert(0, user_tz)
    options = []
    for zone in zones:
        offset = now.astimezone(ZoneInfo(zone)).strftime("%z")
        options.append(_option(f"(UTC{offset[:3]}:{offset[3:]}) {zone}", zone))
    return options


def default_zone(user_tz: str) -> str:
    return user_tz if user_tz in available_timezones() else "Asia/Tokyo"


def default_start(user_tz: str, now: datetime) -> datetime:
    """The start the modal opens with: tomorrow 10:00 in the user's zone."""
    zone = ZoneInfo(default_zone(user_tz))
    tomorrow = (now.astimezone(zone) + timedelta(days=1)).date()
    return datetime.combine(tomorrow, DEFAULT_START_TIME, tzinfo=zone)


def build_create_modal(
    *,
    locale: Locale,
    organizer_id: str,
    user_tz: str,
    origin_channel: str | None,
    accounts: list[AccountChoice],
    now: datetime,
    default_template: str | None = None,
    signups: SignupSettings | None = None,
) -> dict[str, Any]:
    """`default_template`: what an empty reminder message means (shown as the placeholder).
    `signups`: the sign-up fields' initial values (an event's, when editing it)."""
    tz = default_zone(user_tz)
    tomorrow = default_start(tz, now).date()
    tz_options = _timezone_options(tz, now)
    kinds = [_option(t(locale, f"kind.{kind.value}"), kind.value) for kind in EventKind]
    account_options = _account_options(locale, accounts)
    reminder_options = [_option(spec.label(locale), str(spec)) for spec in PRESETS]
    place_options = [
        _option(t(locale, "modal.in_thread"), IN_THREAD),
        _option(t(locale, "modal.in_channel"), IN_CHANNEL),
    ]
    notify_option = _option(t(locale, "modal.notify_now"), NOTIFY_NOW)
    channel_element: dict[str, Any] = {
        "type": "conversations_select",
        "action_id": CHANNEL,
        "filter": {"include": ["public", "private"], "exclude_bot_users": True},
    }
    if origin_channel and origin_channel[:1] in ("C", "G"):
        channel_element["initial_conversation"] = origin_channel

    blocks: list[dict[str, Any]] = [
        _input(
            KIND,
            t(locale, "modal.kind"),
            {
                "type": "radio_buttons",
                "action_id": KIND,
                "options": kinds,
                "initial_option": kinds[2],
            },
        ),
        _input(
            TITLE,
            t(locale, "modal.title_field"),
            {
                "type": "plain_text_input",
                "action_id": TITLE,
                "max_length": 200,
                "placeholder": plain(t(locale, "modal.title_placeholder")),
            },
        ),
        _input(
            START_DATE,
            t(locale, "modal.date"),
            {"type": "datepicker", "action_id": START_DATE, "initial_date": tomorrow.isoformat()},
        ),
        _input(
            START_TIME,
            t(locale, "modal.time"),
            {
                "type": "timepicker",
                "action_id": START_TIME,
                "initial_time": DEFAULT_START_TIME.strftime("%H:%M"),
            },
        ),
        _input(
            DURATION,
            t(locale, "modal.duration"),
            {
                "type": "number_input",
                "action_id": DURATION,
                "is_decimal_allowed": False,
                "min_value": "5",
                "max_value": "720",
                "initial_value": "60",
            },
        ),
        _input(
            TIMEZONE,
            t(locale, "modal.timezone"),
            {
                "type": "static_select",
                "action_id": TIMEZONE,
                "options": tz_options,
                "initial_option": next(o for o in tz_options if o["value"] == tz),
            },
        ),
        _input(
            PARTICIPANTS,
            t(locale, "modal.participants"),
            {
                "type": "multi_users_select",
                "action_id": PARTICIPANTS,
                "initial_users": [organizer_id],
                "max_selected_items": MAX_PARTICIPANTS,
            },
            optional=True,
            hint=t(locale, "modal.participants_hint"),
        ),
        _input(CHANNEL, t(locale, "modal.channel"), channel_element),
        _input(
            ZOOM_ACCOUNT,
            t(locale, "modal.account"),
            {
                "type": "static_select",
                "action_id": ZOOM_ACCOUNT,
                "options": account_options,
                "initial_option": account_options[0],
            },
            hint=t(locale, "modal.account_hint"),
        ),
    ]
    if not accounts:
        blocks.append(
            {
                "type": "context",
                "block_id": "no_accounts",
                "elements": [{"type": "mrkdwn", "text": t(locale, "modal.no_accounts")}],
            }
        )
    blocks += [
        _input(
            REMINDERS,
            t(locale, "modal.reminders"),
            {
                "type": "checkboxes",
                "action_id": REMINDERS,
                "options": reminder_options,
                "initial_options": [o for o in reminder_options if o["value"] in DEFAULT_REMINDERS],
            },
            optional=True,
        ),
        _input(
            CUSTOM_REMINDERS,
            t(locale, "modal.custom_reminder"),
            {
                "type": "plain_text_input",
                "action_id": CUSTOM_REMINDERS,
                "max_length": 100,
                "placeholder": plain(t(locale, "modal.custom_reminder_placeholder")),
            },
            optional=True,
        ),
        _input(
            CHANNEL_REMINDERS,
            t(locale, "modal.channel_reminders"),
            {
                "type": "checkboxes",
                "action_id": CHANNEL_REMINDERS,
                "options": [_option(spec.label(locale), str(spec)) for spec in PRESETS],
            },
            optional=True,
            hint=t(locale, "modal.channel_reminders_hint"),
        ),
        _input(
            CHANNEL_REMINDER_PLACE,
            t(locale, "modal.channel_reminder_place"),
            {
                "type": "radio_buttons",
                "action_id": CHANNEL_REMINDER_PLACE,
                "options": place_options,
                "initial_option": place_options[0],
            },
            optional=True,
        ),
        _input(
            TEMPLATE,
            t(locale, "modal.template"),
            {
                "type": "plain_text_input",
                "action_id": TEMPLATE,
                "multiline": True,
                "max_length": MAX_TEMPLATE_LENGTH,
                **(
                    {"placeholder": plain(_placeholder(default_template))}
                    if default_template
                    else {}
                ),
            },
            optional=True,
            hint=t(locale, "modal.template_hint", variables=variables_hint()),
        ),
        {
            "type": "actions",
            "block_id": PREVIEW_ACTIONS,
            "elements": [
                {
                    "type": "button",
                    "action_id": PREVIEW_ACTION,
                    "text": plain(t(locale, "modal.template_preview")),
                }
            ],
        },
        _input(
            NOTIFY,
            t(locale, "modal.notify"),
            {
                "type": "checkboxes",
                "action_id": NOTIFY,
                "options": [notify_option],
                "initial_options": [notify_option],
            },
            optional=True,
        ),
        *signup_blocks(locale, signups or SignupSettings()),
        _input(
            NOTE,
            t(locale, "modal.note"),
            {"type": "plain_text_input", "action_id": NOTE, "multiline": True, "max_length": 2000},
            optional=True,
        ),
    ]
    return {
        "type": "modal",
        "callback_id": CALLBACK_ID,
        "title": plain(t(locale, "modal.title")),
        "submit": plain(t(locale, "modal.submit")),
        "close": plain(t(locale, "modal.close")),
        "private_metadata": json.dumps({"origin_channel": origin_channel or ""}),
        "blocks": blocks,
    }


def _account_options(locale: Locale, accounts: list[AccountChoice]) -> list[dict[str, Any]]:
    return [_option(t(locale, "modal.account_auto"), AUTO_ACCOUNT)] + [
        _option(a.label[:75], a.value) for a in accounts
    ]


def with_account_options(
    view: dict[str, Any], locale: Locale, accounts: list[AccountChoice]
) -> dict[str, Any]:
    """`view` (as Slack sent it in a block_actions payload) with the account options
    re-labelled for the slot now chosen, ready for `views.update`. Block and action ids stay,
    so Slack keeps what the person entered; the account they picked stays picked."""
    options = _account_options(locale, accounts)
    picked = selected_value(view, ZOOM_ACCOUNT) or AUTO_ACCOUNT
    blocks = []
    for block in view.get("blocks", []):
        if block.get("block_id") == ZOOM_ACCOUNT:
            element = {**block["element"], "options": options}
            element["initial_option"] = next(
                (o for o in options if o["value"] == picked), options[0]
            )
            block = {**block, "element": element}
        blocks.append(block)
    updated: dict[str, Any] = {
        key: view[key]
        for key in ("type", "callback_id", "title", "submit", "close", "private_metadata")
        if view.get(key) is not None
    }
    updated["blocks"] = blocks
    return updated


def selected_value(view: dict[str, Any], block_id: str) -> str | None:
    values = view.get("state", {}).get("values", {})
    option = (values.get(block_id, {}).get(block_id) or {}).get("selected_option") or {}
    value = option.get("value")
    return str(value) if value else None


def _placeholder(text: str) -> str:
    return text if len(text) <= 150 else text[:149] + "…"


def with_preview(view: dict[str, Any], text: str) -> dict[str, Any]:
    """`view` (as Slack sent it in a block_actions payload) with `text` shown under the
    Preview button, ready for `views.update`. Every block keeps its block_id and action_id,
    which is what makes Slack keep what the person typed."""
    blocks = [b for b in view.get("blocks", []) if b.get("block_id") != PREVIEW]
    at = next(
        (i + 1 for i, b in enumerate(blocks) if b.get("block_id") == PREVIEW_ACTIONS),
        len(blocks),
    )
    preview = {
        "type": "context",
        "block_id": PREVIEW,
        "elements": [{"type": "mrkdwn", "text": text[:3000]}],
    }
    updated: dict[str, Any] = {
        key: view[key]
        for key in ("type", "callback_id", "title", "submit", "close", "private_metadata")
        if view.get(key) is not None
    }
    updated["blocks"] = [*blocks[:at], preview, *blocks[at:]]
    return updated


def selected_label(view: dict[str, Any], block_id: str) -> str | None:
    """The visible text of a select's current choice (e.g. the Zoom account's name)."""
    values = view.get("state", {}).get("values", {})
    option = (values.get(block_id, {}).get(block_id) or {}).get("selected_option") or {}
    text = (option.get("text") or {}).get("text")
    return str(text) if text else None


def _input(
    block_id: str,
    label: str,
    element: dict[str, Any],
    *,
    optional: bool = False,
    hint: str | None = None,
) -> dict[str, Any]:
    block: dict[str, Any] = {
        "type": "input",
        "block_id": block_id,
        "label": plain(label),
        "element": element,
        "optional": optional,
    }
    if block_id in SLOT_FIELDS:
        block["dispatch_action"] = True
    if hint:
        block["hint"] = plain(hint)
    return block


def parse_submission(view: dict[str, Any]) -> CreateForm:
    """Read the modal's state; tolerant of missing fields (validation reports them)."""
    values: dict[str, dict[str, Any]] = view.get("state", {}).get("values", {})

    def field(block_id: str) -> dict[str, Any]:
        return values.get(block_id, {}).get(block_id, {}) or {}

    def selected(block_id: str) -> str | None:
        option = field(block_id).get("selected_option")
        return option.get("value") if option else None

    def checked(block_id: str) -> list[str]:
        return [o["value"] for o in field(block_id).get("selected_options") or []]

    kind_value = selected(KIND) or EventKind.INTERVIEW.value
    try:
        kind = EventKind(kind_value)
    except ValueError:
        kind = EventKind.INTERVIEW
    raw_date = field(START_DATE).get("selected_date")
    raw_time = field(START_TIME).get("selected_time")
    raw_duration = field(DURATION).get("value")
    return CreateForm(
        kind=kind,
        title=(field(TITLE).get("value") or "").strip(),
        start_date=_parse(date.fromisoformat, raw_date),
        start_time=_parse(time.fromisoformat, raw_time),
        duration=_parse(int, raw_duration),
        timezone=selected(TIMEZONE) or "",
        participants=list(field(PARTICIPANTS).get("selected_users") or []),
        channel=field(CHANNEL).get("selected_conversation"),
        zoom_account=selected(ZOOM_ACCOUNT) or AUTO_ACCOUNT,
        reminder_specs=checked(REMINDERS),
        custom_reminders=(field(CUSTOM_REMINDERS).get("value") or "").strip(),
        notify_participants=NOTIFY_NOW in checked(NOTIFY),
        channel_reminder_specs=checked(CHANNEL_REMINDERS),
        channel_reminders_in_thread=selected(CHANNEL_REMINDER_PLACE) != IN_CHANNEL,
        note=(field(NOTE).get("value") or "").strip() or None,
        reminder_template=(field(TEMPLATE).get("value") or "").strip() or None,
        signups=read_signups(values),
    )


def _parse(parser: Any, raw: str | None) -> Any:
    if raw is None or raw == "":
        return None
    try:
        return parser(raw)
    except (ValueError, TypeError):
        return None
