"""``python -m admin export results|decisions``: Excel or CSV for reports and follow-up.

``export results --period 2026-10 [--unit CODE] --output FILE`` — one row per goal with
the unit's path, perspective, status, value, target, texts, who reported and when.
``export decisions [--unit CODE] [--open] --output FILE`` — the decisions with status and
latest comment. The format follows FILE's extension (.xlsx or .csv).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from admin.cli import AdminError
from admin.exporting import (
    ExportError,
    Table,
    decisions_table,
    results_table,
    unit_scope,
    write_table,
)
from admin.importing.runtime import (
    ConfigurationError,
    admin_settings,
    local_today,
    run_with_database,
)
from followup.calendar import parse_period
from i18n import t

NAME = "export"
HELP = "Export results (per period) or decisions to .xlsx or .csv"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("what", choices=("results", "decisions"), metavar="WHAT",
                        help="results or decisions")
    parser.add_argument("--period", help="the period for results, e.g. 2026-10")
    parser.add_argument("--unit", help="only this unit and the units below it (unit code)")
    parser.add_argument("--open", action="store_true", help="decisions: only open ones")
    parser.add_argument("--output", "-o", type=Path, required=True,
                        help="the file to write (.xlsx or .csv)")
    parser.add_argument("--lang", choices=("sv", "en"), default=None,
                        help="language of headers and labels (default: LANGUAGE)")


def run(args: argparse.Namespace) -> int:
    try:
        settings = admin_settings()
    except ConfigurationError as exc:
        raise AdminError(str(exc)) from exc
    lang = args.lang or settings.language
    output: Path = args.output
    if output.suffix.lower() not in (".xlsx", ".csv"):
        raise AdminError(f"--output måste sluta på .xlsx eller .csv: {output}")
    if not output.parent.exists():
        raise AdminError(f"mappen {output.parent} finns inte")
    if args.what == "results":
        if not args.period:
            raise AdminError("ange perioden med --period, till exempel --period 2026-10")
        try:
            parse_period(args.period)
        except ValueError as exc:
            raise AdminError(str(exc)) from None
    zone = ZoneInfo(settings.timezone)

    async def build(sessionmaker: async_sessionmaker[AsyncSession]) -> Table:
        async with sessionmaker() as session:
            scope = await unit_scope(session, args.unit)
            if args.what == "results":
                return await results_table(session, args.period, unit_ids=scope, lang=lang,
                                           zone=zone)
            return await decisions_table(session, unit_ids=scope, open_only=args.open,
                                         lang=lang, today=local_today(settings), zone=zone)

    try:
        table = run_with_database(settings, build)
        write_table(table, output, lang=lang)
    except ExportError as exc:
        raise AdminError(str(exc)) from None
    print(t(lang, "admin.export.written", rows=len(table.rows), file=output))
    return 0
