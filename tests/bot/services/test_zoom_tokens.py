"""ZoomTokenService: refreshing OAuth tokens before they expire (Zoom rotates refresh tokens),
one refresh at a time across processes, and accounts that need reconnecting."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import text

from bot.app import build_services
from bot.clock import ManualClock
from bot.services.container import Services
from bot.services.zoom_tokens import ZoomTokenService
from providers.base import MeetingHost, MeetingRequest
from providers.zoom.client import ZoomApi
from providers.zoom.errors import ZoomAuthError, ZoomUnavailable
from providers.zoom.oauth import AppCredentials, S2SCredentials, ZoomOAuth
from providers.zoom.provider import ZoomMeetingProvider
from storage.models import AccountStatus, WorkspaceRole
from tests.bot.services.zoom_rig import (
    ADMIN,
    MEMBER,
    MEMBER_ZOOM,
    SHARED_ID,
    TEAM,
    TEAM_APP_ID,
    TEAM_APP_SECRET,
    ZoomRig,
    zoom_rig,
)

TEAM_APP = AppCredentials(TEAM_APP_ID, TEAM_APP_SECRET)
# Zoom's tokens last 3599 s; the bot renews 120 s before that.
STILL_FRESH = timedelta(minutes=57)
DUE = timedelta(minutes=58)


@pytest.fixture
def rig(database_url: str, clock: ManualClock) -> Iterator[ZoomRig]:
    with zoom_rig(database_url, clock) as built:
        yield built


def refreshes(rig: ZoomRig) -> list[str | None]:
    """Access tokens issued by `refresh_token` grants (None where Zoom refused)."""
    return [r.access_token for r in rig.zoom.token_requests if r.grant_type == "refresh_token"]


def stored_refresh_token(rig: ZoomRig, account_id: int) -> str:
    token = rig.services.tokens.refresh_token(rig.account(account_id))
    assert token is not None
    return token


def zoom_oauth(rig: ZoomRig) -> ZoomOAuth:
    return ZoomOAuth(rig.zoom.oauth_url, timeout=httpx.Timeout(5.0))


def test_a_fresh_token_is_used_without_asking_zoom(rig: ZoomRig) -> None:
    account = rig.linked("面接ルームA")
    issued = rig.zoom.token_requests[-1].access_token
    rig.clock.advance(STILL_FRESH)
    assert rig.services.tokens.access_token(account.id) == issued
    assert refreshes(rig) == []


def test_the_token_is_refreshed_before_it_expires_and_the_new_pair_stored(rig: ZoomRig) -> None:
    account = rig.linked("面接ルームA")
    first_refresh = stored_refresh_token(rig, account.id)
    rig.clock.advance(DUE)

    token = rig.services.tokens.access_token(account.id)

    assert refreshes(rig) == [token]
    stored = rig.account(account.id)
    assert stored.token_expires_at == rig.clock.now() + timedelta(seconds=3599)
    rotated = stored_refresh_token(rig, account.id)
    assert rotated != first_refresh
    with pytest.raises(ZoomAuthError):  # Zoom rotated it: the old one is dead
        zoom_oauth(rig).refresh(TEAM_APP, first_refresh, now=rig.clock.now())
    assert zoom_oauth(rig).refresh(TEAM_APP, rotated, now=rig.clock.now()).access_token


def test_the_new_pair_is_stored_before_the_token_is_used(rig: ZoomRig) -> None:
    """The meeting call with the new token fails; the rotated pair is in the database
    anyway, so another process uses it without refreshing (which would need the new one)."""
    account = rig.linked("面接ルームA")
    stored = rig.account(account.id)
    rig.clock.advance(DUE)
    rig.zoom.fail_next("POST", r"/users/[^/]+/meetings$", 503)
    provider = ZoomMeetingProvider(ZoomApi(rig.services.http_clients[0]), rig.services.tokens)
    request = MeetingRequest(
        topic="一次面接",
        start=rig.clock.now() + timedelta(days=1),
        duration_minutes=60,
        timezone="Asia/Tokyo",
    )
    with pytest.raises(ZoomUnavailable):
        provider.create_meeting(MeetingHost(account.id, stored.zoom_user_id), request)
    (refreshed,) = refreshes(rig)

    another_process = build_services(rig.settings, clock=rig.clock)
    try:
        assert another_process.tokens.access_token(account.id) == refreshed
    finally:
        another_process.close()
    assert len(refreshes(rig)) == 1


def test_invalid_grant_marks_the_account_and_dms_linker_and_admins_once(rig: ZoomRig) -> None:
    with rig.services.db.transaction() as session:
        session.add(
            WorkspaceRole(
                team_id=TEAM,
                user_id=ADMIN,
                role="admin",
                granted_by="U0OWNER",
                created_at=rig.clock.now(),
            )
        )
    account = rig.linked(
        "Sam's Zoom", auth_type="oauth_shared", slack_user=MEMBER, zoom_user=MEMBER_ZOOM
    )
    rig.zoom.invalidate_refresh_tokens(SHARED_ID)
    rig.clock.advance(timedelta(hours=1))

    with pytest.raises(ZoomAuthError) as caught:
        rig.services.tokens.access_token(account.id)

    assert caught.value.reason == "invalid_grant"
    stored = rig.account(account.id)
    assert (stored.status, stored.status_detail) == (AccountStatus.NEEDS_RECONNECT, "invalid_grant")
    (to_member,) = rig.slack.dms_to(MEMBER)  # linker and owner: one DM
    (to_admin,) = rig.slack.dms_to(ADMIN)
    assert "“Sam's Zoom” (member@example.com) stopped working" in to_member["text"]
    assert "「Sam's Zoom」(member@example.com)が使えなくなりました" in to_admin["text"]
    for dm, label in ((to_member, "Reconnect"), (to_admin, "再接続")):
        (button,) = dm["blocks"][1]["elements"]
        assert button["action_id"] == "zoom_account_reconnect"
        assert button["value"] == str(account.id)
        assert button["text"]["text"] == label

    with pytest.raises(ZoomAuthError):  # still refused, but nobody is told twice
        rig.services.tokens.access_token(account.id)
    assert len(rig.slack.dms_to(MEMBER)) == 1
    assert len(rig.slack.dms_to(ADMIN)) == 1
    everything = json.dumps([c.args for c in rig.slack.calls], ensure_ascii=False)
    assert stored_refresh_token(rig, account.id) not in everything


def test_a_refused_server_to_server_app_needs_reconnecting_too(rig: ZoomRig) -> None:
    rig.zoom.add_account(
        account_id="s2s-acct",
        client_id="s2s-app",
        client_secret="old",
        user_id="room",
        email="room@example.com",
    )
    linked = rig.services.zoom_accounts.link_server_to_server(
        team_id=TEAM,
        display_name="面接ルーム",
        credentials=S2SCredentials("s2s-acct", "s2s-app", "old"),
        linked_by="cli",
    )
    # Someone regenerated the app's secret in Zoom.
    rig.zoom.add_account(
        account_id="s2s-acct",
        client_id="s2s-app",
        client_secret="new",
        user_id="room",
        email="room@example.com",
    )
    rig.clock.advance(timedelta(hours=1))
    with pytest.raises(ZoomAuthError) as caught:
        rig.services.tokens.access_token(linked.id)
    assert caught.value.reason == "invalid_client"
    stored = rig.account(linked.id)
    assert (stored.status, stored.status_detail) == (
        AccountStatus.NEEDS_RECONNECT,
        "invalid_client",
    )
    assert rig.slack.calls_to("chat.postMessage") == []  # linked from the CLI, no admins


def test_zoom_being_busy_changes_nothing(rig: ZoomRig) -> None:
    account = rig.linked("面接ルームA")
    before = stored_refresh_token(rig, account.id)
    rig.clock.advance(DUE)
    rig.zoom.fail_next("POST", r"^/oauth/token$", 503)
    with pytest.raises(ZoomUnavailable):
        rig.services.tokens.access_token(account.id)
    assert rig.account(account.id).status == AccountStatus.OK
    assert stored_refresh_token(rig, account.id) == before
    assert rig.services.tokens.access_token(account.id)  # the next try refreshes
    assert rig.slack.calls_to("chat.postMessage") == []


def test_threads_of_one_process_refresh_once(rig: ZoomRig) -> None:
    account = rig.linked("面接ルームA")
    rig.clock.advance(DUE)
    tokens = run_together([rig.services.tokens] * 6, account.id)
    assert len(set(tokens)) == 1
    assert len(refreshes(rig)) == 1


def run_together(
    services: list[ZoomTokenService],
    account_id: int,
    before_release: Callable[[], None] = lambda: None,
) -> list[str]:
    barrier = threading.Barrier(len(services))
    results: list[str] = []
    errors: list[BaseException] = []

    def run(tokens: ZoomTokenService) -> None:
        barrier.wait(timeout=10)
        try:
            results.append(tokens.access_token(account_id))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(s,)) for s in services]
    for thread in threads:
        thread.start()
    before_release()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    return results


def test_three_processes_on_postgresql_refresh_once(database_url: str, clock: ManualClock) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("row locks between processes: PostgreSQL only")
    with zoom_rig(database_url, clock) as rig:
        account = rig.linked("面接ルームA")
        processes: list[Services] = [rig.services]
        processes += [build_services(rig.settings, clock=clock) for _ in range(2)]
        try:
            clock.advance(DUE)
            gate = rig.zoom.hold_token_requests()

            def hold_the_first_refresh_until_the_others_wait() -> None:
                gate.wait_held(1, timeout=10)
                wait_until(lambda: sessions_waiting_for_a_lock(rig) >= 2)
                gate.release()

            tokens = run_together(
                [p.tokens for p in processes for _ in range(3)],
                account.id,
                hold_the_first_refresh_until_the_others_wait,
            )
        finally:
            for extra in processes[1:]:
                extra.close()
        assert gate.arrived == 1
        (refreshed,) = refreshes(rig)
        assert tokens == [refreshed] * 9
        # The stored refresh token is the rotated one, and still works (a fourth refresh).
        fourth = zoom_oauth(rig).refresh(
            TEAM_APP, stored_refresh_token(rig, account.id), now=clock.now()
        )
        assert fourth.refresh_token


def sessions_waiting_for_a_lock(rig: ZoomRig) -> int:
    with rig.services.db.engine.connect() as conn:
        query = text(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return int(conn.execute(query).scalar_one())


def wait_until(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    """Wait for other threads to reach a state (not for time to pass)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("condition not reached")
        threading.Event().wait(0.01)
