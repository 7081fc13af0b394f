"""`recruitbot serve` in HTTP mode as a real process: it migrates, checks the bot token with
auth.test, answers Slack's signed requests on PORT, stops on SIGTERM, and refuses a bad
configuration with a message saying what to fix."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import httpx
import pytest
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from slack_sdk.signature import SignatureVerifier
from sqlalchemy import create_engine, inspect, text

from bot.crypto import generate_key
from standins.slack import SlackStandIn
from standins.zoom import ZoomStandIn
from storage.migrate import alembic_config
from storage.models import Base

REPO = Path(__file__).resolve().parents[2]
BOT_TOKEN = "xoxb-serve-test-bot-token-0123456789"
SIGNING_SECRET = "serve-test-signing-secret-0123456789"
TEAM_ID = "T0SERVE"
USER = "U0ALEX"  # English-speaking, so the help text is English
STARTUP_SECONDS = 60.0
EXIT_SECONDS = 20.0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def slack() -> Iterator[SlackStandIn]:
    with SlackStandIn(bot_token=BOT_TOKEN, team_id=TEAM_ID, team_name="Serve") as server:
        server.add_user(USER, name="alex", locale="en-US", tz="America/Los_Angeles")
        server.add_channel("C0SERVE", name="recruiting")
        yield server
        assert server.internal_errors == []


@pytest.fixture
def zoom() -> Iterator[ZoomStandIn]:
    with ZoomStandIn() as server:
        yield server


@dataclass
class Serve:
    """One `recruitbot serve` process; its output goes to files (a full pipe would block it)."""

    process: subprocess.Popen[bytes]
    port: int
    workdir: Path
    env: dict[str, str]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stderr(self) -> str:
        return (self.workdir / "stderr.log").read_text(encoding="utf-8", errors="replace")

    def stdout(self) -> str:
        return (self.workdir / "stdout.log").read_text(encoding="utf-8", errors="replace")

    def wait_healthy(self) -> httpx.Response:
        """Poll /healthz until it answers 200; fail early if the process exits."""
        deadline = time.monotonic() + STARTUP_SECONDS
        last: str = "no answer"
        while time.monotonic() < deadline:
            try:
                response = httpx.get(f"{self.url}/healthz", timeout=0.5)
            except httpx.TransportError as exc:
                last = repr(exc)
            else:
                if response.status_code == 200:
                    return response
                last = f"{response.status_code} {response.text}"
            try:
                code = self.process.wait(timeout=0.05)  # the pause between polls
            except subprocess.TimeoutExpired:
                continue
            pytest.fail(f"serve exited with {code} before /healthz answered:\n{self.stderr()}")
        pytest.fail(f"/healthz did not answer 200 in {STARTUP_SECONDS}s ({last}):\n{self.stderr()}")

    def wait_exit(self) -> int:
        try:
            return self.process.wait(timeout=EXIT_SECONDS)
        except subprocess.TimeoutExpired:
            pytest.fail(f"serve still running {EXIT_SECONDS}s later:\n{self.stderr()}")

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=EXIT_SECONDS)


def environment(
    slack: SlackStandIn, zoom: ZoomStandIn, database_url: str, port: int, **overrides: str | None
) -> dict[str, str]:
    """A clean environment: only what serve needs (no proxies, no settings from the caller)."""
    env: dict[str, str | None] = {
        "PATH": os.environ.get("PATH", ""),
        "LANG": "C.UTF-8",
        "PYTHONPATH": str(REPO),  # this checkout, whatever the venv's editable install points at
        "PYTHONDONTWRITEBYTECODE": "1",
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": slack.api_url,
        "ZOOM_API_URL": zoom.api_url,
        "ZOOM_OAUTH_URL": zoom.oauth_url,
        "DATABASE_URL": database_url,
        "RECRUITBOT_SECRET_KEY": generate_key(),
        "PORT": str(port),
        "BIND_HOST": "127.0.0.1",
        "LOG_LEVEL": "DEBUG",  # the most talkative setting: secrets must stay masked even so
        **overrides,
    }
    return {name: value for name, value in env.items() if value is not None}


@pytest.fixture
def launched() -> Iterator[list[Serve]]:
    """Processes started by a test; killed at teardown if the test left one running."""
    processes: list[Serve] = []
    yield processes
    for serve in processes:
        serve.kill()


def launch(
    launched: list[Serve],
    workdir: Path,
    slack: SlackStandIn,
    zoom: ZoomStandIn,
    database_url: str,
    **overrides: str | None,
) -> Serve:
    workdir.mkdir(exist_ok=True)  # the cwd: no .env is read from the repository
    port = free_port()
    env = environment(slack, zoom, database_url, port, **overrides)
    with (
        (workdir / "stdout.log").open("wb") as out,
        (workdir / "stderr.log").open("wb") as err,
    ):
        process = subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "serve"],
            cwd=workdir,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
        )
    serve = Serve(process, port, workdir, env)
    launched.append(serve)
    return serve


def signed_post(serve: Serve, body: str, *, secret: str = SIGNING_SECRET) -> httpx.Response:
    timestamp = str(int(time.time()))
    signature = SignatureVerifier(secret).generate_signature(timestamp=timestamp, body=body)
    assert signature is not None
    return httpx.post(
        f"{serve.url}/slack/events",
        content=body.encode(),
        headers={
            "content-type": "application/x-www-form-urlencoded",
            "x-slack-request-timestamp": timestamp,
            "x-slack-signature": signature,
        },
        timeout=10,
    )


def recruit(text: str) -> str:
    return urlencode(
        {
            "token": "legacy-verification-token",
            "team_id": TEAM_ID,
            "team_domain": "serve",
            "channel_id": "C0SERVE",
            "channel_name": "recruiting",
            "user_id": USER,
            "user_name": "alex",
            "command": "/recruit",
            "text": text,
            "api_app_id": "A0RECRUITBOT",
            "response_url": "https://hooks.slack.com/commands/T0SERVE/1/unused",
            "trigger_id": f"trigger-{uuid.uuid4().hex}",
        }
    )


def test_serve_answers_slack_over_http_and_stops_on_sigterm(
    slack: SlackStandIn,
    zoom: ZoomStandIn,
    database_url: str,
    tmp_path: Path,
    launched: list[Serve],
) -> None:
    serve = launch(launched, tmp_path / "run", slack, zoom, database_url)
    health = serve.wait_healthy()
    assert health.json() == {"ok": True}

    # Migrated: every table of the models exists and the schema is at the newest revision.
    engine = create_engine(database_url)
    try:
        assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())
        with engine.connect() as conn:
            revision = MigrationContext.configure(conn).get_current_revision()
            teams = conn.execute(text("SELECT team_id FROM workspaces")).scalars().all()
    finally:
        engine.dispose()
    head = ScriptDirectory.from_config(alembic_config(database_url)).get_current_head()
    assert revision == head
    assert teams == [TEAM_ID]  # the workspace auth.test named

    [auth] = slack.calls_to("auth.test")
    assert auth.ok

    help_response = signed_post(serve, recruit("help"))
    assert help_response.status_code == 200
    body = help_response.json()
    assert body["response_type"] == "ephemeral"
    assert "How to use `/recruit`" in body["text"]

    forged = signed_post(serve, recruit("help"), secret="not-the-signing-secret")
    assert forged.status_code == 401
    assert slack.calls_to("views.open") == []

    serve.process.send_signal(signal.SIGTERM)
    code = serve.wait_exit()
    assert code == 0
    log = serve.stderr()
    assert "recruitbot: stopped" in log  # the worker, scheduler and pools were shut down
    assert "INFO uvicorn.error: Started server process" in log  # uvicorn logs via our formatter

    stderr = serve.stderr()
    assert f"listening on 127.0.0.1:{serve.port}" in stderr  # the log really was captured
    output = stderr + serve.stdout()
    assert BOT_TOKEN not in output
    assert SIGNING_SECRET not in output
    assert serve.env["RECRUITBOT_SECRET_KEY"] not in output
    assert slack.violations == []


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_serve_refuses_a_bot_token_slack_rejects(
    slack: SlackStandIn,
    zoom: ZoomStandIn,
    database_url: str,
    tmp_path: Path,
    launched: list[Serve],
) -> None:
    wrong = "xoxb-not-the-bot-token-9876543210"
    serve = launch(launched, tmp_path / "run", slack, zoom, database_url, SLACK_BOT_TOKEN=wrong)
    assert serve.wait_exit() == 2
    stderr = serve.stderr()
    assert "Slack refused SLACK_BOT_TOKEN (invalid_auth)" in stderr
    assert wrong not in stderr + serve.stdout()
    [auth] = slack.calls_to("auth.test")
    assert auth.error == "invalid_auth"
    assert slack.violations == ["auth.test: token is not the bot token"]


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_serve_without_a_secret_key_says_how_to_make_one(
    slack: SlackStandIn,
    zoom: ZoomStandIn,
    database_url: str,
    tmp_path: Path,
    launched: list[Serve],
) -> None:
    serve = launch(
        launched, tmp_path / "run", slack, zoom, database_url, RECRUITBOT_SECRET_KEY=None
    )
    assert serve.wait_exit() == 2
    stderr = serve.stderr()
    assert "RECRUITBOT_SECRET_KEY is not set" in stderr
    assert "recruitbot keygen" in stderr
    assert slack.calls == []  # refused before reaching Slack
