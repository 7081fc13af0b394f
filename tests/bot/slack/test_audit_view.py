"""The audit trail as a message: readable lines, limits kept, event references parsed."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from bot.services.audit_log import AuditEntry, AuditTrail, EventRef, parse_ref
from bot.slack.audit_view import audit_message, entry_line
from bot.slack.event_list_view import HERE, MINE, parse_page_value
from standins._blockkit import MAX_MESSAGE_BLOCKS, check_blocks

T = datetime(2026, 11, 23, 0, 0, tzinfo=UTC)


def test_an_edit_reads_before_and_after_in_the_readers_zone() -> None:
    entry = AuditEntry(
        actor_id="U1",
        action="edited",
        details={
            "start": [T.isoformat(), (T + timedelta(hours=1)).isoformat()],
            "title": ["一次面接", "二次面接"],
            "participants": [["U1"], ["U1", "U2"]],
            "colour": "blue",
        },
        created_at=T,
    )
    line = entry_line(entry, "en", "America/Los_Angeles")
    assert line.startswith(f"<!date^{int(T.timestamp())}^")
    assert "Sun, Nov 22, 2026 4:00 PM (PST)" in line
    assert "<@U1> · edited — start: <!date^" in line
    assert "title: 一次面接 → 二次面接" in line
    assert "participants: <@U1> → <@U1> <@U2>" in line
    assert "colour: blue" in line  # unknown fields still shown, never dropped
    ja = entry_line(entry, "ja", "Asia/Tokyo")
    assert "<@U1> · 編集 — 開始: " in ja
    assert "タイトル: 一次面接 → 二次面接" in ja


def test_unknown_actions_and_values_are_escaped() -> None:
    entry = AuditEntry("zoom", "<!channel>", {"reason": "<!here>"}, T)
    line = entry_line(entry, "ja", "Asia/Tokyo")
    assert "<!channel>" not in line
    assert "<!here>" not in line
    assert "Zoom · &lt;!channel&gt;" in line


def test_a_long_trail_keeps_the_newest_within_block_kit_limits() -> None:
    entries = tuple(
        AuditEntry("U1", "edited", {"note": [f"{n}" * 200, f"{n + 1}" * 200]}, T)
        for n in range(2000)
    )
    trail = AuditTrail(event_id=7, kind="interview", title="t", organizer_id="U1", entries=entries)
    message = audit_message(trail, "en", "Asia/Tokyo")
    assert check_blocks(message.blocks, pointer="/blocks", limit=MAX_MESSAGE_BLOCKS) == []
    text = json.dumps(message.blocks)
    assert "older entries not shown" in text
    assert "1999" * 10 in text  # the newest is there
    assert message.text == "History of event #7 (2000 entries)"


def test_event_references() -> None:
    assert parse_ref("12") == EventRef(event_id=12)
    assert parse_ref(" #12 ") == EventRef(event_id=12)
    link = "<https://team.slack.com/archives/C0HARNESS/p1700000000000100>"
    assert parse_ref(link) == EventRef(channel_id="C0HARNESS", card_ts="1700000000.000100")
    assert parse_ref("tomorrow") is None
    assert parse_ref("") is None


def test_page_values() -> None:
    assert parse_page_value("here:3") == (HERE, 3)
    assert parse_page_value("mine:0") == (MINE, 1)
    assert parse_page_value("team:2") == (MINE, 1)
    assert parse_page_value("garbage") == (MINE, 1)
