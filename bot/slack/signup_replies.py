"""What the person who clicked 「参加する」 / 「参加をやめる」 is told, only to them: an
ephemeral message in the card's channel, or a DM when Slack won't show one there."""

from __future__ import annotations

import logging
from typing import Any, Literal

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.messages import Locale, t
from bot.services.signups import SignupResult
from bot.services.templates import escape
from bot.slack.people import PeopleDirectory

logger = logging.getLogger(__name__)

SignupAction = Literal["join", "leave"]


def reply_text(locale: Locale, action: SignupAction, result: SignupResult) -> str:
    event = result.event
    if event is None:
        return t(locale, "signup.not_found")
    if result.refusal is not None:
        key = f"signup.{action}.{result.refusal.value}"
    elif action == "join":
        key = "signup.join.ok_url" if result.url_dm else "signup.join.ok"
    else:
        key = "signup.leave.ok"
    kind = t(locale, f"kind.{event.kind}")
    return t(
        locale,
        key,
        kind=kind.lower() if locale == "en" else kind,
        title=escape(event.title),
        organizer=event.organizer_id,
        capacity=event.capacity or 0,
    )


def tell(
    slack: WebClient, people: PeopleDirectory, channel: str | None, user_id: str, text: str
) -> None:
    """Show `text` to `user_id` alone in `channel`; by DM when that fails (never dropped
    silently: a failing DM is logged)."""
    if channel:
        try:
            slack.chat_postEphemeral(channel=channel, user=user_id, text=text)
            return
        except SlackApiError as exc:
            logger.info(
                "ephemeral to %s in %s refused: %s", user_id, channel, exc.response.get("error")
            )
    try:
        slack.chat_postMessage(channel=people.dm_channel(user_id), text=text)
    except (SlackClientError, OSError) as exc:
        logger.error("could not tell %s about their sign-up: %s", user_id, exc)


def reply_channel(result: SignupResult, body: dict[str, Any]) -> str | None:
    """Where the card is: the event's channel, else where the click came from."""
    if result.event is not None:
        return result.event.channel_id
    container = body.get("container") or {}
    channel = body.get("channel") or {}
    found = container.get("channel_id") or channel.get("id")
    return str(found) if found else None
