"""The committed spec subsets in ``standins/specs`` must match what the vendoring script makes."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from standins._specs import SLACK_METHODS_FILE, ZOOM_MEETINGS_FILE, load_spec
from standins.slack import EXTRA_METHODS, SlackStandIn

REPO_ROOT = Path(__file__).parents[2]
SHARED_SPECS = Path(__file__).parents[2].parent / "shared" / "specs"
VENDORED = REPO_ROOT / "standins" / "specs"


def load_vendor_script() -> ModuleType:
    """Import ``scripts/vendor_specs.py`` (the scripts folder is not a package)."""
    path = REPO_ROOT / "scripts" / "vendor_specs.py"
    spec = importlib.util.spec_from_file_location("vendor_specs", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def committed(name: str) -> Any:
    return json.loads((VENDORED / name).read_text(encoding="utf-8"))


@pytest.mark.skipif(
    not SHARED_SPECS.is_dir(),
    reason=f"original vendor specs not found at {SHARED_SPECS} (only present beside the repo)",
)
@pytest.mark.parametrize("name", [SLACK_METHODS_FILE, ZOOM_MEETINGS_FILE])
def test_committed_subset_matches_fresh_extraction(name: str) -> None:
    script = load_vendor_script()
    fresh = script.build(SHARED_SPECS)
    assert fresh[name] == committed(name), (
        f"standins/specs/{name} is stale: run `python scripts/vendor_specs.py`"
    )
    assert script.render(fresh[name]) == (VENDORED / name).read_text(encoding="utf-8")


def test_zoom_subset_is_self_contained() -> None:
    document = committed(ZOOM_MEETINGS_FILE)
    assert "$ref" not in json.dumps(document)
    assert set(document["paths"]) == {
        "/users/{userId}",
        "/users/{userId}/meetings",
        "/meetings/{meetingId}",
    }
    create = document["paths"]["/users/{userId}/meetings"]["post"]
    assert "schema" in create["requestBody"]["content"]["application/json"]
    assert "schema" in create["responses"]["201"]["content"]["application/json"]


def test_slack_subset_lists_the_methods_the_stand_in_serves() -> None:
    methods = committed(SLACK_METHODS_FILE)["methods"]
    assert set(methods) == set(load_vendor_script().SLACK_METHODS)
    assert set(methods) | set(EXTRA_METHODS) == set(SlackStandIn().implemented_methods)
    post_message = methods["chat.postMessage"]
    required = {p["name"] for p in post_message["parameters"] if p["required"]}
    assert required == {"token", "channel"}
    assert "not_in_channel" in post_message["errors"]


def test_resolve_refs_inlines_nested_references() -> None:
    script = load_vendor_script()
    root = {
        "components": {
            "schemas": {
                "Id": {"type": "integer"},
                "Meeting": {
                    "type": "object",
                    "properties": {"id": {"$ref": "#/components/schemas/Id"}},
                },
            }
        }
    }
    resolved = script.resolve_refs({"schema": {"$ref": "#/components/schemas/Meeting"}}, root)
    assert resolved == {"schema": {"type": "object", "properties": {"id": {"type": "integer"}}}}
    loop = {"components": {"schemas": {"A": {"items": {"$ref": "#/components/schemas/A"}}}}}
    with pytest.raises(ValueError, match="recursive"):
        script.resolve_refs({"$ref": "#/components/schemas/A"}, loop)


def test_loader_reads_packaged_files() -> None:
    assert load_spec(SLACK_METHODS_FILE) == committed(SLACK_METHODS_FILE)
