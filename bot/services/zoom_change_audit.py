"""Audit rows for changes that came from Zoom (its webhooks): the meeting was edited there
(`changed_in_zoom`, before → after) or deleted (`cancelled`). The actor is Zoom."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from bot.services import audit
from bot.slack.zoom_notes import MeetingEdit
from storage.models import AuditAction, Event

DELETED_IN_ZOOM = "meeting_deleted_in_zoom"


def record_zoom_edit(session: Session, event: Event, edit: MeetingEdit, *, now: datetime) -> None:
    details: dict[str, Any] = {}
    if edit.start is not None:
        details["start"] = [edit.start[0].isoformat(), edit.start[1].isoformat()]
    if edit.duration is not None:
        details["duration"] = list(edit.duration)
    if edit.title is not None:
        details["title"] = list(edit.title)
    audit.record(
        session,
        event,
        actor_id=audit.ZOOM_ACTOR,
        action=AuditAction.CHANGED_IN_ZOOM,
        now=now,
        details=details,
    )


def record_zoom_deletion(session: Session, event: Event, *, now: datetime) -> None:
    audit.record(
        session,
        event,
        actor_id=audit.ZOOM_ACTOR,
        action=AuditAction.CANCELLED,
        now=now,
        details={"reason": DELETED_IN_ZOOM, "meeting_id": event.meeting_id},
    )
