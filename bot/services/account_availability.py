"""Every linked account's state for a time slot, from the database and Zoom: what the create
modal shows per account option, what its submission checks, and what 「自動」 chooses from.

The UI may call `AccountAvailability.states(team_id, slot)` anywhere (e.g. the App Home):
it reads the database in short transactions and asks Zoom outside them.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from bot.clock import Clock
from bot.services.account_choice import AccountFacts, AccountState, Slot, Usage, assess
from bot.services.zoom_schedules import ZoomCalendars, ZoomSchedules
from providers.base import MeetingHost
from storage.db import Database
from storage.models import AccountStatus
from storage.repositories.bookings import BookingRepository
from storage.repositories.zoom_accounts import ZoomAccountRepository
from storage.repositories.zoom_usage import (
    DAILY_LIMIT,
    ZoomUsageRepository,
    quota_resets_at,
    utc_day,
)

# Seconds of Zoom look-ups a Slack listener may spend (it must answer within 3 s).
LISTENER_BUDGET = 1.5


class AccountAvailability:
    def __init__(self, db: Database, schedules: ZoomSchedules, clock: Clock) -> None:
        self._db = db
        self._schedules = schedules
        self._clock = clock

    def states(
        self,
        team_id: str,
        slot: Slot,
        *,
        budget: float | None = LISTENER_BUDGET,
        exclude_event: int | None = None,
    ) -> list[AccountState]:
        """Each linked account's state for `slot`, in the admin's priority order."""
        with self._db.transaction() as session:
            accounts = self.accounts(session, team_id)
        zoom = self.zoom_calendars(accounts, budget=budget)
        with self._db.transaction() as session:
            return self.assess(session, team_id, slot, zoom, exclude_event=exclude_event)

    @staticmethod
    def accounts(session: Session, team_id: str) -> list[AccountFacts]:
        return [AccountFacts.of(a) for a in ZoomAccountRepository(session).list_for_team(team_id)]

    def zoom_calendars(
        self, accounts: Sequence[AccountFacts], *, budget: float | None
    ) -> ZoomCalendars:
        """Zoom look-ups (slow: call outside transactions) for the accounts that work."""
        hosts = [
            MeetingHost(account_ref=a.id, user_id=a.zoom_user_id)
            for a in accounts
            if a.status == AccountStatus.OK
        ]
        return self._schedules.lookup(hosts, budget=budget)

    def assess(
        self,
        session: Session,
        team_id: str,
        slot: Slot,
        zoom: ZoomCalendars,
        *,
        exclude_event: int | None = None,
    ) -> list[AccountState]:
        """The states from what the database says now (inside the caller's transaction, e.g.
        while the workspace is locked) and the Zoom look-ups made before."""
        accounts = self.accounts(session, team_id)
        day_start, day_end = slot.day_window()
        bookings_repo = BookingRepository(session)
        bookings = bookings_repo.bookings(team_id, day_start, day_end, exclude_event=exclude_event)
        that_day = {
            account_id: tuple(m for m in meetings if m.start < day_end and m.end > day_start)
            for account_id, meetings in zoom.items()
            if meetings is not None
        }
        ours = bookings_repo.our_meetings(
            team_id, (m.meeting_id for meetings in that_day.values() for m in meetings)
        )
        now = self._clock.now()
        used = ZoomUsageRepository(session).counts((a.zoom_user_id for a in accounts), utc_day(now))
        resets_at = quota_resets_at(now)
        return [
            assess(
                account,
                slot,
                bookings=bookings,
                zoom_meetings=(
                    None
                    if account.id not in that_day
                    else [m for m in that_day[account.id] if m.meeting_id not in ours]
                ),
                usage=Usage(used.get(account.zoom_user_id, 0), DAILY_LIMIT, resets_at),
            )
            for account in accounts
        ]
