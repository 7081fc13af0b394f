"""What Slack sends when a person changes an input of an open modal that dispatches actions
(`dispatch_action: true`): a `block_actions` payload carrying the view with its current state.
"""

from __future__ import annotations

import json
import time
import uuid
from typing import Any
from urllib.parse import urlencode

import httpx

from standins.harness import TEAM_ID, LocalWorkspace, fill_modal

_VALUE_KEYS = {
    "datepicker": "selected_date",
    "timepicker": "selected_time",
    "static_select": "selected_option",
}


def change_input(
    ws: LocalWorkspace,
    view: dict[str, Any],
    user_id: str,
    answers: dict[str, Any],
    changed: str,
) -> httpx.Response:
    """`user_id` fills `view` (as Slack holds it: with its id and hash) with `answers`
    (block id → value, like `fill_modal`), the last change being to the block `changed`."""
    filled = fill_modal(view, answers)
    state = filled["state"]["values"][changed][changed]
    kind = state["type"]
    action: dict[str, Any] = {
        "type": kind,
        "action_id": changed,
        "block_id": changed,
        "action_ts": f"{time.time():.6f}",
        _VALUE_KEYS.get(kind, "value"): state.get(_VALUE_KEYS.get(kind, "value")),
    }
    payload = {
        "type": "block_actions",
        "team": {"id": TEAM_ID, "domain": "harness"},
        "user": {"id": user_id, "username": user_id.lower(), "team_id": TEAM_ID},
        "api_app_id": "A0RECRUITBOT",
        "trigger_id": f"trigger-{uuid.uuid4().hex}",
        "container": {"type": "view", "view_id": filled["id"]},
        "view": filled,
        "actions": [action],
    }
    return ws.post_signed(urlencode({"payload": json.dumps(payload)}))
