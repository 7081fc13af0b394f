"""The meeting settings an account applies on create (its admin-set defaults), as stored on
the event (`Event.meeting_options`) and shown on the card.

Zoom embeds the passcode in `join_url` (`?pwd=…`) when the host's account says so. When an
admin says "not embedded", the URL we share has no `pwd` and the card shows the passcode.
"""

from __future__ import annotations

import enum
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit


class HostWait(enum.StrEnum):
    """Why participants would wait for the host if nobody starts the meeting as the host."""

    WAITING_ROOM = "waiting_room"  # admitted one by one by the host
    NO_EARLY_JOIN = "no_early_join"  # nobody gets in before the host starts it


@dataclass(frozen=True)
class MeetingOptions:
    embed_passcode: bool
    join_before_host: bool
    waiting_room: bool
    host_owner: str | None = None  # the Slack user whose own Zoom user hosts (None: shared)

    def to_json(self) -> dict[str, Any]:
        return {
            "embed_passcode": self.embed_passcode,
            "join_before_host": self.join_before_host,
            "waiting_room": self.waiting_room,
            "host_owner": self.host_owner,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> MeetingOptions | None:
        if not data:
            return None
        owner = data.get("host_owner")
        return cls(
            embed_passcode=bool(data.get("embed_passcode", True)),
            join_before_host=bool(data.get("join_before_host", False)),
            waiting_room=bool(data.get("waiting_room", False)),
            host_owner=str(owner) if owner else None,
        )

    def host_wait(self, participants: Collection[str]) -> HostWait | None:
        """Participants may be stuck waiting: the host account is a shared one, or its owner
        is not taking part, and the settings make people wait for the host. (Zoom turns
        "join before host" off whenever the waiting room is on.)"""
        if self.host_owner is not None and self.host_owner in participants:
            return None
        if self.waiting_room:
            return HostWait.WAITING_ROOM
        if not self.join_before_host:
            return HostWait.NO_EARLY_JOIN
        return None

    def shared_url(self, join_url: str) -> str:
        """The join URL to hand out: without `pwd` unless the passcode is to be embedded."""
        if self.embed_passcode:
            return join_url
        parts = urlsplit(join_url)
        query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "pwd"]
        return urlunsplit(parts._replace(query=urlencode(query)))
