"""ZoomAccountService: linking through OAuth (the team's own app, the shared app), the
refusals, reconnecting and unlinking, against the Zoom stand-in on both databases."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from bot.clock import ManualClock
from bot.errors import ZoomLinkError
from bot.services.zoom_accounts import REQUIRED_SCOPES, missing_capabilities, scope_names
from bot.services.zoom_authorizations import ZoomAuthorizations
from bot.services.zoom_tokens import ACCESS_TOKEN, CLIENT_SECRET, REFRESH_TOKEN
from providers.zoom.client import ZoomApi
from providers.zoom.errors import ZoomAuthError
from providers.zoom.oauth import AppCredentials, ZoomOAuth
from storage.models import AccountStatus, ZoomAccount, ZoomAuthorization
from tests.bot.services.zoom_rig import (
    ADMIN,
    MEMBER,
    MEMBER_ZOOM,
    OWNER_ZOOM,
    PUBLIC_URL,
    REDIRECT,
    SHARED_ID,
    TEAM,
    TEAM_APP_ID,
    TEAM_APP_SECRET,
    ZOOM_ACCOUNT,
    ZoomRig,
    zoom_rig,
)


@pytest.fixture
def rig(database_url: str, clock: ManualClock) -> Iterator[ZoomRig]:
    with zoom_rig(database_url, clock) as built:
        yield built


def other_process(rig: ZoomRig, *, public_url: str, shared: bool = True) -> ZoomAuthorizations:
    """The linking service as another bot process (same database and key) would build it."""
    return ZoomAuthorizations(
        rig.services.db,
        rig.settings.secret_box(),
        ZoomOAuth(rig.zoom.oauth_url, timeout=httpx.Timeout(5.0)),
        ZoomApi(rig.services.http_clients[0]),
        rig.services.tokens,
        rig.clock,
        public_url=public_url,
        shared_app=AppCredentials(SHARED_ID, "x") if shared else None,
    )


def pending(rig: ZoomRig) -> list[ZoomAuthorization]:
    with rig.services.db.transaction() as session:
        return list(session.scalars(select(ZoomAuthorization)).all())


def begin(
    rig: ZoomRig,
    display_name: str = "採用チームの Zoom",
    *,
    auth_type: str = "oauth_app",
    client_id: str | None = TEAM_APP_ID,
    client_secret: str | None = TEAM_APP_SECRET,
) -> str:
    return rig.services.zoom_accounts.begin_authorization(
        TEAM,
        ADMIN,
        auth_type=auth_type,
        display_name=display_name,
        client_id=client_id,
        client_secret=client_secret,
    )


# ---- the authorize link


def test_the_link_is_remembered_with_its_secrets_encrypted(rig: ZoomRig) -> None:
    url = begin(rig)
    assert url.startswith(f"{rig.zoom.oauth_url}/oauth/authorize?")
    assert f"client_id={TEAM_APP_ID}" in url
    assert TEAM_APP_SECRET not in url
    (row,) = pending(rig)
    assert f"state={row.state}" in url
    assert row.expires_at == rig.clock.now() + timedelta(minutes=15)
    assert (row.team_id, row.slack_user_id, row.auth_type) == (TEAM, ADMIN, "oauth_app")
    assert row.client_secret_enc is not None
    assert TEAM_APP_SECRET not in row.client_secret_enc
    assert "S256" in url
    assert row.code_verifier_enc.startswith("v1:")


def test_without_public_url_the_link_is_refused_naming_it(
    database_url: str, clock: ManualClock
) -> None:
    with zoom_rig(database_url, clock, public_url=None) as rig:
        with pytest.raises(ZoomLinkError) as caught:
            begin(rig)
        assert caught.value.key == "zoomlink.no_public_url"
        assert rig.services.zoom_accounts.redirect_uri is None
        assert pending(rig) == []


@pytest.mark.parametrize(
    ("overrides", "key"),
    [
        ({"display_name": " "}, "link.name_invalid"),
        ({"client_secret": ""}, "zoomlink.credentials_missing"),
        ({"client_id": None}, "zoomlink.credentials_missing"),
        ({"auth_type": "s2s"}, "zoomlink.not_oauth"),
    ],
    ids=["blank-name", "no-secret", "no-client-id", "server-to-server"],
)
def test_bad_requests_are_refused_before_zoom_is_asked(
    rig: ZoomRig, overrides: dict[str, Any], key: str
) -> None:
    with pytest.raises(ZoomLinkError) as caught:
        begin(rig, **overrides)
    assert caught.value.key == key
    assert pending(rig) == []


def test_a_taken_name_is_refused_up_front(rig: ZoomRig) -> None:
    rig.linked("面接ルームA")
    with pytest.raises(ZoomLinkError) as caught:
        begin(rig, "面接ルームA")
    assert (caught.value.key, caught.value.params) == ("link.name_taken", {"name": "面接ルームA"})


def test_without_a_shared_app_the_one_click_link_is_refused(rig: ZoomRig) -> None:
    authorizations = other_process(rig, public_url=PUBLIC_URL, shared=False)
    with pytest.raises(ZoomLinkError) as caught:
        authorizations.begin(TEAM, MEMBER, auth_type="oauth_shared", display_name="Sam")
    assert caught.value.key == "zoomlink.no_shared_app"


# ---- linking


def test_the_team_app_links_the_consenting_zoom_user(rig: ZoomRig) -> None:
    result = rig.link("採用チームの Zoom")
    assert result.ok
    assert result.error is None
    assert not result.reconnected
    assert (result.team_id, result.slack_user_id) == (TEAM, ADMIN)
    assert result.account is not None
    assert result.account.email == "owner@example.com"

    account = rig.account(result.account.id)
    box = rig.settings.secret_box()
    assert account.auth_type == "oauth_app"
    assert account.client_id == TEAM_APP_ID
    assert account.client_secret_enc is not None
    assert box.decrypt(account.client_secret_enc, purpose=CLIENT_SECRET) == TEAM_APP_SECRET
    assert (account.zoom_user_id, account.zoom_account_id) == (OWNER_ZOOM, ZOOM_ACCOUNT)
    assert (account.licence_type, account.role_name) == (2, "Owner")
    assert (account.linked_by, account.slack_user_id) == (ADMIN, None)
    assert account.status == AccountStatus.OK
    assert set(account.scopes.split()) == {"meeting:write", "meeting:read", "user:read"}
    code_grant = rig.zoom.token_requests[-1]
    assert code_grant.grant_type == "authorization_code"
    assert code_grant.pkce_verified
    assert account.access_token_enc is not None
    assert account.refresh_token_enc is not None
    assert box.decrypt(account.access_token_enc, purpose=ACCESS_TOKEN) == code_grant.access_token
    assert box.decrypt(account.refresh_token_enc, purpose=REFRESH_TOKEN)
    assert account.token_expires_at == rig.clock.now() + timedelta(seconds=3599)
    assert pending(rig) == []  # single use


def test_the_shared_app_links_the_clicking_users_own_zoom(rig: ZoomRig) -> None:
    account = rig.linked("Sam", auth_type="oauth_shared", slack_user=MEMBER, zoom_user=MEMBER_ZOOM)
    stored = rig.account(account.id)
    assert stored.auth_type == "oauth_shared"
    assert (stored.client_id, stored.client_secret_enc) == (None, None)
    assert (stored.slack_user_id, stored.linked_by) == (MEMBER, MEMBER)
    assert (stored.licence_type, stored.role_name) == (1, "Member")
    assert rig.zoom.token_requests[-1].client_id == SHARED_ID
    assert [a.display_name for a in rig.services.zoom_accounts.list(TEAM)] == ["Sam"]


# ---- refusals at the callback


def test_a_reused_state_is_refused(rig: ZoomRig) -> None:
    url = begin(rig)
    answer = rig.allow(url, OWNER_ZOOM)
    accounts = rig.services.zoom_accounts
    assert accounts.complete_authorization(answer["state"], code=answer["code"]).ok
    again = accounts.complete_authorization(answer["state"], code=answer["code"])
    assert again.error is not None
    assert again.error.key == "zoomlink.state_unknown"
    assert (again.team_id, again.slack_user_id) == (None, None)
    assert len(accounts.list(TEAM)) == 1


def test_an_unknown_state_is_refused(rig: ZoomRig) -> None:
    result = rig.services.zoom_accounts.complete_authorization("forged", code="x")
    assert result.error is not None
    assert result.error.key == "zoomlink.state_unknown"
    assert rig.zoom.token_requests == []


def test_an_expired_state_is_refused_and_forgotten(rig: ZoomRig) -> None:
    answer = rig.allow(begin(rig), OWNER_ZOOM)
    rig.clock.advance(timedelta(minutes=15))
    result = rig.services.zoom_accounts.complete_authorization(answer["state"], code=answer["code"])
    assert result.error is not None
    assert result.error.key == "zoomlink.state_expired"
    assert result.slack_user_id == ADMIN
    assert pending(rig) == []
    assert rig.zoom.token_requests == []  # the code was never exchanged


def test_declining_in_zoom_links_nothing(rig: ZoomRig) -> None:
    answer = rig.allow(begin(rig), OWNER_ZOOM, deny=True)
    assert answer["error"] == "access_denied"
    result = rig.services.zoom_accounts.complete_authorization(
        answer["state"], error="access_denied"
    )
    assert result.error is not None
    assert result.error.key == "zoomlink.declined"
    assert result.slack_user_id == ADMIN
    assert pending(rig) == []
    assert rig.services.zoom_accounts.list(TEAM) == []


def test_a_wrong_client_secret_is_named_at_exchange(rig: ZoomRig) -> None:
    answer = rig.allow(begin(rig, client_secret="typo-secret"), OWNER_ZOOM)
    result = rig.services.zoom_accounts.complete_authorization(answer["state"], code=answer["code"])
    assert result.error is not None
    assert result.error.key == "zoomlink.invalid_client"
    assert pending(rig) == []
    assert rig.services.zoom_accounts.list(TEAM) == []


def test_a_redirect_url_that_changed_meanwhile_is_named(rig: ZoomRig) -> None:
    """PUBLIC_URL changed between the link and the answer (another bot process, a redeploy):
    Zoom refuses the exchange, and the message names the URL to register."""
    answer = rig.allow(begin(rig), OWNER_ZOOM)
    moved = other_process(rig, public_url="https://moved.example.test")
    result = moved.complete(answer["state"], code=answer["code"])
    assert result.error is not None
    assert result.error.key == "zoomlink.redirect_mismatch"
    assert result.error.params == {"redirect": "https://moved.example.test/zoom/oauth/callback"}


def test_missing_scopes_are_named(rig: ZoomRig) -> None:
    rig.zoom.add_oauth_app("narrow-app", "narrow-secret", REDIRECT, ("user:read", "meeting:read"))
    url = begin(rig, client_id="narrow-app", client_secret="narrow-secret")
    answer = rig.allow(url, OWNER_ZOOM)
    result = rig.services.zoom_accounts.complete_authorization(answer["state"], code=answer["code"])
    assert result.error is not None
    assert result.error.key == "zoomlink.missing_scopes"
    assert result.error.params == {
        "missing": "meeting:write:meeting (meeting:write), meeting:delete:meeting (meeting:write), "
        "meeting:update:meeting (meeting:write)"
    }
    assert rig.services.zoom_accounts.list(TEAM) == []


def test_the_same_zoom_user_twice_is_refused_naming_the_existing_link(rig: ZoomRig) -> None:
    rig.linked("面接ルームA")
    result = rig.link("もう一つ", auth_type="oauth_shared")
    assert result.error is not None
    assert result.error.key == "link.already_linked"
    assert result.error.params == {"email": "owner@example.com", "existing": "面接ルームA"}
    assert [a.display_name for a in rig.services.zoom_accounts.list(TEAM)] == ["面接ルームA"]
    assert pending(rig) == []


def test_zoom_unreachable_at_exchange_keeps_the_link_for_a_reload(rig: ZoomRig) -> None:
    answer = rig.allow(begin(rig), OWNER_ZOOM)
    rig.zoom.fail_next("POST", r"^/oauth/token$", 503)
    accounts = rig.services.zoom_accounts
    first = accounts.complete_authorization(answer["state"], code=answer["code"])
    assert first.error is not None
    assert first.error.key == "zoomlink.unreachable"
    assert len(pending(rig)) == 1
    assert accounts.complete_authorization(answer["state"], code=answer["code"]).ok


# ---- reconnecting


def test_reconnect_replaces_the_tokens_and_makes_the_account_work_again(rig: ZoomRig) -> None:
    linked = rig.linked("面接ルームA")
    with rig.services.db.transaction() as session:
        stored = session.get_one(ZoomAccount, linked.id)
        stored.status = AccountStatus.NEEDS_RECONNECT
        stored.status_detail = "invalid_grant"
        old_refresh = stored.refresh_token_enc
    url = rig.services.zoom_accounts.begin_authorization(
        TEAM, MEMBER, auth_type="oauth_app", display_name="ignored", reconnect_account_id=linked.id
    )
    assert f"client_id={TEAM_APP_ID}" in url  # the stored app
    answer = rig.allow(url, OWNER_ZOOM)
    result = rig.services.zoom_accounts.complete_authorization(answer["state"], code=answer["code"])
    assert result.ok
    assert result.reconnected
    account = rig.account(linked.id)
    assert (account.status, account.status_detail) == (AccountStatus.OK, None)
    assert account.refresh_token_enc != old_refresh
    assert account.display_name == "面接ルームA"
    assert len(rig.services.zoom_accounts.list(TEAM)) == 1


def test_reconnect_as_another_zoom_user_is_refused(rig: ZoomRig) -> None:
    linked = rig.linked("面接ルームA")
    rig.zoom.add_zoom_user(account_id=ZOOM_ACCOUNT, user_id="zoom-admin2", email="a2@example.com")
    url = rig.services.zoom_accounts.begin_authorization(
        TEAM, ADMIN, auth_type="oauth_app", display_name="", reconnect_account_id=linked.id
    )
    answer = rig.allow(url, "zoom-admin2")
    result = rig.services.zoom_accounts.complete_authorization(answer["state"], code=answer["code"])
    assert result.error is not None
    assert result.error.key == "zoomlink.reconnect_other_user"
    assert result.error.params == {
        "name": "面接ルームA",
        "expected": "owner@example.com",
        "email": "a2@example.com",
    }


def test_reconnecting_a_removed_account_is_refused(rig: ZoomRig) -> None:
    with pytest.raises(ZoomLinkError) as caught:
        rig.services.zoom_accounts.begin_authorization(
            TEAM, ADMIN, auth_type="oauth_app", display_name="", reconnect_account_id=999
        )
    assert caught.value.key == "zoomlink.reconnect_gone"


# ---- unlinking


def test_unlink_revokes_at_zoom_then_forgets(rig: ZoomRig) -> None:
    linked = rig.linked("面接ルームA")
    refresh = rig.services.tokens.refresh_token(rig.account(linked.id))
    assert refresh is not None
    removed = rig.services.zoom_accounts.unlink(TEAM, "面接ルームA")
    assert removed.id == linked.id
    (revocation,) = rig.zoom.revocations
    assert (revocation.client_id, revocation.user_id, revocation.status) == (
        TEAM_APP_ID,
        OWNER_ZOOM,
        200,
    )
    assert rig.services.zoom_accounts.list(TEAM) == []
    oauth = ZoomOAuth(rig.zoom.oauth_url, timeout=httpx.Timeout(5.0))
    with pytest.raises(ZoomAuthError) as caught:
        oauth.refresh(AppCredentials(TEAM_APP_ID, TEAM_APP_SECRET), refresh, now=rig.clock.now())
    assert caught.value.reason == "invalid_grant"


def test_unlink_forgets_even_when_zoom_cannot_be_told(
    rig: ZoomRig, caplog: pytest.LogCaptureFixture
) -> None:
    rig.linked("Sam", auth_type="oauth_shared", slack_user=MEMBER, zoom_user=MEMBER_ZOOM)
    rig.zoom.fail_next("POST", r"^/oauth/revoke$", 503)
    with caplog.at_level(logging.WARNING):
        rig.services.zoom_accounts.unlink(TEAM, "Sam")
    assert rig.services.zoom_accounts.list(TEAM) == []
    assert "not revoked at Zoom" in caplog.text
    access_tokens = [r.access_token for r in rig.zoom.token_requests if r.access_token]
    assert access_tokens
    assert not any(token in caplog.text for token in access_tokens)


# ---- scopes


def test_update_is_a_required_capability() -> None:
    assert "meeting:update" in REQUIRED_SCOPES
    granular_user = frozenset(
        {
            "meeting:write:meeting",
            "meeting:update:meeting",
            "meeting:delete:meeting",
            "meeting:read:meeting",
            "user:read:user",
        }
    )
    assert missing_capabilities(granular_user) == []
    assert missing_capabilities(granular_user - {"meeting:update:meeting"}) == ["meeting:update"]
    assert missing_capabilities(frozenset({"meeting:write", "meeting:read", "user:read"})) == []
    assert scope_names(["meeting:update"]) == ["meeting:update:meeting (meeting:write)"]
