"""The ledger modal stays within Slack's limits for large events."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.slack.ledger import ledger_modal
from storage.models import Reminder, ReminderKind, ReminderStatus

DUE = datetime(2026, 11, 24, 5, 0, tzinfo=UTC)


def rows(count: int, spec: str = "before:60") -> list[Reminder]:
    return [
        Reminder(
            id=i,
            kind=ReminderKind.REMINDER,
            spec=spec,
            recipient_id=f"U{i:08d}",
            due_at=DUE,
            status=ReminderStatus.SKIPPED,
            skip_reason="event_started",
            attempts=0,
        )
        for i in range(count)
    ]


def test_sections_stay_under_slacks_3000_characters() -> None:
    for locale in ("ja", "en"):
        view = ledger_modal("説明会", rows(200), locale, "Asia/Tokyo")
        texts = [b["text"]["text"] for b in view["blocks"] if b["type"] == "section"]
        assert all(len(text) <= 3000 for text in texts)
        shown = sum(text.count("<@U") for text in texts)
        assert shown == 200  # nobody left out while blocks remain


def test_a_huge_ledger_says_how_many_it_leaves_out() -> None:
    view = ledger_modal("説明会", rows(5000), "en", "Asia/Tokyo")
    assert len(view["blocks"]) <= 100
    texts = [b["text"]["text"] for b in view["blocks"] if b["type"] == "section"]
    shown = sum(text.count("<@U") for text in texts)
    more = view["blocks"][-1]["elements"][0]["text"]
    assert more == f"…and {5000 - shown} more"
