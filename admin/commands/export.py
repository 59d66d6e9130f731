"""``python -m admin export WHAT FILE``: Excel or CSV, by FILE's extension.

``export org|people|managers|goals|decisions FILE`` — exactly the import format (the
same columns and values), so "export, edit in Excel, import" round-trips: importing the
file unchanged changes nothing, an edited cell changes exactly that.
``export decisions FILE --details`` adds the follow-up columns (responsible unit, overdue,
latest comment; the import ignores them). ``export results --period 2026-10 [--unit
CODE] FILE`` — one row per goal with the unit's path, perspective, status, value, target,
texts, who reported and when. ``export economy --period 2026-10 [--unit CODE] FILE`` —
one row per unit with a budget: budget, utfall and deviation so far, the helårsprognos
and its comment (tkr). ``--output FILE`` may be used instead of the FILE argument.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from admin.cli import AdminError
from i18n import t

if TYPE_CHECKING:
    from services import Sessions
    from services.import_export import ImportTable

NAME = "export"
HELP = (
    "Export results, economy, decisions, or org|people|managers|goals in the import "
    "format, to .xlsx or .csv"
)
WHAT = ("results", "economy", "org", "people", "managers", "goals", "decisions")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("what", choices=WHAT, metavar="WHAT",
                        help="results, economy, or org, people, managers, goals, "
                        "decisions (in the import format)")
    parser.add_argument("file", type=Path, nargs="?", metavar="FILE",
                        help="the file to write (.xlsx or .csv)")
    parser.add_argument("--output", "-o", type=Path, default=None,
                        help="the file to write (instead of FILE)")
    parser.add_argument("--period", help="the period for results and economy, e.g. 2026-10")
    parser.add_argument("--unit", help="results, economy and --details: only this unit and the "
                        "units below it (unit code)")
    parser.add_argument("--open", action="store_true",
                        help="decisions --details: only open ones")
    parser.add_argument("--details", action="store_true",
                        help="decisions: add the follow-up columns (not the import format)")
    parser.add_argument("--lang", choices=("sv", "en"), default=None,
                        help="language of headers and labels (default: LANGUAGE)")


def run(args: argparse.Namespace) -> int:
    from zoneinfo import ZoneInfo

    from admin.runtime import (
        ConfigurationError,
        admin_settings,
        local_today,
        run_with_database,
    )
    from followup.calendar import parse_period
    from services.exporting import ExportError, write_table

    try:
        settings = admin_settings()
    except ConfigurationError as exc:
        raise AdminError(str(exc)) from exc
    lang = args.lang or settings.language
    output: Path | None = args.file or args.output
    if output is None:
        raise AdminError(t(lang, "admin.export.no_file"))
    if output.suffix.lower() not in (".xlsx", ".csv"):
        raise AdminError(f"--output måste sluta på .xlsx eller .csv: {output}")
    if not output.parent.exists():
        raise AdminError(f"mappen {output.parent} finns inte")
    if args.what in ("results", "economy"):
        if not args.period:
            raise AdminError("ange perioden med --period, till exempel --period 2026-10")
        try:
            parse_period(args.period)
        except ValueError as exc:
            raise AdminError(str(exc)) from None
    zone = ZoneInfo(settings.timezone)

    async def build(sessions: Sessions) -> ImportTable:
        from services.admin_exports import export_table

        return await export_table(sessions, args.what, period=args.period, unit_code=args.unit,
                                  open_only=args.open, details=args.details, lang=lang,
                                  today=local_today(settings), zone=zone)

    try:
        result = run_with_database(settings, build)
        write_table(result.table, output, lang=lang)
    except ExportError as exc:
        raise AdminError(str(exc)) from None
    print(t(lang, "admin.export.written", rows=len(result.table.rows), file=output))
    if result.left_out:
        print(t(lang, "admin.export.left_out", count=result.left_out))
    return 0
