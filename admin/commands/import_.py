"""``python -m admin import KIND FILE``: import units, people, managers, goals or decisions.

Reads .xlsx or .csv (UTF-8 or Excel's Swedish CSV with semicolons and decimal commas),
validates every row first and reports each problem with row number, column and reason.
Nothing is imported when a row is wrong, unless ``--skip-invalid``. ``--dry-run`` shows
what would change. Importing the same file again changes nothing.
Exit codes: 0 done, 1 rows with errors (nothing imported), 2 unusable file or input.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from admin.cli import AdminError
from admin.importing import KIND_NAMES, get_kind
from admin.importing.readers import ImportFileError
from admin.importing.runner import format_report, run_import
from admin.importing.runtime import (
    ConfigurationError,
    admin_settings,
    local_today,
    now_utc,
    run_with_database,
)
from i18n import t

NAME = "import"
HELP = (
    "Import org|people|managers|goals|decisions from .xlsx or .csv "
    "(validates first; --dry-run, --skip-invalid)"
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("kind", choices=KIND_NAMES, metavar="KIND",
                        help="what to import: " + ", ".join(KIND_NAMES))
    parser.add_argument("file", type=Path, metavar="FILE", help="the .xlsx or .csv file")
    parser.add_argument("--dry-run", action="store_true",
                        help="validate and show what would change, save nothing")
    parser.add_argument("--skip-invalid", action="store_true",
                        help="import the rows without errors and skip the others")


def run(args: argparse.Namespace) -> int:
    try:
        settings = admin_settings()
    except ConfigurationError as exc:
        raise AdminError(str(exc)) from exc
    lang = settings.language
    kind = get_kind(args.kind)
    now = now_utc()
    try:
        report = run_with_database(
            settings,
            lambda sessionmaker: run_import(
                sessionmaker, kind, args.file, dry_run=args.dry_run,
                skip_invalid=args.skip_invalid, lang=lang, now=now,
                today=local_today(settings, now),
            ),
        )
    except ImportFileError as exc:
        raise AdminError(t(lang, exc.key, **exc.params)) from None
    out, err = format_report(report, lang)
    print(out)
    if err:
        print(err, file=sys.stderr)
    return 0 if report.status != "failed" else 1
