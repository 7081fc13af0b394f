"""`/recruit help`, an unknown subcommand, and the App Home tab."""

from __future__ import annotations

import json

import pytest

from standins.harness import LocalWorkspace
from tests.scenarios.conftest import INTERVIEWER_EN, RECRUITER

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


@pytest.mark.parametrize(
    ("user", "expected"),
    [(RECRUITER, "`/recruit` の使い方"), (INTERVIEWER_EN, "How to use `/recruit`")],
)
def test_help_is_ephemeral_in_the_readers_language(
    workspace: LocalWorkspace, user: str, expected: str
) -> None:
    response = workspace.slash_command(user, "help")
    assert response.status_code == 200
    body = response.json()
    assert body["response_type"] == "ephemeral"
    assert expected in body["text"]
    assert workspace.slack.calls_to("views.open") == []


def test_unknown_subcommand_points_to_help(workspace: LocalWorkspace) -> None:
    body = workspace.slash_command(INTERVIEWER_EN, "frobnicate now").json()
    assert body["text"] == "I don't know `/recruit frobnicate now`. Try `/recruit help`."


def test_app_home_lists_linked_zoom_accounts(workspace: LocalWorkspace) -> None:
    workspace.link_zoom("採用担当A", workspace.add_zoom_app("a@example.com"))
    response = workspace.event_callback(
        {"type": "app_home_opened", "user": RECRUITER, "tab": "home", "event_ts": "1.0"}
    )
    assert response.status_code == 200
    [home] = workspace.slack.wait_for("views.publish")
    text = json.dumps(home.args["view"], ensure_ascii=False)
    assert "採用担当A" in text
    assert "a@example.com" in text
    assert "イベントを作成" in text


def test_home_button_opens_the_create_modal(workspace: LocalWorkspace) -> None:
    assert workspace.block_action(INTERVIEWER_EN, "home_create_event").status_code == 200
    [opened] = workspace.slack.wait_for("views.open")
    assert opened.args["view"]["title"]["text"] == "New recruiting event"
