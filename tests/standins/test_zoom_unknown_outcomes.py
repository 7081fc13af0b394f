"""The Zoom stand-in's meetings booked outside the bot, and creates whose answer is lost."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import httpx
import pytest

from bot.clock import ManualClock
from standins.zoom import ZoomStandIn
from tests.standins.test_zoom import ACCOUNT, CLIENT_ID, HOST, SECRET, get_token

START = datetime(2026, 11, 25, 5, 0, tzinfo=UTC)
BODY = {"topic": "一次面接", "type": 2, "duration": 30, "start_time": "2026-11-25T05:00:00Z"}


@pytest.fixture
def zoom(clock: ManualClock) -> Iterator[ZoomStandIn]:
    with ZoomStandIn(now=clock.now) as server:
        server.add_account(
            account_id=ACCOUNT,
            client_id=CLIENT_ID,
            client_secret=SECRET,
            user_id=HOST,
            email="host@example.test",
        )
        yield server
        assert server.violations == []
        assert server.internal_errors == []


@pytest.fixture
def api(zoom: ZoomStandIn) -> Iterator[httpx.Client]:
    headers = {"Authorization": f"Bearer {get_token(zoom)}"}
    with httpx.Client(base_url=zoom.api_url, headers=headers, timeout=5) as client:
        yield client


def test_a_meeting_booked_in_zoom_is_listed_like_any_other(
    zoom: ZoomStandIn, api: httpx.Client
) -> None:
    before = len(zoom.calls)
    meeting_id = zoom.book_meeting(HOST, START, 45, topic="最終面接")
    assert len(zoom.calls) == before  # no API call (and no quota used)
    listed = api.get(f"/users/{HOST}/meetings", params={"type": "upcoming"}).json()
    [meeting] = listed["meetings"]
    assert (meeting["id"], meeting["topic"], meeting["start_time"], meeting["duration"]) == (
        meeting_id,
        "最終面接",
        "2026-11-25T05:00:00Z",
        45,
    )
    assert api.get(f"/meetings/{meeting_id}").json()["password"]


def test_a_create_that_answers_5xx_still_takes_effect(zoom: ZoomStandIn, api: httpx.Client) -> None:
    assert zoom.lose_create_answer(503) is None
    answer = api.post("/users/me/meetings", json=BODY)
    assert answer.status_code == 503
    [meeting] = zoom.meetings.values()
    assert meeting["topic"] == "一次面接"
    assert api.post("/users/me/meetings", json=BODY).status_code == 201  # only the next one


def test_a_create_whose_answer_never_comes(zoom: ZoomStandIn) -> None:
    gate = zoom.lose_create_answer(None)
    assert gate is not None
    headers = {"Authorization": f"Bearer {get_token(zoom)}"}
    with (
        httpx.Client(base_url=zoom.api_url, headers=headers, timeout=0.5) as slow,
        pytest.raises(httpx.ReadTimeout),
    ):
        slow.post("/users/me/meetings", json=BODY)
    assert len(zoom.meetings) == 1  # it was created all the same
    gate.release()


def test_a_create_stuck_before_zoom_made_anything(zoom: ZoomStandIn) -> None:
    gate = zoom.lose_create_answer(None, created=False)
    assert gate is not None
    headers = {"Authorization": f"Bearer {get_token(zoom)}"}
    with httpx.Client(base_url=zoom.api_url, headers=headers, timeout=5) as api:
        with (
            httpx.Client(base_url=zoom.api_url, headers=headers, timeout=0.5) as slow,
            pytest.raises(httpx.ReadTimeout),
        ):
            slow.post("/users/me/meetings", json=BODY)
        assert zoom.meetings == {}
        assert api.post("/users/me/meetings", json=BODY).status_code == 201  # the next is fine
    gate.release()
    calls = zoom.wait_for("POST", r"/meetings$", count=2)
    assert [c.status for c in calls] == [201, 504]  # recorded when answered
    assert len(zoom.meetings) == 1
