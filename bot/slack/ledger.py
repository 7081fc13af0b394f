"""The reminders ledger of one event: for each reminder and recipient, pending (and when),
sent (and when), failed (and why, after retries) or skipped (and why). Opened from the
card's 「リマインダー」 button, in the viewer's language and zone."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.messages import Locale, t
from bot.services.reminder_specs import OffsetSpec
from bot.slack.cards import SHOW_REMINDERS_ACTION
from bot.slack.timefmt import slack_date
from storage.models import Event, Reminder, ReminderKind, ReminderStatus

MAX_SECTION_CHARS = 2900  # Slack refuses section text over 3,000 characters
MAX_BLOCKS = 95  # of a modal's 100

_STATUS_KEY = {
    ReminderStatus.PENDING: "ledger.pending",
    ReminderStatus.SENT: "ledger.sent",
    ReminderStatus.FAILED: "ledger.failed",
    ReminderStatus.SKIPPED: "ledger.skipped",
}


def ledger_modal(
    title: str, reminders: Sequence[Reminder], locale: Locale, tz: str
) -> dict[str, Any]:
    groups: dict[str, list[Reminder]] = {}
    for reminder in reminders:
        key = {
            ReminderKind.INVITATION: "now",
            ReminderKind.CHANNEL: f"channel:{reminder.spec}",
        }.get(ReminderKind(reminder.kind), reminder.spec)
        groups.setdefault(key, []).append(reminder)
    blocks: list[dict[str, Any]] = [
        {
            "type": "section",
            "block_id": "ledger_title",
            "text": {"type": "mrkdwn", "text": f"*{title[:200]}*"},
        }
    ]
    if not groups:
        blocks.append(_context(t(locale, "ledger.empty")))
    left_out = 0
    for group, rows in groups.items():
        text, in_text = f"*{_heading(group, locale)}*", 0
        for row in rows:
            line = _line(row, locale, tz)
            if len(text) + 1 + len(line) <= MAX_SECTION_CHARS:
                text, in_text = f"{text}\n{line}", in_text + 1
            elif len(blocks) < MAX_BLOCKS:
                blocks.append(_section(len(blocks), text))
                text, in_text = line, 1
            else:
                left_out += 1
        if len(blocks) < MAX_BLOCKS:
            blocks.append(_section(len(blocks), text))
        else:
            left_out += in_text
    if left_out:
        blocks.append(_context(t(locale, "ledger.more", n=left_out)))
    return {
        "type": "modal",
        "callback_id": "reminder_ledger",
        "title": {"type": "plain_text", "text": t(locale, "ledger.title")},
        "close": {"type": "plain_text", "text": t(locale, "ledger.close")},
        "blocks": blocks,
    }


def _heading(group: str, locale: Locale) -> str:
    if group == "now":
        return t(locale, "ledger.invitation")
    if group.startswith("channel:"):
        label = OffsetSpec.parse(group.removeprefix("channel:")).label(locale)
        return t(locale, "ledger.channel", label=label)
    return OffsetSpec.parse(group).label(locale)


def _line(row: Reminder, locale: Locale, tz: str) -> str:
    status = ReminderStatus(row.status)
    when = row.sent_at if status == ReminderStatus.SENT and row.sent_at else row.due_at
    detail = {
        ReminderStatus.PENDING: "",
        ReminderStatus.SENT: "",
        ReminderStatus.FAILED: row.last_error or "",
        ReminderStatus.SKIPPED: t(locale, f"skip.{row.skip_reason}") if row.skip_reason else "",
    }[status]
    return t(
        locale,
        _STATUS_KEY[status],
        who=f"<#{row.recipient_id}>"
        if row.kind == ReminderKind.CHANNEL
        else f"<@{row.recipient_id}>",
        when=slack_date(when, tz, locale, short=True),
        detail=detail,
        attempts=row.attempts,
    )


def _section(index: int, text: str) -> dict[str, Any]:
    return {
        "type": "section",
        "block_id": f"ledger_{index}",
        "text": {"type": "mrkdwn", "text": text},
    }


def _context(text: str) -> dict[str, Any]:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text}]}


def reminders_overview(
    upcoming: Sequence[tuple[Event, dict[str, int]]], locale: Locale, tz: str
) -> list[dict[str, Any]]:
    """App Home, for admins: the next events with their reminders' counts and a ledger button."""
    blocks: list[dict[str, Any]] = [
        {"type": "divider"},
        {
            "type": "header",
            "text": {"type": "plain_text", "text": t(locale, "home.reminders_overview")},
        },
    ]
    if not upcoming:
        blocks.append(_context(t(locale, "home.no_upcoming")))
    for event, counts in upcoming:
        summary = t(
            locale,
            "home.reminder_counts",
            pending=counts.get(ReminderStatus.PENDING, 0),
            sent=counts.get(ReminderStatus.SENT, 0),
            failed=counts.get(ReminderStatus.FAILED, 0),
            skipped=counts.get(ReminderStatus.SKIPPED, 0),
        )
        when = slack_date(event.starts_at, tz, locale, short=True)
        blocks.append(
            {
                "type": "section",
                "text": {"type": "mrkdwn", "text": f"*{event.title[:150]}* — {when}\n{summary}"},
                "accessory": {
                    "type": "button",
                    "action_id": SHOW_REMINDERS_ACTION,
                    "text": {"type": "plain_text", "text": t(locale, "card.show_reminders")},
                    "value": str(event.id),
                },
            }
        )
    return blocks
