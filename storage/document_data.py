"""SQL behind the report document: a subtree's goals, results, texts and decisions.

Every read is one statement over the subtree (``org_units.path LIKE '/1/4/%'``), so a
kommun-wide document of 2,000 units costs a handful of queries. A result counts only when
its unit's report is submitted (as in :mod:`storage.rollup`). The caller owns the session.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from followup.aggregation import effective_aggregation
from followup.vocabulary import OPEN_DECISION, ReportStatus
from storage.models import (
    Decision,
    Goal,
    GoalResult,
    LevelAnalysis,
    LevelAnalysisText,
    OrgUnit,
    Person,
    ReportingPeriod,
    UnitReport,
)

SUBMITTED = ReportStatus.SUBMITTED.value
OPEN_DECISION_STATUSES = tuple(status.value for status in OPEN_DECISION)


@dataclass(frozen=True)
class GoalRow:
    id: int
    unit_id: int
    perspective: str
    title: str
    description: str
    indicator_name: str | None
    indicator_unit: str | None
    target: float | None
    baseline: float | None
    direction: str | None
    parent_goal_id: int | None
    sort_order: int
    aggregation: str | None = None  # "sum" | "mean"; None = from the unit of measure


@dataclass(frozen=True)
class ResultRow:
    goal_id: int
    period_id: int
    unit_id: int
    perspective: str
    title: str
    status: str | None
    value: float | None
    analysis: str
    actions: str
    submitted_at: datetime | None
    submitted_by: str | None
    submitted_by_role: str | None
    late: bool
    year_end: str | None = None  # the kind's year-end assessment, when asked


@dataclass(frozen=True)
class LevelRow:
    unit_id: int
    status: str
    texts: dict[str, str]
    author: str | None  # who marked it klar, else who last saved


@dataclass(frozen=True)
class DecisionRow:
    reference: str
    title: str
    unit_id: int
    decided_on: date
    decided_by: str
    due_date: date | None
    status: str
    completed_at: datetime | None


async def subtree_path(session: AsyncSession, unit_id: int) -> str | None:
    return (await session.execute(
        select(OrgUnit.path).where(OrgUnit.id == unit_id, OrgUnit.active.is_(True))
    )).scalar_one_or_none()


async def period_ids(session: AsyncSession) -> dict[str, int]:
    """Every reporting period's code -> id."""
    rows = await session.execute(select(ReportingPeriod.period, ReportingPeriod.id))
    return {str(code): int(pid) for code, pid in rows}


def _in_subtree(prefix: str) -> Select[int]:
    return select(OrgUnit.id).where(OrgUnit.path.like(f"{prefix}%"), OrgUnit.active.is_(True))


async def goals_in_period(session: AsyncSession, prefix: str, first: date,
                          last: date) -> list[GoalRow]:
    """The subtree's goals whose validity overlaps [first, last]."""
    rows = await session.execute(
        select(Goal.id, Goal.unit_id, Goal.perspective, Goal.title, Goal.description,
               Goal.indicator_name, Goal.indicator_unit, Goal.target, Goal.baseline,
               Goal.direction, Goal.parent_goal_id, Goal.sort_order, Goal.aggregation)
        .where(Goal.unit_id.in_(_in_subtree(prefix)), Goal.valid_from <= last,
               or_(Goal.valid_to.is_(None), Goal.valid_to >= first))
        .order_by(Goal.sort_order, Goal.id))
    return [GoalRow(int(i), int(u), str(p), t or "", d or "", n, iu, tg, b, dr,
                    None if pg is None else int(pg), int(so or 0), ag)
            for i, u, p, t, d, n, iu, tg, b, dr, pg, so, ag in rows]


async def submitted_results(session: AsyncSession, prefix: str,
                            period_ids_: Sequence[int]) -> list[ResultRow]:
    """The subtree's results of submitted reports in the given periods."""
    if not period_ids_:
        return []
    submitter = aliased(Person)
    rows = await session.execute(
        select(GoalResult.goal_id, GoalResult.period_id, GoalResult.unit_id,
               GoalResult.perspective, Goal.title, GoalResult.status, GoalResult.value,
               GoalResult.analysis, GoalResult.actions, UnitReport.submitted_at,
               submitter.name, UnitReport.submitted_by_role, UnitReport.late,
               GoalResult.extra)
        .join(UnitReport, and_(UnitReport.id == GoalResult.report_id,
                               UnitReport.status == SUBMITTED))
        .join(Goal, Goal.id == GoalResult.goal_id)
        .outerjoin(submitter, and_(submitter.id == UnitReport.submitted_by_id,
                                   submitter.erased_at.is_(None)))
        .where(GoalResult.period_id.in_(list(period_ids_)),
               GoalResult.unit_id.in_(_in_subtree(prefix))))
    return [ResultRow(int(g), int(p), int(u), str(per), title or "", status, value,
                      analysis or "", actions or "", at, by, role, bool(late),
                      _year_end(extra))
            for g, p, u, per, title, status, value, analysis, actions, at, by, role, late,
            extra in rows]


def _year_end(extra: object) -> str | None:
    value = extra.get("year_end") if isinstance(extra, dict) else None
    return value if value in ("green", "yellow", "red") else None


SeriesKey = tuple[str, str, int]  # (perspective, goal title, period id)


async def unit_series(session: AsyncSession, unit_id: int,
                      period_ids_: Sequence[int]) -> dict[SeriesKey, float]:
    """The unit's own submitted values over the periods, keyed by the goal's perspective
    and title (so a yearly goal's editions make one series)."""
    if not period_ids_:
        return {}
    rows = await session.execute(
        select(Goal.perspective, Goal.title, GoalResult.period_id, GoalResult.value)
        .join(GoalResult, GoalResult.goal_id == Goal.id)
        .join(UnitReport, and_(UnitReport.id == GoalResult.report_id,
                               UnitReport.status == SUBMITTED))
        .where(Goal.unit_id == unit_id, GoalResult.period_id.in_(list(period_ids_)),
               GoalResult.value.is_not(None)))
    return {(str(p), str(t), int(pid)): float(v) for p, t, pid, v in rows
            if v is not None}


async def child_series(session: AsyncSession, unit_id: int,
                       period_ids_: Sequence[int]) -> dict[SeriesKey, float]:
    """The submitted values of the goals that cascade from the unit's goals (one level
    down) combined by the parent goal's aggregation rule (summed for amounts, averaged for
    rates; followup/aggregation.py), keyed like :func:`unit_series` by the unit's goal."""
    if not period_ids_:
        return {}
    parent = aliased(Goal)
    rows = await session.execute(
        select(parent.perspective, parent.title, GoalResult.period_id,
               func.avg(GoalResult.value), func.sum(GoalResult.value),
               parent.aggregation, parent.indicator_unit)
        .select_from(Goal)
        .join(parent, and_(parent.id == Goal.parent_goal_id, parent.unit_id == unit_id))
        .join(GoalResult, GoalResult.goal_id == Goal.id)
        .join(UnitReport, and_(UnitReport.id == GoalResult.report_id,
                               UnitReport.status == SUBMITTED))
        .where(GoalResult.period_id.in_(list(period_ids_)), GoalResult.value.is_not(None))
        .group_by(parent.perspective, parent.title, GoalResult.period_id,
                  parent.aggregation, parent.indicator_unit))
    out: dict[SeriesKey, float] = {}
    for p, t, pid, mean, total, rule, unit in rows:
        value = mean if effective_aggregation(rule, unit) == "mean" else total
        if value is not None:
            out[(str(p), str(t), int(pid))] = float(value)
    return out


async def report_states(session: AsyncSession, prefix: str,
                        period_id: int | None) -> dict[int, tuple[str, bool]]:
    """Unit id -> (report status, late) for the subtree's reports of the period."""
    if period_id is None:
        return {}
    rows = await session.execute(
        select(UnitReport.unit_id, UnitReport.status, UnitReport.late)
        .where(UnitReport.period_id == period_id,
               UnitReport.unit_id.in_(_in_subtree(prefix))))
    return {int(u): (str(s), bool(late)) for u, s, late in rows}


async def level_analyses(session: AsyncSession, prefix: str,
                         period_id: int | None) -> dict[int, LevelRow]:
    """Unit id -> its leader's analysis of the period (texts per perspective)."""
    if period_id is None:
        return {}
    done_by = aliased(Person)
    updated_by = aliased(Person)
    heads = await session.execute(
        select(LevelAnalysis.id, LevelAnalysis.unit_id, LevelAnalysis.status,
               done_by.name, updated_by.name)
        .outerjoin(done_by, and_(done_by.id == LevelAnalysis.done_by_id,
                                 done_by.erased_at.is_(None)))
        .outerjoin(updated_by, and_(updated_by.id == LevelAnalysis.updated_by_id,
                                    updated_by.erased_at.is_(None)))
        .where(LevelAnalysis.period_id == period_id,
               LevelAnalysis.unit_id.in_(_in_subtree(prefix))))
    by_id = {int(aid): (int(uid), str(status), done or updated)
             for aid, uid, status, done, updated in heads}
    if not by_id:
        return {}
    texts: dict[int, dict[str, str]] = {aid: {} for aid in by_id}
    rows = await session.execute(
        select(LevelAnalysisText.analysis_id, LevelAnalysisText.perspective,
               LevelAnalysisText.text)
        .where(LevelAnalysisText.analysis_id.in_(list(by_id))))
    for aid, perspective, text in rows:
        if text:
            texts[int(aid)][str(perspective)] = str(text)
    return {uid: LevelRow(uid, status, texts[aid], author)
            for aid, (uid, status, author) in by_id.items()}


async def decisions_of(session: AsyncSession, prefix: str, done_from: datetime,
                       done_until: datetime) -> list[DecisionRow]:
    """The subtree's open decisions and those completed in [done_from, done_until)."""
    rows = await session.execute(
        select(Decision.reference, Decision.title, Decision.unit_id, Decision.decided_on,
               Decision.decided_by, Decision.due_date, Decision.status, Decision.completed_at)
        .where(Decision.unit_id.in_(_in_subtree(prefix)),
               or_(Decision.status.in_(OPEN_DECISION_STATUSES),
                   and_(Decision.status == "done", Decision.completed_at >= done_from,
                        Decision.completed_at < done_until)))
        .order_by(Decision.due_date.is_(None), Decision.due_date, Decision.reference))
    return [DecisionRow(str(r), t or "", int(u), d, by or "", due, str(s), c)
            for r, t, u, d, by, due, s, c in rows]


async def person_names(session: AsyncSession, person_ids: Iterable[int]) -> dict[int, str]:
    ids = sorted(set(person_ids))
    if not ids:
        return {}
    rows = await session.execute(
        select(Person.id, Person.name).where(Person.id.in_(ids), Person.erased_at.is_(None)))
    return {int(i): str(n) for i, n in rows}


async def latest_opened_period(session: AsyncSession, at: datetime) -> str | None:
    """The code of the period that opened last before ``at`` (the default of a request)."""
    return (await session.execute(
        select(ReportingPeriod.period).where(ReportingPeriod.opens_at <= at)
        .order_by(ReportingPeriod.opens_at.desc()).limit(1))).scalar_one_or_none()
