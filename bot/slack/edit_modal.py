"""「イベントを編集」: the create modal's what-and-when fields, filled with the event's values.

Kept: kind, title, date, time, duration, time zone, invited participants, note and the
sign-up fields (same block ids as the create modal, so `create_modal.parse_submission` reads
it). Left out: the channel (the card stays where it is), the Zoom account (changing it is
「URL再発行」, which issues a new URL), the reminder choices and texts (an edit re-times the
reminders already planned; it does not re-plan them) and "DM the URL now" (people added get
the invitation anyway). Without the account, nothing needs the slot-change refresh: the
inputs do not dispatch actions.

`private_metadata` carries the event id and the version shown: a save made after someone
else's is refused inline (`edit.conflict`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.messages import Locale, t
from bot.slack import create_modal as modal
from bot.slack.create_modal import plain
from bot.slack.signup_fields import SIGNUP_CAPACITY, SIGNUPS, SignupSettings

CALLBACK_ID = "event_edit"

#: The create modal's blocks the edit modal keeps, in order.
KEPT_BLOCKS = frozenset(
    {
        modal.KIND,
        modal.TITLE,
        modal.START_DATE,
        modal.START_TIME,
        modal.DURATION,
        modal.TIMEZONE,
        modal.PARTICIPANTS,
        modal.NOTE,
        SIGNUPS,
        SIGNUP_CAPACITY,
    }
)


@dataclass(frozen=True)
class EditValues:
    """What the modal opens with: the event as it is now."""

    event_id: int
    version: int
    kind: str
    title: str
    starts_at: datetime  # UTC
    duration_minutes: int
    timezone: str
    invited: tuple[str, ...]  # participants the organizer chose (not those who signed up)
    note: str | None
    signups: SignupSettings


@dataclass(frozen=True)
class EditMetadata:
    event_id: int | None
    version: int | None
    origin_channel: str | None


def build_edit_modal(
    values: EditValues, *, locale: Locale, origin_channel: str | None, now: datetime
) -> dict[str, Any]:
    base = modal.build_create_modal(
        locale=locale,
        organizer_id="",
        user_tz=values.timezone,
        origin_channel=None,
        accounts=[],
        now=now,
        signups=values.signups,
    )
    local = values.starts_at.astimezone(ZoneInfo(values.timezone))
    blocks = []
    for block in base["blocks"]:
        if block.get("block_id") not in KEPT_BLOCKS:
            continue
        block = {key: value for key, value in block.items() if key != "dispatch_action"}
        block["element"] = _filled(block["block_id"], dict(block["element"]), values, local)
        blocks.append(block)
    metadata = {
        "event_id": values.event_id,
        "version": values.version,
        "channel": origin_channel or "",
    }
    return {
        "type": "modal",
        "callback_id": CALLBACK_ID,
        "title": plain(t(locale, "edit.modal_title")),
        "submit": plain(t(locale, "edit.submit")),
        "close": plain(t(locale, "modal.close")),
        "private_metadata": json.dumps(metadata),
        "blocks": blocks,
    }


def _filled(
    block_id: str, element: dict[str, Any], values: EditValues, local: datetime
) -> dict[str, Any]:
    if block_id == modal.KIND:
        element["initial_option"] = next(
            (o for o in element["options"] if o["value"] == values.kind),
            element["initial_option"],
        )
    elif block_id == modal.TITLE:
        element["initial_value"] = values.title
    elif block_id == modal.START_DATE:
        element["initial_date"] = local.date().isoformat()
    elif block_id == modal.START_TIME:
        element["initial_time"] = local.strftime("%H:%M")
    elif block_id == modal.DURATION:
        element["initial_value"] = str(values.duration_minutes)
    elif block_id == modal.TIMEZONE:
        element["initial_option"] = next(
            (o for o in element["options"] if o["value"] == values.timezone),
            element["initial_option"],
        )
    elif block_id == modal.PARTICIPANTS:
        element.pop("initial_users", None)
        if values.invited:
            element["initial_users"] = list(values.invited)
    elif block_id == modal.NOTE and values.note:
        element["initial_value"] = values.note
    return element


def metadata_of(view: dict[str, Any]) -> EditMetadata:
    """The modal's `private_metadata` (fields None when missing or malformed)."""
    try:
        data = json.loads(view.get("private_metadata") or "{}")
    except ValueError:
        data = {}
    if not isinstance(data, dict):
        data = {}
    event_id, version = data.get("event_id"), data.get("version")
    return EditMetadata(
        event_id=event_id if isinstance(event_id, int) else None,
        version=version if isinstance(version, int) else None,
        origin_channel=str(data.get("channel") or "") or None,
    )
