"""「URL再発行」's modal: what is reissued, which account it moves to (each other account with
its state for the event's slot, or 「自動」), and whether the old meeting is deleted."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from bot.messages import Locale, t
from bot.services.account_choice import AccountState
from bot.services.account_reservation import AUTO
from bot.services.templates import escape
from bot.slack.account_states import option_label
from bot.slack.cancel_modal import metadata_of as metadata_of
from bot.slack.create_modal import plain
from bot.slack.timefmt import slack_date
from bot.slack.zoom_notes import kind_in_sentence

CALLBACK_ID = "event_reissue_submit"
ACCOUNT = "reissue_account"
DELETE_OLD = "reissue_delete_old"
DELETE_VALUE = "delete"


def reissue_modal(
    *,
    event_id: int,
    kind: str,
    title: str,
    starts_at: datetime,
    current_account: str,
    states: Sequence[AccountState],
    locale: Locale,
    tz: str,
    origin_channel: str | None,
) -> dict[str, Any]:
    """`states`: the accounts the meeting may move to (not the current one)."""
    summary = t(
        locale,
        "reissue.summary",
        kind=kind_in_sentence(kind, locale),
        title=escape(title),
        when=slack_date(starts_at, tz, locale),
        account=escape(current_account),
    )
    options = [_option(t(locale, "modal.account_auto"), AUTO)] + [
        _option(option_label(s, locale, tz), str(s.account.id)) for s in states
    ]
    delete = _option(t(locale, "reissue.delete_old"), DELETE_VALUE)
    return {
        "type": "modal",
        "callback_id": CALLBACK_ID,
        "private_metadata": json.dumps({"event_id": event_id, "channel": origin_channel}),
        "title": plain(t(locale, "reissue.modal_title")),
        "submit": plain(t(locale, "reissue.submit")),
        "close": plain(t(locale, "reissue.back")),
        "blocks": [
            {"type": "section", "block_id": "reissue_what", "text": _mrkdwn(summary)},
            {
                "type": "input",
                "block_id": ACCOUNT,
                "label": plain(t(locale, "reissue.account_label")),
                "hint": plain(t(locale, "reissue.account_hint")),
                "element": {
                    "type": "static_select",
                    "action_id": ACCOUNT,
                    "options": options,
                    "initial_option": options[0],
                },
            },
            {
                "type": "input",
                "block_id": DELETE_OLD,
                "optional": True,
                "label": plain(t(locale, "reissue.old_label")),
                "element": {
                    "type": "checkboxes",
                    "action_id": DELETE_OLD,
                    "options": [delete],
                    "initial_options": [delete],
                },
            },
        ],
    }


def account_of(view: dict[str, Any]) -> str:
    """The account picked ("auto" when none)."""
    option = _state(view, ACCOUNT).get("selected_option") or {}
    return str(option.get("value") or AUTO)


def delete_old_of(view: dict[str, Any]) -> bool:
    selected = _state(view, DELETE_OLD).get("selected_options") or []
    return any(o.get("value") == DELETE_VALUE for o in selected)


def _state(view: dict[str, Any], block_id: str) -> dict[str, Any]:
    values = (view.get("state") or {}).get("values") or {}
    return dict((values.get(block_id) or {}).get(block_id) or {})


def _option(text: str, value: str) -> dict[str, Any]:
    return {"text": plain(text[:75]), "value": value}


def _mrkdwn(text: str) -> dict[str, Any]:
    return {"type": "mrkdwn", "text": text}
