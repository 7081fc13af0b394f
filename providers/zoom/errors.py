"""Zoom errors, translated at the provider boundary so callers never see raw httpx errors.

ZoomError
├── ZoomAuthError           the OAuth server refused the app's credentials
├── ZoomTokenRejected       the API refused an access token (expired or revoked)
├── ZoomRateLimited         429: per-second or daily (100 create/update per user) limit
├── ZoomUnavailable         5xx, timeout or connection failure: the outcome may be unknown
├── ZoomMeetingNotFound     404 / code 3001
└── ZoomRequestRejected     any other 4xx, with Zoom's code and message
"""

from __future__ import annotations


class ZoomError(Exception):
    def __init__(self, message: str, *, status: int | None = None, code: int | None = None):
        super().__init__(message)
        self.status = status
        self.code = code


class ZoomAuthError(ZoomError):
    """`reason` is Zoom's OAuth error: invalid_client, invalid_request (account id),
    invalid_grant (a used or expired code, a rotated or revoked refresh token), …;
    `detail` is Zoom's own wording of it (its `reason` field, e.g. "Redirect URI mismatch.")."""

    def __init__(
        self, message: str, *, reason: str, status: int | None = None, detail: str | None = None
    ):
        super().__init__(message, status=status)
        self.reason = reason
        self.detail = detail


class ZoomTokenRejected(ZoomError):
    pass


class ZoomRateLimited(ZoomError):
    def __init__(self, message: str, *, retry_after: float | None, daily: bool):
        super().__init__(message, status=429, code=429)
        self.retry_after = retry_after
        self.daily = daily


class ZoomUnavailable(ZoomError):
    pass


class ZoomMeetingNotFound(ZoomError):
    pass


class ZoomRequestRejected(ZoomError):
    pass
