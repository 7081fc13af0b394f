"""Turning a submitted create modal into an `EventDraft`, or inline errors per field."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.clock import Clock
from bot.errors import FieldErrors
from bot.messages import Locale, t
from bot.services.reminder_specs import InvalidSpec, OffsetSpec, sort_specs
from bot.services.templates import DraftFacts, Reader, TemplateError, render
from bot.slack import create_modal as modal
from bot.slack import signup_fields
from bot.slack.timefmt import local_text
from storage.db import Database
from storage.models import (
    MAX_DURATION_MINUTES,
    MIN_DURATION_MINUTES,
    AccountStatus,
    EventKind,
)
from storage.repositories.zoom_accounts import ZoomAccountRepository

logger = logging.getLogger(__name__)

MAX_OFFSET_MINUTES = 30 * 24 * 60


@dataclass(frozen=True)
class EventDraft:
    team_id: str
    organizer_id: str
    kind: EventKind
    title: str
    starts_at: datetime  # UTC
    duration_minutes: int
    timezone: str
    participant_ids: tuple[str, ...]
    channel_id: str
    requested_account: str  # "auto" or our account id
    reminder_specs: tuple[str, ...]  # OffsetSpec text, earliest first
    notify_participants: bool
    note: str | None
    reminder_template: str | None = None  # the event's own reminder text (checked)
    channel_reminder_specs: tuple[str, ...] = ()  # posted in the channel, event's zone
    channel_reminders_in_thread: bool = True
    signups_open: bool = False
    capacity: int | None = None  # sign-ups taken at most; None: no limit
    url_on_signup: bool = True


def draft_facts(
    form: modal.CreateForm,
    *,
    organizer_id: str,
    locale: Locale,
    now: datetime,
    account_label: str | None = None,
) -> DraftFacts:
    """What the modal says so far, as template values (missing pieces get stand-ins)."""
    starts_at = now
    if form.start_date is not None and form.start_time is not None:
        try:
            zone = ZoneInfo(form.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            zone = ZoneInfo("UTC")
        starts_at = datetime.combine(form.start_date, form.start_time, tzinfo=zone)
    return DraftFacts(
        kind=form.kind.value,
        title=form.title,
        starts_at=starts_at,
        duration_minutes=form.duration or 60,
        join_url=t(locale, "template.sample_url"),
        passcode=t(locale, "template.sample_passcode"),
        account_name=account_label or t(locale, "modal.account_auto"),
        channel_id=form.channel or "",
        organizer_id=organizer_id,
        note=form.note,
    )


def form_start(form: modal.CreateForm) -> datetime | None:
    """The start the modal says so far, in UTC (None: incomplete or not a real time)."""
    if form.start_date is None or form.start_time is None:
        return None
    try:
        zone = ZoneInfo(form.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    local = datetime.combine(form.start_date, form.start_time, tzinfo=zone)
    return None if _skipped_by_dst(local) else local.astimezone(UTC)


def first_offset(form: modal.CreateForm, facts: DraftFacts) -> OffsetSpec:
    """The reminder a preview shows: the earliest one chosen, else 1 hour before."""
    specs: set[OffsetSpec] = set()
    for text in form.reminder_specs:
        try:
            specs.add(OffsetSpec.parse(text))
        except InvalidSpec:
            continue
    specs |= {OffsetSpec.before(m) for m in _parse_offsets(form.custom_reminders) or set()}
    if not specs:
        return OffsetSpec.before(60)
    return sort_specs(specs, facts.starts_at, _known_zone(form.timezone))[0]


def _known_zone(tz: str) -> str:
    return tz if tz in available_timezones() else "UTC"


def check_schedule(
    form: modal.CreateForm, *, now: datetime, locale: Locale, fail: Callable[..., None]
) -> datetime | None:
    """Title, time zone, start (given, real, in the future), duration and participants —
    what the create and edit modals share. Returns the start (aware) when it is valid."""
    if not 1 <= len(form.title) <= 200:
        fail(modal.TITLE, "error.title_length")
    try:
        zone: ZoneInfo | None = ZoneInfo(form.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        zone = None
        fail(modal.TIMEZONE, "error.timezone_unknown")
    starts_at: datetime | None = None
    if form.start_date is None:
        fail(modal.START_DATE, "error.start_missing")
    if form.start_time is None:
        fail(modal.START_TIME, "error.start_missing")
    if form.start_date is not None and form.start_time is not None and zone is not None:
        starts_at = datetime.combine(form.start_date, form.start_time, tzinfo=zone)
        if _skipped_by_dst(starts_at):
            fail(modal.START_TIME, "error.start_nonexistent")
            starts_at = None
        elif starts_at <= now:
            when = local_text(starts_at, form.timezone, locale)
            fail(modal.START_TIME, "error.start_in_past", when=when)
            starts_at = None
    if form.duration is None or not (MIN_DURATION_MINUTES <= form.duration <= MAX_DURATION_MINUTES):
        fail(modal.DURATION, "error.duration_range")
    if len(form.participants) > modal.MAX_PARTICIPANTS:
        fail(modal.PARTICIPANTS, "error.participants_max", max=modal.MAX_PARTICIPANTS)
    return starts_at


class EventFormValidator:
    def __init__(self, db: Database, slack: WebClient, clock: Clock) -> None:
        self._db = db
        self._slack = slack
        self._clock = clock

    def validate(
        self, form: modal.CreateForm, *, team_id: str, organizer_id: str, locale: Locale
    ) -> EventDraft:
        errors: dict[str, tuple[str, dict[str, object]]] = {}

        def fail(block_id: str, key: str, **params: object) -> None:
            errors.setdefault(block_id, (key, params))

        starts_at = check_schedule(form, now=self._clock.now(), locale=locale, fail=fail)
        specs: set[OffsetSpec] = set()
        for text in form.reminder_specs:
            try:
                specs.add(OffsetSpec.parse(text))
            except InvalidSpec:
                fail(modal.REMINDERS, "error.reminder_unknown")
        channel_specs: set[OffsetSpec] = set()
        for text in form.channel_reminder_specs:
            try:
                channel_specs.add(OffsetSpec.parse(text))
            except InvalidSpec:
                fail(modal.CHANNEL_REMINDERS, "error.reminder_unknown")
        custom = _parse_offsets(form.custom_reminders)
        if custom is None:
            fail(modal.CUSTOM_REMINDERS, "error.custom_reminder")
        else:
            specs |= {OffsetSpec.before(minutes) for minutes in custom}
        if form.channel is None:
            fail(modal.CHANNEL, "error.channel_unreachable")
        else:
            problem = self._channel_problem(form.channel)
            if problem:
                fail(modal.CHANNEL, problem)
        self._check_account(form.zoom_account, team_id, fail)
        capacity: int | None = None
        try:
            capacity = signup_fields.parse_capacity(form.signups.capacity)
        except ValueError:
            fail(signup_fields.SIGNUP_CAPACITY, "error.signup_capacity")
        if form.reminder_template is not None:
            facts = draft_facts(
                form, organizer_id=organizer_id, locale=locale, now=self._clock.now()
            )
            try:
                render(
                    form.reminder_template,
                    facts,
                    Reader(name=organizer_id, locale=locale, tz=_known_zone(form.timezone)),
                    first_offset(form, facts),
                )
            except TemplateError as error:
                fail(modal.TEMPLATE, error.key, **error.params)

        if errors or starts_at is None or form.duration is None or form.channel is None:
            raise FieldErrors(errors)
        return EventDraft(
            team_id=team_id,
            organizer_id=organizer_id,
            kind=form.kind,
            title=form.title,
            starts_at=starts_at.astimezone(ZoneInfo("UTC")),
            duration_minutes=form.duration,
            timezone=form.timezone,
            participant_ids=tuple(dict.fromkeys(form.participants)),
            channel_id=form.channel,
            requested_account=form.zoom_account,
            reminder_specs=tuple(str(s) for s in sort_specs(specs, starts_at, form.timezone)),
            notify_participants=form.notify_participants,
            channel_reminder_specs=tuple(
                str(s) for s in sort_specs(channel_specs, starts_at, form.timezone)
            ),
            channel_reminders_in_thread=form.channel_reminders_in_thread,
            note=form.note,
            reminder_template=form.reminder_template,
            signups_open=form.signups.open,
            capacity=capacity,
            url_on_signup=form.signups.url_on_signup,
        )

    def _check_account(self, choice: str, team_id: str, fail: Callable[..., None]) -> None:
        with self._db.transaction() as session:
            accounts = ZoomAccountRepository(session).list_for_team(team_id)
            if not accounts:
                fail(modal.ZOOM_ACCOUNT, "error.no_accounts")
                return
            if choice == modal.AUTO_ACCOUNT:
                return
            chosen = next((a for a in accounts if str(a.id) == choice), None)
            if chosen is None:
                fail(modal.ZOOM_ACCOUNT, "error.account_unknown")
            elif chosen.status != AccountStatus.OK:
                fail(modal.ZOOM_ACCOUNT, "error.account_unavailable", name=chosen.display_name)

    def _channel_problem(self, channel_id: str) -> str | None:
        """A message key when the bot cannot post in the channel, else None."""
        try:
            channel = self._slack.conversations_info(channel=channel_id)["channel"]
        except SlackApiError as exc:
            error = exc.response.get("error")
            if error in ("channel_not_found", "not_in_channel", "missing_scope"):
                return "error.channel_unreachable"
            # Slack itself is unwell: don't block the recruiter; posting reports any problem.
            logger.warning("conversations.info failed for %s: %s", channel_id, error)
            return None
        if channel.get("is_im") or channel.get("is_mpim"):
            return "error.channel_is_dm"
        if channel.get("is_member") or not channel.get("is_private"):
            return None  # members post anywhere; public channels via chat:write.public
        return "error.channel_unreachable"


def _parse_offsets(text: str) -> set[int] | None:
    """ "30, 180" → {30, 180}; "" → set(); anything invalid → None."""
    if not text:
        return set()
    result = set()
    normalized = text.translate(_FULLWIDTH).replace("、", ",").replace("，", ",")
    for part in normalized.split(","):
        part = part.strip()
        if not part:
            continue
        # ASCII digits only: str.isdigit() also accepts ①, ² … which int() cannot read.
        if not (part.isascii() and part.isdigit()) or not 1 <= int(part) <= MAX_OFFSET_MINUTES:
            return None
        result.add(int(part))
    return result


# Full-width digits （０–９）, as a Japanese IME types them, read as ASCII digits.
_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")


def _skipped_by_dst(local: datetime) -> bool:
    """A wall-clock time that does not exist (the hour a DST change skips)."""
    return local.astimezone(UTC).astimezone(local.tzinfo).replace(tzinfo=None) != local.replace(
        tzinfo=None
    )
