"""「Zoom連携」 in Slack: the list in the App Home and `/recruit zoom`, adding a
Server-to-Server account from a modal, settings, removal, and who may do what."""

from __future__ import annotations

import json
from typing import Any

import pytest

from standins.harness import LocalWorkspace, ZoomAppCredentials, fill_modal
from storage.models import ZoomAccount
from tests.scenarios.conftest import COORDINATOR, INTERVIEWER_EN, RECRUITER

ADMIN = "U0ADMIN"  # 人事部長 (workspace admin, ja)
ADMIN_EN = "U0ADMINEN"  # an English-speaking workspace admin


@pytest.fixture
def admins(workspace: LocalWorkspace) -> None:
    workspace.add_person(ADMIN, "高橋 人事", is_admin=True)
    workspace.add_person(
        ADMIN_EN, "Pat Admin", locale="en-US", tz="America/New_York", is_admin=True
    )


def open_home(workspace: LocalWorkspace, user: str) -> dict[str, Any]:
    workspace.slack.reset_calls()
    response = workspace.event_callback(
        {"type": "app_home_opened", "user": user, "tab": "home", "event_ts": "1.0"}
    )
    assert response.status_code == 200
    [published] = workspace.slack.wait_for("views.publish")
    view: dict[str, Any] = published.args["view"]
    return view


def as_text(view: dict[str, Any]) -> str:
    return json.dumps(view, ensure_ascii=False)


def action_ids(view: dict[str, Any]) -> set[str]:
    found: set[str] = set()
    for block in view.get("blocks", []):
        for element in [*block.get("elements", []), block.get("accessory") or {}]:
            if "action_id" in element:
                found.add(element["action_id"])
    return found


def open_add_modal(workspace: LocalWorkspace, user: str) -> dict[str, Any]:
    workspace.slack.reset_calls()
    assert workspace.block_action(user, "zoom_account_add").status_code == 200
    [opened] = workspace.slack.wait_for("views.open")
    view: dict[str, Any] = opened.args["view"]
    # Slack gives the opened view an id; the submission carries it.
    view["id"] = workspace.slack.opened_views()[-1]["id"]
    return view


def menu(workspace: LocalWorkspace, user: str, operation: str, account_id: int) -> Any:
    return workspace.block_action(
        user,
        "zoom_account_menu",
        fields={
            "type": "overflow",
            "selected_option": {
                "text": {"type": "plain_text", "text": operation},
                "value": f"{operation}:{account_id}",
            },
        },
    )


def account_id(workspace: LocalWorkspace, name: str) -> int:
    with workspace.services.db.transaction() as session:
        account = session.query(ZoomAccount).filter_by(display_name=name).one()
        return account.id


# ---- the list


@pytest.mark.usefixtures("admins", "zoom_app")
def test_an_admin_sees_the_accounts_with_every_action(workspace: LocalWorkspace) -> None:
    home = open_home(workspace, ADMIN)

    text = as_text(home)
    assert "Zoom連携" in text
    assert "採用担当A" in text
    assert "recruiting-a@example.com" in text
    assert "Server-to-Server OAuth" in text
    assert "正常" in text
    assert {"zoom_account_add", "zoom_account_menu", "zoom_managers_select"} <= action_ids(home)
    assert "zoom_link_mine" in action_ids(home)  # the harness configures the shared app


@pytest.mark.usefixtures("zoom_app")
def test_a_member_sees_the_list_read_only(workspace: LocalWorkspace) -> None:
    home = open_home(workspace, COORDINATOR)

    assert "採用担当A" in as_text(home)
    assert "管理者か管理者が許可したユーザーが行います" in as_text(home)
    ids = action_ids(home)
    assert "zoom_account_add" not in ids
    assert "zoom_account_menu" not in ids  # nobody's account is theirs
    assert "zoom_managers_select" not in ids
    assert "zoom_link_mine" in ids  # linking one's own Zoom is self-service


@pytest.mark.usefixtures("zoom_app")
@pytest.mark.parametrize(
    ("user", "header", "readonly"),
    [
        (COORDINATOR, "Zoom連携", "管理者か管理者が許可したユーザー"),
        (INTERVIEWER_EN, "Zoom accounts", "Workspace admins, and the users they allow"),
    ],
)
def test_recruit_zoom_answers_with_the_list_in_the_readers_language(
    workspace: LocalWorkspace, user: str, header: str, readonly: str
) -> None:
    body = workspace.slash_command(user, "zoom").json()

    assert body["response_type"] == "ephemeral"
    text = json.dumps(body["blocks"], ensure_ascii=False)
    assert header in text
    assert readonly in text
    assert "採用担当A" in text


# ---- adding a Server-to-Server account from the modal


@pytest.mark.usefixtures("admins")
def test_an_admin_links_a_server_to_server_account_from_the_modal(
    workspace: LocalWorkspace,
) -> None:
    creds = workspace.add_zoom_app("room-b@example.com")
    view = open_add_modal(workspace, ADMIN)
    assert view["title"]["text"] == "Zoom アカウントを追加"
    assert view["submit"]["text"] == "保存してトークン発行"

    answer = workspace.submit_view(fill_s2s(view, "面接ルームB", creds), ADMIN)

    assert answer.status_code == 200
    assert answer.json()["response_action"] == "update"
    assert "Zoom に確認しています" in as_text(answer.json()["view"])
    [update] = workspace.slack.wait_for("views.update")
    assert "「面接ルームB」(room-b@example.com)を連携しました" in as_text(update.args["view"])
    [home] = workspace.slack.wait_for("views.publish")
    assert "面接ルームB" in as_text(home.args["view"])
    with workspace.services.db.transaction() as session:
        stored = session.query(ZoomAccount).filter_by(display_name="面接ルームB").one()
        assert stored.linked_by == ADMIN
        assert creds.client_secret not in (stored.client_secret_enc or "")


@pytest.mark.usefixtures("admins")
@pytest.mark.parametrize(
    ("user", "expected"),
    [
        (ADMIN, "Zoom が Client ID または Client Secret を拒否しました"),
        (ADMIN_EN, "Zoom refused the Client ID or Client Secret"),
    ],
)
def test_a_wrong_secret_shows_the_form_again_with_the_reason(
    workspace: LocalWorkspace, user: str, expected: str
) -> None:
    creds = workspace.add_zoom_app("room-b@example.com")
    wrong = ZoomAppCredentials(
        creds.account_id, creds.client_id, "not-the-secret", creds.user_id, creds.email
    )
    view = open_add_modal(workspace, user)

    workspace.submit_view(fill_s2s(view, "面接ルームB", wrong), user)

    [update] = workspace.slack.wait_for("views.update")
    again = update.args["view"]
    assert expected in as_text(again)
    name = next(b for b in again["blocks"] if b.get("block_id") == "name")
    assert name["element"]["initial_value"] == "面接ルームB"  # nothing typed is lost…
    assert "not-the-secret" not in as_text(again)  # …but the secret is asked for again
    with workspace.services.db.transaction() as session:
        assert session.query(ZoomAccount).count() == 0


@pytest.mark.usefixtures("admins")
def test_server_to_server_needs_the_account_id_inline(workspace: LocalWorkspace) -> None:
    creds = workspace.add_zoom_app("room-b@example.com")
    view = open_add_modal(workspace, ADMIN_EN)
    filled = fill_s2s(view, "Room B", creds, account_id=None)

    answer = workspace.submit_view(filled, ADMIN_EN).json()

    assert answer == {
        "response_action": "errors",
        "errors": {"account_id": "Server-to-Server OAuth needs the Account ID."},
    }


# ---- who may manage


def test_a_member_cannot_open_the_add_modal_and_is_told_why(workspace: LocalWorkspace) -> None:
    workspace.block_action(COORDINATOR, "zoom_account_add")

    [dm] = workspace.slack.wait_for("chat.postMessage")
    assert "ワークスペース管理者か管理者が許可したユーザーだけができます" in dm.args["text"]
    assert workspace.slack.calls_to("views.open") == []


def test_a_forged_add_submission_from_a_member_changes_nothing(workspace: LocalWorkspace) -> None:
    creds = workspace.add_zoom_app("room-b@example.com")
    from bot.slack.zoom_modals import add_modal

    view = fill_s2s(add_modal("en"), "Room B", creds)
    answer = workspace.submit_view(view, INTERVIEWER_EN).json()

    assert answer["response_action"] == "errors"
    assert "Only workspace admins, and the users they allow" in answer["errors"]["name"]
    with workspace.services.db.transaction() as session:
        assert session.query(ZoomAccount).count() == 0


@pytest.mark.usefixtures("admins")
def test_an_admin_allows_a_recruiter_to_manage_accounts(workspace: LocalWorkspace) -> None:
    workspace.block_action(
        ADMIN,
        "zoom_managers_select",
        fields={"type": "multi_users_select", "selected_users": [RECRUITER]},
    )
    workspace.slack.wait_for("views.publish")

    assert workspace.services.roles.zoom_managers("T0HARNESS") == [RECRUITER]
    home = open_home(workspace, RECRUITER)
    assert "zoom_account_add" in action_ids(home)
    view = open_add_modal(workspace, RECRUITER)
    assert view["callback_id"] == "zoom_account_add"


def test_a_member_cannot_change_who_manages(workspace: LocalWorkspace) -> None:
    workspace.block_action(
        COORDINATOR,
        "zoom_managers_select",
        fields={"type": "multi_users_select", "selected_users": [COORDINATOR]},
    )

    dm = workspace.slack.wait_for("chat.postMessage")[0]
    assert "ワークスペース管理者だけです" in dm.args["text"]
    assert workspace.services.roles.zoom_managers("T0HARNESS") == []


# ---- settings


@pytest.mark.usefixtures("admins", "zoom_app")
def test_an_admin_sets_priority_concurrency_owner_and_meeting_defaults(
    workspace: LocalWorkspace,
) -> None:
    ref = account_id(workspace, "採用担当A")
    workspace.slack.reset_calls()
    menu(workspace, ADMIN, "settings", ref)
    [opened] = workspace.slack.wait_for("views.open")
    view = opened.args["view"]
    assert "ミーティングを開始するまで参加者は入室できません" in as_text(view)  # no early join

    answer = workspace.submit_view(
        fill_modal(
            view,
            {
                "priority": "5",
                "concurrent": "2",
                "owner": RECRUITER,
                "defaults": ["join_before_host", "waiting_room"],
            },
        ),
        ADMIN,
    )

    assert answer.status_code == 200
    assert answer.text in ("", "null")
    workspace.slack.wait_for("views.publish")  # the admin's Home, refreshed after saving
    with workspace.services.db.transaction() as session:
        account = session.get(ZoomAccount, ref)
        assert account is not None
        assert (account.priority, account.max_concurrent, account.slack_user_id) == (
            5,
            2,
            RECRUITER,
        )
        assert (account.embed_passcode, account.join_before_host, account.waiting_room) == (
            False,
            True,
            True,
        )
    home = open_home(workspace, RECRUITER)
    assert "あなたの Zoom" in as_text(home)
    assert "zoom_account_menu" in action_ids(home)  # their own account: reconnect / remove


@pytest.mark.usefixtures("admins", "zoom_app")
@pytest.mark.parametrize(
    ("user", "expected"),
    [
        (ADMIN, "1〜999 の整数で入力してください。"),
        (ADMIN_EN, "Enter a whole number from 1 to 999."),
    ],
)
def test_a_priority_out_of_range_is_an_inline_error(
    workspace: LocalWorkspace, user: str, expected: str
) -> None:
    workspace.slack.reset_calls()
    menu(workspace, user, "settings", account_id(workspace, "採用担当A"))
    [opened] = workspace.slack.wait_for("views.open")

    answer = workspace.submit_view(fill_modal(opened.args["view"], {"priority": "0"}), user)

    assert answer.json() == {"response_action": "errors", "errors": {"priority": expected}}


@pytest.mark.usefixtures("zoom_app")
def test_a_member_cannot_open_an_accounts_settings(workspace: LocalWorkspace) -> None:
    menu(workspace, INTERVIEWER_EN, "settings", account_id(workspace, "採用担当A"))

    [dm] = workspace.slack.wait_for("chat.postMessage")
    assert "Only workspace admins, and the users they allow" in dm.args["text"]
    assert workspace.slack.calls_to("views.open") == []


# ---- remove


@pytest.mark.usefixtures("admins", "zoom_app")
def test_removing_asks_first_naming_the_account_then_forgets_it(
    workspace: LocalWorkspace,
) -> None:
    ref = account_id(workspace, "採用担当A")
    workspace.slack.reset_calls()
    menu(workspace, ADMIN_EN, "remove", ref)
    [opened] = workspace.slack.wait_for("views.open")
    confirm = opened.args["view"]
    assert "Remove *採用担当A* (recruiting-a@example.com)?" in as_text(confirm)
    assert "Meetings already issued are not deleted" in as_text(confirm)

    workspace.submit_view(fill_modal(confirm, {}), ADMIN_EN)

    dm = workspace.slack.wait_for("chat.postMessage")[0]
    assert "Unlinked the Zoom account “採用担当A”" in dm.args["text"]
    with workspace.services.db.transaction() as session:
        assert session.query(ZoomAccount).count() == 0


@pytest.mark.usefixtures("admins", "zoom_app")
def test_an_issued_event_keeps_the_account_name_marked_unlinked(
    workspace: LocalWorkspace,
) -> None:
    from storage.models import Event
    from tests.scenarios.test_create_event import create_interview

    create_interview(workspace)
    [card] = workspace.slack.messages("C0HARNESS")
    ref = account_id(workspace, "採用担当A")
    workspace.slack.reset_calls()
    menu(workspace, ADMIN, "remove", ref)
    [opened] = workspace.slack.wait_for("views.open")

    workspace.submit_view(fill_modal(opened.args["view"], {}), ADMIN)

    [update] = workspace.slack.wait_for("chat.update")
    assert update.args["ts"] == card["ts"]
    assert "採用担当A(連携解除済み)" in json.dumps(update.args["blocks"], ensure_ascii=False)
    assert len(workspace.zoom.meetings) == 1  # the meeting itself is not deleted
    with workspace.services.db.transaction() as session:
        event = session.query(Event).one()
        assert (event.status, event.zoom_account_id, event.zoom_account_name) == (
            "scheduled",
            None,
            "採用担当A",
        )


@pytest.mark.usefixtures("zoom_app")
def test_a_forged_remove_from_a_member_changes_nothing(workspace: LocalWorkspace) -> None:
    from bot.slack.zoom_modals import remove_modal

    ref = account_id(workspace, "採用担当A")
    view = fill_modal(remove_modal("ja", account_id=ref, name="採用担当A", email="x"), {})

    answer = workspace.submit_view(view, COORDINATOR).json()

    assert answer["response_action"] == "update"
    assert "管理者が許可したユーザーだけができます" in as_text(answer["view"])
    with workspace.services.db.transaction() as session:
        assert session.query(ZoomAccount).count() == 1


@pytest.mark.usefixtures("admins", "zoom_app")
def test_an_account_removed_meanwhile_is_reported_not_crashed(workspace: LocalWorkspace) -> None:
    ref = account_id(workspace, "採用担当A")
    workspace.services.zoom_accounts.unlink("T0HARNESS", "採用担当A")
    workspace.slack.reset_calls()

    menu(workspace, ADMIN, "settings", ref)

    [opened] = workspace.slack.wait_for("views.open")
    assert "このアカウントはもう連携されていません" in as_text(opened.args["view"])


# ---- reconnecting a Server-to-Server account


@pytest.mark.usefixtures("admins")
def test_reconnect_checks_a_server_to_server_account_again(workspace: LocalWorkspace) -> None:
    creds = workspace.add_zoom_app("recruiting-a@example.com")
    workspace.link_zoom("採用担当A", creds)
    ref = account_id(workspace, "採用担当A")
    with workspace.services.db.transaction() as session:
        account = session.get(ZoomAccount, ref)
        assert account is not None
        account.status = "needs_reconnect"
        account.status_detail = "Zoom refused the app's credentials"
    workspace.slack.reset_calls()

    workspace.block_action(ADMIN, "zoom_account_reconnect", value=str(ref))

    [opened] = workspace.slack.wait_for("views.open")
    assert "「採用担当A」(recruiting-a@example.com)を連携しました" in as_text(opened.args["view"])
    with workspace.services.db.transaction() as session:
        account = session.get(ZoomAccount, ref)
        assert account is not None
        assert (account.status, account.status_detail) == ("ok", None)


def fill_s2s(
    view: dict[str, Any],
    name: str,
    creds: ZoomAppCredentials,
    *,
    account_id: str | None = "",
) -> dict[str, Any]:
    return fill_modal(
        view,
        {
            "method": "s2s",
            "name": name,
            "client_id": creds.client_id,
            "client_secret": creds.client_secret,
            "account_id": creds.account_id if account_id == "" else account_id,
            "zoom_user": None,
        },
    )


# ---- the team's own Zoom app and one-click links, through Zoom's consent


def button_url(view: dict[str, Any]) -> str:
    for block in view["blocks"]:
        for element in block.get("elements", []):
            if element.get("url"):
                return str(element["url"])
    raise AssertionError("no link button in the view")


@pytest.mark.usefixtures("admins")
def test_an_admin_adds_the_teams_zoom_app_and_allows_it_in_zoom(
    workspace: LocalWorkspace,
) -> None:
    workspace.zoom.add_zoom_user(account_id="acct-team", user_id="zu-room-c", email="c@example.com")
    workspace.zoom.add_oauth_app("team-app", "team-secret", workspace.oauth_redirect_uri)
    view = open_add_modal(workspace, ADMIN)
    filled = fill_modal(
        view,
        {
            "method": "oauth_app",
            "name": "面接ルームC",
            "client_id": "team-app",
            "client_secret": "team-secret",
        },
    )

    answer = workspace.submit_view(filled, ADMIN).json()

    assert answer["response_action"] == "update"
    allow = answer["view"]
    assert "「面接ルームC」を連携するため" in as_text(allow)
    assert f"{workspace.url}/zoom/oauth/callback" in as_text(allow)  # what to register
    assert "An account admin is required to install this type of app" in as_text(allow)
    assert "team-secret" not in as_text(allow)
    workspace.slack.reset_calls()

    page = workspace.authorize_in_zoom(button_url(allow), "zu-room-c")

    assert page.status_code == 200
    [dm] = workspace.slack.wait_for("chat.postMessage")
    assert "面接ルームC" in dm.args["text"]
    with workspace.services.db.transaction() as session:
        stored = session.query(ZoomAccount).filter_by(display_name="面接ルームC").one()
        assert (stored.auth_type, stored.zoom_email, stored.linked_by) == (
            "oauth_app",
            "c@example.com",
            ADMIN,
        )
    assert "面接ルームC" in as_text(open_home(workspace, ADMIN))


def test_a_member_links_their_own_zoom_with_one_click(workspace: LocalWorkspace) -> None:
    workspace.zoom.add_zoom_user(
        account_id="acct-alex", user_id="zu-alex", email="alex@example.com", user_type=1
    )
    workspace.block_action(INTERVIEWER_EN, "zoom_link_mine")
    [opened] = workspace.slack.wait_for("views.open")
    allow = opened.args["view"]
    assert "To link “Alex Interviewer”" in as_text(allow)
    workspace.slack.reset_calls()

    workspace.authorize_in_zoom(button_url(allow), "zu-alex")

    workspace.slack.wait_for("chat.postMessage")
    with workspace.services.db.transaction() as session:
        stored = session.query(ZoomAccount).one()
        assert (stored.auth_type, stored.slack_user_id, stored.zoom_email) == (
            "oauth_shared",
            INTERVIEWER_EN,
            "alex@example.com",
        )
    home = open_home(workspace, INTERVIEWER_EN)
    assert "your own Zoom" in as_text(home)
    assert "zoom_account_menu" in action_ids(home)  # they may reconnect or remove their own
    assert "zoom_account_add" not in action_ids(home)  # but add no one else's


@pytest.mark.usefixtures("admins")
def test_reconnecting_an_oauth_account_sends_its_linker_through_zoom_again(
    workspace: LocalWorkspace,
) -> None:
    workspace.zoom.add_zoom_user(account_id="acct-pat", user_id="zu-pat", email="pat@example.com")
    workspace.block_action(ADMIN_EN, "zoom_link_mine")
    [opened] = workspace.slack.wait_for("views.open")
    workspace.authorize_in_zoom(button_url(opened.args["view"]), "zu-pat")
    workspace.slack.wait_for("chat.postMessage")
    ref = account_id(workspace, "Pat Admin")
    workspace.slack.reset_calls()

    menu(workspace, ADMIN_EN, "reconnect", ref)

    [again] = workspace.slack.wait_for("views.open")
    assert "To link “Pat Admin”" in as_text(again.args["view"])
    assert "/oauth/authorize" in button_url(again.args["view"])
