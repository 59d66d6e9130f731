"""``python -m admin delegation-list --nämnd BUN --from 2026-10-01 --to 2026-10-31``: the
nämnd's anmälda delegationsbeslut for its next meeting — complete, in point order (then
date), flagged decisions marked, and who confirmed "inga beslut". ``--excel FILE``
writes the same list as .xlsx (or .csv).
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from admin.cli import AdminError
from i18n import t

NAME = "delegation-list"
HELP = ("List a nämnd's anmälda delegationsbeslut between two dates, in point order "
        "(--excel FILE)")


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"inget datum (ÅÅÅÅ-MM-DD): {text}") from None


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--nämnd", "--namnd", "--committee", dest="committee", required=True,
                        metavar="NÄMND", help="the nämnd's short name, e.g. BUN")
    parser.add_argument("--from", dest="start", type=_date, required=True,
                        metavar="YYYY-MM-DD", help="first decision date")
    parser.add_argument("--to", dest="end", type=_date, required=True,
                        metavar="YYYY-MM-DD", help="last decision date")
    parser.add_argument("--excel", type=Path, default=None, metavar="FILE",
                        help="also write the list to FILE (.xlsx or .csv)")


def run(args: argparse.Namespace) -> int:
    from admin.runtime import ConfigurationError, admin_settings, run_with_database
    from cards.mandate import committee_list_lines
    from services.exporting import ExportError, Table, write_table
    from services.mandate import committee_list

    try:
        settings = admin_settings()
    except ConfigurationError as exc:
        raise AdminError(str(exc)) from exc
    lang = settings.language
    if args.end < args.start:
        raise AdminError("--to är före --from")
    result = run_with_database(
        settings, lambda sessions: committee_list(sessions, args.committee, args.start,
                                                  args.end))
    if result is None:
        raise AdminError(t(lang, "mandate.list.unknown", committee=args.committee))
    for line in committee_list_lines(result, lang):
        print(line)
    if args.excel is not None:
        headers = (["Punkt", "Ärende", "Beslutsdatum", "Delegat", "Beslut", "Dnr",
                    "Belopp (kr)", "Anmärkning"] if lang != "en" else
                   ["Point", "Matter", "Date", "Delegate", "Decision", "Reference",
                    "Amount (kr)", "Flag"])
        table = Table(f"{result.committee} {args.start.isoformat()}", headers)
        for ln in result.lines:
            d = ln.decision
            table.rows.append([ln.point.number, ln.point.matter, d.decided_on, d.person_name,
                               d.description, d.reference or "", d.amount_kr,
                               t(lang, f"mandate.flag.{d.flag}") if d.flag else ""])
        try:
            write_table(table, args.excel, lang=lang)
        except ExportError as exc:
            raise AdminError(str(exc)) from None
        print(args.excel)
    return 0
