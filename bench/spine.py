"""Spine benchmarks: `python bench/spine.py [--postgres URL]`.

1. /recruit → views.open latency while Zoom holds 8 meeting creations open (ack-first design).
2. Reminder dispatch throughput: N due reminders delivered to the Slack stand-in by one
   dispatcher, counting duplicates and losses from the stand-in's own record.
Prints a Markdown table. Bounded: it stops by itself; loopback only.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.clock import ManualClock
from standins.harness import LocalWorkspace, fill_modal
from storage.models import Event, EventParticipant, EventStatus, Reminder, ReminderKind
from storage.repositories.workspaces import WorkspaceRepository

T0 = datetime(2026, 11, 23, tzinfo=UTC)


def ack_latency(ws: LocalWorkspace, commands: int) -> list[float]:
    creds = ws.add_zoom_app("bench@example.com")
    ws.link_zoom("bench", creds)
    gate = ws.zoom.hold_creates()
    for i in range(8):  # eight submissions stuck in a slow Zoom
        before = len(ws.slack.calls_to("views.open"))
        ws.slash_command("U0RECRUITER")
        view = ws.slack.wait_for("views.open", count=before + 1)[-1].args["view"]
        ws.submit_view(
            fill_modal(view, {"title": f"slow {i}", "channel": "C0HARNESS"}), "U0RECRUITER"
        )
    gate.wait_held(8)
    latencies = []
    for _ in range(commands):
        before = len(ws.slack.calls_to("views.open"))
        started = time.perf_counter()
        ws.slash_command("U0RECRUITER")
        ws.slack.wait_for("views.open", count=before + 1, timeout=10)
        latencies.append(time.perf_counter() - started)
    gate.release()
    ws.wait_idle()
    return latencies


def dispatch(ws: LocalWorkspace, count: int) -> tuple[float, int, int]:
    people = [f"UB{i:05d}" for i in range(count)]
    for user in people:
        ws.slack.add_user(user, name=user)
    start = T0 + timedelta(days=2)
    with ws.services.db.transaction() as session:
        WorkspaceRepository(session).ensure("T0HARNESS", now=T0)
        event = Event(
            team_id="T0HARNESS",
            submission_key="bench",
            kind="info_session",
            title="bench",
            starts_at=start,
            duration_minutes=60,
            timezone="Asia/Tokyo",
            channel_id="C0HARNESS",
            organizer_id="U0RECRUITER",
            notify_participants=False,
            reminder_specs=["before:60"],
            requested_account="auto",
            status=EventStatus.SCHEDULED,
            join_url="https://z/j/1",
            version=1,
            created_at=T0,
            updated_at=T0,
        )
        session.add(event)
        session.flush()
        session.add_all(
            EventParticipant(team_id="T0HARNESS", event_id=event.id, user_id=u) for u in people
        )
        session.add_all(
            Reminder(
                team_id="T0HARNESS",
                event_id=event.id,
                kind=ReminderKind.REMINDER,
                spec="before:60",
                recipient_id=u,
                due_at=start - timedelta(hours=1),
                status="pending",
                attempts=0,
            )
            for u in people
        )
    ws.clock.set(start - timedelta(hours=1))
    ws.slack.reset_calls()
    began = time.perf_counter()
    report = ws.services.dispatcher.run_once()
    elapsed = time.perf_counter() - began
    delivered = [m["channel"] for m in ws.slack.messages() if m["channel"].startswith("DB")]
    duplicates = len(delivered) - len(set(delivered))
    lost = count - len(set(delivered))
    assert report.sent == count - lost
    return elapsed, duplicates, lost


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--postgres", help="postgresql+psycopg://… (a scratch database)")
    parser.add_argument("--commands", type=int, default=100)
    parser.add_argument("--reminders", type=int, default=1000)
    args = parser.parse_args()
    targets = {"SQLite": None, "PostgreSQL": args.postgres}
    print(
        "| database | /recruit→views.open p50 | p99 | max | reminders | dispatch time | per second | duplicates | lost |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for name, url in targets.items():
        if name == "PostgreSQL" and not url:
            continue
        with tempfile.TemporaryDirectory() as tmp:
            db = url or f"sqlite:///{Path(tmp) / 'bench.db'}"
            with LocalWorkspace(database_url=db, clock=ManualClock(T0)) as ws:
                ws.add_person("U0RECRUITER", "bench")
                ws.slack.add_channel("C0HARNESS", name="bench")
                lat = sorted(ack_latency(ws, args.commands))
                elapsed, dups, lost = dispatch(ws, args.reminders)
        p99 = lat[min(len(lat) - 1, int(0.99 * len(lat)))] * 1000
        print(
            f"| {name} | {statistics.median(lat) * 1000:.0f} ms | {p99:.0f} ms | {lat[-1] * 1000:.0f} ms "
            f"| {args.reminders} | {elapsed:.1f} s | {args.reminders / elapsed:.0f} | {dups} | {lost} |"
        )


if __name__ == "__main__":
    main()
