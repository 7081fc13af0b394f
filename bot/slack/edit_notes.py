"""What the bot says about an edit: the note in the card's thread (the workspace's
language, times as `<!date>`), the DM to each participant (their language and zone), the
notice to those removed, and what the editor is told when Zoom could not follow."""

from __future__ import annotations

from bot.messages import Locale, t
from bot.services.edit_changes import EventChanges, ZoomSync
from bot.services.templates import escape
from bot.slack.cards import EventView
from bot.slack.timefmt import slack_date
from bot.slack.zoom_notes import change_parts, kind_in_sentence

#: The thread note's line about Zoom (none when Zoom followed without a new URL).
_ZOOM_LINES = {
    ZoomSync.RECREATED: "edit.zoom_recreated",
    ZoomSync.FAILED: "edit.zoom_not_updated",
    ZoomSync.LOST: "edit.zoom_lost",
    ZoomSync.NO_ACCOUNT: "edit.zoom_no_account",
}


def change_summary(changes: EventChanges, tz: str, locale: Locale) -> str:
    """「開始 … → …、所要時間 …、参加者を追加 <@U2>」: every change, times in `tz`'s words."""
    parts = change_parts(changes.meeting, tz, locale)
    if changes.kind is not None:
        old, new = (t(locale, f"kind.{kind}") for kind in changes.kind)
        parts.append(t(locale, "edit.change.kind", old=old, new=new))
    if changes.timezone is not None:
        parts.append(
            t(locale, "edit.change.timezone", old=changes.timezone[0], new=changes.timezone[1])
        )
    if changes.note is not None:
        parts.append(t(locale, "edit.change.note"))
    if changes.signups is not None:
        parts.append(t(locale, "edit.change.signups"))
    if changes.added:
        parts.append(t(locale, "edit.change.added", users=_mentions(changes.added)))
    if changes.removed:
        parts.append(t(locale, "edit.change.removed", users=_mentions(changes.removed)))
    return t(locale, "zoom_webhook.change.separator").join(parts)


def thread_note(
    view: EventView, changes: EventChanges, actor_id: str, zoom: ZoomSync, locale: Locale
) -> str:
    note = t(
        locale,
        "edit.thread",
        actor=actor_id,
        changes=change_summary(changes, view.timezone, locale),
    )
    if changes.meeting.start is not None:
        note += "\n" + t(locale, "zoom_webhook.reminders_follow")
    if zoom in _ZOOM_LINES:
        note += "\n" + t(locale, _ZOOM_LINES[zoom], url=view.join_url or "")
    return note


def changed_dm(
    view: EventView,
    changes: EventChanges,
    actor_id: str,
    zoom: ZoomSync,
    locale: Locale,
    tz: str,
) -> str:
    """To someone taking part: what changed, times in their zone (and the new URL)."""
    text = t(
        locale,
        "edit.dm",
        kind=kind_in_sentence(view.kind, locale),
        title=escape(view.title),
        actor=actor_id,
        changes=change_summary(changes, tz, locale),
    )
    if zoom in _ZOOM_LINES:
        text += "\n" + t(locale, _ZOOM_LINES[zoom], url=view.join_url or "")
    return text


def new_url_dm(view: EventView, locale: Locale, tz: str) -> str:
    """To someone just added, whose invitation may have carried the old URL."""
    return t(
        locale,
        "edit.new_url_dm",
        kind=kind_in_sentence(view.kind, locale),
        title=escape(view.title),
        when=slack_date(view.starts_at, tz, locale),
        url=view.join_url or "",
    )


def removed_dm(view: EventView, actor_id: str, locale: Locale, tz: str) -> str:
    return t(
        locale,
        "edit.removed_dm",
        kind=kind_in_sentence(view.kind, locale),
        title=escape(view.title),
        when=slack_date(view.starts_at, tz, locale),
        actor=actor_id,
    )


def zoom_problem_dm(view: EventView, zoom: ZoomSync, locale: Locale) -> str:
    """To the editor, when Zoom did not follow: what is wrong and what to do."""
    return t(
        locale,
        f"edit.editor_{zoom.value}",
        kind=kind_in_sentence(view.kind, locale),
        title=escape(view.title),
        meeting_id=view.meeting_id or "",
    )


def _mentions(user_ids: tuple[str, ...]) -> str:
    return " ".join(f"<@{user_id}>" for user_id in user_ids)
