"""The one error path: what a person sees when a listener fails unexpectedly.

Expected problems are handled where they happen (inline modal errors, DMs with advice).
Anything else is logged with a short reference and the person gets a plain sentence in their
language with that reference — never a stack trace. Requests no listener handles (Slack
sends many kinds of payloads) are acknowledged with 200 and logged.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from slack_bolt import BoltResponse
from slack_bolt.error import BoltUnhandledRequestError
from slack_sdk.errors import SlackApiError

from bot.messages import t
from bot.services.container import Services

logger = logging.getLogger(__name__)


@contextmanager
def reporting_failures(services: Services, user_id: str, what: str) -> Iterator[None]:
    """For work after `ack()`: a failure is logged and told to the user by DM, and never
    reaches Bolt (which could otherwise still answer the acknowledged request with 500)."""
    try:
        yield
    except Exception as error:  # noqa: BLE001 - every failure gets the same treatment
        ref = _log_failure(error, what)
        _dm(services, user_id, t(services.people.locale(user_id), "dm.internal_error", ref=ref))


class ErrorHandler:
    def __init__(self, services: Services) -> None:
        self._services = services

    def handle(
        self, error: Exception, body: dict[str, Any], response: BoltResponse | None
    ) -> BoltResponse | None:
        if isinstance(error, BoltUnhandledRequestError):
            logger.info("ignored a Slack request no listener handles: %s", _describe(body))
            return BoltResponse(status=200, body="")
        ref = _log_failure(error, _describe(body))
        user_id = _user_id(body)
        people = self._services.people
        locale = people.locale(user_id) if user_id else people.default_locale
        text = t(locale, "dm.internal_error", ref=ref)
        if response is not None:  # not acknowledged yet: answer on the request's own surface
            if body.get("type") == "view_submission":
                block_id = _first_input_block(body.get("view") or {})
                if block_id:
                    return _json({"response_action": "errors", "errors": {block_id: text}})
            if "command" in body:
                return _json({"response_type": "ephemeral", "text": text})
        if user_id:
            _dm(self._services, user_id, text)
        return BoltResponse(status=200, body="")


def _log_failure(error: Exception, what: str) -> str:
    """Log with a short reference the user can quote; returns the reference."""
    ref = uuid.uuid4().hex[:8]
    logger.error("listener failed [ref %s] on %s", ref, what, exc_info=error)
    return ref


def _dm(services: Services, user_id: str, text: str) -> None:
    try:
        channel = services.people.dm_channel(user_id)
        services.slack.chat_postMessage(channel=channel, text=text)
    except SlackApiError as exc:
        logger.error("could not tell %s about the error: %s", user_id, exc.response.get("error"))


def _json(payload: dict[str, Any]) -> BoltResponse:
    return BoltResponse(
        status=200,
        body=json.dumps(payload, ensure_ascii=False),
        headers={"content-type": "application/json;charset=utf-8"},
    )


def _user_id(body: dict[str, Any]) -> str | None:
    user = body.get("user")
    if isinstance(user, dict) and user.get("id"):
        return str(user["id"])
    if body.get("user_id"):
        return str(body["user_id"])
    event = body.get("event")
    if isinstance(event, dict) and isinstance(event.get("user"), str):
        return str(event["user"])
    return None


def _first_input_block(view: dict[str, Any]) -> str | None:
    for block in view.get("blocks") or []:
        if block.get("type") == "input" and block.get("block_id"):
            return str(block["block_id"])
    return None


def _describe(body: dict[str, Any]) -> str:
    kind = body.get("type") or ("slash_command" if "command" in body else "unknown")
    detail = body.get("command") or (body.get("event") or {}).get("type") or ""
    return f"{kind} {detail}".strip()
