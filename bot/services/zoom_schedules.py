"""Each linked account's scheduled meetings in Zoom, looked up and kept for a short while.

The create modal, its submission and the worker all ask "is this account busy in Zoom at
that time?"; one look-up serves them for `MAX_AGE`. A look-up that fails (Zoom down, a token
refused, a missing scope) answers "unknown", and Zoom is not asked again for that account
for `FAILED_MAX_AGE` (a broken account is not hammered by every modal and submission).

Listeners must answer Slack within 3 seconds, so they pass a `budget`: accounts not looked up
by then stay unknown (each call's timeout is what is left of the budget).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.clock import Clock
from providers.base import MeetingHost, MeetingProvider, ScheduledMeeting
from providers.zoom.errors import ZoomUnavailable

logger = logging.getLogger(__name__)

MAX_AGE = timedelta(minutes=2)
FAILED_MAX_AGE = timedelta(seconds=30)
MIN_CALL_SECONDS = 0.05  # below this, a call cannot finish: the account stays unknown

# Account id → its upcoming meetings in Zoom, or None when Zoom could not tell us.
ZoomCalendars = dict[int, tuple[ScheduledMeeting, ...] | None]


@dataclass(frozen=True)
class _Entry:
    zoom_user_id: str
    meetings: tuple[ScheduledMeeting, ...] | None  # None: the look-up failed
    fetched_at: datetime


class ZoomSchedules:
    def __init__(
        self,
        provider: MeetingProvider,
        clock: Clock,
        *,
        max_age: timedelta = MAX_AGE,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._provider = provider
        self._clock = clock
        self._max_age = max_age
        self._monotonic = monotonic  # the budget is about real waiting, not the bot's clock
        self._lock = threading.Lock()
        self._cache: dict[int, _Entry] = {}

    def lookup(self, hosts: Iterable[MeetingHost], *, budget: float | None = None) -> ZoomCalendars:
        """Each host's upcoming meetings, from the cache when fresh, else from Zoom."""
        deadline = None if budget is None else self._monotonic() + budget
        found: ZoomCalendars = {}
        for host in hosts:
            entry = self._fresh_entry(host)
            if entry is not None:
                found[host.account_ref] = entry.meetings
                continue
            timeout = None if deadline is None else deadline - self._monotonic()
            if timeout is not None and timeout < MIN_CALL_SECONDS:
                found[host.account_ref] = None
                continue
            found[host.account_ref] = self._fetch(host, timeout)
        return found

    def forget(self, account_ref: int) -> None:
        """Drop what is kept for an account (e.g. after it was relinked)."""
        with self._lock:
            self._cache.pop(account_ref, None)

    def _fresh_entry(self, host: MeetingHost) -> _Entry | None:
        with self._lock:
            entry = self._cache.get(host.account_ref)
        if entry is None or entry.zoom_user_id != host.user_id:
            return None
        age = self._clock.now() - entry.fetched_at
        max_age = self._max_age if entry.meetings is not None else FAILED_MAX_AGE
        return entry if timedelta(0) <= age <= max_age else None

    def _fetch(
        self, host: MeetingHost, timeout: float | None
    ) -> tuple[ScheduledMeeting, ...] | None:
        fetched_at = self._clock.now()
        meetings: tuple[ScheduledMeeting, ...] | None
        try:
            meetings = tuple(self._provider.upcoming_meetings(host, timeout=timeout))
        except ZoomUnavailable as exc:
            logger.warning("Zoom meetings of account %s not listed: %s", host.account_ref, exc)
            if exc.status is None and timeout is not None:
                return None  # cut short by the caller's budget: not Zoom's fault, not kept
            meetings = None
        except Exception:  # whatever failed (Zoom, a token, a secret), the answer is "unknown"
            logger.warning(
                "Zoom meetings of account %s could not be listed", host.account_ref, exc_info=True
            )
            meetings = None
        with self._lock:
            self._cache[host.account_ref] = _Entry(host.user_id, meetings, fetched_at)
        return meetings
