"""The create modal's 「プレビュー」 / "Preview" button: show the reminder as the viewer would
get it, under the button, without losing anything typed.

The text is rendered for the viewer (their name, language and time zone) from what the modal
says so far; the Zoom URL and passcode are labelled samples (issued on create). A template
with a problem shows the same sentence the submission would show inline. The modal is
updated with `views.update` and the same blocks (same block_id and action_id everywhere), so
Slack keeps the person's input; `hash` makes a stale update fail rather than overwrite.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack
from slack_sdk.errors import SlackApiError

from bot.messages import t
from bot.services.container import Services
from bot.services.event_form import draft_facts, first_offset
from bot.services.templates import (
    Reader,
    TemplateError,
    TemplateSources,
    escape,
    render,
    render_reminder,
)
from bot.slack import create_modal
from handlers.errors import reporting_failures
from handlers.payload import team_id_of
from storage.repositories.workspaces import WorkspaceRepository

logger = logging.getLogger(__name__)

ACTION_ID = create_modal.PREVIEW_ACTION


class PreviewTemplateAction:
    def __init__(self, services: Services) -> None:
        self._services = services

    def handle(self, ack: Ack, body: dict[str, Any]) -> None:
        ack()
        user_id = body["user"]["id"]
        with reporting_failures(self._services, user_id, ACTION_ID):
            self._preview(body, user_id)

    def _preview(self, body: dict[str, Any], user_id: str) -> None:
        services = self._services
        view = body.get("view") or {}
        if view.get("callback_id") != create_modal.CALLBACK_ID or not view.get("id"):
            return
        team_id = team_id_of(body)
        person = services.people.get(user_id)
        locale = person.locale
        form = create_modal.parse_submission(view)
        with services.db.transaction() as session:
            workspace = WorkspaceRepository(session).get(team_id)
            sources = TemplateSources.of(workspace, form.reminder_template)
        facts = draft_facts(
            form,
            organizer_id=user_id,
            locale=locale,
            now=services.clock.now(),
            account_label=create_modal.selected_label(view, create_modal.ZOOM_ACCOUNT),
        )
        reader = Reader(name=person.name, locale=locale, tz=person.tz)
        offset = first_offset(form, facts)
        try:
            if form.reminder_template is not None:  # the organizer's own text: strict
                text = render(form.reminder_template, facts, reader, offset)
            else:  # the default that would apply (falls back like the dispatcher does)
                text = render_reminder(sources, facts, reader, offset)
            shown = t(locale, "modal.preview", name=escape(person.name), text=text)
        except TemplateError as error:
            shown = t(locale, "modal.preview_error", error=error.message(locale))
        try:
            services.slack.views_update(
                view_id=view["id"],
                hash=view.get("hash"),
                view=create_modal.with_preview(view, shown),
            )
        except SlackApiError as exc:
            if exc.response.get("error") != "hash_conflict":
                raise
            # The modal changed meanwhile (another click); that update wins.
            logger.info("preview not shown: the modal changed meanwhile")
