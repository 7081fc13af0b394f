"""Reminder templates: the headline of a reminder DM, written by people, rendered per reader.

A template is text with `{variable}` fields (Python format syntax, read with
`string.Formatter`; `{{` and `}}` are literal braces). Only the names in `VARIABLES` are
allowed, with no format spec or conversion (`{start:%Y}`, `{event!r}`, `{event.x}`, `{}` are
refused), so a template can never reach anything but the strings we hand it.

Which text a reader gets (`TemplateSources.candidates`): the event's own override if it has
one (one text for everybody: the words are the organizer's, only the variables — kind,
start, duration, offset — come out in each reader's language); else the workspace default
for the reader's language; else the built-in default for that language (the same headline
reminders had before templates).

Rendering happens at send time, once per reader, from the event as it is then: their own
name, language and time zone; the event's current title, time and URL. A stored template
that no longer parses or renders empty for this event (e.g. only `{note}` and the note was
removed) falls through to the next candidate, so a reader never gets a broken message.
"""

from __future__ import annotations

import logging
import string
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from zoneinfo import ZoneInfo

from babel.dates import format_datetime

from bot.messages import Locale, t
from bot.services.reminder_specs import OffsetSpec

logger = logging.getLogger(__name__)

VARIABLES: tuple[str, ...] = (
    "name",  # the reader's own display name
    "event",  # the title
    "kind",  # 面接 / Interview …, in the reader's language
    "start",  # 「11月24日(火) 14:00」 / "Tue, Nov 24, 2:00 PM", in the reader's zone
    "duration",  # 「60分」 / "60 min"
    "meeting_url",
    "passcode",
    "zoom_account",
    "channel",  # <#C…>
    "organizer",  # <@U…>
    "note",
    "offset",  # 「1時間前」 / "1 h before": which reminder this is
)
MAX_TEMPLATE_LENGTH = 1000
MAX_RENDERED_LENGTH = 3000  # a section block's text limit

_START_PATTERNS: dict[Locale, str] = {"ja": "M月d日(E) H:mm", "en": "EEE, MMM d, h:mm a"}


class TemplateError(ValueError):
    """Why a template cannot be used, as a message key and its parameters (`bot.messages`)."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key, params)
        self.key = key
        self.params = params

    def message(self, locale: Locale) -> str:
        return t(locale, self.key, **self.params)


class EventFacts(Protocol):
    """What a template can show of an event (`bot.slack.cards.EventView` is one)."""

    @property
    def kind(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def starts_at(self) -> datetime: ...
    @property
    def duration_minutes(self) -> int: ...
    @property
    def join_url(self) -> str: ...
    @property
    def passcode(self) -> str | None: ...
    @property
    def account_name(self) -> str: ...
    @property
    def channel_id(self) -> str: ...
    @property
    def organizer_id(self) -> str: ...
    @property
    def note(self) -> str | None: ...


@dataclass(frozen=True)
class Reader:
    name: str
    locale: Locale
    tz: str


@dataclass(frozen=True)
class Template:
    """A parsed template: literal text and variable names, alternating."""

    parts: tuple[tuple[str, str | None], ...]

    @property
    def variables(self) -> frozenset[str]:
        return frozenset(name for _, name in self.parts if name is not None)


def variables_hint() -> str:
    return " ".join(f"{{{name}}}" for name in VARIABLES)


def parse(text: str) -> Template:
    """Read a template; `TemplateError` names the first problem."""
    if len(text) > MAX_TEMPLATE_LENGTH:
        raise TemplateError("template.error.too_long", max=MAX_TEMPLATE_LENGTH)
    try:
        fields = list(string.Formatter().parse(text))
    except ValueError:  # "Single '}' encountered", "expected '}' before end of string"
        raise TemplateError("template.error.bad_braces", example="{event}") from None
    parts: list[tuple[str, str | None]] = []
    for literal, name, spec, conversion in fields:
        if name is None:
            parts.append((literal, None))
            continue
        if name not in VARIABLES:
            raise TemplateError(
                "template.error.unknown_variable",
                field=f"{{{name}}}",
                variables=variables_hint(),
            )
        if spec or conversion:
            shown = name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
            raise TemplateError(
                "template.error.format_spec", field=f"{{{shown}}}", example=f"{{{name}}}"
            )
        parts.append((literal, name))
    return Template(tuple(parts))


def start_text(instant: datetime, tz: str, locale: Locale) -> str:
    """「11月24日(火) 14:00」 / "Tue, Nov 24, 2:00 PM", in `tz`."""
    return format_datetime(instant.astimezone(ZoneInfo(tz)), _START_PATTERNS[locale], locale=locale)


def escape(text: str) -> str:
    """Slack mrkdwn escaping for values we insert (a title can't become `<!channel>`)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def values_for(
    event: EventFacts, reader: Reader, offset: OffsetSpec | str | None
) -> dict[str, str]:
    locale = reader.locale
    offset_text = offset.label(locale) if isinstance(offset, OffsetSpec) else (offset or "")
    return {
        "name": escape(reader.name),
        "event": escape(event.title),
        "kind": t(locale, f"kind.{event.kind}"),
        "start": start_text(event.starts_at, reader.tz, locale),
        "duration": t(locale, "card.duration_value", minutes=event.duration_minutes),
        "meeting_url": escape(event.join_url),
        "passcode": escape(event.passcode or ""),
        "zoom_account": escape(event.account_name),
        "channel": f"<#{event.channel_id}>" if event.channel_id else "",
        "organizer": f"<@{event.organizer_id}>",
        "note": escape(event.note or ""),
        "offset": escape(offset_text),
    }


def render(
    template: Template | str,
    event: EventFacts,
    reader: Reader,
    offset: OffsetSpec | str | None = None,
) -> str:
    """The text for one reader; `TemplateError` if it parses badly or comes out empty."""
    parsed = parse(template) if isinstance(template, str) else template
    values = values_for(event, reader, offset)
    text = "".join(literal + (values[name] if name else "") for literal, name in parsed.parts)
    if not text.strip():
        raise TemplateError("template.error.empty")
    return text[:MAX_RENDERED_LENGTH]


def builtin(locale: Locale) -> str:
    return t(locale, "template.default_reminder")


class WorkspaceTemplates(Protocol):
    """What `TemplateSources.of` reads of a workspace (`storage.models.Workspace` is one)."""

    @property
    def reminder_template_ja(self) -> str | None: ...
    @property
    def reminder_template_en(self) -> str | None: ...


@dataclass(frozen=True)
class TemplateSources:
    """Where a reminder's text can come from, most specific first (see the module doc)."""

    event: str | None = None
    workspace_ja: str | None = None
    workspace_en: str | None = None

    @classmethod
    def of(cls, workspace: WorkspaceTemplates | None, event: str | None = None) -> TemplateSources:
        """The event's own text (if any) over the workspace's defaults (if any)."""
        return cls(
            event=event,
            workspace_ja=workspace.reminder_template_ja if workspace is not None else None,
            workspace_en=workspace.reminder_template_en if workspace is not None else None,
        )

    def candidates(self, locale: Locale) -> Iterator[str]:
        workspace = self.workspace_ja if locale == "ja" else self.workspace_en
        for text in (self.event, workspace):
            if text and text.strip():
                yield text
        yield builtin(locale)

    def chosen(self, locale: Locale) -> str:
        """The text a reader in `locale` gets (before any fallback at render time)."""
        return next(self.candidates(locale))


def render_reminder(
    sources: TemplateSources, event: EventFacts, reader: Reader, offset: OffsetSpec | None
) -> str:
    """The first candidate that renders for this reader (the built-in one always does)."""
    problem: TemplateError | None = None
    for text in sources.candidates(reader.locale):
        try:
            return render(text, event, reader, offset)
        except TemplateError as error:
            problem = error
            logger.warning("reminder template skipped (%s); using the next one", error.key)
    raise AssertionError(f"the built-in template failed: {problem}")  # pragma: no cover


@dataclass(frozen=True)
class DraftFacts:
    """`EventFacts` for an event not created yet (the create modal's preview and checks):
    the meeting's URL and passcode are not known, so they show as labelled samples."""

    kind: str
    title: str
    starts_at: datetime
    duration_minutes: int
    join_url: str
    passcode: str | None
    account_name: str
    channel_id: str
    organizer_id: str
    note: str | None
