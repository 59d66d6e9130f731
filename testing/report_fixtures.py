"""A small, known organisation for report tests and benchmarks (independent of the demo).

``seed_report_org(url)`` writes into a migrated, empty database:

* Sjövik kommun (KOMMUN, manager Megan Bowen) → Socialförvaltningen (SOC, Alex Wilber,
  with own goals) → Hemtjänst Norr (HEM-N, Adele Vance) and Hemtjänst Syd (HEM-S,
  manager Lee Gu, acting manager Alex Wilber during the test month);
* goals in all four perspectives with indicators in %, st, dagar and mkr;
* periods 2026-09 (with Alex's submitted results: "last month") and 2026-10, from the
  default calendar (2026-10: opens 2 November 08:00, deadline 6 November 16:00).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy.orm import Session

from followup.calendar import CalendarConfig, schedule_for
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

ALEX_AAD = "00000000-0000-0000-0000-0000000000020"
MEGAN_AAD = "00000000-0000-0000-0000-0000000000021"
ADELE_AAD = "00000000-0000-0000-0000-0000000000022"
LEE_AAD = "00000000-0000-0000-0000-0000000000023"
ADMIN_AAD = "00000000-0000-0000-0000-0000000000099"

# (perspective, title, indicator, unit, target, baseline, direction)
SOC_GOALS: tuple[tuple[str, str, str | None, str | None, float | None, float | None,
                       str | None], ...] = (
    ("citizens", "Nöjda brukare", "Andel nöjda brukare", "%", 90.0, 84.0, "higher"),
    ("citizens", "Kort väntetid till bistånd", "Väntetid", "dagar", 14.0, 21.0, "lower"),
    ("operations", "Trygg hemtjänst", "Antal avvikelser", "st", 5.0, 12.0, "lower"),
    ("operations", "Digital dokumentation", None, None, None, None, None),
    ("economy", "Budget i balans", "Budgetavvikelse", "mkr", 0.0, -1.5, "higher"),
    ("employees", "Frisk arbetsplats", "Sjukfrånvaro", "%", 6.0, 8.2, "lower"),
)


@dataclass(frozen=True)
class ReportOrg:
    kommun_id: int
    soc_id: int
    hem_n_id: int
    hem_s_id: int
    alex_id: int
    megan_id: int
    adele_id: int
    lee_id: int
    admin_id: int
    soc_goal_ids: tuple[int, ...]
    hem_n_goal_ids: tuple[int, ...]
    sept_id: int
    oct_id: int


def _period(session: Session, period: str, cfg: CalendarConfig) -> ReportingPeriod:
    schedule = schedule_for(period, cfg)
    row = ReportingPeriod(period=period, opens_at=schedule.opens_at,
                          deadline_at=schedule.deadline_at, closes_at=schedule.closes_at)
    session.add(row)
    session.flush()
    return row


PersonRow = tuple[str, str, str, str]  # key, name, AAD object id, e-mail
FIXTURE_PEOPLE: tuple[PersonRow, ...] = (
    ("megan", "Megan Bowen", MEGAN_AAD, "meganb@example.com"),
    ("alex", "Alex Wilber", ALEX_AAD, "alexw@example.com"),
    ("adele", "Adele Vance", ADELE_AAD, "adelev@example.com"),
    ("lee", "Lee Gu", LEE_AAD, "leeg@example.com"),
    ("admin", "Ada Admin", ADMIN_AAD, "admin@example.com"),
)


def add_people(session: Session, extra: tuple[PersonRow, ...] = ()) -> dict[str, Person]:
    """The fixtures' people (``admin`` is an administrator), flushed so they have ids."""
    people = {
        key: Person(name=name, aad_object_id=aad, email=email)
        for key, name, aad, email in (*FIXTURE_PEOPLE, *extra)
    }
    people["admin"].is_admin = True
    session.add_all(people.values())
    session.flush()
    return people


def seed_report_org(url: str, cfg: CalendarConfig | None = None) -> ReportOrg:
    cfg = cfg or CalendarConfig()
    engine = make_sync_engine(url)
    try:
        with Session(engine) as session, session.begin():
            people = add_people(session)

            def unit(code: str, name: str, kind: str, parent: OrgUnit | None) -> OrgUnit:
                row = OrgUnit(code=code, name=name, kind=kind,
                              parent_id=parent.id if parent else None, path="/",
                              depth=0 if parent is None else parent.depth + 1)
                session.add(row)
                session.flush()
                row.path = f"{parent.path if parent else '/'}{row.id}/"
                return row

            kommun = unit("KOMMUN", "Sjöviks kommun", "kommun", None)
            soc = unit("SOC", "Socialförvaltningen", "forvaltning", kommun)
            hem_n = unit("HEM-N", "Hemtjänst Norr", "enhet", soc)
            hem_s = unit("HEM-S", "Hemtjänst Syd", "enhet", soc)
            year_start = date(2026, 1, 1)
            for unit_row, person, role, start, end in (
                (kommun, people["megan"], "manager", year_start, None),
                (soc, people["alex"], "manager", year_start, None),
                (hem_n, people["adele"], "manager", year_start, None),
                (hem_s, people["lee"], "manager", year_start, None),
                (hem_s, people["alex"], "acting", date(2026, 10, 15), date(2026, 11, 30)),
            ):
                session.add(ManagerAssignment(unit_id=unit_row.id, person_id=person.id,
                                              role=role, valid_from=start, valid_to=end))

            def goals(unit_row: OrgUnit) -> list[Goal]:
                rows = []
                for i, (persp, title, ind, ind_unit, target, base, direction) in enumerate(
                    SOC_GOALS
                ):
                    row = Goal(unit_id=unit_row.id, perspective=persp, title=title,
                               description=f"{title} – beskrivning för {unit_row.name}.",
                               indicator_name=ind, indicator_unit=ind_unit, target=target,
                               baseline=base, direction=direction, valid_from=year_start,
                               valid_to=date(2026, 12, 31), sort_order=i)
                    session.add(row)
                    rows.append(row)
                session.flush()
                return rows

            soc_goals = goals(soc)
            hem_n_goals = goals(hem_n)
            goals(hem_s)

            sept = _period(session, "2026-09", cfg)
            octo = _period(session, "2026-10", cfg)
            report = UnitReport(unit_id=soc.id, period_id=sept.id, status="submitted",
                                version=1, submitted_at=datetime(2026, 10, 6, 9, 0, tzinfo=UTC),
                                submitted_by_id=people["alex"].id, submitted_by_role="manager")
            session.add(report)
            session.flush()
            last_values = {
                0: ("green", 88.0), 1: ("yellow", 18.0), 2: ("green", 6.0), 3: ("green", None),
                4: ("red", -2.5), 5: ("yellow", 7.1),
            }
            for i, goal in enumerate(soc_goals):
                status, value = last_values[i]
                session.add(GoalResult(
                    goal_id=goal.id, period_id=sept.id, unit_id=soc.id, report_id=report.id,
                    perspective=goal.perspective, status=status, value=value,
                    analysis=f"September: {goal.title.lower()} följer plan.",
                    actions="" if status == "green" else "Fortsatt uppföljning varje vecka.",
                ))
            return ReportOrg(
                kommun_id=kommun.id, soc_id=soc.id, hem_n_id=hem_n.id, hem_s_id=hem_s.id,
                alex_id=people["alex"].id, megan_id=people["megan"].id,
                adele_id=people["adele"].id, lee_id=people["lee"].id,
                admin_id=people["admin"].id,
                soc_goal_ids=tuple(g.id for g in soc_goals),
                hem_n_goal_ids=tuple(g.id for g in hem_n_goals),
                sept_id=sept.id, oct_id=octo.id,
            )
    finally:
        engine.dispose()
