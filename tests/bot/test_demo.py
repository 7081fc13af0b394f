"""`recruitbot demo` runs the whole walkthrough and exits 0."""

from __future__ import annotations

import io

import pytest

from bot.cli import main
from bot.crypto import SecretBox
from bot.demo import run_demo


def test_demo_walks_through_one_event() -> None:
    out = io.StringIO()
    assert run_demo(locale="ja", out=out) == 0
    text = out.getvalue()
    assert "modal: 選考イベントを作成" in text
    assert "開始日時が過去です" in text  # the mistaken date, answered inline
    assert "start_time=" in text
    assert "Z timezone=Asia/Tokyo" in text
    assert "added you to the interview" in text  # Alex reads English
    assert "[dispatcher] 1 day before the start: 3 sent" in text
    assert "[dispatcher] the morning of the event, 09:00 JST: 1 sent" in text
    assert "#recruiting, in the card's thread" in text
    assert "[dispatcher] 1 minute after the start: 0 sent" in text
    # Two accounts; 「自動」 skips the one busy in Zoom and says why in the card's thread.
    assert "◦ 採用担当A — 予定あり 14:00–15:00" in text
    assert "◦ 採用担当B — 空き" in text
    assert "/v2/users/zoomuser2/meetings" in text
    assert "Zoom アカウントの選択: 採用担当A: 予定あり 14:00–15:00 · → 採用担当B" in text
    assert (
        "Summary: 1 event, 1 Zoom meeting issued (on 採用担当B), 12 DMs, 1 channel card, "
        "1 reminder in its thread." in text
    )


def test_keygen_prints_a_usable_key(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["keygen"]) == 0
    key = capsys.readouterr().out.strip()
    assert SecretBox(key).decrypt(SecretBox(key).encrypt("x", purpose="p"), purpose="p") == "x"
