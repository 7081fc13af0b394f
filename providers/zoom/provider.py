"""`MeetingProvider` for Zoom: meetings hosted by linked accounts, tokens from a `TokenSource`."""

from __future__ import annotations

from typing import Protocol

from providers.base import IssuedMeeting, MeetingHost, MeetingRequest
from providers.zoom.client import ZoomApi
from providers.zoom.errors import ZoomMeetingNotFound, ZoomTokenRejected


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
        try:
            return self._api.create_meeting(
                self._tokens.access_token(host.account_ref), host.user_id, request
            )
        except ZoomTokenRejected:
            # A 401 means the request was not processed: safe to retry once with a new token.
            self._tokens.forget(host.account_ref)
            return self._api.create_meeting(
                self._tokens.access_token(host.account_ref), host.user_id, request
            )

    def delete_meeting(self, host: MeetingHost, meeting_id: str) -> None:
        try:
            try:
                self._api.delete_meeting(self._tokens.access_token(host.account_ref), meeting_id)
            except ZoomTokenRejected:
                self._tokens.forget(host.account_ref)
                self._api.delete_meeting(self._tokens.access_token(host.account_ref), meeting_id)
        except ZoomMeetingNotFound:
            return
