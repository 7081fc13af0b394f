"""Regenerate the vendored API spec subsets used by the local stand-in servers.

The full vendor documents live outside the repository (``../shared/specs`` relative to the
repository root).  The stand-ins only need a small, self-contained part of them, which is
committed under ``standins/specs/``:

* ``slack_methods.json``: for each Slack Web API method the bot uses, the HTTP verbs the
  spec declares, its parameters (name, ``in``, ``required``) and the documented error codes.
* ``zoom_meetings.json``: the Zoom path items the bot uses, with every ``$ref`` resolved
  inline, keeping parameters, request body schemas and response schemas.

Usage (from the repository root)::

    python scripts/vendor_specs.py            # rewrite standins/specs/*.json
    python scripts/vendor_specs.py --check    # exit 1 if the committed files are stale

``tests/standins/test_vendored_specs.py`` imports this file and re-runs the extraction.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import json
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = REPO_ROOT.parent / "shared" / "specs"
TARGET_DIR = REPO_ROOT / "standins" / "specs"

SLACK_SOURCE = Path("slack") / "slack_web_openapi_v2.json"
ZOOM_SOURCE = Path("zoom") / "ZoomMeetingAPISpec.json"

SLACK_TARGET = "slack_methods.json"
ZOOM_TARGET = "zoom_meetings.json"

#: Slack Web API methods the bot (and therefore the stand-in) uses.
SLACK_METHODS: tuple[str, ...] = (
    "auth.test",
    "chat.delete",
    "chat.getPermalink",
    "chat.postEphemeral",
    "chat.postMessage",
    "chat.update",
    "conversations.history",
    "conversations.info",
    "conversations.open",
    "usergroups.list",
    "usergroups.users.list",
    "users.info",
    "views.open",
    "views.publish",
    "views.push",
    "views.update",
)

#: Zoom API path templates (relative to ``https://api.zoom.us/v2``) the bot uses.
ZOOM_PATHS: tuple[str, ...] = (
    "/users/{userId}",
    "/users/{userId}/meetings",
    "/meetings/{meetingId}",
)

_HTTP_VERBS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def extract_slack(spec: Mapping[str, Any], *, sha256: str) -> dict[str, Any]:
    """Return the Slack subset: verbs, parameters and error codes of ``SLACK_METHODS``."""
    methods: dict[str, Any] = {}
    for name in SLACK_METHODS:
        item = spec["paths"].get(f"/{name}")
        if item is None:
            raise KeyError(f"Slack spec has no path /{name}")
        verbs = [verb for verb in _HTTP_VERBS if verb in item]
        parameters: list[dict[str, Any]] = []
        errors: set[str] = set()
        for verb in verbs:
            operation = item[verb]
            for param in operation.get("parameters", []):
                entry = {
                    "name": param["name"],
                    "in": param["in"],
                    "required": bool(param.get("required", False)),
                }
                if entry not in parameters:
                    parameters.append(entry)
            default = operation.get("responses", {}).get("default", {})
            error_schema = default.get("schema", {}).get("properties", {}).get("error", {})
            errors.update(error_schema.get("enum", []))
        methods[name] = {"http_verbs": verbs, "parameters": parameters, "errors": sorted(errors)}
    return {
        "source": {
            "file": SLACK_SOURCE.as_posix(),
            "sha256": sha256,
            "title": spec["info"]["title"],
            "version": spec["info"]["version"],
        },
        "methods": methods,
    }


def _lookup(root: Mapping[str, Any], ref: str) -> Any:
    if not ref.startswith("#/"):
        raise ValueError(f"only local $refs are supported, got {ref!r}")
    node: Any = root
    for part in ref[2:].split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def resolve_refs(node: Any, root: Mapping[str, Any], _stack: tuple[str, ...] = ()) -> Any:
    """Return a deep copy of ``node`` with every local ``$ref`` replaced by its target."""
    if isinstance(node, list):
        return [resolve_refs(item, root, _stack) for item in node]
    if not isinstance(node, dict):
        return copy.deepcopy(node)
    ref = node.get("$ref")
    if isinstance(ref, str):
        if ref in _stack:
            raise ValueError(f"recursive $ref {ref!r} cannot be inlined")
        target = resolve_refs(_lookup(root, ref), root, (*_stack, ref))
        siblings = {k: resolve_refs(v, root, _stack) for k, v in node.items() if k != "$ref"}
        return {**target, **siblings} if isinstance(target, dict) else target
    return {key: resolve_refs(value, root, _stack) for key, value in node.items()}


def extract_zoom(spec: Mapping[str, Any], *, sha256: str) -> dict[str, Any]:
    """Return the Zoom subset: the ``ZOOM_PATHS`` path items with ``$ref``s inlined."""
    paths: dict[str, Any] = {}
    for template in ZOOM_PATHS:
        item = spec["paths"].get(template)
        if item is None:
            raise KeyError(f"Zoom spec has no path {template}")
        paths[template] = resolve_refs(item, spec)
    return {
        "openapi": spec["openapi"],
        "info": {"title": spec["info"]["title"], "version": spec["info"]["version"]},
        "servers": copy.deepcopy(spec["servers"]),
        "x-vendored-from": {"file": ZOOM_SOURCE.as_posix(), "sha256": sha256},
        "paths": paths,
    }


def build(source_dir: Path) -> dict[str, dict[str, Any]]:
    """Extract both subsets from ``source_dir``; returns ``{file name: document}``."""
    slack_path = source_dir / SLACK_SOURCE
    zoom_path = source_dir / ZOOM_SOURCE
    slack_spec = json.loads(slack_path.read_text(encoding="utf-8"))
    zoom_spec = json.loads(zoom_path.read_text(encoding="utf-8"))
    return {
        SLACK_TARGET: extract_slack(slack_spec, sha256=_sha256(slack_path)),
        ZOOM_TARGET: extract_zoom(zoom_spec, sha256=_sha256(zoom_path)),
    }


def render(document: Mapping[str, Any]) -> str:
    """Serialise a subset the way it is committed (stable, diff-friendly)."""
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; returns the process exit code."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="shared specs dir")
    parser.add_argument("--target", type=Path, default=TARGET_DIR, help="output directory")
    parser.add_argument("--check", action="store_true", help="only check, do not write")
    args = parser.parse_args(argv)

    stale: list[str] = []
    for name, document in build(args.source).items():
        path: Path = args.target / name
        text = render(document)
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == text:
            continue
        if args.check:
            stale.append(name)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path}")
    if stale:
        print(f"stale vendored specs: {', '.join(stale)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
