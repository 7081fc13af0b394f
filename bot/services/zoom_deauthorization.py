"""A Zoom user removed our app (Zoom webhook `app_deauthorized`): the linked account stops.

When Zoom says the user's data is not to be kept (`user_data_retention` "false"), the
account rows go (events keep the account's name for display); otherwise only the tokens
go and the account waits to be reconnected. Whoever linked it hears about it by DM.
Tokens never reach a log line.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.clock import Clock
from bot.messages import t
from bot.slack.people import PeopleDirectory
from bot.slack.zoom_notes import account_disconnected_dm
from storage.db import Database
from storage.models import AccountStatus, ZoomAccount
from storage.repositories.zoom_accounts import ZoomAccountRepository

logger = logging.getLogger(__name__)

# `linked_by` is a Slack user id when linked from Slack ("cli" from the command line).
_SLACK_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,}$")


@dataclass(frozen=True)
class ZoomDeauthorization:
    zoom_user_id: str
    zoom_account_id: str | None
    client_id: str | None  # the app that was removed (None: not said)
    keep_data: bool  # False only when Zoom says `user_data_retention` "false"
    at: datetime | None = None


@dataclass(frozen=True)
class DisconnectedAccount:
    display_name: str
    linked_by: str
    removed: bool  # the rows were deleted (else: tokens dropped, needs reconnect)


class ZoomDeauthorizationService:
    def __init__(
        self,
        db: Database,
        slack: WebClient,
        people: PeopleDirectory,
        clock: Clock,
        *,
        shared_client_id: str | None,
    ) -> None:
        self._db = db
        self._slack = slack
        self._people = people
        self._clock = clock
        self._shared_client_id = shared_client_id

    def apply(self, deauthorization: ZoomDeauthorization) -> list[DisconnectedAccount]:
        """Disconnect every linked account of that Zoom user through that app. An account
        already disconnected is not reported again (Zoom may deliver twice)."""
        now = self._clock.now()
        detail = t(
            self._people.default_locale,
            "zoom_webhook.deauthorized_detail",
            when=f"{(deauthorization.at or now).astimezone(UTC):%Y-%m-%d %H:%M} UTC",
        )
        disconnected = []
        with self._db.transaction() as session:
            accounts = ZoomAccountRepository(session)
            for account in accounts.with_zoom_user_for_update(deauthorization.zoom_user_id):
                if not self._installed_through(account, deauthorization):
                    continue
                if not deauthorization.keep_data:
                    accounts.delete(account)
                    removed = True
                elif _connected(account):
                    account.access_token_enc = None
                    account.refresh_token_enc = None
                    account.token_expires_at = None
                    account.status = AccountStatus.NEEDS_RECONNECT
                    account.status_detail = detail
                    account.updated_at = now
                    removed = False
                else:
                    continue
                logger.warning(
                    "Zoom app deauthorized by Zoom user %s: account %s of team %s %s",
                    deauthorization.zoom_user_id,
                    account.id,
                    account.team_id,
                    "deleted" if removed else "needs reconnecting",
                )
                disconnected.append(
                    DisconnectedAccount(account.display_name, account.linked_by, removed)
                )
        return disconnected

    def announce(self, disconnected: DisconnectedAccount) -> None:
        """DM whoever linked the account, in their language."""
        user_id = disconnected.linked_by
        if not _SLACK_USER_ID.match(user_id):
            return
        try:
            locale = self._people.locale(user_id)
            self._slack.chat_postMessage(
                channel=self._people.dm_channel(user_id),
                text=account_disconnected_dm(
                    disconnected.display_name, removed=disconnected.removed, locale=locale
                ),
            )
        except SlackApiError as exc:
            logger.warning("could not DM %s: %s", user_id, exc.response.get("error"))
        except (SlackClientError, OSError) as exc:
            logger.warning("could not DM %s: %s", user_id, type(exc).__name__)

    def _installed_through(self, account: ZoomAccount, deauth: ZoomDeauthorization) -> bool:
        """Whether the removed app is the one this account was linked through."""
        if deauth.zoom_account_id and account.zoom_account_id not in (None, deauth.zoom_account_id):
            return False
        if deauth.client_id is None:
            return True
        if account.client_id is not None:
            return account.client_id == deauth.client_id
        return deauth.client_id == self._shared_client_id  # this bot's own app


def _connected(account: ZoomAccount) -> bool:
    return (
        account.access_token_enc is not None
        or account.refresh_token_enc is not None
        or account.status != AccountStatus.NEEDS_RECONNECT
    )
