"""Who may create events: an admin restricts it to a Slack user group in the App Home; then
only its members (and admins) can open or submit the create modal, and everyone else is told
which group may, in their language. Admins may make others admins; non-admins change nothing."""

from __future__ import annotations

import json
from typing import Any

import pytest

from bot.slack.roles_view import ADMINS_ACTION, EVERYONE, RECRUITER_GROUP_ACTION
from standins.harness import LocalWorkspace, ZoomAppCredentials, fill_modal
from tests.scenarios.conftest import COORDINATOR, INTERVIEWER_EN, RECRUITER
from tests.scenarios.test_create_event import INTERVIEW, create_interview, open_modal

ADMIN = "U9ADMIN"
GROUP = "S0RECRUIT"


@pytest.fixture
def team(workspace: LocalWorkspace) -> LocalWorkspace:
    workspace.add_person(ADMIN, "管理 太郎", is_admin=True)
    workspace.slack.add_usergroup(GROUP, handle="recruiters", name="採用チーム", users=[RECRUITER])
    workspace.slack.add_usergroup("S0SALES", handle="sales", users=[COORDINATOR])
    return workspace


def home_of(ws: LocalWorkspace, user: str) -> dict[str, Any]:
    published = len(ws.slack.calls_to("views.publish"))
    ws.event_callback({"type": "app_home_opened", "user": user, "tab": "home", "event_ts": "1.0"})
    ws.slack.wait_for("views.publish", count=published + 1)
    return ws.slack.published_views(user)[-1]


def block(view: dict[str, Any], block_id: str) -> dict[str, Any]:
    return next(b for b in view["blocks"] if b.get("block_id") == block_id)


def pick_group(ws: LocalWorkspace, user: str, value: str) -> None:
    published = len(ws.slack.calls_to("views.publish"))
    option = {"text": {"type": "plain_text", "text": value}, "value": value}
    ws.block_action(
        user,
        RECRUITER_GROUP_ACTION,
        fields={"type": "static_select", "selected_option": option},
    )
    ws.slack.wait_for("views.publish", count=published + 1)


def pick_admins(ws: LocalWorkspace, user: str, users: list[str]) -> None:
    published = len(ws.slack.calls_to("views.publish"))
    ws.block_action(
        user, ADMINS_ACTION, fields={"type": "multi_users_select", "selected_users": users}
    )
    ws.slack.wait_for("views.publish", count=published + 1)


def test_an_admin_restricts_creating_events_to_a_user_group(
    team: LocalWorkspace, zoom_app: ZoomAppCredentials
) -> None:
    select = block(home_of(team, ADMIN), "recruiter_group")["accessory"]
    assert select["initial_option"]["value"] == EVERYONE
    assert [o["value"] for o in select["options"]] == [EVERYONE, GROUP, "S0SALES"]
    assert select["options"][1]["text"]["text"] == "@recruiters(採用チーム)"

    pick_group(team, ADMIN, GROUP)
    assert team.services.roles.recruiter_group("T0HARNESS") == GROUP
    select = block(team.slack.published_views(ADMIN)[-1], "recruiter_group")["accessory"]
    assert select["initial_option"]["value"] == GROUP

    # Members of other groups are refused, in their language, naming the group.
    body = team.slash_command(COORDINATOR).json()
    assert body == {
        "response_type": "ephemeral",
        "text": (
            f"イベントを作成できるのは <!subteam^{GROUP}> のメンバーだけです。"
            "作成が必要な場合はワークスペース管理者に依頼してください。"
        ),
    }
    body = team.slash_command(INTERVIEWER_EN, "new").json()
    assert body["text"] == (
        f"Only members of <!subteam^{GROUP}> can create events. If you need to, ask a "
        "workspace admin."
    )
    assert team.slack.calls_to("views.open") == []

    # A member creates an event as before; an admin may too.
    create_interview(team)
    assert len(team.zoom.meetings) == 1
    assert open_modal(team, ADMIN)["title"]["text"] == "選考イベントを作成"


def test_the_home_button_and_the_modal_refuse_too(
    team: LocalWorkspace, zoom_app: ZoomAppCredentials
) -> None:
    modal = open_modal(team, COORDINATOR)  # still open to everyone
    pick_group(team, ADMIN, GROUP)

    team.block_action(INTERVIEWER_EN, "home_create_event")
    [*_, notice] = team.slack.wait_for("views.open", count=2)
    assert f"Only members of <!subteam^{GROUP}> can create events." in json.dumps(
        notice.args["view"]
    )
    assert notice.args["view"]["title"]["text"] == "New recruiting event"

    # 鈴木 submits the modal opened before the restriction: refused inline, nothing made.
    answer = team.submit_view(fill_modal(modal, INTERVIEW), COORDINATOR).json()
    assert answer["response_action"] == "errors"
    assert answer["errors"]["title"].startswith(
        f"イベントを作成できるのは <!subteam^{GROUP}> のメンバーだけです。"
    )
    team.wait_idle()
    assert team.zoom.meetings == {}


def test_group_membership_is_asked_of_slack_and_kept_briefly(
    team: LocalWorkspace, zoom_app: ZoomAppCredentials
) -> None:
    pick_group(team, ADMIN, GROUP)
    assert "subteam" in team.slash_command(COORDINATOR).json()["text"]
    team.slack.add_usergroup(GROUP, handle="recruiters", users=[RECRUITER, COORDINATOR])
    assert "subteam" in team.slash_command(COORDINATOR).json()["text"]  # cached
    team.advance(minutes=3)
    assert team.slash_command(COORDINATOR).content == b""  # the modal opens
    assert team.slack.wait_for("views.open")

    pick_group(team, ADMIN, EVERYONE)
    assert team.services.roles.recruiter_group("T0HARNESS") is None
    assert team.slash_command(INTERVIEWER_EN).content == b""


def test_an_admin_makes_another_admin(team: LocalWorkspace) -> None:
    assert "workspace_admins" not in json.dumps(home_of(team, COORDINATOR))
    pick_admins(team, ADMIN, [COORDINATOR])
    assert team.services.roles.is_admin("T0HARNESS", COORDINATOR)
    picker = block(team.slack.published_views(ADMIN)[-1], "workspace_admins")["accessory"]
    assert picker["initial_users"] == [COORDINATOR]
    # 鈴木 now sees the admin controls and may restrict creating events.
    assert block(home_of(team, COORDINATOR), "workspace_admins")
    pick_group(team, COORDINATOR, GROUP)
    assert team.services.roles.recruiter_group("T0HARNESS") == GROUP


@pytest.mark.parametrize(
    ("user", "refusal"),
    [
        (COORDINATOR, "これを変更できるのはワークスペース管理者だけです。何も変更していません。"),
        (INTERVIEWER_EN, "Only workspace admins may change this. Nothing was changed."),
    ],
)
def test_forged_changes_from_members_are_refused(
    team: LocalWorkspace, user: str, refusal: str
) -> None:
    pick_group(team, user, GROUP)
    pick_admins(team, user, [user])
    assert team.services.roles.recruiter_group("T0HARNESS") is None
    assert not team.services.roles.is_admin("T0HARNESS", user)
    assert [m["text"] for m in team.slack.dms_to(user)] == [refusal, refusal]
    # Their Home, republished, shows no admin controls.
    assert "recruiter_group" not in json.dumps(team.slack.published_views(user)[-1])
