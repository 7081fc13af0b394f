"""bot.services.templates: parsing, validation and per-reader rendering, in both languages."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from bot.messages import t
from bot.services.reminder_specs import OffsetSpec
from bot.services.templates import (
    VARIABLES,
    DraftFacts,
    Reader,
    TemplateError,
    TemplateSources,
    builtin,
    parse,
    render,
    render_reminder,
)
from bot.slack.cards import EventView, reminder_dm

START = datetime(2026, 11, 24, 5, 0, tzinfo=UTC)  # Tue 14:00 in Tokyo, Mon 21:00 in LA

EVENT = DraftFacts(
    kind="interview",
    title="一次面接 山田様",
    starts_at=START,
    duration_minutes=45,
    join_url="https://zoom.example/j/123?pwd=a&b",
    passcode="998877",
    account_name="採用担当A",
    channel_id="C0HIRING",
    organizer_id="U0ORG",
    note="履歴書は共有フォルダ",
)
SATO = Reader(name="佐藤", locale="ja", tz="Asia/Tokyo")
ALEX = Reader(name="Alex", locale="en", tz="America/Los_Angeles")
ONE_HOUR = OffsetSpec.before(60)


def every_variable() -> str:
    return " | ".join(f"{{{name}}}" for name in VARIABLES)


# ---- parsing and validation


def test_parse_keeps_literals_and_variables() -> None:
    template = parse("{name}さん、{event} は {start} から")
    assert template.variables == {"name", "event", "start"}


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("{nmae}さん", "{nmae}"),
        ("{title}", "{title}"),  # the card says "title"; templates say "event"
        ("{}", "{}"),
        ("{0}", "{0}"),
        ("{event.__class__}", "{event.__class__}"),
        ("{event[0]}", "{event[0]}"),
    ],
)
def test_an_unknown_variable_is_named_in_both_languages(text: str, field: str) -> None:
    with pytest.raises(TemplateError) as caught:
        parse(text)
    assert caught.value.key == "template.error.unknown_variable"
    ja, en = caught.value.message("ja"), caught.value.message("en")
    assert ja.startswith(f"{field} という変数はありません")
    assert en.startswith(f"There is no variable {field}.")
    assert "{meeting_url}" in ja
    assert "{meeting_url}" in en


@pytest.mark.parametrize("text", ["{event", "event}", "{name}さん {", "}{"])
def test_unbalanced_braces_are_an_error(text: str) -> None:
    with pytest.raises(TemplateError) as caught:
        parse(text)
    assert caught.value.key == "template.error.bad_braces"
    assert "{{ と }}" in caught.value.message("ja")
    assert "({{ or }})" in caught.value.message("en")


@pytest.mark.parametrize(
    ("text", "field"), [("{start:%Y}", "{start:%Y}"), ("{event!r}", "{event!r}")]
)
def test_format_specs_and_conversions_are_refused(text: str, field: str) -> None:
    with pytest.raises(TemplateError) as caught:
        parse(text)
    assert caught.value.key == "template.error.format_spec"
    assert field in caught.value.message("en")


def test_doubled_braces_are_literal_braces() -> None:
    assert render("{{{event}}}", EVENT, SATO, ONE_HOUR) == "{一次面接 山田様}"


def test_a_template_that_renders_empty_is_an_error() -> None:
    no_note = replace(EVENT, note=None)
    for text in ("{note}", "  {note}\n"):
        with pytest.raises(TemplateError) as caught:
            render(text, no_note, SATO, ONE_HOUR)
        assert caught.value.key == "template.error.empty"
    assert render("{note}", EVENT, SATO, ONE_HOUR) == "履歴書は共有フォルダ"


def test_a_template_too_long_is_an_error() -> None:
    with pytest.raises(TemplateError) as caught:
        parse("x" * 1001)
    assert caught.value.message("ja") == "文面は 1000 文字以内で入力してください。"


# ---- rendering for one reader


def test_every_variable_in_japanese_for_a_reader_in_tokyo() -> None:
    text = render(every_variable(), EVENT, SATO, ONE_HOUR)
    assert text.split(" | ") == [
        "佐藤",
        "一次面接 山田様",
        "面接",
        "11月24日(火) 14:00",
        "45分",
        "https://zoom.example/j/123?pwd=a&amp;b",
        "998877",
        "採用担当A",
        "<#C0HIRING>",
        "<@U0ORG>",
        "履歴書は共有フォルダ",
        "1時間前",
    ]


def test_every_variable_in_english_for_a_reader_in_los_angeles() -> None:
    text = render(every_variable(), EVENT, ALEX, ONE_HOUR)
    assert text.split(" | ") == [
        "Alex",
        "一次面接 山田様",
        "Interview",
        "Mon, Nov 23, 9:00 PM",
        "45 min",
        "https://zoom.example/j/123?pwd=a&amp;b",
        "998877",
        "採用担当A",
        "<#C0HIRING>",
        "<@U0ORG>",
        "履歴書は共有フォルダ",
        "1 h before",
    ]


def test_start_in_english_for_a_reader_in_tokyo() -> None:
    reader = Reader(name="Kim", locale="en", tz="Asia/Tokyo")
    assert render("{start}", EVENT, reader) == "Tue, Nov 24, 2:00 PM"


def test_values_cannot_inject_mentions_or_links() -> None:
    sneaky = replace(EVENT, title="<!channel> hi", note="<https://evil.example|click>")
    text = render("{event} {note}", sneaky, Reader("<@U0BOSS>", "ja", "UTC"))
    assert text == "&lt;!channel&gt; hi &lt;https://evil.example|click&gt;"
    assert render("{name}", sneaky, Reader("<@U0BOSS>", "ja", "UTC")) == "&lt;@U0BOSS&gt;"


def test_missing_optional_values_render_empty() -> None:
    bare = replace(EVENT, passcode=None, note=None, channel_id="")
    assert render("[{passcode}][{note}][{channel}]", bare, SATO) == "[][][]"


# ---- built-in defaults and where a reader's text comes from


def test_builtin_defaults_are_todays_headline() -> None:
    ja = render(builtin("ja"), EVENT, SATO, ONE_HOUR)
    en = render(builtin("en"), EVENT, ALEX, ONE_HOUR)
    assert (
        ja
        == ":alarm_clock: リマインダー: 面接「一次面接 山田様」は 11月24日(火) 14:00 に始まります(1時間前)。"
    )
    assert (
        en
        == ":alarm_clock: Reminder: Interview “一次面接 山田様” starts Mon, Nov 23, 9:00 PM (1 h before)."
    )


def test_sources_pick_event_then_workspace_language_then_builtin() -> None:
    workspace = TemplateSources(workspace_ja="JA {event}", workspace_en="EN {event}")
    assert workspace.chosen("ja") == "JA {event}"
    assert workspace.chosen("en") == "EN {event}"
    only_ja = TemplateSources(workspace_ja="JA {event}")
    assert only_ja.chosen("en") == builtin("en")
    override = replace(workspace, event="ALL {event}")
    assert override.chosen("ja") == override.chosen("en") == "ALL {event}"
    assert TemplateSources(event="  ").chosen("ja") == builtin("ja")


def test_one_override_renders_in_each_readers_language() -> None:
    sources = TemplateSources(event="{name}: {kind} {start} ({duration})")
    assert render_reminder(sources, EVENT, SATO, ONE_HOUR) == "佐藤: 面接 11月24日(火) 14:00 (45分)"
    assert (
        render_reminder(sources, EVENT, ALEX, ONE_HOUR)
        == "Alex: Interview Mon, Nov 23, 9:00 PM (45 min)"
    )


def test_a_stored_text_that_cannot_render_falls_back_instead_of_sending_nothing() -> None:
    no_note = replace(EVENT, note=None)
    sources = TemplateSources(event="{note}", workspace_ja="{bogus}", workspace_en="EN {event}")
    # The override is empty for this event; the Japanese default no longer parses.
    assert render_reminder(sources, no_note, SATO, ONE_HOUR) == render(
        builtin("ja"), no_note, SATO, ONE_HOUR
    )
    assert render_reminder(sources, no_note, ALEX, ONE_HOUR) == "EN 一次面接 山田様"


# ---- the reminder DM


def view(**changes: object) -> EventView:
    base = EventView(
        id=1,
        kind="interview",
        title="一次面接 山田様",
        starts_at=START,
        duration_minutes=45,
        timezone="Asia/Tokyo",
        join_url="https://zoom.example/j/123",
        passcode="998877",
        meeting_id="123",
        account_name="採用担当A",
        participants=("U0ORG", "U1"),
        organizer_id="U0ORG",
        channel_id="C0HIRING",
        reminder_specs=("before:60",),
        note=None,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def test_reminder_dm_positional_call_still_gives_the_builtin_headline() -> None:
    message = reminder_dm(view(), "ja", "Asia/Tokyo", ONE_HOUR)
    assert message.blocks[0]["text"]["text"] == (
        ":alarm_clock: リマインダー: 面接「一次面接 山田様」は 11月24日(火) 14:00 に始まります(1時間前)。"
    )
    assert "https://zoom.example/j/123" in message.text


def test_reminder_dm_renders_the_events_template_for_the_reader() -> None:
    templated = view(templates=TemplateSources(event="{name}さん / {name}: {event} {meeting_url}"))
    ja = reminder_dm(templated, "ja", "Asia/Tokyo", ONE_HOUR, reader_name="佐藤")
    en = reminder_dm(templated, "en", "America/Los_Angeles", ONE_HOUR, reader_name="Alex")
    assert ja.blocks[0]["text"]["text"] == (
        "佐藤さん / 佐藤: 一次面接 山田様 https://zoom.example/j/123"
    )
    assert en.blocks[0]["text"]["text"].startswith("Alexさん / Alex:")
    # The rest of the DM stays in the reader's language.
    assert t("en", "card.join") in str(en.blocks[1])
    assert t("ja", "card.join") in str(ja.blocks[1])
