"""Modals for managing Zoom accounts: add (team app or Server-to-Server), allow in Zoom (the
authorize link), remove (a confirmation naming the account) and per-account settings."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from bot.errors import FieldErrors
from bot.messages import Locale, t
from bot.services.meeting_options import HostWait, MeetingOptions
from bot.services.templates import escape
from bot.services.zoom_account_settings import MAX_PRIORITY, MIN_PRIORITY, AccountSettings
from storage.models import ZoomAuthType

ADD_CALLBACK = "zoom_account_add"
REMOVE_CALLBACK = "zoom_account_remove"
SETTINGS_CALLBACK = "zoom_account_settings"

# Block ids of the add modal (also the keys of its inline errors).
METHOD = "method"
NAME = "name"
CLIENT_ID = "client_id"
CLIENT_SECRET = "client_secret"  # noqa: S105 - a block id
ACCOUNT_ID = "account_id"
ZOOM_USER = "zoom_user"

# Block ids of the settings modal.
PRIORITY = "priority"
CONCURRENT = "concurrent"
OWNER = "owner"
DEFAULTS = "defaults"

_DEFAULT_OPTIONS = ("embed_passcode", "join_before_host", "waiting_room")


@dataclass(frozen=True)
class AddForm:
    method: str  # ZoomAuthType.TEAM_APP or SERVER_TO_SERVER
    name: str
    client_id: str
    client_secret: str
    account_id: str
    zoom_user: str


# ---- add


def add_modal(
    locale: Locale, *, values: AddForm | None = None, problem: str | None = None
) -> dict[str, Any]:
    """The add form; `values` refill it after a failure (never the secret), `problem` says
    what went wrong at the top."""
    method_options = [
        _radio(locale, ZoomAuthType.TEAM_APP, "zoomui.method_app", "zoomui.method_app_hint"),
        _radio(
            locale, ZoomAuthType.SERVER_TO_SERVER, "zoomui.method_s2s", "zoomui.method_s2s_hint"
        ),
    ]
    chosen = values.method if values else ZoomAuthType.TEAM_APP
    blocks: list[dict[str, Any]] = []
    if problem:
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": problem}})
    blocks += [
        {
            "type": "input",
            "block_id": METHOD,
            "label": _plain(t(locale, "zoomui.method")),
            "element": {
                "type": "radio_buttons",
                "action_id": METHOD,
                "options": method_options,
                "initial_option": next(o for o in method_options if o["value"] == chosen),
            },
        },
        _text_input(NAME, t(locale, "zoomui.name"), values.name if values else None, 80,
                    placeholder=t(locale, "zoomui.name_placeholder")),
        _text_input(CLIENT_ID, t(locale, "zoomui.client_id"),
                    values.client_id if values else None, 128),
        _text_input(CLIENT_SECRET, t(locale, "zoomui.client_secret"), None, 256,
                    hint=t(locale, "zoomui.secret_again") if values else None),
        _text_input(ACCOUNT_ID, t(locale, "zoomui.account_id"),
                    values.account_id if values else None, 64, optional=True),
        _text_input(ZOOM_USER, t(locale, "zoomui.zoom_user"),
                    values.zoom_user if values else None, 255, optional=True,
                    hint=t(locale, "zoomui.zoom_user_hint")),
    ]  # fmt: skip
    return {
        "type": "modal",
        "callback_id": ADD_CALLBACK,
        "title": _plain(t(locale, "zoomui.add_title")),
        "submit": _plain(t(locale, "zoomui.add_submit")),
        "close": _plain(t(locale, "zoomui.cancel")),
        "blocks": blocks,
    }


def parse_add(view: dict[str, Any]) -> AddForm:
    """The submitted add form, or FieldErrors (block id → message key)."""
    values = view["state"]["values"]
    method = (values[METHOD][METHOD].get("selected_option") or {}).get("value", "")
    form = AddForm(
        method=method,
        name=_value(values, NAME),
        client_id=_value(values, CLIENT_ID),
        client_secret=_value(values, CLIENT_SECRET),
        account_id=_value(values, ACCOUNT_ID),
        zoom_user=_value(values, ZOOM_USER),
    )
    errors: dict[str, tuple[str, dict[str, object]]] = {}
    if not 1 <= len(form.name) <= 80:
        errors[NAME] = ("link.name_invalid", {})
    if method == ZoomAuthType.SERVER_TO_SERVER and not form.account_id:
        errors[ACCOUNT_ID] = ("zoomui.account_id_required", {})
    if errors:
        raise FieldErrors(errors)
    return form


def checking_view(locale: Locale) -> dict[str, Any]:
    """Shown while Zoom is asked (the modal can't wait for it before answering Slack)."""
    return _notice(locale, "zoomui.add_title", t(locale, "zoomui.checking"))


def notice_view(locale: Locale, text: str) -> dict[str, Any]:
    return _notice(locale, "zoomui.add_title", text)


# ---- allow in Zoom


def authorize_view(locale: Locale, *, name: str, url: str, redirect_url: str) -> dict[str, Any]:
    """The authorize link as a button, with what to do if Zoom refuses."""
    return {
        "type": "modal",
        "title": _plain(t(locale, "zoomui.authorize_title")),
        "close": _plain(t(locale, "zoomui.close")),
        "blocks": [
            {
                "type": "section",
                "text": {
                    "type": "mrkdwn",
                    "text": t(locale, "zoomui.authorize_text", name=escape(name)),
                },
            },
            {
                "type": "actions",
                "elements": [
                    {
                        "type": "button",
                        "action_id": "zoom_authorize_link",
                        "style": "primary",
                        "text": _plain(t(locale, "zoomui.authorize_button")),
                        "url": url,
                    }
                ],
            },
            {"type": "divider"},
            {
                "type": "context",
                "elements": [
                    {
                        "type": "mrkdwn",
                        "text": t(locale, "zoomui.troubleshooting", redirect=redirect_url),
                    }
                ],
            },
        ],
    }


# ---- remove


def remove_modal(locale: Locale, *, account_id: int, name: str, email: str) -> dict[str, Any]:
    return {
        "type": "modal",
        "callback_id": REMOVE_CALLBACK,
        "private_metadata": json.dumps({"account_id": account_id}),
        "title": _plain(t(locale, "zoomui.remove_title")),
        "submit": _plain(t(locale, "zoomui.remove_submit")),
        "close": _plain(t(locale, "zoomui.cancel")),
        "blocks": [
            {
                "type": "section",
                "text": {
                    "type": "mrkdwn",
                    "text": t(locale, "zoomui.remove_text", name=escape(name), email=escape(email)),
                },
            }
        ],
    }


def account_of(view: dict[str, Any]) -> int:
    """The account a remove or settings modal is about (its private metadata)."""
    return int(json.loads(view.get("private_metadata") or "{}")["account_id"])


# ---- settings


def settings_modal(
    locale: Locale, *, account_id: int, name: str, email: str, settings: AccountSettings
) -> dict[str, Any]:
    concurrent_options = [
        _option(t(locale, "zoomui.concurrent_licence"), "licence"),
        _option(t(locale, "zoomui.concurrent_1"), "1"),
        _option(t(locale, "zoomui.concurrent_2"), "2"),
    ]
    current = "licence" if settings.max_concurrent is None else str(settings.max_concurrent)
    default_options = [_option(t(locale, f"zoomui.{key}"), key) for key in _DEFAULT_OPTIONS]
    chosen = [o for o in default_options if getattr(settings, o["value"])]
    defaults: dict[str, Any] = {
        "type": "checkboxes",
        "action_id": DEFAULTS,
        "options": default_options,
    }
    if chosen:
        defaults["initial_options"] = chosen
    owner: dict[str, Any] = {"type": "users_select", "action_id": OWNER}
    if settings.owner_id:
        owner["initial_user"] = settings.owner_id
    blocks: list[dict[str, Any]] = [
        {
            "type": "section",
            "text": {
                "type": "mrkdwn",
                "text": t(locale, "zoomui.settings_intro", name=escape(name), email=escape(email)),
            },
        },
        {
            "type": "input",
            "block_id": PRIORITY,
            "label": _plain(t(locale, "zoomui.priority")),
            "element": {
                "type": "number_input",
                "action_id": PRIORITY,
                "is_decimal_allowed": False,
                "min_value": str(MIN_PRIORITY),
                "max_value": str(MAX_PRIORITY),
                "initial_value": str(settings.priority),
            },
        },
        {
            "type": "input",
            "block_id": CONCURRENT,
            "label": _plain(t(locale, "zoomui.concurrent")),
            "element": {
                "type": "static_select",
                "action_id": CONCURRENT,
                "options": concurrent_options,
                "initial_option": next(o for o in concurrent_options if o["value"] == current),
            },
        },
        {
            "type": "input",
            "block_id": OWNER,
            "optional": True,
            "label": _plain(t(locale, "zoomui.owner")),
            "hint": _plain(t(locale, "zoomui.owner_hint")),
            "element": owner,
        },
        {
            "type": "input",
            "block_id": DEFAULTS,
            "optional": True,
            "label": _plain(t(locale, "zoomui.defaults")),
            "element": defaults,
        },
    ]
    wait = MeetingOptions(
        embed_passcode=settings.embed_passcode,
        join_before_host=settings.join_before_host,
        waiting_room=settings.waiting_room,
        host_owner=settings.owner_id,
    ).host_wait(())  # the same warning the card shows when nobody hosting takes part
    if wait is not None:
        key = (
            "card.hint.waiting_room" if wait is HostWait.WAITING_ROOM else "card.hint.no_early_join"
        )
        blocks.append(
            {
                "type": "context",
                "elements": [{"type": "mrkdwn", "text": t(locale, key, account=escape(name))}],
            }
        )
    return {
        "type": "modal",
        "callback_id": SETTINGS_CALLBACK,
        "private_metadata": json.dumps({"account_id": account_id}),
        "title": _plain(t(locale, "zoomui.settings_title")),
        "submit": _plain(t(locale, "zoomui.save")),
        "close": _plain(t(locale, "zoomui.cancel")),
        "blocks": blocks,
    }


def parse_settings(view: dict[str, Any]) -> AccountSettings:
    values = view["state"]["values"]
    raw_priority = str(values[PRIORITY][PRIORITY].get("value") or "").strip()
    try:
        priority = int(raw_priority)
    except ValueError:
        priority = 0
    if not MIN_PRIORITY <= priority <= MAX_PRIORITY:
        raise FieldErrors({PRIORITY: ("zoomui.priority_invalid", {})})
    concurrent = (values[CONCURRENT][CONCURRENT].get("selected_option") or {}).get("value")
    ticked = {o["value"] for o in values[DEFAULTS][DEFAULTS].get("selected_options") or []}
    return AccountSettings(
        priority=priority,
        max_concurrent=int(concurrent) if concurrent in ("1", "2") else None,
        owner_id=values[OWNER][OWNER].get("selected_user") or None,
        embed_passcode="embed_passcode" in ticked,
        join_before_host="join_before_host" in ticked,
        waiting_room="waiting_room" in ticked,
    )


# ---- helpers


def _notice(locale: Locale, title_key: str, text: str) -> dict[str, Any]:
    return {
        "type": "modal",
        "title": _plain(t(locale, title_key)),
        "close": _plain(t(locale, "zoomui.close")),
        "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": text}}],
    }


def _plain(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text}


def _option(text: str, value: str) -> dict[str, Any]:
    return {"text": _plain(text), "value": value}


def _radio(locale: Locale, value: str, label: str, hint: str) -> dict[str, Any]:
    return {
        "text": _plain(t(locale, label)),
        "description": _plain(t(locale, hint)),
        "value": value,
    }


def _text_input(
    block_id: str,
    label: str,
    initial: str | None,
    max_length: int,
    *,
    optional: bool = False,
    placeholder: str | None = None,
    hint: str | None = None,
) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "plain_text_input",
        "action_id": block_id,
        "max_length": max_length,
    }
    if initial:
        element["initial_value"] = initial
    if placeholder:
        element["placeholder"] = _plain(placeholder)
    block: dict[str, Any] = {
        "type": "input",
        "block_id": block_id,
        "label": _plain(label),
        "element": element,
        "optional": optional,
    }
    if hint:
        block["hint"] = _plain(hint)
    return block


def _value(values: dict[str, Any], block_id: str) -> str:
    return str(values.get(block_id, {}).get(block_id, {}).get("value") or "").strip()
