"""What an edit changes: fields, who is added and removed (sign-ups are never removed), and
the audit details it writes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.services.edit_changes import diff
from bot.services.edit_form import EventEdit
from storage.models import Event, EventKind, EventParticipant, ParticipantSource

START = datetime(2026, 11, 25, 5, 0, tzinfo=UTC)


def event() -> Event:
    row = Event(
        kind="interview",
        title="一次面接",
        starts_at=START,
        duration_minutes=60,
        timezone="Asia/Tokyo",
        note=None,
        signups_open=True,
        capacity=None,
        url_on_signup=True,
    )
    row.participants = [
        EventParticipant(user_id="U1", source=ParticipantSource.INVITED),
        EventParticipant(user_id="U2", source=ParticipantSource.INVITED),
        EventParticipant(user_id="U9", source=ParticipantSource.SIGNED_UP),
    ]
    return row


def edit(**changes: object) -> EventEdit:
    values: dict[str, object] = {
        "kind": EventKind.INTERVIEW,
        "title": "一次面接",
        "starts_at": START,
        "duration_minutes": 60,
        "timezone": "Asia/Tokyo",
        "invited": ("U1", "U2"),
        "note": None,
        "signups_open": True,
        "capacity": None,
        "url_on_signup": True,
    }
    return EventEdit(**{**values, **changes})  # type: ignore[arg-type]


def test_the_same_values_change_nothing() -> None:
    assert not diff(event(), edit())


def test_time_and_participants_before_and_after() -> None:
    later = START + timedelta(hours=1)
    changes = diff(event(), edit(starts_at=later, invited=("U1", "U3")))
    assert changes.meeting.start == (START, later)
    assert changes.added == ("U3",)
    assert changes.removed == ("U2",)  # U9 signed up: not the modal's to remove
    assert changes.zoom_fields
    assert changes.for_participants
    details = changes.audit_details((["U1", "U2", "U9"], ["U1", "U9", "U3"]))
    assert details == {
        "start": [START.isoformat(), later.isoformat()],
        "participants": [["U1", "U2", "U9"], ["U1", "U9", "U3"]],
    }


def test_a_signed_up_person_picked_in_the_modal_is_not_added_twice() -> None:
    changes = diff(event(), edit(invited=("U1", "U2", "U9")))
    assert changes.added == ()
    assert not changes


def test_sign_up_settings_alone_do_not_touch_zoom_or_participants() -> None:
    changes = diff(event(), edit(capacity=10))
    assert changes.signups == {"capacity": (None, 10)}
    assert not changes.zoom_fields
    assert not changes.for_participants
