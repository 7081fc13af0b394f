"""The 「Zoom を開く」 link button: Slack opens the URL itself and still sends an action,
which only needs an acknowledgement."""

from __future__ import annotations

from slack_bolt import Ack

ACTION_ID = "open_join_url"


def handle(ack: Ack) -> None:
    ack()
