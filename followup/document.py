"""The report document (månads-, tertial-, delårs- or årsrapport) as plain dataclasses.

One model, built by :mod:`services.documents` from the stored reports, drawn by two thin
renderers (:mod:`documents.pdf` and :mod:`documents.docx`). Everything a renderer prints
is here already decided: which goals get details and in which order, the words and
symbols of a status (never colour alone), the comparison with the previous period and the
same period last year. Pure: no I/O, no clock.

A long subtree stays readable: every unit gets a line in its child unit's compact table,
but only a bounded number of goals get a detail entry, the goals that do not reach their
target first (:func:`detail_order`, :data:`DETAIL_ALL_GOALS`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from followup.aggregation import Aggregation
from followup.period import Period
from followup.summary import StatusCounts, UnitRef, meets_target
from followup.sv_format import format_number, month_name, unit_after_number

#: Up to this many goals in the subtree every goal gets a detail entry and every unit a
#: line of its own. Above it (a förvaltning or the whole kommun) the document keeps to the
#: top of the subtree, so it stays a document: details for the red goals of the root and
#: the units right below it (at most :data:`RED_DETAILS_PER_PERSPECTIVE` per perspective),
#: the analyses of the levels right below the root, and per child unit a line for itself
#: and for each unit right below it, with the figures of everything underneath.
DETAIL_ALL_GOALS = 300
RED_DETAILS_PER_PERSPECTIVE = 40
OVERVIEW_DETAIL_DEPTH = 1  # below the root: details and level analyses down to here
OVERVIEW_TABLE_DEPTH = 2  # below the root: lines in the per-child tables down to here
#: Indicator charts: the root unit's own goals (or, when it has none, its children's),
#: over at most this many periods.
CHART_PERIODS = 14
MAX_CHARTS = 24

STATUS_ORDER: tuple[str | None, ...] = ("red", "yellow", None, "green")
STATUS_SYMBOLS: dict[str | None, str] = {"green": "●", "yellow": "◐", "red": "○", None: "–"}


# --------------------------------------------------------------------------- shapes


@dataclass(frozen=True)
class DocPeriod:
    code: str
    kind: str  # "month" | "tertial" | "delar" | "year"
    label: str  # "tertial 1 2026", "januari–augusti 2026"
    first_day: date
    last_day: date
    cover_label: str = ""  # "januari–april 2026 (tertial 1)"


@dataclass(frozen=True)
class Comparison:
    """The indicator's value in an earlier period and how the change reads."""

    period_label: str
    value: float | None
    change: float | None = None  # now - then
    better: bool | None = None  # None: unchanged, unknown or no direction


@dataclass(frozen=True)
class IndicatorFigures:
    name: str
    unit: str
    value: float | None
    target: float | None
    baseline: float | None
    direction: str  # "higher" | "lower"
    previous: Comparison
    last_year: Comparison
    aggregation: Aggregation = "mean"  # how the goals below combine (followup/aggregation.py)

    @property
    def met(self) -> bool | None:
        return meets_target(self.value, self.target, self.direction)


@dataclass(frozen=True)
class ChartSeries:
    name: str
    values: tuple[float | None, ...]  # one per ``IndicatorChart.periods``


@dataclass(frozen=True)
class IndicatorChart:
    key: str  # unique within the document (file names, image ids)
    title: str
    unit: str
    target: float | None
    periods: tuple[str, ...]  # short labels, oldest first ("okt 2025")
    series: tuple[ChartSeries, ...]
    alt_text: str


@dataclass(frozen=True)
class GoalEntry:
    goal_id: int
    unit: UnitRef
    unit_path: str  # "Barn- och utbildningsförvaltningen › Förskolan Solrosen"
    perspective: str
    title: str
    description: str
    status: str | None  # None = not reported
    indicator: IndicatorFigures | None
    analysis: str = ""
    actions: str = ""
    author: str | None = None  # who submitted the unit's report
    author_role: str | None = None  # e.g. "acting"
    submitted_on: date | None = None
    late: bool = False
    chart: IndicatorChart | None = None
    # Bedömd måluppfyllelse vid årets slut (tertial, delår): "green" | "yellow" | "red".
    year_end: str | None = None


@dataclass(frozen=True)
class LevelText:
    """A leader's sammanfattande analys of their level, for one perspective (or all)."""

    unit: UnitRef
    perspective: str | None
    text: str
    author: str | None
    done: bool


@dataclass(frozen=True)
class PerspectiveSection:
    key: str
    label: str
    counts: StatusCounts
    own_goals: tuple[GoalEntry, ...]  # the root unit's own goals, with charts
    level_texts: tuple[LevelText, ...]  # the levels below the root, top-most first
    details: tuple[GoalEntry, ...]  # goals below the root, red first
    details_omitted: int = 0  # goals of the perspective without a detail entry

    @property
    def indicator_goals(self) -> tuple[GoalEntry, ...]:
        return tuple(g for g in (*self.own_goals, *self.details) if g.indicator is not None)


@dataclass(frozen=True)
class UnitRow:
    """One line of a child unit's table: the unit's own goals, or with ``units > 1`` the
    unit and everything below it (the lines below were left out)."""

    unit: UnitRef
    depth: int  # below the child unit (0 = the child unit itself)
    report: str  # "on_time" | "late" | "draft" | "missing" | "none" (no goals)
    counts: StatusCounts
    in_charge: str | None = None
    units: int = 1  # units the line covers
    reports_done: int = 0  # of them: submitted reports (when ``units > 1``)
    reports_expected: int = 0


@dataclass(frozen=True)
class ChildSection:
    unit: UnitRef
    counts: StatusCounts
    rows: tuple[UnitRow, ...]


@dataclass(frozen=True)
class DecisionEntry:
    reference: str
    title: str
    unit: UnitRef
    decided_on: date
    decided_by: str
    due_date: date | None
    status: str  # "not_started" | "in_progress" | "done"
    overdue: bool
    completed_on: date | None = None
    comment: str = ""


@dataclass(frozen=True)
class MissingEntry:
    unit: UnitRef
    unit_path: str
    in_charge: str | None
    draft: bool


@dataclass(frozen=True)
class EconomyLineEntry:
    """One line of the document's economy table: the root or a unit right below it, its
    subtree summed (kronor; ``forecast`` None when no unit gave one)."""

    name: str
    annual_budget: int
    budget_to_date: int
    actual_to_date: int
    forecast: int | None
    forecast_budget: int  # the årsbudget of the units that gave a forecast
    total: bool = False

    @property
    def deviation_to_date(self) -> int:
        return self.budget_to_date - self.actual_to_date

    @property
    def forecast_deviation(self) -> int | None:
        return None if self.forecast is None else self.forecast_budget - self.forecast


@dataclass(frozen=True)
class ReportDocument:
    title: str  # "Tertialrapport 1 2026"
    kommun: str
    root: UnitRef
    root_path: str
    period: DocPeriod
    created_on: date
    prepared_by: str
    units: int
    overview: dict[str, StatusCounts]  # perspective -> counts (only perspectives with goals)
    perspective_labels: dict[str, str]
    reports_expected: int
    reports_on_time: int
    reports_late: int
    summary_texts: tuple[LevelText, ...]  # the root leader's analysis, per perspective
    summary_author: str | None
    perspectives: tuple[PerspectiveSection, ...]
    children: tuple[ChildSection, ...]
    decisions_open: tuple[DecisionEntry, ...]
    decisions_overdue: tuple[DecisionEntry, ...]
    decisions_done: tuple[DecisionEntry, ...]
    missing: tuple[MissingEntry, ...]
    previous_label: str = ""
    last_year_label: str = ""
    # Whether the period's report asks each goal's year-end assessment (tertial, delår).
    year_end_asked: bool = False
    charts: tuple[IndicatorChart, ...] = field(default=())
    # The economy up to the period's last month: the units right below the root, then
    # the root's total (empty when the subtree has no budget).
    economy: tuple[EconomyLineEntry, ...] = field(default=())
    economy_month: int = 0

    @property
    def goals(self) -> StatusCounts:
        return sum(self.overview.values(), StatusCounts())

    @property
    def detailed_goals(self) -> int:
        return sum(len(p.own_goals) + len(p.details) for p in self.perspectives)


# --------------------------------------------------------------------------- rules


def period_label(period: Period, lang: str = "sv") -> str:
    """``"oktober 2026"``, ``"tertial 1 2026"``, ``"januari–augusti 2026"``, ``"helåret 2026"``."""
    if period.kind == "month":
        return f"{month_name(period.first_month, lang)} {period.year}"
    if period.kind == "tertial":
        number = (period.first_month - 1) // 4 + 1
        return f"tertial {number} {period.year}" if lang == "sv" else \
            f"four-month period {number} {period.year}"
    if period.kind == "delar":
        return (f"{month_name(period.first_month, lang)}–{month_name(period.last_month, lang)}"
                f" {period.year}")
    return f"helåret {period.year}" if lang == "sv" else f"the year {period.year}"


def document_title(period: Period, lang: str = "sv") -> str:
    """``"Månadsrapport oktober 2026"``, ``"Tertialrapport 1 2026"``,
    ``"Delårsrapport januari–augusti 2026"``, ``"Årsrapport 2026"``."""
    if lang == "en":
        if period.kind == "tertial":
            return f"Four-month report {(period.first_month - 1) // 4 + 1} {period.year}"
        kinds = {"month": "Monthly report", "delar": "Interim report", "year": "Annual report"}
        label = str(period.year) if period.kind == "year" else period_label(period, lang)
        return f"{kinds[period.kind]} {label}"
    if period.kind == "month":
        return f"Månadsrapport {period_label(period, lang)}"
    if period.kind == "tertial":
        return f"Tertialrapport {(period.first_month - 1) // 4 + 1} {period.year}"
    if period.kind == "delar":
        return f"Delårsrapport {period_label(period, lang)}"
    return f"Årsrapport {period.year}"


def cover_period_label(period: Period, lang: str = "sv") -> str:
    """The cover's period: the months a tertial covers spelled out
    (``"januari–april 2026 (tertial 1)"``); otherwise :func:`period_label`."""
    if period.kind != "tertial":
        return period_label(period, lang)
    months = (f"{month_name(period.first_month, lang)}–{month_name(period.last_month, lang)}"
              f" {period.year}")
    number = (period.first_month - 1) // 4 + 1
    return f"{months} (tertial {number})" if lang == "sv" else f"{months} (period {number})"


def doc_period(period: Period, lang: str = "sv") -> DocPeriod:
    return DocPeriod(period.code, period.kind, period_label(period, lang), period.first_day,
                     period.last_day, cover_period_label(period, lang))


def short_period_label(period: Period, lang: str = "sv") -> str:
    """A chart axis label: ``"okt 2025"``, ``"T1 2026"``, ``"jan–aug 2026"``."""
    if period.kind == "month":
        return f"{month_name(period.first_month, lang)[:3]} {period.year}"
    if period.kind == "tertial":
        return f"T{(period.first_month - 1) // 4 + 1} {period.year}"
    if period.kind == "delar":
        return (f"{month_name(period.first_month, lang)[:3]}–"
                f"{month_name(period.last_month, lang)[:3]} {period.year}")
    return str(period.year)


def compare(value: float | None, then: float | None, direction: str | None,
            label: str) -> Comparison:
    """How ``value`` compares with ``then`` (better/worse by the indicator's direction)."""
    if value is None or then is None:
        return Comparison(label, then)
    change = value - then
    if abs(change) < 1e-9:
        return Comparison(label, then, 0.0, None)
    better = change < 0 if direction == "lower" else change > 0
    return Comparison(label, then, change, better)


def status_rank(status: str | None) -> int:
    return STATUS_ORDER.index(status) if status in STATUS_ORDER else len(STATUS_ORDER)


def detail_order(goals: Iterable[GoalEntry], unit_order: dict[int, int]) -> list[GoalEntry]:
    """Red first, then yellow, not reported, green; within a status the units in org order
    (higher levels first), then the goals in their own order."""
    return sorted(goals, key=lambda g: (status_rank(g.status), unit_order.get(g.unit.id, 0),
                                        g.goal_id))


def is_overview(total_goals: int) -> bool:
    """Whether the subtree is too big for every goal and unit (see :data:`DETAIL_ALL_GOALS`)."""
    return total_goals > DETAIL_ALL_GOALS


def choose_details(goals: Sequence[GoalEntry], total_goals: int, unit_order: dict[int, int],
                   depth_of: dict[int, int]) -> tuple[tuple[GoalEntry, ...], int]:
    """The detail entries of one perspective (red first) and how many goals got none.

    Every goal while the subtree has at most :data:`DETAIL_ALL_GOALS` goals; else the red
    goals of the units down to :data:`OVERVIEW_DETAIL_DEPTH` below the root, at most
    :data:`RED_DETAILS_PER_PERSPECTIVE`."""
    ordered = detail_order(goals, unit_order)
    if not is_overview(total_goals):
        return tuple(ordered), 0
    red = [g for g in ordered if g.status == "red"
           and depth_of.get(g.unit.id, 0) <= OVERVIEW_DETAIL_DEPTH][:RED_DETAILS_PER_PERSPECTIVE]
    return tuple(red), len(ordered) - len(red)


def counts_of(statuses: Iterable[str | None]) -> StatusCounts:
    green = yellow = red = missing = 0
    for status in statuses:
        if status == "green":
            green += 1
        elif status == "yellow":
            yellow += 1
        elif status == "red":
            red += 1
        else:
            missing += 1
    return StatusCounts(green, yellow, red, missing)


def format_change(comparison: Comparison, lang: str = "sv") -> str:
    """``"+2,5 (bättre)"``, ``"-1 (sämre)"``, ``"oförändrat"``, ``"–"`` (no value then)."""
    if comparison.change is None:
        return "–"
    if comparison.better is None:
        return "oförändrat" if lang == "sv" else "unchanged"
    sign = "+" if comparison.change > 0 else ""
    word = ("bättre" if comparison.better else "sämre") if lang == "sv" else \
        ("better" if comparison.better else "worse")
    arrow = "▲" if comparison.change > 0 else "▼"
    return f"{arrow} {sign}{format_number(comparison.change, lang=lang)} ({word})"


def format_value(value: float | None, unit: str, lang: str = "sv") -> str:
    """``"12,5 %"``, ``"1 234 kr"``, ``"–"`` (NBSP before the unit)."""
    if value is None:
        return "–"
    number = format_number(value, lang=lang)
    shown = unit_after_number(unit, lang)
    return f"{number}\u00a0{shown}" if shown else number
