"""Argument parsing and dispatch for the admin commands."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence
from types import ModuleType

from admin.commands import COMMANDS


class AdminError(Exception):
    """A problem with the admin's input: printed as a clear message, exit code 2."""


def _load(module: str) -> ModuleType:
    return importlib.import_module(module)


def _chosen_command(argv: Sequence[str]) -> str | None:
    """The sub-command named in ``argv`` (the first word that is not an option)."""
    for word in argv:
        if word == "--":
            return None
        if not word.startswith("-"):
            return word
    return None


DESCRIPTION = (
    "Målbot administration. Commands that use the database migrate it first."
)

EPILOG = """\
settings (from the environment, or the .env file in the project folder;
env.TEMPLATE documents every variable):
  DATABASE_URL  sqlite:///… or postgresql://… (default: SQLite data/malbot.db
                in the project folder)
  LANGUAGE      sv (default) or en: the language of most commands' output
  TIMEZONE      the kommun's time zone (default Europe/Stockholm)
`python -m admin COMMAND --help` names the settings a command uses."""

_CALENDAR = (
    "the reporting calendar REPORT_* (REPORT_MONTHS, REPORT_DEADLINE_WORKDAY, …), "
    "QUIET_HOURS (the send window) and TIMEZONE"
)

#: The settings each command reads (shown as the epilog of its --help).
SETTINGS_HELP: dict[str, str] = {
    "migrate": "Settings: DATABASE_URL.",
    "seed-demo": (
        f"Settings: DATABASE_URL; {_CALENDAR}; ENVIRONMENT (--reset is refused in production)."
    ),
    "calendar": f"Settings: {_CALENDAR}; LANGUAGE for the headings. Needs no database.",
    "package": (
        "Settings: BOT_ID (required), TEAMS_APP_ID, BOT_DOMAIN (environment or .env). "
        "Needs no database."
    ),
    "outbox": "Settings: DATABASE_URL; TIMEZONE (times are shown in it); LANGUAGE.",
    "run": (
        f"Settings: DATABASE_URL; {_CALENDAR}, which decide when each message is due and "
        "may be sent; LANGUAGE; SCHEDULER_NOW (a test clock, try-outs only)."
    ),
    "period": f"Settings: DATABASE_URL; {_CALENDAR}.",
    "import": (
        "Settings: DATABASE_URL; LANGUAGE for the messages and the report; TIMEZONE "
        "(what 'today' is); BUDGET_PROFILE (how budget spreads an annual amount)."
    ),
    "template": (
        "Settings: LANGUAGE (the default for --lang); BUDGET_PROFILE is named in the budget "
        "template's instructions. Needs no database."
    ),
    "export": (
        "Settings: DATABASE_URL; LANGUAGE (the default for --lang); TIMEZONE (dates and times)."
    ),
    "sync-people": (
        "Settings: GRAPH_TENANT_ID, GRAPH_CLIENT_ID, GRAPH_CLIENT_SECRET (each falls back to "
        "the bot's CONNECTIONS__SERVICE_CONNECTION__SETTINGS__TENANTID/CLIENTID/CLIENTSECRET); "
        "TEAMS_APP_CATALOG_ID (install the Teams app for managers who lack it); "
        "AUTHORITY_HOST, GRAPH_BASE_URL, GRAPH_CA_BUNDLE (rarely needed); DATABASE_URL; "
        "LANGUAGE; TIMEZONE."
    ),
    "person": "Settings: DATABASE_URL; LANGUAGE; TIMEZONE.",
    "audit": "Settings: DATABASE_URL; LANGUAGE; TIMEZONE (times are shown in it).",
    "document": (
        "Settings: DATABASE_URL; LANGUAGE (the default for --lang); TIMEZONE (dates); "
        "REPORT_DELAR_END_MONTH (what 2026-D covers). Needs the DejaVu fonts "
        "(fonts-dejavu-core)."
    ),
    "delegation-list": "Settings: DATABASE_URL; LANGUAGE (messages and the Excel headers).",
    "hr-role": "Settings: DATABASE_URL; LANGUAGE; TIMEZONE (what 'today' is).",
}


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser; with ``argv`` only the command it names is imported (the others are
    listed from :data:`admin.commands.COMMANDS`), without it every command is loaded."""
    chosen = _chosen_command(argv) if argv is not None else None
    parser = argparse.ArgumentParser(
        prog="python -m admin",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log more")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for entry in COMMANDS:
        cmd = sub.add_parser(
            entry.name,
            help=entry.help,
            description=entry.help,
            epilog=SETTINGS_HELP.get(entry.name),
        )
        if argv is None or entry.name == chosen:
            module = _load(entry.module)
            module.add_arguments(cmd)
            cmd.set_defaults(_run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(words)
    args = parser.parse_args(words)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    try:
        return int(args._run(args))
    except AdminError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
