"""The roll-up on a hand-built tree, on SQLite and (when configured) PostgreSQL.

The tree (today = 4 November 2026, period 2026-10)::

    Kommunen K (no goals of its own)             manager Kim
    ├── Förvaltning A  F1                        manager Fia, acting Stina (now)
    │   ├── Enhet A1  E1   report on time
    │   ├── Enhet A2  E2   report late
    │   └── Enhet A3  E3   report still a draft  manager Ella, acting Vera (now)
    └── Förvaltning B  F2 (no goals)             manager Frans
        ├── Enhet B1  E4   no goals at all
        └── Enhet B2  E5   no report            manager Emil (an old acting has ended)

F1's goal "Nöjda brukare" (indicator, target 80 %) cascades to a goal in E1 and in E2.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import CursorResult, event, select, update
from sqlalchemy.orm import Session

from followup.calendar import CalendarConfig, schedule_for
from followup.org import Assignment, OrgTree, Unit
from followup.summary import StatusCounts, Summary, SummaryLimits, leader_subtrees
from storage.db import make_async_engine, make_sessionmaker, make_sync_engine
from storage.models import (
    Decision,
    Goal,
    GoalResult,
    ManagerAssignment,
    OrgUnit,
    Person,
    ReportingPeriod,
    UnitReport,
)
from storage.rollup import STREAK_LOOKBACK, build_summary

TODAY = date(2026, 11, 4)
CFG = CalendarConfig()
Y2026 = date(2026, 1, 1), date(2026, 12, 31)
Y2025 = date(2025, 1, 1), date(2025, 12, 31)


@dataclass
class Tree:
    url: str
    units: dict[str, int] = field(default_factory=dict)
    people: dict[str, int] = field(default_factory=dict)
    goals: dict[str, int] = field(default_factory=dict)


class _Builder:
    def __init__(self, session: Session, tree: Tree) -> None:
        self.s = session
        self.tree = tree
        self.periods: dict[str, int] = {}
        self.reports: dict[tuple[str, str], UnitReport] = {}

    def unit(self, code: str, name: str, kind: str, parent: str | None) -> None:
        parent_row = self.s.get(OrgUnit, self.tree.units[parent]) if parent else None
        row = OrgUnit(code=code, name=name, kind=kind, path="", depth=0,
                      parent_id=parent_row.id if parent_row else None)
        self.s.add(row)
        self.s.flush()
        row.path = f"{parent_row.path if parent_row else '/'}{row.id}/"
        row.depth = parent_row.depth + 1 if parent_row else 0
        self.tree.units[code] = row.id

    def person(self, name: str) -> None:
        row = Person(name=name, email=f"{name.split()[0].lower()}@example.com")
        self.s.add(row)
        self.s.flush()
        self.tree.people[name] = row.id

    def manage(self, unit: str, person: str, role: str = "manager",
               start: date = date(2024, 1, 1), end: date | None = None) -> None:
        self.s.add(ManagerAssignment(unit_id=self.tree.units[unit],
                                     person_id=self.tree.people[person], role=role,
                                     valid_from=start, valid_to=end))

    def goal(self, key: str, unit: str, perspective: str, title: str, *,
             parent: str | None = None, target: float | None = None,
             years: tuple[date, date] = Y2026, indicator: str = "Andel nöjda",
             indicator_unit: str = "%") -> None:
        row = Goal(unit_id=self.tree.units[unit], perspective=perspective, title=title,
                   indicator_name=indicator if target is not None else None,
                   indicator_unit=indicator_unit if target is not None else None, target=target,
                   direction="higher" if target is not None else None,
                   parent_goal_id=self.tree.goals[parent] if parent else None,
                   valid_from=years[0], valid_to=years[1])
        self.s.add(row)
        self.s.flush()
        self.tree.goals[key] = row.id

    def period(self, period: str) -> int:
        if period not in self.periods:
            sched = schedule_for(period, CFG)
            row = ReportingPeriod(period=period, opens_at=sched.opens_at,
                                  deadline_at=sched.deadline_at, closes_at=sched.closes_at)
            self.s.add(row)
            self.s.flush()
            self.periods[period] = row.id
        return self.periods[period]

    def report(self, unit: str, period: str, *, status: str = "submitted",
               late: bool = False) -> None:
        row = UnitReport(unit_id=self.tree.units[unit], period_id=self.period(period),
                         status=status, late=late,
                         submitted_at=datetime(2026, 1, 1, tzinfo=UTC)
                         if status == "submitted" else None)
        self.s.add(row)
        self.s.flush()
        self.reports[(unit, period)] = row

    def result(self, goal: str, unit: str, period: str, status: str | None,
               value: float | None = None, analysis: str = "", actions: str = "") -> None:
        if (unit, period) not in self.reports:
            self.report(unit, period)
        goal_row = self.s.get(Goal, self.tree.goals[goal])
        assert goal_row is not None
        self.s.add(GoalResult(goal_id=goal_row.id, period_id=self.period(period),
                              unit_id=self.tree.units[unit],
                              report_id=self.reports[(unit, period)].id,
                              perspective=goal_row.perspective, status=status, value=value,
                              analysis=analysis, actions=actions))

    def decision(self, ref: str, unit: str, due: date | None, status: str, *,
                 decided_on: date = date(2026, 3, 1),
                 completed_at: datetime | None = None) -> None:
        self.s.add(Decision(reference=ref, decided_on=decided_on, decided_by="KS",
                            title=f"Beslut {ref}", unit_id=self.tree.units[unit],
                            due_date=due, status=status, completed_at=completed_at,
                            created_at=datetime(2026, 3, 1, tzinfo=UTC)))


def build_tree(url: str) -> Tree:
    tree = Tree(url=url)
    engine = make_sync_engine(url)
    with Session(engine) as session, session.begin():
        b = _Builder(session, tree)
        b.unit("K", "Kommunen", "kommun", None)
        b.unit("F1", "Förvaltning A", "forvaltning", "K")
        b.unit("F2", "Förvaltning B", "forvaltning", "K")
        b.unit("E1", "Enhet A1", "enhet", "F1")
        b.unit("E2", "Enhet A2", "enhet", "F1")
        b.unit("E3", "Enhet A3", "enhet", "F1")
        b.unit("E4", "Enhet B1", "enhet", "F2")
        b.unit("E5", "Enhet B2", "enhet", "F2")
        for name in ("Kim Kommunchef", "Fia Förvaltningschef", "Stina Ställföreträdare",
                     "Frans Förvaltningschef", "Ella Enhetschef", "Vera Vikarie",
                     "Emil Enhetschef", "Olle Gammal"):
            b.person(name)
        b.manage("K", "Kim Kommunchef")
        b.manage("F1", "Fia Förvaltningschef")
        b.manage("F1", "Stina Ställföreträdare", "acting", date(2026, 10, 1), date(2026, 12, 31))
        b.manage("F2", "Frans Förvaltningschef")
        b.manage("E3", "Ella Enhetschef")
        b.manage("E3", "Vera Vikarie", "acting", date(2026, 11, 1), None)
        b.manage("E5", "Emil Enhetschef")
        b.manage("E5", "Olle Gammal", "acting", date(2026, 1, 1), date(2026, 3, 31))

        b.goal("GF", "F1", "citizens", "Nöjda brukare", target=80)
        b.goal("E1c1", "E1", "citizens", "Nöjda elever", parent="GF", target=80)
        b.goal("E1c2", "E1", "citizens", "Trygg skolväg")
        b.goal("E1c2_2025", "E1", "citizens", "Trygg skolväg", years=Y2025)
        b.goal("E1e", "E1", "economy", "Budget i balans")
        b.goal("E2c1", "E2", "citizens", "Nöjda brukare i hemtjänsten", parent="GF", target=75)
        b.goal("E2o", "E2", "operations", "Kontinuitet")
        b.goal("E3m", "E3", "employees", "Låg sjukfrånvaro")
        b.goal("E5c", "E5", "citizens", "Tillgänglig service")

        # Earlier periods: the streak of E1's "Trygg skolväg" starts in August.
        b.result("E1c2", "E1", "2026-06", "green")
        b.result("E1c2", "E1", "2026-08", "red")
        b.result("GF", "F1", "2026-09", "green", 81)
        b.result("E1c1", "E1", "2026-09", "yellow", 78)
        b.result("E1c2", "E1", "2026-09", "red")
        b.result("E1e", "E1", "2026-09", "green")
        b.result("E2c1", "E2", "2026-09", "green", 80)
        b.result("E2o", "E2", "2026-09", "yellow")
        b.result("E1c2_2025", "E1", "2025-10", "yellow")

        # October 2026.
        b.result("GF", "F1", "2026-10", "green", 82)
        b.result("E1c1", "E1", "2026-10", "red", 70, "Färre svar än väntat.", "Ny enkät.")
        b.result("E1c2", "E1", "2026-10", "red", None, "Vägarbete vid skolan.",
                 "Skolvärdar vid övergångsställen.")
        b.result("E1e", "E1", "2026-10", "yellow", None, "Höga vikariekostnader.", "Översyn.")
        b.report("E2", "2026-10", late=True)
        b.result("E2c1", "E2", "2026-10", "red", 72, "Personalbrist.", "Rekrytering.")
        b.result("E2o", "E2", "2026-10", "green")
        b.report("E3", "2026-10", status="draft")
        b.result("E3m", "E3", "2026-10", "green")

        b.decision("KS 2026/1", "E1", date(2026, 11, 3), "in_progress",
                   decided_on=date(2026, 2, 10))
        b.decision("KS 2026/2", "F1", date(2026, 12, 15), "not_started")
        b.decision("KS 2026/3", "E5", date(2026, 10, 1), "done",
                   completed_at=datetime(2026, 11, 2, 8, 0, tzinfo=UTC))
        b.decision("KS 2026/4", "F2", None, "not_started")
        # Done at 00.30 on 1 November in Stockholm (this month) and at 23.30 on 31 October.
        b.decision("KS 2026/5", "E5", date(2026, 10, 1), "done",
                   completed_at=datetime(2026, 10, 31, 23, 30, tzinfo=UTC))
        b.decision("KS 2026/6", "F2", date(2026, 10, 1), "done",
                   completed_at=datetime(2026, 10, 31, 22, 30, tzinfo=UTC))
    engine.dispose()
    return tree


@contextmanager
def extend(tree: Tree) -> Iterator[_Builder]:
    """A builder on the already built tree: knows its periods and reports (commits at exit)."""
    engine = make_sync_engine(tree.url)
    try:
        with Session(engine) as session, session.begin():
            b = _Builder(session, tree)
            names = {pid: period for period, pid in session.execute(
                select(ReportingPeriod.period, ReportingPeriod.id))}
            b.periods.update({period: pid for pid, period in names.items()})
            codes = {uid: code for code, uid in tree.units.items()}
            for report in session.scalars(select(UnitReport)):
                b.reports[(codes[report.unit_id], names[report.period_id])] = report
            yield b
    finally:
        engine.dispose()


@pytest.fixture
async def tree(any_db_url: str) -> AsyncIterator[Tree]:
    yield build_tree(any_db_url)


async def summarise(tree: Tree, unit: str, period: str = "2026-10", *,
                    side_by_side: bool = False) -> Summary:
    engine = make_async_engine(tree.url)
    sessions = make_sessionmaker(engine)
    try:
        async with sessions() as session:
            summary = await build_summary(session, unit_id=tree.units[unit], period=period,
                                          today=TODAY, calendar=CFG,
                                          sessions=sessions if side_by_side else None)
    finally:
        await engine.dispose()
    assert summary is not None
    return summary


async def test_kommun_counts_goals_per_perspective_counting_only_submitted_reports(
    tree: Tree,
) -> None:
    s = await summarise(tree, "K")
    assert s.units == 8
    assert s.perspectives == {
        "citizens": StatusCounts(green=1, yellow=0, red=3, not_reported=1),
        "operations": StatusCounts(green=1),
        "economy": StatusCounts(yellow=1),
        # E3's green is only a draft, so it is not reported yet.
        "employees": StatusCounts(not_reported=1),
    }
    assert not s.root_has_goals
    assert s.own_report == "none"


async def test_perspective_without_goals_is_none_not_zero(tree: Tree) -> None:
    s = await summarise(tree, "F2")
    assert s.perspectives["citizens"] == StatusCounts(not_reported=1)
    assert s.perspectives["operations"] is None
    assert s.perspectives["economy"] is None
    assert s.perspectives["employees"] is None


async def test_reporting_on_time_late_and_missing_with_acting_manager(tree: Tree) -> None:
    s = await summarise(tree, "K")
    r = s.reporting
    # Expected: F1, E1, E2, E3, E5 (units with goals); E4 and the förvaltning B have none.
    assert (r.on_time, r.late, r.missing, r.expected) == (2, 1, 2, 5)
    missing = [(m.unit.code, m.in_charge, m.draft) for m in r.missing_units]
    # Vera stands in for Ella now; Olle's acting period in E5 is over.
    assert missing == [("E3", "Vera Vikarie", True), ("E5", "Emil Enhetschef", False)]


async def test_children_lines_roll_up_their_subtrees(tree: Tree) -> None:
    s = await summarise(tree, "K")
    lines = {c.unit.code: c for c in s.children}
    assert list(lines) == ["F1", "F2"]
    f1 = lines["F1"]
    assert f1.has_children
    assert f1.goals == StatusCounts(green=2, yellow=1, red=3, not_reported=1)
    assert (f1.reporting.on_time, f1.reporting.late, f1.reporting.missing) == (2, 1, 1)
    assert f1.own_report == "on_time"
    f2 = lines["F2"]
    assert f2.goals == StatusCounts(not_reported=1)
    assert f2.own_report == "none"
    f1_summary = await summarise(tree, "F1")
    own = {c.unit.code: c.own_report for c in f1_summary.children}
    assert own == {"E1": "on_time", "E2": "late", "E3": "draft"}
    assert f1_summary.own_report == "on_time" and f1_summary.root_has_goals


async def test_trend_against_previous_period_and_same_month_last_year(tree: Tree) -> None:
    s = await summarise(tree, "K")
    previous, last_year = s.trends
    assert previous.kind == "previous" and previous.period == "2026-09"
    assert (previous.compared, previous.improved, previous.worsened, previous.newly_red) == (
        6, 1, 3, 2
    )
    # Last year's edition of "Trygg skolväg" was yellow; now red.
    assert last_year.kind == "last_year" and last_year.period == "2025-10"
    assert (last_year.compared, last_year.improved, last_year.worsened,
            last_year.newly_red) == (1, 0, 1, 1)


async def test_trend_skips_months_that_are_not_followed_up(tree: Tree) -> None:
    s = await summarise(tree, "E1", "2026-08")
    previous = s.trends[0]
    assert previous.period == "2026-06"  # July is not followed up
    assert (previous.compared, previous.worsened, previous.newly_red) == (1, 1, 1)


async def test_attention_orders_by_streak_then_units_affected(tree: Tree) -> None:
    s = await summarise(tree, "K")
    assert s.attention_total == 3
    items = [(a.unit.code, a.goal_title, a.red_streak, a.units_affected) for a in s.attention]
    assert items == [
        ("E1", "Trygg skolväg", 3, 1),
        ("E1", "Nöjda elever", 1, 2),
        ("E2", "Nöjda brukare i hemtjänsten", 1, 2),
    ]
    first = s.attention[0]
    assert first.analysis == "Vägarbete vid skolan."
    assert first.actions == "Skolvärdar vid övergångsställen."
    assert first.perspective == "citizens"


async def test_red_streak_counts_only_submitted_reports(tree: Tree) -> None:
    # E5's "Tillgänglig service": red in a submitted August report, red only in a draft
    # in September (never submitted), red in October. September was not reported, so the
    # streak is October's alone: the draft neither extends it nor bridges to August.
    with extend(tree) as b:
        b.result("E5c", "E5", "2026-08", "red")
        b.report("E5", "2026-09", status="draft")
        b.result("E5c", "E5", "2026-09", "red")
        b.result("E5c", "E5", "2026-10", "red", None, "Långa köer.", "Fler handläggare.")
    s = await summarise(tree, "F2")
    assert [(a.goal_title, a.red_streak) for a in s.attention] == [("Tillgänglig service", 1)]
    # Submitted in September too: now the three months count.
    with extend(tree) as b:
        b.s.execute(update(UnitReport)
                    .where(UnitReport.unit_id == tree.units["E5"],
                           UnitReport.period_id == b.period("2026-09"))
                    .values(status="submitted", submitted_at=datetime(2026, 10, 5, tzinfo=UTC)))
    s = await summarise(tree, "F2")
    assert [(a.goal_title, a.red_streak) for a in s.attention] == [("Tillgänglig service", 3)]


async def test_indicators_aggregate_cascaded_child_goals(tree: Tree) -> None:
    s = await summarise(tree, "K")
    assert s.indicators_total == 1
    line = s.indicators[0]
    assert line.goal_title == "Nöjda brukare" and line.unit.code == "F1"
    assert (line.value, line.target, line.met) == (82.0, 80.0, True)
    assert (line.child_goals, line.child_reported, line.child_met) == (2, 2, 0)
    assert line.aggregation == "mean"  # a rate (%) is averaged
    assert line.child_aggregate == pytest.approx(71.0) and line.child_aggregated == 2
    # Seen from E1 alone, E1's own goal is the top of the cascade.
    leaf = await summarise(tree, "E1")
    assert [(i.goal_title, i.value, i.met, i.cascades) for i in leaf.indicators] == [
        ("Nöjda elever", 70.0, False, False)
    ]


async def test_cascade_average_only_over_the_same_indicator(tree: Tree) -> None:
    engine = make_sync_engine(tree.url)
    with Session(engine) as session, session.begin():
        b = _Builder(session, tree)
        b.periods["2026-10"] = session.execute(
            select(ReportingPeriod.id).where(ReportingPeriod.period == "2026-10")
        ).scalar_one()
        b.reports[("E1", "2026-10")] = session.execute(
            select(UnitReport).where(UnitReport.unit_id == tree.units["E1"],
                                     UnitReport.period_id == b.periods["2026-10"])
        ).scalar_one()
        b.goal("E1c3", "E1", "citizens", "Många svar", parent="GF", target=50,
               indicator="Svarsfrekvens")
        b.result("E1c3", "E1", "2026-10", "green", 60)
    engine.dispose()
    line = (await summarise(tree, "K")).indicators[0]
    # Of the three child goals only E1c3 (60 against 50) reaches its own target; the mean
    # stays over the two that measure "Andel nöjda" like the parent goal.
    assert (line.child_goals, line.child_reported, line.child_met) == (3, 3, 1)
    assert line.child_aggregate == pytest.approx(71.0) and line.child_aggregated == 2


def _add_budget_cascade(tree: Tree, rule: str | None = None) -> None:
    """F1's budget deviation in tkr, cascaded to E1 (-20 tkr) and E2 (-30 tkr)."""
    with extend(tree) as b:
        b.goal("GB", "F1", "economy", "Budget i balans", target=0, indicator="Avvikelse",
               indicator_unit="tkr")
        b.goal("E1b", "E1", "economy", "Budget i balans E1", parent="GB", target=0,
               indicator="Avvikelse", indicator_unit="tkr")
        b.goal("E2b", "E2", "economy", "Budget i balans E2", parent="GB", target=0,
               indicator="Avvikelse", indicator_unit="tkr")
        b.result("E1b", "E1", "2026-10", "red", -20)
        b.result("E2b", "E2", "2026-10", "red", -30)
        if rule is not None:
            b.s.execute(update(Goal).where(Goal.id == tree.goals["GB"])
                        .values(aggregation=rule))


async def test_amounts_are_summed_not_averaged(tree: Tree) -> None:
    # The issue: the kommun's summary said "Medel för samma indikator: -25 tkr" for money.
    _add_budget_cascade(tree)
    s = await summarise(tree, "K")
    line = next(i for i in s.indicators if i.goal_title == "Budget i balans")
    assert line.aggregation == "sum"
    assert line.child_aggregate == pytest.approx(-50.0) and line.child_aggregated == 2


async def test_an_explicit_aggregation_rule_wins_over_the_unit(tree: Tree) -> None:
    _add_budget_cascade(tree, rule="mean")
    line = next(i for i in (await summarise(tree, "K")).indicators
                if i.goal_title == "Budget i balans")
    assert line.aggregation == "mean"
    assert line.child_aggregate == pytest.approx(-25.0)


async def test_open_decisions_overdue_first(tree: Tree) -> None:
    s = await summarise(tree, "K")
    assert (s.decisions_total, s.decisions_overdue) == (3, 1)
    assert [(d.reference, d.overdue) for d in s.decisions] == [
        ("KS 2026/1", True), ("KS 2026/2", False), ("KS 2026/4", False)
    ]
    f2 = await summarise(tree, "F2")
    assert [d.reference for d in f2.decisions] == ["KS 2026/4"]


async def test_decision_balance_counts_done_this_local_month_and_names_the_oldest_open(
    tree: Tree,
) -> None:
    s = await summarise(tree, "K")
    # 3 open, 1 overdue; done in November in Stockholm: KS 2026/3 and KS 2026/5 (00.30 on
    # 1 November local time), not KS 2026/6 (23.30 on 31 October).
    assert s.decisions_done_this_month == 2
    assert s.oldest_open_decision == ("KS 2026/1", date(2026, 2, 10))
    f2 = await summarise(tree, "F2")  # only its own subtree (E5 is under F2, E1 is not)
    assert f2.decisions_done_this_month == 2
    assert f2.oldest_open_decision == ("KS 2026/4", date(2026, 3, 1))
    f1 = await summarise(tree, "F1")
    assert f1.decisions_done_this_month == 0
    assert f1.oldest_open_decision == ("KS 2026/1", date(2026, 2, 10))


async def test_a_period_nobody_reported_counts_everything_as_not_reported(tree: Tree) -> None:
    s = await summarise(tree, "K", "2026-11")
    assert s.perspectives["citizens"] == StatusCounts(not_reported=5)
    assert s.reporting.missing == 5 and s.attention == ()
    assert all(t.compared == 0 for t in s.trends)


async def test_queries_side_by_side_give_the_same_summary(tree: Tree) -> None:
    for unit in ("K", "F1", "E3"):
        assert await summarise(tree, unit, side_by_side=True) == await summarise(tree, unit)


async def test_ancestors_and_unknown_unit(tree: Tree) -> None:
    s = await summarise(tree, "E3")
    assert [a.code for a in s.ancestors] == ["K", "F1"]
    assert s.parent is not None and s.parent.code == "F1"
    engine = make_async_engine(tree.url)
    async with make_sessionmaker(engine)() as session:
        assert await build_summary(session, unit_id=99999, period="2026-10", today=TODAY,
                                   calendar=CFG) is None
    await engine.dispose()


@dataclass
class Traffic:
    """What one summary cost: the statements sent and the rows fetched into Python."""

    statements: int = 0
    rows: int = 0


def _counting(traffic: Traffic, fetch: Callable[..., Any]) -> Callable[..., Any]:
    def counted(self: CursorResult[Any], *args: Any, **kwargs: Any) -> Any:
        got = fetch(self, *args, **kwargs)
        if isinstance(got, list):
            traffic.rows += len(got)
        elif got is not None:
            traffic.rows += 1
        return got

    return counted


def _counting_iter(traffic: Traffic, fetch: Callable[..., Any]) -> Callable[..., Any]:
    def counted(self: CursorResult[Any]) -> Iterator[Any]:
        for row in fetch(self):
            traffic.rows += 1
            yield row

    return counted


async def summarise_counted(tree: Tree, unit: str, limits: SummaryLimits
                            ) -> tuple[Summary, Traffic]:
    """The summary built on one session (no side-by-side queries), counting statements
    (``before_cursor_execute``) and every row a result hands out (all fetch paths)."""
    traffic = Traffic()
    engine = make_async_engine(tree.url)

    def on_execute(*_args: Any) -> None:
        traffic.statements += 1

    event.listen(engine.sync_engine, "before_cursor_execute", on_execute)
    try:
        with pytest.MonkeyPatch.context() as patch:
            for name in ("_fetchone_impl", "_fetchmany_impl", "_fetchall_impl"):
                patch.setattr(CursorResult, name, _counting(traffic, getattr(CursorResult, name)))
            patch.setattr(CursorResult, "_fetchiter_impl",
                          _counting_iter(traffic, CursorResult._fetchiter_impl))
            async with make_sessionmaker(engine)() as session:
                summary = await build_summary(session, unit_id=tree.units[unit],
                                              period="2026-10", today=TODAY, calendar=CFG,
                                              limits=limits)
    finally:
        await engine.dispose()
    assert summary is not None
    return summary, traffic


def _grow(tree: Tree, units: int) -> int:
    """``units`` more units (under new sections below F1 and F2, so the kommun keeps its two
    children), each with four goals with targets, results for August–October, red
    streaks, late, draft and missing reports and open decisions. Returns the results added."""
    added = 0
    with extend(tree) as b:
        b.unit("F1S", "Sektion A", "sektion", "F1")
        b.unit("F2S", "Sektion B", "sektion", "F2")
        b.person("Sara Sektionschef")
        for i in range(units):
            code = f"X{i:03d}"
            b.unit(code, f"Extra enhet {i:03d}", "enhet", "F1S" if i % 2 else "F2S")
            b.manage(code, "Sara Sektionschef")
            keys = []
            for j, perspective in enumerate(("citizens", "operations", "economy", "employees")):
                key = f"{code}-{j}"
                b.goal(key, code, perspective, f"Mål {j}", target=50 + j)
                keys.append(key)
            b.decision(f"KS 2026/X{i:03d}", code, date(2026, 10, 15 + i % 10), "in_progress")
            if i % 10 == 9:
                continue  # no report at all
            for period in ("2026-08", "2026-09", "2026-10"):
                if period == "2026-10" and i % 10 == 8:
                    b.report(code, period, status="draft")
                elif period == "2026-10" and i % 10 == 7:
                    b.report(code, period, late=True)
                for j, key in enumerate(keys):
                    status = ("red", "yellow", "green")[(i + j) % 3]
                    b.result(key, code, period, status, 40.0 + i % 20, f"Analys {i}", "Åtgärd")
                    added += 1
    return added


async def test_roll_up_statements_are_constant_and_rows_bounded_by_the_lists(
    tree: Tree,
) -> None:
    """The roll-up is computed in SQL: more units and results cost the database work, not
    more statements, and only the aggregates and the lists' first entries reach Python."""
    limits = SummaryLimits(attention=3, missing=3, indicators=2, decisions=2, children=5)
    small, before = await summarise_counted(tree, "K", limits)
    added = _grow(tree, 60)
    big, after = await summarise_counted(tree, "K", limits)

    # The new data is in the summary: counted in SQL, listed up to the limits.
    assert big.units == small.units + 62
    assert big.reporting.expected == small.reporting.expected + 60
    assert big.reporting.missing == small.reporting.missing + 12
    assert len(big.attention) == limits.attention and len(big.reporting.missing_units) == 3
    assert big.attention_total > 60 and big.trends[0].compared > 150
    assert len(big.indicators) == limits.indicators and big.indicators_total > 200
    assert len(big.decisions) == limits.decisions and big.decisions_total > 60

    assert after.statements == before.statements
    # Per statement at most: the limited lists (attention and missing units with up to two
    # people in charge each; indicators with their own line and cascade), the kommun's
    # children (and their own reports), and a fixed number of aggregate rows (one per
    # count, up to four perspectives for the kommun and each of its two children, up to
    # STREAK_LOOKBACK earlier periods, the periods compared with).
    lists = (3 * limits.attention + 3 * limits.missing + 3 * limits.indicators
             + limits.decisions + 2 * limits.children)
    aggregates = 3 * 4 + STREAK_LOOKBACK + 20
    assert after.rows <= lists + aggregates
    assert added > 5 * (lists + aggregates)


def test_leaders_are_the_people_in_charge_of_units_with_children() -> None:
    units = [Unit(1, "K", "K", "kommun", None), Unit(2, "F1", "F1", "forvaltning", 1),
             Unit(3, "F2", "F2", "forvaltning", 1), Unit(4, "E1", "E1", "enhet", 2),
             Unit(5, "E2", "E2", "enhet", 3)]
    assignments = [
        Assignment(1, 100, "manager", date(2024, 1, 1)),
        Assignment(2, 200, "manager", date(2024, 1, 1)),
        Assignment(2, 201, "acting", date(2026, 10, 1), date(2026, 12, 31)),
        Assignment(3, 100, "manager", date(2024, 1, 1)),  # the kommunchef also runs F2
        Assignment(4, 400, "manager", date(2024, 1, 1)),
    ]
    tree = OrgTree.build(units, assignments)
    pairs = [(s.person_id, s.root_id) for s in leader_subtrees(tree, TODAY)]
    assert pairs == [(100, 1), (201, 2)]
    later = [(s.person_id, s.root_id) for s in leader_subtrees(tree, date(2027, 1, 10))]
    assert later == [(100, 1), (200, 2)]
