"""Cancelling an event: reminders stopped, the Zoom meeting deleted, the card marked, every
participant told.

The database change comes first, under the event's row lock (`event_locks`), so once it
commits no reminder starts; then the meeting is deleted (one already gone counts as
deleted); then Slack hears about it. Cancelling an event that is no longer scheduled
changes nothing and says so to the person who asked.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from bot.clock import Clock
from bot.messages import Locale, t
from bot.services.audit import record
from bot.services.event_cards import card_view
from bot.services.event_notices import EventNotices
from bot.services.reminders import SKIP_EVENT_CANCELLED
from bot.services.templates import escape
from bot.slack.cards import EventView, cancelled_card
from bot.slack.timefmt import slack_date
from bot.slack.zoom_notes import kind_in_sentence
from providers.base import MeetingHost, MeetingProvider
from providers.zoom.errors import ZoomError
from storage.db import Database
from storage.models import AuditAction, EventStatus, ZoomAccount
from storage.repositories.event_locks import lock_for_change
from storage.repositories.events import EventRepository
from storage.repositories.reminders import ReminderRepository
from storage.repositories.workspaces import WorkspaceRepository

logger = logging.getLogger(__name__)

REASON_MAX = 500


@dataclass(frozen=True)
class Cancelled:
    view: EventView
    host: MeetingHost | None
    skipped: int


class EventCanceller:
    def __init__(
        self, db: Database, provider: MeetingProvider, notices: EventNotices, clock: Clock
    ) -> None:
        self._db = db
        self._provider = provider
        self._notices = notices
        self._clock = clock

    def cancel(self, team_id: str, event_id: int, *, actor_id: str, reason: str | None) -> bool:
        """False: the event was not scheduled (already cancelled): nothing changed and the
        actor was told in the card's channel."""
        reason = (reason or "").strip()[:REASON_MAX] or None
        done = self._apply(team_id, event_id, actor_id, reason)
        if done is None:
            self._tell_not_scheduled(team_id, event_id, actor_id)
            return False
        zoom_problem = self._delete_meeting(done)
        self._announce(done, actor_id, reason, zoom_problem)
        return True

    def _apply(
        self, team_id: str, event_id: int, actor_id: str, reason: str | None
    ) -> Cancelled | None:
        now = self._clock.now()
        with self._db.transaction() as session:
            event = lock_for_change(session, team_id, event_id)
            if event is None or event.status != EventStatus.SCHEDULED:
                return None
            event.status = EventStatus.CANCELLED
            event.cancel_reason = reason
            event.cancelled_by = actor_id
            event.cancelled_at = now
            event.version += 1
            event.updated_at = now
            skipped = ReminderRepository(session).skip_pending(
                event.id, SKIP_EVENT_CANCELLED, now=now
            )
            record(
                session,
                event,
                actor_id=actor_id,
                action=AuditAction.CANCELLED,
                now=now,
                details={"reason": reason, "meeting_id": event.meeting_id},
            )
            host = None
            if event.zoom_account_id is not None and event.meeting_id is not None:
                account = session.get(ZoomAccount, event.zoom_account_id)
                if account is not None:
                    host = MeetingHost(account.id, account.zoom_user_id)
            view = card_view(event, WorkspaceRepository(session).get(team_id))
        logger.info("event %s cancelled by %s (%d reminders stopped)", event_id, actor_id, skipped)
        return Cancelled(view, host, skipped)

    def _delete_meeting(self, done: Cancelled) -> str | None:
        """None when the meeting is gone; otherwise why it could not be deleted."""
        meeting_id = done.view.meeting_id
        if meeting_id is None:
            return None
        if done.host is None:
            return "account_unlinked"
        try:
            self._provider.delete_meeting(done.host, meeting_id)  # 404 counts as deleted
        except ZoomError as exc:
            logger.warning("event %s: meeting %s not deleted: %s", done.view.id, meeting_id, exc)
            return type(exc).__name__
        return None

    def _announce(
        self, done: Cancelled, actor_id: str, reason: str | None, zoom_problem: str | None
    ) -> None:
        view, notices = done.view, self._notices
        locale = notices.card_locale
        notices.update_card(view, cancelled_card(view, locale, _by_line(locale, actor_id, reason)))
        note = t(locale, "cancel.thread", actor=actor_id, skipped=done.skipped)
        if reason:
            note += "\n" + t(locale, "event_change.reason_line", reason=escape(reason))
        if zoom_problem is not None:
            note += "\n" + t(locale, "cancel.zoom_not_deleted", meeting_id=view.meeting_id or "")
        notices.in_thread(view, note)
        for user_id in dict.fromkeys((*view.participants, view.organizer_id)):
            notices.dm(
                user_id,
                lambda person: _cancel_dm(view, person.locale, person.tz, actor_id, reason),
            )

    def _tell_not_scheduled(self, team_id: str, event_id: int, actor_id: str) -> None:
        with self._db.transaction() as session:
            event = EventRepository(session).get(team_id, event_id)
            channel = event.channel_id if event is not None else None
        key = "event_change.not_scheduled" if channel else "event_change.not_found"
        self._notices.tell(channel, actor_id, key)


def _by_line(locale: Locale, actor_id: str, reason: str | None) -> str:
    if reason:
        return t(locale, "cancel.card_by_reason", actor=actor_id, reason=escape(reason))
    return t(locale, "cancel.card_by", actor=actor_id)


def _cancel_dm(view: EventView, locale: Locale, tz: str, actor_id: str, reason: str | None) -> str:
    text = t(
        locale,
        "cancel.dm",
        kind=kind_in_sentence(view.kind, locale),
        title=escape(view.title),
        when=slack_date(view.starts_at, tz, locale),
        actor=actor_id,
    )
    if reason:
        text += "\n" + t(locale, "event_change.reason_line", reason=escape(reason))
    return text
