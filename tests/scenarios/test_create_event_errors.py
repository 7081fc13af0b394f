"""What a recruiter sees when something is wrong: inline errors in their language, a DM when
Zoom fails, and never a half-made event."""

from __future__ import annotations

import json

import pytest

from standins.harness import LocalWorkspace, ZoomAppCredentials, fill_modal
from storage.models import Event, EventStatus, Reminder
from tests.scenarios.conftest import INTERVIEWER_EN, PRIVATE_CHANNEL, RECRUITER
from tests.scenarios.test_create_event import INTERVIEW, open_modal


def submit(ws: LocalWorkspace, user: str, **answers: object) -> dict[str, str]:
    view = fill_modal(open_modal(ws, user), {**INTERVIEW, **answers})
    response = ws.submit_view(view, user)
    assert response.status_code == 200
    body = response.json() if response.content else {}
    if body:
        assert body["response_action"] == "errors"
    return dict(body.get("errors", {}))


def stored_events(ws: LocalWorkspace) -> list[Event]:
    with ws.services.db.transaction() as session:
        return list(session.query(Event).all())


@pytest.mark.usefixtures("zoom_app")
@pytest.mark.parametrize(
    ("user", "expected"),
    [
        (RECRUITER, "開始日時が過去です"),
        (INTERVIEWER_EN, "is in the past"),
    ],
)
def test_start_in_the_past_is_an_inline_error_in_the_readers_language(
    workspace: LocalWorkspace, user: str, expected: str
) -> None:
    errors = submit(workspace, user, start_date="2026-11-22")
    assert set(errors) == {"start_time"}
    assert expected in errors["start_time"]
    assert stored_events(workspace) == []
    assert workspace.zoom.calls_to("POST", r"/meetings") == []


@pytest.mark.usefixtures("zoom_app")
@pytest.mark.parametrize("minutes", ["4", "721", ""])
def test_duration_outside_5_to_720_minutes(workspace: LocalWorkspace, minutes: str) -> None:
    errors = submit(workspace, INTERVIEWER_EN, duration=minutes)
    assert errors == {"duration": "Enter a duration between 5 and 720 minutes."}


@pytest.mark.usefixtures("zoom_app")
def test_channel_the_bot_cannot_post_in_says_how_to_fix_it(workspace: LocalWorkspace) -> None:
    ja = submit(workspace, RECRUITER, channel=PRIVATE_CHANNEL)
    en = submit(workspace, INTERVIEWER_EN, channel=PRIVATE_CHANNEL)
    assert "/invite @recruitbot" in ja["channel"]
    assert "招待" in ja["channel"]
    assert "Invite me with `/invite @recruitbot`" in en["channel"]


def test_no_zoom_account_linked_tells_how_to_link_one(workspace: LocalWorkspace) -> None:
    modal = open_modal(workspace)
    notice = json.dumps(modal["blocks"], ensure_ascii=False)
    assert "/recruit zoom" in notice
    errors = submit(workspace, RECRUITER)
    assert "/recruit zoom" in errors["zoom_account"]
    assert stored_events(workspace) == []


@pytest.mark.usefixtures("zoom_app")
def test_several_problems_are_reported_together(workspace: LocalWorkspace) -> None:
    errors = submit(
        workspace, INTERVIEWER_EN, duration="1000", custom_reminders="soon", channel=PRIVATE_CHANNEL
    )
    assert set(errors) == {"duration", "custom_reminders", "channel"}


def test_zoom_failure_is_explained_by_dm_and_nothing_is_left_behind(
    workspace: LocalWorkspace, zoom_app: ZoomAppCredentials
) -> None:
    workspace.zoom.fail_next("POST", r"/users/.*/meetings", 503, {"message": "down"}, times=1)
    view = fill_modal(open_modal(workspace), {**INTERVIEW, "participants": [INTERVIEWER_EN]})
    assert workspace.submit_view(view, RECRUITER).status_code == 200
    workspace.wait_idle()

    dms = workspace.slack.dms_to(RECRUITER)
    assert len(dms) == 1
    assert "作成できませんでした" in dms[0]["text"]
    assert "Zoom が応答しませんでした" in dms[0]["text"]
    assert "/recruit" in dms[0]["text"]  # what to try
    assert workspace.slack.messages("C0HARNESS") == []  # no card
    assert workspace.run_reminders().sent == 0  # no invitation, no reminders
    assert workspace.slack.dms_to(INTERVIEWER_EN) == []
    [event] = stored_events(workspace)
    assert event.status == EventStatus.FAILED
    with workspace.services.db.transaction() as session:
        assert session.query(Reminder).count() == 0


def test_zoom_refusing_the_credentials_names_the_account(
    workspace: LocalWorkspace, zoom_app: ZoomAppCredentials
) -> None:
    # The modal opened (and looked at the account's Zoom calendar) while the credentials
    # still worked; they are refused when the meeting is created.
    view = fill_modal(open_modal(workspace, INTERVIEWER_EN), INTERVIEW)
    workspace.zoom.expire_tokens()
    workspace.zoom.fail_next("POST", r"/oauth/token", 401, {"error": "invalid_client"}, times=2)
    workspace.zoom.fail_next("POST", r"/users/.*/meetings", 401, {"code": 124}, times=1)
    assert workspace.submit_view(view, INTERVIEWER_EN).status_code == 200
    workspace.wait_idle()
    [dm] = workspace.slack.dms_to(INTERVIEWER_EN)
    assert "couldn't create" in dm["text"]
    assert "“採用担当A”" in dm["text"]
    assert workspace.zoom.meetings == {}


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_failure_after_the_ack_reaches_the_user_as_a_dm_not_a_500(
    workspace: LocalWorkspace,
) -> None:
    for attempt in range(1, 21):  # the ack is already sent: Slack must never see a 500
        workspace.slack.fail_next("views.open", "internal_error")
        assert workspace.slash_command(INTERVIEWER_EN).status_code == 200
        workspace.slack.wait_for("chat.postMessage", count=attempt)
    dms = workspace.slack.dms_to(INTERVIEWER_EN)
    assert len(dms) == 20
    assert "Something went wrong on my side" in dms[0]["text"]
    assert "reference: " in dms[0]["text"]
    assert "Traceback" not in dms[0]["text"]


@pytest.mark.usefixtures("zoom_app")
def test_a_secret_that_no_longer_decrypts_fails_the_event_cleanly(
    workspace: LocalWorkspace,
) -> None:
    # The stored Zoom secrets were written under another RECRUITBOT_SECRET_KEY.
    from bot.crypto import SecretBox, generate_key
    from storage.models import ZoomAccount

    other_key = SecretBox(generate_key())
    with workspace.services.db.transaction() as session:
        account = session.query(ZoomAccount).one()
        account.client_secret_enc = other_key.encrypt("x", purpose="zoom_account:client_secret")
        account.access_token_enc = None
    view = fill_modal(open_modal(workspace, INTERVIEWER_EN), INTERVIEW)
    assert workspace.submit_view(view, INTERVIEWER_EN).status_code == 200
    workspace.wait_idle()
    [dm] = workspace.slack.dms_to(INTERVIEWER_EN)
    assert "something went wrong on my side (reference: " in dm["text"]
    assert "Nothing was created" in dm["text"]
    assert [e.status for e in stored_events(workspace)] == [EventStatus.FAILED]
    assert workspace.zoom.meetings == {}
