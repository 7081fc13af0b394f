"""The edit modal submitted: checked (who, what, and that nobody saved since the modal
opened) and saved to the database before answering — so a refusal, a bad field or a
conflict keeps the modal open with everything typed — then Zoom and Slack follow on the
worker."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack

from bot.errors import FieldErrors
from bot.messages import t
from bot.services.container import Services
from bot.services.edit_form import validate_edit
from bot.services.event_access import REFUSAL_KEYS, Verdict
from bot.services.event_edit import SaveOutcome
from bot.slack import create_modal, edit_modal
from handlers.errors import reporting_failures
from handlers.payload import team_id_of

CALLBACK_ID = edit_modal.CALLBACK_ID

#: Where a refusal or a conflict is shown: the first field of the modal people look at.
MESSAGE_BLOCK = create_modal.TITLE

_OUTCOME_KEYS = {
    SaveOutcome.CONFLICT: "edit.conflict",
    SaveOutcome.NOT_SCHEDULED: REFUSAL_KEYS[Verdict.NOT_SCHEDULED],
    SaveOutcome.NOT_FOUND: REFUSAL_KEYS[Verdict.NOT_FOUND],
}


class EditEventSubmission:
    def __init__(self, services: Services) -> None:
        self._services = services

    def handle(self, ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
        services = self._services
        user_id = body["user"]["id"]
        team_id = team_id_of(body)
        locale = services.people.locale(user_id)
        meta = edit_modal.metadata_of(view)
        access = services.lifecycle.access.check(team_id, meta.event_id, user_id)
        if meta.event_id is None or meta.version is None or not access.allowed:
            text = t(locale, REFUSAL_KEYS.get(access.verdict, "event_change.not_found"))
            ack(response_action="errors", errors={MESSAGE_BLOCK: text})
            return
        event_id, version = meta.event_id, meta.version
        if version != access.version:  # the cheap check; `save` checks again under the lock
            ack(response_action="errors", errors={MESSAGE_BLOCK: t(locale, "edit.conflict")})
            return
        try:
            edit = validate_edit(
                create_modal.parse_submission(view), now=services.clock.now(), locale=locale
            )
        except FieldErrors as exc:
            errors = {
                block: t(locale, key, **params) for block, (key, params) in exc.errors.items()
            }
            ack(response_action="errors", errors=errors)
            return
        editor = services.lifecycle.editor
        added = editor.newcomers(team_id, event_id, edit.invited)
        people = {user_id: services.people.get(user_id) for user_id in added}
        result = editor.save(
            team_id,
            event_id,
            expected_version=version,
            actor_id=user_id,
            edit=edit,
            people=people,
        )
        if result.outcome in _OUTCOME_KEYS:
            text = t(locale, _OUTCOME_KEYS[result.outcome])
            ack(response_action="errors", errors={MESSAGE_BLOCK: text})
            return
        ack()
        saved = result.saved
        if saved is None:  # nothing changed: said so, nothing else to do
            services.lifecycle.notices.tell(
                meta.origin_channel or access.channel_id, user_id, "edit.unchanged"
            )
            return

        def follow() -> None:
            with reporting_failures(services, user_id, CALLBACK_ID):
                services.lifecycle.editor.sync(saved)

        services.worker.submit(follow)
