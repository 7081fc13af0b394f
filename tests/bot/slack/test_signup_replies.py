"""bot.slack.signup_replies: what the clicker is told, in their language."""

from __future__ import annotations

import pytest

from bot.messages import Locale
from bot.services.signups import EventFacts, Refusal, SignupResult
from bot.slack.signup_replies import reply_channel, reply_text

EVENT = EventFacts("info_session", "説明会 <A&B>", "U0RECRUITER", "C0CARD", 30)


@pytest.mark.parametrize(
    ("locale", "result", "expected"),
    [
        ("ja", SignupResult(EVENT, url_dm=True), "説明会「説明会 &lt;A&amp;B&gt;」に参加申し込み"),
        ("en", SignupResult(EVENT), "You're signed up for the info session"),
        ("en", SignupResult(EVENT, Refusal.FULL), "is full (30 places)"),
        ("ja", SignupResult(EVENT, Refusal.FULL), "満員(定員 30 名)"),
        ("en", SignupResult(None), "This event could not be found."),
    ],
)
def test_join_replies(locale: Locale, result: SignupResult, expected: str) -> None:
    assert expected in reply_text(locale, "join", result)


def test_leave_replies_name_the_organizer_to_ask() -> None:
    text = reply_text("en", "leave", SignupResult(EVENT, Refusal.INVITED))
    assert text.count("<@U0RECRUITER>") == 2


def test_the_reply_goes_where_the_card_is() -> None:
    body = {"container": {"type": "message", "channel_id": "C0ELSEWHERE"}}
    assert reply_channel(SignupResult(EVENT), body) == "C0CARD"
    assert reply_channel(SignupResult(None), body) == "C0ELSEWHERE"
    assert reply_channel(SignupResult(None), {"channel": {"id": "C0B"}}) == "C0B"
    assert reply_channel(SignupResult(None), {}) is None
