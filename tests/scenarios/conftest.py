from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.clock import ManualClock
from standins.harness import LocalWorkspace, ZoomAppCredentials

RECRUITER = "U0RECRUITER"  # 採用担当 (ja-JP, Tokyo)
INTERVIEWER_EN = "U1"  # English-speaking interviewer in Los Angeles
COORDINATOR = "U2"  # 調整担当 (ja-JP, Tokyo)
CHANNEL = "C0HARNESS"
PRIVATE_CHANNEL = "G0PRIVATE"


@pytest.fixture
def workspace(database_url: str, clock: ManualClock) -> Iterator[LocalWorkspace]:
    with LocalWorkspace(database_url=database_url, clock=clock) as ws:
        ws.add_person(RECRUITER, "佐藤 採用")
        ws.add_person(INTERVIEWER_EN, "Alex Interviewer", locale="en-US", tz="America/Los_Angeles")
        ws.add_person(COORDINATOR, "鈴木 調整")
        ws.slack.add_channel(CHANNEL, name="recruiting")
        ws.slack.add_channel(
            PRIVATE_CHANNEL, name="secret-hiring", is_member=False, is_private=True
        )
        yield ws
        assert ws.slack.violations == [], "the bot sent Slack something its spec forbids"
        assert ws.zoom.violations == [], "the bot sent Zoom something its spec forbids"


@pytest.fixture
def zoom_app(workspace: LocalWorkspace) -> ZoomAppCredentials:
    """A Zoom Server-to-Server app linked as 「採用担当A」."""
    creds = workspace.add_zoom_app("recruiting-a@example.com")
    workspace.link_zoom("採用担当A", creds)
    return creds
