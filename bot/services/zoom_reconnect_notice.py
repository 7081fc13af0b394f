"""Telling people that a Zoom account stopped working and needs reconnecting.

Sent once per incident (the token service calls this only when it changed the account from
OK to needs reconnect) to whoever linked the account, the Slack user whose own Zoom it is,
and the workspace's admins by grant (`workspace_roles`), each in their own language, with a
「再接続」 button (`zoom_account_reconnect`, value: the account id)."""

from __future__ import annotations

import logging
import re
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.messages import Locale, t
from bot.services.templates import escape
from bot.services.zoom_tokens import NeedsReconnect
from bot.slack.people import PeopleDirectory
from storage.db import Database
from storage.models import Role
from storage.repositories.roles import RoleRepository

logger = logging.getLogger(__name__)

RECONNECT_ACTION = "zoom_account_reconnect"

# `linked_by` is a Slack user id when linked from Slack ("cli" from the command line).
_SLACK_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,}$")


class ReconnectNotifier:
    def __init__(self, db: Database, slack: WebClient, people: PeopleDirectory) -> None:
        self._db = db
        self._slack = slack
        self._people = people

    def __call__(self, notice: NeedsReconnect) -> None:
        for user_id in self.recipients(notice):
            locale = self._people.locale(user_id)
            text, blocks = reconnect_message(notice, locale)
            try:
                self._slack.chat_postMessage(
                    channel=self._people.dm_channel(user_id), text=text, blocks=blocks
                )
            except SlackApiError as exc:
                logger.warning("could not DM %s: %s", user_id, exc.response.get("error"))
            except (SlackClientError, OSError) as exc:
                logger.warning("could not DM %s: %s", user_id, type(exc).__name__)

    def recipients(self, notice: NeedsReconnect) -> list[str]:
        with self._db.transaction() as session:
            admins = RoleRepository(session).holders(notice.team_id, Role.ADMIN)
        candidates = [notice.linked_by, notice.owner, *admins]
        unique = dict.fromkeys(c for c in candidates if c and _SLACK_USER_ID.match(c))
        return list(unique)


def reconnect_message(notice: NeedsReconnect, locale: Locale) -> tuple[str, list[dict[str, Any]]]:
    text = t(
        locale,
        "zoomlink.needs_reconnect_dm",
        name=escape(notice.display_name),
        email=escape(notice.zoom_email),
        reason=t(locale, _reason_key(notice.reason)),
    )
    blocks: list[dict[str, Any]] = [
        {"type": "section", "text": {"type": "mrkdwn", "text": text}},
        {
            "type": "actions",
            "elements": [
                {
                    "type": "button",
                    "action_id": RECONNECT_ACTION,
                    "value": str(notice.account_id),
                    "style": "primary",
                    "text": {"type": "plain_text", "text": t(locale, "zoomlink.reconnect_button")},
                }
            ],
        },
    ]
    return text, blocks


def _reason_key(reason: str) -> str:
    if reason == "invalid_client":
        return "zoomlink.reason.invalid_client"
    return "zoomlink.reason.invalid_grant"
