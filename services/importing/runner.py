"""Run an import: read, match headers, validate everything, then write — or nothing.

* Every bad row is reported (row number, column, reason) before anything is written.
* With errors nothing is imported, unless ``skip_invalid``: then the bad rows are left out
  and validation runs again on the rest (a row that depended on a skipped one, e.g. a
  unit whose parent was skipped, is reported and skipped too).
* ``dry_run`` does the whole import inside a transaction and rolls it back, so the
  counts say exactly what would happen.
* Every created or changed row is counted once, listed (``Ändrad enhet SOC-HT1: Namn
  ”A” → ”B”``) and audited with its fields before → after, plus one audit entry for the
  import as a whole.
* Rows skipped with ``skip_invalid`` make the exit code 1 unless ``allow_skipped``.
"""

from __future__ import annotations

import getpass
import logging
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from i18n import t
from services.importing.base import Counts, ImportKind, ValidateInput
from services.importing.changes import describe_change
from services.importing.columns import Row, RowError, match_headers
from services.importing.readers import ImportFileError, read_table
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
    skipped: list[int] = field(default_factory=list)  # row numbers left out
    status: str = "failed"  # failed | dry_run | applied | checked (import all: not saved)

    @property
    def applied(self) -> bool:
        return self.status == "applied"

    @property
    def skipped_rows(self) -> int:
        return len(self.skipped)


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


def _as_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value).replace(".", ",")
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() \
            else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def is_example_row(kind: ImportKind, row: Row) -> bool:
    """Whether ``row`` is the template's example row, left in the file unchanged (every
    column of the template present and as in the example)."""
    examples = {c.key: c.example for c in kind.columns}
    if set(row.cells) != set(examples):
        return False
    def same(text: str) -> str:
        return text.lower().replace(",", ".")

    return all(same(_as_text(value)) == same(examples.get(key, ""))
               for key, value in row.cells.items())


def plural(lang: str, key: str, count: int) -> str:
    """``import.count.rows`` → "1 rad" / "3 rader"."""
    return t(lang, f"{key}_one" if count == 1 else f"{key}_many", count=count)


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
    rows = []
    for number, values in table.rows:
        row = Row(number, _cells(values, headers.by_key))
        if is_example_row(kind, row):
            warnings.append(t(lang, "import.warning.example_row", row=number))
            continue
        rows.append(row)
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


async def check_and_apply(session: AsyncSession, report: ImportReport, rows: list[Row],
                          labels: dict[str, str], *, skip_invalid: bool, force: bool,
                          now: datetime, today: date) -> bool:
    """Validate ``rows`` against what ``session`` sees, then write them (flush, no
    commit). False, with ``report.errors``, when nothing may be written."""
    kind = report.kind
    context = await kind.load(session)
    active = rows
    all_errors: list[RowError] = []
    while True:
        records, errors = kind.validate(ValidateInput(active, context, today, labels, force))
        all_errors.extend(errors)
        if not errors or not skip_invalid:
            break
        bad = {e.row for e in errors}
        remaining = [row for row in active if row.number not in bad]
        if len(remaining) == len(active):  # errors not tied to rows: stop
            break
        active = remaining
    report.errors = _unique(all_errors)
    report.skipped = sorted({e.row for e in report.errors}) if skip_invalid else []
    if errors:  # the last round still has errors: without --skip-invalid, or stuck
        report.skipped = []
        report.status = "failed"
        return False
    report.counts = await kind.apply(session, records, context, now)
    return True


def record_audit(session: AsyncSession, report: ImportReport, now: datetime) -> None:
    """One audit entry per changed row (before → after) and one for the import."""
    counts = report.counts
    if not counts.changed:
        return
    actor = f"admin import ({_os_user()})"
    name = report.path.name
    for change in counts.changes:
        skip = set(change.audited_elsewhere)
        after = {k: v for k, v in change.after.items() if k not in skip}
        if not after:
            continue
        before = None if change.before is None else {
            k: v for k, v in change.before.items() if k not in skip}
        audit.record(
            session, actor_person_id=None, actor_label=actor,
            action=f"import.{report.kind.name}.{change.action}", entity=change.entity,
            entity_id=change.key[:64], before=before, after=after,
            details=f"{name}: {change.key}" if len(change.key) > 64 else name, at=now,
        )
    audit.record(
        session,
        actor_person_id=None,
        actor_label=actor,
        action=f"import.{report.kind.name}",
        entity="import",
        entity_id=name[:64],
        after={k: v for k, v in counts.as_dict().items()},
        details=f"{name}: {report.rows} rader, {report.skipped_rows} överhoppade",
        at=now,
    )


async def run_import(
    sessionmaker: async_sessionmaker[AsyncSession],
    kind: ImportKind,
    path: Path,
    *,
    dry_run: bool = False,
    skip_invalid: bool = False,
    force: bool = False,
    lang: str = "sv",
    now: datetime,
    today: date,
) -> ImportReport:
    rows, labels, warnings = prepare(kind, path, lang)
    report = ImportReport(kind=kind, path=path, rows=len(rows), warnings=warnings,
                          dry_run=dry_run)
    async with sessionmaker() as session:
        ok = await check_and_apply(session, report, rows, labels, skip_invalid=skip_invalid,
                                   force=force, now=now, today=today)
        if not ok:
            await session.rollback()
            return report
        if dry_run:
            await session.rollback()
            report.status = "dry_run"
            return report
        record_audit(session, report, now)
        await session.commit()
        report.status = "applied"
    logger.info("import %s from %s: %s", kind.name, path.name, report.counts.as_dict())
    return report


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "okänd"


MAX_CHANGE_LINES = 50


def change_lines(counts: Counts, lang: str, limit: int = MAX_CHANGE_LINES) -> list[str]:
    """The changes as indented lines (new rows only counted when there are many)."""
    changes = counts.changes
    shown = [c for c in changes if c.action != "created"] if len(changes) > limit else changes
    lines = ["  " + describe_change(c.entity, c.key, c.action, c.before, c.after, lang)
             for c in shown[:limit]]
    hidden = len(shown) - limit
    if hidden > 0:
        lines.append("  " + t(lang, "import.changes.more", count=hidden))
    return lines


def format_report(report: ImportReport, lang: str, *,
                  allow_skipped: bool = False) -> tuple[str, str]:
    """(text for stdout, text for stderr) describing what happened."""
    out: list[str] = []
    err: list[str] = []
    out.append(t(lang, "import.header", kind=report.kind.title(lang), file=report.path.name,
                 rows=plural(lang, "import.count.rows", report.rows)))
    for warning in report.warnings:
        err.append(warning)
    if report.errors:
        errors = plural(lang, "import.count.errors", len(report.errors))
        rows = plural(lang, "import.count.rows", len({e.row for e in report.errors}))
        key = "import.skipped_errors" if report.skipped else "import.errors"
        err.append(t(lang, key, errors=errors, rows=rows))
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
    key = {"dry_run": "import.dry_run", "checked": "import.checked"}.get(report.status,
                                                                         "import.done")
    out.append(t(lang, key, summary=summary))
    out.extend(change_lines(counts, lang))
    if report.skipped:
        numbers = ", ".join(str(n) for n in report.skipped)
        out.append(t(lang, "import.skipped_rows",
                     rows=plural(lang, "import.count.rows", len(report.skipped)),
                     numbers=numbers))
        if not allow_skipped:
            err.append(t(lang, "import.skipped_exit"))
    return "\n".join(out), "\n".join(err)


def exit_code(report: ImportReport, *, allow_skipped: bool = False) -> int:
    """0 done (or dry run), 1 errors — also rows skipped, unless ``allow_skipped``."""
    if report.status == "failed":
        return 1
    if report.skipped and not allow_skipped:
        return 1
    return 0
