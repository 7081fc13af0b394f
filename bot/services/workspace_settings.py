"""A workspace's reminder settings: default texts per language, quiet hours, holiday calendar.

Only admins change them (the handlers check); this module validates and stores them on the
`Workspace` row. Quiet hours and the calendar apply to reminders planned from then on; the
default texts apply at send time, so they reach reminders already queued too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

import holidays

from bot.errors import FieldErrors
from bot.messages import Locale
from bot.services.templates import DraftFacts, Reader, TemplateError, render
from bot.slack import settings_modal as modal
from storage.db import Database
from storage.repositories.workspaces import WorkspaceRepository

DEFAULT_COUNTRY = "JP"


@dataclass(frozen=True)
class ReminderSettings:
    template_ja: str | None
    template_en: str | None
    quiet_start: str | None  # "HH:MM" in each reader's zone; None with quiet_end: off
    quiet_end: str | None
    country: str


def supported_countries() -> frozenset[str]:
    return frozenset(holidays.list_supported_countries())


def validate_settings(form: modal.SettingsForm, *, now: datetime) -> ReminderSettings:
    errors: dict[str, tuple[str, dict[str, object]]] = {}

    def fail(block_id: str, key: str, **params: object) -> None:
        errors.setdefault(block_id, (key, params))

    for block_id, text, language in (
        (modal.TEMPLATE_JA, form.template_ja, "ja"),
        (modal.TEMPLATE_EN, form.template_en, "en"),
    ):
        if text is None:
            continue
        try:
            render(text, _sample_event(now), Reader("x", _locale(language), "UTC"), "x")
        except TemplateError as error:
            fail(block_id, error.key, **error.params)

    quiet_start = quiet_end = None
    if not form.quiet_off:
        if form.quiet_start is None:
            fail(modal.QUIET_START, "settings.error.quiet_missing")
        if form.quiet_end is None:
            fail(modal.QUIET_END, "settings.error.quiet_missing")
        if form.quiet_start is not None and form.quiet_end is not None:
            try:
                start, end = (
                    time.fromisoformat(form.quiet_start),
                    time.fromisoformat(form.quiet_end),
                )
            except ValueError:
                fail(modal.QUIET_START, "settings.error.quiet_missing")
            else:
                if start == end:
                    fail(modal.QUIET_END, "settings.error.quiet_same")
                quiet_start, quiet_end = f"{start:%H:%M}", f"{end:%H:%M}"

    if form.country not in supported_countries():
        fail(modal.COUNTRY, "settings.error.country", code=form.country)

    if errors:
        raise FieldErrors(errors)
    return ReminderSettings(
        template_ja=form.template_ja,
        template_en=form.template_en,
        quiet_start=quiet_start,
        quiet_end=quiet_end,
        country=form.country,
    )


def load_settings(db: Database, team_id: str) -> ReminderSettings:
    """The current settings (the column defaults when the workspace has no row yet)."""
    with db.transaction() as session:
        workspace = WorkspaceRepository(session).get(team_id)
        if workspace is None:
            return ReminderSettings(None, None, "22:00", "08:00", DEFAULT_COUNTRY)
        return ReminderSettings(
            template_ja=workspace.reminder_template_ja,
            template_en=workspace.reminder_template_en,
            quiet_start=workspace.quiet_hours_start,
            quiet_end=workspace.quiet_hours_end,
            country=workspace.calendar_country or DEFAULT_COUNTRY,
        )


def save_settings(db: Database, team_id: str, settings: ReminderSettings, *, now: datetime) -> None:
    with db.transaction() as session:
        workspace = WorkspaceRepository(session).ensure(team_id, now=now)
        workspace.reminder_template_ja = settings.template_ja
        workspace.reminder_template_en = settings.template_en
        workspace.quiet_hours_start = settings.quiet_start
        workspace.quiet_hours_end = settings.quiet_end
        workspace.calendar_country = settings.country


def _locale(language: str) -> Locale:
    return "en" if language == "en" else "ja"


def _sample_event(now: datetime) -> DraftFacts:
    """Values for checking a default text: every variable has one, so only a text that is
    empty by itself fails (an event lacking e.g. a note falls back to the built-in text)."""
    return DraftFacts(
        kind="interview",
        title="x",
        starts_at=now,
        duration_minutes=60,
        join_url="x",
        passcode="x",
        account_name="x",
        channel_id="C0",
        organizer_id="U0",
        note="x",
    )
