"""Reminder delivery at scale: `python bench/reminders.py [--postgres ADMIN_URL] [--quick]`.

Against PostgreSQL (a scratch database created and dropped by the script) and the Slack
stand-in, loopback only. Every dispatcher is its own OS process with a real clock; the
stand-in runs in this process and its record (receive time, message metadata) is what is
counted. Scenarios:

  a. 10,000 reminders due at one instant, 3 dispatcher processes: lateness (due → the
     stand-in receiving the post) p50/p99/max, throughput, lost, duplicates.
  b. 100,000 due at one instant: the same (bounded by --limit-seconds; what was not
     delivered in time is reported as unfinished, never guessed).
  c. 100,000 future reminders stored: a fresh dispatcher's start-up (build + first run +
     next due) and RSS growth, next to the same with nothing stored.
  d. 1 hour of downtime, 10,000 overdue: everything ends sent or skipped with a reason.
  baseline. APScheduler 3.11 BackgroundScheduler + SQLAlchemyJobStore, one date job per
     reminder, default settings (misfire_grace_time 1 s, 10 threads), same burst.

Prints a Markdown table. Nothing is timed inside the unit tests; this script is the measure.
"""

from __future__ import annotations

import argparse
import logging
import multiprocessing as mp
import os
import sys
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import create_engine, func, insert, make_url, select, text

from bot.slack.client import PooledWebClient
from standins.slack import SlackStandIn
from storage.db import Database, make_engine
from storage.migrate import upgrade
from storage.models import (
    Event,
    EventParticipant,
    Reminder,
    ReminderStatus,
    SlackUser,
    Workspace,
)

TEAM = "T0BENCH"
TOKEN = "xoxb-bench-token"  # noqa: S105 - the stand-in's token
USERS = 1_000  # distinct recipients (each process looks each one up once: users.info + DM)
PER_EVENT = 10  # participants per event
PROCESSES = 3


# --------------------------------------------------------------------------- data


def users() -> list[str]:
    return [f"UB{i:05d}" for i in range(USERS)]


def seed(db: Database, count: int, due: Any, starts: Any, first_event: int = 1) -> None:
    """`count` reminders, `PER_EVENT` per event; `due(i)`/`starts(i)` per event index."""
    people = users()
    now = datetime.now(UTC)
    events = count // PER_EVENT
    with db.transaction() as session:
        if session.get(Workspace, TEAM) is None:
            session.add(Workspace(team_id=TEAM, created_at=now))
            session.flush()
            # As planning does: each reader's language and zone stored for every process.
            session.execute(
                insert(SlackUser),
                [
                    {
                        "team_id": TEAM,
                        "user_id": user,
                        "locale": "ja",
                        "tz": "Asia/Tokyo",
                        "name": user,
                        "is_admin": False,
                        "fetched_at": now,
                    }
                    for user in people
                ],
            )
        for chunk in range(0, events, 2_000):
            ids = range(first_event + chunk, first_event + min(events, chunk + 2_000))
            session.execute(
                insert(Event),
                [
                    {
                        "id": e,
                        "team_id": TEAM,
                        "submission_key": f"bench-{e}",
                        "kind": "info_session",
                        "title": f"説明会 {e}",
                        "starts_at": starts(e - first_event),
                        "duration_minutes": 60,
                        "timezone": "Asia/Tokyo",
                        "channel_id": "C0BENCH",
                        "organizer_id": people[0],
                        "notify_participants": False,
                        "reminder_specs": ["before:60"],
                        "requested_account": "auto",
                        "status": "scheduled",
                        "join_url": "https://zoom.example/j/1",
                        "version": 1,
                        "created_at": now,
                        "updated_at": now,
                    }
                    for e in ids
                ],
            )
            members = [
                (e, people[((e - first_event) * PER_EVENT + k) % USERS])
                for e in ids
                for k in range(PER_EVENT)
            ]
            session.execute(
                insert(EventParticipant),
                [{"team_id": TEAM, "event_id": e, "user_id": u} for e, u in members],
            )
            session.execute(
                insert(Reminder),
                [
                    {
                        "team_id": TEAM,
                        "event_id": e,
                        "kind": "reminder",
                        "spec": "before:60",
                        "recipient_id": u,
                        "due_at": due(e - first_event),
                        "status": "pending",
                        "attempts": 0,
                    }
                    for e, u in members
                ],
            )


def reset(db: Database) -> None:
    with db.transaction() as session:
        session.execute(text("TRUNCATE reminders, event_participants, events CASCADE"))


# --------------------------------------------------------------------------- dispatcher processes


def dispatcher_process(
    db_url: str,
    api_url: str,
    threads: int,
    batch: int,
    ready: Any,
    go: Any,
    done: Any,
    results: Any,
) -> None:
    from bot.clock import SystemClock
    from bot.services.reminders import ReminderDispatcher
    from bot.slack.people import PeopleDirectory

    clock = SystemClock()
    db = Database(make_engine(db_url))
    client = PooledWebClient(token=TOKEN, base_url=api_url, retry_handlers=[], timeout=10)
    people = PeopleDirectory(client, clock)
    dispatcher = ReminderDispatcher(
        db, client, people, clock, batch_size=batch, send_threads=threads
    )
    client.auth_test()  # connections warm; nothing is sent before the go
    dispatcher.next_due_at()
    ready.put(os.getpid())
    go.wait()
    cpu_began = time.process_time()
    totals: Counter[str] = Counter()
    while not done.is_set():
        report = dispatcher.run_once()
        totals.update(
            sent=report.sent,
            skipped=report.skipped,
            failed=report.failed,
            deferred=report.deferred,
            lost_leases=report.lost_leases,
        )
        if not (report.sent or report.skipped or report.failed or report.deferred):
            done.wait(0.02)
    totals["cpu_ms"] = round((time.process_time() - cpu_began) * 1000)
    db.dispose()
    results.put(dict(totals))


@dataclass
class Burst:
    count: int
    processes: int
    elapsed: float = 0.0
    lateness: list[float] = field(default_factory=list)
    duplicates: int = 0
    lost: int = 0
    unfinished: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    pending_left: int = 0
    reports: list[dict[str, int]] = field(default_factory=list)
    #: CPU seconds used by the dispatcher processes, and by this process (the stand-in).
    dispatcher_cpu: float = 0.0
    standin_cpu: float = 0.0

    def cpu_note(self) -> str:
        return f"CPU: dispatchers {self.dispatcher_cpu:.1f} s, stand-in {self.standin_cpu:.1f} s"


def run_dispatchers(
    db: Database,
    db_url: str,
    slack: SlackStandIn,
    *,
    expected_ids: set[int],
    due_at: float,
    limit: float,
    threads: int,
    batch: int,
) -> Burst:
    """Start PROCESSES dispatchers, release them, wait until every row left `pending`."""
    ctx = mp.get_context("spawn")
    ready, results = ctx.Queue(), ctx.Queue()
    go, done = ctx.Event(), ctx.Event()
    procs = [
        ctx.Process(
            target=dispatcher_process,
            args=(db_url, slack.api_url, threads, batch, ready, go, done, results),
        )
        for _ in range(PROCESSES)
    ]
    for proc in procs:
        proc.start()
    for _ in procs:
        ready.get(timeout=60)
    slack.reset_calls()
    cpu_began = time.process_time()
    go.set()
    deadline = time.time() + limit
    pending = len(expected_ids)
    while time.time() < deadline:
        with db.transaction() as session:
            pending = (
                session.scalar(
                    select(func.count()).where(Reminder.status == ReminderStatus.PENDING)
                )
                or 0
            )
        if pending == 0:
            break
        time.sleep(0.2)
    done.set()
    standin_cpu = time.process_time() - cpu_began
    reports = [results.get(timeout=120) for _ in procs]
    for proc in procs:
        proc.join(timeout=60)
    burst = Burst(count=len(expected_ids), processes=PROCESSES, pending_left=pending)
    burst.reports = reports
    burst.dispatcher_cpu = sum(report.get("cpu_ms", 0) for report in reports) / 1000
    burst.standin_cpu = standin_cpu
    posts = [call for call in slack.calls_to("chat.postMessage") if call.ok and call.status == 200]
    ids = [int(call.args["metadata"]["event_payload"]["reminder_id"]) for call in posts]
    counts = Counter(ids)
    burst.duplicates = sum(n - 1 for n in counts.values() if n > 1)
    with db.transaction() as session:
        rows = session.execute(
            select(Reminder.id, Reminder.status, Reminder.skip_reason, Reminder.last_error)
        ).all()
    skipped = {row.id for row in rows if row.status == ReminderStatus.SKIPPED}
    failed = {row.id for row in rows if row.status == ReminderStatus.FAILED}
    burst.skipped = dict(Counter(str(row.skip_reason) for row in rows if row.id in skipped))
    unfinished = {row.id for row in rows if row.status == ReminderStatus.PENDING}
    burst.unfinished = len(unfinished)
    # Lost: meant to go out (not skipped or failed with a reason, not still pending when the
    # time limit hit) yet absent from the stand-in's record.
    burst.lost = len(expected_ids - set(counts) - skipped - failed - unfinished)
    burst.lateness = sorted(call.received_at - due_at for call in posts)
    if posts:
        burst.elapsed = max(call.received_at for call in posts) - due_at
    return burst


def burst_scenario(
    db: Database, db_url: str, slack: SlackStandIn, count: int, args: argparse.Namespace
) -> Burst:
    reset(db)
    lead = 2.0 + count / 20_000  # the seeding happens before the due instant
    due = datetime.now(UTC) + timedelta(days=1)  # placeholder, replaced below
    start = due + timedelta(hours=1)
    seed(db, count, due=lambda i: due, starts=lambda i: start)
    due_at = time.time() + lead
    instant = datetime.fromtimestamp(due_at, UTC)
    with db.transaction() as session:
        session.execute(
            Reminder.__table__.update().values(due_at=instant)  # type: ignore[attr-defined]
        )
        session.execute(
            Event.__table__.update().values(  # type: ignore[attr-defined]
                starts_at=instant + timedelta(hours=1)
            )
        )
        ids = set(session.scalars(select(Reminder.id)).all())
    return run_dispatchers(
        db,
        db_url,
        slack,
        expected_ids=ids,
        due_at=due_at,
        limit=args.limit_seconds,
        threads=args.threads,
        batch=args.batch,
    )


def downtime_scenario(
    db: Database, db_url: str, slack: SlackStandIn, count: int, args: argparse.Namespace
) -> Burst:
    """The bot was down for an hour: reminders due over that hour are all overdue now.

    Events start between 30 minutes ago and 30 minutes from now, reminded 30 minutes
    before: those already started must be skipped (`event_started`), the rest sent.
    """
    reset(db)
    now = datetime.now(UTC)
    events = count // PER_EVENT

    def starts(i: int) -> datetime:
        return now - timedelta(minutes=30) + timedelta(hours=1) * (i / events)

    seed(db, count, due=lambda i: starts(i) - timedelta(minutes=30), starts=starts)
    with db.transaction() as session:
        ids = set(session.scalars(select(Reminder.id)).all())
    return run_dispatchers(
        db,
        db_url,
        slack,
        expected_ids=ids,
        due_at=time.time(),
        limit=args.limit_seconds,
        threads=args.threads,
        batch=args.batch,
    )


# --------------------------------------------------------------------------- the stand-in alone


def flood_process(
    api_url: str,
    request: dict[str, Any],
    ids: list[int],
    threads: int,
    ready: Any,
    go: Any,
    results: Any,
) -> None:
    """Post `request` once per id (its metadata naming the id), on `threads` threads."""
    from concurrent.futures import ThreadPoolExecutor

    client = PooledWebClient(token=TOKEN, base_url=api_url, retry_handlers=[], timeout=10)
    client.auth_test()
    ready.put(os.getpid())
    go.wait()
    cpu_began = time.process_time()

    def post(reminder_id: int) -> None:
        metadata = {
            "event_type": "recruitbot_reminder",
            "event_payload": {"reminder_id": reminder_id},
        }
        client.chat_postMessage(**{**request, "metadata": metadata})

    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(post, ids))
    results.put(round((time.process_time() - cpu_began) * 1000))


def standin_ceiling(
    slack: SlackStandIn, request: dict[str, Any], count: int, threads: int
) -> Burst:
    """The stand-in serving the dispatchers' own request as fast as PROCESSES clients with
    `threads` threads each can send it, nothing else running: what any dispatcher could
    reach here at best."""
    ctx = mp.get_context("spawn")
    go, ready, results = ctx.Event(), ctx.Queue(), ctx.Queue()
    ids = list(range(1, count + 1))
    procs = [
        ctx.Process(
            target=flood_process,
            args=(slack.api_url, request, ids[n::PROCESSES], threads, ready, go, results),
        )
        for n in range(PROCESSES)
    ]
    for proc in procs:
        proc.start()
    for _ in procs:
        ready.get(timeout=60)
    slack.reset_calls()
    cpu_began = time.process_time()
    began = time.time()
    go.set()
    cpu_ms = [results.get(timeout=600) for _ in procs]
    standin_cpu = time.process_time() - cpu_began
    for proc in procs:
        proc.join(timeout=60)
    posts = [c for c in slack.calls_to("chat.postMessage") if c.ok]
    burst = Burst(count=count, processes=PROCESSES)
    burst.lateness = sorted(c.received_at - began for c in posts)
    burst.elapsed = max((c.received_at for c in posts), default=began) - began
    burst.lost = count - len({c.args["metadata"]["event_payload"]["reminder_id"] for c in posts})
    burst.dispatcher_cpu = sum(cpu_ms) / 1000
    burst.standin_cpu = standin_cpu
    return burst


# --------------------------------------------------------------------------- start-up


def startup_process(db_url: str, api_url: str, results: Any) -> None:
    from bot.clock import SystemClock
    from bot.services.reminders import ReminderDispatcher
    from bot.slack.people import PeopleDirectory

    def rss_kib() -> int:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return 0

    before = rss_kib()
    began = time.perf_counter()
    clock = SystemClock()
    # (Everything from here on counts: engine, pool, first connection, first run.)
    db = Database(make_engine(db_url))
    client = PooledWebClient(token=TOKEN, base_url=api_url, retry_handlers=[], timeout=10)
    dispatcher = ReminderDispatcher(db, client, PeopleDirectory(client, clock), clock)
    report = dispatcher.run_once()
    next_due = dispatcher.next_due_at()
    elapsed = time.perf_counter() - began
    results.put(
        {
            "seconds": elapsed,
            "rss_growth_kib": rss_kib() - before,
            "sent": report.sent,
            "next_due": next_due.isoformat() if next_due else None,
        }
    )
    db.dispose()


def startup_scenario(db: Database, db_url: str, slack: SlackStandIn, stored: int) -> dict[str, Any]:
    reset(db)
    if stored:
        later = datetime.now(UTC) + timedelta(days=3)
        seed(
            db,
            stored,
            due=lambda i: later + timedelta(seconds=i),
            starts=lambda i: later + timedelta(days=1),
        )
    with db.transaction() as session:
        session.execute(text("ANALYZE reminders"))
    ctx = mp.get_context("spawn")
    results = ctx.Queue()
    proc = ctx.Process(target=startup_process, args=(db_url, slack.api_url, results))
    proc.start()
    outcome: dict[str, Any] = results.get(timeout=120)
    proc.join(timeout=60)
    return outcome


# --------------------------------------------------------------------------- APScheduler baseline

_baseline_client: Any = None


def baseline_send(user: str, reminder_id: int) -> None:
    """One APScheduler job: post one reminder (the same call the dispatcher makes)."""
    _baseline_client.chat_postMessage(
        channel=user,
        text="リマインダー",
        metadata={
            "event_type": "recruitbot_reminder",
            "event_payload": {"reminder_id": reminder_id},
        },
    )


@dataclass
class Baseline:
    count: int
    executed: int = 0
    missed: int = 0
    errors: int = 0
    delivered: int = 0
    elapsed: float = 0.0
    add_seconds: float = 0.0
    lateness: list[float] = field(default_factory=list)


def baseline_scenario(slack: SlackStandIn, db_url: str, count: int, limit: float) -> Baseline:
    global _baseline_client
    from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED, EVENT_JOB_MISSED
    from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
    from apscheduler.schedulers.background import BackgroundScheduler

    _baseline_client = PooledWebClient(token=TOKEN, base_url=slack.api_url, retry_handlers=[])
    engine = create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE IF EXISTS apscheduler_jobs"))
    store = SQLAlchemyJobStore(engine=engine)
    scheduler = BackgroundScheduler(jobstores={"default": store}, timezone=UTC)
    result = Baseline(count=count)
    lock = threading.Lock()
    finished = threading.Event()

    def listen(event: Any) -> None:
        with lock:
            if event.code == EVENT_JOB_EXECUTED:
                result.executed += 1
            elif event.code == EVENT_JOB_MISSED:
                result.missed += 1
            else:
                result.errors += 1
            if result.executed + result.missed + result.errors >= count:
                finished.set()

    scheduler.add_listener(listen, EVENT_JOB_EXECUTED | EVENT_JOB_MISSED | EVENT_JOB_ERROR)
    people = users()
    # The jobs are stored before the instant (adding is not part of the burst).
    scheduler.start(paused=True)
    began = time.perf_counter()
    due = datetime.now(UTC) + timedelta(days=1)
    for i in range(count):
        scheduler.add_job(
            baseline_send,
            "date",
            run_date=due,
            args=[people[i % USERS], i + 1],
            id=f"reminder-{i + 1}",
        )
    result.add_seconds = time.perf_counter() - began
    # Moving every job to the instant is one UPDATE each: leave time for it before the instant.
    due_at = time.time() + 2.0 + 1.5 * result.add_seconds
    instant = datetime.fromtimestamp(due_at, UTC)
    for job in scheduler.get_jobs():
        job.modify(next_run_time=instant)
    if time.time() > due_at - 0.5:
        print("# baseline: moving the jobs overran the instant", file=sys.stderr)
    slack.reset_calls()
    scheduler.resume()
    finished.wait(limit)
    scheduler.shutdown(wait=True)
    engine.dispose()
    posts = [c for c in slack.calls_to("chat.postMessage") if c.ok]
    result.delivered = len(posts)
    result.lateness = sorted(c.received_at - due_at for c in posts)
    if posts:
        result.elapsed = max(c.received_at for c in posts) - due_at
    return result


# --------------------------------------------------------------------------- report


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    return values[min(len(values) - 1, int(q * len(values)))]


def verdict(ok: bool) -> str:
    return "met" if ok else "**not met**"


def baseline_row(base: Any, ours: float) -> str:
    """The baseline's table row. When APScheduler ran none of the burst (every job missed
    its 1 s grace while the jobs were still being added) there is no rate to compare."""

    def seconds(value: float | None) -> str:
        return f"{value:.2f} s" if value is not None else "–"

    lateness = base.lateness
    if base.delivered and base.elapsed > 0:
        rate = base.delivered / base.elapsed
        rate_text = f"{rate:,.0f}/s"
        ratio = f"{ours / rate:.1f}× {verdict(ours >= 10 * rate)}"
    else:
        rate_text = "0/s"
        ratio = "baseline delivered nothing (no ratio)"
    return (
        f"| baseline: APScheduler job store, one job per reminder | {base.count:,} | 1 "
        f"| {seconds(pct(lateness, 0.5) if lateness else None)} "
        f"| {seconds(pct(lateness, 0.99) if lateness else None)} "
        f"| {seconds(lateness[-1] if lateness else None)} "
        f"| {rate_text} | – | {base.missed:,} dropped as misfired "
        f"| executed {base.executed:,}, errors {base.errors}, adding the jobs took "
        f"{base.add_seconds:.0f} s | ours ≥ 10×: {ratio} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--postgres",
        default=os.environ.get(
            "RECRUITBOT_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
        ),
        help="an admin URL; a scratch database is created next to it and dropped afterwards",
    )
    parser.add_argument("--quick", action="store_true", help="1/10 of every size (a smoke run)")
    parser.add_argument("--threads", type=int, default=4, help="send threads per dispatcher")
    parser.add_argument("--batch", type=int, default=100, help="rows claimed per batch")
    parser.add_argument("--limit-seconds", type=float, default=240, help="per scenario bound")
    parser.add_argument("--skip-100k", action="store_true", help="leave out scenario b")
    parser.add_argument(
        "--baseline-only", action="store_true", help="only the APScheduler baseline"
    )
    args = parser.parse_args()
    logging.getLogger("apscheduler").setLevel(logging.ERROR)  # one "missed" line per job
    scale = 10 if args.quick else 1

    admin_url = make_url(args.postgres)
    name = f"recruitbot_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    db_url = admin_url.set(database=name).render_as_string(hide_password=False)
    rows: list[str] = []
    try:
        db = Database(make_engine(db_url))
        upgrade(db.engine)
        # Message timestamps follow the real clock, as Slack's do: the dispatcher's look-up
        # of an earlier send (after an unknown outcome) searches by time.
        with SlackStandIn(bot_token=TOKEN, team_id=TEAM, now=lambda: datetime.now(UTC)) as slack:
            for user in users():
                slack.add_user(user, name=user.lower(), locale="en-US")
            small, large = 10_000 // scale, 100_000 // scale

            def burst_row(label: str, burst: Burst, target: float) -> str:
                p99 = pct(burst.lateness, 0.99)
                sent = len(burst.lateness)
                rate = sent / burst.elapsed if burst.elapsed > 0 else float("nan")
                note = (
                    f"{burst.unfinished} still pending at the {args.limit_seconds:.0f} s limit"
                    if burst.unfinished
                    else "all delivered"
                )
                note += f"; {burst.cpu_note()}"
                ok = p99 <= target and not burst.unfinished and not burst.lost
                return (
                    f"| {label} | {burst.count:,} | {PROCESSES} | {pct(burst.lateness, 0.5):.2f} s "
                    f"| {p99:.2f} s | {burst.lateness[-1] if sent else float('nan'):.2f} s "
                    f"| {rate:,.0f}/s | {burst.duplicates} | {burst.lost} | {note} "
                    f"| p99 ≤ {target:.0f} s: {verdict(ok)} |"
                )

            print(f"# seeding and running (scale 1/{scale})…", file=sys.stderr, flush=True)
            if args.baseline_only:
                base = baseline_scenario(slack, db_url, small, args.limit_seconds)
                rate = base.delivered / base.elapsed if base.elapsed > 0 else float("nan")
                rows.append(
                    f"| baseline | {base.count:,} | 1 | {pct(base.lateness, 0.5):.2f} s "
                    f"| {pct(base.lateness, 0.99):.2f} s | – | {rate:,.0f}/s | – "
                    f"| {base.missed:,} dropped as misfired | executed {base.executed:,} | – |"
                )
                print("\n".join(rows))
                raise SystemExit(0)
            a = burst_scenario(db, db_url, slack, small, args)
            rows.append(burst_row("a. due at one instant", a, 2))
            print(f"# a done: {a.reports}; {a.cpu_note()}", file=sys.stderr, flush=True)
            # The request the dispatchers sent, replayed as fast as the stand-in takes it.
            sample = next(c for c in slack.calls_to("chat.postMessage") if c.ok)
            request = {k: v for k, v in sample.args.items() if k not in ("token", "metadata")}
            e = standin_ceiling(slack, request, small, args.threads)
            e_rate = len(e.lateness) / e.elapsed if e.elapsed > 0 else float("nan")
            a_rate = len(a.lateness) / a.elapsed if a.elapsed > 0 else float("nan")
            print(f"# e done; {e.cpu_note().replace('dispatchers', 'clients')}", file=sys.stderr)
            if not args.skip_100k:
                slack.reset_calls()
                b = burst_scenario(db, db_url, slack, large, args)
                rows.append(burst_row("b. due at one instant", b, 30))
                print(f"# b done: {b.reports}; {b.cpu_note()}", file=sys.stderr, flush=True)
            d = downtime_scenario(db, db_url, slack, small, args)
            print(f"# d done: {d.reports}", file=sys.stderr, flush=True)
            sent_d = len(d.lateness)
            skipped_d = sum(d.skipped.values())
            reasons = ", ".join(f"{k}: {v:,}" for k, v in sorted(d.skipped.items()))
            accounted = sent_d + skipped_d == d.count and not d.duplicates
            rows.append(
                f"| d. 1 h downtime, overdue | {d.count:,} | {PROCESSES} | – | – "
                f"| {d.elapsed:.2f} s to drain | {sent_d / d.elapsed if d.elapsed else 0:,.0f}/s "
                f"| {d.duplicates} | {d.lost} | sent {sent_d:,}, skipped {skipped_d:,} ({reasons})"
                f"{f', {d.unfinished} pending' if d.unfinished else ''} "
                f"| all sent or skipped: {verdict(accounted)} |"
            )
            empty = startup_scenario(db, db_url, slack, 0)
            full = startup_scenario(db, db_url, slack, large)
            growth = full["rss_growth_kib"] / 1024
            baseline_growth = empty["rss_growth_kib"] / 1024
            due_to_rows = growth - baseline_growth
            ok_start = full["seconds"] <= 2 and due_to_rows <= 10 and full["sent"] == 0
            rows.append(
                f"| c. start-up, future rows stored | {large:,} | 1 | – | – | – | – | – | – "
                f"| start-up {full['seconds']:.2f} s, RSS +{growth:.1f} MB; with 0 stored "
                f"{empty['seconds']:.2f} s, +{baseline_growth:.1f} MB: growth due to the stored "
                f"rows {due_to_rows:+.1f} MB | ≤ 2 s, ≤ 10 MB: {verdict(ok_start)} |"
            )
            reset(db)
            base = baseline_scenario(slack, db_url, small, args.limit_seconds)
            ours = len(a.lateness) / a.elapsed if a.elapsed > 0 else 0.0
            rows.append(baseline_row(base, ours))
            rows.append(
                f"| e. the stand-in alone: scenario a's request replayed by {PROCESSES}×"
                f"{args.threads} clients, no database | {e.count:,} | {PROCESSES} "
                f"| {pct(e.lateness, 0.5):.2f} s | {pct(e.lateness, 0.99):.2f} s "
                f"| {e.elapsed:.2f} s | {e_rate:,.0f}/s | – | {e.lost} "
                f"| the ceiling here: scenario a ran at {a_rate / e_rate:.0%} of it "
                f"({e.cpu_note().replace('dispatchers', 'clients')}) | – |"
            )
        db.dispose()
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    print(
        "| scenario | reminders | processes | lateness p50 | p99 | max | throughput "
        "| duplicates | lost | outcome | target |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for row in rows:
        print(row)
    cpu = os.cpu_count()
    print(f"\nMachine: {cpu} CPUs; Slack stand-in in the benchmark process; PostgreSQL local.")


if __name__ == "__main__":
    main()
