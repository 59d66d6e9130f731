"""``python -m admin import KIND FILE``: import units, people, managers, goals or decisions.

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
from admin.importing import KIND_NAMES
from i18n import t

NAME = "import"
HELP = (
    "Import org|people|managers|goals|decisions|delegation|roles from .xlsx or .csv, "
    "or all of them from a folder (validates first; --dry-run, --skip-invalid)"
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("kind", choices=(*KIND_NAMES, "all"), metavar="KIND",
                        help="what to import: " + ", ".join(KIND_NAMES)
                        + ", or all (every file in the folder FILE, found by name)")
    parser.add_argument("file", type=Path, metavar="FILE",
                        help="the .xlsx or .csv file (for all: the folder)")
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


def run(args: argparse.Namespace) -> int:
    from admin.importing.readers import ImportFileError
    from admin.importing.runtime import (
        ConfigurationError,
        admin_settings,
        local_today,
        now_utc,
        run_with_database,
    )

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
        if args.kind == "all":
            from admin.importing.all_files import (
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
            from admin.importing import get_kind
            from admin.importing.runner import exit_code, format_report, run_import

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
