"""Who may edit, reissue or cancel an event, read once per click or submission."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from bot.services.roles import EventFacts, Roles
from storage.db import Database
from storage.models import EventStatus
from storage.repositories.events import EventRepository


class Verdict(enum.StrEnum):
    ALLOWED = "allowed"
    NOT_FOUND = "not_found"
    NOT_SCHEDULED = "not_scheduled"  # cancelled (or not issued yet, or failed)
    REFUSED = "refused"


#: The message key telling the person why not (ALLOWED has none).
REFUSAL_KEYS = {
    Verdict.NOT_FOUND: "event_change.not_found",
    Verdict.NOT_SCHEDULED: "event_change.not_scheduled",
    Verdict.REFUSED: "event_change.refused",
}


@dataclass(frozen=True)
class Access:
    verdict: Verdict
    channel_id: str | None = None  # the card's channel (refusals are shown there)
    version: int = 0

    @property
    def allowed(self) -> bool:
        return self.verdict == Verdict.ALLOWED


class EventAccess:
    def __init__(self, db: Database, roles: Roles) -> None:
        self._db = db
        self._roles = roles

    def check(self, team_id: str, event_id: int | None, user_id: str) -> Access:
        if event_id is None:
            return Access(Verdict.NOT_FOUND)
        with self._db.transaction() as session:
            event = EventRepository(session).get(team_id, event_id)
            if event is None:
                return Access(Verdict.NOT_FOUND)
            facts = EventFacts(
                team_id, event.organizer_id, frozenset(p.user_id for p in event.participants)
            )
            status, channel_id, version = event.status, event.channel_id, event.version
        if status != EventStatus.SCHEDULED:
            return Access(Verdict.NOT_SCHEDULED, channel_id, version)
        if not self._roles.can_change_event(facts, user_id):
            return Access(Verdict.REFUSED, channel_id, version)
        return Access(Verdict.ALLOWED, channel_id, version)


def event_id_of(value: object) -> int | None:
    """A button's value or a modal's metadata: the event id, or None when malformed."""
    text = str(value or "")
    return int(text) if text.isdigit() else None
