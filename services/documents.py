"""The report document as a use case: who may have which subtree, the model, the file.

* :func:`build_document` — the :class:`~followup.document.ReportDocument` of one unit's
  subtree and period, read through :mod:`storage.document_data` (the caller's session).
* :func:`make_document` — the same on a session of its own, rendered to PDF/A-2b or DOCX
  (the rendering runs in a worker thread, so the bot keeps answering meanwhile).

Authorization: a leader gets their own subtree (a unit they manage or act for, or one
below it); an administrator, and the kommunchef through the root unit, the whole kommun.
Nothing outside the requested subtree is read.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from followup.aggregation import effective_aggregation
from followup.document import (
    CHART_PERIODS,
    OVERVIEW_DETAIL_DEPTH,
    OVERVIEW_TABLE_DEPTH,
    ChartSeries,
    ChildSection,
    DecisionEntry,
    EconomyLineEntry,
    GoalEntry,
    IndicatorChart,
    IndicatorFigures,
    LevelText,
    MissingEntry,
    PerspectiveSection,
    ReportDocument,
    UnitRow,
    choose_details,
    compare,
    counts_of,
    doc_period,
    document_title,
    format_value,
    is_overview,
    period_label,
    short_period_label,
)
from followup.org import OrgTree
from followup.period import DEFAULT_DELAR_END_MONTH, Period, PeriodError
from followup.perspectives import PERSPECTIVE_ORDER, perspective_label
from followup.report_kinds import YEAR_END, kind_for_period
from followup.summary import StatusCounts, UnitRef
from storage import document_data as data
from storage.org_queries import load_org_tree

logger = logging.getLogger(__name__)

FORMATS = ("pdf", "docx")
MIME_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@dataclass(frozen=True)
class Requester:
    person_id: int | None
    is_admin: bool = False
    name: str | None = None  # "Upprättad av"; the root's leader when None


class DocumentRefused(Exception):
    """No document; ``key``/``params`` name the i18n message."""

    def __init__(self, key: str, **params: str) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


@dataclass(frozen=True)
class RenderedDocument:
    document: ReportDocument
    body: bytes
    fmt: str
    filename: str

    @property
    def mime(self) -> str:
        return MIME_TYPES[self.fmt]


# --------------------------------------------------------------------------- periods


def parse_document_period(code: str, delar_end_month: int = DEFAULT_DELAR_END_MONTH) -> Period:
    try:
        return Period.parse(code.strip(), delar_end_month=delar_end_month)
    except PeriodError:
        raise DocumentRefused("document.bad_period", period=code) from None


def _earlier_with_row(period: Period, ids: Mapping[str, int]) -> Period | None:
    """The period before ``period`` of the same kind that has a row (a month skips the
    months that are not followed up); None for a delår or helår (compared with last year)."""
    if period.kind in ("delar", "year"):
        return None
    current = period
    for _ in range(4):
        current = current.previous()
        if current.code in ids:
            return current
    return None


def chart_periods(period: Period, ids: Mapping[str, int],
                  delar_end_month: int = DEFAULT_DELAR_END_MONTH) -> list[Period]:
    """The periods a chart shows, oldest first: the months up to the period's last month
    that have a row (at most :data:`CHART_PERIODS`), where a month asked as part of a
    longer period (April in T1) is that period; without months, the periods of the
    document's own kind."""
    parsed: list[Period] = []
    for code in ids:
        try:
            parsed.append(Period.parse(code, delar_end_month=delar_end_month))
        except PeriodError:
            continue
    months = [p for p in parsed if p.kind == "month" and p.last_day <= period.last_day]
    if len(months) >= 2:
        month_ends = {p.last_day for p in months}
        standing_in: dict[date, Period] = {}
        for p in sorted(parsed, key=lambda p: p.first_day):  # the shorter one wins
            if p.kind != "month" and p.last_day <= period.last_day \
                    and p.last_day not in month_ends:
                standing_in[p.last_day] = p
        if period.kind != "month" and period.last_day not in month_ends:
            # the document's own period is its chart's last point
            standing_in[period.last_day] = period
        points = sorted([*months, *standing_in.values()], key=lambda p: p.last_day)
        return points[-CHART_PERIODS:]
    same = sorted(p for p in parsed if p.kind == period.kind and p.last_day <= period.last_day)
    return same[-CHART_PERIODS:]


# --------------------------------------------------------------------------- the model


def _may_have(tree: OrgTree, requester: Requester, unit_id: int, today: date) -> bool:
    if requester.is_admin:
        return True
    if requester.person_id is None:
        return False
    return tree.may_view(requester.person_id, unit_id, today)


def _relative_path(tree: OrgTree, unit_id: int, root_id: int) -> str:
    """``"Förskoleverksamheten › Förskolan Solrosen"`` below the root (the root: its name)."""
    if unit_id == root_id:
        return tree.units[root_id].name
    names: list[str] = []
    current: int | None = unit_id
    while current is not None and current != root_id:
        names.append(tree.units[current].name)
        current = tree.units[current].parent_id
    return " › ".join(reversed(names))


def _ref(tree: OrgTree, unit_id: int) -> UnitRef:
    unit = tree.units[unit_id]
    return UnitRef(unit.id, unit.code, unit.name)


async def build_document(
    session: AsyncSession,
    *,
    requester: Requester,
    unit_id: int,
    period_code: str,
    today: date,
    zone: ZoneInfo,
    delar_end_month: int = DEFAULT_DELAR_END_MONTH,
    lang: str = "sv",
    tree: OrgTree | None = None,
) -> ReportDocument:
    """The document of ``unit_id``'s subtree for the period (raises :class:`DocumentRefused`)."""
    period = parse_document_period(period_code, delar_end_month)
    tree = tree or await load_org_tree(session)
    if unit_id not in tree.units:
        raise DocumentRefused("document.unknown_unit", query=str(unit_id))
    if not _may_have(tree, requester, unit_id, today):
        raise DocumentRefused("document.not_allowed", unit=tree.units[unit_id].name)
    ids = await data.period_ids(session)
    if period.code not in ids:
        raise DocumentRefused("document.no_period", period=period_label(period, lang))
    prefix = await data.subtree_path(session, unit_id)
    if prefix is None:  # pragma: no cover - the tree holds active units only
        raise DocumentRefused("document.unknown_unit", query=str(unit_id))
    period_id = ids[period.code]
    last_year = period.same_last_year()
    previous = _earlier_with_row(period, ids)
    if previous == last_year:  # e.g. T1 2026 when T2/T3 2025 were not followed up
        previous = None
    compare_ids = [ids[p.code] for p in (previous, last_year) if p is not None and p.code in ids]

    subtree = tree.subtree(unit_id)
    order = {u.id: i for i, u in enumerate(subtree)}
    depth_of = {unit_id: 0}
    for unit in subtree[1:]:
        assert unit.parent_id is not None
        depth_of[unit.id] = depth_of[unit.parent_id] + 1

    goals = await data.goals_in_period(session, prefix, period.first_day, period.last_day)
    results = await data.submitted_results(session, prefix, [period_id, *compare_ids])
    reports = await data.report_states(session, prefix, period_id)
    levels = await data.level_analyses(session, prefix, period_id)
    done_from = datetime.combine(period.first_day, time(0), zone)
    done_until = datetime.combine(period.last_day + timedelta(days=1), time(0), zone)
    decisions = await data.decisions_of(session, prefix, done_from, done_until)
    in_charge_ids = {u.id: tree.manager_in_charge(u.id, today) for u in subtree}
    names = await data.person_names(session, (p for p in in_charge_ids.values() if p))
    in_charge = {uid: names.get(pid) if pid else None for uid, pid in in_charge_ids.items()}

    now = {r.goal_id: r for r in results if r.period_id == period_id}
    then_by_goal: dict[int, dict[int, float | None]] = {}
    then_by_key: dict[int, dict[tuple[int, str, str], float | None]] = {}
    for r in results:
        if r.period_id == period_id:
            continue
        then_by_goal.setdefault(r.period_id, {})[r.goal_id] = r.value
        then_by_key.setdefault(r.period_id, {})[(r.unit_id, r.perspective, r.title)] = r.value

    def then_value(p: Period | None, goal: data.GoalRow) -> float | None:
        if p is None or p.code not in ids:
            return None
        pid = ids[p.code]
        by_goal = then_by_goal.get(pid, {})
        if goal.id in by_goal:
            return by_goal[goal.id]
        return then_by_key.get(pid, {}).get((goal.unit_id, goal.perspective, goal.title))

    prev_label = period_label(previous, lang) if previous else ""
    ly_label = period_label(last_year, lang)

    def entry(goal: data.GoalRow) -> GoalEntry:
        result = now.get(goal.id)
        value = result.value if result else None
        indicator = None
        if goal.indicator_name:
            direction = goal.direction or "higher"
            indicator = IndicatorFigures(
                name=goal.indicator_name, unit=goal.indicator_unit or "", value=value,
                target=goal.target, baseline=goal.baseline, direction=direction,
                previous=compare(value, then_value(previous, goal), direction, prev_label),
                last_year=compare(value, then_value(last_year, goal), direction, ly_label),
                aggregation=effective_aggregation(goal.aggregation, goal.indicator_unit),
            )
        return GoalEntry(
            goal_id=goal.id, unit=_ref(tree, goal.unit_id),
            unit_path=_relative_path(tree, goal.unit_id, unit_id),
            perspective=goal.perspective, title=goal.title, description=goal.description,
            status=result.status if result else None, indicator=indicator,
            analysis=result.analysis if result else "", actions=result.actions if result else "",
            author=result.submitted_by if result else None,
            author_role=result.submitted_by_role if result else None,
            submitted_on=result.submitted_at.astimezone(zone).date()
            if result and result.submitted_at else None,
            late=bool(result and result.late),
            year_end=result.year_end if result else None,
        )

    goals = [g for g in goals if g.unit_id in order]
    entries = [entry(g) for g in goals]
    charts = await _charts(session, period, ids, unit_id, tree.units[unit_id].name,
                           [e for e in entries if e.unit.id == unit_id], delar_end_month, lang)
    with_charts = {c.key: c for c in charts}
    entries = [
        _with_chart(e, with_charts.get(f"goal-{e.goal_id}")) for e in entries
    ]

    overview_mode = is_overview(len(entries))
    text_depth = OVERVIEW_DETAIL_DEPTH if overview_mode else len(subtree)
    sections: list[PerspectiveSection] = []
    overview: dict[str, StatusCounts] = {}
    for perspective in PERSPECTIVE_ORDER:
        key = perspective.value
        mine = [e for e in entries if e.perspective == key]
        texts = tuple(
            LevelText(_ref(tree, uid), key, row.texts[key], row.author, row.status == "done")
            for uid, row in sorted(levels.items(), key=lambda kv: order.get(kv[0], 0))
            if uid != unit_id and row.texts.get(key)
            and 0 < depth_of.get(uid, 99) <= text_depth
        )
        if not mine and not texts:
            continue
        counts = counts_of(e.status for e in mine)
        overview[key] = counts
        own = tuple(e for e in mine if e.unit.id == unit_id)
        below = [e for e in mine if e.unit.id != unit_id]
        details, omitted = choose_details(below, len(entries), order, depth_of)
        sections.append(PerspectiveSection(
            key=key, label=perspective_label(key, lang), counts=counts, own_goals=own,
            level_texts=texts, details=details, details_omitted=omitted))

    counts_by_unit: dict[int, list[str | None]] = {}
    for e in entries:
        counts_by_unit.setdefault(e.unit.id, []).append(e.status)

    def report_state(uid: int) -> str:
        if uid not in counts_by_unit:
            return "none"
        status, late = reports.get(uid, ("missing", False))
        if status == data.SUBMITTED:
            return "late" if late else "on_time"
        return "draft" if uid in reports else "missing"

    states = {u.id: report_state(u.id) for u in subtree}
    own_counts = {u.id: counts_of(counts_by_unit.get(u.id, ())) for u in subtree}
    # Figures of each unit with everything below it (children come after their parents).
    total_counts = dict(own_counts)
    done_below = {u.id: int(states[u.id] in ("on_time", "late")) for u in subtree}
    expected_below = {u.id: int(states[u.id] != "none") for u in subtree}
    units_below = {u.id: 1 for u in subtree}
    for unit in reversed(subtree[1:]):
        parent = unit.parent_id
        assert parent is not None
        total_counts[parent] = total_counts[parent] + total_counts[unit.id]
        done_below[parent] += done_below[unit.id]
        expected_below[parent] += expected_below[unit.id]
        units_below[parent] += units_below[unit.id]

    children: list[ChildSection] = []
    for child in tree.children(unit_id):
        lines: list[UnitRow] = []
        for u in tree.subtree(child.id):
            depth = depth_of[u.id]
            if overview_mode and depth > OVERVIEW_TABLE_DEPTH:
                continue
            cut = overview_mode and depth == OVERVIEW_TABLE_DEPTH and units_below[u.id] > 1
            lines.append(UnitRow(
                _ref(tree, u.id), depth - 1, states[u.id],
                total_counts[u.id] if cut else own_counts[u.id], in_charge.get(u.id),
                units=units_below[u.id] if cut else 1,
                reports_done=done_below[u.id] if cut else 0,
                reports_expected=expected_below[u.id] if cut else 0))
        children.append(ChildSection(_ref(tree, child.id), total_counts[child.id],
                                     tuple(lines)))

    missing = tuple(
        MissingEntry(_ref(tree, u.id), _relative_path(tree, u.id, unit_id), in_charge.get(u.id),
                     states[u.id] == "draft")
        for u in subtree if states[u.id] in ("missing", "draft")
    )
    expected = [s for s in states.values() if s != "none"]

    decision_entries = [
        DecisionEntry(
            reference=d.reference, title=d.title, unit=_ref(tree, d.unit_id),
            decided_on=d.decided_on, decided_by=d.decided_by, due_date=d.due_date,
            status=d.status,
            overdue=d.status != "done" and d.due_date is not None and d.due_date < today,
            completed_on=d.completed_at.astimezone(zone).date() if d.completed_at else None,
        )
        for d in decisions if d.unit_id in order
    ]

    root_level = levels.get(unit_id)
    summary_texts = tuple(
        LevelText(_ref(tree, unit_id), p.value, root_level.texts[p.value], root_level.author,
                  root_level.status == "done")
        for p in PERSPECTIVE_ORDER if root_level and root_level.texts.get(p.value)
    )
    ancestors = tree.ancestors(unit_id)
    kommun = ancestors[-1].name if ancestors else tree.units[unit_id].name
    prepared_by = requester.name or in_charge.get(unit_id) or ""
    economy = await _economy_lines(session, tree, unit_id, period.last_day)
    return ReportDocument(
        economy=economy,
        economy_month=period.last_day.month if economy else 0,
        title=document_title(period, lang),
        kommun=kommun,
        root=_ref(tree, unit_id),
        root_path=" › ".join(tree.path_names(unit_id)),
        period=doc_period(period, lang),
        created_on=today,
        prepared_by=prepared_by,
        units=len(subtree),
        overview=overview,
        perspective_labels={p.value: perspective_label(p.value, lang) for p in PERSPECTIVE_ORDER},
        reports_expected=len(expected),
        reports_on_time=sum(1 for s in expected if s == "on_time"),
        reports_late=sum(1 for s in expected if s == "late"),
        summary_texts=summary_texts,
        summary_author=root_level.author if root_level else None,
        perspectives=tuple(sections),
        children=tuple(children),
        decisions_open=tuple(d for d in decision_entries if d.status != "done" and not d.overdue),
        decisions_overdue=tuple(d for d in decision_entries if d.overdue),
        decisions_done=tuple(d for d in decision_entries if d.status == "done"),
        missing=missing,
        previous_label=prev_label,
        last_year_label=ly_label,
        year_end_asked=kind_for_period(period.code).asks(YEAR_END.name),
        charts=tuple(charts),
    )


async def _economy_lines(session: AsyncSession, tree: OrgTree, unit_id: int,
                         last_day: date) -> tuple[EconomyLineEntry, ...]:
    """The economy table: each unit right below the root with a budget, then the total."""
    from storage.economy import subtree_economy

    year, month = last_day.year, last_day.month
    lines: list[EconomyLineEntry] = []
    for unit in [*tree.children(unit_id), tree.units[unit_id]]:
        economy = await subtree_economy(session, root_unit_id=unit.id, year=year,
                                        month=month, worst=0)
        if economy is None:
            continue
        p = economy.position
        lines.append(EconomyLineEntry(
            unit.name, p.annual_budget, p.budget_to_date, p.actual_to_date,
            p.forecast if economy.forecast_units else None, economy.budget_of_forecast_units,
            total=unit.id == unit_id))
    return tuple(lines) if lines and lines[-1].total else ()


def _with_chart(entry: GoalEntry, chart: IndicatorChart | None) -> GoalEntry:
    if chart is None:
        return entry
    from dataclasses import replace

    return replace(entry, chart=chart)


_BELOW_LABELS = (
    {"mean": "Snitt underliggande enheter", "sum": "Summa underliggande enheter"},
    {"mean": "Mean of the units below", "sum": "Total of the units below"},
)


async def _charts(session: AsyncSession, period: Period, ids: Mapping[str, int], unit_id: int,
                  unit_name: str, own: list[GoalEntry], delar_end_month: int,
                  lang: str) -> list[IndicatorChart]:
    """One chart per own goal with an indicator: the unit's values and the mean of the
    goals that cascade from it, over the last periods."""
    from followup.document import MAX_CHARTS

    wanted = [e for e in own if e.indicator is not None][:MAX_CHARTS]
    if not wanted:
        return []
    periods = chart_periods(period, ids, delar_end_month)
    pids = [ids[p.code] for p in periods]
    mine = await data.unit_series(session, unit_id, pids)
    below = await data.child_series(session, unit_id, pids)
    labels = tuple(short_period_label(p, lang) for p in periods)
    charts: list[IndicatorChart] = []
    for e in wanted:
        assert e.indicator is not None
        own_values = tuple(mine.get((e.perspective, e.title, pid)) for pid in pids)
        child_values = tuple(below.get((e.perspective, e.title, pid)) for pid in pids)
        series = [ChartSeries(unit_name, own_values)]
        if any(v is not None for v in child_values):
            series.append(ChartSeries(_BELOW_LABELS[lang == "en"][e.indicator.aggregation],
                                      child_values))
        if all(v is None for s in series for v in s.values):
            continue
        known = [v for v in own_values if v is not None]
        latest = format_value(known[-1], e.indicator.unit, lang) if known else "–"
        words = ("Diagram", "Senaste värde", "målvärde") if lang == "sv" else \
            ("Chart", "Latest value", "target")
        alt = (f"{words[0]}: {e.indicator.name}, {labels[0]}–{labels[-1]}. {words[1]} {latest}"
               + (f", {words[2]} {format_value(e.indicator.target, e.indicator.unit, lang)}."
                  if e.indicator.target is not None else "."))
        charts.append(IndicatorChart(
            key=f"goal-{e.goal_id}", title=e.indicator.name, unit=e.indicator.unit,
            target=e.indicator.target, periods=labels, series=tuple(series), alt_text=alt))
    return charts


# --------------------------------------------------------------------------- the file


def render(document: ReportDocument, fmt: str, lang: str = "sv") -> bytes:
    """The document as PDF/A-2b or DOCX bytes (the renderers are imported on use)."""
    if fmt == "pdf":
        from documents.pdf import render_pdf

        return render_pdf(document, lang=lang)
    if fmt == "docx":
        from documents.docx import render_docx

        return render_docx(document, lang=lang)
    raise ValueError(f"unknown document format {fmt!r}")


def file_name(document: ReportDocument, fmt: str) -> str:
    code = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in document.root.code)
    return f"rapport-{code}-{document.period.code}.{fmt}"


async def make_document(
    sessions: async_sessionmaker[AsyncSession],
    *,
    requester: Requester,
    unit_id: int,
    period_code: str,
    fmt: str,
    today: date,
    zone: ZoneInfo,
    delar_end_month: int = DEFAULT_DELAR_END_MONTH,
    lang: str = "sv",
) -> RenderedDocument:
    """Build the model on a session of its own, then render it in a worker thread."""
    if fmt not in FORMATS:
        raise DocumentRefused("document.bad_format", format=fmt)
    async with sessions() as session:
        document = await build_document(
            session, requester=requester, unit_id=unit_id, period_code=period_code,
            today=today, zone=zone, delar_end_month=delar_end_month, lang=lang)
    body = await asyncio.to_thread(render, document, fmt, lang)
    logger.info("document %s %s for unit %s: %d bytes", document.period.code, fmt, unit_id,
                len(body))
    return RenderedDocument(document, body, fmt, file_name(document, fmt))


# --------------------------------------------------------------------------- the command


@dataclass(frozen=True)
class DocumentRequest:
    unit_query: str | None = None
    period: str | None = None
    fmt: str = "pdf"


_FORMAT_WORDS = {"pdf": "pdf", "pdfa": "pdf", "pdf/a": "pdf", "word": "docx", "docx": "docx"}
MAX_QUERY_CHARS = 200


def parse_document_args(text: str) -> DocumentRequest:
    """``"förskolan solrosen 2026-T1 word"`` -> unit, period, format (each optional, the
    format and the period at the end, in either order)."""
    from followup.period import is_period_code

    words = (text or "").split()
    fmt = "pdf"
    period: str | None = None
    for _ in range(2):
        if words and words[-1].casefold() in _FORMAT_WORDS:
            fmt = _FORMAT_WORDS[words.pop().casefold()]
        elif words and is_period_code(words[-1].upper()):
            period = words.pop().upper()
        elif words and words[-1][:4].isdigit() and "-" in words[-1] and period is None:
            raise DocumentRefused("document.bad_period", period=words[-1])
    query = " ".join(words).strip(" \"'”“") or None
    if query is not None and len(query) > MAX_QUERY_CHARS:
        query = query[:MAX_QUERY_CHARS]
    return DocumentRequest(query, period, fmt)


@dataclass(frozen=True)
class ResolvedRequest:
    unit_id: int
    unit_name: str
    period: str
    title: str


async def resolve_request(
    sessions: async_sessionmaker[AsyncSession], *, requester: Requester, unit_query: str | None,
    period: str | None, today: date, opened_before: datetime,
    delar_end_month: int = DEFAULT_DELAR_END_MONTH, lang: str = "sv",
    unit_id: int | None = None,
) -> ResolvedRequest:
    """Which unit and period ``rapport dokument`` (or the card's button) means, checked
    against the requester's rights today (raises :class:`DocumentRefused`)."""
    async with sessions() as session:
        return await _resolve_request(
            session, requester=requester, unit_query=unit_query, period=period, today=today,
            opened_before=opened_before, delar_end_month=delar_end_month, lang=lang,
            unit_id=unit_id)


async def _resolve_request(
    session: AsyncSession, *, requester: Requester, unit_query: str | None,
    period: str | None, today: date, opened_before: datetime,
    delar_end_month: int, lang: str, unit_id: int | None,
) -> ResolvedRequest:
    from followup.summary import find_units

    tree = await load_org_tree(session)
    if unit_id is not None:
        if unit_id not in tree.units:
            raise DocumentRefused("document.unknown_unit", query=str(unit_id))
        chosen = tree.units[unit_id]
    elif unit_query:
        matches = find_units(unit_query, tree.units.values())
        if not matches:
            raise DocumentRefused("document.unknown_unit", query=unit_query)
        visible = [u for u in matches if _may_have(tree, requester, u.id, today)]
        if len(visible) == 1:
            chosen = visible[0]
        elif not visible:
            raise DocumentRefused("document.not_allowed",
                                  unit=matches[0].name if len(matches) == 1 else unit_query)
        else:
            names = ", ".join(f"{u.name} ({u.code})" for u in visible[:8])
            raise DocumentRefused("document.ambiguous_unit", query=unit_query, units=names)
    else:
        roots = tree.led_subtree_roots(requester.person_id, today) \
            if requester.person_id is not None else []
        if not roots and requester.person_id is not None:
            managed = tree.units_managed(requester.person_id, today)
            ids = {u.id for u in managed}
            roots = [u for u in managed if not any(a.id in ids for a in tree.ancestors(u.id))]
        if not roots and requester.is_admin:
            roots = tree.roots()
        if not roots:
            raise DocumentRefused("document.not_leader")
        order = {u.id: i for i, u in enumerate(tree.iter_units())}
        chosen = min(roots, key=lambda u: order.get(u.id, 0))
    if not _may_have(tree, requester, chosen.id, today):
        raise DocumentRefused("document.not_allowed", unit=chosen.name)
    codes = await data.period_ids(session)
    if period is None:
        period = await data.latest_opened_period(session, opened_before)
        if period is None:
            raise DocumentRefused("document.no_period_open")
    parsed = parse_document_period(period, delar_end_month)
    if parsed.code not in codes:
        raise DocumentRefused("document.no_period", period=period_label(parsed, lang))
    return ResolvedRequest(chosen.id, chosen.name, parsed.code, document_title(parsed, lang))
