"""``python -m admin document --unit CODE --period 2026-T1 --format pdf|docx --output F``.

The report document of a unit's subtree for a period (any period code that has a row in
``reporting_periods``: ``2026-10``, ``2026-T1``, ``2026-D``, ``2026``), as PDF/A-2b or Word.
The command runs with the administrator's rights (the whole kommun); "Upprättad av" is the
unit's manager in charge unless ``--prepared-by`` names someone.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from zoneinfo import ZoneInfo

from admin.cli import AdminError

NAME = "document"
HELP = "Write the report document of a unit and period as PDF/A-2b or Word (.docx)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--unit", required=True, help="the unit's code (its subtree is reported)")
    parser.add_argument("--period", required=True,
                        help="the period: 2026-10, 2026-T1, 2026-D (delår) or 2026")
    parser.add_argument("--format", choices=("pdf", "docx"), default=None,
                        help="pdf (PDF/A-2b) or docx (default: from --output's extension)")
    parser.add_argument("--output", "-o", type=Path, required=True, help="the file to write")
    parser.add_argument("--prepared-by", default=None,
                        help='the name under "Upprättad av" (default: the unit\'s manager)')
    parser.add_argument("--lang", choices=("sv", "en"), default=None,
                        help="language of the document (default: LANGUAGE)")


def run(args: argparse.Namespace) -> int:
    from admin.runtime import (
        ConfigurationError,
        admin_settings,
        local_today,
        run_with_database,
    )
    from services.admin_documents import UnknownUnit, unit_document
    from services.documents import DocumentRefused, Requester, render

    try:
        settings = admin_settings()
    except ConfigurationError as exc:
        raise AdminError(str(exc)) from exc
    lang = args.lang or settings.language
    output: Path = args.output
    fmt = args.format or output.suffix.lower().lstrip(".")
    if fmt not in ("pdf", "docx"):
        raise AdminError(f"ange --format pdf eller docx (eller en fil som slutar på .pdf/.docx): "
                         f"{output}")
    if not output.parent.exists():
        raise AdminError(f"mappen {output.parent} finns inte")
    zone = ZoneInfo(settings.timezone)
    today = local_today(settings)
    delar_end = settings.steering_year.delar_end_month or 8

    try:
        document = run_with_database(settings, lambda sessions: unit_document(
            sessions, unit_code=args.unit,
            requester=Requester(None, is_admin=True, name=args.prepared_by),
            period_code=args.period, today=today, zone=zone, delar_end_month=delar_end,
            lang=lang))
    except UnknownUnit:
        raise AdminError(f"det finns ingen enhet med koden {args.unit}") from None
    except DocumentRefused as exc:
        from i18n import t

        raise AdminError(t(lang, exc.key, **exc.params)) from None
    body = render(document, fmt, lang)
    tmp = output.with_name(f".{output.name}.tmp")
    tmp.write_bytes(body)
    tmp.replace(output)  # nothing half-written
    from followup.sv_format import format_number

    print(f"{document.title}, {document.root.name}: {format_number(len(body), 0, lang)} byte "
          f"→ {output}")
    return 0
