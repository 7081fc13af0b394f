"""`recruitbot demo`: one recruiting event, start to finish, against local stand-ins.

The real app runs (HTTP server, Bolt with signature checks, SQLite with migrations, the
Zoom provider over HTTP, the reminder dispatcher); only Slack and Zoom are local stand-ins.
Two Zoom accounts are linked and one is already busy in Zoom at the interview's time, so
「自動」 skips it. The clock is fast-forwarded to fire reminders. Prints what each person
would see in Slack.
"""

from __future__ import annotations

import re
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TextIO
from zoneinfo import ZoneInfo

from bot.clock import ManualClock
from bot.messages import Locale
from bot.slack import create_modal
from standins.harness import LocalWorkspace, fill_modal
from standins.modal_actions import change_input

RECRUITER, INTERVIEWER, COORDINATOR = "U0RECRUITER", "U1", "U2"
CHANNEL = "C0HARNESS"
NAMES = {
    RECRUITER: "佐藤 (採用担当)",
    INTERVIEWER: "Alex (interviewer)",
    COORDINATOR: "鈴木 (調整担当)",
}

_DATE = re.compile(r"<!date\^\d+\^[^|]*\|([^>]*)>")
_USER = re.compile(r"<@(U[A-Z0-9]+)>")
_CHANNEL = re.compile(r"<#(C[A-Z0-9]+)>")


def _plain(text: str) -> str:
    text = _DATE.sub(r"\1", text)
    text = _USER.sub(lambda m: "@" + NAMES.get(m.group(1), m.group(1)).split(" ")[0], text)
    return _CHANNEL.sub(r"#recruiting", text)


def render_blocks(blocks: list[dict[str, Any]]) -> list[str]:
    """Block Kit → lines of text, roughly as Slack would show them."""
    lines: list[str] = []
    for block in blocks:
        kind = block.get("type")
        if kind == "header":
            lines.append(f"■ {block['text']['text']}")
        elif kind == "section":
            if block.get("text"):
                lines += _plain(block["text"]["text"]).splitlines()
            for f in block.get("fields", []):
                lines.append("  " + " ".join(_plain(f["text"]).splitlines()))
        elif kind == "context":
            lines += [_plain(e.get("text", "")) for e in block.get("elements", [])]
        elif kind == "actions":
            for e in block.get("elements", []):
                target = f" → {e['url']}" if e.get("url") else ""
                lines.append(f"  [{e['text']['text']}]{target}")
        elif kind == "input":
            lines.append(f"  ▸ {block['label']['text']}{'' if block.get('optional') else ' *'}")
    return lines


class Narrator:
    def __init__(self, out: TextIO) -> None:
        self._out = out

    def say(self, text: str = "") -> None:
        print(text, file=self._out)

    def box(self, title: str, lines: list[str]) -> None:
        self.say(f"┌─ {title}")
        for line in lines:
            self.say(f"│ {line}")
        self.say("└─")


def run_demo(*, locale: Locale = "ja", out: TextIO = sys.stdout) -> int:
    n = Narrator(out)
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    clock = ManualClock(now)
    with tempfile.TemporaryDirectory(prefix="recruitbot-demo-") as tmp:
        url = f"sqlite:///{Path(tmp) / 'demo.db'}"
        with LocalWorkspace(database_url=url, clock=clock, default_locale=locale) as ws:
            _walkthrough(ws, n, clock)
    n.say("Done. The stand-ins and the app have stopped; nothing is left running.")
    return 0


def _walkthrough(ws: LocalWorkspace, n: Narrator, clock: ManualClock) -> None:
    n.say("recruitbot demo — the real app against local Slack and Zoom stand-ins")
    n.say(f"  app: {ws.url}  Slack stand-in: {ws.slack.api_url}  Zoom stand-in: {ws.zoom.api_url}")
    n.say()
    ws.add_person(RECRUITER, "佐藤 採用")
    ws.add_person(INTERVIEWER, "Alex Interviewer", locale="en-US", tz="America/Los_Angeles")
    ws.add_person(COORDINATOR, "鈴木 調整")
    ws.slack.add_channel(CHANNEL, name="recruiting")

    tokyo = ZoneInfo("Asia/Tokyo")
    start_local = (clock.now().astimezone(tokyo) + timedelta(days=2)).replace(hour=14, minute=0)
    accounts = {}
    for name, email in (
        ("採用担当A", "recruiting-a@example.com"),
        ("採用担当B", "room-b@example.com"),
    ):
        accounts[name] = ws.add_zoom_app(email)
        linked = ws.link_zoom(name, accounts[name])
        n.say(f"$ recruitbot zoom add --name {name} --account-id … --client-id … --client-secret …")
        n.say(f"  linked “{linked.display_name}” ({linked.email}) — token checked with Zoom")
    ws.zoom.book_meeting(accounts["採用担当A"].user_id, start_local, 60, topic="最終面接 (別件)")
    n.say(f"[Zoom] 採用担当A already hosts a meeting {start_local:%m/%d} 14:00–15:00 JST")
    n.say("       (scheduled in Zoom directly, not through the bot)")
    n.say()

    n.say(f"[{NAMES[RECRUITER]}] types in #recruiting:  /recruit")
    response = ws.slash_command(RECRUITER)
    modal = ws.slack.wait_for("views.open")[-1].args["view"]
    n.say(f"  (Slack got its answer: HTTP {response.status_code})")
    n.box(f"modal: {modal['title']['text']}", render_blocks(modal["blocks"]))

    answers = {
        "kind": "interview",
        "title": "一次面接 山田 太郎 様",
        "start_date": start_local.date().isoformat(),
        "start_time": "14:00",
        "timezone": "Asia/Tokyo",
        "participants": [RECRUITER, INTERVIEWER, COORDINATOR],
        "channel": CHANNEL,
        "reminders": ["before:1440", "before:60"],
        "custom_reminders": "10",
        "note": "履歴書は #recruiting のスレッドにあります。",
        "channel_reminders": ["day:0@09:00"],  # 当日 9:00, in the card's thread
    }
    yesterday = (clock.now().astimezone(tokyo) - timedelta(days=1)).date().isoformat()
    n.say(f"[{NAMES[RECRUITER]}] fills it in, but picks yesterday by mistake ({yesterday})")
    bad = ws.submit_view(fill_modal(modal, {**answers, "start_date": yesterday}), RECRUITER)
    errors = bad.json().get("errors", {})
    for block_id, message in errors.items():
        n.say(f"  modal keeps her input and says under “{block_id}”: {message}")
    n.say(f"[{NAMES[RECRUITER]}] fixes the date to {answers['start_date']} 14:00 JST")
    before = len(ws.slack.calls_to("views.update"))
    change_input(ws, ws.slack.opened_views()[-1], RECRUITER, answers, create_modal.START_DATE)
    updated = ws.slack.wait_for("views.update", count=before + 1)[-1].args["view"]
    n.say("  the Zoom account options now show each account's state at that time:")
    for block in updated["blocks"]:
        if block.get("block_id") == create_modal.ZOOM_ACCOUNT:
            for option in block["element"]["options"]:
                n.say(f"    ◦ {option['text']['text']}")
    n.say(f"[{NAMES[RECRUITER]}] leaves 「自動」 and submits")
    ok = ws.submit_view(fill_modal(modal, answers), RECRUITER)
    n.say(
        f"  the modal closes (HTTP {ok.status_code}); the Zoom meeting is issued in the background"
    )
    ws.wait_idle()

    create = ws.zoom.calls_to("POST", r"/users/[^/]+/meetings")[-1]
    body = create.body or {}
    n.say(
        f"[Zoom] {create.method} {create.path}  start_time={body.get('start_time')} "
        f"timezone={body.get('timezone')} duration={body.get('duration')}"
    )
    card, *notes = ws.slack.messages(CHANNEL)
    n.box(
        "#recruiting — the event card (Slack shows the time in each reader's zone)",
        render_blocks(card["blocks"]),
    )
    for note in notes:
        n.box("#recruiting, in the card's thread — why this account", [_plain(note["text"])])
    thread_reminders = 0

    def deliver(label: str) -> None:
        nonlocal thread_reminders
        before = {u: len(ws.slack.dms_to(u)) for u in NAMES}
        posts_before = len(ws.slack.messages(CHANNEL))
        report = ws.run_reminders()
        n.say(f"[dispatcher] {label}: {report.sent} sent, {report.skipped} skipped")
        for user, count in before.items():
            for dm in ws.slack.dms_to(user)[count:]:
                n.box(f"DM → {NAMES[user]}", render_blocks(dm["blocks"])[:3])
        for post in ws.slack.messages(CHANNEL)[posts_before:]:
            where = "#recruiting, in the card's thread" if post.get("thread_ts") else "#recruiting"
            thread_reminders += 1 if post.get("thread_ts") else 0
            n.box(where, render_blocks(post["blocks"])[:1])

    deliver("invitations")
    start = datetime.fromisoformat(str(body.get("start_time")).replace("Z", "+00:00"))
    steps = (
        (timedelta(days=1), "1 day before the start"),
        (timedelta(hours=5), "the morning of the event, 09:00 JST"),
        (timedelta(hours=1), "1 hour before the start"),
        (timedelta(minutes=10), "10 minutes before the start"),
        (-timedelta(minutes=1), "1 minute after the start"),
    )
    for offset, label in steps:
        clock.set(start - offset)
        n.say()
        n.say(f"[clock] fast-forward to {label} ({clock.now():%Y-%m-%d %H:%M} UTC)")
        deliver(label)
    n.say()
    issued = [c for c in ws.zoom.calls_to("POST", r"/users/[^/]+/meetings") if c.status == 201]
    n.say(
        f"Summary: 1 event, {len(issued)} Zoom meeting issued (on "
        f"{'採用担当B' if issued and accounts['採用担当B'].user_id in issued[0].path else '?'}), "
        f"{sum(len(ws.slack.dms_to(u)) for u in NAMES)} DMs, 1 channel card, "
        f"{thread_reminders} reminder in its thread."
    )
