"""The create modal: opening it, and its `view_submission`.

Opening: each account option shows its state for the modal's initial slot (free, busy,
quota, needs reconnect; `bot.services.account_choice`).

Submission: validate (inline errors keep the modal open, nothing is lost) — including
whether the account picked can host the slot — record the submission once (a Slack retry
finds the same event), close the modal, then issue the Zoom meeting on the worker — never on
Bolt's listener threads.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack

from bot.errors import FieldErrors
from bot.messages import Locale, t
from bot.services.account_choice import Slot
from bot.services.container import Services
from bot.services.event_form import EventDraft, form_start
from bot.services.templates import TemplateSources
from bot.slack import create_modal
from bot.slack.account_states import account_choices, pick_error
from handlers.payload import team_id_of
from handlers.recruiter_gate import creation_refusal
from storage.repositories.workspaces import WorkspaceRepository

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
    now = services.clock.now()
    zone = create_modal.default_zone(person.tz)
    slot = Slot.of(create_modal.default_start(zone, now), create_modal.DEFAULT_DURATION, zone)
    states = services.events.availability.states(team_id, slot)
    accounts = account_choices(states, person.locale, zone)
    with services.db.transaction() as session:
        workspace = WorkspaceRepository(session).get(team_id)
        defaults = TemplateSources.of(workspace)
    view = create_modal.build_create_modal(
        locale=person.locale,
        organizer_id=user_id,
        user_tz=person.tz,
        origin_channel=origin_channel,
        accounts=accounts,
        now=now,
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
        person = services.people.get(user_id)
        locale = person.locale
        refusal = creation_refusal(services, team_id, user_id)
        if refusal is not None:  # restricted since the modal opened, or a forged submission
            ack(response_action="errors", errors={create_modal.TITLE: refusal})
            return
        form = create_modal.parse_submission(view)
        errors: dict[str, tuple[str, dict[str, object]]] = {}
        draft: EventDraft | None = None
        try:
            draft = services.validator.validate(
                form, team_id=team_id, organizer_id=user_id, locale=locale
            )
        except FieldErrors as exc:
            errors = dict(exc.errors)
        if create_modal.ZOOM_ACCOUNT not in errors:
            reader_tz = create_modal.default_zone(person.tz)
            problem = self._account_problem(form, team_id, locale, reader_tz)
            if problem is not None:
                errors[create_modal.ZOOM_ACCOUNT] = problem
        if errors or draft is None:
            ack(
                response_action="errors",
                errors={block: t(locale, key, **params) for block, (key, params) in errors.items()},
            )
            return
        accepted = services.events.accept(draft, submission_key=f"view:{view['id']}")
        if not accepted.duplicate:
            services.worker.submit(services.events.issue, accepted.event_id)
        ack()  # closes the modal; the meeting is issued on the worker

    def _account_problem(
        self, form: create_modal.CreateForm, team_id: str, locale: Locale, reader_tz: str
    ) -> tuple[str, dict[str, object]] | None:
        """The account picked (or 「自動」) cannot host the slot: busy, at its limit, out of
        today's quota, broken — said inline, in the reader's zone and language."""
        start = form_start(form)
        if start is None or form.duration is None:
            return None  # the validator reports the start and the duration
        slot = Slot.of(start, form.duration, form.timezone)
        states = self._services.events.availability.states(team_id, slot)
        return pick_error(states, form.zoom_account, set(form.participants), locale, reader_tz)
