"""Local stand-in servers for the vendor APIs the bot talks to (Slack Web API, Zoom API).

Each stand-in is a real HTTP server on a free ``127.0.0.1`` port that records every call and
checks requests against the vendored spec subsets in ``standins/specs`` (regenerate them
with ``scripts/vendor_specs.py``)::

    with SlackStandIn() as slack, ZoomStandIn() as zoom:
        client = WebClient(token=slack.bot_token, base_url=slack.api_url)
        ...
        assert slack.violations == [] and zoom.violations == []
"""

from standins._http import Gate
from standins.slack import SlackCall, SlackStandIn, sign_slack_request
from standins.zoom import (
    ZoomCall,
    ZoomStandIn,
    ZoomTokenRequest,
    sign_webhook,
    url_validation_response,
)

__all__ = [
    "Gate",
    "SlackCall",
    "SlackStandIn",
    "ZoomCall",
    "ZoomStandIn",
    "ZoomTokenRequest",
    "sign_slack_request",
    "sign_webhook",
    "url_validation_response",
]
