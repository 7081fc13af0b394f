"""Who a Slack user is, as far as messages go: language, time zone, name. Cached.

`users.info` with `include_locale` gives the locale (`ja-JP` → Japanese, others → English)
and the time zone. When Slack cannot tell us, the workspace default language is used.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from slack_sdk import WebClient
from slack_sdk.errors import SlackClientError

from bot.clock import Clock
from bot.messages import Locale, normalize_locale

logger = logging.getLogger(__name__)

DEFAULT_TZ = "Asia/Tokyo"


@dataclass(frozen=True)
class Person:
    user_id: str
    locale: Locale
    tz: str
    name: str
    is_admin: bool = False
    known: bool = True  # False: Slack could not tell us; these are the workspace defaults


class PeopleDirectory:
    def __init__(
        self,
        client: WebClient,
        clock: Clock,
        *,
        default_locale: Locale = "ja",
        ttl: timedelta = timedelta(hours=1),
    ) -> None:
        self._client = client
        self._clock = clock
        self._default_locale = default_locale
        self._ttl = ttl
        self._people: dict[str, tuple[datetime, Person]] = {}
        self._dm_channels: dict[str, str] = {}
        self._lock = threading.Lock()

    @property
    def default_locale(self) -> Locale:
        return self._default_locale

    def get(self, user_id: str, *, strict: bool = False) -> Person:
        """The user as far as messages go. When Slack cannot tell us, the workspace defaults
        are used (and not cached) — unless `strict`, where Slack's error is raised instead
        (the dispatcher would rather wait than write to someone in the wrong language)."""
        now = self._clock.now()
        with self._lock:
            cached = self._people.get(user_id)
        if cached is not None and cached[0] > now:
            return cached[1]
        try:
            user = self._client.users_info(user=user_id, include_locale=True)["user"]
        except (SlackClientError, OSError) as exc:
            if strict:
                raise
            logger.warning("users.info failed for %s: %s", user_id, exc)
            return Person(user_id, self._default_locale, DEFAULT_TZ, user_id, known=False)
        person = self._person(user_id, user)
        with self._lock:
            self._people[user_id] = (now + self._ttl, person)
        return person

    def is_admin_now(self, user_id: str) -> bool:
        """Asked of Slack every time (never from a cache): whether the user is a workspace
        admin or owner right now. Any failure answers no."""
        try:
            user = self._client.users_info(user=user_id, include_locale=True)["user"]
        except (SlackClientError, OSError) as exc:
            logger.warning("admin check for %s failed: %s", user_id, exc)
            return False
        person = self._person(user_id, user)
        with self._lock:
            self._people[user_id] = (self._clock.now() + self._ttl, person)
        return person.is_admin

    def is_cached(self, user_id: str) -> bool:
        with self._lock:
            cached = self._people.get(user_id)
        return cached is not None and cached[0] > self._clock.now()

    def remember(self, person: Person) -> None:
        """Seed the cache with what another process (or an earlier one) fetched."""
        with self._lock:
            self._people[person.user_id] = (self._clock.now() + self._ttl, person)

    def locale(self, user_id: str) -> Locale:
        return self.get(user_id).locale

    def known_dm_channel(self, user_id: str) -> str | None:
        with self._lock:
            return self._dm_channels.get(user_id)

    def remember_dm_channel(self, user_id: str, channel: str) -> None:
        """A DM channel id learnt from a post addressed to the user id."""
        if channel.startswith("D"):
            with self._lock:
                self._dm_channels[user_id] = channel

    def dm_channel(self, user_id: str) -> str:
        """The bot's DM channel with a user (opened once, then cached)."""
        with self._lock:
            channel = self._dm_channels.get(user_id)
        if channel is not None:
            return channel
        response = self._client.conversations_open(users=user_id)
        channel = str(response["channel"]["id"])
        with self._lock:
            self._dm_channels[user_id] = channel
        return channel

    def _person(self, user_id: str, user: dict[str, Any]) -> Person:
        profile = user.get("profile") or {}
        return Person(
            user_id=user_id,
            locale=normalize_locale(user.get("locale"), self._default_locale),
            tz=_known_zone(user.get("tz")),
            name=profile.get("display_name") or user.get("real_name") or user.get("name", user_id),
            is_admin=bool(user.get("is_admin") or user.get("is_owner")),
        )


def _known_zone(tz: object) -> str:
    """Slack's zone name if this machine's zone database knows it, else the default."""
    if isinstance(tz, str) and tz:
        try:
            ZoneInfo(tz)
            return tz
        except (ZoneInfoNotFoundError, ValueError):
            logger.warning("unknown time zone from Slack: %r", tz)
    return DEFAULT_TZ
