"""Upcoming events as Block Kit: the `/recruit list` ephemeral (a page, with Previous /
Next) and the App Home's 「自分の予定」 and, for admins, the workspace's.

Each event shows its id (`#12`, what `/recruit audit` takes), the start as `<!date>` (each
reader sees their own zone; the fallback is in the reader's), and the card's own actions
with the same action ids and values, so the card's handlers answer them.
"""

from __future__ import annotations

from typing import Any

from bot.messages import Locale, t
from bot.services.event_list import ListedEvent, ListPage
from bot.services.templates import escape
from bot.slack.cards import (
    CANCEL_ACTION,
    EDIT_ACTION,
    REISSUE_ACTION,
    SHOW_REMINDERS_ACTION,
    Message,
)
from bot.slack.timefmt import slack_date

PREVIOUS_ACTION = "event_list_previous"
NEXT_ACTION = "event_list_next"
PAGE_ACTIONS = (PREVIOUS_ACTION, NEXT_ACTION)

#: Scopes a list page can have (the Previous/Next value is `scope:page`).
MINE = "mine"  # the reader's events
HERE = "here"  # the reader's and the channel's (the channel comes from the message)

#: Events each App Home list shows (the rest: `/recruit list`); keeps Home under 100 blocks.
HOME_LIMIT = 5


def list_message(
    page: ListPage, *, scope: str, reader_id: str, locale: Locale, tz: str, channel_id: str | None
) -> Message:
    """One page of `/recruit list` (ephemeral): at most 2 blocks per event plus 3."""
    if scope == HERE and channel_id:
        header = t(locale, "list.header_here", channel=channel_id)
    else:
        header = t(locale, "list.header_mine")
    if page.total:
        header += "  " + t(locale, "list.range", first=page.first, last=page.last, total=page.total)
    blocks: list[dict[str, Any]] = [
        {"type": "section", "block_id": "event_list_header", "text": _mrkdwn(header)}
    ]
    if not page.events:
        blocks.append(
            {"type": "section", "block_id": "event_list_none", "text": _mrkdwn(_none(locale))}
        )
    for event in page.events:
        blocks += event_blocks(event, reader_id=reader_id, locale=locale, tz=tz)
    buttons = []
    if page.has_previous:
        buttons.append(
            _page_button(PREVIOUS_ACTION, t(locale, "list.previous"), scope, page.page - 1)
        )
    if page.has_next:
        buttons.append(_page_button(NEXT_ACTION, t(locale, "list.next"), scope, page.page + 1))
    if buttons:
        blocks.append({"type": "actions", "block_id": "event_list_pages", "elements": buttons})
    return Message(text=t(locale, "list.fallback", total=page.total), blocks=blocks)


def home_events_blocks(
    page: ListPage, *, title_key: str, reader_id: str, locale: Locale, tz: str
) -> list[dict[str, Any]]:
    """An App Home section: a header, up to `page.size` events, and how many more."""
    blocks: list[dict[str, Any]] = [
        {"type": "divider"},
        {"type": "header", "text": {"type": "plain_text", "text": t(locale, title_key)}},
    ]
    if not page.events:
        blocks.append({"type": "context", "elements": [_mrkdwn(_none(locale))]})
    for event in page.events:
        blocks += event_blocks(event, reader_id=reader_id, locale=locale, tz=tz)
    more = page.total - len(page.events)
    if more > 0:
        text = t(locale, "home.events_more", count=more)
        blocks.append({"type": "context", "elements": [_mrkdwn(text)]})
    return blocks


def event_blocks(
    event: ListedEvent, *, reader_id: str, locale: Locale, tz: str
) -> list[dict[str, Any]]:
    """A section describing the event and the card's actions for it."""
    tags = ""
    if event.under_way:
        tags += t(locale, "list.tag_under_way")
    if event.organizer_id == reader_id:
        tags += t(locale, "list.tag_organizer")
    elif reader_id in event.participant_ids:
        tags += t(locale, "list.tag_participant")
    text = t(
        locale,
        "list.item",
        id=event.id,
        kind=t(locale, f"kind.{event.kind}"),
        title=escape(event.title)[:200],
        tags=tags,
        when=slack_date(event.starts_at, tz, locale, short=True),
        minutes=event.duration_minutes,
        channel=event.channel_id,
        organizer=event.organizer_id,
        count=len(event.participant_ids),
    )
    elements: list[dict[str, Any]] = []
    if event.join_url:
        elements.append(
            {
                "type": "button",
                "action_id": "open_join_url",
                "text": _plain(t(locale, "card.open_zoom")),
                "url": event.join_url,
                "style": "primary",
            }
        )
    elements += [
        _event_button(event, SHOW_REMINDERS_ACTION, t(locale, "card.show_reminders")),
        _event_button(event, EDIT_ACTION, t(locale, "card.edit")),
        _event_button(event, REISSUE_ACTION, t(locale, "card.reissue")),
        _event_button(event, CANCEL_ACTION, t(locale, "card.cancel"), style="danger"),
    ]
    return [
        {"type": "section", "block_id": f"event_list_{event.id}", "text": _mrkdwn(text)},
        {"type": "actions", "block_id": f"event_list_actions_{event.id}", "elements": elements},
    ]


def parse_page_value(value: str) -> tuple[str, int]:
    """`here:2` → ("here", 2); anything unreadable → the reader's own first page."""
    scope, _, number = value.partition(":")
    if scope not in (MINE, HERE) or not number.isdigit():
        return MINE, 1
    return scope, max(1, int(number))


def _none(locale: Locale) -> str:
    return t(locale, "list.none")


def _page_button(action_id: str, text: str, scope: str, page: int) -> dict[str, Any]:
    return {
        "type": "button",
        "action_id": action_id,
        "text": _plain(text),
        "value": f"{scope}:{page}",
    }


def _event_button(
    event: ListedEvent, action_id: str, text: str, *, style: str | None = None
) -> dict[str, Any]:
    button: dict[str, Any] = {
        "type": "button",
        "action_id": action_id,
        "text": _plain(text),
        "value": str(event.id),
    }
    if style:
        button["style"] = style
    return button


def _mrkdwn(text: str) -> dict[str, Any]:
    return {"type": "mrkdwn", "text": text[:3000]}


def _plain(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text}
