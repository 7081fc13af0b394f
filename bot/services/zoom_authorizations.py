"""Linking Zoom through OAuth (authorization code + PKCE S256): the team's own General app
(its Client ID and Secret entered in Slack) or this bot's shared app (one click per user).

`begin` hands out an authorize link and remembers it (`zoom_authorizations`: a random
`state`, the PKCE verifier and the app's secret encrypted, 15 minutes). `complete` answers
Zoom's redirect: the code is exchanged, `GET /users/me` says who allowed it, the granted
scopes are checked, and the account is stored in the transaction that deletes the pending
row, so a link works once. Refusals come back as `ZoomLinkError`s with what to do.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError

from bot.clock import Clock
from bot.crypto import SecretBox
from bot.errors import ZoomLinkError
from bot.services.zoom_accounts import LinkedAccount, missing_capabilities, scope_names, summary
from bot.services.zoom_tokens import CLIENT_SECRET, ZoomTokenService
from providers.zoom.client import ZoomApi, ZoomUser
from providers.zoom.errors import ZoomAuthError, ZoomError, ZoomRateLimited, ZoomUnavailable
from providers.zoom.oauth import (
    AppCredentials,
    ZoomOAuth,
    ZoomToken,
    new_code_verifier,
    new_state,
)
from storage.db import Database
from storage.models import AccountStatus, ZoomAccount, ZoomAuthorization, ZoomAuthType
from storage.repositories.workspaces import WorkspaceRepository
from storage.repositories.zoom_accounts import ZoomAccountRepository
from storage.repositories.zoom_authorizations import ZoomAuthorizationRepository

logger = logging.getLogger(__name__)

CALLBACK_PATH = "/zoom/oauth/callback"
AUTHORIZATION_LIFETIME = timedelta(minutes=15)
PENDING_SECRET = "zoom_authorization:client_secret"  # noqa: S105 - purposes, not secrets
PENDING_VERIFIER = "zoom_authorization:code_verifier"
OAUTH_TYPES = (ZoomAuthType.TEAM_APP, ZoomAuthType.SHARED_APP)


@dataclass(frozen=True)
class AuthorizationResult:
    """What the callback tells the person: linked (`account`) or why not (`error`).

    `slack_user_id` is who asked for the link (None when the `state` is unknown)."""

    team_id: str | None
    slack_user_id: str | None
    account: LinkedAccount | None = None
    error: ZoomLinkError | None = None
    reconnected: bool = False

    @property
    def ok(self) -> bool:
        return self.account is not None


@dataclass(frozen=True)
class _Pending:
    state: str
    team_id: str
    slack_user_id: str
    auth_type: ZoomAuthType
    display_name: str
    app: AppCredentials
    code_verifier: str
    account_id: int | None


class ZoomAuthorizations:
    def __init__(
        self,
        db: Database,
        box: SecretBox,
        oauth: ZoomOAuth,
        api: ZoomApi,
        tokens: ZoomTokenService,
        clock: Clock,
        *,
        public_url: str | None,
        shared_app: AppCredentials | None,
    ) -> None:
        self._db = db
        self._box = box
        self._oauth = oauth
        self._api = api
        self._tokens = tokens
        self._clock = clock
        self._public_url = public_url.rstrip("/") if public_url else None
        self._shared_app = shared_app

    @property
    def redirect_uri(self) -> str | None:
        """`{PUBLIC_URL}/zoom/oauth/callback`, registered in the Zoom app (None: unset)."""
        return f"{self._public_url}{CALLBACK_PATH}" if self._public_url else None

    # ---- the authorize link

    def begin(
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
        redirect_uri = self.redirect_uri
        if redirect_uri is None:
            raise ZoomLinkError("zoomlink.no_public_url")
        kind = _oauth_type(auth_type)
        name = display_name.strip()
        stored_id: str | None = None
        stored_secret: str | None = None
        with self._db.transaction() as session:
            accounts = ZoomAccountRepository(session)
            if reconnect_account_id is not None:
                target = accounts.get(team_id, reconnect_account_id)
                if target is None:
                    raise ZoomLinkError("zoomlink.reconnect_gone")
                kind = _oauth_type(target.auth_type)
                name = target.display_name
                stored_id = target.client_id
                if target.client_secret_enc is not None:
                    stored_secret = self._box.decrypt(
                        target.client_secret_enc, purpose=CLIENT_SECRET
                    )
            else:
                if not 1 <= len(name) <= 80:
                    raise ZoomLinkError("link.name_invalid")
                if accounts.by_name(team_id, name) is not None:
                    raise ZoomLinkError("link.name_taken", name=name)
        app = self._app(
            kind, (client_id or "").strip() or stored_id, client_secret or stored_secret
        )
        state, verifier = new_state(), new_code_verifier()
        now = self._clock.now()
        team_app = kind == ZoomAuthType.TEAM_APP
        with self._db.transaction() as session:
            WorkspaceRepository(session).ensure(team_id, now=now)
            pending = ZoomAuthorizationRepository(session)
            pending.delete_expired(now)
            pending.add(
                ZoomAuthorization(
                    state=state,
                    team_id=team_id,
                    slack_user_id=slack_user_id,
                    auth_type=kind.value,
                    display_name=name,
                    client_id=app.client_id if team_app else None,
                    client_secret_enc=(
                        self._box.encrypt(app.client_secret, purpose=PENDING_SECRET)
                        if team_app
                        else None
                    ),
                    code_verifier_enc=self._box.encrypt(verifier, purpose=PENDING_VERIFIER),
                    account_id=reconnect_account_id,
                    created_at=now,
                    expires_at=now + AUTHORIZATION_LIFETIME,
                )
            )
        return self._oauth.authorization_url(
            app.client_id, redirect_uri=redirect_uri, state=state, code_verifier=verifier
        )

    # ---- Zoom's answer

    def complete(
        self, state: str, code: str | None = None, error: str | None = None
    ) -> AuthorizationResult:
        pending_or_result = self._claim(state, code, error)
        if isinstance(pending_or_result, AuthorizationResult):
            return pending_or_result
        pending = pending_or_result
        assert code is not None
        try:
            token, user = self._exchange(pending, code)
        except ZoomLinkError as refused:
            return self._spend(pending, refused)
        except (ZoomUnavailable, ZoomRateLimited) as exc:
            # The pending link is kept: reloading the page tries again.
            logger.warning("Zoom OAuth: exchange for team %s failed: %s", pending.team_id, exc)
            return self._result(pending, error=ZoomLinkError("zoomlink.unreachable"))
        try:
            return self._store(pending, token, user)
        except IntegrityError:
            return self._spend(pending, ZoomLinkError("zoomlink.conflict"))

    def _claim(
        self, state: str, code: str | None, error: str | None
    ) -> _Pending | AuthorizationResult:
        """The pending link for `state`, or the refusal (spent links are deleted)."""
        now = self._clock.now()
        with self._db.transaction() as session:
            repository = ZoomAuthorizationRepository(session)
            row = repository.get(state) if state else None
            if row is None:
                return AuthorizationResult(
                    None, None, error=ZoomLinkError("zoomlink.state_unknown")
                )
            refusal = None
            if row.expires_at <= now:
                refusal = ZoomLinkError("zoomlink.state_expired")
            elif error == "access_denied":
                refusal = ZoomLinkError("zoomlink.declined")
            elif error or not code:
                refusal = ZoomLinkError("zoomlink.zoom_error", error=(error or "no code")[:60])
            if refusal is not None:
                repository.delete(row)
                return AuthorizationResult(row.team_id, row.slack_user_id, error=refusal)
            kind = ZoomAuthType(row.auth_type)
            app = self._pending_app(kind, row.client_id, row.client_secret_enc)
            if app is None:
                repository.delete(row)
                key = (
                    "zoomlink.no_shared_app"
                    if kind == ZoomAuthType.SHARED_APP
                    else "zoomlink.credentials_missing"
                )
                return AuthorizationResult(row.team_id, row.slack_user_id, error=ZoomLinkError(key))
            return _Pending(
                state=row.state,
                team_id=row.team_id,
                slack_user_id=row.slack_user_id,
                auth_type=kind,
                display_name=row.display_name,
                app=app,
                code_verifier=self._box.decrypt(row.code_verifier_enc, purpose=PENDING_VERIFIER),
                account_id=row.account_id,
            )

    def _pending_app(
        self, kind: ZoomAuthType, client_id: str | None, secret_enc: str | None
    ) -> AppCredentials | None:
        if kind == ZoomAuthType.SHARED_APP:
            return self._shared_app
        if client_id is None or secret_enc is None:
            return None
        return AppCredentials(client_id, self._box.decrypt(secret_enc, purpose=PENDING_SECRET))

    def _exchange(self, pending: _Pending, code: str) -> tuple[ZoomToken, ZoomUser]:
        redirect_uri = self.redirect_uri
        if redirect_uri is None:
            raise ZoomLinkError("zoomlink.no_public_url")
        try:
            token = self._oauth.exchange_code(
                pending.app,
                code=code,
                redirect_uri=redirect_uri,
                code_verifier=pending.code_verifier,
                now=self._clock.now(),
            )
        except ZoomAuthError as exc:
            raise self._exchange_refused(exc, pending) from exc
        missing = missing_capabilities(token.scopes)
        if missing:
            raise ZoomLinkError("zoomlink.missing_scopes", missing=", ".join(scope_names(missing)))
        try:
            user = self._api.get_user(token.access_token, "me")
        except (ZoomUnavailable, ZoomRateLimited):
            raise
        except ZoomError as exc:
            raise ZoomLinkError("link.user_not_found", user="me", detail=str(exc)) from exc
        return token, user

    def _exchange_refused(self, exc: ZoomAuthError, pending: _Pending) -> ZoomLinkError:
        logger.warning(
            "Zoom OAuth: code exchange for team %s refused: %s", pending.team_id, exc.reason
        )
        if exc.reason == "invalid_client":
            if pending.auth_type == ZoomAuthType.SHARED_APP:
                return ZoomLinkError("zoomlink.shared_invalid_client")
            return ZoomLinkError("zoomlink.invalid_client")
        if "redirect" in (exc.detail or "").lower():
            return ZoomLinkError("zoomlink.redirect_mismatch", redirect=self.redirect_uri)
        if exc.reason == "invalid_grant":
            return ZoomLinkError("zoomlink.code_rejected")
        return ZoomLinkError("link.oauth_other", reason=exc.reason)

    def _store(self, pending: _Pending, token: ZoomToken, user: ZoomUser) -> AuthorizationResult:
        now = self._clock.now()
        with self._db.transaction() as session:
            repository = ZoomAuthorizationRepository(session)
            row = repository.get_for_update(pending.state)
            if row is None:  # another callback with the same state got here first
                return self._result(pending, error=ZoomLinkError("zoomlink.state_unknown"))
            repository.delete(row)
            accounts = ZoomAccountRepository(session)
            if pending.account_id is not None:
                target = accounts.get(pending.team_id, pending.account_id)
                if target is None:
                    return self._result(pending, error=ZoomLinkError("zoomlink.reconnect_gone"))
                if target.zoom_user_id != user.id:
                    return self._result(
                        pending,
                        error=ZoomLinkError(
                            "zoomlink.reconnect_other_user",
                            name=target.display_name,
                            expected=target.zoom_email,
                            email=user.email,
                        ),
                    )
                self._fill(target, pending, token, user, now)
                return self._result(pending, account=summary(target), reconnected=True)
            existing = accounts.by_zoom_user(pending.team_id, user.id)
            if existing is not None:
                return self._result(
                    pending,
                    error=ZoomLinkError(
                        "link.already_linked", email=user.email, existing=existing.display_name
                    ),
                )
            if accounts.by_name(pending.team_id, pending.display_name) is not None:
                return self._result(
                    pending, error=ZoomLinkError("link.name_taken", name=pending.display_name)
                )
            account = ZoomAccount(
                team_id=pending.team_id,
                display_name=pending.display_name,
                auth_type=pending.auth_type.value,
                priority=100,
                linked_by=pending.slack_user_id,
                slack_user_id=(
                    pending.slack_user_id if pending.auth_type == ZoomAuthType.SHARED_APP else None
                ),
                created_at=now,
            )
            self._fill(account, pending, token, user, now)
            accounts.add(account)  # a concurrent link of the same user or name: IntegrityError
            return self._result(pending, account=summary(account))

    def _fill(
        self,
        account: ZoomAccount,
        pending: _Pending,
        token: ZoomToken,
        user: ZoomUser,
        now: datetime,
    ) -> None:
        """Credentials, tokens and what Zoom says of the user; the account works again."""
        if pending.auth_type == ZoomAuthType.TEAM_APP:
            account.client_id = pending.app.client_id
            account.client_secret_enc = self._box.encrypt(
                pending.app.client_secret, purpose=CLIENT_SECRET
            )
        else:
            account.client_id = None
            account.client_secret_enc = None
        self._tokens.store_token(account, token)
        account.zoom_user_id = user.id
        account.zoom_email = user.email
        account.zoom_account_id = user.account_id
        account.licence_type = user.licence_type
        account.role_name = user.role_name
        account.status = AccountStatus.OK
        account.status_detail = None
        account.updated_at = now

    def _spend(self, pending: _Pending, error: ZoomLinkError) -> AuthorizationResult:
        """Refused after Zoom was asked: the link is used up either way."""
        with self._db.transaction() as session:
            repository = ZoomAuthorizationRepository(session)
            row = repository.get_for_update(pending.state)
            if row is not None:
                repository.delete(row)
        return self._result(pending, error=error)

    @staticmethod
    def _result(
        pending: _Pending,
        *,
        account: LinkedAccount | None = None,
        error: ZoomLinkError | None = None,
        reconnected: bool = False,
    ) -> AuthorizationResult:
        return AuthorizationResult(
            pending.team_id, pending.slack_user_id, account, error, reconnected
        )

    def _app(self, kind: ZoomAuthType, client_id: str | None, secret: str | None) -> AppCredentials:
        if kind == ZoomAuthType.SHARED_APP:
            if self._shared_app is None:
                raise ZoomLinkError("zoomlink.no_shared_app")
            return self._shared_app
        secret = (secret or "").strip()
        if not client_id or not secret:
            raise ZoomLinkError("zoomlink.credentials_missing")
        return AppCredentials(client_id, secret)


def _oauth_type(auth_type: str) -> ZoomAuthType:
    try:
        kind = ZoomAuthType(auth_type)
    except ValueError:
        kind = ZoomAuthType.SERVER_TO_SERVER
    if kind not in OAUTH_TYPES:
        raise ZoomLinkError("zoomlink.not_oauth")
    return kind
