"""Protocols for the outside services the bot talks to. Zoom implements `MeetingProvider`;
calendar providers (Google, Microsoft 365) will get their own protocol here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol


@dataclass(frozen=True)
class MeetingHost:
    """Who hosts a meeting: our linked account's id and the provider's user id."""

    account_ref: int
    user_id: str


@dataclass(frozen=True)
class MeetingRequest:
    topic: str
    start: datetime  # aware, UTC
    duration_minutes: int
    timezone: str  # IANA name, how the provider shows the time to the host
    agenda: str | None = None
    # Meeting settings; None leaves the host's own default.
    join_before_host: bool | None = None
    waiting_room: bool | None = None


@dataclass(frozen=True)
class IssuedMeeting:
    """What we keep of a meeting. The host's start URL is deliberately not part of it."""

    meeting_id: str
    join_url: str
    passcode: str | None


@dataclass(frozen=True)
class ScheduledMeeting:
    """A meeting on a host's calendar at the provider, whoever scheduled it."""

    meeting_id: str
    topic: str
    start: datetime  # aware, UTC
    duration_minutes: int
    created_at: datetime | None = None

    @property
    def end(self) -> datetime:
        return self.start + timedelta(minutes=self.duration_minutes)


class MeetingProvider(Protocol):
    def create_meeting(self, host: MeetingHost, request: MeetingRequest) -> IssuedMeeting: ...

    def get_meeting(self, host: MeetingHost, meeting_id: str) -> IssuedMeeting: ...

    def upcoming_meetings(
        self, host: MeetingHost, *, timeout: float | None = None
    ) -> list[ScheduledMeeting]:
        """The host's scheduled meetings that have not ended (live ones included).
        `timeout`: seconds for each call, else the client's own."""
        ...

    def update_meeting(self, host: MeetingHost, meeting_id: str, request: MeetingRequest) -> None:
        """Change the meeting's topic, start, duration, zone and agenda; its join URL stays.
        Raises `ZoomMeetingNotFound` when it no longer exists."""
        ...

    def delete_meeting(self, host: MeetingHost, meeting_id: str) -> None:
        """Delete a meeting; one that no longer exists counts as deleted."""
        ...
