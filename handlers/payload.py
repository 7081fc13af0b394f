"""Reading what every interactivity payload carries, the same way everywhere."""

from __future__ import annotations

from typing import Any


def team_id_of(body: dict[str, Any]) -> str:
    """The workspace a block action or view submission came from (`team.id`; org-wide
    installs may only give it on the user or the view)."""
    team = body.get("team") or {}
    user = body.get("user") or {}
    view = body.get("view") or {}
    return str(team.get("id") or user.get("team_id") or view.get("team_id") or "")
