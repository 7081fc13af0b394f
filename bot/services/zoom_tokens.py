"""Access tokens for linked Zoom accounts: decrypted from the database, renewed when due.

Server-to-Server accounts fetch a new token with their app's credentials. OAuth accounts
(the team's own app, this bot's shared app) refresh theirs; Zoom rotates refresh tokens (the
old one stops working), so the new pair is stored, encrypted and committed, before the new
access token is used.

Only one process renews a given account's token at a time: the renewal runs while the
account's row is locked (`SELECT … FOR UPDATE` on PostgreSQL; SQLite serialises writers),
and the others, once they get the row, find the fresh token. Within one process, threads
take turns per account first, so they don't all queue on the database lock.

When Zoom refuses for good (`invalid_grant` for a refresh token, `invalid_client` for an
app), the account is marked `needs_reconnect` (committed) and `on_needs_reconnect` hears of
it once, from the process that changed the status; then the `ZoomAuthError` is raised.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.clock import Clock
from bot.crypto import SecretBox
from providers.zoom.errors import ZoomAuthError
from providers.zoom.oauth import AppCredentials, S2SCredentials, ZoomOAuth, ZoomToken
from storage.db import Database
from storage.models import AccountStatus, ZoomAccount, ZoomAuthType
from storage.repositories.zoom_accounts import ZoomAccountRepository

logger = logging.getLogger(__name__)

RENEW_LEEWAY = timedelta(seconds=120)

CLIENT_SECRET = "zoom_account:client_secret"  # noqa: S105 - purposes, not secrets
ACCESS_TOKEN = "zoom_account:access_token"  # noqa: S105
REFRESH_TOKEN = "zoom_account:refresh_token"  # noqa: S105

# Refusals that no retry will fix: someone has to link the account again.
RECONNECT_REASONS = frozenset({"invalid_grant", "invalid_client"})
NO_REFRESH_TOKEN = "no_refresh_token"  # noqa: S105 - a reason, not a secret


class UnknownZoomAccount(LookupError):
    pass


@dataclass(frozen=True)
class NeedsReconnect:
    """An account that just stopped working (OK → needs reconnect)."""

    account_id: int
    team_id: str
    display_name: str
    zoom_email: str
    linked_by: str
    owner: str | None  # the Slack user whose own Zoom it is (shared app), if any
    reason: str


@dataclass(frozen=True)
class _Refused:
    error: ZoomAuthError
    notice: NeedsReconnect | None  # set when this call changed the status


class ZoomTokenService:
    def __init__(
        self,
        db: Database,
        box: SecretBox,
        oauth: ZoomOAuth,
        clock: Clock,
        *,
        shared_app: AppCredentials | None = None,
        on_needs_reconnect: Callable[[NeedsReconnect], None] | None = None,
    ) -> None:
        self._db = db
        self._box = box
        self._oauth = oauth
        self._clock = clock
        self._shared_app = shared_app
        self._on_needs_reconnect = on_needs_reconnect
        self._locks: dict[int, threading.Lock] = {}
        self._locks_guard = threading.Lock()

    def access_token(self, account_ref: int) -> str:
        with self._db.transaction() as session:
            account = session.get(ZoomAccount, account_ref)
            if account is None:
                raise UnknownZoomAccount(account_ref)
            fresh = self._usable_token(account)
        if fresh is not None:
            return fresh
        with self._lock_for(account_ref):
            with self._db.transaction() as session:
                account = ZoomAccountRepository(session).get_for_update(account_ref)
                if account is None:
                    raise UnknownZoomAccount(account_ref)
                fresh = self._usable_token(account)  # another thread or process renewed it
                if fresh is not None:
                    return fresh
                outcome = self._renew(account)
            # Committed: the new tokens (or the account's new status) are stored.
            if isinstance(outcome, str):
                return outcome
        if outcome.notice is not None:
            self._announce(outcome.notice)
        raise outcome.error

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

    def app_credentials(self, account: ZoomAccount) -> AppCredentials:
        """The OAuth app an account was linked through: the team's own (stored) or the
        shared one (from the environment)."""
        if account.auth_type == ZoomAuthType.SHARED_APP:
            if self._shared_app is None:
                raise ZoomAuthError(
                    "ZOOM_CLIENT_ID / ZOOM_CLIENT_SECRET are not set", reason="shared_app_unset"
                )
            return self._shared_app
        credentials = self.credentials(account)
        return AppCredentials(credentials.client_id, credentials.client_secret)

    def refresh_token(self, account: ZoomAccount) -> str | None:
        if account.refresh_token_enc is None:
            return None
        return self._box.decrypt(account.refresh_token_enc, purpose=REFRESH_TOKEN)

    def access_token_of(self, account: ZoomAccount) -> str | None:
        """The stored access token as it is (expired or not), without renewing it."""
        if account.access_token_enc is None:
            return None
        return self._box.decrypt(account.access_token_enc, purpose=ACCESS_TOKEN)

    def store_token(self, account: ZoomAccount, token: ZoomToken) -> None:
        account.access_token_enc = self._box.encrypt(token.access_token, purpose=ACCESS_TOKEN)
        if token.refresh_token is not None:
            account.refresh_token_enc = self._box.encrypt(
                token.refresh_token, purpose=REFRESH_TOKEN
            )
        account.token_expires_at = token.expires_at
        account.scopes = " ".join(sorted(token.scopes))
        account.updated_at = self._now()

    def _renew(self, account: ZoomAccount) -> str | _Refused:
        """A new token stored in the (locked) row, or the refusal, recorded on the account."""
        try:
            if account.auth_type == ZoomAuthType.SERVER_TO_SERVER:
                token = self._oauth.fetch_account_token(self.credentials(account), now=self._now())
            else:
                refresh = self.refresh_token(account)
                if refresh is None:
                    raise ZoomAuthError("no refresh token stored", reason=NO_REFRESH_TOKEN)
                token = self._oauth.refresh(self.app_credentials(account), refresh, now=self._now())
        except ZoomAuthError as exc:
            if exc.reason not in RECONNECT_REASONS | {NO_REFRESH_TOKEN}:
                raise
            return self._needs_reconnect(account, exc)
        self.store_token(account, token)
        return token.access_token

    def _needs_reconnect(self, account: ZoomAccount, exc: ZoomAuthError) -> _Refused:
        was_ok = account.status == AccountStatus.OK
        logger.warning(
            "Zoom account %s (team %s) needs reconnecting: Zoom answered %s",
            account.id,
            account.team_id,
            exc.reason,
        )
        account.status = AccountStatus.NEEDS_RECONNECT
        account.status_detail = exc.reason
        account.access_token_enc = None
        account.token_expires_at = None
        account.updated_at = self._now()
        notice = NeedsReconnect(
            account_id=account.id,
            team_id=account.team_id,
            display_name=account.display_name,
            zoom_email=account.zoom_email,
            linked_by=account.linked_by,
            owner=account.slack_user_id,
            reason=exc.reason,
        )
        return _Refused(exc, notice if was_ok else None)

    def _announce(self, notice: NeedsReconnect) -> None:
        if self._on_needs_reconnect is None:
            return
        try:
            self._on_needs_reconnect(notice)
        except Exception:  # the refusal itself must still reach the caller
            logger.exception(
                "could not announce that account %s needs reconnecting", notice.account_id
            )

    def _lock_for(self, account_ref: int) -> threading.Lock:
        with self._locks_guard:
            return self._locks.setdefault(account_ref, threading.Lock())

    def _usable_token(self, account: ZoomAccount) -> str | None:
        if account.access_token_enc is None or account.token_expires_at is None:
            return None
        if account.token_expires_at - RENEW_LEEWAY <= self._now():
            return None
        return self._box.decrypt(account.access_token_enc, purpose=ACCESS_TOKEN)

    def _now(self) -> datetime:
        return self._clock.now()
