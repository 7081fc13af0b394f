"""bot/logs.py: what the redactor masks, what it leaves alone, and the logging serve sets up."""

from __future__ import annotations

import io
import logging
import sys
from collections.abc import Iterator

import pytest

from bot.logs import MASK, RedactingFormatter, Redactor, configure_logging
from tests.logging_state import restored_logging

SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("token=xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy ok", f"token={MASK} ok"),
        ("user xoxp-1-2-3-abc and refresh xoxe-1-My0xLTE", f"user {MASK} and refresh {MASK}"),
        ("SLACK_APP_TOKEN=xapp-1-A0RECRUIT-123456-abcdef0123", f"SLACK_APP_TOKEN={MASK}"),
        (
            "Authorization: Bearer eyJhbGciOiJIUzUxMiJ9.eyJ2ZXIiOjl9.Xk_3-Yq~a+b/c=",
            f"Authorization: Bearer {MASK}",
        ),
        (
            "{'Authorization': 'bearer ptaz7K4Apa__QX0a2HeR9b9tAnCYhfuh'}",
            f"{{'Authorization': 'bearer {MASK}'}}",
        ),
        ("authorization: Basic Y2xpZW50LTE6c2VjcmV0+/w==", f"authorization: Basic {MASK}"),
        (
            "start https://us05web.zoom.us/s/8123?zak=eyJ0eXAiOiJKV1Qi.eyJh-_x&pwd=1 now",
            f"start https://us05web.zoom.us/s/8123?zak={MASK}&pwd=1 now",
        ),
        (
            '{"client_id": "client-1", "client_secret": "zoom-client-secret-1-9f8e7d6c"}',
            f'{{"client_id": "client-1", "client_secret": "{MASK}"}}',
        ),
        (
            "grant_type=account_credentials&client_secret=s3cr3t-value&account_id=acct-1",
            f"grant_type=account_credentials&client_secret={MASK}&account_id=acct-1",
        ),
        (
            "S2SCredentials(account_id='acct-1', client_id='client-1', client_secret='abc123xyz')",
            f"S2SCredentials(account_id='acct-1', client_id='client-1', client_secret='{MASK}')",
        ),
        (
            "{'access_token': 'tok.en-1', 'token_type': 'bearer', 'refresh_token': 'r-2'}",
            f"{{'access_token': '{MASK}', 'token_type': 'bearer', 'refresh_token': '{MASK}'}}",
        ),
        ('{"ACCESS_TOKEN":\n  "tok"}', f'{{"ACCESS_TOKEN":\n  "{MASK}"}}'),
        ('"start_url": "https://zoom.us/s/1?zak=abc"', f'"start_url": "{MASK}"'),
        ('{"secret_token":"whsec"}', f'{{"secret_token":"{MASK}"}}'),
    ],
)
def test_known_secret_shapes_are_masked(line: str, expected: str) -> None:
    assert Redactor()(line) == expected


def test_configured_secrets_are_masked_wherever_they_appear() -> None:
    redact = Redactor([SIGNING_SECRET, "short"])
    assert redact(f"secret={SIGNING_SECRET}!") == f"secret={MASK}!"
    assert redact(f"a{SIGNING_SECRET}{SIGNING_SECRET}b") == f"a{MASK}{MASK}b"
    # Values under 6 characters are not registered: they would mask ordinary words.
    assert redact("a short note") == "a short note"


def test_a_longer_secret_is_masked_whole_even_if_a_shorter_one_is_its_prefix() -> None:
    redact = Redactor(["abcdef"])
    redact.add("abcdefghij")
    redact.add(None)
    redact.add("abcdef")  # already known
    assert redact("x abcdefghij y abcdef z") == f"x {MASK} y {MASK} z"


@pytest.mark.parametrize(
    "line",
    [
        "event 2: Zoom create failed: Zoom answered 400 to POST /users/zoomuser1/meetings: bad",
        "面接「一次面接 山田様」 2026年11月25日(水) 14:00 (JST)",
        "https://standin.zoom.test/j/52510001129?pwd=nSZFlg-y4XJKY52myRBMRdWk",
        "{'token_type': 'bearer', 'expires_in': 3599, 'scope': 'meeting:write:admin'}",
        "Copy the Bot User OAuth Token (xoxb-…) from the app's OAuth & Permissions page.",
        "ignored a Slack request no listener handles: event_callback app_mention",
        "Slack says tokens_revoked for team T0HARNESS",
        "client_id=client-1 account_id=acct-1 user U0RECRUITER in C0HARNESS",
        "the access token expired; start_url is dropped on purpose",
        "Zoom answered 400: Basic users cannot schedule this meeting",
        "licence: Basic (1), Licensed (2); the bearer of bad news",
        "",
    ],
)
def test_ordinary_text_is_untouched(line: str) -> None:
    assert Redactor([SIGNING_SECRET])(line) == line


def test_formatter_redacts_the_message_and_the_traceback() -> None:
    formatter = RedactingFormatter(Redactor([SIGNING_SECRET]), "%(levelname)s %(message)s")
    try:
        raise RuntimeError(f"signing secret {SIGNING_SECRET} with xoxb-1-2-abc")
    except RuntimeError:
        exc_info = sys.exc_info()
    record = logging.LogRecord(
        "t", logging.ERROR, __file__, 1, "token %s", ("xoxb-9-9-zzz",), exc_info
    )
    text = formatter.format(record)
    assert text.startswith(f"ERROR token {MASK}\nTraceback")
    assert SIGNING_SECRET not in text
    assert "xoxb-" not in text
    assert f"RuntimeError: signing secret {MASK} with {MASK}" in text


@pytest.fixture
def restore_logging() -> Iterator[None]:
    with restored_logging():
        yield


@pytest.mark.usefixtures("restore_logging")
@pytest.mark.parametrize(("level", "noisy"), [("debug", logging.WARNING), ("ERROR", logging.ERROR)])
def test_configure_logging_installs_one_redacting_handler(level: str, noisy: int) -> None:
    configure_logging(level, Redactor([SIGNING_SECRET]))

    root = logging.getLogger()
    [handler] = root.handlers
    assert isinstance(handler, logging.StreamHandler)
    assert isinstance(handler.formatter, RedactingFormatter)
    assert root.level == getattr(logging, level.upper())
    # HTTP client chatter (request lines, headers) stays out even at DEBUG.
    for name in ("httpx", "httpcore", "slack_sdk", "apscheduler", "uvicorn.access"):
        assert logging.getLogger(name).level == noisy, name

    handler.setStream(io.StringIO())
    logging.getLogger("recruitbot.test").error("secret %s", SIGNING_SECRET)
    assert isinstance(handler.stream, io.StringIO)
    assert handler.stream.getvalue().endswith(f"ERROR recruitbot.test: secret {MASK}\n")


def test_a_response_url_keeps_only_its_host() -> None:
    url = "https://hooks.slack.com/commands/T0HARNESS/1234567890/AbCdEfGhIjKlMnOpQrStUvWx"
    line = Redactor()(f"Invalid request signature detected (body: response_url={url}&x=1)")
    assert "AbCdEfGh" not in line
    assert "hooks.slack.com/[redacted]&x=1" in line
