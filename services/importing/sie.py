"""Import budget (``#PBUDGET``) or utfall (``#PSALDO``) from an ekonomisystem's SIE 4 file.

The ansvar/kostnadsställe dimension (``--dimension``, default the file's dimension 1, as
SIE defines it) is mapped to Målbot's units either by a mapping file (``--mapping``: the
columns Objekt and Enhetskod, .xlsx or .csv) or, without one, by the object codes being
Målbot's unit codes. A unit's month is the sum of its result accounts (classes 3–8, see
:func:`followup.economy.sie_month_totals`), stored as one line per unit and month.

All or nothing: a file with any problem (a bad record, an object without a unit, a unit
code Målbot lacks) imports nothing, and every problem names its line. Re-importing the
same months replaces them (:func:`storage.economy.replace_months`, audited).
"""

from __future__ import annotations

import getpass
import logging
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from followup.economy import sie_month_totals
from followup.sie4 import BalanceKind, SieError, SieFile, read_sie
from i18n import t
from services.importing.columns import Column, Row, RowError, RowReader, match_headers
from services.importing.readers import ImportFileError, read_table
from storage import audit
from storage.economy import EconomyChanges, LineKey, replace_months
from storage.models import OrgUnit

logger = logging.getLogger(__name__)

SIE_SUFFIXES = (".se", ".si", ".sie")
MAX_SHOWN = 50
MAPPING_COLUMNS = (
    Column("object", "Objekt", "Object", required=True,
           aliases=("objektkod", "ansvar", "ansvarskod", "kostnadsställe", "object code"),
           help_sv="Objektkoden i ekonomisystemets dimension (t.ex. ansvar 4100).",
           help_en="The object code in the ekonomisystem's dimension."),
    Column("unit_code", "Enhetskod", "Unit code", required=True, aliases=("enhet", "unit"),
           help_sv="Enhetens kod i Målbot.", help_en="The unit's code in Målbot."),
)


def is_sie_file(path: Path) -> bool:
    """By extension (.se, .si, .sie) or, for other names, a first record ``#FLAGGA``."""
    if path.suffix.lower() in SIE_SUFFIXES:
        return True
    if path.suffix.lower() in (".xlsx", ".csv"):
        return False
    try:
        with path.open("rb") as handle:
            head = handle.read(64).lstrip()
    except OSError:
        return False
    return head.upper().startswith(b"#FLAGGA")


@dataclass
class SieImportReport:
    kind: str  # budget | utfall
    path: Path
    dimension: str = ""
    dimension_name: str = ""
    rows: int = 0  # period amounts used
    problems: list[str] = field(default_factory=list)  # translated, with line numbers
    warnings: list[str] = field(default_factory=list)
    changes: EconomyChanges = field(default_factory=EconomyChanges)
    units: int = 0
    months: list[str] = field(default_factory=list)  # "2026-10", …
    status: str = "failed"  # failed | dry_run | applied


def read_mapping(path: Path, lang: str) -> tuple[dict[str, str], list[str]]:
    """object code -> unit code, and the problems (by row)."""
    table = read_table(path)
    headers = match_headers(table.headers, MAPPING_COLUMNS)
    if headers.missing:
        raise ImportFileError(
            "import.file.missing_columns",
            missing=", ".join(f"”{c.header(lang)}”" for c in headers.missing),
            expected=", ".join(c.header(lang) for c in MAPPING_COLUMNS))
    mapping: dict[str, str] = {}
    first_row: dict[str, int] = {}
    problems: list[str] = []
    for number, values in table.rows:
        cells = {key: values[index] if index < len(values) else None
                 for key, index in headers.by_key.items()}
        errors: list[RowError] = []
        reader = RowReader(Row(number, cells), headers.labels, errors)
        code = reader.text("object", required=True, max_len=64)
        unit = reader.text("unit_code", required=True, max_len=64)
        for error in errors:
            problems.append(t(lang, "economy.mapping.error", file=path.name, row=error.row,
                              column=error.column, reason=t(lang, error.reason,
                                                            **error.params)))
        if code and unit:
            if code in first_row:
                problems.append(t(lang, "economy.mapping.duplicate", file=path.name,
                                  row=number, value=code, other=first_row[code]))
            first_row.setdefault(code, number)
            mapping.setdefault(code, unit)
    return mapping, problems


def choose_dimension(sie: SieFile, wanted: str | None, lang: str) -> tuple[str, str | None]:
    """(dimension, problem or None)."""
    if wanted:
        if wanted not in sie.dimensions and not any(
                a.object_in(wanted) is not None for a in sie.amounts[:1000]):
            known = ", ".join(f"{d} ”{n}”" for d, n in sorted(sie.dimensions.items()))
            return wanted, t(lang, "economy.sie.no_dimension", dimension=wanted,
                             known=known or "–")
        return wanted, None
    if "1" not in sie.dimensions and len(sie.dimensions) == 1:
        return next(iter(sie.dimensions)), None
    return "1", None


def _lines_text(lines: tuple[int, ...], lang: str) -> str:
    return ", ".join(str(n) for n in lines) + ("" if len(lines) < 10 else " …")


async def _apply(session: AsyncSession, report: SieImportReport, sie: SieFile,
                 mapping: dict[str, str] | None, *, year: int | None, ignore_unmapped: bool,
                 lang: str, now: datetime) -> dict[LineKey, int] | None:
    rows = await session.execute(select(OrgUnit.code, OrgUnit.id))
    units = {code.lower(): unit_id for code, unit_id in rows}
    dim = report.dimension
    if mapping is None:  # the object codes are Målbot's unit codes
        object_codes = {code for d, code in sie.objects if d == dim}
        object_codes |= {c for a in sie.amounts if (c := a.object_in(dim)) is not None}
        mapping = {code: code for code in object_codes if code.lower() in units}
    else:
        for code, unit in sorted(mapping.items()):
            if unit.lower() not in units:
                report.problems.append(t(lang, "economy.sie.unknown_unit", value=unit,
                                         object=code))
    kind: BalanceKind = "budget" if report.kind == "budget" else "utfall"
    totals = sie_month_totals(sie.amounts, kind=kind, dimension=dim,
                              mapping={k: v.lower() for k, v in mapping.items()}, year=year)
    report.rows = totals.rows
    for missing in totals.unmapped:
        name = sie.objects.get((dim, missing.code), "")
        text = t(lang, "economy.sie.unmapped", lines=_lines_text(missing.lines, lang),
                 object=missing.code, name=f" ({name})" if name else "", dimension=dim)
        (report.warnings if ignore_unmapped else report.problems).append(text)
    if not totals.totals and not report.problems:
        label = "#PBUDGET" if kind == "budget" else "#PSALDO"
        report.problems.append(t(lang, "economy.sie.nothing", label=label, dimension=dim))
    if report.problems:
        return None
    lines: dict[LineKey, int] = {
        (units[unit], y, m, ""): amount for (unit, y, m), amount in totals.totals.items()}
    report.units = len({key[0] for key in lines})
    report.months = sorted({f"{y}-{m:02d}" for _u, y, m, _g in lines})
    return lines


async def run_sie_import(sessionmaker: async_sessionmaker[AsyncSession], kind: str,
                         path: Path, *, dimension: str | None = None,
                         mapping_path: Path | None = None, year: int | None = None,
                         ignore_unmapped: bool = False, dry_run: bool = False,
                         lang: str = "sv", now: datetime) -> SieImportReport:
    """Read, check and (unless there is any problem, or ``dry_run``) write the file."""
    if not path.exists() or not path.is_file():
        raise ImportFileError("import.file.not_found", path=str(path))
    report = SieImportReport(kind=kind, path=path)
    mapping: dict[str, str] | None = None
    if mapping_path is not None:
        mapping, problems = read_mapping(mapping_path, lang)
        report.problems.extend(problems)
    try:
        sie = read_sie(path.read_bytes())
    except SieError as exc:
        report.problems.extend(t(lang, "economy.sie.problem", problem=str(p))
                               for p in exc.problems)
        return report
    report.dimension, problem = choose_dimension(sie, dimension, lang)
    report.dimension_name = sie.dimensions.get(report.dimension, "")
    if problem:
        report.problems.append(problem)
        return report
    async with sessionmaker() as session:
        lines = await _apply(session, report, sie, mapping, year=year,
                             ignore_unmapped=ignore_unmapped, lang=lang, now=now)
        if lines is None:
            await session.rollback()
            return report
        actor = f"admin import ({_os_user()})"
        report.changes = await replace_months(
            session, kind=kind, lines=lines, source="sie", actor_person_id=None,
            actor_label=actor, now=now, dry_run=dry_run)
        if dry_run:
            await session.rollback()
            report.status = "dry_run"
            return report
        audit.record(session, actor_person_id=None, actor_label=actor,
                     action=f"import.{kind}.sie", entity="import", entity_id=path.name[:64],
                     after={"created": report.changes.created,
                            "updated": report.changes.changed,
                            "unchanged": report.changes.unchanged,
                            "rows": report.rows, "dimension": report.dimension},
                     details=f"{path.name}: {sie.company} {sie.program}".strip()[:500], at=now)
        await session.commit()
    report.status = "applied"
    logger.info("SIE import %s from %s: %s unit-months", kind, path.name, report.changes.total)
    return report


def format_sie_report(report: SieImportReport, lang: str) -> tuple[str, str]:
    """(stdout, stderr)."""
    title = t(lang, f"economy.kind.{report.kind}")
    out = [t(lang, "economy.sie.header", kind=title, file=report.path.name,
             dimension=report.dimension or "?",
             name=f" ”{report.dimension_name}”" if report.dimension_name else "",
             rows=report.rows)]
    err = list(report.warnings)
    if report.problems:
        err.append(t(lang, "economy.sie.errors", count=len(report.problems)))
        err.extend("  " + p for p in report.problems[:MAX_SHOWN])
        if len(report.problems) > MAX_SHOWN:
            err.append("  " + t(lang, "import.changes.more",
                                count=len(report.problems) - MAX_SHOWN))
        err.append(t(lang, "economy.sie.nothing_imported"))
        return "\n".join(out), "\n".join(err)
    changes = report.changes
    summary = t(lang, "economy.sie.counts", created=changes.created, updated=changes.changed,
                unchanged=changes.unchanged, units=report.units,
                months=", ".join(report.months[:3]) + (" …" if len(report.months) > 3 else ""))
    key = "import.dry_run" if report.status == "dry_run" else "import.done"
    out.append(t(lang, key, summary=summary))
    return "\n".join(out), "\n".join(err)


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "okänd"
