"""Logging that never prints a secret: every formatted line (tracebacks included) is passed
through `redact`, which masks Slack/Zoom tokens, bearer headers, Zoom start-URL keys and any
configured secret value."""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Iterable

_PATTERNS = (
    re.compile(r"xox[abposre]-[A-Za-z0-9-]+"),
    re.compile(r"xapp-[A-Za-z0-9-]+"),
    # Credentials, not words: "Basic users cannot…" must survive, "Basic Y2xpZW50…" must not.
    re.compile(r"(?i)(bearer\s+)[A-Za-z0-9._~+/=-]{16,}"),
    re.compile(r"(?i)(basic\s+)[A-Za-z0-9+/=]{16,}"),
    re.compile(r"(zak=)[^&\s\"'>]+"),
    # A response_url lets anyone post as the app for 30 minutes: keep only its host.
    re.compile(r"(hooks\.slack\.com/)[^\s\"'&,}]+"),
    re.compile(
        r"(?i)(['\"]?(?:access_token|refresh_token|client_secret|start_url|secret_token)['\"]?"
        r"\s*[:=]\s*['\"]?)[^'\"&\s,}]+"
    ),
)
MASK = "[redacted]"


class Redactor:
    def __init__(self, secrets: Iterable[str] = ()) -> None:
        self._secrets = sorted({s for s in secrets if s and len(s) >= 6}, key=len, reverse=True)

    def add(self, secret: str | None) -> None:
        if secret and len(secret) >= 6 and secret not in self._secrets:
            self._secrets = sorted([*self._secrets, secret], key=len, reverse=True)

    def __call__(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, MASK)
        for pattern in _PATTERNS:
            text = pattern.sub(lambda m: (m.group(1) if m.groups() else "") + MASK, text)
        return text


class RedactingFormatter(logging.Formatter):
    def __init__(self, redactor: Redactor, fmt: str) -> None:
        super().__init__(fmt)
        self._redact = redactor

    def format(self, record: logging.LogRecord) -> str:
        return self._redact(super().format(record))


def configure_logging(level: str, redactor: Redactor) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        RedactingFormatter(redactor, "%(asctime)s %(levelname)s %(name)s: %(message)s")
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for noisy in ("httpx", "httpcore", "slack_sdk", "apscheduler", "uvicorn.access"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, root.level))
