"""The App Home's admin controls for roles: who may create events (everyone, or a Slack user
group) and who else is a recruitbot admin."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.messages import Locale, t
from bot.slack.usergroups import UserGroup

RECRUITER_GROUP_ACTION = "recruiter_group_select"
ADMINS_ACTION = "workspace_admins_select"
EVERYONE = "everyone"
#: A static_select holds 100 options: "everyone" and 99 groups.
MAX_GROUPS = 99


def roles_blocks(
    locale: Locale,
    *,
    groups: Sequence[UserGroup],
    groups_error: str | None,
    current_group: str | None,
    admins: Sequence[str],
) -> list[dict[str, Any]]:
    everyone = _option(t(locale, "roles.everyone"), EVERYONE)
    options = [everyone]
    options += [
        _option(t(locale, "roles.group_option", handle=g.handle, name=g.name), g.id)
        for g in groups[:MAX_GROUPS]
    ]
    initial = everyone
    if current_group is not None:
        found = [o for o in options if o["value"] == current_group]
        if found:
            initial = found[0]
        else:  # deleted or disabled in Slack since: still shown, so it can be changed
            initial = _option(t(locale, "roles.group_gone", group=current_group), current_group)
            options = [*options[:MAX_GROUPS], initial]
    blocks: list[dict[str, Any]] = [
        {"type": "divider"},
        {"type": "header", "text": {"type": "plain_text", "text": t(locale, "roles.header")}},
        {
            "type": "section",
            "block_id": "recruiter_group",
            "text": {"type": "mrkdwn", "text": t(locale, "roles.recruiters")},
            "accessory": {
                "type": "static_select",
                "action_id": RECRUITER_GROUP_ACTION,
                "placeholder": _plain(t(locale, "roles.recruiters_placeholder")),
                "options": options,
                "initial_option": initial,
            },
        },
    ]
    if groups_error is not None:
        text = t(locale, "roles.groups_unavailable", error=groups_error)
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": text}]})
    admin_select: dict[str, Any] = {
        "type": "multi_users_select",
        "action_id": ADMINS_ACTION,
        "placeholder": _plain(t(locale, "roles.admins_placeholder")),
    }
    if admins:
        admin_select["initial_users"] = list(admins)
    blocks.append(
        {
            "type": "section",
            "block_id": "workspace_admins",
            "text": {"type": "mrkdwn", "text": t(locale, "roles.admins")},
            "accessory": admin_select,
        }
    )
    return blocks


def _option(text: str, value: str) -> dict[str, Any]:
    return {"text": _plain(text[:75]), "value": value}


def _plain(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text}
