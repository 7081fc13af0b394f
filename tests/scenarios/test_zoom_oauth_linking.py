"""Linking Zoom through OAuth, as people do it: an admin asks for a link to the team's own
Zoom app (or anyone, one click, through the bot's shared app), follows it, presses Allow in
Zoom, and Zoom sends the browser back to the bot, which says what happened on the page and
by DM. Then tokens age: refreshed before they expire, and when Zoom stops honouring them the
account is marked, people are told, and events fail with advice instead of vanishing."""

from __future__ import annotations

import json

import httpx
from sqlalchemy import select

from standins.harness import SHARED_ZOOM_CLIENT_ID, TEAM_ID, LocalWorkspace, fill_modal
from standins.zoom import PAGE_ADMIN_REQUIRED, PAGE_PRE_APPROVAL
from storage.models import AccountStatus, ZoomAccount, ZoomAuthorization
from storage.repositories.zoom_accounts import ZoomAccountRepository
from tests.scenarios.conftest import CHANNEL, INTERVIEWER_EN, RECRUITER
from tests.scenarios.test_create_event import INTERVIEW, create_interview, open_modal

TEAM_APP = "team-general-app"
TEAM_SECRET = "team-general-secret"
HR_ZOOM = "zoom-hr"  # 人事部の Zoom ユーザー (Owner)
ALEX_ZOOM = "zoom-alex"  # Alex's own Zoom user (a Member of the same Zoom account)


def zoom_people(ws: LocalWorkspace) -> None:
    ws.zoom.add_zoom_user(account_id="ZACC", user_id=HR_ZOOM, email="hr@example.com")
    ws.zoom.add_zoom_user(
        account_id="ZACC",
        user_id=ALEX_ZOOM,
        email="alex@example.com",
        role_name="Member",
        user_type=1,
    )


def team_app(ws: LocalWorkspace, *, kind: str = "account", **options: object) -> None:
    """The admin builds a General app in the Zoom App Marketplace (redirect URL: the bot)."""
    ws.zoom.add_oauth_app(TEAM_APP, TEAM_SECRET, ws.oauth_redirect_uri, kind=kind, **options)  # type: ignore[arg-type]


def ask_for_team_link(
    ws: LocalWorkspace, name: str = "人事部の Zoom", *, secret: str = TEAM_SECRET
) -> str:
    """What 「保存してトークン発行」 does in the App Home: the authorize link for RECRUITER."""
    return ws.services.zoom_accounts.begin_authorization(
        TEAM_ID,
        RECRUITER,
        auth_type="oauth_app",
        display_name=name,
        client_id=TEAM_APP,
        client_secret=secret,
    )


def ask_for_own_link(ws: LocalWorkspace, user: str = INTERVIEWER_EN, name: str = "Alex") -> str:
    """「自分の Zoom を連携」: one click through the bot's shared app."""
    return ws.services.zoom_accounts.begin_authorization(
        TEAM_ID, user, auth_type="oauth_shared", display_name=name
    )


def last_dm(ws: LocalWorkspace, user: str) -> str:
    return str(ws.slack.dms_to(user)[-1]["text"])


def account_named(ws: LocalWorkspace, name: str) -> ZoomAccount:
    with ws.services.db.transaction() as session:
        account = ZoomAccountRepository(session).by_name(TEAM_ID, name)
        assert account is not None
        return account


def test_an_admin_links_the_teams_zoom_app_and_events_use_it(workspace: LocalWorkspace) -> None:
    zoom_people(workspace)
    team_app(workspace)

    # 佐藤 saves the app's credentials and gets a link; it goes to Zoom with PKCE.
    url = ask_for_team_link(workspace)
    assert url.startswith(f"{workspace.zoom.oauth_url}/oauth/authorize?")
    assert "code_challenge_method=S256" in url

    # In Zoom, signed in as the HR user, 佐藤 presses Allow; Zoom sends the browser back.
    page = workspace.authorize_in_zoom(url, HR_ZOOM)
    assert page.status_code == 200
    assert str(page.url).startswith(f"{workspace.url}/zoom/oauth/callback?")
    assert '<html lang="ja">' in page.text
    assert "Zoom アカウント「人事部の Zoom」(hr@example.com)を連携しました" in page.text
    assert "Slack に戻ってください" in page.text

    # The bot exchanged the code with the verifier Zoom checked, and tells 佐藤 by DM.
    (exchange,) = workspace.zoom.token_requests
    assert exchange.grant_type == "authorization_code"
    assert exchange.pkce_verified
    assert "「人事部の Zoom」(hr@example.com)を連携しました" in last_dm(workspace, RECRUITER)
    assert [a.display_name for a in workspace.services.zoom_accounts.list(TEAM_ID)] == [
        "人事部の Zoom"
    ]
    home = workspace.slack.published_views(RECRUITER)[-1]
    assert "人事部の Zoom" in json.dumps(home, ensure_ascii=False)

    # /recruit now issues meetings as the HR user, with the token the link brought.
    create_interview(workspace)
    (create,) = workspace.zoom.calls_to("POST", r"/users/[^/]+/meetings")
    assert create.path == f"/v2/users/{HR_ZOOM}/meetings"
    assert create.status == 201

    # Nothing secret reached Slack: not the code, the state, a token or the secret.
    everything = json.dumps([c.args for c in workspace.slack.calls], ensure_ascii=False)
    assert TEAM_SECRET not in everything
    assert exchange.access_token is not None
    assert exchange.access_token not in everything
    query = httpx.URL(str(page.url)).params
    assert query["code"] not in everything
    assert query["state"] not in everything
    assert query["code"] not in page.text


def test_anyone_links_their_own_zoom_with_one_click(workspace: LocalWorkspace) -> None:
    zoom_people(workspace)
    page = workspace.authorize_in_zoom(ask_for_own_link(workspace), ALEX_ZOOM)
    assert page.status_code == 200
    assert '<html lang="en">' in page.text
    assert "Linked the Zoom account “Alex” (alex@example.com)" in page.text
    assert "Linked the Zoom account “Alex”" in last_dm(workspace, INTERVIEWER_EN)
    account = account_named(workspace, "Alex")
    assert account.auth_type == "oauth_shared"
    assert account.slack_user_id == INTERVIEWER_EN
    assert account.client_id is None
    assert workspace.zoom.token_requests[-1].client_id == SHARED_ZOOM_CLIENT_ID


def test_declining_in_zoom_is_explained_on_the_page_and_by_dm(workspace: LocalWorkspace) -> None:
    zoom_people(workspace)
    page = workspace.authorize_in_zoom(ask_for_own_link(workspace), ALEX_ZOOM, allow=False)
    assert page.status_code == 400
    assert "Zoom was not allowed, so nothing was linked" in page.text
    assert "Zoom was not allowed" in last_dm(workspace, INTERVIEWER_EN)
    assert workspace.services.zoom_accounts.list(TEAM_ID) == []
    assert workspace.zoom.token_requests == []


def test_an_expired_link_and_a_reused_one(workspace: LocalWorkspace) -> None:
    zoom_people(workspace)
    team_app(workspace)
    url = ask_for_team_link(workspace)
    workspace.advance(minutes=16)
    page = workspace.authorize_in_zoom(url, HR_ZOOM)
    assert page.status_code == 400
    assert "リンクの有効期限(15 分)が切れました" in page.text
    assert "有効期限" in last_dm(workspace, RECRUITER)

    # A fresh link works once; opening the same answer again is refused.
    page = workspace.authorize_in_zoom(ask_for_team_link(workspace), HR_ZOOM)
    assert page.status_code == 200
    dms_before = len(workspace.slack.dms_to(RECRUITER))
    again = httpx.get(str(page.url))
    assert again.status_code == 400
    assert "このリンクは無効か、既に使われています" in again.text
    assert len(workspace.slack.dms_to(RECRUITER)) == dms_before  # nobody to tell
    assert len(workspace.services.zoom_accounts.list(TEAM_ID)) == 1


def test_a_wrong_client_secret_is_named(workspace: LocalWorkspace) -> None:
    zoom_people(workspace)
    team_app(workspace)
    page = workspace.authorize_in_zoom(ask_for_team_link(workspace, secret="typo"), HR_ZOOM)
    assert page.status_code == 400
    assert "Zoom が Client ID または Client Secret を拒否しました" in page.text
    assert "App Credentials" in last_dm(workspace, RECRUITER)
    assert workspace.services.zoom_accounts.list(TEAM_ID) == []


def test_missing_scopes_are_named(workspace: LocalWorkspace) -> None:
    zoom_people(workspace)
    team_app(workspace, scopes=("user:read", "meeting:read"))
    page = workspace.authorize_in_zoom(ask_for_team_link(workspace), HR_ZOOM)
    assert page.status_code == 400
    assert "必要なスコープがありません: meeting:write:meeting (meeting:write)" in page.text
    assert "meeting:update:meeting" in last_dm(workspace, RECRUITER)


def test_the_same_zoom_user_twice_is_refused_naming_the_first_link(
    workspace: LocalWorkspace,
) -> None:
    zoom_people(workspace)
    team_app(workspace)
    assert workspace.authorize_in_zoom(ask_for_team_link(workspace), HR_ZOOM).status_code == 200
    page = workspace.authorize_in_zoom(ask_for_own_link(workspace, RECRUITER, "佐藤"), HR_ZOOM)
    assert page.status_code == 400
    assert (
        "この Zoom ユーザー(hr@example.com)は「人事部の Zoom」として既に連携されています"
        in page.text
    )
    assert [a.display_name for a in workspace.services.zoom_accounts.list(TEAM_ID)] == [
        "人事部の Zoom"
    ]


def test_zoom_refusals_in_the_browser_match_the_links_troubleshooting(
    workspace: LocalWorkspace,
) -> None:
    """Some refusals Zoom shows on its own page and never sends back: the member installing
    an admin-managed app, an app awaiting pre-approval, an unknown client id, a redirect URL
    not registered. The link's message must help with those exact pages."""
    zoom_people(workspace)
    team_app(workspace)  # admin-managed (account-level)
    page = workspace.authorize_in_zoom(ask_for_team_link(workspace), ALEX_ZOOM)
    assert page.status_code == 403
    assert PAGE_ADMIN_REQUIRED in page.text

    workspace.zoom.add_oauth_app(
        "user-app",
        "user-secret",
        workspace.oauth_redirect_uri,
        kind="user",
        needs_pre_approval=True,
    )
    url = workspace.services.zoom_accounts.begin_authorization(
        TEAM_ID,
        INTERVIEWER_EN,
        auth_type="oauth_app",
        display_name="Alex (team app)",
        client_id="user-app",
        client_secret="user-secret",
    )
    page = workspace.authorize_in_zoom(url, ALEX_ZOOM)
    assert page.status_code == 403
    assert PAGE_PRE_APPROVAL in page.text
    workspace.zoom.pre_approve("user-app", "ZACC")  # the Zoom admin grants it
    assert workspace.authorize_in_zoom(url, ALEX_ZOOM).status_code == 200

    wrong_id = workspace.services.zoom_accounts.begin_authorization(
        TEAM_ID,
        RECRUITER,
        auth_type="oauth_app",
        display_name="typo",
        client_id="no-such-app",
        client_secret="x",
    )
    page = workspace.authorize_in_zoom(wrong_id, HR_ZOOM)
    assert "Invalid client_id" in page.text
    assert workspace.services.zoom_accounts.list(TEAM_ID)[0].display_name == "Alex (team app)"


def test_html_in_a_name_is_escaped_on_the_page(workspace: LocalWorkspace) -> None:
    zoom_people(workspace)
    page = workspace.authorize_in_zoom(
        ask_for_own_link(workspace, name="<script>alert(1)</script>"), ALEX_ZOOM
    )
    assert page.status_code == 200
    assert "<script>" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text


def test_tokens_are_refreshed_before_they_expire(workspace: LocalWorkspace) -> None:
    zoom_people(workspace)
    team_app(workspace)
    workspace.authorize_in_zoom(ask_for_team_link(workspace), HR_ZOOM)
    workspace.advance(minutes=58)  # Zoom's token lasts an hour; the bot renews 2 min early
    create_interview(workspace)
    grants = [r.grant_type for r in workspace.zoom.token_requests]
    assert grants == ["authorization_code", "refresh_token"]
    (create,) = workspace.zoom.calls_to("POST", r"/users/[^/]+/meetings")
    assert create.status == 201


def test_a_revoked_grant_marks_the_account_and_events_fail_with_advice(
    workspace: LocalWorkspace,
) -> None:
    zoom_people(workspace)
    team_app(workspace)
    workspace.authorize_in_zoom(ask_for_team_link(workspace), HR_ZOOM)
    account = account_named(workspace, "人事部の Zoom")

    # In Zoom, the HR user removes the app; an hour later 佐藤 creates an interview.
    workspace.zoom.invalidate_refresh_tokens(TEAM_APP)
    workspace.advance(hours=1)
    answer = workspace.submit_view(fill_modal(open_modal(workspace), INTERVIEW), RECRUITER)
    assert answer.status_code == 200
    workspace.wait_idle()

    # No meeting, no card; the account is marked, and 佐藤 (who linked it) gets a DM with
    # a reconnect button.
    assert workspace.zoom.calls_to("POST", r"/users/[^/]+/meetings") == []
    assert workspace.slack.messages(CHANNEL) == []
    assert account_named(workspace, "人事部の Zoom").status == AccountStatus.NEEDS_RECONNECT
    dms = workspace.slack.dms_to(RECRUITER)
    (notice,) = [dm for dm in dms if "使えなくなりました" in dm["text"]]
    assert "「人事部の Zoom」(hr@example.com)" in notice["text"]
    (button,) = notice["blocks"][1]["elements"]
    assert (button["action_id"], button["value"]) == ("zoom_account_reconnect", str(account.id))
    # The recruiter is told to use another account: inline in the modal when the refusal
    # shows while checking it, else by DM when the event is created.
    if answer.content in (b"", b"{}"):
        (failed,) = [dm for dm in dms if "作成できませんでした" in dm["text"]]
        assert "別のアカウントを選ぶか" in failed["text"]
    else:
        errors = answer.json()["errors"]
        assert "人事部の Zoom: 要再接続" in json.dumps(errors, ensure_ascii=False)

    # 佐藤 reconnects (what the button leads to); Allow in Zoom again; it works again.
    url = workspace.services.zoom_accounts.begin_authorization(
        TEAM_ID,
        RECRUITER,
        auth_type="oauth_app",
        display_name="人事部の Zoom",
        reconnect_account_id=account.id,
    )
    page = workspace.authorize_in_zoom(url, HR_ZOOM)
    assert "Zoom アカウント「人事部の Zoom」(hr@example.com)を再接続しました" in page.text
    assert account_named(workspace, "人事部の Zoom").status == AccountStatus.OK
    create_interview(workspace, title="二次面接 山田様")
    assert len(workspace.zoom.calls_to("POST", r"/users/[^/]+/meetings")) == 1


def test_removing_an_account_revokes_it_in_zoom(workspace: LocalWorkspace) -> None:
    zoom_people(workspace)
    workspace.authorize_in_zoom(ask_for_own_link(workspace), ALEX_ZOOM)
    workspace.services.zoom_accounts.unlink(TEAM_ID, "Alex")
    (revocation,) = workspace.zoom.revocations
    assert (revocation.client_id, revocation.user_id, revocation.status) == (
        SHARED_ZOOM_CLIENT_ID,
        ALEX_ZOOM,
        200,
    )
    assert workspace.services.zoom_accounts.list(TEAM_ID) == []


def test_a_failure_inside_the_bot_is_a_page_with_a_reference_not_a_trace(
    workspace: LocalWorkspace,
) -> None:
    zoom_people(workspace)
    url = ask_for_own_link(workspace)
    with workspace.services.db.transaction() as session:  # e.g. RECRUITBOT_SECRET_KEY changed
        (row,) = session.scalars(select(ZoomAuthorization)).all()
        row.code_verifier_enc = "v1:not-decryptable"
    page = workspace.authorize_in_zoom(url, ALEX_ZOOM)
    assert page.status_code == 500
    assert "ボット内部で問題が発生しました(参照: " in page.text
    assert "Traceback" not in page.text
    assert "Decryption" not in page.text
