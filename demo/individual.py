"""Demo employees with individual goals and check-ins under Adele Vance's förskola
(Förskolan Solrosen, ``BUF-FS-01``): seven pedagogues, so the förskola's aggregate shows
(at least five people), one of them the Agents Playground's fourth user id so the
employee role can be tried."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from demo.organisation import ADELE_UNIT_CODE
from followup.individual import Cadence, checkin_period
from storage.models import Employment, Goal, IndividualCheckin, IndividualGoal, OrgUnit, Person

#: The employee one can try in the Playground (its fourth user id pattern).
EMPLOYEE_AAD_ID = "00000000-0000-0000-0000-0000000000023"

EMPLOYEES: tuple[tuple[str, str, str | None], ...] = (
    ("Lynne Robbins", "lynner@example.com", EMPLOYEE_AAD_ID),
    ("Sara Lind", "sara.lind@example.com", None),
    ("Omar Haddad", "omar.haddad@example.com", None),
    ("Karin Ek", "karin.ek@example.com", None),
    ("Jonas Berg", "jonas.berg@example.com", None),
    ("Elin Nyström", "elin.nystrom@example.com", None),
    ("Ali Demir", "ali.demir@example.com", None),
)

_GOALS = (
    ("Dokumentera varje barns lärande med pedagogisk dokumentation varje vecka",
     "Dokumentationer per vecka", "1"),
    ("Leda utevistelse med naturtema två gånger i veckan", None, None),
    ("Gå utbildningen i språkutvecklande arbetssätt", "Genomförda moduler", "4 av 4"),
)
_COMMENTS = ("Går enligt plan.", "Behöver mer planeringstid.", "", "Bra start efter sommaren.",
             "Sjukfrånvaro i gruppen har påverkat.")


def add_individual(session: Session, *, now: datetime, zone: object) -> int:
    """Insert the employees (flushed, not committed); the number added."""
    rng = random.Random(16)
    unit = session.execute(select(OrgUnit).where(OrgUnit.code == ADELE_UNIT_CODE)).scalar_one()
    today = now.date()
    year = today.year
    unit_goals = list(session.execute(select(Goal.id).where(Goal.unit_id == unit.id)
                                      .order_by(Goal.sort_order, Goal.id)).scalars())
    if not unit_goals:
        return 0
    current = checkin_period(today, Cadence.TERTIAL)
    periods = [p for p in (current.previous().previous(), current.previous(), current)
               if p.year == year]
    for index, (name, email, aad) in enumerate(EMPLOYEES):
        person = Person(name=name, email=email, aad_object_id=aad, title="Förskollärare",
                        locale="sv-SE")
        session.add(person)
        session.flush()
        session.add(Employment(person_id=person.id, unit_id=unit.id,
                               valid_from=date(year - 2, 8, 1), source="demo"))
        agreed_at = datetime(year, 2, 10, 10, 0, tzinfo=now.tzinfo)
        goals = []
        for slot in range(1, 2 + index % 2 + 1):
            title, indicator, target = _GOALS[(index + slot) % len(_GOALS)]
            goal = IndividualGoal(
                person_id=person.id, unit_id=unit.id, year=year, slot=slot,
                unit_goal_id=unit_goals[(index + slot) % len(unit_goals)], title=title,
                indicator_name=indicator, indicator_target=target, created_at=agreed_at,
                manager_ok_at=agreed_at, employee_ok_at=agreed_at + timedelta(days=1))
            session.add(goal)
            goals.append(goal)
        session.flush()
        for goal in goals:
            goal.series_id = goal.id
        for period in periods:
            # The fourth user and one more have not checked in on the current period yet.
            if period == current and index < 2:
                continue
            at = min(now - timedelta(days=1),
                     datetime.combine(period.last_day, datetime.min.time(), tzinfo=now.tzinfo)
                     - timedelta(days=5))
            for goal in goals:
                session.add(IndividualCheckin(
                    person_id=person.id, unit_id=unit.id, goal_id=goal.id,
                    period=period.code, status=rng.choice(("green", "green", "yellow", "red")),
                    comment=rng.choice(_COMMENTS), created_at=at))
    session.flush()
    return len(EMPLOYEES)
