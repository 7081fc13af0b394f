"""Access tokens for linked Zoom accounts: decrypted from the database, renewed when due.

Only one process renews a given account's token at a time: the renewal runs while the
account's row is locked (`SELECT … FOR UPDATE` on PostgreSQL; SQLite serialises writers).
New tokens are stored encrypted before they are used.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.clock import Clock
from bot.crypto import SecretBox
from providers.zoom.oauth import S2SCredentials, ZoomOAuth, ZoomToken
from storage.db import Database
from storage.models import ZoomAccount
from storage.repositories.zoom_accounts import ZoomAccountRepository

RENEW_LEEWAY = timedelta(seconds=120)

CLIENT_SECRET = "zoom_account:client_secret"  # noqa: S105 - purposes, not secrets
ACCESS_TOKEN = "zoom_account:access_token"  # noqa: S105
REFRESH_TOKEN = "zoom_account:refresh_token"  # noqa: S105


class UnknownZoomAccount(LookupError):
    pass


class ZoomTokenService:
    def __init__(self, db: Database, box: SecretBox, oauth: ZoomOAuth, clock: Clock) -> None:
        self._db = db
        self._box = box
        self._oauth = oauth
        self._clock = clock

    def access_token(self, account_ref: int) -> str:
        with self._db.transaction() as session:
            account = session.get(ZoomAccount, account_ref)
            if account is None:
                raise UnknownZoomAccount(account_ref)
            fresh = self._usable_token(account)
        if fresh is not None:
            return fresh
        with self._db.transaction() as session:
            account = ZoomAccountRepository(session).get_for_update(account_ref)
            if account is None:
                raise UnknownZoomAccount(account_ref)
            fresh = self._usable_token(account)  # another process may have renewed it
            if fresh is not None:
                return fresh
            token = self._oauth.fetch_account_token(self.credentials(account), now=self._now())
            self.store_token(account, token)
            return token.access_token

    def forget(self, account_ref: int) -> None:
        with self._db.transaction() as session:
            account = ZoomAccountRepository(session).get_for_update(account_ref)
            if account is not None:
                account.access_token_enc = None
                account.token_expires_at = None

    def credentials(self, account: ZoomAccount) -> S2SCredentials:
        if account.client_id is None or account.client_secret_enc is None:
            raise UnknownZoomAccount(f"account {account.id} has no app credentials stored")
        return S2SCredentials(
            account_id=account.zoom_account_id or "",
            client_id=account.client_id,
            client_secret=self._box.decrypt(account.client_secret_enc, purpose=CLIENT_SECRET),
        )

    def store_token(self, account: ZoomAccount, token: ZoomToken) -> None:
        account.access_token_enc = self._box.encrypt(token.access_token, purpose=ACCESS_TOKEN)
        account.token_expires_at = token.expires_at
        account.scopes = " ".join(sorted(token.scopes))
        account.updated_at = self._now()

    def _usable_token(self, account: ZoomAccount) -> str | None:
        if account.access_token_enc is None or account.token_expires_at is None:
            return None
        if account.token_expires_at - RENEW_LEEWAY <= self._now():
            return None
        return self._box.decrypt(account.access_token_enc, purpose=ACCESS_TOKEN)

    def _now(self) -> datetime:
        return self._clock.now()
