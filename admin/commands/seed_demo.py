"""``python -m admin seed-demo``: fill an empty database with the demo kommun.

Migrates ``DATABASE_URL`` first. Without ``--reset`` nothing changes when the database
already holds an organisation. ``--reset`` deletes every row of every Målbot table
(organisation, goals, reports, decisions, conversation references, outbox, audit log,
dialog state) and seeds again; it is refused when ``ENVIRONMENT=production``.
"""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from admin.cli import AdminError
from config import SettingsError, load_settings

NAME = "seed-demo"
HELP = "seed the demo organisation (Sjöviks kommun) when the database has none"

EXISTING_MESSAGE = "Databasen innehåller redan en organisation – inget ändrat."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--reset",
        action="store_true",
        help="delete ALL Målbot data first (every table), then seed again",
    )
    parser.add_argument(
        "--now",
        default=None,
        metavar="ISO-DATETIME",
        help="pretend it is this moment, e.g. 2026-11-04T10:30 (local time in TIMEZONE "
        "unless an offset is given); decides which period is open",
    )


def _parse_now(text: str | None, zone: ZoneInfo) -> datetime:
    if text is None:
        return datetime.now(UTC)
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise AdminError(
            f"--now must be an ISO date and time such as 2026-11-04T10:30, got {text!r}"
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    return moment


def run(args: argparse.Namespace) -> int:
    from admin.runtime import run_with_database
    from followup.calendar import CalendarConfig
    from services.demo_seeding import seed_demo_kommun

    try:
        settings = load_settings()
    except SettingsError as exc:
        raise AdminError(str(exc)) from exc
    try:
        calendar_cfg = CalendarConfig.from_env(settings.env)
    except ValueError as exc:
        raise AdminError(f"invalid calendar settings: {exc}") from None
    if args.reset and settings.environment == "production":
        raise AdminError("--reset is not allowed when ENVIRONMENT=production")
    now = _parse_now(args.now, calendar_cfg.zone)

    outcome = run_with_database(settings, lambda sessions: seed_demo_kommun(
        sessions, reset=args.reset, now=now, tz_name=settings.timezone,
        calendar_cfg=calendar_cfg))
    if outcome.cleared:
        print("Alla Målbot-tabeller är tömda.")
    if outcome.summary is None:
        print(EXISTING_MESSAGE)
        return 0
    summary = outcome.summary

    print("Demoorganisationen Sjöviks kommun är inlagd:")
    for line in summary.lines():
        print(f"  {line}")
    return 0
