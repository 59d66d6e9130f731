"""Seed the demo organisation "Sjöviks kommun" into an empty database.

The content is fictional but realistic: a kommun with five förvaltningar, avdelningar
and enheter over four levels, one manager per unit (some people lead more than one unit,
one unit has a ställföreträdare around ``now``), goals in all four perspectives that
cascade kommunmål → nämndmål → verksamhetsmål, fourteen followed-up months of submitted
reports, a partly reported open period and a handful of decisions (beslut).

The Agents Playground's built-in users are mapped to people (same AAD object ids):

* Alex Wilber — förvaltningschef of Barn- och utbildningsförvaltningen (``BUF``),
* Megan Bowen — kommunchef, manager of the root unit (``SJV``),
* Adele Vance — förskolechef of Förskolan Solrosen (``BUF-FS-01``), a leaf unit.

Their units have no report in the open period, so anyone can try every role. The data
depend only on ``now`` and the calendar settings (a fixed random seed), and everything is
inserted in a few batches so seeding takes well under a second on SQLite.

This module holds the seeding logic and the public entry points (:func:`seed_demo`,
:func:`seed_if_empty`, :func:`has_organisation`, :func:`clear_database`); the content lives
beside it: :mod:`demo.organisation` (municipality, people, units), :mod:`demo.goal_catalogue`
(goal templates), :mod:`demo.phrases` (analysis and action texts), :mod:`demo.history`
(periods, status chains, times), :mod:`demo.indicator_values` (indicator values and their
wording) and :mod:`demo.decisions` (beslut).
"""

from __future__ import annotations

import dataclasses
import random
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from demo.decisions import decision_specs
from demo.goal_catalogue import (
    MONEY_SCALE,
    REF_LETTER,
    SICK_LEAVE_BASELINE,
    GoalTemplate,
    templates_for,
)
from demo.history import (
    HISTORY_PERIODS,
    REOPEN_DAYS,
    current_period_for,
    local_time,
    office_time_between,
    previous_followed_period,
    require_aware,
    status_chain,
    submission_time,
    target_fractions,
)
from demo.indicator_values import clamp_value, decimals_for, value_sentence
from demo.organisation import (
    ACTING_DAYS_AFTER,
    ACTING_DAYS_BEFORE,
    ACTING_PERSON,
    ACTING_UNIT_CODE,
    ADELE_AAD_ID,
    ADELE_UNIT_CODE,
    ALEX_AAD_ID,
    ALEX_UNIT_CODE,
    DEMO_AAD_IDS,
    DEMO_PERSON_KEYS,
    MANAGER_CHANGE_UNIT,
    MEGAN_AAD_ID,
    MEGAN_UNIT_CODE,
    MUNICIPALITY_CODE,
    MUNICIPALITY_NAME,
    PEOPLE,
    PREVIOUS_MANAGER,
    UNITS,
    UnitSpec,
    email_for,
)
from demo.phrases import (
    ACTIONS,
    ANALYSIS,
    ECONOMY_OTHER_ANALYSIS,
    GREEN_ACTIONS,
    RED_FOLLOW_UP,
    level_text,
)
from followup.calendar import (
    CalendarConfig,
    PeriodSchedule,
    parse_code,
    parse_period,
    schedule_for,
)
from followup.org import Assignment, OrgTree, Unit, UnitKind
from followup.perspectives import Perspective
from followup.report_kinds import kind_for_period
from followup.steering_config import SteeringYearConfig
from storage.db import make_sync_engine
from storage.models import (
    Base,
    Decision,
    DecisionUpdate,
    Goal,
    GoalResult,
    LevelAnalysis,
    LevelAnalysisText,
    ManagerAssignment,
    OrgUnit,
    Person,
    ReportingPeriod,
    UnitReport,
)
from storage.org_queries import compute_path

__all__ = [
    "ACTING_UNIT_CODE",
    "ADELE_AAD_ID",
    "ADELE_UNIT_CODE",
    "ALEX_AAD_ID",
    "ALEX_UNIT_CODE",
    "DEMO_AAD_IDS",
    "HISTORY_PERIODS",
    "MEGAN_AAD_ID",
    "MEGAN_UNIT_CODE",
    "MUNICIPALITY_CODE",
    "MUNICIPALITY_NAME",
    "SeedSummary",
    "clear_database",
    "current_period_for",
    "has_organisation",
    "seed_demo",
    "seed_if_empty",
]

# The random generator's seed: the same ``now`` always gives the same data.
_RANDOM_SEED = 20261104

# --------------------------------------------------------------------------- summary


@dataclass(frozen=True)
class SeedSummary:
    """What :func:`seed_demo` inserted."""

    units: int
    people: int
    manager_assignments: int
    goals: int
    periods: int
    reports: int
    goal_results: int
    decisions: int
    decision_updates: int
    current_period: str
    current_period_reopened: bool
    economy_lines: int = 0
    forecasts: int = 0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def lines(self) -> list[str]:
        """Swedish lines for the admin command's output."""
        reopened = " (återöppnad)" if self.current_period_reopened else ""
        return [
            f"Enheter: {self.units}",
            f"Personer: {self.people}",
            f"Chefsuppdrag: {self.manager_assignments}",
            f"Mål: {self.goals}",
            f"Perioder: {self.periods} (öppen period: {self.current_period}{reopened})",
            f"Månadsrapporter: {self.reports}",
            f"Målresultat: {self.goal_results}",
            f"Beslut: {self.decisions} med {self.decision_updates} kommentarer",
            f"Ekonomi: {self.economy_lines} budget- och utfallsrader, "
            f"{self.forecasts} helårsprognoser",
        ]


# --------------------------------------------------------------------------- seeding


@dataclass
class _GoalPlan:
    row: Goal
    unit_code: str
    perspective: Perspective
    theme: str
    decimals: int
    statuses: list[str]
    fractions: list[float]


class _Seeder:
    """One seeding run: holds the rows created so far and the random generator."""

    def __init__(self, session: Session, now: datetime, cfg: CalendarConfig) -> None:
        self.session = session
        self.now = now
        self.cfg = cfg
        self.zone = cfg.zone
        self.today = now.astimezone(self.zone).date()
        self.rng = random.Random(_RANDOM_SEED)
        self.people: dict[str, Person] = {}
        self.units: dict[str, OrgUnit] = {}
        self.specs: dict[str, UnitSpec] = {spec.code: spec for spec in UNITS}
        self.assignment_rows: list[ManagerAssignment] = []
        self.tree: OrgTree | None = None
        self.goals: list[_GoalPlan] = []
        self.goals_by_unit: dict[str, list[_GoalPlan]] = {}
        self.schedules: list[PeriodSchedule] = []
        self.period_rows: dict[str, ReportingPeriod] = {}
        self.report_count = 0
        self.result_count = 0
        self.decision_count = 0
        self.update_count = 0
        self.analysis_count = 0
        self.economy_lines = 0
        self.forecast_count = 0
        self.reopened = False

    # --- organisation ----------------------------------------------------------------
    def add_people(self) -> None:
        rows = []
        for spec in PEOPLE:
            row = Person(
                aad_object_id=spec.aad_object_id,
                name=spec.name,
                email=spec.email or email_for(spec.name),
                title=spec.title,
                locale="sv-SE",
                is_admin=spec.is_admin,
                directory_missing=False,
            )
            self.people[spec.key] = row
            rows.append(row)
        self.session.add_all(rows)

    def add_units(self) -> None:
        depth_of: dict[str, int] = {}
        sibling_index: dict[str | None, int] = {}
        order: dict[str, int] = {}
        for spec in UNITS:
            depth_of[spec.code] = 0 if spec.parent is None else depth_of[spec.parent] + 1
            order[spec.code] = sibling_index.get(spec.parent, 0)
            sibling_index[spec.parent] = order[spec.code] + 1
        for depth in range(max(depth_of.values()) + 1):
            level = [spec for spec in UNITS if depth_of[spec.code] == depth]
            rows: list[tuple[UnitSpec, OrgUnit]] = []
            for spec in level:
                parent = self.units[spec.parent] if spec.parent else None
                row = OrgUnit(
                    code=spec.code,
                    name=spec.name,
                    kind=spec.kind.value,
                    parent_id=parent.id if parent else None,
                    path="",
                    depth=depth,
                    active=True,
                    sort_order=order[spec.code],
                )
                rows.append((spec, row))
            self.session.add_all([row for _, row in rows])
            self.session.flush()
            for spec, row in rows:
                parent = self.units[spec.parent] if spec.parent else None
                row.path, row.depth = compute_path(parent, row.id)
                self.units[spec.code] = row

    def add_assignments(self, history_start: date) -> None:
        rng = self.rng
        change_day = (self.today - timedelta(days=200)).replace(day=1)
        for spec in UNITS:
            unit = self.units[spec.code]
            since = date(history_start.year - rng.randint(1, 8), rng.choice((1, 3, 8)), 1)
            if spec.code == MANAGER_CHANGE_UNIT:
                self.assignment_rows.append(ManagerAssignment(
                    unit_id=unit.id, person_id=self.people[PREVIOUS_MANAGER].id,
                    role="manager", valid_from=since,
                    valid_to=change_day - timedelta(days=1),
                ))
                since = change_day
            self.assignment_rows.append(ManagerAssignment(
                unit_id=unit.id, person_id=self.people[spec.manager].id, role="manager",
                valid_from=since, valid_to=None,
            ))
        acting_unit = self.units[ACTING_UNIT_CODE]
        self.assignment_rows.append(ManagerAssignment(
            unit_id=acting_unit.id,
            person_id=self.people[ACTING_PERSON].id,
            role="acting",
            valid_from=self.today - timedelta(days=ACTING_DAYS_BEFORE),
            valid_to=self.today + timedelta(days=ACTING_DAYS_AFTER),
        ))
        self.session.add_all(self.assignment_rows)
        self.tree = OrgTree.build(
            (Unit(id=u.id, code=u.code, name=u.name, kind=u.kind, parent_id=u.parent_id)
             for u in self.units.values()),
            (Assignment(unit_id=a.unit_id, person_id=a.person_id, role=a.role,
                        valid_from=a.valid_from, valid_to=a.valid_to)
             for a in self.assignment_rows),
        )

    def in_charge(self, unit_code: str, on: date) -> tuple[int | None, str]:
        """Person id and role ("manager"/"acting") running the unit on a day."""
        assert self.tree is not None
        unit_id = self.units[unit_code].id
        acting = self.tree.acting_manager(unit_id, on)
        if acting is not None:
            return acting, "acting"
        return self.tree.manager(unit_id, on), "manager"

    # --- goals -----------------------------------------------------------------------
    def add_goals(self, valid_from: date, history_length: int) -> None:
        rng = self.rng
        administration_of: dict[str, str] = {}
        for spec in UNITS:
            if spec.kind is UnitKind.ADMINISTRATION:
                administration_of[spec.code] = spec.code
            elif spec.parent is not None and spec.parent in administration_of:
                administration_of[spec.code] = administration_of[spec.parent]

        tiers = (
            [s for s in UNITS if s.kind is UnitKind.MUNICIPALITY],
            [s for s in UNITS if s.kind is UnitKind.ADMINISTRATION],
            [s for s in UNITS if s.kind in (UnitKind.DIVISION, UnitKind.UNIT)],
        )
        for tier, specs in enumerate(tiers):
            tier_rows: list[Goal] = []
            for spec in specs:
                parent_code: str | None = None
                if tier == 1:
                    parent_code = MUNICIPALITY_CODE
                elif tier == 2:
                    parent_code = administration_of[spec.code]
                for perspective, templates in templates_for(rng, spec).items():
                    for number, template in enumerate(templates, start=1):
                        plan = self._goal_plan(
                            spec, perspective, number, template, valid_from, history_length,
                            parent_code,
                        )
                        tier_rows.append(plan.row)
            self.session.add_all(tier_rows)
            self.session.flush()

    def _goal_plan(
        self,
        spec: UnitSpec,
        perspective: Perspective,
        number: int,
        template: GoalTemplate,
        valid_from: date,
        history_length: int,
        parent_code: str | None,
    ) -> _GoalPlan:
        rng = self.rng
        baseline, target = template.baseline, template.target
        if template.indicator == "Sjukfrånvaro" and baseline is None:
            base = SICK_LEAVE_BASELINE[spec.profile.split("+")[0]]
            baseline = round(base + rng.uniform(-0.6, 0.6), 1)
            target = round(baseline - 1.5, 1)
        if template.unit == "tkr" and baseline is not None and target is not None:
            scale = MONEY_SCALE[spec.kind]
            baseline = round(baseline * scale * rng.uniform(0.8, 1.2), -1)
            target = round(target * scale, -1)
        direction: str | None = None
        decimals = 0
        if baseline is not None and target is not None:
            direction = "higher" if target >= baseline else "lower"
            decimals = decimals_for(template.unit, baseline, target)
        prefix = MUNICIPALITY_CODE if spec.code == MUNICIPALITY_CODE else (
            f"{MUNICIPALITY_CODE}-{spec.code}"
        )
        row = Goal(
            ref=f"{prefix}-{REF_LETTER[perspective]}{number}",
            unit_id=self.units[spec.code].id,
            perspective=perspective.value,
            title=template.title,
            description=template.description,
            indicator_name=template.indicator,
            indicator_unit=template.unit,
            target=target,
            baseline=baseline,
            direction=direction,
            aggregation=template.aggregation,
            parent_goal_id=self._parent_goal(parent_code, perspective, template.theme),
            valid_from=valid_from,
            valid_to=None,
            sort_order=number,
        )
        statuses = status_chain(rng, history_length + 1)
        plan = _GoalPlan(
            row=row, unit_code=spec.code, perspective=perspective, theme=template.theme,
            decimals=decimals, statuses=statuses, fractions=[],
        )
        self.goals.append(plan)
        self.goals_by_unit.setdefault(spec.code, []).append(plan)
        return plan

    def _parent_goal(self, parent_code: str | None, perspective: Perspective,
                     theme: str) -> int | None:
        if parent_code is None:
            return None
        candidates = [
            g for g in self.goals_by_unit.get(parent_code, []) if g.perspective is perspective
        ]
        if not candidates:
            return None
        same_theme = [g for g in candidates if g.theme == theme]
        if same_theme:
            return same_theme[0].row.id
        # A unit goal without a matching nämndmål still supports one half of the time;
        # nämndmål always support a kommunmål.
        if parent_code == MUNICIPALITY_CODE or self.rng.random() < 0.5:
            return candidates[0].row.id
        return None

    def add_red_streaks(self, history_length: int) -> None:
        """Some goals stay red for the last few months (a persistent problem)."""
        rng = self.rng
        forced = [
            next(g for g in self.goals_by_unit[ADELE_UNIT_CODE]
                 if g.perspective is Perspective.ECONOMY),
            next(g for g in self.goals_by_unit[ALEX_UNIT_CODE]
                 if g.perspective is Perspective.EMPLOYEES),
        ]
        others = [g for g in self.goals if g not in forced and g.row.target is not None]
        for plan in forced + rng.sample(others, max(3, len(self.goals) // 40)):
            streak = rng.randint(3, 5)
            for index in range(history_length - streak, history_length + 1):
                plan.statuses[index] = "red"
        for plan in self.goals:
            plan.fractions = target_fractions(rng, plan.statuses)

    # --- periods and reports ---------------------------------------------------------
    def add_periods(self, current: str) -> None:
        periods = [current]
        while len(periods) <= HISTORY_PERIODS:
            periods.append(previous_followed_period(periods[-1], self.cfg))
        periods.reverse()
        self.schedules = [schedule_for(p, self.cfg) for p in periods]
        rows = []
        for schedule in self.schedules:
            row = ReportingPeriod(
                period=schedule.period,
                opens_at=schedule.opens_at,
                deadline_at=schedule.deadline_at,
                closes_at=schedule.closes_at,
                reopened_until=None,
            )
            if schedule.period == current and schedule.closes_at <= self.now:
                row.reopened_until = self.now + timedelta(days=REOPEN_DAYS)
                self.reopened = True
            self.period_rows[schedule.period] = row
            rows.append(row)
        self.session.add_all(rows)

    def add_reports(self) -> None:
        rng = self.rng
        history = self.schedules[:-1]
        current = self.schedules[-1]
        demo_units = self._demo_unit_codes()
        candidates = [s.code for s in UNITS if s.code not in demo_units and s.parent]
        missing = {
            (code, rng.randrange(len(history)))
            for code in rng.sample(candidates, 3)
        }
        # the steering year's tertial is in from every unit (a try-out shows it whole)
        missing = {(code, i) for code, i in missing
                   if parse_code(history[i].period, self.cfg).kind == "month"}

        pending: list[tuple[UnitReport, str, int, bool]] = []  # report, unit, index, full
        for index, schedule in enumerate(history):
            for spec in UNITS:
                if (spec.code, index) in missing:
                    continue
                late = rng.random() < 0.10
                submitted_at = submission_time(rng, schedule, self.zone, late=late)
                person_id, role = self.in_charge(spec.code, submitted_at.date())
                report = UnitReport(
                    unit_id=self.units[spec.code].id,
                    period_id=self.period_rows[schedule.period].id,
                    status="submitted",
                    late=submitted_at > schedule.deadline_at,
                    version=rng.randint(1, 3),
                    submitted_at=submitted_at,
                    submitted_by_id=person_id,
                    submitted_by_role=role,
                    updated_at=submitted_at,
                    updated_by_id=person_id,
                )
                pending.append((report, spec.code, index, True))

        index = len(history)
        for spec in UNITS:
            if spec.code in demo_units:
                continue
            state = rng.choices(("submitted", "draft", "none"), weights=(45, 25, 30))[0]
            if state == "none":
                continue
            if state == "submitted":
                at = office_time_between(rng, current.opens_at + timedelta(minutes=5),
                                          self.now, self.zone)
                person_id, role = self.in_charge(spec.code, at.astimezone(self.zone).date())
                report = UnitReport(
                    unit_id=self.units[spec.code].id,
                    period_id=self.period_rows[current.period].id,
                    status="submitted",
                    late=at > current.deadline_at,
                    version=1,
                    submitted_at=at,
                    submitted_by_id=person_id,
                    submitted_by_role=role,
                    updated_at=at,
                    updated_by_id=person_id,
                )
                pending.append((report, spec.code, index, True))
            else:
                at = office_time_between(rng, current.opens_at + timedelta(minutes=5),
                                          self.now, self.zone)
                person_id, _ = self.in_charge(spec.code, at.astimezone(self.zone).date())
                report = UnitReport(
                    unit_id=self.units[spec.code].id,
                    period_id=self.period_rows[current.period].id,
                    status="draft",
                    late=False,
                    version=1,
                    submitted_at=None,
                    updated_at=at,
                    updated_by_id=person_id,
                )
                pending.append((report, spec.code, index, False))

        self.session.add_all([report for report, _, _, _ in pending])
        self.session.flush()
        self.report_count = len(pending)

        results: list[dict[str, Any]] = []
        for report, code, index, full in pending:
            plans = self.goals_by_unit[code]
            if not full:
                plans = plans[: rng.randint(1, 3)]
            schedule = self.schedules[index]
            assert report.updated_at is not None
            for plan in plans:
                results.append(self._result(plan, report, index, schedule))
        if results:
            self.session.execute(insert(GoalResult), results)
        self.result_count = len(results)

    def _demo_unit_codes(self) -> set[str]:
        assert self.tree is not None
        demo_ids = {self.people[k].id for k in DEMO_PERSON_KEYS}
        return {
            code for code, unit in self.units.items()
            if self.tree.manager_in_charge(unit.id, self.today) in demo_ids
            or self.tree.manager(unit.id, self.today) in demo_ids
        }

    def _result(
        self, plan: _GoalPlan, report: UnitReport, index: int, schedule: PeriodSchedule
    ) -> dict[str, Any]:
        rng = self.rng
        goal = plan.row
        status = plan.statuses[index]
        value: float | None = None
        value_text = ""
        if goal.baseline is not None and goal.target is not None:
            raw = goal.baseline + (goal.target - goal.baseline) * plan.fractions[index]
            value = round(clamp_value(raw, goal.indicator_unit), plan.decimals)
            value_text = value_sentence(
                goal, plan.decimals, plan.fractions, index, value, schedule.period
            )
        if plan.perspective is Perspective.ECONOMY and plan.theme != "budget":
            analysis = rng.choice(ECONOMY_OTHER_ANALYSIS[status])
        else:
            analysis = rng.choice(ANALYSIS[plan.perspective][status])
        if value_text:
            analysis = f"{value_text} {analysis}"
        actions = ""
        if status == "green":
            if rng.random() < 0.2:
                actions = rng.choice(GREEN_ACTIONS)
        else:
            chosen = rng.sample(ACTIONS[plan.perspective], 2 if status == "red" else 1)
            if status == "red":
                chosen.append(RED_FOLLOW_UP)
            actions = "\n".join(chosen)
        assert report.updated_at is not None
        updated_at = max(
            schedule.opens_at, report.updated_at - timedelta(minutes=rng.randint(1, 40))
        )
        extra: dict[str, str] | None = None
        if kind_for_period(schedule.period).asks("year_end"):
            # bedömd måluppfyllelse vid årets slut: mostly as now, sometimes a step better
            better = {"red": "yellow", "yellow": "green", "green": "green"}
            extra = {"year_end": better[status] if rng.random() < 0.3 else status}
        return {
            "goal_id": goal.id,
            "period_id": report.period_id,
            "unit_id": goal.unit_id,
            "report_id": report.id,
            "perspective": goal.perspective,
            "status": status,
            "value": value,
            "analysis": analysis,
            "actions": actions,
            "extra": extra,
            "updated_at": updated_at,
            "updated_by_id": report.updated_by_id,
        }

    # --- the leaders' analyses of the steering year's tertial ----------------------------
    def add_level_analyses(self) -> None:
        """Every leader's *sammanfattande analys* of their level for each submitted
        tertial (T1), per perspective, marked klar."""
        parents = {spec.parent for spec in UNITS if spec.parent}
        for schedule in self.schedules[:-1]:
            if parse_code(schedule.period, self.cfg).kind != "tertial":
                continue
            row = self.period_rows[schedule.period]
            at = schedule.summary_at
            for code in sorted(parents):
                person_id, _ = self.in_charge(code, at.astimezone(self.zone).date())
                analysis = LevelAnalysis(
                    unit_id=self.units[code].id, period_id=row.id, status="done", version=1,
                    updated_at=at, updated_by_id=person_id, done_at=at, done_by_id=person_id)
                self.session.add(analysis)
                self.session.flush()
                name = self.specs[code].name
                self.session.add_all([
                    LevelAnalysisText(analysis_id=analysis.id, perspective=p.value,
                                      text=level_text(name, p, self.rng))
                    for p in Perspective])
                self.analysis_count += 1

    # --- decisions -------------------------------------------------------------------
    def add_decisions(self) -> None:
        today = self.today
        def day(offset: int) -> date:
            return today + timedelta(days=offset)

        decisions: list[tuple[Decision, str, list[tuple[int, str, str]]]] = []
        for (reference, decided, decided_by, title, assignment, unit_code, due, status,
             updates) in decision_specs(today):
            created = local_time(day(decided), 9, 0, self.zone)
            last = local_time(day(updates[-1][0]), 13, 30, self.zone) if updates else None
            row = Decision(
                reference=reference,
                decided_on=day(decided),
                decided_by=decided_by,
                title=title,
                assignment=assignment,
                unit_id=self.units[unit_code].id,
                due_date=day(due) if due is not None else None,
                status=status,
                created_at=created,
                updated_at=last or created,
                completed_at=last if status in ("done", "cancelled") else None,
            )
            decisions.append((row, unit_code, updates))
        self.session.add_all([row for row, _, _ in decisions])
        self.session.flush()
        self.decision_count = len(decisions)

        update_rows = []
        for row, unit_code, updates in decisions:
            for offset, status, comment in updates:
                at = local_time(day(offset), 13, 30, self.zone)
                person_id, _ = self.in_charge(unit_code, at.date())
                update_rows.append(DecisionUpdate(
                    decision_id=row.id,
                    period=self._period_at(at),
                    status=status,
                    comment=comment,
                    created_at=at,
                    person_id=person_id,
                ))
        self.session.add_all(update_rows)
        self.update_count = len(update_rows)

    # --- economy ---------------------------------------------------------------------
    def add_economy(self, current: str) -> None:
        """Budget and utfall 2025–2026 for the units without children, and their
        helårsprognoser in the followed months of the current year (in the open month from
        the units that already reported, not the demo users' own)."""
        from demo.economy import leaves_of_demo, plan_economy
        from followup.calendar import asked_period
        from storage.models import EconomyForecast, EconomyLine

        year, month = parse_period(current)
        # a month asked as part of a longer period (April in T1) has its forecast too
        followed = {m for m in range(1, 13) if asked_period(year, m, self.cfg) is not None}
        leaves = leaves_of_demo()
        demo_units = self._demo_unit_codes()
        done = {code for i, (code, _p) in enumerate(leaves)
                if code not in demo_units and i % 3 != 0}
        plan = plan_economy(leaves, year=year, month=month, followed_months=followed,
                            current_done=done)
        imported = self.now - timedelta(days=1)
        lines = [
            {"kind": kind, "unit_id": self.units[code].id, "year": y, "month": m,
             "account_group": "", "amount_kr": amount, "source": "sie", "imported_at": imported}
            for kind, values in (("budget", plan.budget), ("utfall", plan.utfall))
            for (code, y, m), amount in values.items()]
        self.session.execute(insert(EconomyLine), lines)
        rows = []
        for (code, y, m), (forecast, comment) in plan.forecasts.items():
            asked = asked_period(y, m, self.cfg)
            schedule = next((sc for sc in self.schedules if sc.period == asked), None)
            at = (schedule.opens_at + timedelta(days=2)) if schedule else imported
            at = min(at, self.now)
            person_id, _role = self.in_charge(code, at.date())
            rows.append({"unit_id": self.units[code].id, "year": y, "month": m,
                         "forecast_kr": forecast, "comment": comment,
                         "author_person_id": person_id, "created_at": at})
        if rows:
            self.session.execute(insert(EconomyForecast), rows)
        self.economy_lines = len(lines)
        self.forecast_count = len(rows)

    def _period_at(self, at: datetime) -> str | None:
        """The latest seeded period that had opened at ``at``."""
        found: str | None = None
        for schedule in self.schedules:
            if schedule.opens_at <= at:
                found = schedule.period
        return found


def seed_demo(
    session: Session,
    *,
    now: datetime,
    tz_name: str = "Europe/Stockholm",
    calendar_cfg: CalendarConfig | None = None,
) -> SeedSummary:
    """Insert the demo kommun into ``session`` (flushed, not committed).

    ``now`` (timezone-aware) decides which period is open: the latest followed-up month
    that has opened. If it has already closed at ``now``, it is reopened for 45 days.
    ``tz_name`` builds the default calendar when ``calendar_cfg`` is not given. The
    database must not already hold the demo data (codes and references are unique).
    """
    require_aware(now)
    cfg = calendar_cfg if calendar_cfg is not None else CalendarConfig(timezone=tz_name)
    if cfg.steering is None:  # the demo runs the steering year (T1, delår, helår)
        cfg = dataclasses.replace(cfg, steering=SteeringYearConfig())
    seeder = _Seeder(session, now, cfg)
    current = current_period_for(now, cfg)

    seeder.add_periods(current)
    first_year, first_month = parse_period(seeder.schedules[0].period)
    history_start = date(first_year, first_month, 1)

    seeder.add_people()
    seeder.add_units()  # flushes the people too
    seeder.add_assignments(history_start)
    seeder.add_goals(history_start, HISTORY_PERIODS)
    seeder.add_red_streaks(HISTORY_PERIODS)
    seeder.add_reports()
    seeder.add_level_analyses()
    seeder.add_decisions()
    seeder.add_economy(current)
    session.flush()
    from demo.individual import add_individual

    add_individual(session, now=now, zone=cfg.zone)

    from demo.delegation import seed_delegation

    seed_delegation(session, today=seeder.today, now=now, cfg=cfg)

    return SeedSummary(
        units=len(seeder.units),
        people=len(seeder.people),
        manager_assignments=len(seeder.assignment_rows),
        goals=len(seeder.goals),
        periods=len(seeder.schedules),
        reports=seeder.report_count,
        goal_results=seeder.result_count,
        decisions=seeder.decision_count,
        decision_updates=seeder.update_count,
        current_period=current,
        current_period_reopened=seeder.reopened,
        economy_lines=seeder.economy_lines,
        forecasts=seeder.forecast_count,
    )


def has_organisation(session: Session) -> bool:
    """Whether any organisation unit exists."""
    return session.execute(select(OrgUnit.id).limit(1)).first() is not None


def clear_database(session: Session) -> None:
    """Delete every row of every Målbot table (children first). Not committed."""
    session.execute(
        update(OrgUnit).values(parent_id=None).execution_options(synchronize_session=False)
    )
    if session.get_bind().dialect.name == "sqlite":
        from sqlalchemy import text

        session.execute(text("DELETE FROM delegation_points_fts"))
    for table in reversed(Base.metadata.sorted_tables):
        session.execute(table.delete())


def seed_if_empty(
    database_url: str,
    *,
    tz_name: str = "Europe/Stockholm",
    now: datetime | None = None,
    calendar_cfg: CalendarConfig | None = None,
) -> bool:
    """Seed the demo kommun when the (migrated) database has no organisation yet.

    Returns True when it seeded. Another process seeding at the same moment makes this
    one back off (unique codes), which also returns False.
    """
    moment = now if now is not None else datetime.now(UTC)
    engine = make_sync_engine(database_url)
    try:
        with Session(engine) as session:
            if has_organisation(session):
                return False
            try:
                seed_demo(session, now=moment, tz_name=tz_name, calendar_cfg=calendar_cfg)
                session.commit()
            except IntegrityError:
                session.rollback()
                if has_organisation(session):
                    return False
                raise
            return True
    finally:
        engine.dispose()
