"""bot.services.event_form.EventFormValidator against a real database and the Slack stand-in."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import pytest
from slack_sdk import WebClient

from bot.clock import ManualClock
from bot.errors import FieldErrors
from bot.services.event_form import EventDraft, EventFormValidator
from bot.slack import create_modal as modal
from bot.slack.create_modal import CreateForm
from standins.slack import SlackStandIn
from storage.db import Database, make_engine
from storage.migrate import upgrade
from storage.models import AccountStatus, EventKind, ZoomAccount
from storage.repositories.workspaces import WorkspaceRepository

TEAM = "T0HARNESS"
OTHER_TEAM = "T0OTHER"
ORGANIZER = "U0RECRUITER"
PUBLIC = "C0HARNESS"
PUBLIC_NOT_MEMBER = "C0RANDOM"
PRIVATE_MEMBER = "G0HIRING"
PRIVATE_NOT_MEMBER = "G0SECRET"
BOT_TOKEN = "xoxb-standin-token"

# The clock starts at 2026-11-23 00:00 UTC = 09:00 in Tokyo.
VALID = CreateForm(
    kind=EventKind.INTERVIEW,
    title="一次面接",
    start_date=date(2026, 11, 24),
    start_time=time(14, 0),
    duration=60,
    timezone="Asia/Tokyo",
    participants=[ORGANIZER, "U1", ORGANIZER],
    channel=PUBLIC,
    zoom_account=modal.AUTO_ACCOUNT,
    reminder_specs=["before:60", "before:1440"],
    custom_reminders="",
    notify_participants=True,
    note=None,
)


@dataclass
class Env:
    db: Database
    slack: SlackStandIn
    validator: EventFormValidator
    clock: ManualClock

    def add_account(
        self,
        name: str,
        *,
        team_id: str = TEAM,
        status: AccountStatus = AccountStatus.OK,
    ) -> int:
        now = self.clock.now()
        with self.db.transaction() as session:
            WorkspaceRepository(session).ensure(team_id, now=now)
            account = ZoomAccount(
                team_id=team_id,
                display_name=name,
                auth_type="s2s",
                zoom_account_id="acct-1",
                client_id=f"client-{name}",
                client_secret_enc="v1:dummy",
                zoom_user_id=f"user-{name}",
                zoom_email=f"{name}@example.com",
                status=status,
                linked_by="test",
                created_at=now,
                updated_at=now,
            )
            session.add(account)
            session.flush()
            return account.id

    def validate(self, form: CreateForm, *, locale: str = "ja") -> EventDraft:
        return self.validator.validate(
            form, team_id=TEAM, organizer_id=ORGANIZER, locale="en" if locale == "en" else "ja"
        )

    def errors(
        self, form: CreateForm, *, locale: str = "ja"
    ) -> dict[str, tuple[str, dict[str, object]]]:
        with pytest.raises(FieldErrors) as caught:
            self.validate(form, locale=locale)
        return caught.value.errors


@pytest.fixture
def env(database_url: str, clock: ManualClock) -> Iterator[Env]:
    db = Database(make_engine(database_url))
    upgrade(db.engine)
    with SlackStandIn(bot_token=BOT_TOKEN, team_id=TEAM) as slack:
        slack.add_user(ORGANIZER, name="recruiter")
        slack.add_user("U1", name="interviewer")
        slack.add_channel(PUBLIC, name="recruiting")
        slack.add_channel(PUBLIC_NOT_MEMBER, name="random", is_member=False)
        slack.add_channel(PRIVATE_MEMBER, name="hiring", is_private=True)
        slack.add_channel(PRIVATE_NOT_MEMBER, name="secret", is_private=True, is_member=False)
        client = WebClient(token=BOT_TOKEN, base_url=slack.api_url, timeout=5)
        yield Env(db, slack, EventFormValidator(db, client, clock), clock)
        assert slack.violations == []
    db.dispose()


def form(**changes: object) -> CreateForm:
    return dataclasses.replace(VALID, **changes)  # type: ignore[arg-type]


def test_valid_form_becomes_a_draft(env: Env) -> None:
    env.add_account("採用担当A")
    draft = env.validate(form(custom_reminders="30, 180"))
    assert draft.team_id == TEAM
    assert draft.organizer_id == ORGANIZER
    assert draft.kind is EventKind.INTERVIEW
    assert draft.starts_at == datetime(2026, 11, 24, 5, 0, tzinfo=UTC)
    assert draft.starts_at.utcoffset() == timedelta(0)
    assert draft.duration_minutes == 60
    assert draft.timezone == "Asia/Tokyo"
    assert draft.participant_ids == (ORGANIZER, "U1")
    assert draft.channel_id == PUBLIC
    assert draft.requested_account == "auto"
    assert draft.reminder_specs == ("before:1440", "before:180", "before:60", "before:30")
    assert draft.notify_participants is True


def test_start_in_the_past_is_reported_on_the_time_with_local_time(env: Env) -> None:
    env.add_account("採用担当A")
    # 08:00 Tokyo is 23:00 UTC the day before "now".
    errors = env.errors(form(start_date=date(2026, 11, 23), start_time=time(8, 0)))
    assert set(errors) == {modal.START_TIME}
    key, params = errors[modal.START_TIME]
    assert key == "error.start_in_past"
    assert params["when"] == "2026年11月23日(月) 8:00 (JST)"
    errors = env.errors(
        form(start_date=date(2026, 11, 22), start_time=time(18, 0), timezone="America/New_York"),
        locale="en",
    )
    assert errors[modal.START_TIME][1]["when"] == "Sun, Nov 22, 2026 6:00 PM (EST)"


def test_start_exactly_now_is_past_and_one_minute_later_is_fine(env: Env) -> None:
    env.add_account("採用担当A")
    errors = env.errors(form(start_date=date(2026, 11, 23), start_time=time(9, 0)))
    assert errors[modal.START_TIME][0] == "error.start_in_past"
    draft = env.validate(form(start_date=date(2026, 11, 23), start_time=time(9, 1)))
    assert draft.starts_at == datetime(2026, 11, 23, 0, 1, tzinfo=UTC)


def test_duration_bounds(env: Env) -> None:
    env.add_account("採用担当A")
    for minutes in (5, 720):
        assert env.validate(form(duration=minutes)).duration_minutes == minutes
    for bad in (4, 721, 0, -60, None):
        assert env.errors(form(duration=bad)) == {modal.DURATION: ("error.duration_range", {})}


def test_unknown_time_zone(env: Env) -> None:
    env.add_account("採用担当A")
    for zone in ("Mars/Olympus_Mons", "", "../etc/passwd", "asia/tokyo"):
        errors = env.errors(form(timezone=zone))
        assert errors == {modal.TIMEZONE: ("error.timezone_unknown", {})}, zone


def test_title_length(env: Env) -> None:
    env.add_account("採用担当A")
    assert env.validate(form(title="面" * 200)).title == "面" * 200
    for title in ("", "面" * 201):
        assert env.errors(form(title=title)) == {modal.TITLE: ("error.title_length", {})}


def test_too_many_participants(env: Env) -> None:
    env.add_account("採用担当A")
    many = [f"U{i:03d}" for i in range(modal.MAX_PARTICIPANTS + 1)]
    assert env.errors(form(participants=many)) == {
        modal.PARTICIPANTS: ("error.participants_max", {"max": modal.MAX_PARTICIPANTS})
    }
    assert len(env.validate(form(participants=many[:-1])).participant_ids) == 50


def test_custom_reminders(env: Env) -> None:
    env.add_account("採用担当A")
    accepted = {
        "30, 180": ("before:1440", "before:180", "before:60", "before:30"),
        "30、180": ("before:1440", "before:180", "before:60", "before:30"),
        "30，180": ("before:1440", "before:180", "before:60", "before:30"),
        "60,,": ("before:1440", "before:60"),
        "43200": ("before:43200", "before:1440", "before:60"),
        "": ("before:1440", "before:60"),
    }
    for text, offsets in accepted.items():
        assert env.validate(form(custom_reminders=text)).reminder_specs == offsets, text
    for text in ("abc", "0", "99999", "43201", "-5", "30; 180", "1.5"):
        errors = env.errors(form(custom_reminders=text))
        assert errors == {modal.CUSTOM_REMINDERS: ("error.custom_reminder", {})}, text


def test_no_accounts_linked(env: Env) -> None:
    env.add_account("other team", team_id=OTHER_TEAM)
    errors = env.errors(form())
    assert errors == {modal.ZOOM_ACCOUNT: ("error.no_accounts", {})}


def test_chosen_account(env: Env) -> None:
    ok = env.add_account("採用担当A")
    broken = env.add_account("採用担当B", status=AccountStatus.NEEDS_RECONNECT)
    foreign = env.add_account("よそのチーム", team_id=OTHER_TEAM)
    assert env.validate(form(zoom_account=str(ok))).requested_account == str(ok)
    assert env.errors(form(zoom_account=str(broken))) == {
        modal.ZOOM_ACCOUNT: ("error.account_unavailable", {"name": "採用担当B"})
    }
    for unknown in ("99999", str(foreign), "not-a-number"):
        assert env.errors(form(zoom_account=unknown)) == {
            modal.ZOOM_ACCOUNT: ("error.account_unknown", {})
        }, unknown


def test_channels(env: Env) -> None:
    env.add_account("採用担当A")
    for reachable in (PUBLIC, PUBLIC_NOT_MEMBER, PRIVATE_MEMBER):
        assert env.validate(form(channel=reachable)).channel_id == reachable
    for unreachable in ("C0NOSUCH", PRIVATE_NOT_MEMBER, None):
        assert env.errors(form(channel=unreachable)) == {
            modal.CHANNEL: ("error.channel_unreachable", {})
        }, unreachable
    dm = env.slack.dm_channel_id(ORGANIZER)
    assert env.errors(form(channel=dm)) == {modal.CHANNEL: ("error.channel_is_dm", {})}


@pytest.mark.parametrize("error", ["not_in_channel", "missing_scope"])
def test_slack_refusals_mean_unreachable(env: Env, error: str) -> None:
    env.add_account("採用担当A")
    env.slack.fail_next("conversations.info", error)
    assert env.errors(form()) == {modal.CHANNEL: ("error.channel_unreachable", {})}


def test_slack_trouble_does_not_block_the_recruiter(env: Env) -> None:
    env.add_account("採用担当A")
    env.slack.fail_next("conversations.info", "internal_error")
    assert env.validate(form()).channel_id == PUBLIC


def test_every_problem_is_reported_at_once(env: Env) -> None:
    errors = env.errors(
        form(
            title="",
            duration=4,
            timezone="Nowhere/Special",
            custom_reminders="abc",
            channel=PRIVATE_NOT_MEMBER,
        )
    )
    assert set(errors) == {
        modal.TITLE,
        modal.DURATION,
        modal.TIMEZONE,
        modal.CUSTOM_REMINDERS,
        modal.CHANNEL,
        modal.ZOOM_ACCOUNT,
    }


@pytest.mark.parametrize("text", ["①", "30²", "٣٠"])
def test_digits_int_cannot_read_or_non_ascii_digits_are_an_inline_error(
    env: Env, text: str
) -> None:
    # str.isdigit() accepts ① and ², which int() cannot read (it raised ValueError once).
    env.add_account("採用担当A")
    assert env.errors(form(custom_reminders=text)) == {
        modal.CUSTOM_REMINDERS: ("error.custom_reminder", {})
    }


def test_full_width_digits_are_accepted(env: Env) -> None:
    env.add_account("採用担当A")
    assert env.validate(form(custom_reminders="３０、１８０")).reminder_specs == (
        "before:1440",
        "before:180",
        "before:60",
        "before:30",
    )


@pytest.mark.parametrize(
    ("missing", "block_id"),
    [("start_date", modal.START_DATE), ("start_time", modal.START_TIME)],
)
def test_missing_start_is_reported_on_its_field(env: Env, missing: str, block_id: str) -> None:
    # Once raised FieldErrors({}): no block carried a message.
    env.add_account("採用担当A")
    assert env.errors(form(**{missing: None})) == {block_id: ("error.start_missing", {})}


def test_missing_date_and_time_are_both_reported(env: Env) -> None:
    env.add_account("採用担当A")
    assert env.errors(form(start_date=None, start_time=None)) == {
        modal.START_DATE: ("error.start_missing", {}),
        modal.START_TIME: ("error.start_missing", {}),
    }


def test_a_time_that_daylight_saving_skips_is_refused(env: Env) -> None:
    env.add_account("採用担当A")
    # 2027-03-14 02:30 does not exist in New York (clocks jump from 02:00 to 03:00).
    skipped = form(
        start_date=date(2027, 3, 14), start_time=time(2, 30), timezone="America/New_York"
    )
    assert env.errors(skipped) == {modal.START_TIME: ("error.start_nonexistent", {})}
    fine = form(start_date=date(2027, 3, 14), start_time=time(3, 30), timezone="America/New_York")
    assert env.validate(fine).starts_at == datetime(2027, 3, 14, 7, 30, tzinfo=UTC)
