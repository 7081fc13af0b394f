"""What the bot says when Zoom tells it something changed: a meeting edited or deleted in
Zoom (a note in the card's thread, a DM to the organizer), an account disconnected in Zoom."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.messages import Locale, t
from bot.services.templates import escape
from bot.slack.timefmt import slack_date


@dataclass(frozen=True)
class MeetingEdit:
    """What changed on an event's meeting, as (before, after); None: unchanged."""

    start: tuple[datetime, datetime] | None = None
    duration: tuple[int, int] | None = None
    title: tuple[str, str] | None = None

    def __bool__(self) -> bool:
        return any(change is not None for change in (self.start, self.duration, self.title))


def kind_in_sentence(kind: str, locale: Locale) -> str:
    """「面接」 / "interview" (English labels are capitalised only at the start of a line)."""
    label = t(locale, f"kind.{kind}")
    return label.lower() if locale == "en" else label


def meeting_changed_note(edit: MeetingEdit, event_tz: str, locale: Locale) -> str:
    """「Zoom 側でミーティングが変更されました: 開始 … → …」, times as `<!date>`."""
    changes = t(locale, "zoom_webhook.change.separator").join(change_parts(edit, event_tz, locale))
    note = t(locale, "zoom_webhook.changed", changes=changes)
    if edit.start is not None:
        note += "\n" + t(locale, "zoom_webhook.reminders_follow")
    return note


def change_parts(edit: MeetingEdit, tz: str, locale: Locale) -> list[str]:
    """「開始 … → …」, 「所要時間 …」, 「タイトル …」: each change as a phrase (times as
    `<!date>`, shown by Slack in the reader's zone; `tz` is the fallback text's zone).
    Used for Zoom's changes and for edits made in Slack."""
    parts = []
    if edit.start is not None:
        old, new = (slack_date(instant, tz, locale) for instant in edit.start)
        parts.append(t(locale, "zoom_webhook.change.start", old=old, new=new))
    if edit.duration is not None:
        old_minutes, new_minutes = edit.duration
        parts.append(t(locale, "zoom_webhook.change.duration", old=old_minutes, new=new_minutes))
    if edit.title is not None:
        old_title, new_title = (escape(title) for title in edit.title)
        parts.append(t(locale, "zoom_webhook.change.title", old=old_title, new=new_title))
    return parts


def meeting_deleted_note(kind: str, locale: Locale) -> str:
    return t(locale, "zoom_webhook.deleted_thread", kind=kind_in_sentence(kind, locale))


def meeting_deleted_dm(kind: str, title: str, starts_at: datetime, tz: str, locale: Locale) -> str:
    return t(
        locale,
        "zoom_webhook.deleted_dm",
        kind=kind_in_sentence(kind, locale),
        title=escape(title),
        when=slack_date(starts_at, tz, locale),
    )


def account_disconnected_dm(display_name: str, *, removed: bool, locale: Locale) -> str:
    key = (
        "zoom_webhook.deauthorized_removed_dm"
        if removed
        else "zoom_webhook.deauthorized_reconnect_dm"
    )
    return t(locale, key, name=escape(display_name))
