"""Linking, listing and unlinking Zoom accounts: Server-to-Server OAuth here; the OAuth
ways (the team's own app, this bot's shared app) in `bot.services.zoom_authorizations`."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.clock import Clock
from bot.crypto import SecretBox
from bot.errors import ZoomLinkError
from bot.services.zoom_tokens import CLIENT_SECRET, ZoomTokenService
from providers.zoom.client import ZoomApi
from providers.zoom.errors import (
    ZoomAuthError,
    ZoomError,
    ZoomRateLimited,
    ZoomRequestRejected,
    ZoomUnavailable,
)
from providers.zoom.oauth import AppCredentials, S2SCredentials, ZoomOAuth
from storage.db import Database
from storage.models import AccountStatus, ZoomAccount, ZoomAuthType
from storage.repositories.workspaces import WorkspaceRepository
from storage.repositories.zoom_accounts import ZoomAccountRepository

if TYPE_CHECKING:
    from bot.services.zoom_authorizations import AuthorizationResult, ZoomAuthorizations

logger = logging.getLogger(__name__)

# Each capability is satisfied by any one of its scopes: the classic names, or the granular
# ones Zoom introduced in 2024 (admin-level for account apps, user-level for user apps).
REQUIRED_SCOPES: dict[str, frozenset[str]] = {
    "meeting:write": frozenset(
        {
            "meeting:write:admin",
            "meeting:write",
            "meeting:write:meeting:admin",
            "meeting:write:meeting",
        }
    ),
    "meeting:delete": frozenset(
        {
            "meeting:write:admin",
            "meeting:write",
            "meeting:delete:meeting:admin",
            "meeting:delete:meeting",
        }
    ),
    "meeting:read": frozenset(
        {
            "meeting:read:admin",
            "meeting:read",
            "meeting:read:meeting:admin",
            "meeting:read:meeting",
        }
    ),
    "user:read": frozenset(
        {"user:read:admin", "user:read", "user:read:user:admin", "user:read:user"}
    ),
    "meeting:update": frozenset(
        {
            "meeting:write:admin",
            "meeting:write",
            "meeting:update:meeting:admin",
            "meeting:update:meeting",
        }
    ),
}

# The granular user-level scope to add for each capability (what a General app's Scopes
# page lists; admin-managed apps show the same names, classic apps the capability's own).
GRANULAR_SCOPES = {
    "meeting:write": "meeting:write:meeting",
    "meeting:update": "meeting:update:meeting",
    "meeting:delete": "meeting:delete:meeting",
    "meeting:read": "meeting:read:meeting",
    "user:read": "user:read:user",
}


def missing_capabilities(granted: frozenset[str]) -> list[str]:
    return [name for name, accepted in REQUIRED_SCOPES.items() if not accepted & granted]


def scope_names(capabilities: Sequence[str]) -> list[str]:
    """`meeting:update` → `meeting:update:meeting (meeting:write)`: granular, then classic."""
    classic = {"meeting:update": "meeting:write", "meeting:delete": "meeting:write"}
    return [f"{GRANULAR_SCOPES[name]} ({classic.get(name, name)})" for name in capabilities]


@dataclass(frozen=True)
class LinkedAccount:
    id: int
    display_name: str
    email: str
    licence_type: int | None
    status: str
    linked_by: str


class ZoomAccountService:
    def __init__(
        self,
        db: Database,
        box: SecretBox,
        oauth: ZoomOAuth,
        api: ZoomApi,
        tokens: ZoomTokenService,
        clock: Clock,
        *,
        authorizations: ZoomAuthorizations | None = None,
    ) -> None:
        self._db = db
        self._box = box
        self._oauth = oauth
        self._api = api
        self._tokens = tokens
        self._clock = clock
        self._authorizations = authorizations

    # ---- OAuth: the team's own General app, or this bot's shared app

    def begin_authorization(
        self,
        team_id: str,
        slack_user_id: str,
        *,
        auth_type: str,
        display_name: str,
        client_id: str | None = None,
        client_secret: str | None = None,
        reconnect_account_id: int | None = None,
    ) -> str:
        """The authorize URL to hand to `slack_user_id` (valid once, for 15 minutes).

        `auth_type` is `oauth_app` (the team's app: `client_id`/`client_secret` needed, or
        taken from the account being reconnected) or `oauth_shared` (this bot's app).
        Refuses (`ZoomLinkError`) an unset PUBLIC_URL, a taken or bad name, missing
        credentials, an unconfigured shared app, a Server-to-Server account."""
        return self._oauth_links().begin(
            team_id,
            slack_user_id,
            auth_type=auth_type,
            display_name=display_name,
            client_id=client_id,
            client_secret=client_secret,
            reconnect_account_id=reconnect_account_id,
        )

    def complete_authorization(
        self, state: str, code: str | None = None, error: str | None = None
    ) -> AuthorizationResult:
        """Zoom's redirect (`/zoom/oauth/callback`): link, reconnect, or say why not."""
        return self._oauth_links().complete(state, code=code, error=error)

    @property
    def redirect_uri(self) -> str | None:
        """What to register as the Zoom app's redirect URL (None while PUBLIC_URL is unset)."""
        return self._authorizations.redirect_uri if self._authorizations else None

    def _oauth_links(self) -> ZoomAuthorizations:
        if self._authorizations is None:
            raise ZoomLinkError("zoomlink.no_public_url")
        return self._authorizations

    def link_server_to_server(
        self,
        *,
        team_id: str,
        display_name: str,
        credentials: S2SCredentials,
        linked_by: str,
        zoom_user: str = "me",
    ) -> LinkedAccount:
        """Check the credentials with Zoom (token, scopes, the user) and store them encrypted."""
        name = display_name.strip()
        if not 1 <= len(name) <= 80:
            raise ZoomLinkError("link.name_invalid")
        with self._db.transaction() as session:
            if ZoomAccountRepository(session).by_name(team_id, name) is not None:
                raise ZoomLinkError("link.name_taken", name=name)

        now = self._clock.now()
        try:
            token = self._oauth.fetch_account_token(credentials, now=now)
        except ZoomAuthError as exc:
            raise _auth_error(exc) from exc
        except (ZoomUnavailable, ZoomRateLimited) as exc:
            raise ZoomLinkError("link.unreachable", detail=str(exc)) from exc
        missing = missing_capabilities(token.scopes)
        if missing:
            raise ZoomLinkError("link.missing_scopes", missing=", ".join(missing))
        try:
            user = self._api.get_user(token.access_token, zoom_user)
        except ZoomRequestRejected as exc:
            raise ZoomLinkError("link.user_not_found", user=zoom_user, detail=str(exc)) from exc
        except ZoomError as exc:
            raise ZoomLinkError("link.unreachable", detail=str(exc)) from exc

        with self._db.transaction() as session:
            WorkspaceRepository(session).ensure(team_id, now=now)
            accounts = ZoomAccountRepository(session)
            existing = accounts.by_zoom_user(team_id, user.id)
            if existing is not None:
                raise ZoomLinkError(
                    "link.already_linked", email=user.email, existing=existing.display_name
                )
            if accounts.by_name(team_id, name) is not None:
                raise ZoomLinkError("link.name_taken", name=name)
            account = ZoomAccount(
                team_id=team_id,
                display_name=name,
                auth_type="s2s",
                zoom_account_id=credentials.account_id,
                client_id=credentials.client_id,
                client_secret_enc=self._box.encrypt(
                    credentials.client_secret, purpose=CLIENT_SECRET
                ),
                zoom_user_id=user.id,
                zoom_email=user.email,
                licence_type=user.licence_type,
                role_name=user.role_name,
                status=AccountStatus.OK,
                priority=100,
                linked_by=linked_by,
                created_at=now,
                updated_at=now,
            )
            self._tokens.store_token(account, token)
            accounts.add(account)
            return summary(account)

    def list(self, team_id: str) -> Sequence[LinkedAccount]:
        with self._db.transaction() as session:
            return [summary(a) for a in ZoomAccountRepository(session).list_for_team(team_id)]

    def unlink(self, team_id: str, display_name: str) -> LinkedAccount:
        """Forget the account and its secrets. Events keep the account's name for display.

        An OAuth account's grant is revoked at Zoom first; if Zoom can't be told, that is
        logged and the account is forgotten all the same."""
        with self._db.transaction() as session:
            account = ZoomAccountRepository(session).by_name(team_id, display_name)
            if account is None:
                raise ZoomLinkError("link.not_found", name=display_name)
            account_id = account.id
            revocation = self._revocation(account)
        if revocation is not None:
            app, token = revocation
            try:
                self._oauth.revoke(app, token)
            except ZoomError as exc:
                logger.warning(
                    "Zoom account %s: tokens not revoked at Zoom (%s); forgetting them anyway",
                    account_id,
                    type(exc).__name__,
                )
        with self._db.transaction() as session:
            accounts = ZoomAccountRepository(session)
            account = accounts.get(team_id, account_id)
            if account is None:
                raise ZoomLinkError("link.not_found", name=display_name)
            removed = summary(account)
            accounts.delete(account)
            return removed

    def _revocation(self, account: ZoomAccount) -> tuple[AppCredentials, str] | None:
        """The app and the token to revoke (the refresh token: it ends the whole grant)."""
        if account.auth_type not in (ZoomAuthType.TEAM_APP, ZoomAuthType.SHARED_APP):
            return None
        try:
            token = self._tokens.refresh_token(account) or self._tokens.access_token_of(account)
            app = self._tokens.app_credentials(account)
        except (ZoomAuthError, ValueError, LookupError) as exc:
            logger.warning(
                "Zoom account %s: nothing to revoke (%s)", account.id, type(exc).__name__
            )
            return None
        return (app, token) if token else None


def _auth_error(exc: ZoomAuthError) -> ZoomLinkError:
    if exc.reason == "invalid_client":
        return ZoomLinkError("link.invalid_client")
    if exc.reason == "invalid_request":
        return ZoomLinkError("link.invalid_account")
    return ZoomLinkError("link.oauth_other", reason=exc.reason)


def summary(account: ZoomAccount) -> LinkedAccount:
    return LinkedAccount(
        id=account.id,
        display_name=account.display_name,
        email=account.zoom_email,
        licence_type=account.licence_type,
        status=account.status,
        linked_by=account.linked_by,
    )
