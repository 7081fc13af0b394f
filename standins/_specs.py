"""Loading of the vendored spec subsets in ``standins/specs/`` (see ``scripts/vendor_specs.py``)."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

SLACK_METHODS_FILE = "slack_methods.json"
ZOOM_MEETINGS_FILE = "zoom_meetings.json"


@cache
def load_spec(name: str) -> dict[str, Any]:
    """Parse ``standins/specs/<name>`` once per process (callers must not mutate it)."""
    text = resources.files("standins").joinpath("specs", name).read_text(encoding="utf-8")
    document: dict[str, Any] = json.loads(text)
    return document
