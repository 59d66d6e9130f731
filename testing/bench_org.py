"""A generated organisation for benchmarks: many units, each with a manager and a fixed
number of goals per perspective (so every card step carries exactly that many goals).

``seed_bench_org(url, units=..., goals_per_perspective=...)`` fills a migrated, empty
database: a kommun with ``units`` enheter under it, one manager per enhet (AAD ids
``bench-<n>``), ``goals_per_perspective`` goals with a percentage indicator in each of
the four perspectives, the reporting periods of September and October 2026 from the
calendar, and submitted September results for every goal (so "last month" has data, as
it would in a real kommun). Inserted in a few batches: seconds even for thousands of goals.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import insert, select, text, update
from sqlalchemy.orm import Session

from followup.calendar import CalendarConfig, schedule_for
from followup.perspectives import PERSPECTIVE_ORDER
from storage.db import make_sync_engine
from storage.models import (
    Goal,
    GoalResult,
    ManagerAssignment,
    OrgUnit,
    Person,
    ReportingPeriod,
    UnitReport,
)

PERIOD = "2026-10"
LAST_PERIOD = "2026-09"
#: A moment inside the open October 2026 period (as the demo's DEMO_NOW).
BENCH_NOW = datetime(2026, 11, 4, 9, 30, tzinfo=UTC)


@dataclass(frozen=True)
class BenchManager:
    """One manager and their unit's goals, per perspective key, in card order."""

    aad_object_id: str
    name: str
    unit_id: int
    goals: dict[str, tuple[int, ...]]


def seed_bench_org(url: str, *, units: int, goals_per_perspective: int,
                   cfg: CalendarConfig | None = None) -> list[BenchManager]:
    cfg = cfg or CalendarConfig()
    if units < 1 or goals_per_perspective < 1:
        raise ValueError("units and goals_per_perspective must be at least 1")
    engine = make_sync_engine(url)
    year_start, year_end = date(2026, 1, 1), date(2026, 12, 31)
    try:
        with Session(engine) as session, session.begin():
            periods = {}
            for period in (LAST_PERIOD, PERIOD):
                schedule = schedule_for(period, cfg)
                row = ReportingPeriod(period=period, opens_at=schedule.opens_at,
                                      deadline_at=schedule.deadline_at,
                                      closes_at=schedule.closes_at)
                session.add(row)
                periods[period] = row
            root = OrgUnit(code="BENCH", name="Bänkviks kommun", kind="kommun", path="/",
                           depth=0)
            session.add(root)
            session.flush()
            root.path = f"/{root.id}/"
            session.execute(insert(Person), [
                {"name": f"Chef {n}", "aad_object_id": f"bench-{n:05d}",
                 "email": f"chef{n}@bench.example"} for n in range(units)])
            session.execute(insert(OrgUnit), [
                {"code": f"E{n:05d}", "name": f"Enhet {n}", "kind": "enhet",
                 "parent_id": root.id, "path": "/", "depth": 1, "sort_order": n}
                for n in range(units)])
            people = dict(session.execute(
                select(Person.aad_object_id, Person.id).where(
                    Person.aad_object_id.like("bench-%"))).all())
            unit_ids = dict(session.execute(
                select(OrgUnit.code, OrgUnit.id).where(OrgUnit.parent_id == root.id)
            ).all())
            for uid in unit_ids.values():
                session.execute(update(OrgUnit).where(OrgUnit.id == uid)
                                .values(path=f"{root.path}{uid}/"))
            session.execute(insert(ManagerAssignment), [
                {"unit_id": unit_ids[f"E{n:05d}"], "person_id": people[f"bench-{n:05d}"],
                 "role": "manager", "valid_from": year_start, "valid_to": None}
                for n in range(units)])
            goal_rows = []
            for n in range(units):
                for p_index, perspective in enumerate(PERSPECTIVE_ORDER):
                    for g in range(goals_per_perspective):
                        goal_rows.append({
                            "unit_id": unit_ids[f"E{n:05d}"], "perspective": perspective.value,
                            "title": f"Mål {p_index + 1}.{g + 1} för enhet {n}",
                            "description": "Ett mål med en indikator i procent, som i en "
                            "vanlig kommuns verksamhetsplan.",
                            "indicator_name": "Andel nöjda", "indicator_unit": "%",
                            "target": 90.0, "baseline": 80.0, "direction": "higher",
                            "valid_from": year_start, "valid_to": year_end,
                            "sort_order": g,
                        })
            session.execute(insert(Goal), goal_rows)
            goals = session.execute(
                select(Goal.id, Goal.unit_id, Goal.perspective)
                .where(Goal.unit_id.in_(list(unit_ids.values())))
                .order_by(Goal.unit_id, Goal.sort_order, Goal.id)
            ).all()
            last = periods[LAST_PERIOD]
            submitted = datetime(2026, 10, 6, 9, 0, tzinfo=UTC)
            session.execute(insert(UnitReport), [
                {"unit_id": uid, "period_id": last.id, "status": "submitted", "version": 1,
                 "submitted_at": submitted, "submitted_by_role": "manager"}
                for uid in unit_ids.values()])
            reports = dict(session.execute(
                select(UnitReport.unit_id, UnitReport.id).where(
                    UnitReport.period_id == last.id)).all())
            session.execute(insert(GoalResult), [
                {"goal_id": gid, "period_id": last.id, "unit_id": uid,
                 "report_id": reports[uid], "perspective": key, "status": "green",
                 "value": 88.0, "analysis": "September gick enligt plan.", "actions": ""}
                for gid, uid, key in goals])
            by_unit: dict[int, dict[str, list[int]]] = {}
            for gid, uid, key in goals:
                by_unit.setdefault(uid, {}).setdefault(key, []).append(gid)
            return [
                BenchManager(
                    aad_object_id=f"bench-{n:05d}", name=f"Chef {n}",
                    unit_id=unit_ids[f"E{n:05d}"],
                    goals={p.value: tuple(by_unit[unit_ids[f"E{n:05d}"]][p.value])
                           for p in PERSPECTIVE_ORDER},
                )
                for n in range(units)
            ]
    finally:
        engine.dispose()


def analyze(url: str) -> None:
    """``ANALYZE`` the whole database, as PostgreSQL's autovacuum does soon after a bulk
    load (a bench that measured before it would time plans made without statistics, or
    the ANALYZE itself running meanwhile)."""
    engine = make_sync_engine(url)
    try:
        with engine.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT").execute(text("ANALYZE"))
    finally:
        engine.dispose()
