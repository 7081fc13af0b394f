"""`recruitbot` command line: serve, migrate, keygen, zoom add|list|remove, demo."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Sequence

from bot.crypto import generate_key
from bot.errors import ZoomLinkError
from bot.messages import Locale, t
from bot.settings import ConfigurationError, Settings


def _cli_locale(explicit: str | None) -> Locale:
    value = explicit or os.environ.get("LC_ALL") or os.environ.get("LANG") or ""
    return "ja" if value.lower().startswith("ja") else "en"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="recruitbot", description=__doc__)
    parser.add_argument("--lang", choices=["ja", "en"], help="language of CLI messages")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("serve", help="run the bot (Socket Mode if SLACK_APP_TOKEN is set)")
    commands.add_parser("migrate", help="bring the database schema up to date")
    commands.add_parser("keygen", help="print a new RECRUITBOT_SECRET_KEY")
    demo = commands.add_parser("demo", help="walk through one event against local stand-ins")
    demo.add_argument("--lang", dest="demo_lang", choices=["ja", "en"], default="ja")

    zoom = commands.add_parser("zoom", help="link and manage Zoom accounts")
    zoom_commands = zoom.add_subparsers(dest="zoom_command", required=True)
    add = zoom_commands.add_parser("add", help="link a Server-to-Server OAuth app")
    add.add_argument("--name", required=True, help="display name shown to recruiters")
    add.add_argument("--account-id", required=True)
    add.add_argument("--client-id", required=True)
    add.add_argument(
        "--client-secret",
        help="omit to read ZOOM_S2S_CLIENT_SECRET, or to be prompted (keeps it out of shell history)",
    )
    add.add_argument("--user", default="me", help="Zoom user (id or e-mail) who hosts meetings")
    add.add_argument("--team", help="Slack team id (default: the bot token's workspace)")
    add.add_argument("--linked-by", default="cli", help="who linked it (shown in the list)")
    listing = zoom_commands.add_parser("list", help="show linked accounts")
    listing.add_argument("--team")
    remove = zoom_commands.add_parser("remove", help="unlink an account by its name")
    remove.add_argument("name")
    remove.add_argument("--team")

    args = parser.parse_args(argv)
    locale = _cli_locale(args.lang)
    try:
        if args.command == "keygen":
            print(generate_key())
            return 0
        if args.command == "demo":
            from bot.demo import run_demo

            return run_demo(locale=args.demo_lang)
        settings = Settings()
        if args.command == "migrate":
            return _migrate(settings)
        if args.command == "serve":
            from bot.serve import serve

            return serve(settings)
        return _zoom(args, settings, locale)
    except ConfigurationError as exc:
        print(f"recruitbot: {exc}", file=sys.stderr)
        return 2
    except ZoomLinkError as exc:
        print(f"recruitbot: {t(locale, exc.key, **exc.params)}", file=sys.stderr)
        return 1


def _migrate(settings: Settings) -> int:
    from storage.db import make_engine
    from storage.migrate import upgrade

    engine = make_engine(settings.sqlalchemy_url)
    upgrade(engine)
    engine.dispose()
    print("database is up to date")
    return 0


def _zoom(args: argparse.Namespace, settings: Settings, locale: Locale) -> int:
    from bot.app import build_services
    from providers.zoom.oauth import S2SCredentials
    from storage.migrate import upgrade

    services = build_services(settings)
    try:
        upgrade(services.db.engine)
        team_id = args.team or _team_from_slack(services.slack)
        accounts = services.zoom_accounts
        if args.zoom_command == "add":
            linked = accounts.link_server_to_server(
                team_id=team_id,
                display_name=args.name,
                credentials=S2SCredentials(args.account_id, args.client_id, _secret(args)),
                linked_by=args.linked_by,
                zoom_user=args.user,
            )
            print(t(locale, "link.linked", name=linked.display_name, email=linked.email))
        elif args.zoom_command == "list":
            for a in accounts.list(team_id):
                status = t(locale, f"status.{a.status}")
                print(
                    f"{a.display_name}\t{a.email}\tlicence={a.licence_type}\t{status}\t{a.linked_by}"
                )
        else:
            removed = accounts.unlink(team_id, args.name)
            print(t(locale, "link.removed", name=removed.display_name))
        return 0
    finally:
        services.close()


def _team_from_slack(slack: object) -> str:
    from slack_sdk import WebClient
    from slack_sdk.errors import SlackApiError

    assert isinstance(slack, WebClient)
    if not slack.token:
        raise ConfigurationError("give --team T…, or set SLACK_BOT_TOKEN so the workspace is known")
    try:
        return str(slack.auth_test()["team_id"])
    except SlackApiError as exc:
        raise ConfigurationError(
            f"Slack refused SLACK_BOT_TOKEN ({exc.response.get('error')}); give --team T…"
        ) from exc


def _secret(args: argparse.Namespace) -> str:
    if args.client_secret:
        return str(args.client_secret)
    from_env = os.environ.get("ZOOM_S2S_CLIENT_SECRET")
    if from_env:
        return from_env
    if sys.stdin.isatty():
        return getpass.getpass("Zoom Client Secret: ")
    return sys.stdin.readline().strip()


if __name__ == "__main__":
    raise SystemExit(main())
