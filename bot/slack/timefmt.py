"""Showing instants to people: Slack's `<!date>` token (Slack renders it in each reader's own
time zone) with a fallback text formatted by Babel in the reader's zone and language."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from babel.dates import format_datetime

from bot.messages import Locale

_PATTERNS: dict[Locale, str] = {"ja": "yyyy年M月d日(E) H:mm", "en": "EEE, MMM d, yyyy h:mm a"}


def local_text(instant: datetime, tz: str, locale: Locale) -> str:
    """E.g. 「2026年11月24日(火) 14:00」 or "Tue, Nov 24, 2026 2:00 PM" (with zone abbreviation)."""
    zone = ZoneInfo(tz)
    local = instant.astimezone(zone)
    text = format_datetime(local, _PATTERNS[locale], locale=locale)
    return f"{text} ({local.tzname()})"


def slack_date(instant: datetime, tz: str, locale: Locale, *, short: bool = False) -> str:
    """`<!date^…>`: Slack shows it in the reader's zone; the fallback is for notifications."""
    fallback = local_text(instant, tz, locale)
    style = "date_short_pretty" if short else "date_long_pretty"
    return f"<!date^{int(instant.timestamp())}^{{{style}}} {{time}}|{fallback}>"
