"""bot.slack.account_states: account states in words, in the reader's zone and language."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.messages import t
from bot.services.account_choice import Choice, Skip, SkipReason, ZoomFailure, explain, rank
from bot.slack.account_states import Times, option_label, pick_error, state_text, why_line
from tests.bot.services.test_account_choice import START, account, ours, state, zoom

TOKYO, LA = "Asia/Tokyo", "America/Los_Angeles"


def test_each_state_in_japanese() -> None:
    times = Times(TOKYO)
    assert state_text(state(account(1)), "ja", times) == "空き"
    busy = state(account(1), meetings=[zoom(START)])
    assert state_text(busy, "ja", times) == "予定あり 14:00–15:00"
    shared = state(account(1, max_concurrent=2), bookings=[ours(1, START)])
    assert state_text(shared, "ja", times) == "予定あり 14:00–15:00(同時 1/2)"
    full = state(account(1, max_concurrent=2), bookings=[ours(1, START)], meetings=[zoom(START)])
    assert state_text(full, "ja", times) == "同時開催の上限 2/2"
    assert state_text(state(account(1), used=92), "ja", times) == "空き · 本日 92/100 件"
    # The quota resets at 00:00 UTC: 09:00 in Tokyo.
    assert state_text(state(account(1), used=100), "ja", times) == (
        "本日の上限 100 件(11/24 9:00 (JST) にリセット)"
    )
    assert state_text(state(account(1, status="needs_reconnect")), "ja", times) == "要再接続"
    assert state_text(state(account(1), checked=False), "ja", times) == "空き · Zoom の予定は未確認"


def test_each_state_in_english_in_the_readers_zone() -> None:
    times = Times(LA)
    busy = state(account(1), meetings=[zoom(START)])
    assert state_text(busy, "en", times) == "busy 9:00 PM–10:00 PM"
    assert state_text(state(account(1), used=100), "en", times) == (
        "daily limit 100 reached (resets Nov 23, 4:00 PM (PST))"
    )
    assert state_text(state(account(1), used=97), "en", times) == "free · 97/100 today"


def test_many_busy_ranges_are_shortened() -> None:
    meetings = [zoom(START + timedelta(minutes=m), 10, str(m)) for m in (0, 15, 30)]
    busy = state(account(1), meetings=meetings)
    assert state_text(busy, "ja", Times(TOKYO)) == "予定あり 14:00–14:10, 14:15–14:25, …"


def test_option_label_fits_slacks_75_characters() -> None:
    long_name = account(1, name="面接ルーム" * 20)
    label = option_label(state(long_name, used=100), "ja", TOKYO)
    assert len(label) <= 75
    assert label.endswith("本日の上限 100 件(11/24 9:00 (JST) にリセット)")
    assert "…" in label
    assert option_label(state(account(1, name="A")), "en", LA) == "A — free"


def test_picking_an_account_that_cannot_host() -> None:
    busy = state(account(1, name="A"), meetings=[zoom(START)])
    exhausted = state(account(2, name="B"), used=100)
    full = state(account(3, name="C", max_concurrent=2), meetings=[zoom(START), zoom(START)])
    broken = state(account(4, name="D", status="error"))
    free = state(account(5, name="E"))
    states = [busy, exhausted, full, broken, free]
    assert pick_error(states, "1", set(), "ja", TOKYO) == (
        "choice.error.busy",
        {"name": "A", "times": "14:00–15:00"},
    )
    key, params = pick_error(states, "2", set(), "en", LA) or ("", {})
    assert t("en", key, **params) == (
        "“B” has used today's Zoom limit of 100 meeting creates and updates "
        "(resets Nov 23, 4:00 PM (PST)). Pick another account or Automatic."
    )
    assert pick_error(states, "3", set(), "ja", TOKYO) == (
        "choice.error.at_limit",
        {"name": "C", "limit": 2},
    )
    assert pick_error(states, "4", set(), "ja", TOKYO) == (
        "error.account_unavailable",
        {"name": "D"},
    )
    assert pick_error(states, "5", set(), "ja", TOKYO) is None
    assert pick_error(states, "auto", set(), "ja", TOKYO) is None
    assert pick_error(states, "99", set(), "ja", TOKYO) is None  # the validator's to report


def test_automatic_with_nothing_free_says_why_for_each() -> None:
    states = [
        state(account(1, name="A"), meetings=[zoom(START)]),
        state(account(2, name="B"), used=100),
    ]
    key, params = pick_error(states, "auto", set(), "ja", TOKYO) or ("", {})
    assert t("ja", key, **params).startswith(
        "この時間に使える Zoom アカウントがありません(A: 予定あり 14:00–15:00 · B: 本日の上限 100 件"
    )


def test_why_line_uses_slack_dates() -> None:
    states = [
        state(account(1, name="A", priority=1), meetings=[zoom(START)]),
        state(account(2, name="B", priority=2), used=98),
        state(account(3, name="C", priority=3)),
    ]
    [chosen, *_] = rank(states, set())
    line = why_line(explain(states, set(), chosen), "en", TOKYO)
    ts = int(START.timestamp())
    end = ts + 3600
    assert line == (
        f"A: busy <!date^{ts}^{{time}}|2:00 PM>–<!date^{end}^{{time}}|3:00 PM> · "
        "B: 98/100 today · → C"
    )


def test_why_line_for_failover_and_an_own_account() -> None:
    a = state(account(1, name="A", owner_id="U1"))
    b = state(account(2, name="B", owner_id="U2"))
    choice = Choice(
        chosen=b,
        skipped=(Skip(a, SkipReason.ZOOM_FAILED, ZoomFailure.DAILY_LIMIT, 429),),
        chosen_is_own=True,
    )
    assert why_line(choice, "ja", TOKYO) == "A: Zoom の1日の上限(429) · → B(<@U2> さんの Zoom)"
    timeout = Choice(chosen=b, skipped=(Skip(a, SkipReason.ZOOM_FAILED, ZoomFailure.TIMEOUT),))
    assert why_line(timeout, "en", TOKYO) == "A: Zoom did not answer in time · → B"
    error = Choice(
        chosen=b, skipped=(Skip(a, SkipReason.ZOOM_FAILED, ZoomFailure.UNAVAILABLE, 503),)
    )
    assert why_line(error, "en", TOKYO) == "A: Zoom error (503) · → B"


def test_times_as_moments() -> None:
    moment = datetime(2026, 11, 24, 0, 0, tzinfo=UTC)
    assert Times(TOKYO).moment(moment, "ja") == "11/24 9:00 (JST)"
    slack = Times(TOKYO, slack=True).moment(moment, "ja")
    assert slack == f"<!date^{int(moment.timestamp())}^{{date_short}} {{time}}|11/24 9:00 (JST)>"
