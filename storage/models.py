"""The database schema. Every row that belongs to a workspace carries its Slack team id.

Times are UTC instants (`UTCDateTime`); time zones only matter when showing them.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from storage.types import UTCDateTime

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

MIN_DURATION_MINUTES = 5
MAX_DURATION_MINUTES = 720

TEAM_ID = String(32)
SLACK_ID = String(32)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSON()}  # noqa: RUF012


class EventKind(enum.StrEnum):
    INFO_SESSION = "info_session"  # 説明会
    SELECTION = "selection"  # 選考会
    INTERVIEW = "interview"  # 面接


class EventStatus(enum.StrEnum):
    CREATING = "creating"  # accepted from the modal, meeting not issued yet (invisible)
    SCHEDULED = "scheduled"
    FAILED = "failed"  # the meeting could not be issued; kept only for idempotency and audit
    CANCELLED = "cancelled"


class AccountStatus(enum.StrEnum):
    OK = "ok"
    NEEDS_RECONNECT = "needs_reconnect"
    ERROR = "error"


class ReminderKind(enum.StrEnum):
    INVITATION = "invitation"  # the DM sent when the event is created
    REMINDER = "reminder"  # a DM at an offset before the start
    CHANNEL = "channel"  # a post in the event's channel (or the card's thread)


class ReminderStatus(enum.StrEnum):
    PENDING = "pending"
    SENT = "sent"
    SKIPPED = "skipped"
    FAILED = "failed"


class Workspace(Base):
    __tablename__ = "workspaces"

    team_id: Mapped[str] = mapped_column(TEAM_ID, primary_key=True)
    name: Mapped[str | None] = mapped_column(String(200))
    # How reminders are timed for this workspace (admins will edit these in the App Home).
    quiet_hours_start: Mapped[str | None] = mapped_column(String(5), server_default="22:00")
    quiet_hours_end: Mapped[str | None] = mapped_column(String(5), server_default="08:00")
    calendar_country: Mapped[str] = mapped_column(String(8), server_default="JP")
    # Default reminder texts per reader language (None: the built-in one; bot.services.templates).
    reminder_template_ja: Mapped[str | None] = mapped_column(Text)
    reminder_template_en: Mapped[str | None] = mapped_column(Text)
    # Who may create events: everyone (None), or the members of this Slack user group.
    recruiter_usergroup_id: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime]


class SlackUser(Base):
    """What messages need to know of a Slack user (language, zone, name), shared by every bot
    process so a burst of reminders does not call users.info (Tier 4) once per reader each."""

    __tablename__ = "slack_users"

    team_id: Mapped[str] = mapped_column(TEAM_ID, primary_key=True)
    user_id: Mapped[str] = mapped_column(SLACK_ID, primary_key=True)
    locale: Mapped[str] = mapped_column(String(8))
    tz: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    fetched_at: Mapped[datetime]


class SlackRateLimit(Base):
    """Slack said "not before": shared so every bot process waits, not only the one told."""

    __tablename__ = "slack_rate_limits"

    team_id: Mapped[str] = mapped_column(TEAM_ID, primary_key=True)
    method: Mapped[str] = mapped_column(String(64), primary_key=True)
    until: Mapped[datetime]


class ZoomAccount(Base):
    """A linked Zoom user that can host meetings. Secrets are stored encrypted (`*_enc`)."""

    __tablename__ = "zoom_accounts"
    __table_args__ = (
        UniqueConstraint("team_id", "display_name"),
        UniqueConstraint("team_id", "zoom_user_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(ForeignKey("workspaces.team_id"), index=True)
    display_name: Mapped[str] = mapped_column(String(80))
    auth_type: Mapped[str] = mapped_column(String(16))  # ZoomAuthType
    zoom_account_id: Mapped[str | None] = mapped_column(String(64))
    # The app's credentials (S2S and the team's own app); None for this bot's shared app,
    # whose credentials come from the environment.
    client_id: Mapped[str | None] = mapped_column(String(128))
    client_secret_enc: Mapped[str | None] = mapped_column(Text)
    access_token_enc: Mapped[str | None] = mapped_column(Text)
    refresh_token_enc: Mapped[str | None] = mapped_column(Text)
    token_expires_at: Mapped[datetime | None]
    scopes: Mapped[str] = mapped_column(Text, default="")
    zoom_user_id: Mapped[str] = mapped_column(String(64))
    zoom_email: Mapped[str] = mapped_column(String(255))
    licence_type: Mapped[int | None]
    role_name: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(24), default=AccountStatus.OK)
    status_detail: Mapped[str | None] = mapped_column(Text)
    priority: Mapped[int] = mapped_column(Integer, default=100)
    linked_by: Mapped[str] = mapped_column(String(64))
    # The Slack user whose own Zoom user this is (one-click links through the shared app,
    # or an admin's say-so): 「自動」 prefers a participant's own free account.
    slack_user_id: Mapped[str | None] = mapped_column(SLACK_ID, index=True)
    # Meetings at once; None: from the licence (1 Basic/Pro, 2 Business and up).
    max_concurrent: Mapped[int | None]
    # Meeting defaults applied on create (and shown on the card).
    embed_passcode: Mapped[bool] = mapped_column(Boolean, server_default="1", default=True)
    join_before_host: Mapped[bool] = mapped_column(Boolean, server_default="0", default=False)
    waiting_room: Mapped[bool] = mapped_column(Boolean, server_default="0", default=False)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class ZoomAuthType(enum.StrEnum):
    SERVER_TO_SERVER = "s2s"  # account id + client id + secret (account credentials grant)
    TEAM_APP = "oauth_app"  # the team's own General App: authorization code + PKCE
    SHARED_APP = "oauth_shared"  # this bot's app (ZOOM_CLIENT_ID): one click per user


class ZoomAuthorization(Base):
    """An authorize link handed out and not yet answered (OAuth `state` + PKCE verifier).

    Single use: the callback deletes the row in the transaction that stores the tokens."""

    __tablename__ = "zoom_authorizations"

    state: Mapped[str] = mapped_column(String(128), primary_key=True)
    team_id: Mapped[str] = mapped_column(ForeignKey("workspaces.team_id"), index=True)
    slack_user_id: Mapped[str] = mapped_column(SLACK_ID)  # who clicked "add" / "reconnect"
    auth_type: Mapped[str] = mapped_column(String(16))
    display_name: Mapped[str] = mapped_column(String(80))
    client_id: Mapped[str | None] = mapped_column(String(128))
    client_secret_enc: Mapped[str | None] = mapped_column(Text)
    code_verifier_enc: Mapped[str] = mapped_column(Text)
    # Reconnect: the account whose tokens the answer replaces.
    account_id: Mapped[int | None] = mapped_column(
        ForeignKey("zoom_accounts.id", ondelete="CASCADE")
    )
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime] = mapped_column(index=True)


class ZoomDailyUsage(Base):
    """Meetings created or updated per Zoom user per UTC day (Zoom allows 100)."""

    __tablename__ = "zoom_daily_usage"

    zoom_user_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    day: Mapped[str] = mapped_column(String(10), primary_key=True)  # UTC date, YYYY-MM-DD
    count: Mapped[int] = mapped_column(Integer, default=0)


class WorkspaceRole(Base):
    """A role an admin granted (Slack admins and owners are admins without a row)."""

    __tablename__ = "workspace_roles"

    team_id: Mapped[str] = mapped_column(TEAM_ID, primary_key=True)
    user_id: Mapped[str] = mapped_column(SLACK_ID, primary_key=True)
    role: Mapped[str] = mapped_column(String(24), primary_key=True)  # Role
    granted_by: Mapped[str] = mapped_column(SLACK_ID)
    created_at: Mapped[datetime]


class Role(enum.StrEnum):
    ADMIN = "admin"
    ZOOM_MANAGER = "zoom_manager"  # may add and remove Zoom accounts
    RECRUITER = "recruiter"  # may create events even outside the recruiter user group


class Event(Base):
    __tablename__ = "events"
    __table_args__ = (UniqueConstraint("team_id", "submission_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(ForeignKey("workspaces.team_id"), index=True)
    submission_key: Mapped[str] = mapped_column(String(128))
    kind: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(200))
    starts_at: Mapped[datetime]
    duration_minutes: Mapped[int]
    timezone: Mapped[str] = mapped_column(String(64))
    channel_id: Mapped[str] = mapped_column(SLACK_ID)
    organizer_id: Mapped[str] = mapped_column(SLACK_ID)
    note: Mapped[str | None] = mapped_column(Text)
    reminder_template: Mapped[str | None] = mapped_column(Text)  # overrides the workspace's
    notify_participants: Mapped[bool] = mapped_column(Boolean, default=True)
    reminder_specs: Mapped[list[str]] = mapped_column(JSON, default=list)  # OffsetSpec text
    channel_reminder_specs: Mapped[list[str]] = mapped_column(JSON, default=list)
    channel_reminders_in_thread: Mapped[bool] = mapped_column(Boolean, default=True)
    requested_account: Mapped[str] = mapped_column(String(32))  # "auto" or an account id
    status: Mapped[str] = mapped_column(String(16), default=EventStatus.CREATING, index=True)
    failure_reason: Mapped[str | None] = mapped_column(Text)
    zoom_account_id: Mapped[int | None] = mapped_column(
        ForeignKey("zoom_accounts.id", ondelete="SET NULL")
    )
    zoom_account_name: Mapped[str | None] = mapped_column(String(80))
    meeting_id: Mapped[str | None] = mapped_column(String(32), index=True)
    # Why the account was chosen ("A: busy 14:00–15:00 · B: 98/100 today · → C").
    account_choice: Mapped[str | None] = mapped_column(Text)
    # The meeting settings applied (embed_passcode, join_before_host, waiting_room).
    meeting_options: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    join_url: Mapped[str | None] = mapped_column(Text)
    passcode: Mapped[str | None] = mapped_column(String(32))
    card_ts: Mapped[str | None] = mapped_column(String(32))
    version: Mapped[int] = mapped_column(Integer, default=1)  # optimistic locking for edits
    # Sign-ups (説明会 with many attendees): the card gets Join/Leave; None capacity: no limit.
    signups_open: Mapped[bool] = mapped_column(Boolean, server_default="0", default=False)
    capacity: Mapped[int | None]
    url_on_signup: Mapped[bool] = mapped_column(Boolean, server_default="1", default=True)
    cancel_reason: Mapped[str | None] = mapped_column(Text)
    cancelled_by: Mapped[str | None] = mapped_column(SLACK_ID)
    cancelled_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]

    participants: Mapped[list[EventParticipant]] = relationship(
        back_populates="event",
        lazy="raise",
        cascade="all, delete-orphan",
        order_by="EventParticipant.id",
    )


class EventParticipant(Base):
    __tablename__ = "event_participants"
    __table_args__ = (UniqueConstraint("event_id", "user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(TEAM_ID, index=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    user_id: Mapped[str] = mapped_column(SLACK_ID)
    # How they came to take part: invited by the organizer, or signed up from the card.
    source: Mapped[str] = mapped_column(String(16), server_default="invited", default="invited")
    joined_at: Mapped[datetime | None]

    event: Mapped[Event] = relationship(back_populates="participants", lazy="raise")


class ParticipantSource(enum.StrEnum):
    INVITED = "invited"
    SIGNED_UP = "signed_up"


class EventAudit(Base):
    """One change to an event (created, edited with before/after, account chosen and why,
    reissued, cancelled, sign-ups): `/recruit audit` shows them, the card's thread sums
    them up."""

    __tablename__ = "event_audit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(TEAM_ID, index=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[str] = mapped_column(SLACK_ID)  # a Slack user, or "zoom" / "system"
    action: Mapped[str] = mapped_column(String(32))  # AuditAction
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(index=True)


class AuditAction(enum.StrEnum):
    CREATED = "created"
    ACCOUNT_CHOSEN = "account_chosen"
    EDITED = "edited"
    REISSUED = "reissued"
    CANCELLED = "cancelled"
    SIGNED_UP = "signed_up"
    LEFT = "left"
    CHANGED_IN_ZOOM = "changed_in_zoom"


class Reminder(Base):
    """One message to one recipient at one instant: the unit the dispatcher claims and sends.

    The unique key makes scheduling idempotent; the status moves pending → sent | skipped |
    failed exactly once, under the lease (`locked_by`, `locked_until`) of the process sending it.
    """

    __tablename__ = "reminders"
    __table_args__ = (
        UniqueConstraint("event_id", "kind", "spec", "recipient_id"),
        Index("ix_reminders_due", "status", "due_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(TEAM_ID, index=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    spec: Mapped[str] = mapped_column(String(32))  # OffsetSpec text; "now" for invitations
    recipient_id: Mapped[str] = mapped_column(SLACK_ID)
    due_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(16), default=ReminderStatus.PENDING)
    locked_by: Mapped[str | None] = mapped_column(String(64))
    locked_until: Mapped[datetime | None]
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    skip_reason: Mapped[str | None] = mapped_column(String(64))
    sent_at: Mapped[datetime | None]
    slack_channel: Mapped[str | None] = mapped_column(SLACK_ID)
    slack_ts: Mapped[str | None] = mapped_column(String(32))
