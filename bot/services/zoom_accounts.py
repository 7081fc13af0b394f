"""Linking, listing and unlinking Zoom accounts (Server-to-Server OAuth for now)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

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
from providers.zoom.oauth import S2SCredentials, ZoomOAuth
from storage.db import Database
from storage.models import AccountStatus, ZoomAccount
from storage.repositories.workspaces import WorkspaceRepository
from storage.repositories.zoom_accounts import ZoomAccountRepository

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
}


def missing_capabilities(granted: frozenset[str]) -> list[str]:
    return [name for name, accepted in REQUIRED_SCOPES.items() if not accepted & granted]


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
    ) -> None:
        self._db = db
        self._box = box
        self._oauth = oauth
        self._api = api
        self._tokens = tokens
        self._clock = clock

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
            return _summary(account)

    def list(self, team_id: str) -> Sequence[LinkedAccount]:
        with self._db.transaction() as session:
            return [_summary(a) for a in ZoomAccountRepository(session).list_for_team(team_id)]

    def unlink(self, team_id: str, display_name: str) -> LinkedAccount:
        """Forget the account and its secrets. Events keep the account's name for display."""
        with self._db.transaction() as session:
            accounts = ZoomAccountRepository(session)
            account = accounts.by_name(team_id, display_name)
            if account is None:
                raise ZoomLinkError("link.not_found", name=display_name)
            summary = _summary(account)
            accounts.delete(account)
            return summary


def _auth_error(exc: ZoomAuthError) -> ZoomLinkError:
    if exc.reason == "invalid_client":
        return ZoomLinkError("link.invalid_client")
    if exc.reason == "invalid_request":
        return ZoomLinkError("link.invalid_account")
    return ZoomLinkError("link.oauth_other", reason=exc.reason)


def _summary(account: ZoomAccount) -> LinkedAccount:
    return LinkedAccount(
        id=account.id,
        display_name=account.display_name,
        email=account.zoom_email,
        licence_type=account.licence_type,
        status=account.status,
        linked_by=account.linked_by,
    )
