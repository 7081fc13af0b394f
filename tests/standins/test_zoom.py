"""Tests for the Zoom OAuth + Meeting API stand-in, driven through httpx."""

from __future__ import annotations

import hashlib
import hmac
import re
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from standins._openapi import Match, OpenApiSubset
from standins._specs import ZOOM_MEETINGS_FILE, load_spec
from standins.zoom import ZoomStandIn, sign_webhook, url_validation_response

ACCOUNT = "ACC_main"
CLIENT_ID = "client-main"
SECRET = "secret-main"
HOST = "HOSTuser01"


class Clock:
    """An injectable clock the tests move by hand."""

    def __init__(self, start: datetime) -> None:
        self.current = start

    def __call__(self) -> datetime:
        return self.current

    def advance(self, **delta: float) -> None:
        self.current += timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2025, 1, 9, 23, 50, tzinfo=UTC))


@pytest.fixture
def zoom(clock: Clock) -> Iterator[ZoomStandIn]:
    with ZoomStandIn(now=clock) as server:
        server.add_account(
            account_id=ACCOUNT,
            client_id=CLIENT_ID,
            client_secret=SECRET,
            user_id=HOST,
            email="host@example.test",
            first_name="Hana",
            last_name="Tanaka",
        )
        server.add_user(ACCOUNT, "MEMBERuser02", "member@example.test")
        yield server
        assert server.internal_errors == []


def get_token(zoom: ZoomStandIn, client_id: str = CLIENT_ID, secret: str = SECRET) -> str:
    answer = httpx.post(
        f"{zoom.oauth_url}/oauth/token",
        params={"grant_type": "account_credentials", "account_id": ACCOUNT},
        auth=(client_id, secret),
    )
    assert answer.status_code == 200, answer.text
    token = answer.json()["access_token"]
    assert isinstance(token, str)
    return token


@pytest.fixture
def api(zoom: ZoomStandIn) -> Iterator[httpx.Client]:
    headers = {"Authorization": f"Bearer {get_token(zoom)}"}
    with httpx.Client(base_url=zoom.api_url, headers=headers) as client:
        yield client


def create(api: httpx.Client, **body: Any) -> dict[str, Any]:
    payload = {"topic": "一次面接", "type": 2, "duration": 30, **body}
    answer = api.post("/users/me/meetings", json=payload)
    assert answer.status_code == 201, answer.text
    meeting = answer.json()
    assert isinstance(meeting, dict)
    return meeting


# --------------------------------------------------------------------------- lifecycle


def test_start_stop_leaves_nothing_running() -> None:
    server = ZoomStandIn().start()
    port = server.port
    assert server.api_url == f"http://127.0.0.1:{port}/v2"
    assert server.oauth_url == f"http://127.0.0.1:{port}"
    assert [t for t in threading.enumerate() if t.name == f"ZoomStandIn:{port}"]
    server.stop()
    # Only this stand-in's serve thread is checked: other servers of the session have theirs.
    assert not [t for t in threading.enumerate() if t.name == f"ZoomStandIn:{port}"]
    with pytest.raises(httpx.TransportError):
        httpx.post(f"http://127.0.0.1:{port}/oauth/token", timeout=1)


# --------------------------------------------------------------------------- OAuth


def test_token_with_query_parameters(zoom: ZoomStandIn) -> None:
    answer = httpx.post(
        f"{zoom.oauth_url}/oauth/token",
        params={"grant_type": "account_credentials", "account_id": ACCOUNT},
        auth=(CLIENT_ID, SECRET),
    )
    assert answer.status_code == 200
    body = answer.json()
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == 3599
    assert body["scope"] == "meeting:write:admin meeting:read:admin user:read:admin"
    assert body["api_url"] == zoom.oauth_url
    [request] = zoom.token_requests
    assert (request.status, request.account_id, request.access_token) == (
        200,
        ACCOUNT,
        body["access_token"],
    )


def test_token_with_form_body(zoom: ZoomStandIn) -> None:
    answer = httpx.post(
        f"{zoom.oauth_url}/oauth/token",
        data={"grant_type": "account_credentials", "account_id": ACCOUNT},
        auth=(CLIENT_ID, SECRET),
    )
    assert answer.status_code == 200
    assert answer.json()["access_token"] != get_token(zoom)
    assert zoom.violations == []


def test_token_wrong_secret(zoom: ZoomStandIn) -> None:
    answer = httpx.post(
        f"{zoom.oauth_url}/oauth/token",
        params={"grant_type": "account_credentials", "account_id": ACCOUNT},
        auth=(CLIENT_ID, "nope"),
    )
    assert answer.status_code == 401
    assert answer.json() == {
        "reason": "Invalid client_id or client_secret",
        "error": "invalid_client",
    }
    assert zoom.token_requests[0].access_token is None


def test_token_wrong_account(zoom: ZoomStandIn) -> None:
    zoom.add_account(
        account_id="ACC_other", client_id="c2", client_secret="s2", user_id="U2", email="o@x.test"
    )
    answer = httpx.post(
        f"{zoom.oauth_url}/oauth/token",
        params={"grant_type": "account_credentials", "account_id": "ACC_other"},
        auth=(CLIENT_ID, SECRET),
    )
    assert answer.status_code == 400
    assert answer.json() == {"reason": "Invalid account_id", "error": "invalid_request"}


def test_token_without_basic_auth_is_a_violation(zoom: ZoomStandIn) -> None:
    answer = httpx.post(
        f"{zoom.oauth_url}/oauth/token",
        params={"grant_type": "account_credentials", "account_id": ACCOUNT},
    )
    assert answer.status_code == 401
    assert zoom.violations == ["/oauth/token: no HTTP Basic client credentials"]


@pytest.mark.parametrize("grant", ["authorization_code", "refresh_token"])
def test_user_grants_are_not_supported_yet(zoom: ZoomStandIn, grant: str) -> None:
    answer = httpx.post(
        f"{zoom.oauth_url}/oauth/token",
        data={"grant_type": grant, "code": "abc", "refresh_token": "r"},
        auth=(CLIENT_ID, SECRET),
    )
    assert answer.status_code == 400
    assert answer.json()["error"] == "unsupported_grant_type"


# --------------------------------------------------------------------------- tokens on the API


def test_api_needs_a_live_token(zoom: ZoomStandIn, api: httpx.Client, clock: Clock) -> None:
    assert api.get("/users/me").status_code == 200
    missing = httpx.get(f"{zoom.api_url}/users/me")
    assert (missing.status_code, missing.json()) == (
        401,
        {"code": 124, "message": "Invalid access token."},
    )
    bogus = httpx.get(f"{zoom.api_url}/users/me", headers={"Authorization": "Bearer bogus"})
    assert bogus.status_code == 401
    clock.advance(seconds=3600)
    expired = api.get("/users/me")
    assert (expired.status_code, expired.json()["message"]) == (401, "Access token is expired.")


def test_expire_tokens(zoom: ZoomStandIn, api: httpx.Client) -> None:
    zoom.expire_tokens()
    answer = api.get("/users/me")
    assert (answer.status_code, answer.json()["code"]) == (401, 124)
    assert zoom.calls[-1].account_id is None


def test_missing_scope(zoom: ZoomStandIn) -> None:
    zoom.add_account(
        account_id="ACC_ro",
        client_id="c-ro",
        client_secret="s-ro",
        user_id="RO",
        email="ro@x.test",
        scopes=("user:read:admin",),
    )
    token = httpx.post(
        f"{zoom.oauth_url}/oauth/token",
        params={"grant_type": "account_credentials", "account_id": "ACC_ro"},
        auth=("c-ro", "s-ro"),
    ).json()["access_token"]
    answer = httpx.post(
        f"{zoom.api_url}/users/me/meetings",
        json={"topic": "x"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert answer.status_code == 400
    assert answer.json()["code"] == 4711


# --------------------------------------------------------------------------- users


def test_get_me_and_other_users(zoom: ZoomStandIn, api: httpx.Client) -> None:
    me = api.get("/users/me").json()
    assert me["id"] == HOST
    assert me["email"] == "host@example.test"
    assert me["display_name"] == "Hana Tanaka"
    assert (me["type"], me["role_name"], me["account_id"], me["status"]) == (
        2,
        "Owner",
        ACCOUNT,
        "active",
    )
    assert me["timezone"] == "Asia/Tokyo"
    member = api.get("/users/member@example.test").json()
    assert (member["id"], member["type"]) == ("MEMBERuser02", 1)
    unknown = api.get("/users/ghost")
    assert (unknown.status_code, unknown.json()["code"]) == (404, 1001)
    assert zoom.calls[-1].account_id == ACCOUNT
    assert zoom.violations == []


# --------------------------------------------------------------------------- meetings


def test_create_meeting_with_utc_start(zoom: ZoomStandIn, api: httpx.Client) -> None:
    meeting = create(api, start_time="2025-01-10T01:00:00Z", agenda="候補者: 山田")
    assert 10**10 <= meeting["id"] < 10**11
    assert meeting["start_time"] == "2025-01-10T01:00:00Z"
    assert meeting["timezone"] == "Asia/Tokyo"  # the host's zone when none is given
    assert (meeting["status"], meeting["host_id"], meeting["host_email"]) == (
        "waiting",
        HOST,
        "host@example.test",
    )
    assert meeting["created_at"] == "2025-01-09T23:50:00Z"
    assert meeting["join_url"] == (
        f"https://standin.zoom.test/j/{meeting['id']}?pwd={meeting['encrypted_password']}"
    )
    assert re.fullmatch(
        rf"https://standin\.zoom\.test/s/{meeting['id']}\?zak=eyJ[\w.-]{{40,}}",
        meeting["start_url"],
    )
    assert meeting["password"]
    assert meeting["uuid"]
    assert meeting["settings"]["join_before_host"] is False
    assert zoom.meetings[meeting["id"]]["topic"] == "一次面接"
    assert zoom.violations == []


def test_create_meeting_with_local_time_and_timezone(api: httpx.Client) -> None:
    tokyo = create(api, start_time="2025-01-10T10:00:00", timezone="Asia/Tokyo")
    assert tokyo["start_time"] == "2025-01-10T01:00:00Z"
    new_york_summer = create(api, start_time="2025-07-01T09:30:00", timezone="America/New_York")
    assert new_york_summer["start_time"] == "2025-07-01T13:30:00Z"
    assert new_york_summer["timezone"] == "America/New_York"


def test_create_meeting_settings_echo(api: httpx.Client) -> None:
    meeting = create(api, settings={"waiting_room": True, "host_video": True})
    assert meeting["settings"]["waiting_room"] is True
    assert meeting["settings"]["host_video"] is True
    assert meeting["settings"]["audio"] == "both"


def test_responses_match_the_vendored_spec(api: httpx.Client) -> None:
    spec = OpenApiSubset(load_spec(ZOOM_MEETINGS_FILE))

    def problems(method: str, path: str, answer: httpx.Response) -> list[str]:
        found = spec.find(method, path)
        assert isinstance(found, Match)
        return spec.response_errors(found, answer.status_code, answer.json())

    created = api.post(
        "/users/me/meetings", json={"topic": "t", "start_time": "2025-02-01T00:00:00Z"}
    )
    meeting_id = created.json()["id"]
    assert problems("POST", "/users/me/meetings", created) == []
    assert problems("GET", f"/meetings/{meeting_id}", api.get(f"/meetings/{meeting_id}")) == []
    assert problems("GET", "/users/me/meetings", api.get("/users/me/meetings")) == []
    assert problems("GET", "/users/me", api.get("/users/me")) == []


def test_get_patch_delete_meeting(zoom: ZoomStandIn, api: httpx.Client) -> None:
    meeting = create(api, start_time="2025-01-10T01:00:00Z")
    path = f"/meetings/{meeting['id']}"
    assert api.get(path).json() == meeting

    patched = api.patch(
        path,
        json={"topic": "二次面接", "start_time": "2025-01-11T15:00:00", "timezone": "Asia/Tokyo"},
    )
    assert (patched.status_code, patched.content) == (204, b"")
    again = api.get(path).json()
    assert (again["topic"], again["start_time"]) == ("二次面接", "2025-01-11T06:00:00Z")

    assert api.delete(path).status_code == 204
    assert meeting["id"] not in zoom.meetings
    gone = api.delete(path)
    assert gone.status_code == 404
    assert gone.json() == {"code": 3001, "message": f"Meeting does not exist: {meeting['id']}."}
    assert api.get(path).status_code == 404
    assert zoom.violations == []


def test_list_meetings_paginates(api: httpx.Client) -> None:
    ids = [create(api, start_time=f"2025-01-1{day}T01:00:00Z")["id"] for day in (3, 1, 2)]
    first = api.get("/users/me/meetings", params={"type": "scheduled", "page_size": 2}).json()
    assert first["total_records"] == 3
    assert [m["start_time"] for m in first["meetings"]] == [
        "2025-01-11T01:00:00Z",
        "2025-01-12T01:00:00Z",
    ]
    assert first["next_page_token"]
    second = api.get(
        "/users/me/meetings", params={"page_size": 2, "next_page_token": first["next_page_token"]}
    ).json()
    assert [m["id"] for m in second["meetings"]] == [ids[0]]
    assert second["next_page_token"] == ""


def test_list_upcoming_meetings(api: httpx.Client) -> None:
    create(api, start_time="2025-01-01T00:00:00Z")
    future = create(api, start_time="2025-02-01T00:00:00Z")
    upcoming = api.get("/users/me/meetings", params={"type": "upcoming"}).json()
    assert [m["id"] for m in upcoming["meetings"]] == [future["id"]]
    assert api.get("/users/me/meetings").json()["total_records"] == 2


def test_meetings_of_another_account_are_invisible(zoom: ZoomStandIn, api: httpx.Client) -> None:
    meeting = create(api)
    zoom.add_account(
        account_id="ACC_b", client_id="cb", client_secret="sb", user_id="UB", email="b@x.test"
    )
    token = httpx.post(
        f"{zoom.oauth_url}/oauth/token",
        params={"grant_type": "account_credentials", "account_id": "ACC_b"},
        auth=("cb", "sb"),
    ).json()["access_token"]
    answer = httpx.get(
        f"{zoom.api_url}/meetings/{meeting['id']}", headers={"Authorization": f"Bearer {token}"}
    )
    assert (answer.status_code, answer.json()["code"]) == (404, 3001)
    assert zoom.calls[-1].account_id == "ACC_b"


# --------------------------------------------------------------------------- spec checks


def test_invalid_body_is_a_violation(zoom: ZoomStandIn, api: httpx.Client) -> None:
    answer = api.post("/users/me/meetings", json={"topic": "x", "type": "banana"})
    assert answer.status_code == 400
    body = answer.json()
    assert (body["code"], body["message"]) == (300, "Validation Failed.")
    assert {error["field"] for error in body["errors"]} == {"type"}
    assert len(zoom.violations) == 1
    assert "'banana' is not of type 'integer'" in zoom.violations[0]
    assert zoom.meetings == {}
    assert zoom.calls[-1].body == {"topic": "x", "type": "banana"}


@pytest.mark.parametrize(
    ("method", "path", "kwargs"),
    [
        ("POST", "/users/me/meetingz", {"json": {}}),
        ("PUT", "/meetings/12345678901", {"json": {}}),
        ("GET", "/meetings/not-a-number", {}),
        ("GET", "/users/me/meetings", {"params": {"page_size": 301}}),
        ("GET", "/users/me/meetings", {"params": {"type": "all"}}),
        ("GET", "/users/me/meetings", {"params": {"pagesize": 10}}),
        ("POST", "/users/me/meetings", {"json": {"start_time": "tomorrow"}}),
        ("POST", "/users/me/meetings", {"json": {"topic": "t" * 201}}),
        (
            "POST",
            "/users/me/meetings",
            {"content": b"{not json", "headers": {"Content-Type": "application/json"}},
        ),
    ],
    ids=[
        "unknown-path",
        "wrong-method",
        "bad-path-param",
        "page-size",
        "list-type",
        "unknown-query",
        "bad-date-time",
        "long-topic",
        "not-json",
    ],
)
def test_spec_violations(
    zoom: ZoomStandIn, api: httpx.Client, method: str, path: str, kwargs: dict[str, Any]
) -> None:
    answer = api.request(method, path, **kwargs)
    assert answer.status_code == 400
    assert answer.json()["code"] == 300
    assert len(zoom.violations) == 1


def test_non_api_path_is_a_violation(zoom: ZoomStandIn) -> None:
    answer = httpx.get(f"{zoom.oauth_url}/v1/users/me")
    assert answer.status_code == 400
    assert zoom.violations == ["GET /v1/users/me: not a Zoom endpoint"]


# --------------------------------------------------------------------------- quotas and faults


def test_daily_quota_resets_at_utc_midnight(clock: Clock) -> None:
    with ZoomStandIn(now=clock, daily_meeting_limit=2) as zoom:
        zoom.add_account(
            account_id=ACCOUNT,
            client_id=CLIENT_ID,
            client_secret=SECRET,
            user_id=HOST,
            email="host@example.test",
        )
        zoom.add_user(ACCOUNT, "MEMBERuser02", "member@example.test")
        headers = {"Authorization": f"Bearer {get_token(zoom)}"}
        with httpx.Client(base_url=zoom.api_url, headers=headers) as api:
            meeting = create(api)
            assert api.patch(f"/meetings/{meeting['id']}", json={"topic": "t2"}).status_code == 204
            refused = api.post("/users/me/meetings", json={"topic": "third"})
            assert refused.status_code == 429
            assert refused.json() == {
                "code": 429,
                "message": "You have exceeded the daily rate limit (2) of Meeting Create/Update "
                "API requests permitted for this particular user. You may resume these requests "
                "at GMT 00:00:00.",
            }
            assert api.patch(f"/meetings/{meeting['id']}", json={"topic": "t3"}).status_code == 429
            # The quota is per user: another user of the account may still create.
            assert api.post("/users/MEMBERuser02/meetings", json={"topic": "x"}).status_code == 201
            assert api.get(f"/meetings/{meeting['id']}").status_code == 200  # reads are free
            clock.advance(minutes=10)  # 2025-01-10T00:00Z: a new UTC day
            assert api.post("/users/me/meetings", json={"topic": "next day"}).status_code == 201
        assert len(zoom.meetings) == 3
        assert zoom.violations == []


def test_fail_next(zoom: ZoomStandIn, api: httpx.Client) -> None:
    zoom.fail_next(
        "POST", r"/users/[^/]+/meetings$", 500, {"code": 500, "message": "boom"}, times=2
    )
    for _ in range(2):
        failed = api.post("/users/me/meetings", json={"topic": "x"})
        assert (failed.status_code, failed.json()["message"]) == (500, "boom")
    assert api.get("/users/me").status_code == 200
    assert api.post("/users/me/meetings", json={"topic": "x"}).status_code == 201
    assert [c.status for c in zoom.calls_to("POST", r"/meetings$")] == [500, 500, 201]


def test_fail_next_on_token_endpoint(zoom: ZoomStandIn) -> None:
    zoom.fail_next("POST", r"^/oauth/token$", 503)
    answer = httpx.post(
        f"{zoom.oauth_url}/oauth/token",
        params={"grant_type": "account_credentials", "account_id": ACCOUNT},
        auth=(CLIENT_ID, SECRET),
    )
    assert answer.status_code == 503
    assert get_token(zoom)


def test_hold_creates(zoom: ZoomStandIn, api: httpx.Client) -> None:
    gate = zoom.hold_creates()
    statuses: list[int] = []
    worker = threading.Thread(
        target=lambda: statuses.append(
            api.post("/users/me/meetings", json={"topic": "x"}).status_code
        )
    )
    worker.start()
    gate.wait_held()
    assert zoom.meetings == {}
    assert api.get("/users/me").status_code == 200  # other calls are not held
    gate.release()
    worker.join(timeout=5)
    assert statuses == [201]
    assert len(zoom.wait_for("POST", r"/users/me/meetings")) == 1
    assert len(zoom.meetings) == 1


def test_stop_releases_held_creates(clock: Clock) -> None:
    server = ZoomStandIn(now=clock).start()
    server.add_account(
        account_id=ACCOUNT, client_id=CLIENT_ID, client_secret=SECRET, user_id=HOST, email="h@x"
    )
    headers = {"Authorization": f"Bearer {get_token(server)}"}
    gate = server.hold_creates()
    statuses: list[int] = []

    def post() -> None:
        with httpx.Client(base_url=server.api_url, headers=headers, timeout=5) as client:
            statuses.append(client.post("/users/me/meetings", json={"topic": "x"}).status_code)

    worker = threading.Thread(target=post)
    worker.start()
    gate.wait_held()
    server.stop()
    worker.join(timeout=5)
    assert not worker.is_alive()
    assert statuses == [201]


def test_wait_for_times_out(zoom: ZoomStandIn) -> None:
    with pytest.raises(TimeoutError):
        zoom.wait_for("DELETE", r"/meetings/", timeout=0.05)


# --------------------------------------------------------------------------- webhooks


def test_sign_webhook_known_vector() -> None:
    body = b'{"event":"meeting.started","payload":{"object":{"id":85746065}}}'
    headers = sign_webhook("zoom-secret-token", body, 1700000000)
    # Digest computed independently with:
    #   printf 'v0:1700000000:<body>' | openssl dgst -sha256 -hmac zoom-secret-token
    expected = "8d37a5a483c34a30f9c7422a7efd7d35fcdc38e80330dea453346a4f4a41e456"
    assert headers == {"x-zm-request-timestamp": "1700000000", "x-zm-signature": f"v0={expected}"}
    recomputed = hmac.new(
        b"zoom-secret-token", b"v0:1700000000:" + body, hashlib.sha256
    ).hexdigest()
    assert recomputed == expected


def test_url_validation_response_known_vector() -> None:
    assert url_validation_response("zoom-secret-token", "plain-abc") == {
        "plainToken": "plain-abc",
        "encryptedToken": "0bbfc7f5ca8becbcd18d8037e30218a2994f59620345c0fcd9c39efeb9206f80",
    }
