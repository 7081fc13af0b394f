"""`recruitbot zoom add | list | remove` against the Zoom stand-in, as an admin runs them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.cli import main
from bot.crypto import generate_key
from standins.zoom import ZoomStandIn
from storage.sole_server import sole_server

SECRET = "s2s-client-secret-value"


@pytest.fixture
def zoom(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[ZoomStandIn]:
    with ZoomStandIn() as server:
        server.add_account(
            account_id="acct-1",
            client_id="cid-1",
            client_secret=SECRET,
            user_id="zu1",
            email="room1@example.com",
        )
        monkeypatch.chdir(tmp_path)  # no stray .env is read
        monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
        monkeypatch.setenv("RECRUITBOT_SECRET_KEY", generate_key())
        monkeypatch.setenv("ZOOM_API_URL", server.api_url)
        monkeypatch.setenv("ZOOM_OAUTH_URL", server.oauth_url)
        monkeypatch.delenv("SLACK_BOT_TOKEN", raising=False)
        yield server


def add(*extra: str, secret: str = SECRET) -> int:
    return main(
        ["--lang", "en", "zoom", "add", "--team", "T1", "--name", "Room 1",
         "--account-id", "acct-1", "--client-id", "cid-1", "--client-secret", secret, *extra]
    )  # fmt: skip


def test_add_list_remove(zoom: ZoomStandIn, capsys: pytest.CaptureFixture[str]) -> None:
    assert add() == 0
    assert "Linked the Zoom account “Room 1” (room1@example.com)" in capsys.readouterr().out
    assert [c.path for c in zoom.calls] == ["/oauth/token", "/v2/users/me"]  # checked at once

    assert main(["--lang", "en", "zoom", "list", "--team", "T1"]) == 0
    listing = capsys.readouterr().out
    assert "Room 1\troom1@example.com" in listing
    assert SECRET not in listing

    assert main(["--lang", "ja", "zoom", "remove", "Room 1", "--team", "T1"]) == 0
    assert "連携を解除しました" in capsys.readouterr().out
    assert main(["--lang", "en", "zoom", "list", "--team", "T1"]) == 0
    assert capsys.readouterr().out == ""


def test_wrong_secret_is_refused_with_what_to_fix(
    zoom: ZoomStandIn, capsys: pytest.CaptureFixture[str]
) -> None:
    assert add(secret="wrong") == 1
    err = capsys.readouterr().err
    assert "Zoom refused the Client ID or Client Secret" in err
    assert "wrong" not in err.replace("wrong/", "")  # the secret is not echoed


def test_the_same_zoom_user_cannot_be_linked_twice(
    zoom: ZoomStandIn, capsys: pytest.CaptureFixture[str]
) -> None:
    assert add() == 0
    capsys.readouterr()
    assert main(
        ["--lang", "en", "zoom", "add", "--team", "T1", "--name", "Room 1 again",
         "--account-id", "acct-1", "--client-id", "cid-1", "--client-secret", SECRET]
    ) == 1  # fmt: skip
    assert "already linked as “Room 1”" in capsys.readouterr().err


def test_missing_scopes_are_named(zoom: ZoomStandIn, capsys: pytest.CaptureFixture[str]) -> None:
    zoom.add_account(
        account_id="acct-2",
        client_id="cid-2",
        client_secret=SECRET,
        user_id="zu2",
        email="room2@example.com",
        scopes=("user:read:admin",),
    )
    code = main(
        ["--lang", "en", "zoom", "add", "--team", "T1", "--name", "Room 2",
         "--account-id", "acct-2", "--client-id", "cid-2", "--client-secret", SECRET]
    )  # fmt: skip
    assert code == 1
    err = capsys.readouterr().err
    assert "lacks required scopes: meeting:write, meeting:delete, meeting:read" in err


def test_serve_refuses_to_start_without_a_key(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("RECRUITBOT_SECRET_KEY", raising=False)
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-x")
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "s")
    assert main(["serve"]) == 2
    assert "recruitbot keygen" in capsys.readouterr().err


def test_serve_refuses_an_sqlite_database_another_process_serves(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = f"sqlite:///{tmp_path / 'served.db'}"
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", database)
    monkeypatch.setenv("RECRUITBOT_SECRET_KEY", generate_key())
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-x")
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "s")
    with sole_server(database):  # the bot already running
        assert main(["serve"]) == 2
    err = capsys.readouterr().err
    assert "Another recruitbot process is serving" in err
    assert "PostgreSQL" in err
    assert "Traceback" not in err
