"""Exports to Excel (.xlsx) or CSV: a period's results and the decisions.

:func:`results_table` gives one row per goal valid in the period (also goals nobody has
reported on yet, so gaps show), with the unit's path, perspective, status, value, target,
texts, who reported and when. :func:`decisions_table` lists decisions with their latest
comment; its first columns carry the same headers as the decision import, so an export
can be edited and imported again.

:func:`write_table` picks the format from the file's extension. CSV in Swedish uses
Excel's Swedish dialect (semicolon, decimal comma, UTF-8 with BOM); in English a comma
and a decimal point. Headers are Swedish by default (``lang="en"`` for English).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from followup.calendar import parse_period
from followup.decision_rules import DecisionStatus, sort_for_display
from followup.period import Period
from followup.perspectives import PERSPECTIVE_ORDER, perspective_label
from followup.report_kinds import FieldSpec, kind_for_period
from followup.sv_format import format_number
from i18n import t
from storage.decisions import list_decisions
from storage.models import Goal, GoalResult, Person, ReportingPeriod, UnitReport
from storage.org_queries import load_org_tree

Cell = str | int | float | date | datetime | None

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

_STATUS = {
    "sv": {"green": "Uppfylls", "yellow": "Uppfylls delvis", "red": "Uppfylls inte"},
    "en": {"green": "Met", "yellow": "Partly met", "red": "Not met"},
}
_REPORT_STATUS = {
    "sv": {"draft": "Utkast", "submitted": "Inskickad", None: "Ej påbörjad"},
    "en": {"draft": "Draft", "submitted": "Submitted", None: "Not started"},
}
_YES_NO = {"sv": ("Ja", "Nej"), "en": ("Yes", "No")}
_DECISION_STATUS = {
    "sv": {
        DecisionStatus.NOT_STARTED: "Ej påbörjat",
        DecisionStatus.IN_PROGRESS: "Pågår",
        DecisionStatus.DONE: "Genomfört",
        DecisionStatus.CANCELLED: "Avslutat utan genomförande",
    },
    "en": {
        DecisionStatus.NOT_STARTED: "Not started",
        DecisionStatus.IN_PROGRESS: "In progress",
        DecisionStatus.DONE: "Done",
        DecisionStatus.CANCELLED: "Cancelled",
    },
}

RESULT_HEADERS = {
    "sv": (
        "Period", "Enhetskod", "Enhet", "Perspektiv", "Målreferens", "Mål", "Indikator",
        "Måttenhet", "Målvärde", "Utgångsvärde", "Utfall", "Status", "Resultat och analys",
        "Åtgärder", "Rapportstatus", "Sen rapport", "Inskickad", "Rapporterad av",
        "Senast ändrad",
    ),
    "en": (
        "Period", "Unit code", "Unit", "Perspective", "Goal reference", "Goal", "Indicator",
        "Unit of measure", "Target", "Baseline", "Value", "Status", "Result and analysis",
        "Improvement actions", "Report status", "Late", "Submitted", "Reported by",
        "Last changed",
    ),
}
# The first nine match the decision import's columns (see services/importing/decisions.py).
DECISION_HEADERS = {
    "sv": (
        "Diarienummer", "Beslutsdatum", "Beslutat av", "Rubrik", "Uppdrag", "Enhetskod",
        "Klart senast", "Status", "Kommentar", "Ansvarig enhet", "Försenat",
        "Kommenterat", "Kommenterat av", "Avslutat",
    ),
    "en": (
        "Reference", "Decision date", "Decided by", "Title", "Assignment", "Unit code",
        "Due date", "Status", "Comment", "Responsible unit", "Overdue", "Commented",
        "Commented by", "Closed",
    ),
}


class ExportError(ValueError):
    """Bad input for an export (unknown unit, bad period, unsupported file type)."""


@dataclass
class Table:
    title: str
    headers: Sequence[str]
    rows: list[list[Cell]] = field(default_factory=list)
    # Column widths in characters for Excel (None = from the content).
    widths: dict[int, int] = field(default_factory=dict)


def _lang(lang: str) -> str:
    return "en" if lang == "en" else "sv"


def _local(dt: datetime | None, zone: ZoneInfo) -> datetime | None:
    """Local wall time without zone (Excel has no time zones)."""
    return None if dt is None else dt.astimezone(zone).replace(tzinfo=None, microsecond=0)


def period_bounds(period: str) -> tuple[date, date]:
    """First and last day of a period of any kind (``2026-10``, ``2026-T1``, ``2026-D``)."""
    parsed = Period.parse(period)
    return parsed.first_day, parsed.last_day


async def unit_scope(session: AsyncSession, unit_code: str | None) -> set[int] | None:
    """The ids of a unit's subtree (None = everything). ExportError for unknown codes."""
    if not unit_code:
        return None
    tree = await load_org_tree(session)
    unit = next((u for u in tree.units.values() if u.code.lower() == unit_code.lower()), None)
    if unit is None:
        raise ExportError(f"okänd enhet: {unit_code}")
    return {u.id for u in tree.subtree(unit.id)}


async def results_table(
    session: AsyncSession,
    period: str,
    *,
    unit_ids: Collection[int] | None = None,
    lang: str = "sv",
    zone: ZoneInfo | None = None,
) -> Table:
    """One row per goal valid in ``period`` (in ``unit_ids`` when given), tree order."""
    lang = _lang(lang)
    zone = zone or ZoneInfo("Europe/Stockholm")
    try:
        first, last = period_bounds(period)
    except ValueError as exc:
        raise ExportError(str(exc)) from None
    tree = await load_org_tree(session)
    order = {u.id: i for i, u in enumerate(tree.iter_units())}
    query = (
        select(Goal)
        .where(Goal.valid_from <= last)
        .where(or_(Goal.valid_to.is_(None), Goal.valid_to >= first))
    )
    if unit_ids is not None:
        query = query.where(Goal.unit_id.in_(list(unit_ids)))
    goals = [g for g in (await session.execute(query)).scalars() if g.unit_id in order]
    period_row = (
        await session.execute(select(ReportingPeriod).where(ReportingPeriod.period == period))
    ).scalar_one_or_none()
    results: dict[int, GoalResult] = {}
    reports: dict[int, UnitReport] = {}
    if period_row is not None and goals:
        goal_ids = [g.id for g in goals]
        for start in range(0, len(goal_ids), 500):
            chunk = goal_ids[start : start + 500]
            for result in (
                await session.execute(
                    select(GoalResult)
                    .where(GoalResult.period_id == period_row.id)
                    .where(GoalResult.goal_id.in_(chunk))
                )
            ).scalars():
                results[result.goal_id] = result
        report_query = select(UnitReport).where(UnitReport.period_id == period_row.id)
        for report in (await session.execute(report_query)).scalars():
            reports[report.unit_id] = report
    person_ids = {r.updated_by_id for r in results.values()} | {
        r.submitted_by_id for r in reports.values()
    }
    person_ids.discard(None)
    names: dict[int, str] = {}
    if person_ids:
        rows = await session.execute(
            select(Person.id, Person.name).where(Person.id.in_(list(person_ids)))
        )
        names = {pid: name for pid, name in rows}
    perspective_rank = {p.value: i for i, p in enumerate(PERSPECTIVE_ORDER)}
    goals.sort(key=lambda g: (order[g.unit_id], perspective_rank.get(g.perspective, 9),
                              g.sort_order, g.id))
    yes, no = _YES_NO[lang]
    # the report kind's own fields (year_end …) as columns after the common ones
    extra_fields = kind_for_period(period, period_row.kind if period_row else None).extra_fields
    table = Table(title=f"{'Resultat' if lang == 'sv' else 'Results'} {period}",
                  headers=(*RESULT_HEADERS[lang], *(t(lang, f.label_key) for f in extra_fields)),
                  widths={2: 45, 5: 40, 12: 60, 13: 60})
    for goal in goals:
        unit = tree.units[goal.unit_id]
        res = results.get(goal.id)
        rep = reports.get(goal.unit_id)
        who_id = (res.updated_by_id if res else None) or (rep.submitted_by_id if rep else None)
        table.rows.append([
            period,
            unit.code,
            " › ".join(tree.path_names(unit.id)),
            perspective_label(goal.perspective, lang),
            goal.ref or "",
            goal.title,
            goal.indicator_name or "",
            goal.indicator_unit or "",
            goal.target,
            goal.baseline,
            res.value if res else None,
            _STATUS[lang].get(res.status or "", "") if res else "",
            res.analysis if res else "",
            res.actions if res else "",
            _REPORT_STATUS[lang][rep.status if rep else None],
            (yes if rep.late else no) if rep else "",
            _local(rep.submitted_at, zone) if rep else None,
            names.get(who_id, "") if who_id else "",
            _local(res.updated_at, zone) if res else None,
            *(_extra_cell(res, spec, lang) for spec in extra_fields),
        ])
    return table


def _extra_cell(res: GoalResult | None, spec: FieldSpec, lang: str) -> str:
    """A result's value of one of its kind's other fields (a choice in words)."""
    stored = (res.extra or {}).get(spec.name) if res is not None else None
    if not isinstance(stored, str) or not stored:
        return ""
    return t(lang, spec.choice_key(stored)) if spec.type == "choice" else stored


async def decisions_table(
    session: AsyncSession,
    *,
    unit_ids: Collection[int] | None = None,
    open_only: bool = False,
    lang: str = "sv",
    today: date,
    zone: ZoneInfo | None = None,
) -> Table:
    """Decisions (of ``unit_ids`` when given) with their latest comment, overdue first."""
    lang = _lang(lang)
    zone = zone or ZoneInfo("Europe/Stockholm")
    tree = await load_org_tree(session)
    items = sort_for_display(
        await list_decisions(session, unit_ids=unit_ids, open_only=open_only), today
    )
    yes, no = _YES_NO[lang]
    table = Table(title="Beslut" if lang == "sv" else "Decisions",
                  headers=DECISION_HEADERS[lang], widths={3: 40, 4: 50, 8: 50, 9: 45})
    for d in items:
        path = (
            " › ".join(tree.path_names(d.unit_id)) if d.unit_id in tree.units else d.unit_name
        )
        table.rows.append([
            d.reference,
            d.decided_on,
            d.decided_by,
            d.title,
            d.assignment,
            d.unit_code,
            d.due_date,
            _DECISION_STATUS[lang][d.status],
            d.last_comment or "",
            path,
            yes if d.is_overdue(today) else no,
            _local(d.last_comment_at, zone),
            d.last_comment_by or "",
            _local(d.completed_at, zone),
        ])
    return table


# --------------------------------------------------------------------------- writers


def _csv_cell(value: Cell, lang: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | float):
        if lang == "sv":
            return format_number(value, decimals=None, lang="sv").replace("\u00a0", "")
        return format_number(value, decimals=None, lang="en").replace(",", "")
    return str(value)


def csv_text(table: Table, lang: str = "sv") -> str:
    """The table as CSV text; Swedish: semicolon and decimal comma."""
    lang = _lang(lang)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if lang == "sv" else ",", lineterminator="\r\n")
    writer.writerow(table.headers)
    for row in table.rows:
        writer.writerow([_csv_cell(v, lang) for v in row])
    return buffer.getvalue()


def workbook(tables: Sequence[Table]) -> Any:
    """An openpyxl workbook with one formatted sheet per table (to add to, then save)."""
    return _workbook(tables)


def _workbook(tables: Sequence[Table]) -> Any:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    for table in tables:
        sheet = book.create_sheet(_sheet_title(table.title))
        sheet.append(list(table.headers))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(vertical="top")
        for row in table.rows:
            sheet.append(list(row))
        sheet.freeze_panes = "A2"
        for index, header in enumerate(table.headers):
            letter = get_column_letter(index + 1)
            width = table.widths.get(index)
            if width is None:
                longest = max(
                    [len(str(header))]
                    + [len(_csv_cell(r[index], "sv")) for r in table.rows[:200]]
                )
                width = min(max(longest + 2, 10), 40)
            sheet.column_dimensions[letter].width = width
            for cells in sheet.iter_rows(min_row=2, min_col=index + 1, max_col=index + 1):
                for cell in cells:
                    if isinstance(cell.value, datetime):
                        cell.number_format = "yyyy-mm-dd hh:mm"
                    elif isinstance(cell.value, date):
                        cell.number_format = "yyyy-mm-dd"
                    elif isinstance(cell.value, str) and len(cell.value) > 60:
                        cell.alignment = Alignment(wrap_text=True, vertical="top")
    return book


def _sheet_title(title: str) -> str:
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in title).strip()
    return (cleaned or "Blad1")[:31]


def xlsx_bytes(*tables: Table) -> bytes:
    buffer = io.BytesIO()
    _workbook(tables).save(buffer)
    return buffer.getvalue()


def write_table(table: Table, path: Path, *, lang: str = "sv",
                extra_sheets: Sequence[Table] = ()) -> None:
    """Write ``table`` as .xlsx or .csv, by ``path``'s extension."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        path.write_bytes(xlsx_bytes(table, *extra_sheets))
    elif suffix == ".csv":
        path.write_text(csv_text(table, lang), encoding="utf-8-sig", newline="")
    else:
        raise ExportError(f"filen måste sluta på .xlsx eller .csv, inte {suffix or '(inget)'}")


ECONOMY_HEADERS = {
    "sv": ["Period", "Enhetskod", "Enhet", "Årsbudget (tkr)", "Budget hittills (tkr)",
           "Utfall hittills (tkr)", "Avvikelse hittills (tkr)", "Avvikelse hittills (%)",
           "Helårsprognos (tkr)", "Prognosavvikelse (tkr)", "Kommentar till prognosen",
           "Prognos lämnad av", "Prognos lämnad"],
    "en": ["Period", "Unit code", "Unit", "Annual budget (tkr)", "Budget to date (tkr)",
           "Actual to date (tkr)", "Deviation to date (tkr)", "Deviation to date (%)",
           "Full-year forecast (tkr)", "Forecast deviation (tkr)", "Comment on the forecast",
           "Forecast given by", "Forecast given"],
}


def _tkr(kronor: int | None) -> float | None:
    return None if kronor is None else round(kronor / 1000, 1)


async def economy_table(session: AsyncSession, period: str, *,
                        unit_ids: Collection[int] | None = None, lang: str = "sv",
                        zone: ZoneInfo | None = None) -> Table:
    """One row per unit with a budget (in ``unit_ids`` when given), tree order: the
    position up to the period's month and the helårsprognos given in it, in tkr (negative
    deviations = over budget)."""
    from storage.economy import unit_rows

    lang = _lang(lang)
    zone = zone or ZoneInfo("Europe/Stockholm")
    try:
        year, month = parse_period(period)
    except ValueError as exc:
        raise ExportError(str(exc)) from None
    tree = await load_org_tree(session)
    order = {u.id: i for i, u in enumerate(tree.iter_units())}
    rows = [r for r in await unit_rows(session, year=year, month=month, unit_ids=unit_ids)
            if r.unit_id in order]
    rows.sort(key=lambda r: order[r.unit_id])
    authors = {r.forecast.author_person_id for r in rows
               if r.forecast and r.forecast.author_person_id}
    names: dict[int, str] = {}
    if authors:
        result = await session.execute(select(Person.id, Person.name)
                                       .where(Person.id.in_(list(authors))))
        names = {pid: name for pid, name in result}
    table = Table(title="Ekonomi" if lang == "sv" else "Economy",
                  headers=ECONOMY_HEADERS[lang], widths={2: 45, 10: 60})
    for row in rows:
        unit = tree.units[row.unit_id]
        deviation = row.budget_to_date - row.actual_to_date
        percent = (round(deviation * 100 / abs(row.budget_to_date), 1)
                   if row.budget_to_date else None)
        forecast = row.forecast
        table.rows.append([
            period, unit.code, " › ".join(tree.path_names(unit.id)),
            _tkr(row.annual_budget), _tkr(row.budget_to_date), _tkr(row.actual_to_date),
            _tkr(deviation), percent,
            _tkr(forecast.forecast_kr) if forecast else None,
            _tkr(row.annual_budget - forecast.forecast_kr) if forecast else None,
            forecast.comment if forecast else "",
            names.get(forecast.author_person_id or -1, "") if forecast else "",
            _local(forecast.created_at, zone) if forecast else None,
        ])
    return table
