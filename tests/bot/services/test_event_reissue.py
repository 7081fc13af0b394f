"""bot.services.event_reissue: the DM carrying the new URL, in each reader's language."""

from __future__ import annotations

from bot.services.event_reissue import reissue_dm
from bot.services.meeting_options import MeetingOptions
from bot.slack.cards import EventView
from tests.bot.services.test_account_choice import START


def view(embed_passcode: bool) -> EventView:
    return EventView(
        id=1,
        kind="interview",
        title="一次面接",
        starts_at=START,
        duration_minutes=60,
        timezone="Asia/Tokyo",
        join_url="https://zoom.example/j/2",
        passcode="abc123",
        meeting_id="2",
        account_name="B",
        participants=("U1",),
        organizer_id="U0",
        channel_id="C1",
        reminder_specs=(),
        note=None,
        meeting_options=MeetingOptions(embed_passcode, False, False),
    )


def test_the_new_url_in_each_language() -> None:
    ja = reissue_dm(view(True), "ja", "Asia/Tokyo", "U0")
    assert ja.startswith("面接「一次面接」(<!date^")
    assert ja.endswith(
        "の Zoom URL が <@U0> により再発行されました。新しい URL: https://zoom.example/j/2"
    )
    en = reissue_dm(view(True), "en", "America/Los_Angeles", "U0")
    assert "Tue, Nov 24, 2026 9:00 PM (PST)" in en
    assert en.endswith("was reissued by <@U0>. New URL: https://zoom.example/j/2")
    assert "abc123" not in ja + en  # in the URL already


def test_the_passcode_when_the_url_does_not_carry_it() -> None:
    assert reissue_dm(view(False), "ja", "Asia/Tokyo", "U0").endswith("\nパスコード: `abc123`")
    assert reissue_dm(view(False), "en", "Asia/Tokyo", "U0").endswith("\nPasscode: `abc123`")
