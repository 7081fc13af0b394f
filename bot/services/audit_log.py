"""Reading an event's audit trail for `/recruit audit <event>`: which event is meant (`12`,
`#12`, or a link to its card), and its rows, oldest first."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.services import audit
from storage.db import Database
from storage.models import Event
from storage.repositories.event_listing import EventListing
from storage.repositories.events import EventRepository

_ID = re.compile(r"^#?(\d{1,12})$")
# https://<workspace>.slack.com/archives/C0123/p1700000000000100 (Slack may wrap it in <…>).
_PERMALINK = re.compile(r"/archives/([A-Z0-9]+)/p(\d{10})(\d{6})")


@dataclass(frozen=True)
class EventRef:
    event_id: int | None = None
    channel_id: str | None = None
    card_ts: str | None = None


def parse_ref(text: str) -> EventRef | None:
    """`12`, `#12` or a card permalink; None when it is none of these."""
    text = text.strip().strip("<>").split("|")[0]
    found = _ID.match(text)
    if found:
        return EventRef(event_id=int(found.group(1)))
    link = _PERMALINK.search(text)
    if link:
        return EventRef(channel_id=link.group(1), card_ts=f"{link.group(2)}.{link.group(3)}")
    return None


@dataclass(frozen=True)
class AuditEntry:
    actor_id: str
    action: str
    details: dict[str, Any]
    created_at: datetime


@dataclass(frozen=True)
class AuditTrail:
    event_id: int
    kind: str
    title: str
    organizer_id: str
    entries: tuple[AuditEntry, ...]


def load_trail(db: Database, team_id: str, ref: EventRef) -> AuditTrail | None:
    """The event's trail, or None when this workspace has no such event."""
    with db.transaction() as session:
        event: Event | None
        if ref.event_id is not None:
            event = EventRepository(session).get(team_id, ref.event_id)
        elif ref.channel_id is not None and ref.card_ts is not None:
            event = EventListing(session).by_card(team_id, ref.channel_id, ref.card_ts)
        else:
            event = None
        if event is None:
            return None
        rows = audit.history(session, event.id)
        return AuditTrail(
            event_id=event.id,
            kind=event.kind,
            title=event.title,
            organizer_id=event.organizer_id,
            entries=tuple(
                AuditEntry(r.actor_id, r.action, dict(r.details or {}), r.created_at) for r in rows
            ),
        )
