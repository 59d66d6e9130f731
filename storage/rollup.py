"""The roll-up behind a leader's summary, computed in the database.

Every figure is an aggregate query over the subtree, selected through the materialised
path (``org_units.path LIKE '/1/4/%'``); only the aggregated rows and the few list
entries a card shows are brought into Python. The queries are plain SQL that SQLite and
PostgreSQL both run.

The statements are built once (on first use) with bound parameters and then only
executed, so a summary costs the database's work and little else: SQLAlchemy neither
rebuilds nor recompiles them.

Conventions:

* A goal counts in a period when its validity overlaps the period's month.
* A status counts as reported only when the unit's report is submitted; goals of draft
  or missing reports are "not reported".
* A unit is expected to report when it has at least one goal in the period.
* The person "in charge" of a unit is its acting manager (ställföreträdare) when one
  covers the day, else its manager.
* Trends compare goal by goal, matching a goal by (unit, perspective, title), so next
  year's edition of a yearly goal is compared with last year's.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Date,
    Integer,
    Select,
    String,
    and_,
    bindparam,
    case,
    func,
    or_,
    select,
)
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql import FromClause
from sqlalchemy.sql.functions import FunctionElement

from followup.aggregation import effective_aggregation
from followup.calendar import CalendarConfig
from followup.period import Period
from followup.perspectives import PERSPECTIVE_ORDER
from followup.summary import (
    AttentionItem,
    ChildLine,
    DecisionLine,
    IndicatorLine,
    MissingUnit,
    ReportingCounts,
    StatusCounts,
    Summary,
    SummaryLimits,
    Trend,
    UnitRef,
    previous_followed_period,
    same_period_last_year,
    truncate_text,
)
from followup.vocabulary import OPEN_DECISION, ReportStatus
from storage.models import (
    Decision,
    Goal,
    GoalResult,
    ManagerAssignment,
    OrgUnit,
    Person,
    ReportingPeriod,
    UnitReport,
    UtcDateTime,
)

OPEN_DECISION_STATUSES = tuple(status.value for status in OPEN_DECISION)
DONE_DECISION_STATUS = "done"
SUBMITTED = ReportStatus.SUBMITTED.value
NO_PERIOD = -1  # a period id that never exists (the period has no row yet)

_units: FromClause = OrgUnit.__table__
_goals: FromClause = Goal.__table__
_results: FromClause = GoalResult.__table__
_reports: FromClause = UnitReport.__table__
_periods: FromClause = ReportingPeriod.__table__
_assignments: FromClause = ManagerAssignment.__table__
_people: FromClause = Person.__table__
_decisions: FromClause = Decision.__table__

# Parameters shared by the statements.
P_PREFIX = bindparam("prefix", type_=String)  # subtree: path LIKE prefix
P_ROOT = bindparam("root_id", type_=Integer)
P_PERIOD_ID = bindparam("period_id", type_=Integer)
P_PERIOD = bindparam("period", type_=String)
P_FIRST = bindparam("first_day", type_=Date)
P_LAST = bindparam("last_day", type_=Date)
P_TODAY = bindparam("today", type_=Date)
P_LIMIT = bindparam("limit", type_=Integer)
P_MONTH_START = bindparam("month_start", type_=UtcDateTime())
P_MONTH_END = bindparam("month_end", type_=UtcDateTime())


def _ids(name: str = "ids") -> Any:
    return bindparam(name, expanding=True)


def _count_if(condition: ColumnElement[bool]) -> Any:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _rank(column: Any) -> Any:
    return case((column == "green", 3), (column == "yellow", 2), (column == "red", 1), else_=None)


def _goal_in_period(goal: FromClause) -> ColumnElement[bool]:
    return and_(
        goal.c.valid_from <= P_LAST,
        or_(goal.c.valid_to.is_(None), goal.c.valid_to >= P_FIRST),
    )


def _subtree() -> FromClause:
    units = _units.alias("st")
    return (
        select(units.c.id)
        .where(units.c.path.like(P_PREFIX), units.c.active.is_(True))
        .subquery("subtree")
    )


class _Position(FunctionElement[int]):
    """1-based position of ``needle`` in ``text`` (0 when absent): ``instr`` in SQLite,
    ``strpos`` in PostgreSQL."""

    type = Integer()
    inherit_cache = True
    name = "position_of"


@compiles(_Position)
def _position_default(element: _Position, compiler: Any, **kw: Any) -> str:
    return f"instr({compiler.process(element.clauses, **kw)})"


@compiles(_Position, "postgresql")
def _position_postgresql(element: _Position, compiler: Any, **kw: Any) -> str:
    return f"strpos({compiler.process(element.clauses, **kw)})"


class _PlannerHint(FunctionElement[bool]):
    """A condition implied by the rest of the query, said only to PostgreSQL's planner
    (``true`` elsewhere: SQLite's planner takes a worse index for it)."""

    type = Boolean()
    inherit_cache = True
    name = "planner_hint"


@compiles(_PlannerHint)
def _hint_default(element: _PlannerHint, compiler: Any, **kw: Any) -> str:
    return "1 = 1"


@compiles(_PlannerHint, "postgresql")
def _hint_postgresql(element: _PlannerHint, compiler: Any, **kw: Any) -> str:
    return str(compiler.process(element.clauses, **kw))


def _unit_to_child() -> FromClause:
    """Every unit of the subtree mapped to the root's child it lies under (the root maps to
    itself), so one GROUP BY gives the per-child figures. The child's path is the unit's
    path cut after the first id below the root's path: one index look-up per unit (a
    correlated look-up, so no query planner can turn it into units × children)."""
    unit = _units.alias("u")
    child = _units.alias("c")
    prefix_length = bindparam("prefix_length", type_=Integer)
    rest = func.substr(unit.c.path, prefix_length + 1)
    child_path = func.substr(unit.c.path, 1, prefix_length + _Position(rest, "/"))
    child_id = (
        select(child.c.id)
        .where(child.c.path == child_path, child.c.active.is_(True))
        .correlate(unit)
        .scalar_subquery()
    )
    mapped = (
        select(unit.c.id.label("unit_id"), child_id.label("child_id"))
        .where(unit.c.path.like(P_PREFIX), unit.c.active.is_(True))
        .subquery("mapped")
    )
    # MATERIALIZED (SQLite 3.35+, PostgreSQL 12+): computed once, not once per goal row.
    return (
        select(mapped.c.unit_id, mapped.c.child_id)
        .where(mapped.c.child_id.is_not(None))
        .cte("unit_child")
        .prefix_with("MATERIALIZED")
    )


def _has_goals(unit_id: Any) -> Any:
    goal = _goals.alias("eg")
    return select(goal.c.id).where(goal.c.unit_id == unit_id, _goal_in_period(goal)).exists()


# --------------------------------------------------------------------------- statements


@functools.cache
def _root_stmt() -> Select[Any]:
    u = _units
    return select(u.c.id, u.c.code, u.c.name, u.c.path, u.c.parent_id).where(
        u.c.id == P_ROOT, u.c.active.is_(True)
    )


@functools.cache
def _period_ids_stmt() -> Select[Any]:
    return select(_periods.c.period, _periods.c.id).where(_periods.c.period.in_(_ids("periods")))


@functools.cache
def _units_count_stmt() -> Select[Any]:
    return select(func.count()).select_from(_subtree())


@functools.cache
def _goal_counts_stmt() -> Select[Any]:
    uc = _unit_to_child()
    goal = _goals.alias("g")
    result = _results.alias("r")
    report = _reports.alias("rep")
    submitted = report.c.status == SUBMITTED
    return (
        select(
            uc.c.child_id,
            goal.c.perspective,
            func.count(goal.c.id),
            _count_if(and_(submitted, result.c.status == "green")),
            _count_if(and_(submitted, result.c.status == "yellow")),
            _count_if(and_(submitted, result.c.status == "red")),
        )
        .select_from(
            uc.join(goal, goal.c.unit_id == uc.c.unit_id)
            .outerjoin(
                result,
                and_(result.c.goal_id == goal.c.id, result.c.period_id == P_PERIOD_ID),
            )
            .outerjoin(report, report.c.id == result.c.report_id)
        )
        .where(_goal_in_period(goal))
        .group_by(uc.c.child_id, goal.c.perspective)
    )


@functools.cache
def _reporting_stmt() -> Select[Any]:
    uc = _unit_to_child()
    report = _reports.alias("rep")
    submitted = report.c.status == SUBMITTED
    return (
        select(
            uc.c.child_id,
            _count_if(and_(submitted, report.c.late.is_(False))),
            _count_if(and_(submitted, report.c.late.is_(True))),
            _count_if(or_(report.c.id.is_(None), report.c.status != SUBMITTED)),
        )
        .select_from(
            uc.outerjoin(
                report,
                and_(report.c.unit_id == uc.c.unit_id, report.c.period_id == P_PERIOD_ID),
            )
        )
        .where(_has_goals(uc.c.unit_id))
        .group_by(uc.c.child_id)
    )


@functools.cache
def _own_reports_stmt() -> Select[Any]:
    u = _units.alias("ou")
    report = _reports.alias("rep")
    return (
        select(u.c.id, _has_goals(u.c.id), report.c.status, report.c.late)
        .select_from(
            u.outerjoin(
                report, and_(report.c.unit_id == u.c.id, report.c.period_id == P_PERIOD_ID)
            )
        )
        .where(u.c.id.in_(_ids()))
    )


@functools.cache
def _missing_stmt() -> Select[Any]:
    u = _units.alias("mu")
    report = _reports.alias("rep")
    return (
        select(u.c.id, u.c.code, u.c.name, report.c.status)
        .select_from(
            u.outerjoin(
                report, and_(report.c.unit_id == u.c.id, report.c.period_id == P_PERIOD_ID)
            )
        )
        .where(
            u.c.path.like(P_PREFIX),
            u.c.active.is_(True),
            or_(report.c.id.is_(None), report.c.status != SUBMITTED),
            _has_goals(u.c.id),
        )
        .order_by(u.c.depth, u.c.sort_order, u.c.name, u.c.id)
        .limit(P_LIMIT)
    )


@functools.cache
def _in_charge_stmt() -> Select[Any]:
    a, p = _assignments, _people
    return (
        select(a.c.unit_id, a.c.role, p.c.name)
        .select_from(a.join(p, p.c.id == a.c.person_id))
        .where(
            a.c.unit_id.in_(_ids()),
            a.c.valid_from <= P_TODAY,
            or_(a.c.valid_to.is_(None), a.c.valid_to >= P_TODAY),
            p.c.erased_at.is_(None),
        )
    )


@functools.cache
def _without_manager_stmt() -> Select[Any]:
    """Active units of the subtree with nobody in charge on ``today`` (no manager and no
    acting manager who is not erased), in tree order; with their total count."""
    u = _units.alias("wm")
    a, p = _assignments.alias("wa"), _people.alias("wp")
    in_charge = (
        select(a.c.id)
        .select_from(a.join(p, p.c.id == a.c.person_id))
        .where(
            a.c.unit_id == u.c.id,
            a.c.valid_from <= P_TODAY,
            or_(a.c.valid_to.is_(None), a.c.valid_to >= P_TODAY),
            p.c.erased_at.is_(None),
        )
        .exists()
    )
    return (
        select(u.c.id, u.c.code, u.c.name, func.count().over())
        .where(u.c.path.like(P_PREFIX), u.c.active.is_(True), ~in_charge)
        .order_by(u.c.depth, u.c.sort_order, u.c.name, u.c.id)
        .limit(P_LIMIT)
    )


@functools.cache
def _children_stmt() -> Select[Any]:
    u = _units.alias("ch")
    grandchild = _units.alias("gc")
    has_children = (
        select(grandchild.c.id)
        .where(grandchild.c.parent_id == u.c.id, grandchild.c.active.is_(True))
        .exists()
    )
    return (
        select(u.c.id, u.c.code, u.c.name, has_children, func.count().over())
        .where(u.c.parent_id == P_ROOT, u.c.active.is_(True))
        .order_by(u.c.sort_order, u.c.name, u.c.id)
        .limit(P_LIMIT)
    )


@functools.cache
def _unit_refs_stmt() -> Select[Any]:
    u = _units
    return select(u.c.id, u.c.code, u.c.name).where(u.c.id.in_(_ids()))


def _submitted_now(sub: FromClause, r: FromClause, rep: FromClause) -> FromClause:
    """The subtree's submitted reports of the period and their results. (The results'
    own period is implied by their report's; saying it lets PostgreSQL read only the
    period's results by index instead of scanning every period's.)"""
    return sub.join(
        rep,
        and_(rep.c.unit_id == sub.c.id, rep.c.period_id == P_PERIOD_ID,
             rep.c.status == SUBMITTED),
    ).join(r, and_(r.c.report_id == rep.c.id, _PlannerHint(r.c.period_id == P_PERIOD_ID)))


@functools.cache
def _trends_stmt() -> Select[Any]:
    """Goal by goal against two earlier periods (``then_0``/``then_1``; -1 when missing):
    each reported goal is compared with its own submitted result then. Also counts the
    goals that are new since then (valid only after ``then_last_N``), which may have an
    earlier edition to compare with (:func:`_editions_stmt`)."""
    sub = _subtree()
    r = _results.alias("r")
    rep = _reports.alias("rep")
    joins = _submitted_now(sub, r, rep)
    columns: list[Any] = [_rank(r.c.status).label("now_")]
    for i in range(2):
        then_id = bindparam(f"then_{i}", type_=Integer)
        then_last = bindparam(f"then_last_{i}", type_=Date)
        rt = _results.alias(f"rt{i}")
        rept = _reports.alias(f"rept{i}")
        goal = _goals.alias(f"gn{i}")
        joins = joins.outerjoin(
            rt, and_(rt.c.goal_id == r.c.goal_id, rt.c.period_id == then_id)
        ).outerjoin(rept, and_(rept.c.id == rt.c.report_id, rept.c.status == SUBMITTED))
        is_new = (
            select(goal.c.id)
            .where(goal.c.id == r.c.goal_id, goal.c.valid_from > then_last)
            .exists()
        )
        columns += [
            case((rept.c.id.is_not(None), _rank(rt.c.status)), else_=None).label(f"then_{i}"),
            case((and_(rt.c.id.is_(None), is_new), 1), else_=0).label(f"new_{i}"),
        ]
    pairs = select(*columns).select_from(joins).where(r.c.status.is_not(None)).subquery("pairs")
    now_ = pairs.c.now_
    counts: list[Any] = []
    for i in range(2):
        then = pairs.c[f"then_{i}"]
        both = then.is_not(None)
        counts += [
            _count_if(both),
            _count_if(and_(both, now_ > then)),
            _count_if(and_(both, now_ < then)),
            _count_if(and_(both, now_ == 1, then > 1)),
            func.coalesce(func.sum(pairs.c[f"new_{i}"]), 0),
        ]
    return select(*counts).select_from(pairs)


@functools.cache
def _editions_stmt() -> Select[Any]:
    """Goals that are new since an earlier period (``then_id``) compared with the goal of
    the same unit, perspective and title that had ended by now (last year's edition)."""
    sub = _subtree()

    def side(name: str, period_id: Any, goal_filter: Any) -> FromClause:
        r = _results.alias(f"{name}_r")
        rep = _reports.alias(f"{name}_rep")
        g = _goals.alias(f"{name}_g")
        return (
            select(
                r.c.unit_id.label("unit_id"),
                r.c.perspective.label("perspective"),
                g.c.title.label("title"),
                func.max(_rank(r.c.status)).label("rank"),
            )
            .select_from(
                sub.join(rep, and_(rep.c.unit_id == sub.c.id, rep.c.period_id == period_id,
                                   rep.c.status == SUBMITTED))
                .join(r, r.c.report_id == rep.c.id)
                .join(g, g.c.id == r.c.goal_id)
            )
            .where(r.c.status.is_not(None), goal_filter(g))
            .group_by(r.c.unit_id, r.c.perspective, g.c.title)
            .subquery(name)
        )

    then_id = bindparam("then_id", type_=Integer)
    then_last = bindparam("then_last", type_=Date)
    now_side = side("ed_now", P_PERIOD_ID, lambda g: g.c.valid_from > then_last)
    then_side = side("ed_then", then_id,
                     lambda g: and_(g.c.valid_to.is_not(None), g.c.valid_to < P_FIRST))
    now_, then = now_side.c.rank, then_side.c.rank
    return select(
        func.count(),
        _count_if(now_ > then),
        _count_if(now_ < then),
        _count_if(and_(now_ == 1, then > 1)),
    ).select_from(
        now_side.join(
            then_side,
            and_(
                then_side.c.unit_id == now_side.c.unit_id,
                then_side.c.perspective == now_side.c.perspective,
                then_side.c.title == now_side.c.title,
            ),
        )
    )


STREAK_LOOKBACK = 12  # earlier periods looked at for a red streak (it is capped there)


@functools.cache
def _attention_stmt() -> Select[Any]:
    """Red goals, longest red streak first, then the most units affected (units whose
    goal in the same cascade – the parent goal and its child goals – is red).

    The streak counts this period and the directly preceding periods (``earlier_1`` …,
    newest first; -1 when there is none) in which the goal was red in the unit's
    submitted report, up to :data:`STREAK_LOOKBACK` back: one index look-up per red goal
    and period, no scan of the whole history."""
    sub = _subtree()
    r = _results.alias("r")
    g = _goals.alias("g")
    rep = _reports.alias("rep")
    red_now = (  # a CTE: read once, used for the families and the ranking
        select(
            r.c.id.label("result_id"),
            r.c.goal_id.label("goal_id"),
            r.c.unit_id.label("unit_id"),
            func.coalesce(g.c.parent_goal_id, g.c.id).label("family"),
        )
        .select_from(_submitted_now(sub, r, rep).join(g, g.c.id == r.c.goal_id))
        .where(r.c.status == "red")
        .cte("red_now")
    )
    families = (
        select(red_now.c.family, func.count(func.distinct(red_now.c.unit_id)).label("units"))
        .group_by(red_now.c.family)
        .subquery("families")
    )
    # CASE stops at the first period without a red result: the look-ups per goal are
    # as many as its streak is long. Like everywhere else, a result counts only when its
    # unit report is submitted: a red left in a draft (never submitted) is "not
    # reported" and ends the streak. The goal/period index holds ``report_id``, so this
    # is one more primary-key look-up per period.
    def red_in(i: int) -> Any:
        back = _results.alias(f"back{i}")
        back_rep = _reports.alias(f"back_rep{i}")
        return (
            select(back.c.id)
            .select_from(
                back.join(
                    back_rep,
                    and_(back_rep.c.id == back.c.report_id, back_rep.c.status == SUBMITTED),
                )
            )
            .where(
                back.c.goal_id == red_now.c.goal_id,
                back.c.period_id == bindparam(f"earlier_{i}", type_=Integer),
                back.c.status == "red",
            )
            .correlate(red_now)
            .exists()
        )

    # The streak is a column of the red result's own row (one pass over red_now). Joined
    # back to red_now as a subquery instead, PostgreSQL planned a nested loop that
    # re-ran every look-up per pair of red goals: 11.5 s for 2,000 units.
    streak = case(
        *((~red_in(i), i) for i in range(1, STREAK_LOOKBACK + 1)),
        else_=STREAK_LOOKBACK + 1,
    ).label("streak")
    result = _results.alias("res")
    goal = _goals.alias("goal")
    unit = _units.alias("au")
    return (
        select(
            goal.c.id, goal.c.title, goal.c.perspective, unit.c.id, unit.c.code, unit.c.name,
            streak, families.c.units, result.c.analysis, result.c.actions,
        )
        .select_from(
            red_now.join(families, families.c.family == red_now.c.family)
            .join(result, result.c.id == red_now.c.result_id)
            .join(goal, goal.c.id == red_now.c.goal_id)
            .join(unit, unit.c.id == red_now.c.unit_id)
        )
        .order_by(
            streak.desc(),
            families.c.units.desc(),
            unit.c.depth,
            unit.c.name,
            goal.c.sort_order,
            goal.c.id,
        )
        .limit(P_LIMIT)
    )


@functools.cache
def _earlier_periods_stmt() -> Select[Any]:
    p = _periods
    return (
        select(p.c.id)
        .where(p.c.period < P_PERIOD)
        .order_by(p.c.period.desc())
        .limit(STREAK_LOOKBACK)
    )


@functools.cache
def _indicator_tops_stmt() -> Select[Any]:
    """Goals with a target that are the top of their cascade inside the subtree (their
    parent goal, if any, belongs to a unit outside it), the first few and how many."""
    sub = _subtree()
    goal = _goals.alias("g")
    unit = _units.alias("gu")
    parent_goal = _goals.alias("pg")
    parent_unit = _units.alias("pu")
    top_of_cascade = or_(
        goal.c.parent_goal_id.is_(None),
        parent_unit.c.id.is_(None),
        ~parent_unit.c.path.like(P_PREFIX),
    )
    return (
        select(goal.c.id, func.count().over())
        .select_from(
            sub.join(goal, goal.c.unit_id == sub.c.id)
            .join(unit, unit.c.id == goal.c.unit_id)
            .outerjoin(parent_goal, parent_goal.c.id == goal.c.parent_goal_id)
            .outerjoin(parent_unit, parent_unit.c.id == parent_goal.c.unit_id)
        )
        .where(goal.c.target.is_not(None), _goal_in_period(goal), top_of_cascade)
        .order_by(unit.c.depth, unit.c.sort_order, unit.c.name, goal.c.sort_order, goal.c.id)
        .limit(P_LIMIT)
    )


@functools.cache
def _indicator_lines_stmt() -> Select[Any]:
    goal = _goals.alias("g")
    unit = _units.alias("gu")
    own = _results.alias("own")
    own_rep = _reports.alias("own_rep")
    return (
        select(
            goal.c.id, goal.c.title, unit.c.id, unit.c.code, unit.c.name,
            goal.c.indicator_name, goal.c.indicator_unit, goal.c.target, goal.c.direction,
            own_rep.c.id, own.c.value, goal.c.aggregation,
        )
        .select_from(
            goal.join(unit, unit.c.id == goal.c.unit_id)
            .outerjoin(own, and_(own.c.goal_id == goal.c.id, own.c.period_id == P_PERIOD_ID))
            .outerjoin(
                own_rep, and_(own_rep.c.id == own.c.report_id, own_rep.c.status == SUBMITTED)
            )
        )
        .where(goal.c.id.in_(_ids()))
    )


def _meets(value: Any, target: Any, direction: Any) -> ColumnElement[bool]:
    return and_(
        value.is_not(None),
        target.is_not(None),
        or_(
            and_(direction == "lower", value <= target),
            and_(or_(direction.is_(None), direction != "lower"), value >= target),
        ),
    )


@functools.cache
def _indicator_children_stmt() -> Select[Any]:
    """Per parent goal: its child goals in the subtree, how many reported a value, how
    many reach their own target, and the mean and the sum of those measuring the parent's
    indicator (same name and unit); the parent's aggregation rule picks one."""
    parent = _goals.alias("pg")
    child = _goals.alias("cg")
    child_unit = _units.alias("cu")
    cr = _results.alias("cr")
    crep = _reports.alias("crep")
    value = case((crep.c.id.is_not(None), cr.c.value), else_=None)
    same_indicator = and_(
        func.lower(child.c.indicator_name) == func.lower(parent.c.indicator_name),
        func.coalesce(child.c.indicator_unit, "") == func.coalesce(parent.c.indicator_unit, ""),
    )
    comparable = case((same_indicator, value), else_=None)
    return (
        select(
            child.c.parent_goal_id,
            func.count(child.c.id),
            func.count(value),
            func.avg(comparable),
            func.count(comparable),
            func.sum(comparable),
            _count_if(_meets(value, child.c.target, child.c.direction)),
        )
        .select_from(
            child.join(parent, parent.c.id == child.c.parent_goal_id)
            .join(child_unit, child_unit.c.id == child.c.unit_id)
            .outerjoin(cr, and_(cr.c.goal_id == child.c.id, cr.c.period_id == P_PERIOD_ID))
            .outerjoin(crep, and_(crep.c.id == cr.c.report_id, crep.c.status == SUBMITTED))
        )
        .where(
            child.c.parent_goal_id.in_(_ids()),
            child_unit.c.path.like(P_PREFIX),
            child_unit.c.active.is_(True),
            _goal_in_period(child),
        )
        .group_by(child.c.parent_goal_id)
    )


@functools.cache
def _decisions_stmt() -> Select[Any]:
    """Open decisions of the subtree's units: overdue first, then by due date; with the
    total and overdue counts over all of them."""
    sub = _subtree()
    d = _decisions
    unit = _units.alias("du")
    overdue = and_(d.c.due_date.is_not(None), d.c.due_date < P_TODAY)
    return (
        select(
            d.c.id, d.c.reference, d.c.title, d.c.due_date, d.c.status,
            unit.c.id, unit.c.code, unit.c.name,
            func.count().over(),
            func.sum(case((overdue, 1), else_=0)).over(),
        )
        .select_from(
            sub.join(d, d.c.unit_id == sub.c.id).join(unit, unit.c.id == d.c.unit_id)
        )
        .where(d.c.status.in_(OPEN_DECISION_STATUSES))
        .order_by(
            case((overdue, 0), else_=1),
            case((d.c.due_date.is_(None), 1), else_=0),
            d.c.due_date,
            d.c.reference,
        )
        .limit(P_LIMIT)
    )


@functools.cache
def _decision_balance_stmt() -> Select[Any]:
    """Ärendebalans beyond the open list: decisions of the subtree done this month."""
    sub = _subtree()
    d = _decisions
    return select(
        _count_if(and_(d.c.status == DONE_DECISION_STATUS,
                       d.c.completed_at >= P_MONTH_START, d.c.completed_at < P_MONTH_END)),
    ).select_from(sub.join(d, d.c.unit_id == sub.c.id))


@functools.cache
def _oldest_open_decision_stmt() -> Select[Any]:
    """The subtree's open decision decided longest ago."""
    sub = _subtree()
    d = _decisions
    return (
        select(d.c.reference, d.c.decided_on)
        .select_from(sub.join(d, d.c.unit_id == sub.c.id))
        .where(d.c.status.in_(OPEN_DECISION_STATUSES))
        .order_by(d.c.decided_on, d.c.reference)
        .limit(1)
    )


# --------------------------------------------------------------------------- running


@dataclass(frozen=True)
class _Scope:
    """The subtree and the period a summary is about, as statement parameters."""

    root_id: int
    prefix: str  # LIKE pattern of the subtree, e.g. "/1/4/%"
    period: str
    period_id: int  # NO_PERIOD when the period has no row
    first_day: date
    last_day: date
    today: date
    month_start: datetime  # "done this month": the local month of ``today``, in UTC
    month_end: datetime

    def params(self, **extra: Any) -> dict[str, Any]:
        return {
            "root_id": self.root_id,
            "prefix": self.prefix,
            "prefix_length": len(self.prefix) - 1,
            "period": self.period,
            "period_id": self.period_id,
            "first_day": self.first_day,
            "last_day": self.last_day,
            "today": self.today,
            "month_start": self.month_start,
            "month_end": self.month_end,
            **extra,
        }


class _Runner:
    """Executes the cached statements on the session's connection (Core, no ORM)."""

    def __init__(self, session: AsyncSession, scope: _Scope) -> None:
        self.session = session
        self.scope = scope

    async def rows(self, stmt: Select[Any], **extra: Any) -> Sequence[Any]:
        conn = await self.session.connection()
        result = await conn.execute(stmt, self.scope.params(**extra))
        return result.all()


def _month_bounds(period: str) -> tuple[date, date]:
    parsed = Period.parse(period)
    return parsed.first_day, parsed.last_day


async def people_in_charge(
    session: AsyncSession, unit_ids: Iterable[int], on: date
) -> dict[int, str]:
    """Unit id -> name of the person in charge on ``on`` (acting manager first)."""
    ids = sorted(set(unit_ids))
    if not ids:
        return {}
    conn = await session.connection()
    rows = (await conn.execute(_in_charge_stmt(), {"ids": ids, "today": on})).all()
    found: dict[int, dict[str, str]] = {}
    for unit_id, role, name in rows:
        found.setdefault(int(unit_id), {})[str(role)] = str(name)
    return {
        unit_id: roles.get("acting") or roles["manager"]
        for unit_id, roles in found.items()
        if roles.get("acting") or roles.get("manager")
    }


def _own_report_state(has_goals: Any, status: Any, late: Any) -> str:
    if not has_goals:
        return "none"
    if status == SUBMITTED:
        return "late" if late else "on_time"
    return "draft" if status is not None else "missing"


async def _indicators(run: _Runner, limits: SummaryLimits) -> tuple[list[IndicatorLine], int]:
    tops = await run.rows(_indicator_tops_stmt(), limit=limits.indicators)
    if not tops:
        return [], 0
    ids = [int(gid) for gid, _ in tops]
    total = int(tops[0][1])
    lines = await run.rows(_indicator_lines_stmt(), ids=ids)
    children = {
        int(row[0]): tuple(row[1:])
        for row in await run.rows(_indicator_children_stmt(), ids=ids)
    }
    by_id: dict[int, IndicatorLine] = {}
    for (gid, title, uid, code, name, indicator_name, indicator_unit, target, direction,
         own_report, own_value, rule) in lines:
        goals, reported, average, averaged, summed, met = children.get(
            int(gid), (0, 0, None, 0, None, 0))
        aggregation = effective_aggregation(rule, indicator_unit)
        combined = average if aggregation == "mean" else summed
        by_id[int(gid)] = IndicatorLine(
            goal_id=int(gid),
            goal_title=truncate_text(title, 200),
            unit=UnitRef(int(uid), code, name),
            indicator_name=truncate_text(indicator_name or title, 120),
            indicator_unit=(indicator_unit or "").strip(),
            target=None if target is None else float(target),
            direction=direction or "higher",
            value=None if own_report is None or own_value is None else float(own_value),
            child_goals=int(goals or 0),
            child_reported=int(reported or 0),
            aggregation=aggregation,
            child_aggregate=None if combined is None else float(combined),
            child_aggregated=int(averaged or 0),
            child_met=int(met or 0),
        )
    return [by_id[i] for i in ids if i in by_id], total


async def _attention(run: _Runner, limits: SummaryLimits) -> list[AttentionItem]:
    if run.scope.period_id == NO_PERIOD:
        return []
    earlier = [int(pid) for (pid,) in await run.rows(_earlier_periods_stmt())]
    earlier += [NO_PERIOD] * (STREAK_LOOKBACK - len(earlier))
    rows = await run.rows(
        _attention_stmt(),
        limit=limits.attention,
        **{f"earlier_{i}": pid for i, pid in enumerate(earlier, start=1)},
    )
    in_charge = await people_in_charge(run.session, (row[3] for row in rows), run.scope.today)
    chars = limits.text_chars
    return [
        AttentionItem(
            goal_id=int(goal_id),
            goal_title=truncate_text(title, 200),
            perspective=str(perspective),
            unit=UnitRef(int(unit_id), code, name),
            in_charge=in_charge.get(int(unit_id)),
            red_streak=int(streak or 1),
            streak_capped=int(streak or 1) > STREAK_LOOKBACK,
            units_affected=int(units or 1),
            analysis=truncate_text(analysis or "", chars),
            actions=truncate_text(actions or "", chars),
        )
        for (goal_id, title, perspective, unit_id, code, name, streak, units, analysis,
             actions) in rows
    ]


async def _trends(run: _Runner, period_ids: Mapping[str, int],
                  wanted: Sequence[tuple[str, str]]) -> tuple[Trend, ...]:
    then = [period_ids.get(period, NO_PERIOD) for _kind, period in wanted]
    if run.scope.period_id == NO_PERIOD or all(pid == NO_PERIOD for pid in then):
        return tuple(Trend(kind=kind, period=period) for kind, period in wanted)
    then_last = [_month_bounds(period)[1] for _kind, period in wanted]
    (row,) = await run.rows(_trends_stmt(), then_0=then[0], then_1=then[1],
                            then_last_0=then_last[0], then_last_1=then_last[1])
    out: list[Trend] = []
    for i, (kind, period) in enumerate(wanted):
        if then[i] == NO_PERIOD:
            out.append(Trend(kind=kind, period=period))
            continue
        compared, improved, worsened, newly_red, new_goals = (int(x) for x in row[5 * i:5 * i + 5])
        if new_goals:
            (extra,) = await run.rows(_editions_stmt(), then_id=then[i], then_last=then_last[i])
            compared, improved, worsened, newly_red = (
                a + int(b) for a, b in zip((compared, improved, worsened, newly_red), extra,
                                           strict=True)
            )
        out.append(Trend(kind=kind, period=period, compared=compared, improved=improved,
                         worsened=worsened, newly_red=newly_red))
    return tuple(out)


def _local_month(today: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """The local calendar month of ``today`` as an aware [start, end) pair."""
    first = today.replace(day=1)
    following = date(first.year + (first.month == 12), first.month % 12 + 1, 1)
    return (datetime.combine(first, time(0), zone), datetime.combine(following, time(0), zone))


async def _scope_for(
    session: AsyncSession, unit_id: int, period: str, today: date, wanted: Sequence[str],
    zone: ZoneInfo,
) -> tuple[_Scope, tuple[str, str], dict[str, int]] | None:
    conn = await session.connection()
    root_rows = (await conn.execute(_root_stmt(), {"root_id": unit_id})).all()
    if not root_rows:
        return None
    root_id, root_code, root_name, root_path, _parent = root_rows[0]
    period_ids = {
        str(p): int(pid)
        for p, pid in (
            await conn.execute(_period_ids_stmt(), {"periods": [period, *wanted]})
        ).all()
    }
    first, last = _month_bounds(period)
    month_start, month_end = _local_month(today, zone)
    scope = _Scope(
        root_id=int(root_id),
        prefix=f"{root_path}%",
        period=period,
        period_id=period_ids.get(period, NO_PERIOD),
        first_day=first,
        last_day=last,
        today=today,
        month_start=month_start,
        month_end=month_end,
    )
    return scope, (str(root_code), str(root_name)), period_ids


@dataclass(frozen=True)
class _Structure:
    units: int
    perspectives: dict[str, StatusCounts | None]
    reporting: ReportingCounts
    own_report: str
    children: tuple[ChildLine, ...]
    children_total: int
    root_has_goals: bool
    decisions: tuple[DecisionLine, ...]
    decisions_total: int
    decisions_overdue: int
    decisions_done_this_month: int
    oldest_open_decision: tuple[str, date] | None
    without_manager: tuple[UnitRef, ...] = ()
    without_manager_total: int = 0


@dataclass(frozen=True)
class _Highlights:
    attention: tuple[AttentionItem, ...]
    indicators: tuple[IndicatorLine, ...]
    indicators_total: int


async def _structure(run: _Runner, limits: SummaryLimits) -> _Structure:
    """Counts per perspective and child, reporting, the children and decisions."""
    scope = run.scope
    (units,) = (await run.rows(_units_count_stmt()))[0]
    goal_counts: dict[tuple[int, str], StatusCounts] = {}
    for child_id, perspective, total, green, yellow, red in await run.rows(_goal_counts_stmt()):
        green, yellow, red = int(green), int(yellow), int(red)
        goal_counts[(int(child_id), str(perspective))] = StatusCounts(
            green=green, yellow=yellow, red=red, not_reported=int(total) - green - yellow - red
        )
    reporting_by_child = {
        int(child): ReportingCounts(on_time=int(on_time), late=int(late), missing=int(missing))
        for child, on_time, late, missing in await run.rows(_reporting_stmt())
    }
    reporting = sum(reporting_by_child.values(), ReportingCounts())
    missing_rows = (
        await run.rows(_missing_stmt(), limit=limits.missing) if reporting.missing else []
    )
    in_charge = await people_in_charge(run.session, (row[0] for row in missing_rows),
                                       scope.today)
    reporting = ReportingCounts(
        on_time=reporting.on_time,
        late=reporting.late,
        missing=reporting.missing,
        missing_units=tuple(
            MissingUnit(unit=UnitRef(int(uid), code, name), in_charge=in_charge.get(int(uid)),
                        draft=status is not None)
            for uid, code, name, status in missing_rows
        ),
    )
    child_rows = await run.rows(_children_stmt(), limit=limits.children)
    own_reports = {
        int(uid): _own_report_state(has_goals, status, late)
        for uid, has_goals, status, late in await run.rows(
            _own_reports_stmt(), ids=[scope.root_id, *(int(r[0]) for r in child_rows)]
        )
    }
    children = tuple(
        ChildLine(
            unit=UnitRef(int(uid), code, name),
            has_children=bool(has_children),
            goals=sum((c for (child, _p), c in goal_counts.items() if child == uid),
                      StatusCounts()),
            reporting=reporting_by_child.get(int(uid), ReportingCounts()),
            own_report=own_reports.get(int(uid), "none"),
        )
        for uid, code, name, has_children, _total in child_rows
    )
    without_rows = await run.rows(_without_manager_stmt(), limit=limits.missing)
    decision_rows = await run.rows(_decisions_stmt(), limit=limits.decisions)
    ((done_this_month,),) = await run.rows(_decision_balance_stmt())
    oldest_rows = await run.rows(_oldest_open_decision_stmt()) if decision_rows else []
    perspectives: dict[str, StatusCounts | None] = {}
    for perspective in PERSPECTIVE_ORDER:
        cells = [c for (_child, p), c in goal_counts.items() if p == perspective.value]
        perspectives[perspective.value] = sum(cells, StatusCounts()) if cells else None
    return _Structure(
        units=int(units),
        perspectives=perspectives,
        reporting=reporting,
        own_report=own_reports.get(scope.root_id, "none"),
        children=children,
        children_total=int(child_rows[0][4]) if child_rows else 0,
        root_has_goals=any(child == scope.root_id for child, _p in goal_counts),
        decisions=tuple(
            DecisionLine(
                id=int(did), reference=reference, title=truncate_text(title, 200),
                unit=UnitRef(int(uid), code, name), due_date=due, status=status,
                overdue=due is not None and due < scope.today,
            )
            for did, reference, title, due, status, uid, code, name, _n, _o in decision_rows
        ),
        decisions_total=int(decision_rows[0][8]) if decision_rows else 0,
        decisions_overdue=int(decision_rows[0][9] or 0) if decision_rows else 0,
        decisions_done_this_month=int(done_this_month),
        oldest_open_decision=(str(oldest_rows[0][0]), oldest_rows[0][1]) if oldest_rows
        else None,
        without_manager=tuple(UnitRef(int(uid), code, name)
                              for uid, code, name, _n in without_rows),
        without_manager_total=int(without_rows[0][3]) if without_rows else 0,
    )


async def _highlights(run: _Runner, limits: SummaryLimits) -> _Highlights:
    """The attention list and the indicators."""
    attention = await _attention(run, limits)
    indicators, indicators_total = await _indicators(run, limits)
    return _Highlights(tuple(attention), tuple(indicators), indicators_total)


async def _ancestors(run: _Runner, root_path: str) -> tuple[UnitRef, ...]:
    ids = [int(part) for part in root_path.strip("/").split("/") if part][:-1]
    if not ids:
        return ()
    rows = await run.rows(_unit_refs_stmt(), ids=ids)
    by_id = {int(uid): UnitRef(int(uid), code, name) for uid, code, name in rows}
    return tuple(by_id[i] for i in ids if i in by_id)


async def build_summary(
    session: AsyncSession,
    *,
    unit_id: int,
    period: str,
    today: date,
    calendar: CalendarConfig,
    limits: SummaryLimits | None = None,
    sessions: async_sessionmaker[AsyncSession] | None = None,
) -> Summary | None:
    """The summary of ``unit_id``'s subtree for ``period`` (None for an unknown unit).

    With ``sessions`` the three independent groups of queries (counts and lists, trends,
    attention and indicators) run at the same time on connections of their own, which
    about halves the wait for a big subtree; each group reads a consistent snapshot of
    its own. Without it everything runs on ``session``, one query after the other."""
    limits = limits or SummaryLimits()
    wanted = [
        ("previous", previous_followed_period(period, calendar)),
        ("last_year", same_period_last_year(period)),
    ]
    found = await _scope_for(session, unit_id, period, today, [p for _k, p in wanted],
                            calendar.zone)
    if found is None:
        return None
    scope, (root_code, root_name), period_ids = found
    root_path = scope.prefix[:-1]

    if sessions is None:
        run = _Runner(session, scope)
        structure = await _structure(run, limits)
        trends = await _trends(run, period_ids, wanted)
        highlights = await _highlights(run, limits)
    else:
        async def trends_apart() -> tuple[Trend, ...]:
            async with sessions() as other:
                return await _trends(_Runner(other, scope), period_ids, wanted)

        async def highlights_apart() -> _Highlights:
            async with sessions() as other:
                return await _highlights(_Runner(other, scope), limits)

        structure, trends, highlights = await asyncio.gather(
            _structure(_Runner(session, scope), limits), trends_apart(), highlights_apart()
        )
    ancestors = await _ancestors(_Runner(session, scope), root_path)
    perspectives = structure.perspectives
    return Summary(
        period=period,
        root=UnitRef(scope.root_id, root_code, root_name),
        ancestors=ancestors,
        units=structure.units,
        perspectives=perspectives,
        reporting=structure.reporting,
        own_report=structure.own_report,
        trends=trends,
        attention=highlights.attention,
        attention_total=sum(c.red for c in perspectives.values() if c is not None),
        indicators=highlights.indicators,
        indicators_total=highlights.indicators_total,
        decisions=structure.decisions,
        decisions_total=structure.decisions_total,
        decisions_overdue=structure.decisions_overdue,
        decisions_done_this_month=structure.decisions_done_this_month,
        oldest_open_decision=structure.oldest_open_decision,
        children=structure.children,
        children_total=structure.children_total,
        root_has_goals=structure.root_has_goals,
        without_manager=structure.without_manager,
        without_manager_total=structure.without_manager_total,
    )


# --------------------------------------------------------------------------- helpers


async def person_locales(session: AsyncSession, person_ids: Iterable[int]) -> dict[int, str | None]:
    """Person id -> locale (None when unset) for people who are not erased."""
    ids = sorted(set(person_ids))
    if not ids:
        return {}
    rows = (
        await session.execute(
            select(Person.id, Person.locale).where(Person.id.in_(ids), Person.erased_at.is_(None))
        )
    ).all()
    return {int(pid): locale for pid, locale in rows}
