"""ZoomApi / ZoomMeetingProvider: a host's upcoming meetings (every page), one meeting, and
meeting settings on create — against the Zoom stand-in, which checks each call against the
vendored OpenAPI spec."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from bot.clock import ManualClock
from providers.base import MeetingHost, MeetingRequest
from providers.zoom.client import ZoomApi
from providers.zoom.errors import ZoomUnavailable
from providers.zoom.oauth import ZoomOAuth
from providers.zoom.provider import ZoomMeetingProvider
from standins.zoom import ZoomStandIn
from tests.providers.zoom.conftest import CREDS, ZOOM_USER

START = datetime(2026, 11, 25, 5, 0, tzinfo=UTC)
REQUEST = MeetingRequest(topic="一次面接", start=START, duration_minutes=45, timezone="Asia/Tokyo")


@pytest.fixture
def api(zoom: ZoomStandIn) -> Iterator[ZoomApi]:
    with httpx.Client(base_url=zoom.api_url, timeout=5) as http:
        yield ZoomApi(http)


@pytest.fixture
def token(oauth: ZoomOAuth, clock: ManualClock) -> str:
    return oauth.fetch_account_token(CREDS, now=clock.now()).access_token


class Tokens:
    """A `TokenSource` over the stand-in's OAuth server."""

    def __init__(self, oauth: ZoomOAuth, clock: ManualClock) -> None:
        self._oauth, self._clock = oauth, clock
        self._token: str | None = None
        self.forgotten = 0

    def access_token(self, account_ref: int) -> str:
        if self._token is None:
            self._token = self._oauth.fetch_account_token(CREDS, now=self._clock.now()).access_token
        return self._token

    def forget(self, account_ref: int) -> None:
        self.forgotten += 1
        self._token = None


def test_upcoming_meetings_every_page(zoom: ZoomStandIn, api: ZoomApi, token: str) -> None:
    for n in range(305):
        zoom.book_meeting(ZOOM_USER, START + timedelta(hours=n), 30, topic=f"予定 {n}")
    zoom.book_meeting(ZOOM_USER, START - timedelta(days=10), 30, topic="past")  # ended
    listed = api.list_upcoming(token, ZOOM_USER)
    assert len(listed) == 305
    assert listed[0].topic == "予定 0"
    assert listed[0].start == START
    assert listed[0].end == START + timedelta(minutes=30)
    assert listed[0].created_at is not None
    calls = zoom.calls_to("GET", r"/users/[^/]+/meetings$")
    assert [c.query.get("type") for c in calls] == ["upcoming", "upcoming"]
    assert calls[0].query["page_size"] == "300"
    assert "next_page_token" in calls[1].query


def test_create_sends_the_accounts_meeting_settings(
    zoom: ZoomStandIn, api: ZoomApi, token: str
) -> None:
    api.create_meeting(token, ZOOM_USER, REQUEST)
    settings = dataclasses.replace(REQUEST, join_before_host=True, waiting_room=False)
    issued = api.create_meeting(token, ZOOM_USER, settings)
    first, second = (c.body for c in zoom.calls_to("POST", r"/meetings$"))
    assert isinstance(first, dict)
    assert "settings" not in first  # nothing said: the host's own defaults
    assert isinstance(second, dict)
    assert second["settings"] == {"join_before_host": True, "waiting_room": False}
    meeting = zoom.meetings[int(issued.meeting_id)]
    assert meeting["settings"]["join_before_host"] is True


def test_get_meeting(api: ZoomApi, token: str) -> None:
    issued = api.create_meeting(token, ZOOM_USER, REQUEST)
    assert api.get_meeting(token, issued.meeting_id) == issued


def test_provider_lists_with_a_fresh_token_after_a_401(
    zoom: ZoomStandIn, api: ZoomApi, oauth: ZoomOAuth, clock: ManualClock
) -> None:
    tokens = Tokens(oauth, clock)
    provider = ZoomMeetingProvider(api, tokens)
    host = MeetingHost(account_ref=1, user_id=ZOOM_USER)
    zoom.book_meeting(ZOOM_USER, START, 60)
    tokens.access_token(1)
    zoom.expire_tokens()
    assert [m.start for m in provider.upcoming_meetings(host)] == [START]
    assert tokens.forgotten == 1


def test_a_listing_cut_short_is_unavailable(zoom: ZoomStandIn, api: ZoomApi, token: str) -> None:
    zoom.fail_next("GET", r"/meetings$", 503, {"code": 503, "message": "down"})
    with pytest.raises(ZoomUnavailable):
        api.list_upcoming(token, ZOOM_USER, timeout=2)
