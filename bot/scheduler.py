"""APScheduler (3.11 `BackgroundScheduler`) decides when the reminder dispatcher runs.

One interval job polls; `wake()` runs it now (a new event was scheduled); after each run the
next run is pulled forward to the next due reminder. No reminder is kept in APScheduler: the
database is the record, so nothing is lost when the process stops.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.background import BackgroundScheduler

from bot.services.reminders import ReminderDispatcher

logger = logging.getLogger(__name__)

JOB_ID = "reminder-dispatch"


class DispatchScheduler:
    def __init__(self, dispatcher: ReminderDispatcher, *, poll_seconds: float) -> None:
        self._dispatcher = dispatcher
        self._poll = timedelta(seconds=poll_seconds)
        self._scheduler = BackgroundScheduler(timezone=UTC)
        self._again = threading.Event()
        # APScheduler's shutdown holds its job-store lock while it waits for running jobs;
        # a running tick that then moved its own next run (`modify_job`, same lock) would
        # wait forever. Moves happen under this lock and stop once `_stopping` is set.
        self._moves = threading.Lock()
        self._stopping = False

    def start(self) -> None:
        """Start polling; the first run (catch-up after downtime) happens at once."""
        self._scheduler.add_job(
            self._tick,
            "interval",
            seconds=self._poll.total_seconds(),
            id=JOB_ID,
            next_run_time=datetime.now(UTC),
            max_instances=1,
            coalesce=True,
            misfire_grace_time=None,
        )
        self._scheduler.start()

    def every(self, interval: timedelta, job: Callable[[], object], job_id: str) -> None:
        """Run a housekeeping `job` now and then every `interval` (errors are logged)."""

        def run() -> None:
            try:
                job()
            except Exception:
                logger.exception("%s failed; will retry in %s", job_id, interval)

        self._scheduler.add_job(
            run,
            "interval",
            seconds=interval.total_seconds(),
            id=job_id,
            next_run_time=datetime.now(UTC),
            max_instances=1,
            coalesce=True,
            misfire_grace_time=None,
        )

    @property
    def running(self) -> bool:
        """Started and not (being) shut down."""
        return bool(self._scheduler.running)

    def wake(self) -> None:
        """Run the dispatcher as soon as possible (safe from any thread)."""
        self._again.set()
        self._move_next_run(datetime.now(UTC))

    def shutdown(self) -> None:
        """Stop; a run under way finishes first."""
        with self._moves:
            self._stopping = True
        if self._scheduler.running:
            self._scheduler.shutdown(wait=True)

    def _move_next_run(self, when: datetime) -> None:
        with self._moves:
            if not self._stopping and self._scheduler.running:
                self._scheduler.modify_job(JOB_ID, next_run_time=when)

    def _tick(self) -> None:
        while True:
            self._again.clear()
            try:
                report = self._dispatcher.run_once()
                if report.sent or report.skipped or report.failed:
                    logger.info(
                        "reminders: %d sent, %d skipped, %d failed, %d deferred",
                        report.sent,
                        report.skipped,
                        report.failed,
                        report.deferred,
                    )
            except Exception:
                logger.exception("reminder dispatch failed; will retry on the next tick")
            if not self._again.is_set():
                break
        self._pull_forward()

    def _pull_forward(self) -> None:
        try:
            next_due = self._dispatcher.next_due_at()
        except Exception:
            logger.exception("could not read the next due reminder")
            return
        now = datetime.now(UTC)
        if next_due is not None and next_due < now + self._poll:
            self._move_next_run(max(next_due, now))
