"""An event's audit trail as an ephemeral message: one line per change — when (`<!date>`,
the reader's zone), who, what (before → after). Lines are packed into sections of at most
3,000 characters; when the trail is longer than a message holds, the newest entries are
shown and the rest counted."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from bot.messages import MESSAGES, Locale, t
from bot.services.audit import SYSTEM_ACTOR, ZOOM_ACTOR
from bot.services.audit_log import AuditEntry, AuditTrail
from bot.services.templates import escape
from bot.slack.cards import Message
from bot.slack.timefmt import slack_date

SECTION_CHARS = 3000
#: Sections of lines at most (a message holds 50 blocks; leaves room for header and notes).
MAX_SECTIONS = 40
_INSTANT_FIELDS = frozenset({"start", "starts_at"})
_USER_LIST_FIELDS = frozenset({"participants"})


def audit_message(trail: AuditTrail, locale: Locale, tz: str) -> Message:
    header = t(
        locale,
        "audit.header",
        id=trail.event_id,
        kind=t(locale, f"kind.{trail.kind}"),
        title=escape(trail.title)[:200],
    )
    blocks: list[dict[str, Any]] = [
        {"type": "section", "block_id": "audit_header", "text": _mrkdwn(header)}
    ]
    lines = [entry_line(entry, locale, tz) for entry in trail.entries]
    sections, omitted = _pack(lines)
    if not lines:
        blocks.append(_context(t(locale, "audit.none")))
    if omitted:
        blocks.append(_context(t(locale, "audit.omitted", count=omitted)))
    blocks += [
        {"type": "section", "block_id": f"audit_{n}", "text": _mrkdwn(text)}
        for n, text in enumerate(sections)
    ]
    text = t(locale, "audit.fallback", id=trail.event_id, count=len(trail.entries))
    return Message(text=text, blocks=blocks)


def entry_line(entry: AuditEntry, locale: Locale, tz: str) -> str:
    what = _action(entry, locale)
    changes = [
        _detail(name, value, locale, tz)
        for name, value in entry.details.items()
        if not _shown_in_action(entry.action, name)
    ]
    if changes:
        what += " — " + "; ".join(changes)
    return t(
        locale,
        "audit.line",
        when=slack_date(entry.created_at, tz, locale, short=True),
        actor=_actor(entry.actor_id, locale),
        what=what,
    )


def _action(entry: AuditEntry, locale: Locale) -> str:
    key = f"audit.action.{entry.action}"
    if key not in MESSAGES:
        return escape(entry.action)
    if entry.action == "account_chosen":
        return t(locale, key, account=escape(str(entry.details.get("account") or "—")))
    return t(locale, key)


def _shown_in_action(action: str, name: str) -> bool:
    return action == "account_chosen" and name in ("account", "account_id")


def _actor(actor_id: str, locale: Locale) -> str:
    if actor_id == ZOOM_ACTOR:
        return t(locale, "audit.actor.zoom")
    if actor_id == SYSTEM_ACTOR:
        return t(locale, "audit.actor.system")
    return f"<@{actor_id}>"


def _detail(name: str, value: Any, locale: Locale, tz: str) -> str:
    field_key = f"audit.field.{name}"
    field = t(locale, field_key) if field_key in MESSAGES else escape(name)
    if _is_change(name, value):
        before, after = (_value(name, v, locale, tz) for v in value)
        return t(locale, "audit.change", field=field, before=before, after=after)
    return t(locale, "audit.value", field=field, value=_value(name, value, locale, tz))


def _is_change(name: str, value: Any) -> bool:
    """`[before, after]` (for a list of users: two lists)."""
    if not isinstance(value, list) or len(value) != 2:
        return False
    return name not in _USER_LIST_FIELDS or all(isinstance(v, list) for v in value)


def _value(name: str, value: Any, locale: Locale, tz: str) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if name in _INSTANT_FIELDS and isinstance(value, str):
        try:
            return slack_date(datetime.fromisoformat(value), tz, locale, short=True)
        except ValueError:
            return escape(value)
    if name in _USER_LIST_FIELDS and isinstance(value, list):
        return " ".join(f"<@{u}>" for u in value)
    if name == "channel" and isinstance(value, str):
        return f"<#{value}>"
    if name == "kind" and isinstance(value, str) and f"kind.{value}" in MESSAGES:
        return t(locale, f"kind.{value}")
    if name == "reason" and isinstance(value, str) and f"audit.reason.{value}" in MESSAGES:
        return t(locale, f"audit.reason.{value}")
    if name == "requested" and value == "auto":
        return t(locale, "audit.requested_auto")
    if isinstance(value, bool):
        return "✓" if value else "✗"
    return escape(str(value))[:500]


def _pack(lines: Sequence[str]) -> tuple[list[str], int]:
    """Lines into sections (newest kept when they don't all fit); returns (sections,
    lines omitted)."""
    sections: list[str] = []
    current: list[str] = []
    size = 0
    kept = 0
    for line in reversed(lines):
        line = line[: SECTION_CHARS - 1]
        if current and size + len(line) + 1 > SECTION_CHARS:
            if len(sections) + 1 >= MAX_SECTIONS:
                break
            sections.append("\n".join(reversed(current)))
            current, size = [], 0
        current.append(line)
        size += len(line) + 1
        kept += 1
    if current:
        sections.append("\n".join(reversed(current)))
    return list(reversed(sections)), len(lines) - kept


def _mrkdwn(text: str) -> dict[str, Any]:
    return {"type": "mrkdwn", "text": text}


def _context(text: str) -> dict[str, Any]:
    return {"type": "context", "elements": [_mrkdwn(text)]}
