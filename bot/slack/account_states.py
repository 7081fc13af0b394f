"""Account states in words: the create modal's account options and inline errors (plain text,
in the reader's zone), and the line saying why 「自動」 chose an account (mrkdwn with
`<!date>`, so each reader of the channel sees their own zone)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from babel.dates import format_datetime

from bot.messages import Locale, t
from bot.services.account_choice import (
    AccountState,
    Availability,
    Choice,
    Skip,
    SkipReason,
    ZoomFailure,
    rank,
)
from bot.slack.create_modal import AUTO_ACCOUNT, AccountChoice

MAX_OPTION_TEXT = 75  # Slack's limit for an option's text
MAX_RANGES = 2  # busy ranges shown per account; more become "…"

_TIME = {"ja": "H:mm", "en": "h:mm a"}
_MOMENT = {"ja": "M/d H:mm", "en": "MMM d, h:mm a"}

FieldError = tuple[str, dict[str, object]]


@dataclass(frozen=True)
class Times:
    """How instants are written: plain text in `tz`, or `<!date>` tokens (Slack shows each
    reader's own zone) whose fallback text is in `tz`."""

    tz: str
    slack: bool = False

    def time(self, instant: datetime, locale: Locale) -> str:
        text = format_datetime(instant.astimezone(ZoneInfo(self.tz)), _TIME[locale], locale=locale)
        return f"<!date^{int(instant.timestamp())}^{{time}}|{text}>" if self.slack else text

    def moment(self, instant: datetime, locale: Locale) -> str:
        local = instant.astimezone(ZoneInfo(self.tz))
        text = f"{format_datetime(local, _MOMENT[locale], locale=locale)} ({local.tzname()})"
        if self.slack:
            return f"<!date^{int(instant.timestamp())}^{{date_short}} {{time}}|{text}>"
        return text

    def ranges(self, state: AccountState, locale: Locale) -> str:
        shown = [
            f"{self.time(b.start, locale)}–{self.time(b.end, locale)}"
            for b in state.busy[:MAX_RANGES]
        ]
        return ", ".join(shown) + (", …" if len(state.busy) > MAX_RANGES else "")


def state_text(state: AccountState, locale: Locale, times: Times) -> str:
    """「予定あり 14:00–15:00」, 「本日 92/100 件」, 「要再接続」 …"""
    usage, limit = state.usage, state.account.concurrent_limit
    availability = state.availability
    if availability is Availability.NEEDS_RECONNECT:
        return t(locale, "choice.state.needs_reconnect")
    if availability is Availability.EXHAUSTED:
        reset = times.moment(usage.resets_at, locale)
        return t(locale, "choice.state.exhausted", quota=usage.quota, reset=reset)
    if availability is Availability.BUSY:
        return t(locale, "choice.state.busy", times=times.ranges(state, locale))
    if availability is Availability.AT_LIMIT:
        return t(locale, "choice.state.at_limit", count=len(state.busy), limit=limit)
    parts = [
        t(
            locale,
            "choice.state.shared",
            times=times.ranges(state, locale),
            count=len(state.busy),
            limit=limit,
        )
        if state.busy
        else t(locale, "choice.state.free")
    ]
    if state.near_quota:
        parts.append(t(locale, "choice.state.near_quota", used=usage.used, quota=usage.quota))
    if not state.zoom_checked:
        parts.append(t(locale, "choice.state.unchecked"))
    return " · ".join(parts)


def option_label(state: AccountState, locale: Locale, tz: str) -> str:
    """「採用担当A — 予定あり 14:00–15:00」 (at most 75 characters: the name is shortened)."""
    status = state_text(state, locale, Times(tz))[: MAX_OPTION_TEXT - 8]
    room = MAX_OPTION_TEXT - len(status) - 3
    name = state.account.name
    if len(name) > room:
        name = name[: room - 1] + "…"
    return f"{name} — {status}"


def account_choices(states: Sequence[AccountState], locale: Locale, tz: str) -> list[AccountChoice]:
    return [
        AccountChoice(value=str(s.account.id), label=option_label(s, locale, tz)) for s in states
    ]


def pick_error(
    states: Sequence[AccountState],
    choice: str,
    participants: Collection[str],
    locale: Locale,
    tz: str,
) -> FieldError | None:
    """The inline error for the account picked in the modal, if it cannot host the slot
    (unknown accounts and an empty list are the validator's)."""
    times = Times(tz)
    if choice == AUTO_ACCOUNT:
        if not states or rank(states, participants):
            return None
        reasons = " · ".join(f"{s.account.name}: {state_text(s, locale, times)}" for s in states)
        return "choice.error.none_free", {"reasons": reasons}
    state = next((s for s in states if str(s.account.id) == choice), None)
    if state is None or state.usable:
        return None
    name, usage = state.account.name, state.usage
    match state.availability:
        case Availability.NEEDS_RECONNECT:
            return "error.account_unavailable", {"name": name}
        case Availability.EXHAUSTED:
            reset = times.moment(usage.resets_at, locale)
            return "choice.error.exhausted", {"name": name, "quota": usage.quota, "reset": reset}
        case Availability.AT_LIMIT:
            return "choice.error.at_limit", {"name": name, "limit": state.account.concurrent_limit}
        case _:
            return "choice.error.busy", {"name": name, "times": times.ranges(state, locale)}


def skip_text(skip: Skip, locale: Locale, times: Times) -> str:
    state, usage = skip.state, skip.state.usage
    match skip.reason:
        case SkipReason.ZOOM_FAILED:
            return _failure_text(skip, locale)
        case SkipReason.BUSY:
            return t(locale, "choice.reason.busy", times=times.ranges(state, locale))
        case SkipReason.AT_LIMIT:
            limit = state.account.concurrent_limit
            return t(locale, "choice.reason.at_limit", count=len(state.busy), limit=limit)
        case SkipReason.EXHAUSTED:
            return t(locale, "choice.reason.exhausted", used=usage.used, quota=usage.quota)
        case SkipReason.NEEDS_RECONNECT:
            return t(locale, "choice.reason.needs_reconnect")
        case SkipReason.NEAR_QUOTA:
            return t(locale, "choice.reason.near_quota", used=usage.used, quota=usage.quota)
        case SkipReason.UNCHECKED:
            return t(locale, "choice.reason.unchecked")
        case _:
            return t(locale, "choice.reason.more_meetings", count=state.meetings_that_day)


def _failure_text(skip: Skip, locale: Locale) -> str:
    if skip.failure is ZoomFailure.RATE_LIMITED:
        return t(locale, "choice.reason.zoom_rate_limited")
    if skip.failure is ZoomFailure.DAILY_LIMIT:
        return t(locale, "choice.reason.zoom_daily_limit")
    if skip.failure is ZoomFailure.UNAVAILABLE:
        return t(locale, "choice.reason.zoom_unavailable", status=skip.status or "5xx")
    return t(locale, "choice.reason.zoom_timeout")


def why_line(choice: Choice, locale: Locale, event_tz: str) -> str:
    """「A: 予定あり 14:00–15:00 · B: 本日 98/100 件 · → C」 (mrkdwn, times as `<!date>`)."""
    times = Times(event_tz, slack=True)
    parts = [f"{s.state.account.name}: {skip_text(s, locale, times)}" for s in choice.skipped]
    chosen = choice.chosen.account
    name = (
        t(locale, "choice.chosen_own", name=chosen.name, owner=chosen.owner_id)
        if chosen.owner_id and choice.chosen_is_own
        else chosen.name
    )
    return " · ".join([*parts, f"→ {name}"])


def refusal_text(state: AccountState, locale: Locale, event_tz: str) -> str:
    """Why an account cannot host, for a DM (mrkdwn)."""
    return state_text(state, locale, Times(event_tz, slack=True))
