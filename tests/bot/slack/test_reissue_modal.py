"""bot.slack.reissue_modal: the account options with their states, the delete box ticked,
and what a submission carries."""

from __future__ import annotations

from typing import Any

from bot.slack.reissue_modal import (
    ACCOUNT,
    DELETE_OLD,
    account_of,
    delete_old_of,
    metadata_of,
    reissue_modal,
)
from standins.harness import fill_modal
from tests.bot.services.test_account_choice import START, account, ours, state


def modal(locale: str = "ja", tz: str = "Asia/Tokyo") -> dict[str, Any]:
    return reissue_modal(
        event_id=7,
        kind="interview",
        title="一次面接 <山田様>",
        starts_at=START,
        current_account="採用担当A",
        states=[
            state(account(2, name="B")),
            state(account(3, name="C"), bookings=[ours(3, START)]),
        ],
        locale=locale,  # type: ignore[arg-type]
        tz=tz,
        origin_channel="C1",
    )


def block(view: dict[str, Any], block_id: str) -> dict[str, Any]:
    return next(b for b in view["blocks"] if b.get("block_id") == block_id)


def test_japanese_modal() -> None:
    view = modal()
    assert view["title"]["text"] == "URL再発行"
    summary = view["blocks"][0]["text"]["text"]
    assert "面接「一次面接 &lt;山田様&gt;」" in summary
    assert summary.endswith("現在のアカウント: 採用担当A")
    options = block(view, ACCOUNT)["element"]["options"]
    assert [o["text"]["text"] for o in options] == ["自動", "B — 空き", "C — 予定あり 14:00–15:00"]
    assert [o["value"] for o in options] == ["auto", "2", "3"]
    checkbox = block(view, DELETE_OLD)["element"]
    assert checkbox["initial_options"][0]["text"]["text"] == "古いミーティングを削除する"
    assert metadata_of(view) == {"event_id": 7, "channel": "C1"}


def test_english_modal_in_the_readers_zone() -> None:
    view = modal("en", "America/Los_Angeles")
    assert view["title"]["text"] == "Reissue URL"
    options = block(view, ACCOUNT)["element"]["options"]
    assert [o["text"]["text"] for o in options] == [
        "Automatic",
        "B — free",
        "C — busy 9:00 PM–10:00 PM",
    ]
    assert block(view, DELETE_OLD)["element"]["options"][0]["text"]["text"] == (
        "Delete the old meeting"
    )


def test_submission_values() -> None:
    view = modal()
    assert account_of(fill_modal(view, {})) == "auto"
    assert delete_old_of(fill_modal(view, {}))  # ticked by default
    submitted = fill_modal(view, {ACCOUNT: "2", DELETE_OLD: []})
    assert account_of(submitted) == "2"
    assert not delete_old_of(submitted)
    assert account_of({}) == "auto"
    assert not delete_old_of({})
