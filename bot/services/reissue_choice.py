"""Which account a reissued meeting moves to: any linked account but the current one, picked
by name or by 「自動」 (the same order as when creating), never one that cannot host the slot.
Pure rules; `bot.services.event_reissue` does the look-ups."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

from bot.messages import Locale
from bot.services.account_choice import AccountState, Availability, Choice, Slot, explain, rank
from bot.services.account_reservation import AUTO, Failures
from bot.slack.account_states import Times, refusal_text, state_text


@dataclass(frozen=True)
class NoAccount:
    """No account can take the meeting; the message keys tell the person who asked why."""

    reason: str
    params: dict[str, object] = field(default_factory=dict)  # callables: rendered per reader
    advice: str = "reissue.advice.other_account"


def others(states: Sequence[AccountState], current: int | None) -> list[AccountState]:
    """Every account the meeting may move to (all but the one hosting it now)."""
    return [s for s in states if s.account.id != current]


def choose(
    states: Sequence[AccountState],
    requested: str,
    participants: Collection[str],
    failures: Failures,
    slot: Slot,
) -> Choice | NoAccount:
    """`states`: the other accounts (see `others`); `requested`: an account id or "auto"."""
    if requested != AUTO:
        state = next((s for s in states if str(s.account.id) == requested), None)
        if state is None or state.account.id in failures:
            return NoAccount("zoom.reason.no_account")
        if not state.usable:
            return NoAccount(
                "zoom.reason.account_taken",
                {
                    "account": state.account.name,
                    "why": lambda loc: refusal_text(state, loc, slot.zone),
                },
            )
        return Choice(chosen=state)
    candidates = rank(states, participants, exclude=failures)
    if not candidates:
        if not states:
            return NoAccount("reissue.reason.no_other_account", advice="reissue.advice.link")

        def reasons(loc: Locale) -> str:
            times = Times(slot.zone, slack=True)
            return " · ".join(f"{s.account.name}: {state_text(s, loc, times)}" for s in states)

        return NoAccount("zoom.reason.none_free", {"reasons": reasons})
    return explain(states, participants, candidates[0], failures)


def still_free(state: AccountState | None) -> bool:
    """After the meeting was created: nobody else took the account for the slot meanwhile
    (today's quota is not asked again: our own create just counted in it)."""
    if state is None:
        return False
    return state.availability not in (
        Availability.BUSY,
        Availability.AT_LIMIT,
        Availability.NEEDS_RECONNECT,
    )
