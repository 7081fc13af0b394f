"""Expected failures that carry what to tell the user (a message key), not a stack trace."""

from __future__ import annotations


class RecruitbotError(Exception):
    """Base for errors the bot explains to people. `key` is a message in `bot.messages`."""

    def __init__(self, key: str, /, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


class FieldErrors(RecruitbotError):
    """Modal input that cannot be accepted: block id → message key (and params)."""

    def __init__(self, errors: dict[str, tuple[str, dict[str, object]]]) -> None:
        super().__init__("modal.invalid")
        self.errors = errors


class ZoomLinkError(RecruitbotError):
    """Linking a Zoom account failed; the message says why and what to do."""
