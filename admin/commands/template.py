"""``python -m admin template KIND FILE``: an import template with the right columns.

.xlsx (drop-down lists, an example row, an instructions sheet) or .csv (with the
instructions in a text file next to it) by FILE's extension; Swedish column headers
unless ``--lang en``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from admin.cli import AdminError
from i18n import t
from services.importing import KIND_NAMES

NAME = "template"
HELP = (
    "Write an import template (.xlsx or .csv) for "
    "org|people|managers|goals|decisions|delegation|roles|budget|utfall"
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("kind", choices=KIND_NAMES, metavar="KIND",
                        help="which import: " + ", ".join(KIND_NAMES))
    parser.add_argument("file", type=Path, metavar="FILE", help="where to write (.xlsx/.csv)")
    parser.add_argument("--lang", choices=("sv", "en"), default=None,
                        help="language of the headers (default: LANGUAGE, else sv)")


def run(args: argparse.Namespace) -> int:
    from admin.runtime import ConfigurationError, admin_settings
    from services.exporting import ExportError
    from services.importing import get_kind
    from services.importing.templates import write_template

    lang = args.lang
    if lang is None:
        try:
            lang = admin_settings().language
        except ConfigurationError as exc:
            raise AdminError(str(exc)) from exc
    kind = get_kind(args.kind)
    path: Path = args.file
    if path.parent and not path.parent.exists():
        raise AdminError(f"mappen {path.parent} finns inte")
    try:
        written = write_template(kind, path, lang)
    except ExportError as exc:
        raise AdminError(str(exc)) from None
    print(t(lang, "admin.template.written", kind=kind.title(lang), file=path,
            columns=len(kind.columns)))
    for extra in written[1:]:
        print(t(lang, "admin.template.instructions", file=extra))
    return 0
