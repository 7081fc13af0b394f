"""The audit trail of an event: who changed what, when (before/after for edits, the reason
for an account choice or a cancellation). Rows are written in the same transaction as the
change they describe, so the trail never disagrees with the event."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import AuditAction, Event, EventAudit

#: Actors that are not Slack users.
ZOOM_ACTOR = "zoom"
SYSTEM_ACTOR = "system"


def record(
    session: Session,
    event: Event,
    *,
    actor_id: str,
    action: AuditAction,
    now: datetime,
    details: dict[str, Any] | None = None,
) -> EventAudit:
    """Add one audit row for `event` (call inside the transaction making the change).
    `details` must be JSON-serialisable: instants as ISO strings, e.g. `{"start": [old, new]}`."""
    row = EventAudit(
        team_id=event.team_id,
        event_id=event.id,
        actor_id=actor_id,
        action=action.value,
        details=details or {},
        created_at=now,
    )
    session.add(row)
    return row


def history(session: Session, event_id: int) -> Sequence[EventAudit]:
    """Every audit row of an event, oldest first."""
    query = (
        select(EventAudit)
        .where(EventAudit.event_id == event_id)
        .order_by(EventAudit.created_at, EventAudit.id)
    )
    return session.scalars(query).all()
