"""``python -m admin import KIND FILE``: import units, people, managers, goals, decisions,
budget or utfall.

``budget`` and ``utfall`` also take an ekonomisystem's SIE 4 file (.se/.si/.sie, or any
file starting with ``#FLAGGA``): ``--dimension`` names the ansvar dimension (default 1),
``--mapping`` a file mapping its objects to unit codes (default: the object codes are the
unit codes), ``--year`` limits the import to one year.

Reads .xlsx or .csv (UTF-8 or Excel's Swedish CSV with semicolons and decimal commas),
validates every row first and reports each problem with row number, column and reason.
Nothing is imported when a row is wrong, unless ``--skip-invalid``. ``--dry-run`` shows
what would change, row by row. Importing the same file again changes nothing.
``import all FOLDER`` takes every file of a folder (found by name) in dependency order,
all or nothing.
Exit codes: 0 done, 1 rows with errors (nothing imported) or rows skipped (unless
``--allow-skipped``), 2 unusable file or input.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from admin.cli import AdminError
from i18n import t
from services.importing import KIND_NAMES

NAME = "import"
HELP = (
    "Import org|people|managers|goals|decisions|delegation|roles|budget|utfall from .xlsx "
    "or .csv (budget and utfall also from SIE 4), or all of them from a folder (validates "
    "first; --dry-run, --skip-invalid)"
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("kind", choices=(*KIND_NAMES, "all"), metavar="KIND",
                        help="what to import: " + ", ".join(KIND_NAMES)
                        + ", or all (every file in the folder FILE, found by name)")
    parser.add_argument("file", type=Path, metavar="FILE",
                        help="the .xlsx or .csv file (for all: the folder; budget and "
                        "utfall: also a SIE 4 file)")
    parser.add_argument("--dry-run", action="store_true",
                        help="validate and show what would change, save nothing")
    parser.add_argument("--skip-invalid", action="store_true",
                        help="import the rows without errors and skip the others "
                        "(exit code 1 when rows were skipped)")
    parser.add_argument("--allow-skipped", action="store_true",
                        help="with --skip-invalid: exit code 0 even when rows were skipped")
    parser.add_argument("--force", action="store_true",
                        help="org: deactivate units that still have active units below "
                        "them, goals, a manager or open decisions (never the kommun)")
    sie = parser.add_argument_group("SIE 4 files (budget: #PBUDGET, utfall: #PSALDO)")
    sie.add_argument("--dimension", metavar="N", default=None,
                     help="the SIE dimension of the units (ansvar/kostnadsställe; default 1)")
    sie.add_argument("--mapping", type=Path, metavar="FILE", default=None,
                     help=".xlsx/.csv with the columns Objekt and Enhetskod (default: the "
                     "object codes are Målbot's unit codes)")
    sie.add_argument("--year", type=int, default=None,
                     help="import only this year's periods (default: every year in the file)")
    sie.add_argument("--ignore-unmapped", action="store_true",
                     help="leave out objects without a unit instead of refusing the file")


def run(args: argparse.Namespace) -> int:
    from admin.runtime import (
        ConfigurationError,
        admin_settings,
        local_today,
        now_utc,
        run_with_database,
    )
    from services.importing.readers import ImportFileError

    try:
        settings = admin_settings()
    except ConfigurationError as exc:
        raise AdminError(str(exc)) from exc
    lang = settings.language
    now = now_utc()
    today = local_today(settings, now)
    options = {"dry_run": args.dry_run, "skip_invalid": args.skip_invalid,
               "force": args.force, "lang": lang, "now": now, "today": today}
    try:
        if args.kind in ("budget", "utfall"):
            from services.importing.sie import is_sie_file

            if is_sie_file(args.file):
                return _run_sie(args, settings, now)
        if args.kind == "all":
            from services.importing.all_files import (
                find_files,
                folder_exit_code,
                format_folder,
                run_folder,
            )

            find_files(args.file)  # a clear message before the database is touched
            result = run_with_database(
                settings, lambda sessionmaker: run_folder(sessionmaker, args.file, **options))
            out, err = format_folder(result, lang, allow_skipped=args.allow_skipped)
            code = folder_exit_code(result, allow_skipped=args.allow_skipped)
        else:
            from services.importing import get_kind
            from services.importing.runner import exit_code, format_report, run_import

            kind = get_kind(args.kind)
            report = run_with_database(
                settings,
                lambda sessionmaker: run_import(sessionmaker, kind, args.file, **options))
            out, err = format_report(report, lang, allow_skipped=args.allow_skipped)
            code = exit_code(report, allow_skipped=args.allow_skipped)
    except ImportFileError as exc:
        raise AdminError(t(lang, exc.key, **exc.params)) from None
    print(out)
    if err:
        print(err, file=sys.stderr)
    return code


def _run_sie(args: argparse.Namespace, settings: object, now: object) -> int:
    from datetime import datetime

    from admin.runtime import run_with_database
    from config import Settings
    from services.importing.readers import ImportFileError
    from services.importing.sie import format_sie_report, run_sie_import

    assert isinstance(settings, Settings) and isinstance(now, datetime)
    lang = settings.language
    if args.mapping is not None and not args.mapping.is_file():
        raise AdminError(t(lang, "import.file.not_found", path=str(args.mapping)))
    try:
        report = run_with_database(settings, lambda sessionmaker: run_sie_import(
            sessionmaker, args.kind, args.file, dimension=args.dimension,
            mapping_path=args.mapping, year=args.year, ignore_unmapped=args.ignore_unmapped,
            dry_run=args.dry_run, lang=lang, now=now))
    except ImportFileError as exc:
        raise AdminError(t(lang, exc.key, **exc.params)) from None
    out, err = format_sie_report(report, lang)
    print(out)
    if err:
        print(err, file=sys.stderr)
    return 0 if report.status != "failed" else 1
