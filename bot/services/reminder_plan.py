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
    rows: list[Reminder] = []
    for user_id, tz in reader_zones.items():
        if event.notify_participants:
            rows.append(_row(event, user_id, ReminderKind.INVITATION, INVITATION_SPEC, now))
        rows += _timed_rows(
            event, user_id, ReminderKind.REMINDER, tz, event.reminder_specs, workspace, now
        )
    # Channel reminders are read by many people: they follow the event's own zone.
    rows += _timed_rows(
        event,
        event.channel_id,
        ReminderKind.CHANNEL,
        event.timezone,
        event.channel_reminder_specs or [],
        workspace,
        now,
    )
    return rows


def _timed_rows(
    event: Event,
    recipient: str,
    kind: ReminderKind,
    tz: str,
    specs: list[str],
    workspace: Workspace | None,
    now: datetime,
) -> list[Reminder]:
    rows = []
    for spec, due, skip_reason in schedule(event, tz, workspace=workspace, now=now, specs=specs):
        row = _row(event, recipient, kind, spec, due)
        if skip_reason is not None:
            row.status = ReminderStatus.SKIPPED
            row.skip_reason = skip_reason
        rows.append(row)
    return rows


def schedule(
    event: Event,
    tz: str,
    *,
    workspace: Workspace | None,
    now: datetime,
    specs: list[str] | None = None,
) -> list[tuple[str, datetime, str | None]]:
    """For a reader in `tz`: (spec, when it goes, why it won't go or None), in spec order.
    `specs`: the event's DM reminders unless given (e.g. its channel reminders)."""
    quiet = quiet_hours_of(workspace)
    country = workspace.calendar_country if workspace is not None else "JP"
    result = []
    for text in event.reminder_specs if specs is None else specs:
        due = OffsetSpec.parse(text).due(event.starts_at, tz, country)
        if quiet is not None:
            due = quiet.adjust(due, event.starts_at, tz)
        skip_reason = None
        if due >= event.starts_at:
            skip_reason = SKIP_AFTER_START
        elif due <= now:
            skip_reason = SKIP_DUE_BEFORE_CREATION
        result.append((text, due, skip_reason))
    return result


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
