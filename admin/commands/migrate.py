"""``python -m admin migrate``: create or upgrade the database schema."""

from __future__ import annotations

import argparse

from admin.cli import AdminError
from config import SettingsError, load_settings

NAME = "migrate"
HELP = "Create or upgrade the database schema (Alembic) for DATABASE_URL."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--revision", default="head", help="target revision (default head)")


def run(args: argparse.Namespace) -> int:
    from storage.migrate import upgrade

    try:
        settings = load_settings()
    except SettingsError as exc:
        raise AdminError(str(exc)) from exc
    upgrade(settings.database_url, args.revision)
    print(f"Databasen är migrerad till {args.revision}.")
    return 0
