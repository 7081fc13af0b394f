"""Configuration from the environment (and a `.env` file). See README → Configuration."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.crypto import KEY_HELP, SecretBox


class ConfigurationError(RuntimeError):
    """The configuration cannot run the requested command; the message says how to fix it."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    slack_bot_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    slack_app_token: SecretStr | None = None
    slack_api_url: str = "https://slack.com/api/"
    zoom_api_url: str = "https://api.zoom.us/v2"
    zoom_oauth_url: str = "https://zoom.us"
    # This bot's own Zoom app (one-click linking per user) and its webhook secret token.
    zoom_client_id: str | None = None
    zoom_client_secret: SecretStr | None = None
    zoom_webhook_secret_token: SecretStr | None = None
    database_url: str | None = None
    recruitbot_secret_key: SecretStr | None = None
    port: int = Field(default=3000, ge=0, le=65535)
    bind_host: str = "0.0.0.0"  # noqa: S104 - a server is meant to be reachable; see README
    public_url: str | None = None
    log_level: str = "INFO"
    default_locale: Literal["ja", "en"] = "ja"
    reminder_poll_seconds: float = Field(default=30.0, gt=0)
    http_timeout_seconds: float = Field(default=10.0, gt=0)
    worker_threads: int = Field(default=8, ge=1, le=64)
    reminder_send_threads: int = Field(default=4, ge=1, le=32)

    @field_validator("slack_api_url")
    @classmethod
    def _slack_url_ends_with_slash(cls, value: str) -> str:
        return value if value.endswith("/") else value + "/"

    @field_validator("zoom_api_url", "zoom_oauth_url", "public_url")
    @classmethod
    def _no_trailing_slash(cls, value: str | None) -> str | None:
        return value.rstrip("/") if value else value

    @property
    def sqlalchemy_url(self) -> str:
        return self.database_url or f"sqlite:///{Path('recruitbot.db').resolve()}"

    def secret_box(self) -> SecretBox:
        if self.recruitbot_secret_key is None:
            raise ConfigurationError(f"RECRUITBOT_SECRET_KEY is not set. {KEY_HELP}")
        return SecretBox(self.recruitbot_secret_key.get_secret_value())

    def require_slack(self) -> tuple[str, str]:
        """The bot token and signing secret, or a message naming what is missing."""
        missing = [
            name
            for name, value in (
                ("SLACK_BOT_TOKEN", self.slack_bot_token),
                ("SLACK_SIGNING_SECRET", self.slack_signing_secret),
            )
            if value is None
        ]
        if missing or self.slack_bot_token is None or self.slack_signing_secret is None:
            raise ConfigurationError(
                f"{', '.join(missing)} not set. Create the Slack app from manifest.yml "
                "(README → Slack app setup) and copy its credentials into the environment or .env."
            )
        return (
            self.slack_bot_token.get_secret_value(),
            self.slack_signing_secret.get_secret_value(),
        )
