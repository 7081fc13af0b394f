"""The create modal: opening it, and its `view_submission`.

Submission: validate (inline errors keep the modal open, nothing is lost), record the
submission once (a Slack retry finds the same event), close the modal, then issue the
Zoom meeting on the worker — never on Bolt's listener threads.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack

from bot.errors import FieldErrors
from bot.messages import t
from bot.services.container import Services
from bot.services.templates import TemplateSources
from bot.slack import create_modal
from handlers.payload import team_id_of
from storage.models import AccountStatus
from storage.repositories.workspaces import WorkspaceRepository
from storage.repositories.zoom_accounts import ZoomAccountRepository

CALLBACK_ID = create_modal.CALLBACK_ID


def open_create_modal(
    services: Services,
    *,
    team_id: str,
    user_id: str,
    trigger_id: str,
    origin_channel: str | None,
) -> None:
    person = services.people.get(user_id)
    with services.db.transaction() as session:
        accounts = [
            create_modal.AccountChoice(
                value=str(a.id),
                label=a.display_name
                if a.status == AccountStatus.OK
                else f"{a.display_name} ({t(person.locale, f'status.{a.status}')})",
            )
            for a in ZoomAccountRepository(session).list_for_team(team_id)
        ]
        workspace = WorkspaceRepository(session).get(team_id)
        defaults = TemplateSources.of(workspace)
    view = create_modal.build_create_modal(
        locale=person.locale,
        organizer_id=user_id,
        user_tz=person.tz,
        origin_channel=origin_channel,
        accounts=accounts,
        now=services.clock.now(),
        default_template=defaults.chosen(person.locale),
    )
    services.slack.views_open(trigger_id=trigger_id, view=view)


class CreateEventSubmission:
    def __init__(self, services: Services) -> None:
        self._services = services

    def handle(self, ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
        services = self._services
        user_id = body["user"]["id"]
        team_id = team_id_of(body)
        locale = services.people.locale(user_id)
        form = create_modal.parse_submission(view)
        try:
            draft = services.validator.validate(
                form, team_id=team_id, organizer_id=user_id, locale=locale
            )
        except FieldErrors as exc:
            ack(
                response_action="errors",
                errors={
                    block: t(locale, key, **params) for block, (key, params) in exc.errors.items()
                },
            )
            return
        accepted = services.events.accept(draft, submission_key=f"view:{view['id']}")
        if not accepted.duplicate:
            services.worker.submit(services.events.issue, accepted.event_id)
        ack()  # closes the modal; the meeting is issued on the worker
