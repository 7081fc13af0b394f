"""bot.services.meeting_options: the URL handed out, and when participants wait for a host."""

from __future__ import annotations

from bot.services.meeting_options import HostWait, MeetingOptions

URL = "https://standin.zoom.test/j/12345678901?pwd=AbC123.1&uname=x"


def options(**changes: object) -> MeetingOptions:
    base = {"embed_passcode": True, "join_before_host": False, "waiting_room": False}
    return MeetingOptions(**{**base, **changes})  # type: ignore[arg-type]


def test_the_passcode_stays_in_the_url_only_when_embedded() -> None:
    assert options().shared_url(URL) == URL
    assert options(embed_passcode=False).shared_url(URL) == (
        "https://standin.zoom.test/j/12345678901?uname=x"
    )
    plain = "https://standin.zoom.test/j/12345678901"
    assert options(embed_passcode=False).shared_url(plain) == plain


def test_who_would_wait_for_an_absent_host() -> None:
    shared = options()  # a shared account nobody in particular starts
    assert shared.host_wait(["U1"]) is HostWait.NO_EARLY_JOIN
    assert options(waiting_room=True).host_wait(["U1"]) is HostWait.WAITING_ROOM
    # Zoom turns "join before host" off when the waiting room is on.
    both = options(waiting_room=True, join_before_host=True)
    assert both.host_wait(["U1"]) is HostWait.WAITING_ROOM
    assert options(join_before_host=True).host_wait(["U1"]) is None
    # The host's owner takes part: they start it.
    assert options(host_owner="U1").host_wait(["U1", "U2"]) is None
    assert options(host_owner="U9").host_wait(["U1"]) is HostWait.NO_EARLY_JOIN


def test_round_trip_through_the_event_row() -> None:
    stored = options(embed_passcode=False, waiting_room=True, host_owner="U1").to_json()
    assert MeetingOptions.from_json(stored) == options(
        embed_passcode=False, waiting_room=True, host_owner="U1"
    )
    assert MeetingOptions.from_json(None) is None
    assert MeetingOptions.from_json({}) is None
