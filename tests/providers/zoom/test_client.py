"""providers.zoom.client.ZoomApi and providers.zoom.provider.ZoomMeetingProvider over HTTP."""

from __future__ import annotations

import dataclasses
import socket
from collections.abc import Iterator
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import httpx
import pytest

from bot.clock import ManualClock
from providers.base import IssuedMeeting, MeetingHost, MeetingRequest
from providers.zoom.client import ZoomApi
from providers.zoom.errors import (
    ZoomMeetingNotFound,
    ZoomRateLimited,
    ZoomRequestRejected,
    ZoomTokenRejected,
    ZoomUnavailable,
)
from providers.zoom.oauth import ZoomOAuth
from providers.zoom.provider import ZoomMeetingProvider
from standins.zoom import ZoomStandIn
from tests.providers.zoom.conftest import CREDS, ZOOM_USER

# 2026-11-24 14:00 in Tokyo.
REQUEST = MeetingRequest(
    topic="一次面接: 山田さん",
    start=datetime(2026, 11, 24, 14, 0, tzinfo=ZoneInfo("Asia/Tokyo")),
    duration_minutes=45,
    timezone="Asia/Tokyo",
    agenda="候補者の経歴確認",
)
HOST = MeetingHost(account_ref=1, user_id=ZOOM_USER)


@pytest.fixture
def http(zoom: ZoomStandIn) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=zoom.api_url, timeout=5) as client:
        yield client


@pytest.fixture
def api(http: httpx.Client) -> ZoomApi:
    return ZoomApi(http)


@pytest.fixture
def token(oauth: ZoomOAuth, clock: ManualClock) -> str:
    return oauth.fetch_account_token(CREDS, now=clock.now()).access_token


class CountingTokens:
    """A `TokenSource` that fetches real tokens from the stand-in and counts `forget` calls."""

    def __init__(self, oauth: ZoomOAuth, clock: ManualClock) -> None:
        self._oauth = oauth
        self._clock = clock
        self._cached: str | None = None
        self.fetched = 0
        self.forgotten: list[int] = []

    def access_token(self, account_ref: int) -> str:
        if self._cached is None:
            self._cached = self._oauth.fetch_account_token(
                CREDS, now=self._clock.now()
            ).access_token
            self.fetched += 1
        return self._cached

    def forget(self, account_ref: int) -> None:
        self.forgotten.append(account_ref)
        self._cached = None


# ---- ZoomApi


def test_get_user(api: ZoomApi, token: str) -> None:
    user = api.get_user(token)
    assert user.id == ZOOM_USER
    assert user.email == "recruiting-a@example.com"
    assert user.account_id == CREDS.account_id
    assert user.licence_type == 2
    assert user.role_name == "Owner"
    assert user.display_name == "採用 担当"


def test_unknown_user_is_rejected_not_meeting_not_found(api: ZoomApi, token: str) -> None:
    with pytest.raises(ZoomRequestRejected) as caught:
        api.get_user(token, "nobody@example.com")
    assert caught.value.status == 404
    assert caught.value.code == 1001


def test_create_meeting_sends_utc_start_and_zone(
    zoom: ZoomStandIn, api: ZoomApi, token: str
) -> None:
    issued = api.create_meeting(token, ZOOM_USER, REQUEST)
    (call,) = zoom.calls_to("POST", r"/users/.+/meetings$")
    assert call.body == {
        "topic": "一次面接: 山田さん",
        "type": 2,
        "start_time": "2026-11-24T05:00:00Z",
        "duration": 45,
        "timezone": "Asia/Tokyo",
        "agenda": "候補者の経歴確認",
    }
    meeting = zoom.meetings[int(issued.meeting_id)]
    assert meeting["start_time"] == "2026-11-24T05:00:00Z"
    assert issued.join_url == meeting["join_url"]
    assert issued.passcode == meeting["password"]
    assert issued.passcode


def test_issued_meeting_never_carries_the_start_url(api: ZoomApi, token: str) -> None:
    assert "start_url" not in {f.name for f in dataclasses.fields(IssuedMeeting)}
    issued = api.create_meeting(token, ZOOM_USER, REQUEST)
    assert "zak=" not in repr(issued)
    assert "/s/" not in issued.join_url


def test_long_topic_and_no_agenda(zoom: ZoomStandIn, api: ZoomApi, token: str) -> None:
    request = dataclasses.replace(REQUEST, topic="面" * 250, agenda=None)
    api.create_meeting(token, ZOOM_USER, request)
    (call,) = zoom.calls_to("POST", r"/meetings$")
    assert isinstance(call.body, dict)
    assert call.body["topic"] == "面" * 200
    assert "agenda" not in call.body


@pytest.mark.parametrize("bad_token", ["not-a-token", "expired"])
def test_rejected_token(zoom: ZoomStandIn, api: ZoomApi, token: str, bad_token: str) -> None:
    if bad_token == "expired":
        zoom.expire_tokens()
        bad_token = token
    with pytest.raises(ZoomTokenRejected) as caught:
        api.create_meeting(bad_token, ZOOM_USER, REQUEST)
    assert caught.value.status == 401
    assert caught.value.code == 124


def test_daily_limit(clock: ManualClock, oauth: ZoomOAuth, zoom: ZoomStandIn, api: ZoomApi) -> None:
    zoom.daily_meeting_limit = 1
    token = oauth.fetch_account_token(CREDS, now=clock.now()).access_token
    api.create_meeting(token, ZOOM_USER, REQUEST)
    with pytest.raises(ZoomRateLimited) as caught:
        api.create_meeting(token, ZOOM_USER, REQUEST)
    assert caught.value.daily is True
    assert caught.value.status == 429


def test_per_second_limit_is_not_daily(zoom: ZoomStandIn, api: ZoomApi, token: str) -> None:
    zoom.fail_next("POST", r"/meetings$", 429, {"code": 429, "message": "Too many requests."})
    with pytest.raises(ZoomRateLimited) as caught:
        api.create_meeting(token, ZOOM_USER, REQUEST)
    assert caught.value.daily is False
    assert caught.value.retry_after is None


@pytest.mark.parametrize("status", [500, 502, 503])
def test_server_errors_are_unavailable(
    zoom: ZoomStandIn, api: ZoomApi, token: str, status: int
) -> None:
    zoom.fail_next("POST", r"/meetings$", status, {"code": status, "message": "oops"})
    with pytest.raises(ZoomUnavailable) as caught:
        api.create_meeting(token, ZOOM_USER, REQUEST)
    assert caught.value.status == status


def test_other_client_errors_are_rejected(zoom: ZoomStandIn, api: ZoomApi, token: str) -> None:
    zoom.fail_next("POST", r"/meetings$", 400, {"code": 300, "message": "Invalid field."})
    with pytest.raises(ZoomRequestRejected) as caught:
        api.create_meeting(token, ZOOM_USER, REQUEST)
    assert caught.value.status == 400
    assert caught.value.code == 300


def test_timeout_is_unavailable(zoom: ZoomStandIn, token: str) -> None:
    gate = zoom.hold_creates()
    try:
        with (
            httpx.Client(base_url=zoom.api_url, timeout=0.3) as http,
            pytest.raises(ZoomUnavailable, match="in time"),
        ):
            ZoomApi(http).create_meeting(token, ZOOM_USER, REQUEST)
        assert gate.arrived == 1
    finally:
        gate.release()


def test_unreachable_is_unavailable(token: str) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with (
        httpx.Client(base_url=f"http://127.0.0.1:{port}/v2", timeout=2) as http,
        pytest.raises(ZoomUnavailable, match="reached"),
    ):
        ZoomApi(http).get_user(token)


def test_delete_twice(zoom: ZoomStandIn, api: ZoomApi, token: str) -> None:
    issued = api.create_meeting(token, ZOOM_USER, REQUEST)
    api.delete_meeting(token, issued.meeting_id)
    assert zoom.meetings == {}
    with pytest.raises(ZoomMeetingNotFound) as caught:
        api.delete_meeting(token, issued.meeting_id)
    assert caught.value.status == 404
    assert caught.value.code == 3001


# ---- ZoomMeetingProvider


def test_provider_delete_of_a_missing_meeting_is_done(
    zoom: ZoomStandIn, api: ZoomApi, oauth: ZoomOAuth, clock: ManualClock
) -> None:
    tokens = CountingTokens(oauth, clock)
    provider = ZoomMeetingProvider(api, tokens)
    issued = provider.create_meeting(HOST, REQUEST)
    provider.delete_meeting(HOST, issued.meeting_id)
    provider.delete_meeting(HOST, issued.meeting_id)
    assert len(zoom.calls_to("DELETE", r"/meetings/")) == 2
    assert tokens.forgotten == []


def test_provider_retries_create_once_with_a_fresh_token(
    zoom: ZoomStandIn, api: ZoomApi, oauth: ZoomOAuth, clock: ManualClock
) -> None:
    tokens = CountingTokens(oauth, clock)
    provider = ZoomMeetingProvider(api, tokens)
    tokens.access_token(HOST.account_ref)
    zoom.expire_tokens()
    issued = provider.create_meeting(HOST, REQUEST)
    assert tokens.forgotten == [HOST.account_ref]
    assert tokens.fetched == 2
    assert [c.status for c in zoom.calls_to("POST", r"/meetings$")] == [401, 201]
    assert int(issued.meeting_id) in zoom.meetings


def test_provider_gives_up_after_a_second_401(
    zoom: ZoomStandIn, api: ZoomApi, oauth: ZoomOAuth, clock: ManualClock
) -> None:
    tokens = CountingTokens(oauth, clock)
    provider = ZoomMeetingProvider(api, tokens)
    zoom.fail_next("POST", r"/meetings$", 401, {"code": 124, "message": "Invalid access token."}, 2)
    with pytest.raises(ZoomTokenRejected):
        provider.create_meeting(HOST, REQUEST)
    assert tokens.forgotten == [HOST.account_ref]
    assert len(zoom.calls_to("POST", r"/meetings$")) == 2
    assert zoom.meetings == {}


def test_provider_retries_delete_once_with_a_fresh_token(
    zoom: ZoomStandIn, api: ZoomApi, oauth: ZoomOAuth, clock: ManualClock
) -> None:
    tokens = CountingTokens(oauth, clock)
    provider = ZoomMeetingProvider(api, tokens)
    issued = provider.create_meeting(HOST, REQUEST)
    zoom.expire_tokens()
    provider.delete_meeting(HOST, issued.meeting_id)
    assert tokens.forgotten == [HOST.account_ref]
    assert zoom.meetings == {}


def test_provider_does_not_retry_other_failures(
    zoom: ZoomStandIn, api: ZoomApi, oauth: ZoomOAuth, clock: ManualClock
) -> None:
    tokens = CountingTokens(oauth, clock)
    provider = ZoomMeetingProvider(api, tokens)
    zoom.fail_next("POST", r"/meetings$", 503, {"code": 503, "message": "down"})
    with pytest.raises(ZoomUnavailable):
        provider.create_meeting(HOST, REQUEST)
    assert tokens.forgotten == []
    assert len(zoom.calls_to("POST", r"/meetings$")) == 1


def test_start_is_normalised_from_any_zone(zoom: ZoomStandIn, api: ZoomApi, token: str) -> None:
    utc = dataclasses.replace(REQUEST, start=datetime(2026, 11, 24, 5, 0, tzinfo=UTC))
    api.create_meeting(token, ZOOM_USER, utc)
    api.create_meeting(token, ZOOM_USER, REQUEST)
    starts = [
        c.body["start_time"]
        for c in zoom.calls_to("POST", r"/meetings$")
        if isinstance(c.body, dict)
    ]
    assert starts == ["2026-11-24T05:00:00Z", "2026-11-24T05:00:00Z"]
