"""bot.services.reissue_choice: where a reissued meeting may move, and the commit-time check."""

from __future__ import annotations

from bot.services.account_choice import AccountState, Choice, SkipReason, ZoomFailure
from bot.services.account_reservation import Failures
from bot.services.reissue_choice import NoAccount, choose, others, still_free
from storage.models import AccountStatus
from tests.bot.services.test_account_choice import SLOT, START, account, ours, state


def states() -> list[AccountState]:
    return [
        state(account(1)),  # the current one
        state(account(2, priority=1), bookings=[ours(2, START)]),  # busy
        state(account(3, priority=5)),
        state(account(4, priority=9)),
    ]


def test_the_current_account_is_never_offered() -> None:
    assert [s.account.id for s in others(states(), 1)] == [2, 3, 4]
    assert [s.account.id for s in others(states(), None)] == [1, 2, 3, 4]


def test_automatic_takes_the_best_free_other_account_and_says_why() -> None:
    picked = choose(others(states(), 1), "auto", set(), {}, SLOT)
    assert isinstance(picked, Choice)
    assert picked.chosen.account.id == 3
    assert [(s.state.account.id, s.reason) for s in picked.skipped] == [(2, SkipReason.BUSY)]


def test_automatic_after_a_zoom_failure_moves_on() -> None:
    failures: Failures = {3: (ZoomFailure.UNAVAILABLE, 503)}
    picked = choose(others(states(), 1), "auto", set(), failures, SLOT)
    assert isinstance(picked, Choice)
    assert picked.chosen.account.id == 4


def test_a_named_account_is_taken_only_when_it_can_host() -> None:
    candidates = others(states(), 1)
    picked = choose(candidates, "4", set(), {}, SLOT)
    assert isinstance(picked, Choice)
    assert picked.chosen.account.id == 4
    busy = choose(candidates, "2", set(), {}, SLOT)
    assert isinstance(busy, NoAccount)
    assert busy.reason == "zoom.reason.account_taken"
    why = busy.params["why"]
    assert callable(why)
    assert "14:00" in why("ja")
    # The current account (or one unknown) is not a choice.
    assert choose(candidates, "1", set(), {}, SLOT) == NoAccount("zoom.reason.no_account")


def test_nothing_to_move_to() -> None:
    alone = choose([], "auto", set(), {}, SLOT)
    assert alone == NoAccount("reissue.reason.no_other_account", advice="reissue.advice.link")
    all_busy = choose([state(account(2), bookings=[ours(2, START)])], "auto", set(), {}, SLOT)
    assert isinstance(all_busy, NoAccount)
    assert all_busy.reason == "zoom.reason.none_free"


def test_still_free_ignores_the_quota_our_create_just_used() -> None:
    assert still_free(state(account(3), used=100))
    assert not still_free(state(account(3), bookings=[ours(3, START)]))
    assert not still_free(state(account(3, status=AccountStatus.NEEDS_RECONNECT)))
    assert not still_free(None)
