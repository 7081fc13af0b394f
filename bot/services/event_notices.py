"""The Slack side of a change people made to an event: the card redrawn in place, a note in
its thread, a DM per reader. Each call is logged on failure and never stops the others (the
change itself is already committed)."""

from __future__ import annotations

import logging
from collections.abc import Callable

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.messages import Locale, t
from bot.slack.cards import EventView, Message
from bot.slack.people import PeopleDirectory, Person

logger = logging.getLogger(__name__)


class EventNotices:
    def __init__(self, slack: WebClient, people: PeopleDirectory) -> None:
        self._slack = slack
        self._people = people

    @property
    def card_locale(self) -> Locale:
        """Cards and thread notes are read by many: the workspace's default language."""
        return self._people.default_locale

    def update_card(self, view: EventView, card: Message) -> None:
        card_ts = view.card_ts
        if card_ts is None:  # never posted (the organizer was told then)
            return
        self._send(
            f"event {view.id}: card update",
            lambda: self._slack.chat_update(
                channel=view.channel_id, ts=card_ts, text=card.text, blocks=card.blocks
            ),
        )

    def in_thread(self, view: EventView, text: str) -> None:
        if view.card_ts is None:
            return
        self._send(
            f"event {view.id}: note in the card's thread",
            lambda: self._slack.chat_postMessage(
                channel=view.channel_id, thread_ts=view.card_ts, text=text, unfurl_links=False
            ),
        )

    def dm(self, user_id: str, render: Callable[[Person], str]) -> None:
        """A DM rendered for its reader (language, zone)."""
        self._send(
            f"DM to {user_id}",
            lambda: self._slack.chat_postMessage(
                channel=self._people.dm_channel(user_id),
                text=render(self._people.get(user_id)),
                unfurl_links=False,
            ),
        )

    def tell(self, channel_id: str | None, user_id: str, key: str, **params: object) -> None:
        """Message `key` in the person's language, shown to them alone in `channel_id`
        (ephemeral); a DM when there is no channel or the ephemeral cannot be posted."""
        text = t(self._people.locale(user_id), key, **params)
        if channel_id is not None:
            try:
                self._slack.chat_postEphemeral(channel=channel_id, user=user_id, text=text)
                return
            except (SlackApiError, SlackClientError, OSError):
                logger.info("ephemeral to %s in %s failed; sending a DM", user_id, channel_id)
        self.dm(user_id, lambda _person: text)

    @staticmethod
    def _send(what: str, call: Callable[[], object]) -> None:
        try:
            call()
        except SlackApiError as exc:
            logger.warning("%s failed: %s", what, exc.response.get("error"))
        except (SlackClientError, OSError) as exc:
            logger.warning("%s failed: %s", what, type(exc).__name__)
