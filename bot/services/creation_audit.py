"""The audit rows written when an event's meeting is stored: `created` (what was asked for)
and `account_chosen` (which Zoom account hosts it, and why). Called inside the transaction
that makes the event scheduled, so the trail and the event never disagree."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.services import audit
from storage.models import AuditAction, Event

AUTO = "auto"


def record_creation(
    session: Session, event: Event, *, account_name: str, why: str | None, now: datetime
) -> None:
    """`event` has its participants loaded and its meeting fields set."""
    audit.record(
        session,
        event,
        actor_id=event.organizer_id,
        action=AuditAction.CREATED,
        now=now,
        details={
            "kind": event.kind,
            "title": event.title,
            "start": event.starts_at.isoformat(),
            "duration": event.duration_minutes,
            "timezone": event.timezone,
            "channel": event.channel_id,
            "participants": [p.user_id for p in event.participants],
        },
    )
    automatic = event.requested_account == AUTO
    details: dict[str, object] = {"account": account_name, "account_id": event.zoom_account_id}
    if automatic:
        details["requested"] = AUTO
    if why:
        details["why"] = why
    audit.record(
        session,
        event,
        actor_id=audit.SYSTEM_ACTOR if automatic else event.organizer_id,
        action=AuditAction.ACCOUNT_CHOSEN,
        now=now,
        details=details,
    )
