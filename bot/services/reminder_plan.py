"""Planning: the rows a scheduled event needs — one per message, recipient and instant.

Each participant's reminders are timed in their own zone (clock-time and business-day
offsets differ per reader) and moved out of the workspace's quiet hours. A reminder whose
time has already passed when the event is scheduled, or that would fall after the start,
is recorded as skipped with its reason rather than dropped.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from bot.services.reminder_specs import OffsetSpec, QuietHours
from storage.models import Event, Reminder, ReminderKind, ReminderStatus, Workspace

INVITATION_SPEC = "now"

SKIP_DUE_BEFORE_CREATION = "due_before_creation"
SKIP_AFTER_START = "after_start"


def quiet_hours_of(workspace: Workspace | None) -> QuietHours | None:
    if workspace is None or not workspace.quiet_hours_start or not workspace.quiet_hours_end:
        return None
    return QuietHours.parse(workspace.quiet_hours_start, workspace.quiet_hours_end)


def plan_reminders(
    event: Event,
    reader_zones: Mapping[str, str],
    *,
    workspace: Workspace | None,
    now: datetime,
) -> list[Reminder]:
    """`reader_zones`: participant id → their IANA time zone, in participant order."""
    quiet = quiet_hours_of(workspace)
    country = workspace.calendar_country if workspace is not None else "JP"
    specs = [OffsetSpec.parse(text) for text in event.reminder_specs]
    rows: list[Reminder] = []
    for user_id, tz in reader_zones.items():
        if event.notify_participants:
            rows.append(_row(event, user_id, ReminderKind.INVITATION, INVITATION_SPEC, now))
        for spec in specs:
            due = spec.due(event.starts_at, tz, country)
            if quiet is not None:
                due = quiet.adjust(due, event.starts_at, tz)
            row = _row(event, user_id, ReminderKind.REMINDER, str(spec), due)
            if due >= event.starts_at:
                _skip(row, SKIP_AFTER_START)
            elif due <= now:
                _skip(row, SKIP_DUE_BEFORE_CREATION)
            rows.append(row)
    return rows


def _skip(row: Reminder, reason: str) -> None:
    row.status = ReminderStatus.SKIPPED
    row.skip_reason = reason


def _row(event: Event, user_id: str, kind: ReminderKind, spec: str, due: datetime) -> Reminder:
    return Reminder(
        team_id=event.team_id,
        event_id=event.id,
        kind=kind,
        spec=spec,
        recipient_id=user_id,
        due_at=due,
        status=ReminderStatus.PENDING,
        attempts=0,
    )
