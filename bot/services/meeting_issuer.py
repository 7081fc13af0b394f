"""Creating (or changing) one meeting on one account: counting Zoom's daily create/update quota, and never
leaving a second meeting behind when Zoom's answer is lost.

When Zoom answers 5xx or not at all, the meeting may exist anyway. Before the caller moves on
to another account, the host's upcoming meetings are searched for it: Zoom's meeting list
carries topic, start time, duration and creation time (no tracking fields or settings), so a
meeting with our topic, start and duration, created since we asked and not already one of
our events, is ours and is adopted instead of creating another. Not covered: a create
Zoom carries out only after we gave up waiting and searched (longer than the HTTP timeout)
leaves an unused meeting in that host's Zoom; nobody is sent its URL.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from bot.clock import Clock
from bot.services.account_choice import ZoomFailure
from providers.base import (
    IssuedMeeting,
    MeetingHost,
    MeetingProvider,
    MeetingRequest,
    ScheduledMeeting,
)
from providers.zoom.errors import ZoomError, ZoomRateLimited, ZoomUnavailable
from storage.db import Database
from storage.repositories.bookings import BookingRepository
from storage.repositories.zoom_usage import ZoomUsageRepository, utc_day

logger = logging.getLogger(__name__)

CLOCK_SKEW = timedelta(minutes=10)  # between our clock and Zoom's `created_at`


def failover_reason(error: ZoomError) -> tuple[ZoomFailure, int | None] | None:
    """Whether another account may be tried after `error`, and why (None: it may not —
    the same request would fail anywhere, or the account itself must be fixed)."""
    if isinstance(error, ZoomRateLimited):
        return (ZoomFailure.DAILY_LIMIT if error.daily else ZoomFailure.RATE_LIMITED), 429
    if isinstance(error, ZoomUnavailable):
        if error.status is None:
            return ZoomFailure.TIMEOUT, None
        return ZoomFailure.UNAVAILABLE, error.status
    return None


class MeetingIssuer:
    def __init__(self, db: Database, provider: MeetingProvider, clock: Clock) -> None:
        self._db = db
        self._provider = provider
        self._clock = clock

    def create(self, team_id: str, host: MeetingHost, request: MeetingRequest) -> IssuedMeeting:
        """Create the meeting (or adopt it when Zoom's answer was lost); raises `ZoomError`."""
        asked_at = self._clock.now()
        try:
            meeting = self._provider.create_meeting(host, request)
        except ZoomRateLimited as exc:  # not processed: nothing to count or look for
            if exc.daily:
                self._record_exhausted(host.user_id)
            raise
        except ZoomUnavailable:
            self._count(host.user_id)  # Zoom may have counted it
            found = self.find_created(team_id, host, request, asked_at)
            if found is None:
                raise
            logger.warning(
                "adopted Zoom meeting %s whose creation answer was lost", found.meeting_id
            )
            return found
        self._count(host.user_id)
        return meeting

    def update(self, host: MeetingHost, meeting_id: str, request: MeetingRequest) -> None:
        """Change the meeting (`PATCH`, counted in the day's create/update quota); raises
        `ZoomError` — `ZoomMeetingNotFound` when it was deleted in Zoom meanwhile. A PATCH
        is idempotent: sending it again after a lost answer is safe."""
        try:
            self._provider.update_meeting(host, meeting_id, request)
        except ZoomRateLimited as exc:
            if exc.daily:
                self._record_exhausted(host.user_id)
            raise
        except ZoomUnavailable:
            self._count(host.user_id)  # Zoom may have counted it
            raise
        self._count(host.user_id)

    def find_created(
        self, team_id: str, host: MeetingHost, request: MeetingRequest, asked_at: datetime
    ) -> IssuedMeeting | None:
        """The meeting a lost create made, if Zoom has it (see the module docstring)."""
        twins = self._twins(team_id, host, request, asked_at)
        if not twins:
            return None
        try:
            return self._provider.get_meeting(host, twins[0].meeting_id)
        except ZoomError:
            logger.warning("Zoom meeting %s could not be read", twins[0].meeting_id, exc_info=True)
            return None

    def _twins(
        self, team_id: str, host: MeetingHost, request: MeetingRequest, asked_at: datetime
    ) -> list[ScheduledMeeting]:
        try:
            upcoming = self._provider.upcoming_meetings(host)
        except ZoomError:
            logger.warning("could not list Zoom meetings of account %s", host.account_ref)
            return []
        start = request.start.astimezone(UTC).replace(second=0, microsecond=0)
        candidates = [
            m
            for m in upcoming
            if m.topic == request.topic[:200]
            and m.start == start
            and m.duration_minutes == request.duration_minutes
            and (m.created_at is None or m.created_at >= asked_at - CLOCK_SKEW)
        ]
        if not candidates:
            return []
        with self._db.transaction() as session:
            ours = BookingRepository(session).our_meetings(
                team_id, (m.meeting_id for m in candidates)
            )
        return [m for m in candidates if m.meeting_id not in ours]

    def _count(self, zoom_user_id: str) -> None:
        with self._db.transaction() as session:
            ZoomUsageRepository(session).add(zoom_user_id, utc_day(self._clock.now()))

    def _record_exhausted(self, zoom_user_id: str) -> None:
        with self._db.transaction() as session:
            ZoomUsageRepository(session).exhaust(zoom_user_id, utc_day(self._clock.now()))
