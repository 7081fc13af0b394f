"""Planning: the rows a scheduled event needs — one per message, recipient and instant.

Each participant's reminders are timed in their own zone (clock-time and business-day
offsets differ per reader) and moved out of the workspace's quiet hours. A reminder whose
time has already passed when the event is scheduled, or that would fall after the start,
is recorded as skipped with its reason rather than dropped.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

from sqlalchemy.orm import Session

from bot.services.reminder_specs import OffsetSpec, QuietHours
from storage.models import Event, Reminder, ReminderKind, ReminderStatus, Workspace
from storage.repositories.reminders import ReminderRepository
from storage.repositories.slack_users import SlackUserRepository

INVITATION_SPEC = "now"

SKIP_DUE_BEFORE_CREATION = "due_before_creation"
SKIP_DUE_BEFORE_CHANGE = "due_before_change"
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
        rows += plan_for_reader(
            event, user_id, tz, workspace=workspace, now=now, invite=event.notify_participants
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


def plan_for_reader(
    event: Event,
    user_id: str,
    tz: str,
    *,
    workspace: Workspace | None,
    now: datetime,
    invite: bool,
) -> list[Reminder]:
    """One reader's rows (e.g. someone who signed up later): the invitation with the URL,
    due `now`, when `invite`, then their reminders timed in `tz`."""
    rows = [_row(event, user_id, ReminderKind.INVITATION, INVITATION_SPEC, now)] if invite else []
    return rows + _timed_rows(
        event, user_id, ReminderKind.REMINDER, tz, event.reminder_specs, workspace, now
    )


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


def retime_pending_reminders(
    session: Session, event: Event, *, workspace: Workspace | None, now: datetime
) -> None:
    """After the event's start moved: its pending reminders go at their offsets from the new
    start, each DM in its reader's stored zone (the event's when none is stored), channel
    posts in the event's zone. Invitations stay as they are; a reminder being sent right now
    is left to its sender."""
    reminders = ReminderRepository(session)
    pending = [
        row
        for row in reminders.pending_unclaimed(event.id, now=now)
        if row.kind != ReminderKind.INVITATION
    ]
    readers = {row.recipient_id for row in pending if row.kind == ReminderKind.REMINDER}
    zones = SlackUserRepository(session).zones(event.team_id, readers)
    reminders.retime(retimed(event, pending, zones, workspace=workspace, now=now), now=now)


def retimed(
    event: Event,
    pending: Iterable[Reminder],
    reader_zones: Mapping[str, str],
    *,
    workspace: Workspace | None,
    now: datetime,
) -> list[tuple[int, datetime, str | None]]:
    """(row id, new due time, why it won't go or None) for reminders of a moved event. One
    whose new time has already passed is skipped (`due_before_change`), not sent late."""
    timings: dict[tuple[str, str], tuple[datetime, str | None]] = {}
    changes: list[tuple[int, datetime, str | None]] = []
    for row in pending:
        if row.kind == ReminderKind.CHANNEL:
            tz = event.timezone
        else:
            tz = reader_zones.get(row.recipient_id, event.timezone)
        if (tz, row.spec) not in timings:
            [(_, due, skip)] = schedule(event, tz, workspace=workspace, now=now, specs=[row.spec])
            if skip == SKIP_DUE_BEFORE_CREATION:
                skip = SKIP_DUE_BEFORE_CHANGE
            timings[(tz, row.spec)] = (due, skip)
        due, skip = timings[(tz, row.spec)]
        changes.append((row.id, due, skip))
    return changes


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
