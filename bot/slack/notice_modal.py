"""A modal that only says something (e.g. why the create modal did not open)."""

from __future__ import annotations

from typing import Any

from bot.messages import Locale, t


def notice_modal(locale: Locale, title_key: str, text: str) -> dict[str, Any]:
    return {
        "type": "modal",
        "title": {"type": "plain_text", "text": t(locale, title_key)[:24]},
        "close": {"type": "plain_text", "text": t(locale, "zoomui.close")},
        "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": text[:3000]}}],
    }
