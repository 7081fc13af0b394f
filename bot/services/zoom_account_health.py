"""Checking a linked account again ("reconnect" for Server-to-Server accounts, whose
credentials need no one's consent): a fresh token, the scopes, the Zoom user; OK again if
all pass, with the reason otherwise."""

from __future__ import annotations

from bot.clock import Clock
from bot.errors import ZoomLinkError
from bot.services.zoom_accounts import missing_capabilities
from bot.services.zoom_tokens import ZoomTokenService
from providers.zoom.client import ZoomApi
from providers.zoom.errors import ZoomAuthError, ZoomError, ZoomRequestRejected, ZoomTokenRejected
from storage.db import Database
from storage.models import AccountStatus
from storage.repositories.zoom_accounts import ZoomAccountRepository


class ZoomAccountHealth:
    def __init__(self, db: Database, tokens: ZoomTokenService, api: ZoomApi, clock: Clock) -> None:
        self._db = db
        self._tokens = tokens
        self._api = api
        self._clock = clock

    def recheck(self, team_id: str, account_id: int) -> None:
        with self._db.transaction() as session:
            account = ZoomAccountRepository(session).get(team_id, account_id)
            if account is None:
                raise ZoomLinkError("zoomui.gone")
            zoom_user = account.zoom_user_id
        self._tokens.forget(account_id)
        try:
            token = self._tokens.access_token(account_id)
            user = self._api.get_user(token, zoom_user)
        except ZoomAuthError as exc:
            raise _explained(exc) from exc
        except (ZoomTokenRejected, ZoomRequestRejected) as exc:
            raise ZoomLinkError("link.user_not_found", user=zoom_user, detail=str(exc)) from exc
        except ZoomError as exc:
            raise ZoomLinkError("link.unreachable", detail=str(exc)) from exc
        with self._db.transaction() as session:
            account = ZoomAccountRepository(session).get(team_id, account_id)
            if account is None:
                raise ZoomLinkError("zoomui.gone")
            missing = missing_capabilities(frozenset(account.scopes.split()))
            if missing:
                raise ZoomLinkError("link.missing_scopes", missing=", ".join(missing))
            account.zoom_email = user.email
            account.licence_type = user.licence_type
            account.role_name = user.role_name
            account.status = AccountStatus.OK
            account.status_detail = None
            account.updated_at = self._clock.now()


def _explained(exc: ZoomAuthError) -> ZoomLinkError:
    if exc.reason == "invalid_client":
        return ZoomLinkError("link.invalid_client")
    if exc.reason == "invalid_request":
        return ZoomLinkError("link.invalid_account")
    return ZoomLinkError("link.oauth_other", reason=exc.reason)
