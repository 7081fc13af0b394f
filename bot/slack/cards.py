"""Messages about an event: the channel card and the DMs, rendered for one reader's language.

Times use `<!date>` so Slack shows them in each reader's own zone; the fallback text (push
notifications) is formatted in the reader's zone when we know it, else in the event's zone.
The host's Zoom start URL never appears here: only the join URL and passcode.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.orm import object_session

from bot.messages import Locale, t
from bot.services.meeting_options import HostWait, MeetingOptions
from bot.services.reminder_specs import OffsetSpec
from bot.services.templates import Reader, TemplateSources, escape, render_reminder
from bot.slack.timefmt import local_text, slack_date
from storage.models import Event, ParticipantSource, Workspace

SHOW_REMINDERS_ACTION = "show_reminders"
EDIT_ACTION = "event_edit"
REISSUE_ACTION = "event_reissue"
CANCEL_ACTION = "event_cancel"
JOIN_ACTION = "event_join"
LEAVE_ACTION = "event_leave"


@dataclass(frozen=True)
class EventView:
    """What a message shows of an event (read from the database just before rendering)."""

    id: int
    kind: str
    title: str
    starts_at: datetime
    duration_minutes: int
    timezone: str
    join_url: str
    passcode: str | None
    meeting_id: str | None
    account_name: str
    participants: tuple[str, ...]
    organizer_id: str
    channel_id: str
    reminder_specs: tuple[str, ...]
    note: str | None
    # When each reminder goes for a reader in the event's zone (None: it won't, e.g. too late).
    reminder_schedule: tuple[tuple[str, datetime | None], ...] = ()
    channel_reminder_specs: tuple[str, ...] = ()
    channel_reminder_schedule: tuple[tuple[str, datetime | None], ...] = ()
    channel_reminders_in_thread: bool = True
    card_ts: str | None = None
    # The issuing Zoom account was unlinked since (the meeting itself stays).
    account_unlinked: bool = False
    # Sign-ups: Join/Leave on the card, the count against an optional capacity.
    signups_open: bool = False
    capacity: int | None = None
    signed_up: int = 0
    signed_up_ids: tuple[str, ...] = ()  # who signed up from the card (not invited)
    # The reminder texts that apply (the event's override, the workspace defaults).
    templates: TemplateSources = field(default_factory=TemplateSources)
    # The meeting settings the issuing account applied (None: not recorded).
    meeting_options: MeetingOptions | None = None


def event_view(
    event: Event,
    participant_ids: list[str],
    schedule: tuple[tuple[str, datetime | None], ...] = (),
    channel_schedule: tuple[tuple[str, datetime | None], ...] = (),
) -> EventView:
    """Called inside the transaction that loaded `event`: the workspace's default reminder
    texts are read through the same session (a no-op when the row is already loaded)."""
    session = object_session(event)
    workspace = session.get(Workspace, event.team_id) if session is not None else None
    return EventView(
        id=event.id,
        kind=event.kind,
        title=event.title,
        starts_at=event.starts_at,
        duration_minutes=event.duration_minutes,
        timezone=event.timezone,
        join_url=event.join_url or "",
        passcode=event.passcode,
        meeting_id=event.meeting_id,
        account_name=event.zoom_account_name or "—",
        participants=tuple(participant_ids),
        organizer_id=event.organizer_id,
        channel_id=event.channel_id,
        reminder_specs=tuple(event.reminder_specs),
        reminder_schedule=schedule,
        channel_reminder_specs=tuple(event.channel_reminder_specs),
        channel_reminder_schedule=channel_schedule,
        channel_reminders_in_thread=event.channel_reminders_in_thread,
        card_ts=event.card_ts,
        account_unlinked=event.zoom_account_id is None and event.zoom_account_name is not None,
        signups_open=event.signups_open,
        capacity=event.capacity,
        signed_up=sum(1 for p in event.participants if p.source == ParticipantSource.SIGNED_UP)
        if event.signups_open
        else 0,
        signed_up_ids=tuple(
            p.user_id for p in event.participants if p.source == ParticipantSource.SIGNED_UP
        ),
        note=event.note,
        templates=TemplateSources.of(workspace, event.reminder_template),
        meeting_options=MeetingOptions.from_json(event.meeting_options),
    )


@dataclass(frozen=True)
class Message:
    text: str  # notification / fallback text
    blocks: list[dict[str, Any]]


def _kind(event: EventView, locale: Locale) -> str:
    return t(locale, f"kind.{event.kind}")


def _kind_in_sentence(event: EventView, locale: Locale) -> str:
    """「面接」 / "interview" (English labels are capitalised only at the start of a line)."""
    label = _kind(event, locale)
    return label.lower() if locale == "en" else label


def _mentions(user_ids: tuple[str, ...]) -> str:
    return " ".join(f"<@{u}>" for u in user_ids) or "—"


def _invited(event: EventView) -> tuple[str, ...]:
    """The participants the card names: sign-ups are only counted (there may be thousands)."""
    signed_up = set(event.signed_up_ids)
    return tuple(u for u in event.participants if u not in signed_up)


def _zoom_fields(event: EventView, locale: Locale) -> list[dict[str, Any]]:
    lines = [f"*{t(locale, 'card.join')}*\n{event.join_url}"]
    if event.passcode:
        lines.append(f"*{t(locale, 'card.passcode')}*\n`{event.passcode}`")
    if event.meeting_id:
        lines.append(f"*{t(locale, 'card.meeting_id')}*\n`{event.meeting_id}`")
    return [{"type": "mrkdwn", "text": line} for line in lines]


def _join_button(event: EventView, locale: Locale) -> dict[str, Any]:
    return {
        "type": "actions",
        "block_id": "event_links",
        "elements": [
            {
                "type": "button",
                "action_id": "open_join_url",
                "text": {"type": "plain_text", "text": t(locale, "card.open_zoom")},
                "url": event.join_url,
                "style": "primary",
            }
        ],
    }


def _card_actions(event: EventView, locale: Locale) -> dict[str, Any]:
    actions = _join_button(event, locale)
    actions["block_id"] = "event_actions"
    actions["elements"] += [
        _event_button(event, SHOW_REMINDERS_ACTION, t(locale, "card.show_reminders")),
        _event_button(event, EDIT_ACTION, t(locale, "card.edit")),
        _event_button(event, REISSUE_ACTION, t(locale, "card.reissue")),
        _event_button(event, CANCEL_ACTION, t(locale, "card.cancel"), style="danger"),
    ]
    return actions


def _signup_blocks(event: EventView, locale: Locale) -> list[dict[str, Any]]:
    """The count against the capacity, and Join / Leave (Join gone once full)."""
    if not event.signups_open:
        return []
    full = event.capacity is not None and event.signed_up >= event.capacity
    if event.capacity is None:
        count = t(locale, "card.signups_open", count=event.signed_up)
    else:
        count = t(locale, "card.signups_capacity", count=event.signed_up, capacity=event.capacity)
    if full:
        count += " " + t(locale, "card.signups_full")
    buttons = (
        []
        if full
        else [_event_button(event, JOIN_ACTION, t(locale, "card.signup_join"), style="primary")]
    )
    buttons.append(_event_button(event, LEAVE_ACTION, t(locale, "card.signup_leave")))
    return [
        {"type": "section", "block_id": "event_signups", "text": {"type": "mrkdwn", "text": count}},
        {"type": "actions", "block_id": "event_signup_actions", "elements": buttons},
    ]


def _event_button(
    event: EventView, action_id: str, text: str, *, style: str | None = None
) -> dict[str, Any]:
    button: dict[str, Any] = {
        "type": "button",
        "action_id": action_id,
        "text": {"type": "plain_text", "text": text},
        "value": str(event.id),
    }
    if style:
        button["style"] = style
    return button


def _reminder_lines(
    event: EventView,
    locale: Locale,
    specs: tuple[str, ...],
    schedule: tuple[tuple[str, datetime | None], ...],
) -> str:
    """「1日前 — 11/24 14:00」 per reminder (in the event's zone; DMs follow each reader's)."""
    if not schedule:
        return ", ".join(OffsetSpec.parse(s).label(locale) for s in specs)
    lines = []
    for spec, due in schedule:
        label = OffsetSpec.parse(spec).label(locale)
        when = (
            slack_date(due, event.timezone, locale, short=True)
            if due is not None
            else t(locale, "card.reminder_not_sent")
        )
        lines.append(f"{label} — {when}")
    return "\n".join(lines)


def _options_field(options: MeetingOptions, locale: Locale) -> str:
    """「ミーティング設定」: passcode in the URL or not, join before host, waiting room."""
    lines = [
        t(locale, f"card.option.passcode_{'embedded' if options.embed_passcode else 'separate'}"),
        t(locale, f"card.option.join_before_host_{'on' if options.join_before_host else 'off'}"),
        t(locale, f"card.option.waiting_room_{'on' if options.waiting_room else 'off'}"),
    ]
    return f"*{t(locale, 'card.meeting_options')}*\n" + "\n".join(lines)


def _host_wait_hint(event: EventView, locale: Locale) -> list[dict[str, Any]]:
    """A warning when participants would wait for a host who may not come."""
    options = event.meeting_options
    wait = options.host_wait(event.participants) if options is not None else None
    if wait is None:
        return []
    key = "card.hint.waiting_room" if wait is HostWait.WAITING_ROOM else "card.hint.no_early_join"
    text = t(locale, key, account=escape(event.account_name))
    return [
        {
            "type": "context",
            "block_id": "event_host_hint",
            "elements": [{"type": "mrkdwn", "text": text}],
        }
    ]


def event_card(event: EventView, locale: Locale) -> Message:
    """The channel card, in the workspace language."""
    when = slack_date(event.starts_at, event.timezone, locale)
    offsets = _reminder_lines(event, locale, event.reminder_specs, event.reminder_schedule)
    details = [
        f"*{t(locale, 'card.when')}*\n{when}",
        f"*{t(locale, 'card.duration')}*\n"
        + t(locale, "card.duration_value", minutes=event.duration_minutes),
        f"*{t(locale, 'card.account')}*\n{_account(event, locale)}",
        f"*{t(locale, 'card.organizer')}*\n<@{event.organizer_id}>",
        f"*{t(locale, 'card.participants')}*\n{_mentions(_invited(event))}",
        f"*{t(locale, 'card.reminders')}*\n{offsets or t(locale, 'card.no_reminders')}",
    ]
    if event.channel_reminder_specs:
        channel_lines = _reminder_lines(
            event, locale, event.channel_reminder_specs, event.channel_reminder_schedule
        )
        details.append(f"*{t(locale, 'card.channel_reminders')}*\n{channel_lines}")
    if event.meeting_options is not None:
        details.append(_options_field(event.meeting_options, locale))
    blocks: list[dict[str, Any]] = [
        {
            "type": "header",
            "block_id": "event_header",
            "text": {
                "type": "plain_text",
                "text": t(locale, "card.header", kind=_kind(event, locale), title=event.title)[
                    :150
                ],
            },
        },
        {
            "type": "section",
            "block_id": "event_details",
            "fields": [{"type": "mrkdwn", "text": d} for d in details],
        },
        {"type": "section", "block_id": "event_zoom", "fields": _zoom_fields(event, locale)},
        *_host_wait_hint(event, locale),
        *_signup_blocks(event, locale),
        _card_actions(event, locale),
    ]
    if event.note:
        blocks.append(
            {
                "type": "section",
                "block_id": "event_note",
                "text": {"type": "mrkdwn", "text": f"*{t(locale, 'card.note')}*\n{event.note}"},
            }
        )
    text = t(
        locale,
        "card.fallback",
        kind=_kind(event, locale),
        title=escape(event.title),
        when=local_text(event.starts_at, event.timezone, locale),
        url=event.join_url,
    )
    return Message(text=text, blocks=blocks)


def cancelled_card(event: EventView, locale: Locale, reason: str) -> Message:
    """The channel card once the event is cancelled: what it was, why it was cancelled
    (`reason`, mrkdwn in `locale`), and the reminders button (the ledger says what was not
    sent). No join URL or button: the meeting is gone."""
    details = [
        f"*{t(locale, 'card.when')}*\n{slack_date(event.starts_at, event.timezone, locale)}",
        f"*{t(locale, 'card.duration')}*\n"
        + t(locale, "card.duration_value", minutes=event.duration_minutes),
        f"*{t(locale, 'card.account')}*\n{_account(event, locale)}",
        f"*{t(locale, 'card.organizer')}*\n<@{event.organizer_id}>",
        f"*{t(locale, 'card.participants')}*\n{_mentions(_invited(event))}",
    ]
    header = t(locale, "card.cancelled_header", kind=_kind(event, locale), title=event.title)
    blocks: list[dict[str, Any]] = [
        {
            "type": "header",
            "block_id": "event_header",
            "text": {"type": "plain_text", "text": header[:150]},
        },
        {
            "type": "section",
            "block_id": "event_cancelled",
            "text": {"type": "mrkdwn", "text": reason},
        },
        {
            "type": "section",
            "block_id": "event_details",
            "fields": [{"type": "mrkdwn", "text": d} for d in details],
        },
        {
            "type": "actions",
            "block_id": "event_actions",
            "elements": [
                {
                    "type": "button",
                    "action_id": SHOW_REMINDERS_ACTION,
                    "text": {"type": "plain_text", "text": t(locale, "card.show_reminders")},
                    "value": str(event.id),
                }
            ],
        },
    ]
    text = t(
        locale,
        "card.cancelled_fallback",
        kind=_kind(event, locale),
        title=escape(event.title),
        when=local_text(event.starts_at, event.timezone, locale),
    )
    return Message(text=text, blocks=blocks)


def _dm(event: EventView, locale: Locale, tz: str, headline: str) -> Message:
    when = slack_date(event.starts_at, tz, locale)
    blocks: list[dict[str, Any]] = [
        {
            "type": "section",
            "block_id": "dm_headline",
            "text": {"type": "mrkdwn", "text": headline},
        },
        {
            "type": "section",
            "block_id": "dm_details",
            "fields": [
                {"type": "mrkdwn", "text": f"*{t(locale, 'card.when')}*\n{when}"},
                {
                    "type": "mrkdwn",
                    "text": f"*{t(locale, 'card.duration')}*\n"
                    + t(locale, "card.duration_value", minutes=event.duration_minutes),
                },
                *_zoom_fields(event, locale),
            ],
        },
        _join_button(event, locale),
    ]
    text = t(
        locale,
        "card.fallback",
        kind=_kind(event, locale),
        title=escape(event.title),
        when=local_text(event.starts_at, tz, locale),
        url=event.join_url,
    )
    return Message(text=text, blocks=blocks)


def invitation_dm(event: EventView, locale: Locale, tz: str, recipient_id: str) -> Message:
    if recipient_id in event.signed_up_ids:
        headline = t(
            locale,
            "dm.signup_invitation",
            organizer=event.organizer_id,
            kind=_kind_in_sentence(event, locale),
            title=escape(event.title),
        )
    elif recipient_id == event.organizer_id:
        headline = t(
            locale,
            "dm.invitation_self",
            kind=_kind_in_sentence(event, locale),
            title=escape(event.title),
        )
    else:
        headline = t(
            locale,
            "dm.invitation",
            organizer=event.organizer_id,
            kind=_kind_in_sentence(event, locale),
            title=escape(event.title),
        )
    return _dm(event, locale, tz, headline)


def reminder_dm(
    event: EventView, locale: Locale, tz: str, spec: OffsetSpec, *, reader_name: str = ""
) -> Message:
    """A reminder for one reader: the headline is the event's template (or the workspace's,
    or the built-in one) rendered with the reader's own name, language and time zone."""
    reader = Reader(name=reader_name, locale=locale, tz=tz)
    headline = render_reminder(event.templates, event, reader, spec)
    return _dm(event, locale, tz, headline)


def channel_reminder(event: EventView, locale: Locale, spec: OffsetSpec) -> Message:
    """A reminder posted in the event's channel (or the card's thread), in the workspace
    language, with the time as `<!date>` so each reader sees their own zone."""
    headline = t(
        locale,
        "channel.reminder",
        kind=_kind_in_sentence(event, locale),
        title=escape(event.title),
        when=slack_date(event.starts_at, event.timezone, locale),
        offset=spec.label(locale),
    )
    blocks: list[dict[str, Any]] = [
        {
            "type": "section",
            "block_id": "channel_reminder",
            "text": {"type": "mrkdwn", "text": headline},
        },
        _join_button(event, locale),
    ]
    return Message(text=headline, blocks=blocks)


def _account(event: EventView, locale: Locale) -> str:
    name = escape(event.account_name)
    return t(locale, "card.account_unlinked", name=name) if event.account_unlinked else name
