"""`/recruit` — open the create modal (`/recruit`, `/recruit new`), list the Zoom accounts
(`/recruit zoom`), list upcoming events (`/recruit list`), show an event's history
(`/recruit audit <event>`) or show help."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack

from bot.messages import t
from bot.services.container import Services
from handlers.commands.recruit_audit import audit_reply
from handlers.commands.recruit_list import list_reply
from handlers.errors import reporting_failures
from handlers.recruiter_gate import creation_refusal
from handlers.views.create_event import open_create_modal
from handlers.zoom_accounts import zoom_section

COMMAND = "/recruit"


class RecruitCommand:
    def __init__(self, services: Services) -> None:
        self._services = services

    def handle(self, ack: Ack, command: dict[str, Any]) -> None:
        user_id = command["user_id"]
        text = (command.get("text") or "").strip()
        subcommand = text.split()[0].lower() if text else "new"
        if subcommand == "help":
            ack(
                response_type="ephemeral",
                text=t(self._services.people.locale(user_id), "help.text"),
            )
            return
        if subcommand == "zoom":
            person = self._services.people.get(user_id)
            ack(
                response_type="ephemeral",
                text=t(person.locale, "zoomui.header"),
                blocks=zoom_section(self._services, command["team_id"], person),
            )
            return
        if subcommand == "list":
            ack(**list_reply(self._services, command))
            return
        if subcommand == "audit":
            ack(**audit_reply(self._services, command, text[len("audit") :]))
            return
        if subcommand not in ("new", "create"):
            locale = self._services.people.locale(user_id)
            ack(response_type="ephemeral", text=t(locale, "command.unknown", text=text[:100]))
            return
        refusal = creation_refusal(self._services, command["team_id"], user_id)
        if refusal is not None:
            ack(response_type="ephemeral", text=refusal)
            return
        ack()
        with reporting_failures(self._services, user_id, COMMAND):
            open_create_modal(
                self._services,
                team_id=command["team_id"],
                user_id=user_id,
                trigger_id=command["trigger_id"],
                origin_channel=command.get("channel_id"),
            )
