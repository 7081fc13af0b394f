"""`app_uninstalled` and `tokens_revoked`: recorded in the log so an operator sees why the bot
went quiet. (Multi-workspace installs, a later issue, will also drop the stored tokens here.)"""

from __future__ import annotations

import logging
from typing import Any

logger = logging.getLogger(__name__)

EVENTS = ("app_uninstalled", "tokens_revoked")


def handle(event: dict[str, Any], context: dict[str, Any]) -> None:
    logger.warning("Slack says %s for team %s", event.get("type"), context.get("team_id"))
