"""「キャンセル」's confirmation: what is cancelled, an optional reason."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from bot.messages import Locale, t
from bot.services.templates import escape
from bot.slack.create_modal import plain
from bot.slack.timefmt import slack_date
from bot.slack.zoom_notes import kind_in_sentence

CALLBACK_ID = "event_cancel_confirm"
REASON = "cancel_reason"


def cancel_modal(
    *,
    event_id: int,
    kind: str,
    title: str,
    starts_at: datetime,
    locale: Locale,
    tz: str,
    origin_channel: str | None,
) -> dict[str, Any]:
    text = t(
        locale,
        "cancel.confirm_text",
        kind=kind_in_sentence(kind, locale),
        title=escape(title),
        when=slack_date(starts_at, tz, locale),
    )
    return {
        "type": "modal",
        "callback_id": CALLBACK_ID,
        "private_metadata": json.dumps({"event_id": event_id, "channel": origin_channel}),
        "title": plain(t(locale, "cancel.modal_title")),
        "submit": plain(t(locale, "cancel.submit")),
        "close": plain(t(locale, "cancel.back")),
        "blocks": [
            {
                "type": "section",
                "block_id": "cancel_what",
                "text": {"type": "mrkdwn", "text": text},
            },
            {
                "type": "input",
                "block_id": REASON,
                "optional": True,
                "label": plain(t(locale, "cancel.reason_label")),
                "element": {
                    "type": "plain_text_input",
                    "action_id": REASON,
                    "multiline": True,
                    "max_length": 500,
                },
            },
        ],
    }


def metadata_of(view: dict[str, Any]) -> dict[str, Any]:
    """The modal's `private_metadata` (empty when missing or malformed)."""
    try:
        data = json.loads(view.get("private_metadata") or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def reason_of(view: dict[str, Any]) -> str | None:
    values = (view.get("state") or {}).get("values") or {}
    value = (values.get(REASON) or {}).get(REASON) or {}
    text = value.get("value")
    return str(text) if text else None
