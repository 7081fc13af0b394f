"""bot.settings.Settings: documented environment variables and the helpful refusals."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.crypto import SecretBox, generate_key
from bot.settings import ConfigurationError, Settings

ENV_NAMES = (
    "SLACK_BOT_TOKEN",
    "SLACK_SIGNING_SECRET",
    "SLACK_APP_TOKEN",
    "SLACK_API_URL",
    "ZOOM_API_URL",
    "ZOOM_OAUTH_URL",
    "DATABASE_URL",
    "RECRUITBOT_SECRET_KEY",
    "PORT",
    "BIND_HOST",
    "PUBLIC_URL",
    "LOG_LEVEL",
    "DEFAULT_LOCALE",
    "REMINDER_POLL_SECONDS",
    "HTTP_TIMEOUT_SECONDS",
    "WORKER_THREADS",
)


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ENV_NAMES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


def load() -> Settings:
    return Settings(_env_file=None)  # type: ignore[call-arg]


def test_defaults(tmp_path: Path) -> None:
    settings = load()
    assert settings.slack_bot_token is None
    assert settings.slack_signing_secret is None
    assert settings.slack_app_token is None
    assert settings.slack_api_url == "https://slack.com/api/"
    assert settings.zoom_api_url == "https://api.zoom.us/v2"
    assert settings.zoom_oauth_url == "https://zoom.us"
    assert settings.database_url is None
    assert settings.sqlalchemy_url == f"sqlite:///{(tmp_path / 'recruitbot.db').resolve()}"
    assert settings.port == 3000
    assert settings.public_url is None
    assert settings.bind_host == "0.0.0.0"  # noqa: S104 - the documented default
    assert settings.default_locale == "ja"
    assert settings.reminder_poll_seconds == 30
    assert settings.http_timeout_seconds == 10
    assert settings.worker_threads == 8
    assert settings.log_level == "INFO"


def test_slack_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-1")
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "signing")
    monkeypatch.setenv("SLACK_APP_TOKEN", "xapp-1")
    settings = load()
    assert settings.slack_bot_token is not None
    assert settings.slack_bot_token.get_secret_value() == "xoxb-1"
    assert settings.slack_app_token is not None
    assert settings.slack_app_token.get_secret_value() == "xapp-1"
    assert settings.require_slack() == ("xoxb-1", "signing")
    assert "xoxb-1" not in repr(settings)


def test_slack_api_url_gets_trailing_slash(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_API_URL", "http://127.0.0.1:9999/api")
    assert load().slack_api_url == "http://127.0.0.1:9999/api/"
    monkeypatch.setenv("SLACK_API_URL", "http://127.0.0.1:9999/api/")
    assert load().slack_api_url == "http://127.0.0.1:9999/api/"


def test_zoom_and_public_urls_lose_trailing_slash(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZOOM_API_URL", "http://127.0.0.1:8000/v2/")
    monkeypatch.setenv("ZOOM_OAUTH_URL", "http://127.0.0.1:8000/")
    monkeypatch.setenv("PUBLIC_URL", "https://recruitbot.example.com/")
    settings = load()
    assert settings.zoom_api_url == "http://127.0.0.1:8000/v2"
    assert settings.zoom_oauth_url == "http://127.0.0.1:8000"
    assert settings.public_url == "https://recruitbot.example.com"


def test_database_url_and_port(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://u@db/recruitbot")
    monkeypatch.setenv("PORT", "8080")
    settings = load()
    assert settings.sqlalchemy_url == "postgresql+psycopg://u@db/recruitbot"
    assert settings.port == 8080


def test_port_out_of_range_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PORT", "70000")
    with pytest.raises(ValueError, match="port"):
        load()


def test_secret_box_refuses_without_key() -> None:
    with pytest.raises(ConfigurationError) as caught:
        load().secret_box()
    message = str(caught.value)
    assert "RECRUITBOT_SECRET_KEY" in message
    assert "recruitbot keygen" in message


def test_secret_box_with_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RECRUITBOT_SECRET_KEY", generate_key())
    box = load().secret_box()
    assert isinstance(box, SecretBox)
    assert box.decrypt(box.encrypt("x", purpose="p"), purpose="p") == "x"


@pytest.mark.parametrize(
    ("present", "missing"),
    [
        ({}, ["SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"]),
        ({"SLACK_BOT_TOKEN": "xoxb-1"}, ["SLACK_SIGNING_SECRET"]),
        ({"SLACK_SIGNING_SECRET": "s"}, ["SLACK_BOT_TOKEN"]),
    ],
)
def test_require_slack_names_what_is_missing(
    monkeypatch: pytest.MonkeyPatch, present: dict[str, str], missing: list[str]
) -> None:
    for name, value in present.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ConfigurationError) as caught:
        load().require_slack()
    message = str(caught.value)
    for name in missing:
        assert name in message
    for name in present:
        assert name not in message
    assert "manifest.yml" in message


def test_other_documented_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BIND_HOST", "127.0.0.1")
    monkeypatch.setenv("DEFAULT_LOCALE", "en")
    monkeypatch.setenv("REMINDER_POLL_SECONDS", "5")
    monkeypatch.setenv("HTTP_TIMEOUT_SECONDS", "2.5")
    monkeypatch.setenv("WORKER_THREADS", "2")
    monkeypatch.setenv("LOG_LEVEL", "DEBUG")
    settings = load()
    assert settings.bind_host == "127.0.0.1"
    assert settings.default_locale == "en"
    assert settings.reminder_poll_seconds == 5
    assert settings.http_timeout_seconds == 2.5
    assert settings.worker_threads == 2
    assert settings.log_level == "DEBUG"


def test_dot_env_file_is_read_and_the_environment_wins(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / ".env").write_text("SLACK_BOT_TOKEN=xoxb-from-file\nPORT=4000\n", encoding="utf-8")
    monkeypatch.setenv("PORT", "5000")
    settings = Settings()
    assert settings.slack_bot_token is not None
    assert settings.slack_bot_token.get_secret_value() == "xoxb-from-file"
    assert settings.port == 5000
