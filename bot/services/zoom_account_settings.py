"""What an admin can set per linked Zoom account: how 「自動」 ranks it, how many meetings it
hosts at once, whose own Zoom user it is, and the meeting defaults applied on create."""

from __future__ import annotations

from dataclasses import dataclass

from bot.clock import Clock
from bot.errors import ZoomLinkError
from storage.db import Database
from storage.models import ZoomAccount
from storage.repositories.zoom_accounts import ZoomAccountRepository

MIN_PRIORITY = 1
MAX_PRIORITY = 999


@dataclass(frozen=True)
class AccountSettings:
    priority: int
    max_concurrent: int | None  # None: from the licence
    owner_id: str | None  # the Slack user whose own Zoom user this is
    embed_passcode: bool
    join_before_host: bool
    waiting_room: bool

    @classmethod
    def of(cls, account: ZoomAccount) -> AccountSettings:
        return cls(
            priority=account.priority,
            max_concurrent=account.max_concurrent,
            owner_id=account.slack_user_id,
            embed_passcode=account.embed_passcode,
            join_before_host=account.join_before_host,
            waiting_room=account.waiting_room,
        )


class ZoomAccountSettings:
    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    def load(self, team_id: str, account_id: int) -> tuple[str, AccountSettings]:
        """The account's name and settings; `link.not_found` if it is gone."""
        with self._db.transaction() as session:
            account = ZoomAccountRepository(session).get(team_id, account_id)
            if account is None:
                raise ZoomLinkError("link.not_found", name=str(account_id))
            return account.display_name, AccountSettings.of(account)

    def save(self, team_id: str, account_id: int, settings: AccountSettings) -> None:
        if not MIN_PRIORITY <= settings.priority <= MAX_PRIORITY:
            raise ValueError(f"priority out of range: {settings.priority}")
        if settings.max_concurrent not in (None, 1, 2):
            raise ValueError(f"max_concurrent must be None, 1 or 2: {settings.max_concurrent}")
        with self._db.transaction() as session:
            account = ZoomAccountRepository(session).get(team_id, account_id)
            if account is None:
                raise ZoomLinkError("link.not_found", name=str(account_id))
            account.priority = settings.priority
            account.max_concurrent = settings.max_concurrent
            account.slack_user_id = settings.owner_id
            account.embed_passcode = settings.embed_passcode
            account.join_before_host = settings.join_before_host
            account.waiting_room = settings.waiting_room
            account.updated_at = self._clock.now()
