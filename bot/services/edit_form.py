"""Turning a submitted edit modal into an `EventEdit`, or inline errors per field (the same
checks and words as the create modal, for the fields the edit modal has)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from bot.errors import FieldErrors
from bot.messages import Locale
from bot.services.event_form import check_schedule
from bot.slack import create_modal as modal
from bot.slack import signup_fields
from storage.models import EventKind


@dataclass(frozen=True)
class EventEdit:
    """The event as the editor wants it (every field of the edit modal)."""

    kind: EventKind
    title: str
    starts_at: datetime  # UTC
    duration_minutes: int
    timezone: str
    invited: tuple[str, ...]  # participants chosen in the modal (sign-ups are kept apart)
    note: str | None
    signups_open: bool
    capacity: int | None
    url_on_signup: bool


def validate_edit(form: modal.CreateForm, *, now: datetime, locale: Locale) -> EventEdit:
    errors: dict[str, tuple[str, dict[str, object]]] = {}

    def fail(block_id: str, key: str, **params: object) -> None:
        errors.setdefault(block_id, (key, params))

    starts_at = check_schedule(form, now=now, locale=locale, fail=fail)
    capacity: int | None = None
    try:
        capacity = signup_fields.parse_capacity(form.signups.capacity)
    except ValueError:
        fail(signup_fields.SIGNUP_CAPACITY, "error.signup_capacity")
    if errors or starts_at is None or form.duration is None:
        raise FieldErrors(errors)
    return EventEdit(
        kind=form.kind,
        title=form.title,
        starts_at=starts_at.astimezone(UTC),
        duration_minutes=form.duration,
        timezone=form.timezone,
        invited=tuple(dict.fromkeys(form.participants)),
        note=form.note,
        signups_open=form.signups.open,
        capacity=capacity,
        url_on_signup=form.signups.url_on_signup,
    )
