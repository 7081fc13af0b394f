"""The edit modal: the create modal's what-and-when fields, filled, with the version shown."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.slack.edit_modal import EditValues, build_edit_modal, metadata_of
from bot.slack.signup_fields import SignupSettings

NOW = datetime(2026, 11, 20, 0, 0, tzinfo=UTC)


def values() -> EditValues:
    return EditValues(
        event_id=7,
        version=3,
        kind="info_session",
        title="会社説明会",
        starts_at=datetime(2026, 11, 25, 5, 0, tzinfo=UTC),
        duration_minutes=90,
        timezone="America/Los_Angeles",
        invited=(),
        note="持ち物なし",
        signups=SignupSettings(open=True, capacity=30, url_on_signup=False),
    )


def test_filled_with_the_event_and_nothing_dispatches() -> None:
    view = build_edit_modal(values(), locale="en", origin_channel="C1", now=NOW)
    assert view["title"]["text"] == "Edit event"
    blocks = {b["block_id"]: b for b in view["blocks"]}
    assert list(blocks) == [
        "kind",
        "title",
        "start_date",
        "start_time",
        "duration",
        "timezone",
        "participants",
        "signups",
        "signup_capacity",
        "note",
    ]
    assert all("dispatch_action" not in b for b in view["blocks"])
    element = {block_id: b["element"] for block_id, b in blocks.items()}
    assert element["kind"]["initial_option"]["value"] == "info_session"
    assert element["start_date"]["initial_date"] == "2026-11-24"  # 21:00 the day before in LA
    assert element["start_time"]["initial_time"] == "21:00"
    assert element["timezone"]["initial_option"]["value"] == "America/Los_Angeles"
    assert "initial_users" not in element["participants"]  # Slack refuses an empty list
    assert element["signup_capacity"]["initial_value"] == "30"
    assert [o["value"] for o in element["signups"]["initial_options"]] == ["open"]
    assert element["note"]["initial_value"] == "持ち物なし"
    meta = metadata_of(view)
    assert (meta.event_id, meta.version, meta.origin_channel) == (7, 3, "C1")


def test_malformed_metadata_reads_as_nothing() -> None:
    for raw in ("", "not json", "[1]", '{"event_id": "7", "version": null}'):
        meta = metadata_of({"private_metadata": raw})
        assert (meta.event_id, meta.version) == (None, None)
