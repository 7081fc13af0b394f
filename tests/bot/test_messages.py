"""bot.messages: both languages for every key, with the same placeholders."""

from __future__ import annotations

import string

import pytest

from bot.messages import MESSAGES, normalize_locale, t


def placeholders(template: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(template) if field is not None}


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_key_has_japanese_and_english_with_same_placeholders(key: str) -> None:
    entry = MESSAGES[key]
    assert set(entry) == {"ja", "en"}
    assert entry["ja"].strip()
    assert entry["en"].strip()
    assert placeholders(entry["ja"]) == placeholders(entry["en"])


def test_placeholders_are_named() -> None:
    # "{}" or "{0}" would need positional arguments, which `t` never passes.
    for key, entry in MESSAGES.items():
        for text in entry.values():
            for name in placeholders(text):
                assert name.isidentifier(), f"{key}: placeholder {name!r}"


@pytest.mark.parametrize(
    ("slack_locale", "expected"),
    [
        ("ja-JP", "ja"),
        ("ja", "ja"),
        ("JA-jp", "ja"),
        ("en-US", "en"),
        ("en-GB", "en"),
        ("fr-FR", "en"),
        (None, "ja"),
        ("", "ja"),
    ],
)
def test_normalize_locale(slack_locale: str | None, expected: str) -> None:
    assert normalize_locale(slack_locale) == expected


def test_normalize_locale_uses_the_given_default() -> None:
    assert normalize_locale(None, default="en") == "en"
    assert normalize_locale("ja-JP", default="en") == "ja"


def test_t_formats_in_each_language() -> None:
    assert t("ja", "card.duration_value", minutes=45) == "45分"
    assert t("en", "card.duration_value", minutes=45) == "45 min"
    assert t("ja", "offset.hours", n=2) == "2時間前"
    assert t("en", "error.participants_max", max=50) == "At most 50 participants."


def test_t_without_params_returns_the_template() -> None:
    assert t("ja", "modal.title") == "選考イベントを作成"
    assert t("en", "modal.submit") == "Create"


def test_t_unknown_key_raises() -> None:
    with pytest.raises(KeyError):
        t("en", "no.such.key")


def test_no_key_is_defined_twice() -> None:
    """A key written twice (in one dict literal or in two `MESSAGES.update` blocks) would
    silently replace the first sentence everywhere it is used."""
    import ast
    from pathlib import Path

    import bot.messages

    tree = ast.parse(Path(bot.messages.__file__).read_text(encoding="utf-8"))
    seen: dict[str, int] = {}
    twice: list[str] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Dict):
            continue
        for key in node.keys:
            if isinstance(key, ast.Constant) and isinstance(key.value, str) and "." in key.value:
                if key.value in seen:
                    twice.append(f"{key.value} (lines {seen[key.value]} and {key.lineno})")
                seen[key.value] = key.lineno
    assert twice == []
