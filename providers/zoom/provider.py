"""`MeetingProvider` for Zoom: meetings hosted by linked accounts, tokens from a `TokenSource`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, TypeVar

from providers.base import IssuedMeeting, MeetingHost, MeetingRequest, ScheduledMeeting
from providers.zoom.client import ZoomApi
from providers.zoom.errors import ZoomMeetingNotFound, ZoomTokenRejected

T = TypeVar("T")


class TokenSource(Protocol):
    def access_token(self, account_ref: int) -> str: ...

    def forget(self, account_ref: int) -> None:
        """Drop a token Zoom refused, so the next call fetches a fresh one."""
        ...


class ZoomMeetingProvider:
    def __init__(self, api: ZoomApi, tokens: TokenSource) -> None:
        self._api = api
        self._tokens = tokens

    def create_meeting(self, host: MeetingHost, request: MeetingRequest) -> IssuedMeeting:
        return self._with_token(
            host, lambda token: self._api.create_meeting(token, host.user_id, request)
        )

    def get_meeting(self, host: MeetingHost, meeting_id: str) -> IssuedMeeting:
        return self._with_token(host, lambda token: self._api.get_meeting(token, meeting_id))

    def upcoming_meetings(
        self, host: MeetingHost, *, timeout: float | None = None
    ) -> list[ScheduledMeeting]:
        return self._with_token(
            host, lambda token: self._api.list_upcoming(token, host.user_id, timeout=timeout)
        )

    def update_meeting(self, host: MeetingHost, meeting_id: str, request: MeetingRequest) -> None:
        self._with_token(host, lambda token: self._api.update_meeting(token, meeting_id, request))

    def delete_meeting(self, host: MeetingHost, meeting_id: str) -> None:
        try:
            self._with_token(host, lambda token: self._api.delete_meeting(token, meeting_id))
        except ZoomMeetingNotFound:
            return

    def _with_token(self, host: MeetingHost, call: Callable[[str], T]) -> T:
        try:
            return call(self._tokens.access_token(host.account_ref))
        except ZoomTokenRejected:
            # A 401 means the request was not processed: safe to retry once with a new token.
            self._tokens.forget(host.account_ref)
            return call(self._tokens.access_token(host.account_ref))
