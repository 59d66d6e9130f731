"""Build small organisations (and fan-out sized ones) straight into a database.

For tests and benchmarks of the scheduler: units, people, manager assignments (acting
ones too), goals, stored conversation references and report states.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from followup.calendar import CalendarConfig, schedule_for
from storage.db import make_sync_engine
from storage.models import (
    ConversationRef,
    Goal,
    ManagerAssignment,
    OrgUnit,
    Person,
    ReportingPeriod,
    UnitReport,
)
from storage.org_queries import compute_path

TENANT = "00000000-0000-0000-0000-0000000000aa"
YEAR_START = date(2026, 1, 1)
YEAR_END = date(2026, 12, 31)


def conversation_id_for(person_id: int) -> str:
    return f"a:conv-{person_id}"


def reference_json(person_id: int, aad: str | None, service_url: str) -> dict[str, Any]:
    return {
        "channelId": "msteams",
        "serviceUrl": service_url,
        "conversation": {
            "id": conversation_id_for(person_id),
            "conversationType": "personal",
            "tenantId": TENANT,
        },
        "user": {"id": f"29:{aad or person_id}", "aadObjectId": aad},
        "bot": {"id": "28:malbot", "name": "Målbot"},
    }


class OrgBuilder:
    """``with OrgBuilder(url) as org: root = org.unit("K", "Kommunen") …`` (commits at exit)."""

    def __init__(self, database_url: str) -> None:
        self._engine: Engine = make_sync_engine(database_url)
        self.session = Session(self._engine, expire_on_commit=False)
        self._periods: dict[str, int] = {}

    def __enter__(self) -> OrgBuilder:
        return self

    def __exit__(self, exc_type: object, *_rest: object) -> None:
        if exc_type is None:
            self.session.commit()
        self.session.close()
        self._engine.dispose()

    def unit(self, code: str, name: str, parent: int | None = None, kind: str = "enhet") -> int:
        parent_row = self.session.get(OrgUnit, parent) if parent is not None else None
        row = OrgUnit(code=code, name=name, kind=kind, parent_id=parent, path="/", depth=0)
        self.session.add(row)
        self.session.flush()
        row.path, row.depth = compute_path(parent_row, row.id)
        return row.id

    def person(
        self, name: str, aad: str | None = None, *, locale: str | None = "sv-SE",
        admin: bool = False, email: str | None = None,
    ) -> int:
        row = Person(name=name, aad_object_id=aad, locale=locale, is_admin=admin, email=email)
        self.session.add(row)
        self.session.flush()
        return row.id

    def manage(
        self, unit_id: int, person_id: int, *, role: str = "manager",
        valid_from: date = YEAR_START, valid_to: date | None = None,
    ) -> None:
        self.session.add(ManagerAssignment(unit_id=unit_id, person_id=person_id, role=role,
                                           valid_from=valid_from, valid_to=valid_to))

    def goal(self, unit_id: int, perspective: str = "citizens", title: str = "Nöjda invånare",
             *, valid_from: date = YEAR_START, valid_to: date | None = YEAR_END) -> int:
        row = Goal(unit_id=unit_id, perspective=perspective, title=title,
                   valid_from=valid_from, valid_to=valid_to)
        self.session.add(row)
        self.session.flush()
        return row.id

    def reference(self, person_id: int, aad: str | None, service_url: str) -> None:
        self.session.add(ConversationRef(
            user_key=(aad or f"person-{person_id}").lower(),
            person_id=person_id,
            conversation_id=conversation_id_for(person_id),
            service_url=service_url,
            channel_id="msteams",
            tenant_id=TENANT,
            reference=reference_json(person_id, aad, service_url),
            updated_at=datetime.now(UTC),
        ))

    def period(self, period: str, cfg: CalendarConfig | None = None) -> int:
        if period in self._periods:
            return self._periods[period]
        existing = self.session.execute(
            select(ReportingPeriod.id).where(ReportingPeriod.period == period)
        ).scalar_one_or_none()
        if existing is not None:
            self._periods[period] = existing
            return existing
        schedule = schedule_for(period, cfg or CalendarConfig())
        row = ReportingPeriod(period=period, opens_at=schedule.opens_at,
                              deadline_at=schedule.deadline_at, closes_at=schedule.closes_at)
        self.session.add(row)
        self.session.flush()
        self._periods[period] = row.id
        return row.id

    def report(self, unit_id: int, period: str, status: str = "submitted", *,
               late: bool = False) -> None:
        period_id = self.period(period)
        self.session.add(UnitReport(
            unit_id=unit_id, period_id=period_id, status=status, late=late, version=1,
            submitted_at=datetime.now(UTC) if status == "submitted" else None,
        ))


def build_fanout_org(
    database_url: str, n: int, service_url: str, *, without_reference: int = 0
) -> list[int]:
    """A kommun with ``n`` units, each with its own manager, one goal and (except for the
    last ``without_reference`` managers) a stored conversation reference at
    ``service_url``. Returns the managers' person ids."""
    people: list[int] = []
    with OrgBuilder(database_url) as org:
        root = org.unit("KOMMUN", "Fanout kommun", kind="kommun")
        boss = org.person("Kommunchef", "aad-boss")
        org.manage(root, boss)
        for i in range(n):
            unit = org.unit(f"U{i:05d}", f"Enhet {i:05d}", root)
            aad = f"aad-{i:05d}"
            person = org.person(f"Chef {i:05d}", aad)
            org.manage(unit, person)
            org.goal(unit)
            if i < n - without_reference:
                org.reference(person, aad, service_url)
            people.append(person)
    return people


def build_checkin_org(
    database_url: str, n: int, service_url: str, *, without_reference: int = 0,
    per_unit: int = 25, year: int = 2026,
) -> list[int]:
    """A kommun with ``n`` employees (``per_unit`` a unit, each unit with a manager and a
    goal), each with one agreed individual goal of ``year`` linked to it and (except the
    last ``without_reference``) a stored 1:1 conversation. Returns the employees' ids."""
    from datetime import UTC, date, datetime

    from sqlalchemy import insert

    from storage.models import Employment, IndividualGoal

    people: list[int] = []
    agreed = datetime(year, 2, 1, 9, 0, tzinfo=UTC)
    with OrgBuilder(database_url) as org:
        root = org.unit("KOMMUN", "Check-in kommun", kind="kommun")
        org.manage(root, org.person("Kommunchef", "aad-boss"))
        jobs: list[dict[str, Any]] = []
        goals: list[dict[str, Any]] = []
        unit = goal = 0
        for i in range(n):
            if i % per_unit == 0:
                unit = org.unit(f"E{i // per_unit:05d}", f"Enhet {i // per_unit:05d}", root)
                org.manage(unit, org.person(f"Chef {i // per_unit:05d}", f"aad-chef-{i:05d}"))
                goal = org.goal(unit)
            aad = f"aad-emp-{i:05d}"
            person = org.person(f"Medarbetare {i:05d}", aad)
            jobs.append({"person_id": person, "unit_id": unit, "valid_from": date(year, 1, 1),
                         "source": "import"})
            goals.append({"person_id": person, "unit_id": unit, "year": year, "slot": 1,
                          "unit_goal_id": goal, "title": "Ett eget mål", "created_at": agreed,
                          "manager_ok_at": agreed, "employee_ok_at": agreed})
            if i < n - without_reference:
                org.reference(person, aad, service_url)
            people.append(person)
        org.session.execute(insert(Employment), jobs)
        org.session.execute(insert(IndividualGoal), goals)
    return people
