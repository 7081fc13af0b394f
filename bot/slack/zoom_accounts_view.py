"""The linked Zoom accounts as Block Kit: the App Home's 「Zoom連携」 section and the
`/recruit zoom` reply show the same list, with buttons for what the reader may do."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bot.messages import Locale, t
from bot.services.templates import escape
from storage.models import AccountStatus, ZoomAccount

ADD_ACTION = "zoom_account_add"
LINK_MINE_ACTION = "zoom_link_mine"
MENU_ACTION = "zoom_account_menu"
MANAGERS_ACTION = "zoom_managers_select"

#: Accounts listed at most (a Home view holds 100 blocks; the rest is summarised).
MAX_LISTED = 40


@dataclass(frozen=True)
class AccountRow:
    """What the list shows of one account (read inside a transaction, rendered after)."""

    id: int
    name: str
    email: str
    licence_type: int | None
    auth_type: str
    status: str
    status_detail: str | None
    linked_by: str
    owner_id: str | None

    @classmethod
    def of(cls, account: ZoomAccount) -> AccountRow:
        return cls(
            id=account.id,
            name=account.display_name,
            email=account.zoom_email,
            licence_type=account.licence_type,
            auth_type=account.auth_type,
            status=account.status,
            status_detail=account.status_detail,
            linked_by=account.linked_by,
            owner_id=account.slack_user_id,
        )


@dataclass(frozen=True)
class Viewer:
    user_id: str
    locale: Locale
    can_manage: bool  # admin, or allowed by an admin
    is_admin: bool
    shared_app: bool  # this bot's own Zoom app is configured: one-click links


def accounts_blocks(
    rows: Sequence[AccountRow], viewer: Viewer, managers: Sequence[str] = ()
) -> list[dict[str, Any]]:
    locale = viewer.locale
    intro = "zoomui.intro_manager" if viewer.can_manage else "zoomui.intro_readonly"
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": t(locale, "zoomui.header")}},
        {"type": "context", "elements": [{"type": "mrkdwn", "text": t(locale, intro)}]},
    ]
    if not rows:
        blocks.append(
            {"type": "section", "text": {"type": "mrkdwn", "text": t(locale, "zoomui.none")}}
        )
    for row in rows[:MAX_LISTED]:
        blocks.append(_account_section(row, viewer))
    if len(rows) > MAX_LISTED:
        more = t(locale, "zoomui.more", count=len(rows) - MAX_LISTED)
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": more}]})
    buttons: list[dict[str, Any]] = []
    if viewer.can_manage:
        buttons.append(_button(ADD_ACTION, t(locale, "zoomui.add"), style="primary"))
    if viewer.shared_app:
        buttons.append(_button(LINK_MINE_ACTION, t(locale, "zoomui.link_mine")))
    if buttons:
        blocks.append({"type": "actions", "block_id": "zoom_accounts_actions", "elements": buttons})
    if viewer.is_admin:
        select: dict[str, Any] = {
            "type": "multi_users_select",
            "action_id": MANAGERS_ACTION,
            "placeholder": {
                "type": "plain_text",
                "text": t(locale, "zoomui.managers_placeholder"),
            },
        }
        if managers:
            select["initial_users"] = list(managers)
        blocks.append(
            {
                "type": "section",
                "block_id": "zoom_managers",
                "text": {"type": "mrkdwn", "text": t(locale, "zoomui.managers")},
                "accessory": select,
            }
        )
    return blocks


def may_change(row: AccountRow, viewer: Viewer) -> bool:
    """Managers change any account; anyone may reconnect or remove their own Zoom user."""
    return viewer.can_manage or row.owner_id == viewer.user_id


def _account_section(row: AccountRow, viewer: Viewer) -> dict[str, Any]:
    locale = viewer.locale
    if row.owner_id is None:
        owner = ""
    elif row.owner_id == viewer.user_id:
        owner = t(locale, "zoomui.owner_you")
    else:
        owner = t(locale, "zoomui.owner_other", owner=row.owner_id)
    licence = (
        t(locale, f"zoomui.licence.{row.licence_type}")
        if row.licence_type in (1, 2)
        else t(locale, "zoomui.licence.unknown")
    )
    status = t(locale, f"status.{row.status}")
    if row.status != AccountStatus.OK:
        status = f":warning: *{status}*"
    text = t(
        locale,
        "zoomui.account_line",
        name=escape(row.name),
        email=escape(row.email),
        licence=licence,
        method=t(locale, f"zoomui.method.{row.auth_type}"),
        status=status,
        linked_by=row.linked_by,
        owner=owner,
    )
    if row.status != AccountStatus.OK and row.status_detail:
        text += f"\n> {escape(row.status_detail)[:500]}"
    section: dict[str, Any] = {
        "type": "section",
        "block_id": f"zoom_account_{row.id}",
        "text": {"type": "mrkdwn", "text": text},
    }
    options = []
    if may_change(row, viewer):
        options.append(_option(locale, "zoomui.menu.reconnect", f"reconnect:{row.id}"))
    if viewer.can_manage:
        options.append(_option(locale, "zoomui.menu.settings", f"settings:{row.id}"))
    if may_change(row, viewer):
        options.append(_option(locale, "zoomui.menu.remove", f"remove:{row.id}"))
    if options:
        section["accessory"] = {"type": "overflow", "action_id": MENU_ACTION, "options": options}
    return section


def _option(locale: Locale, key: str, value: str) -> dict[str, Any]:
    return {"text": {"type": "plain_text", "text": t(locale, key)}, "value": value}


def _button(action_id: str, text: str, *, style: str | None = None) -> dict[str, Any]:
    button: dict[str, Any] = {
        "type": "button",
        "action_id": action_id,
        "text": {"type": "plain_text", "text": text},
    }
    if style:
        button["style"] = style
    return button
