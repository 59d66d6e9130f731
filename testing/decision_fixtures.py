"""A small organisation with decisions, for decision, GDPR and export tests.

``seed_decision_org(url)`` writes into a migrated, empty database::

    Sjöviks kommun (KOMMUN, Megan Bowen)
    ├── Socialförvaltningen (SOC, Alex Wilber)
    │   ├── Hemtjänst Norr (HEM-N, Adele Vance)
    │   └── Hemtjänst Syd (HEM-S, Lee Gu; acting: Alex Wilber 2026-10-15 – 2026-11-30)
    ├── Barn- och utbildningsförvaltningen (BUF, Bo Berg)
    │   └── Skolan i Sjövik (SKOLA, Cia Carlsson)
    └── Kommunledningskontoret (KLK, Megan Bowen) – no goals

Ada Admin is an administrator. The Playground users map to Megan, Alex and Adele by AAD
object id, so :mod:`testing.harness` users work. Decisions (today = 2026-11-04):

* HEM-N: ``KS 2026/10`` in progress, due 2026-10-15 (overdue), with a comment;
  ``KS 2026/11`` not started, due 2026-12-31; ``KF 2025/5`` done.
* HEM-S: ``KS 2026/20`` not started, no due date.
* SOC:   ``KF 2026/3`` not started, due 2026-11-30.
* SKOLA: ``BUN 2026/7`` not started, due 2026-09-30 (overdue).
* KLK:   ``KS 2026/30`` in progress, due 2027-03-31; ``KS 2026/31`` not started, no due
  date (neither overdue).

Goals: one per unit (HEM-N has two) valid in 2026, with refs ``G-<CODE>-1``, except KLK,
which has none (it gets the decision prompt of its own, not the report round); October
results for HEM-N (submitted by Adele).

KLK and its decisions come last (ids after the others) and add no person, so tests that
count people, managers or the other units' rows are unaffected.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy.orm import Session

from followup.calendar import CalendarConfig, schedule_for
from storage.db import make_sync_engine
from storage.models import (
    Decision,
    DecisionUpdate,
    Goal,
    GoalResult,
    ManagerAssignment,
    OrgUnit,
    ReportingPeriod,
    UnitReport,
)
from testing.report_fixtures import add_people

ALEX_AAD = "00000000-0000-0000-0000-0000000000020"
MEGAN_AAD = "00000000-0000-0000-0000-0000000000021"
ADELE_AAD = "00000000-0000-0000-0000-0000000000022"
LEE_AAD = "00000000-0000-0000-0000-0000000000023"
BO_AAD = "00000000-0000-0000-0000-0000000000024"
CIA_AAD = "00000000-0000-0000-0000-0000000000025"
ADMIN_AAD = "00000000-0000-0000-0000-0000000000099"

UNITS_WITHOUT_GOALS = frozenset({"KLK"})


@dataclass(frozen=True)
class DecisionOrg:
    units: dict[str, int]  # code → id
    people: dict[str, int]  # key → id
    decisions: dict[str, int]  # reference → id
    goals: dict[str, int]  # ref → id
    period_id: int


def seed_decision_org(url: str, cfg: CalendarConfig | None = None) -> DecisionOrg:
    cfg = cfg or CalendarConfig()
    engine = make_sync_engine(url)
    try:
        with Session(engine) as session, session.begin():
            people = add_people(session, (
                ("bo", "Bo Berg", BO_AAD, "bob@example.com"),
                ("cia", "Cia Carlsson", CIA_AAD, "ciac@example.com"),
            ))
            units: dict[str, OrgUnit] = {}

            def unit(code: str, name: str, kind: str, parent: str | None) -> None:
                parent_row = units[parent] if parent else None
                row = OrgUnit(code=code, name=name, kind=kind,
                              parent_id=parent_row.id if parent_row else None, path="/",
                              depth=0 if parent_row is None else parent_row.depth + 1)
                session.add(row)
                session.flush()
                row.path = f"{parent_row.path if parent_row else '/'}{row.id}/"
                units[code] = row

            unit("KOMMUN", "Sjöviks kommun", "kommun", None)
            unit("SOC", "Socialförvaltningen", "forvaltning", "KOMMUN")
            unit("HEM-N", "Hemtjänst Norr", "enhet", "SOC")
            unit("HEM-S", "Hemtjänst Syd", "enhet", "SOC")
            unit("BUF", "Barn- och utbildningsförvaltningen", "forvaltning", "KOMMUN")
            unit("SKOLA", "Skolan i Sjövik", "enhet", "BUF")
            unit("KLK", "Kommunledningskontoret", "forvaltning", "KOMMUN")
            start = date(2026, 1, 1)
            for code, key, role, valid_from, valid_to in (
                ("KOMMUN", "megan", "manager", start, None),
                ("SOC", "alex", "manager", start, None),
                ("HEM-N", "adele", "manager", start, None),
                ("HEM-S", "lee", "manager", start, None),
                ("HEM-S", "alex", "acting", date(2026, 10, 15), date(2026, 11, 30)),
                ("BUF", "bo", "manager", start, None),
                ("SKOLA", "cia", "manager", start, None),
                ("KLK", "megan", "manager", start, None),
            ):
                session.add(ManagerAssignment(unit_id=units[code].id,
                                              person_id=people[key].id, role=role,
                                              valid_from=valid_from, valid_to=valid_to))
            goals: dict[str, Goal] = {}
            for code in units:
                if code in UNITS_WITHOUT_GOALS:
                    continue
                count = 2 if code == "HEM-N" else 1
                for i in range(1, count + 1):
                    ref = f"G-{code}-{i}"
                    goals[ref] = Goal(
                        ref=ref, unit_id=units[code].id,
                        perspective="citizens" if i == 1 else "economy",
                        title=f"Mål {i} för {units[code].name}", description="",
                        indicator_name="Andel nöjda" if i == 1 else None,
                        indicator_unit="%" if i == 1 else None,
                        target=90.0 if i == 1 else None, baseline=None,
                        direction="higher" if i == 1 else None,
                        valid_from=start, valid_to=date(2026, 12, 31), sort_order=i,
                    )
            session.add_all(goals.values())
            session.flush()

            schedule = schedule_for("2026-10", cfg)
            period = ReportingPeriod(period="2026-10", opens_at=schedule.opens_at,
                                     deadline_at=schedule.deadline_at,
                                     closes_at=schedule.closes_at)
            session.add(period)
            session.flush()
            report = UnitReport(unit_id=units["HEM-N"].id, period_id=period.id,
                                status="submitted", version=1,
                                submitted_at=datetime(2026, 11, 3, 13, 5, tzinfo=UTC),
                                submitted_by_id=people["adele"].id,
                                submitted_by_role="manager",
                                updated_at=datetime(2026, 11, 3, 13, 5, tzinfo=UTC),
                                updated_by_id=people["adele"].id)
            session.add(report)
            session.flush()
            for ref, status, value in (("G-HEM-N-1", "green", 92.5),
                                       ("G-HEM-N-2", "yellow", None)):
                session.add(GoalResult(
                    goal_id=goals[ref].id, period_id=period.id, unit_id=units["HEM-N"].id,
                    report_id=report.id, perspective=goals[ref].perspective, status=status,
                    value=value, analysis=f"Analys av {ref}.",
                    actions="" if status == "green" else "Vi ser över rutinerna.",
                    updated_at=datetime(2026, 11, 3, 13, 0, tzinfo=UTC),
                    updated_by_id=people["adele"].id,
                ))

            created = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
            decisions: dict[str, Decision] = {}
            for ref, decided_on, body, title, code, due, status in (
                ("KS 2026/10", date(2026, 2, 10), "KS", "Inför digital signering",
                 "HEM-N", date(2026, 10, 15), "in_progress"),
                ("KS 2026/11", date(2026, 3, 3), "KS", "Utred nattpatrull", "HEM-N",
                 date(2026, 12, 31), "not_started"),
                ("KF 2025/5", date(2025, 11, 20), "KF", "Ny larmrutin", "HEM-N",
                 date(2026, 6, 30), "done"),
                ("KS 2026/20", date(2026, 4, 1), "KS", "Samordna bilpoolen", "HEM-S",
                 None, "not_started"),
                ("KF 2026/3", date(2026, 1, 28), "KF", "Handlingsplan mot ensamhet", "SOC",
                 date(2026, 11, 30), "not_started"),
                ("BUN 2026/7", date(2026, 2, 2), "Barn- och utbildningsnämnden",
                 "Läxhjälp på alla skolor", "SKOLA", date(2026, 9, 30), "not_started"),
                ("KS 2026/30", date(2026, 5, 12), "KS", "Ny arkivplan", "KLK",
                 date(2027, 3, 31), "in_progress"),
                ("KS 2026/31", date(2026, 6, 9), "KS", "Översyn av delegationsordningen",
                 "KLK", None, "not_started"),
            ):
                decisions[ref] = Decision(
                    reference=ref, decided_on=decided_on, decided_by=body, title=title,
                    assignment=f"Uppdrag: {title.lower()}.", unit_id=units[code].id,
                    due_date=due, status=status, created_at=created,
                    completed_at=datetime(2026, 6, 20, 10, 0, tzinfo=UTC)
                    if status == "done" else None,
                )
            session.add_all(decisions.values())
            session.flush()
            session.add(DecisionUpdate(
                decision_id=decisions["KS 2026/10"].id, period="2026-09", status="in_progress",
                comment="Upphandling pågår.", person_id=people["adele"].id,
                created_at=datetime(2026, 10, 5, 8, 0, tzinfo=UTC)))
            session.add(DecisionUpdate(
                decision_id=decisions["KF 2025/5"].id, period="2026-06", status="done",
                comment="Rutinen är införd.", person_id=people["adele"].id,
                created_at=datetime(2026, 6, 20, 10, 0, tzinfo=UTC)))
            return DecisionOrg(
                units={c: u.id for c, u in units.items()},
                people={k: p.id for k, p in people.items()},
                decisions={r: d.id for r, d in decisions.items()},
                goals={r: g.id for r, g in goals.items()},
                period_id=period.id,
            )
    finally:
        engine.dispose()
