"""「URL再発行」 submitted: checked again — who asks, whether the event is still scheduled and
not started, whether the account picked can host the slot (each refusal inline) — then the
modal closes and the reissue runs on the worker."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack

from bot.messages import t
from bot.services.account_reservation import AUTO
from bot.services.container import Services
from bot.services.event_access import REFUSAL_KEYS, event_id_of
from bot.slack import reissue_modal
from bot.slack.account_states import pick_error
from handlers.errors import reporting_failures
from handlers.payload import team_id_of

CALLBACK_ID = reissue_modal.CALLBACK_ID


class ReissueEventSubmission:
    def __init__(self, services: Services) -> None:
        self._services = services

    def handle(self, ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
        services = self._services
        user_id = body["user"]["id"]
        team_id = team_id_of(body)
        event_id = event_id_of(reissue_modal.metadata_of(view).get("event_id"))
        requested = reissue_modal.account_of(view)
        problem = self._problem(team_id, event_id, user_id, requested)
        if problem is not None or event_id is None:
            person = services.people.get(user_id)
            key, params = problem or ("event_change.not_found", {})
            text = t(person.locale, key, **params)
            ack(response_action="errors", errors={reissue_modal.ACCOUNT: text})
            return
        ack()
        delete_old = reissue_modal.delete_old_of(view)

        def reissue() -> None:
            with reporting_failures(services, user_id, CALLBACK_ID):
                services.lifecycle.reissuer.reissue(
                    team_id, event_id, actor_id=user_id, requested=requested, delete_old=delete_old
                )

        services.worker.submit(reissue)

    def _problem(
        self, team_id: str, event_id: int | None, user_id: str, requested: str
    ) -> tuple[str, dict[str, object]] | None:
        """The inline error's message key and parameters, if the reissue is refused."""
        services = self._services
        access = services.lifecycle.access.check(team_id, event_id, user_id)
        if event_id is None or not access.allowed:
            return REFUSAL_KEYS[access.verdict], {}
        reissuer = services.lifecycle.reissuer
        refusal = reissuer.refusal(team_id, event_id)
        if refusal is not None:
            return refusal, {}
        choices = reissuer.choices(team_id, event_id)
        if choices is None:
            return "event_change.not_found", {}
        if not choices.states:
            return "reissue.error.no_other_account", {}
        if requested != AUTO and all(str(s.account.id) != requested for s in choices.states):
            return "error.account_unknown", {}
        person = services.people.get(user_id)
        return pick_error(choices.states, requested, choices.participants, person.locale, person.tz)
