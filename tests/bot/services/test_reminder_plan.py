"""Planning reminder rows: per-reader times, quiet hours, and skips with reasons."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.services.reminder_plan import SKIP_AFTER_START, SKIP_DUE_BEFORE_CREATION, plan_reminders
from storage.models import Event, Reminder, ReminderKind, ReminderStatus, Workspace

NOW = datetime(2026, 11, 20, 0, 0, tzinfo=UTC)
START = datetime(2026, 11, 24, 5, 0, tzinfo=UTC)  # Tue 14:00 in Tokyo, Tue 00:00 in New York


def event(*specs: str, notify: bool = True) -> Event:
    return Event(
        id=7, team_id="T1", starts_at=START, reminder_specs=list(specs), notify_participants=notify
    )


def workspace(quiet: tuple[str, str] | None = ("22:00", "08:00")) -> Workspace:
    start, end = quiet if quiet else (None, None)
    return Workspace(
        team_id="T1", quiet_hours_start=start, quiet_hours_end=end, calendar_country="JP"
    )


ZONES = {"UTOKYO": "Asia/Tokyo", "UNY": "America/New_York"}


def due_of(rows: list[Reminder], user: str, spec: str) -> datetime:
    return next(r.due_at for r in rows if r.recipient_id == user and r.spec == spec)


def test_the_day_before_at_18_is_each_readers_own_evening() -> None:
    rows = plan_reminders(event("day:1@18:00"), ZONES, workspace=workspace(None), now=NOW)
    assert due_of(rows, "UTOKYO", "day:1@18:00") == datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    # In New York the event is at midnight starting Tuesday: the day before is Monday 18:00 EST.
    assert due_of(rows, "UNY", "day:1@18:00") == datetime(2026, 11, 23, 23, 0, tzinfo=UTC)


def test_quiet_hours_move_only_the_reader_who_would_be_woken() -> None:
    # 1 day before = Mon 14:00 in Tokyo (fine) = Mon 00:00 in New York (quiet): moved to
    # 08:00 Monday there, which is still before the start.
    rows = plan_reminders(event("before:1440"), ZONES, workspace=workspace(), now=NOW)
    assert due_of(rows, "UTOKYO", "before:1440") == datetime(2026, 11, 23, 5, 0, tzinfo=UTC)
    assert due_of(rows, "UNY", "before:1440") == datetime(2026, 11, 23, 13, 0, tzinfo=UTC)


def test_invitations_are_due_now_and_ignore_quiet_hours() -> None:
    rows = plan_reminders(event(), ZONES, workspace=workspace(), now=NOW)
    assert [(r.kind, r.due_at) for r in rows] == [(ReminderKind.INVITATION, NOW)] * 2
    assert plan_reminders(event(notify=False), ZONES, workspace=workspace(), now=NOW) == []


def test_past_and_after_start_offsets_are_recorded_as_skipped() -> None:
    late_now = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
    rows = plan_reminders(
        event("before:2880", "day:0@18:00", "before:60", notify=False),
        {"UTOKYO": "Asia/Tokyo"},
        workspace=workspace(None),
        now=late_now,
    )
    outcome = {r.spec: (r.status, r.skip_reason) for r in rows}
    assert outcome == {
        "before:2880": (ReminderStatus.SKIPPED, SKIP_DUE_BEFORE_CREATION),
        "day:0@18:00": (ReminderStatus.SKIPPED, SKIP_AFTER_START),  # 18:00 > the 14:00 start
        "before:60": (ReminderStatus.PENDING, None),
    }
