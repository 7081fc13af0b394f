"""The Slack app manifest (manifest.yml) is valid and matches what the code registers.

Schema validation uses Slack's published JSON Schemas (slackapi/manifest-schema v0.5.0),
kept outside the repository in ``<repo>/../shared/specs/slack/`` (or
``$RECRUITBOT_SHARED_DIR/specs/slack/``). Every remote ``$ref`` is served from those local
files; nothing is fetched from the network.
"""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

REPO_ROOT = Path(__file__).resolve().parents[1]
MANIFEST_PATH = REPO_ROOT / "manifest.yml"

# Where manifest.schema.json points its "$ref"s; mapped to the local copies below.
SCHEMA_URL_PREFIX = "https://raw.githubusercontent.com/slackapi/manifest-schema/v0.5.0/schemas/"

# The bot scopes the code needs, and nothing more (a guard against scope creep).
EXPECTED_BOT_SCOPES = frozenset(
    {
        "commands",  # /recruit
        "chat:write",  # post and update cards and reminders
        "chat:write.public",  # post in a public channel the bot was not invited to
        "im:write",  # conversations.open for DMs
        "im:history",  # conversations.history: was a reminder already posted?
        "users:read",  # users.info with include_locale (locale, tz)
        "channels:read",  # conversations.info on public channels
        "groups:read",  # conversations.info on private channels
        "usergroups:read",  # usergroups.list / usergroups.users.list: who may create events
    }
)


def _shared_specs_dir() -> tuple[Path, bool]:
    """Return the specs directory and whether it was set explicitly via the environment."""
    override = os.environ.get("RECRUITBOT_SHARED_DIR")
    if override:
        return Path(override).expanduser().resolve() / "specs", True
    return REPO_ROOT.parent / "shared" / "specs", False


@pytest.fixture(scope="module")
def manifest() -> dict[str, Any]:
    data = yaml.safe_load(MANIFEST_PATH.read_text(encoding="utf-8"))
    assert isinstance(data, dict), "manifest.yml must be a YAML mapping"
    return data


@pytest.fixture(scope="module")
def slack_schema_dir() -> Path:
    specs, explicit = _shared_specs_dir()
    if not specs.is_dir():
        if explicit:
            pytest.fail(f"RECRUITBOT_SHARED_DIR is set but {specs} does not exist")
        pytest.skip(
            f"Slack manifest JSON schemas not available: {specs} is absent "
            "(set RECRUITBOT_SHARED_DIR to the directory holding specs/slack/)"
        )
    slack = specs / "slack"
    assert (slack / "manifest.schema.json").is_file(), f"{slack}/manifest.schema.json is missing"
    return slack


def _registry(schema_dir: Path) -> Registry[Any]:
    """Slack's version schemas, registered under the URLs manifest.schema.json refers to.

    Nothing is retrieved on demand: a ``$ref`` to any other URL fails to resolve.
    """
    resources = []
    for path in sorted(schema_dir.glob("manifest.schema.*.*.*.json")):
        contents = json.loads(path.read_text(encoding="utf-8"))
        resource = Resource.from_contents(contents, default_specification=DRAFT7)
        resources.append((SCHEMA_URL_PREFIX + path.name, resource))
    assert resources, f"no manifest.schema.<version>.json in {schema_dir}"
    registry: Registry[Any] = Registry().with_resources(resources)
    return registry


def _validator(schema_dir: Path, name: str = "manifest.schema.json") -> jsonschema.Draft7Validator:
    schema = json.loads((schema_dir / name).read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema, registry=_registry(schema_dir))


def _errors(validator: jsonschema.Draft7Validator, instance: dict[str, Any]) -> list[str]:
    """Leaf validation errors ("path: message"), deduplicated; oneOf hides them in context."""
    messages: dict[str, None] = {}
    pending = list(validator.iter_errors(instance))
    while pending:
        error = pending.pop(0)
        if error.context:
            pending.extend(error.context)
            continue
        message = error.message if len(error.message) <= 160 else error.message[:157] + "..."
        messages[f"{error.json_path}: {message}"] = None
    return list(messages)


# --- (a) schema validation ---------------------------------------------------------------


def test_manifest_validates_against_slack_schema(
    manifest: dict[str, Any], slack_schema_dir: Path
) -> None:
    errors = _errors(_validator(slack_schema_dir), manifest)
    assert not errors, "manifest.yml does not match Slack's schema:\n" + "\n".join(errors)


def test_manifest_validates_against_its_declared_major_version(
    manifest: dict[str, Any], slack_schema_dir: Path
) -> None:
    major = manifest["_metadata"]["major_version"]
    validator = _validator(slack_schema_dir, f"manifest.schema.{major}.0.0.json")
    errors = _errors(validator, manifest)
    assert not errors, f"manifest.yml does not match schema {major}.0.0:\n" + "\n".join(errors)


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("settings", "socket_mode"), True),  # misspelt key: additionalProperties is false
        (("display_information", "long_description"), "too short"),  # minLength 175
        (("features", "slash_commands"), [{"command": "recruit", "description": "x"}]),
        (("_metadata", "major_version"), 3),  # no such schema version
    ],
)
def test_schema_rejects_broken_manifests(
    manifest: dict[str, Any], slack_schema_dir: Path, path: tuple[str, str], value: object
) -> None:
    """Control: the validator really enforces the schema (so the test above can fail)."""
    broken = copy.deepcopy(manifest)
    broken[path[0]][path[1]] = value
    assert _errors(_validator(slack_schema_dir), broken), (
        f"schema accepted a broken manifest ({'.'.join(path)})"
    )


# --- app settings the product relies on --------------------------------------------------


def test_display_and_bot_user(manifest: dict[str, Any]) -> None:
    display = manifest["display_information"]
    assert display["name"] == "recruitbot"
    assert len(display["long_description"]) >= 175
    assert len(display["description"]) <= 140
    bot_user = manifest["features"]["bot_user"]
    assert bot_user == {"display_name": "recruitbot", "always_online": True}


def test_app_home_tabs(manifest: dict[str, Any]) -> None:
    app_home = manifest["features"]["app_home"]
    assert app_home["home_tab_enabled"] is True
    assert app_home["messages_tab_enabled"] is True


def test_recruit_slash_command(manifest: dict[str, Any]) -> None:
    (command,) = manifest["features"]["slash_commands"]
    assert command["command"] == "/recruit"
    assert command["description"] == "選考イベントを作成・管理"
    assert command["usage_hint"] == "[new|list|audit <event>|zoom|help]"
    assert command["should_escape"] is False


def test_socket_mode_without_request_urls(manifest: dict[str, Any]) -> None:
    settings = manifest["settings"]
    assert settings["socket_mode_enabled"] is True
    # A static xoxb token: rotation would make it expire.
    assert settings["token_rotation_enabled"] is False
    # Socket Mode ignores request URLs; a stray one would be verified by Slack and break
    # "Create from manifest" when the URL is not reachable.
    assert "request_url" not in settings.get("event_subscriptions", {})
    assert "request_url" not in settings.get("interactivity", {})
    for command in manifest["features"].get("slash_commands", []):
        assert "url" not in command, command["command"]


# --- (b) the manifest matches what the code registers ------------------------------------


def test_slash_commands_match_registry(manifest: dict[str, Any]) -> None:
    from handlers import registry

    declared = {c["command"] for c in manifest["features"].get("slash_commands", [])}
    assert declared == set(registry.COMMANDS)


def test_bot_events_match_registry(manifest: dict[str, Any]) -> None:
    from handlers import registry

    declared = set(manifest["settings"].get("event_subscriptions", {}).get("bot_events", []))
    assert declared == set(registry.EVENTS)


def test_interactivity_matches_registry(manifest: dict[str, Any]) -> None:
    from handlers import registry

    enabled = manifest["settings"].get("interactivity", {}).get("is_enabled", False)
    assert enabled is registry.needs_interactivity()


# --- (c) scopes ----------------------------------------------------------------------------


def test_bot_scopes_are_exactly_what_the_code_needs(manifest: dict[str, Any]) -> None:
    scopes = manifest["oauth_config"]["scopes"]
    bot = scopes["bot"]
    assert len(bot) == len(set(bot)), "duplicate bot scopes"
    assert set(bot) == EXPECTED_BOT_SCOPES
    assert set(scopes) == {"bot"}, "no user or optional scopes are needed"
