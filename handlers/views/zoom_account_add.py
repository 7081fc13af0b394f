"""The add modal's submission.

* The team's own Zoom app: the bot stores the app (secret encrypted) and answers with the
  authorize link on the same modal; the OAuth callback finishes the link.
* Server-to-Server: the modal shows "checking" at once (Slack waits 3 s at most), the
  credentials are checked with Zoom, then the modal says linked — or shows the form again
  with the reason (the secret is asked for again; it is never put back into a view).
"""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack

from bot.errors import FieldErrors, ZoomLinkError
from bot.messages import t
from bot.services.container import Services
from bot.slack import zoom_modals
from handlers.errors import reporting_failures
from handlers.events.app_home_opened import publish_home
from handlers.payload import team_id_of
from handlers.zoom_accounts import explain, redirect_url
from providers.zoom.oauth import S2SCredentials
from storage.models import ZoomAuthType

CALLBACK_ID = zoom_modals.ADD_CALLBACK

#: Where each ZoomLinkError is shown on the form when it is known before asking Zoom.
_NAME_ERRORS = frozenset({"link.name_invalid", "link.name_taken"})


class AddZoomAccountSubmission:
    def __init__(self, services: Services) -> None:
        self._services = services

    def handle(self, ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
        services = self._services
        user_id = body["user"]["id"]
        team_id = team_id_of(body)
        person = services.people.get(user_id)
        locale = person.locale
        if not services.roles.can_manage_zoom(team_id, user_id):
            ack(response_action="errors", errors={zoom_modals.NAME: t(locale, "zoomui.refused")})
            return
        try:
            form = zoom_modals.parse_add(view)
        except FieldErrors as exc:
            ack(
                response_action="errors",
                errors={b: t(locale, key, **params) for b, (key, params) in exc.errors.items()},
            )
            return
        if form.method == ZoomAuthType.TEAM_APP:
            try:
                url = services.zoom_accounts.begin_authorization(
                    team_id,
                    user_id,
                    auth_type=ZoomAuthType.TEAM_APP,
                    display_name=form.name,
                    client_id=form.client_id,
                    client_secret=form.client_secret,
                )
            except ZoomLinkError as error:
                block = zoom_modals.NAME if error.key in _NAME_ERRORS else zoom_modals.CLIENT_ID
                ack(response_action="errors", errors={block: explain(locale, error)})
                return
            ack(
                response_action="update",
                view=zoom_modals.authorize_view(
                    locale, name=form.name, url=url, redirect_url=redirect_url(services)
                ),
            )
            return

        ack(response_action="update", view=zoom_modals.checking_view(locale))
        with reporting_failures(services, user_id, CALLBACK_ID):
            try:
                linked = services.zoom_accounts.link_server_to_server(
                    team_id=team_id,
                    display_name=form.name,
                    credentials=S2SCredentials(
                        account_id=form.account_id,
                        client_id=form.client_id,
                        client_secret=form.client_secret,
                    ),
                    linked_by=user_id,
                    zoom_user=form.zoom_user or "me",
                )
            except ZoomLinkError as error:
                problem = t(locale, "zoomui.link_failed", reason=explain(locale, error))
                services.slack.views_update(
                    view_id=view["id"],
                    view=zoom_modals.add_modal(locale, values=form, problem=problem),
                )
                return
            done = t(locale, "zoomui.linked", name=linked.display_name, email=linked.email)
            services.slack.views_update(
                view_id=view["id"], view=zoom_modals.notice_view(locale, done)
            )
            publish_home(services, user_id=user_id, team_id=team_id)
