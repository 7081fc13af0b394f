"""Helpers for the edit / reissue / cancel conversations: the card, its buttons, the
modals the bot opens in answer."""

from __future__ import annotations

import json
from typing import Any

from standins.harness import LocalWorkspace, fill_modal
from tests.scenarios.conftest import CHANNEL

OUTSIDER_JA = "U8OUTSIDE"  # a member who neither organizes nor takes part (ja)
OUTSIDER_EN = "U9OUTSIDE"  # the same, in English


def add_outsiders(ws: LocalWorkspace) -> None:
    ws.add_person(OUTSIDER_JA, "高橋 部外")
    ws.add_person(OUTSIDER_EN, "Olive Outsider", locale="en-US", tz="Europe/London")


def card_of(ws: LocalWorkspace) -> dict[str, Any]:
    return next(m for m in ws.slack.messages(CHANNEL) if not m.get("thread_ts"))


def card_text(ws: LocalWorkspace) -> str:
    return json.dumps(card_of(ws)["blocks"], ensure_ascii=False)


def thread_of(ws: LocalWorkspace) -> list[str]:
    card = card_of(ws)
    return [m["text"] for m in ws.slack.messages(CHANNEL) if m.get("thread_ts") == card["ts"]]


def event_id_of(ws: LocalWorkspace) -> int:
    actions = next(b for b in card_of(ws)["blocks"] if b.get("block_id") == "event_actions")
    button = next(e for e in actions["elements"] if e.get("action_id") == "show_reminders")
    return int(button["value"])


def click(ws: LocalWorkspace, user: str, action_id: str, event_id: int | None = None) -> None:
    """`user` clicks a button of the card (`event_id`: what the button carries)."""
    card = card_of(ws)
    value = str(event_id if event_id is not None else event_id_of(ws))
    container = {"type": "message", "channel_id": CHANNEL, "message_ts": card["ts"]}
    response = ws.block_action(user, action_id, value=value, container=container)
    assert response.status_code == 200, response.text


def click_for_modal(ws: LocalWorkspace, user: str, action_id: str) -> dict[str, Any]:
    before = len(ws.slack.calls_to("views.open"))
    click(ws, user, action_id)
    views = ws.slack.wait_for("views.open", count=before + 1)
    return dict(views[-1].args["view"])


def submit(ws: LocalWorkspace, view: dict[str, Any], user: str, answers: dict[str, Any]) -> Any:
    """Fill and submit a modal; returns Slack's answer (`{}` closes it, else its errors)."""
    response = ws.submit_view(fill_modal(view, answers), user)
    assert response.status_code == 200, response.text
    return response.json() if response.content else {}


def ephemeral_texts(ws: LocalWorkspace, user: str, count: int = 1) -> list[str]:
    ws.slack.wait_for("chat.postEphemeral", count=count)
    return [e["text"] for e in ws.slack.ephemerals(user)]
