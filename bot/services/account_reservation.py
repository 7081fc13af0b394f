"""Reserving an account for an event, atomically: two recruiters submitting at the same moment
never get the same account for overlapping slots.

Zoom is asked first (outside any transaction). Then, with the workspace row locked, our own
reservations are read as they are now — events `creating` with an account count as well as
`scheduled` ones — the account is chosen and written on the event, and the lock is released
by the commit. The next reservation in that workspace waits for the lock and sees this one.
A reservation ends when its event fails or is cancelled (only `creating` and `scheduled`
events hold an account).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.clock import Clock
from bot.messages import Locale
from bot.services.account_availability import AccountAvailability
from bot.services.account_choice import (
    AccountFacts,
    AccountState,
    Choice,
    Slot,
    ZoomFailure,
    explain,
    rank,
)
from bot.services.meeting_options import MeetingOptions
from bot.slack.account_states import Times, refusal_text, state_text, why_line
from storage.db import Database
from storage.models import EventStatus
from storage.repositories.bookings import BookingRepository
from storage.repositories.events import EventRepository

AUTO = "auto"

Failures = dict[int, tuple[ZoomFailure, int | None]]  # account id → why creating failed there


@dataclass(frozen=True)
class Reserved:
    account: AccountFacts
    options: MeetingOptions
    choice_line: str | None  # why this account (automatic choice or failover), else None
    # Worth a note in the card's thread: a failover, or 「自動」 chose among several accounts.
    announce: bool = False


@dataclass(frozen=True)
class Refused:
    """No account can be reserved; the message keys tell the organizer why."""

    reason: str
    # A `Callable[[Locale], str]` value is rendered in the reader's language.
    params: dict[str, object] = field(default_factory=dict)
    advice: str = "zoom.advice.other_time"


class AccountReserver:
    def __init__(self, db: Database, availability: AccountAvailability, clock: Clock) -> None:
        self._db = db
        self._availability = availability
        self._clock = clock

    def reserve(
        self, event_id: int, failures: Failures, *, locale: Locale
    ) -> Reserved | Refused | None:
        """Choose and hold an account for the event (None: it is no longer being created).
        `failures`: accounts already tried for it; `locale`: the language of the why-line."""
        with self._db.transaction() as session:
            event = EventRepository(session).get_by_id(event_id)
            if event is None or event.status != EventStatus.CREATING:
                return None
            team_id, requested = event.team_id, event.requested_account
            slot = Slot.of(event.starts_at, event.duration_minutes, event.timezone)
            accounts = self._availability.accounts(session, team_id)
        explicit = requested != AUTO and not failures
        asked = [
            a for a in accounts if a.id not in failures and (not explicit or str(a.id) == requested)
        ]
        zoom = self._availability.zoom_calendars(asked, budget=None)

        with self._db.transaction() as session:
            BookingRepository(session).lock_team(team_id)  # first statement: see the docstring
            event = EventRepository(session).get_by_id(event_id)
            if event is None or event.status != EventStatus.CREATING:
                return None
            participants = {p.user_id for p in event.participants}
            states = self._availability.assess(session, team_id, slot, zoom, exclude_event=event_id)
            chosen = _choose(states, requested if explicit else AUTO, participants, failures, slot)
            if isinstance(chosen, Refused):
                return chosen
            account = chosen.chosen.account
            options = MeetingOptions(
                embed_passcode=account.embed_passcode,
                join_before_host=account.join_before_host,
                waiting_room=account.waiting_room,
                host_owner=account.owner_id,
            )
            line = why_line(chosen, locale, slot.zone) if requested == AUTO or failures else None
            event.zoom_account_id = account.id
            event.zoom_account_name = account.name
            event.account_choice = line
            event.meeting_options = options.to_json()
            event.updated_at = self._clock.now()
            return Reserved(
                account=account,
                options=options,
                choice_line=line,
                announce=line is not None and (bool(failures) or len(states) > 1),
            )


def _choose(
    states: list[AccountState],
    requested: str,
    participants: set[str],
    failures: Failures,
    slot: Slot,
) -> Choice | Refused:
    if requested != AUTO:
        state = next((s for s in states if str(s.account.id) == requested), None)
        if state is None:
            return Refused("zoom.reason.no_account", advice="zoom.advice.other_account")
        if not state.usable:
            return Refused(
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
            return Refused("zoom.reason.no_account", advice="zoom.advice.other_account")

        def reasons(loc: Locale) -> str:
            times = Times(slot.zone, slack=True)
            return " · ".join(f"{s.account.name}: {state_text(s, loc, times)}" for s in states)

        return Refused("zoom.reason.none_free", {"reasons": reasons})
    return explain(states, participants, candidates[0], failures)
