"""Run an import: read, match headers, validate everything, then write — or nothing.

* Every bad row is reported (row number, column, reason) before anything is written.
* With errors nothing is imported, unless ``skip_invalid``: then the bad rows are left out
  and validation runs again on the rest (a row that depended on a skipped one, e.g. a
  unit whose parent was skipped, is reported and skipped too).
* ``dry_run`` does the whole import inside a transaction and rolls it back, so the
  counts say exactly what would happen.
* One audit entry per import that changed something.
"""

from __future__ import annotations

import getpass
import logging
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from admin.importing.base import Counts, ImportKind, ValidateInput
from admin.importing.columns import Row, RowError, match_headers
from admin.importing.readers import ImportFileError, read_table
from i18n import t
from storage import audit

logger = logging.getLogger(__name__)


@dataclass
class ImportReport:
    kind: ImportKind
    path: Path
    rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # already translated
    counts: Counts = field(default_factory=Counts)
    dry_run: bool = False
    skipped_rows: int = 0
    status: str = "failed"  # failed | dry_run | applied

    @property
    def applied(self) -> bool:
        return self.status == "applied"


def _cells(values: list[object], by_key: dict[str, int]) -> dict[str, object]:
    out: dict[str, object] = {}
    for key, index in by_key.items():
        value = values[index] if index < len(values) else None
        if isinstance(value, str):
            value = value.strip()
        out[key] = value
    return out


def _quoted(text: str, lang: str) -> str:
    """Swedish quotes ”…” or English “…”, as the message catalogue uses them."""
    return f"”{text}”" if lang == "sv" else f"“{text}”"


def prepare(kind: ImportKind, path: Path, lang: str) -> tuple[list[Row], dict[str, str],
                                                              list[str]]:
    """Read the file and match its headers. ImportFileError when it cannot be used."""
    table = read_table(path)
    headers = match_headers(table.headers, kind.columns)
    if headers.missing:
        raise ImportFileError(
            "import.file.missing_columns",
            missing=", ".join(_quoted(c.header(lang), lang) for c in headers.missing),
            expected=", ".join(c.header(lang) for c in kind.columns),
        )
    if headers.duplicates:
        raise ImportFileError("import.file.duplicate_columns",
                              columns=", ".join(_quoted(h, lang) for h in headers.duplicates))
    warnings = [t(lang, "import.warning.unknown_column", column=h) for h in headers.unknown]
    rows = [Row(number, _cells(values, headers.by_key)) for number, values in table.rows]
    return rows, headers.labels, warnings


def _unique(errors: list[RowError]) -> list[RowError]:
    seen: set[tuple[int, str, str, str]] = set()
    out: list[RowError] = []
    for error in errors:
        key = (error.row, error.column, error.reason, repr(sorted(error.params.items())))
        if key not in seen:
            seen.add(key)
            out.append(error)
    return sorted(out, key=RowError.sort_key)


async def run_import(
    sessionmaker: async_sessionmaker[AsyncSession],
    kind: ImportKind,
    path: Path,
    *,
    dry_run: bool = False,
    skip_invalid: bool = False,
    lang: str = "sv",
    now: datetime,
    today: date,
) -> ImportReport:
    rows, labels, warnings = prepare(kind, path, lang)
    report = ImportReport(kind=kind, path=path, rows=len(rows), warnings=warnings,
                          dry_run=dry_run)
    async with sessionmaker() as session:
        context = await kind.load(session)
        active = rows
        all_errors: list[RowError] = []
        while True:
            records, errors = kind.validate(ValidateInput(active, context, today, labels))
            all_errors.extend(errors)
            if not errors or not skip_invalid:
                break
            bad = {e.row for e in errors}
            remaining = [row for row in active if row.number not in bad]
            if len(remaining) == len(active):  # errors not tied to rows: stop
                break
            active = remaining
        report.errors = _unique(all_errors)
        report.skipped_rows = len({e.row for e in report.errors})
        if errors:  # the last round still has errors: without --skip-invalid, or stuck
            await session.rollback()
            report.status = "failed"
            return report
        report.counts = await kind.apply(session, records, context, now)
        if dry_run:
            await session.rollback()
            report.status = "dry_run"
            return report
        if report.counts.changed:
            audit.record(
                session,
                actor_person_id=None,
                actor_label=f"admin import ({_os_user()})",
                action=f"import.{kind.name}",
                entity="import",
                entity_id=path.name[:64],
                after=report.counts.as_dict(),
                details=f"{path.name}: {len(rows)} rader, {report.skipped_rows} överhoppade",
                at=now,
            )
        await session.commit()
        report.status = "applied"
    logger.info("import %s from %s: %s", kind.name, path.name, report.counts.as_dict())
    return report


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "okänd"


def format_report(report: ImportReport, lang: str) -> tuple[str, str]:
    """(text for stdout, text for stderr) describing what happened."""
    out: list[str] = []
    err: list[str] = []
    out.append(t(lang, "import.header", kind=report.kind.title(lang), file=report.path.name,
                 rows=report.rows))
    for warning in report.warnings:
        err.append(warning)
    if report.errors:
        err.append(t(lang, "import.errors", count=len(report.errors),
                     rows=len({e.row for e in report.errors})))
        for error in report.errors:
            reason = t(lang, error.reason, **error.params)
            err.append("  " + t(lang, "import.error_line", row=error.row, column=error.column,
                                reason=reason))
    counts = report.counts
    summary = t(lang, "import.counts", created=counts.created, updated=counts.updated,
                unchanged=counts.unchanged)
    if counts.extra.get("ended"):
        summary += " " + t(lang, "import.counts_ended", ended=counts.extra["ended"])
    if report.status == "failed":
        err.append(t(lang, "import.nothing_imported"))
        return "\n".join(out), "\n".join(err)
    if report.skipped_rows:
        out.append(t(lang, "import.skipped", count=report.skipped_rows))
    key = "import.dry_run" if report.status == "dry_run" else "import.done"
    out.append(t(lang, key, summary=summary))
    return "\n".join(out), "\n".join(err)
