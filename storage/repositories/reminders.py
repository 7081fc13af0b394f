from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, Table, bindparam, case, func, or_, select, update
from sqlalchemy.orm import Session

from storage.models import Reminder, ReminderStatus


class ReminderRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add_all(self, reminders: Iterable[Reminder]) -> None:
        self._session.add_all(list(reminders))
        self._session.flush()

    def claim_due(
        self, *, now: datetime, owner: str, lease_until: datetime, limit: int
    ) -> list[Reminder]:
        """Lease up to `limit` due reminders to `owner` (see `claim_due_marked`)."""
        claimed, _ = self.claim_due_marked(
            now=now, owner=owner, lease_until=lease_until, limit=limit
        )
        return claimed

    def claim_due_marked(
        self, *, now: datetime, owner: str, lease_until: datetime, limit: int
    ) -> tuple[list[Reminder], set[int]]:
        """Lease up to `limit` due reminders to `owner`; also the ids whose lease had expired.

        On PostgreSQL, rows another process is claiming are skipped (`FOR UPDATE SKIP
        LOCKED`), so several dispatchers share the work. An expired lease (a process that
        died mid-batch) makes its rows claimable again; those rows are returned in the set,
        because their earlier holder may have sent them without recording it. (A row given
        back on purpose, `retry_later`, has no holder.)
        """
        claimable = (
            (Reminder.status == ReminderStatus.PENDING)
            & (Reminder.due_at <= now)
            & or_(Reminder.locked_until.is_(None), Reminder.locked_until <= now)
        )
        candidates = (
            select(Reminder.id, Reminder.locked_by)
            .where(claimable)
            .order_by(Reminder.due_at, Reminder.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        rows = self._session.execute(candidates).all()
        if not rows:
            return [], set()
        ids = [row.id for row in rows]
        abandoned = {row.id for row in rows if row.locked_by is not None}
        self._session.execute(
            update(Reminder)
            .where(Reminder.id.in_(ids), claimable)
            .values(locked_by=owner, locked_until=lease_until)
            .execution_options(synchronize_session=False)
        )
        claimed_query = select(Reminder).where(Reminder.id.in_(ids), Reminder.locked_by == owner)
        claimed = list(
            self._session.scalars(claimed_query.order_by(Reminder.due_at, Reminder.id)).all()
        )
        return claimed, abandoned & {reminder.id for reminder in claimed}

    def finish(self, reminder_id: int, *, owner: str, **values: object) -> bool:
        """Move a leased reminder out of pending; False when the lease was lost meanwhile."""
        return reminder_id in self.finish_many(owner, [(reminder_id, values)])

    def finish_many(
        self, owner: str, outcomes: Sequence[tuple[int, dict[str, object]]]
    ) -> set[int]:
        """`finish` for a batch, in a few statements: returns the ids whose lease still held.

        The rows are locked first (PostgreSQL), so the compare-and-swap is decided once for
        the batch; the updates keep the same conditions (SQLite, any other writer)."""
        if not outcomes:
            return set()
        held = set(
            self._session.scalars(
                select(Reminder.id)
                .where(
                    Reminder.id.in_([reminder_id for reminder_id, _ in outcomes]),
                    Reminder.status == ReminderStatus.PENDING,
                    Reminder.locked_by == owner,
                )
                .with_for_update()
            ).all()
        )
        table = Reminder.__table__
        assert isinstance(table, Table)
        groups: dict[tuple[str, ...], list[dict[str, object]]] = {}
        for reminder_id, values in outcomes:
            if reminder_id in held:
                row = {"locked_by": None, "locked_until": None, **values}
                groups.setdefault(tuple(sorted(row)), []).append(
                    {"row_id": reminder_id, **{f"new_{k}": v for k, v in row.items()}}
                )
        connection = self._session.connection()
        for keys, params in groups.items():
            statement = (
                update(table)
                .where(
                    table.c.id == bindparam("row_id"),
                    table.c.status == ReminderStatus.PENDING,
                    table.c.locked_by == owner,
                )
                .values({key: bindparam(f"new_{key}") for key in keys})
            )
            connection.execute(statement, params)
        return held

    def retry_later(
        self,
        reminder_id: int,
        *,
        owner: str,
        not_before: datetime,
        error: str | None,
        attempt: bool,
    ) -> bool:
        """Give a leased reminder back, not to be claimed before `not_before`."""
        values: dict[str, object] = {"locked_by": None, "locked_until": not_before}
        if error is not None:
            values["last_error"] = error
        if attempt:
            values["attempts"] = Reminder.attempts + 1
        return self._update_leased(reminder_id, owner, values)

    def _update_leased(self, reminder_id: int, owner: str, values: dict[str, object]) -> bool:
        """Compare-and-swap: only while the row is still pending under `owner`'s lease."""
        result = self._session.execute(
            update(Reminder)
            .where(
                Reminder.id == reminder_id,
                Reminder.status == ReminderStatus.PENDING,
                Reminder.locked_by == owner,
            )
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        return bool(getattr(result, "rowcount", 0) == 1)

    def next_due_at(self) -> datetime | None:
        """When the next pending reminder may be sent (its due time, or later if deferred)."""
        ready_at = case(
            (Reminder.locked_until > Reminder.due_at, Reminder.locked_until),
            else_=Reminder.due_at,
        )
        query = select(func.min(ready_at)).where(Reminder.status == ReminderStatus.PENDING)
        value: datetime | None = self._session.scalar(query)
        return value

    # ---- changing an event's queued reminders (its meeting moved or was cancelled)

    def pending_unclaimed(self, event_id: int, *, now: datetime) -> list[Reminder]:
        """The event's pending reminders that no dispatcher is sending right now."""
        query = select(Reminder).where(Reminder.event_id == event_id, _pending_unclaimed(now))
        return list(self._session.scalars(query.order_by(Reminder.id)).all())

    def retime(self, changes: Sequence[tuple[int, datetime, str | None]], *, now: datetime) -> None:
        """(id, new due time, skip reason or None) per row, in a few statements; rows a
        dispatcher has claimed since are left to it."""
        table = Reminder.__table__
        assert isinstance(table, Table)
        unclaimed = _pending_unclaimed(now)
        moved = [{"row_id": i, "new_due_at": due} for i, due, skip in changes if skip is None]
        skipped = [
            {"row_id": i, "new_due_at": due, "new_skip_reason": skip}
            for i, due, skip in changes
            if skip is not None
        ]
        connection = self._session.connection()
        if moved:
            connection.execute(
                update(table)
                .where(table.c.id == bindparam("row_id"), unclaimed)
                .values(due_at=bindparam("new_due_at")),
                moved,
            )
        if skipped:
            connection.execute(
                update(table)
                .where(table.c.id == bindparam("row_id"), unclaimed)
                .values(
                    due_at=bindparam("new_due_at"),
                    status=ReminderStatus.SKIPPED,
                    skip_reason=bindparam("new_skip_reason"),
                    locked_by=None,
                    locked_until=None,
                ),
                skipped,
            )

    def skip_pending(self, event_id: int, reason: str, *, now: datetime) -> int:
        """Skip every pending reminder of the event that no dispatcher is sending right now."""
        result = self._session.execute(
            update(Reminder)
            .where(Reminder.event_id == event_id, _pending_unclaimed(now))
            .values(
                status=ReminderStatus.SKIPPED,
                skip_reason=reason,
                locked_by=None,
                locked_until=None,
            )
            .execution_options(synchronize_session=False)
        )
        return int(getattr(result, "rowcount", 0) or 0)


def _pending_unclaimed(now: datetime) -> ColumnElement[bool]:
    """Pending and not under a live lease (a row being sent is finished by its sender)."""
    return (Reminder.status == ReminderStatus.PENDING) & or_(
        Reminder.locked_by.is_(None), Reminder.locked_until.is_(None), Reminder.locked_until <= now
    )
