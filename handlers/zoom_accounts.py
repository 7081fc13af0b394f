"""What the Zoom account handlers share: the list as the reader may see it, refusals, and
starting an authorization (add, one-click, reconnect) that ends in the OAuth callback."""

from __future__ import annotations

from typing import Any

from bot.errors import ZoomLinkError
from bot.messages import Locale, t
from bot.services.container import Services
from bot.services.zoom_authorizations import CALLBACK_PATH
from bot.slack import zoom_modals
from bot.slack.people import Person
from bot.slack.zoom_accounts_view import AccountRow, Viewer, accounts_blocks
from storage.models import ZoomAuthType
from storage.repositories.zoom_accounts import ZoomAccountRepository


def account_rows(services: Services, team_id: str) -> list[AccountRow]:
    with services.db.transaction() as session:
        return [AccountRow.of(a) for a in ZoomAccountRepository(session).list_for_team(team_id)]


def account_row(services: Services, team_id: str, account_id: int) -> AccountRow | None:
    with services.db.transaction() as session:
        account = ZoomAccountRepository(session).get(team_id, account_id)
        return AccountRow.of(account) if account is not None else None


def viewer_of(services: Services, team_id: str, person: Person) -> Viewer:
    standing = services.roles.of(team_id, person.user_id)
    return Viewer(
        user_id=person.user_id,
        locale=person.locale,
        can_manage=standing.can_manage_zoom,
        is_admin=standing.is_admin,
        shared_app=services.settings.zoom_client_id is not None,
    )


def zoom_section(services: Services, team_id: str, person: Person) -> list[dict[str, Any]]:
    """The 「Zoom連携」 blocks for this reader (App Home and `/recruit zoom`)."""
    viewer = viewer_of(services, team_id, person)
    managers = services.roles.zoom_managers(team_id) if viewer.is_admin else ()
    return accounts_blocks(account_rows(services, team_id), viewer, managers)


def dm(services: Services, user_id: str, text: str) -> None:
    services.slack.chat_postMessage(channel=services.people.dm_channel(user_id), text=text)


def explain(locale: Locale, error: ZoomLinkError) -> str:
    return t(locale, error.key, **error.params)


def redirect_url(services: Services) -> str:
    """The callback URL to register in the Zoom app (a placeholder until PUBLIC_URL is set)."""
    return services.zoom_accounts.redirect_uri or f"https://<PUBLIC_URL>{CALLBACK_PATH}"


def authorize_view_for(
    services: Services,
    *,
    team_id: str,
    person: Person,
    auth_type: str,
    name: str,
    client_id: str | None = None,
    client_secret: str | None = None,
    reconnect_account_id: int | None = None,
) -> dict[str, Any]:
    """A modal with the authorize link (or, if the link can't be made, why)."""
    try:
        url = services.zoom_accounts.begin_authorization(
            team_id,
            person.user_id,
            auth_type=auth_type,
            display_name=name,
            client_id=client_id,
            client_secret=client_secret,
            reconnect_account_id=reconnect_account_id,
        )
    except ZoomLinkError as error:
        return zoom_modals.notice_view(
            person.locale,
            t(person.locale, "zoomui.link_failed", reason=explain(person.locale, error)),
        )
    return zoom_modals.authorize_view(
        person.locale, name=name, url=url, redirect_url=redirect_url(services)
    )


def reconnect_view(
    services: Services, *, team_id: str, person: Person, row: AccountRow
) -> dict[str, Any]:
    """Reconnect: OAuth accounts go through Zoom's consent again; a Server-to-Server account
    is checked again with its stored credentials (e.g. after its app was fixed in Zoom)."""
    if row.auth_type in (ZoomAuthType.TEAM_APP, ZoomAuthType.SHARED_APP):
        return authorize_view_for(
            services,
            team_id=team_id,
            person=person,
            auth_type=row.auth_type,
            name=row.name,
            reconnect_account_id=row.id,
        )
    locale = person.locale
    try:
        services.zoom_health.recheck(team_id, row.id)
    except ZoomLinkError as error:
        return zoom_modals.notice_view(
            locale, t(locale, "zoomui.link_failed", reason=explain(locale, error))
        )
    return zoom_modals.notice_view(
        locale, t(locale, "zoomui.linked", name=row.name, email=row.email)
    )
