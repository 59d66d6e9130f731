"""Seed the demo kommun's delegationsordningar (BUN, SN), the managers' delegation
roles and a few months of anmälda delegationsbeslut (sync session, like demo.seed)."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from demo.delegation_points import COMMITTEES, TITLE_ROLES, demo_points, role_for_unit
from followup.anmalan import covered_span, earlier_asked, is_reported
from followup.calendar import CalendarConfig, parse_code
from followup.delegation_text import point_search_texts
from followup.mandate import point_sort_key, role_key
from storage.models import (
    DelegatedDecision,
    DelegationNilReport,
    DelegationOrder,
    DelegationPoint,
    ManagerAssignment,
    OrgUnit,
    ReportingPeriod,
    RoleTitle,
    UnitReport,
)

#: (committee, point number, description) of the demo's anmälda beslut, per month
DECISION_SAMPLES: tuple[tuple[str, str, str], ...] = (
    ("BUN", "5.8", "Ledighet för elev i årskurs 4, fem dagar"),
    ("BUN", "5.6", "Tillfällig avstängning av elev i årskurs 8, tre dagar"),
    ("BUN", "3.2", "Anställning av lärare i matematik, tillsvidare"),
    ("BUN", "2.3", "Inköp av läromedel i svenska"),
    ("BUN", "4.1", "Placering i förskola från januari"),
    ("BUN", "3.6", "Tjänstledighet för studier, tre månader"),
    ("SN", "4.1", "Bistånd i form av hemtjänst, 20 timmar per månad"),
    ("SN", "4.4", "Trygghetslarm beviljat"),
    ("SN", "5.1", "Försörjningsstöd enligt riksnorm för december"),
    ("SN", "3.2", "Anställning av undersköterska, tillsvidare"),
    ("SN", "4.7", "Avgift för hemtjänst fastställd"),
)


def seed_delegation(session: Session, *, today: date, now: datetime,
                    cfg: CalendarConfig | None = None) -> int:
    """Insert the ordningar, set the roles, add anmälda beslut; the number of points.
    With ``cfg`` (the demo's calendar) every submitted report of a manager holding points
    has its anmälan answered too (decisions in what it covers, else "inga beslut")."""
    units = {u.code: u for u in session.execute(select(OrgUnit)).scalars()}
    points = demo_points()
    texts = point_search_texts([(p.group, p.matter, p.note, p.legal_ref) for p in points])
    valid_from = date(today.year, 1, 1)
    orders: dict[str, DelegationOrder] = {}
    for committee, (name, _unit) in COMMITTEES.items():
        order = DelegationOrder(committee=committee, committee_name=name, version=1,
                                valid_from=valid_from, valid_to=None, source="demo",
                                imported_at=now)
        session.add(order)
        orders[committee] = order
    session.flush()
    rows: list[DelegationPoint] = []
    for p, (search_matter, search_text) in zip(points, texts, strict=True):
        limit = units.get(p.limit_unit)
        rows.append(DelegationPoint(
            order_id=orders[p.committee].id, number=p.number, sort_order=0,
            matter_group=p.group, matter=p.matter, legal_ref=p.legal_ref,
            delegate_role=p.delegate, limit_unit_id=limit.id if limit else None,
            substitute_role=p.substitute, amount_limit_kr=p.amount_kr,
            subdelegation=False, report_required=p.report_required, note=p.note,
            search_matter=search_matter, search_text=search_text))
    for committee in COMMITTEES:
        mine = sorted((r for r in rows if r.order_id == orders[committee].id),
                      key=lambda r: point_sort_key(r.number))
        for i, row in enumerate(mine, 1):
            row.sort_order = i
    session.add_all(rows)
    session.flush()
    if session.get_bind().dialect.name == "sqlite":
        for row in rows:
            session.execute(text("INSERT INTO delegation_points_fts(rowid, search_text) "
                                 "VALUES (:i, :t)"), {"i": row.id, "t": row.search_text})
    code_of = {u.id: code for code, u in units.items()}
    assignments = list(session.execute(select(ManagerAssignment)).scalars())
    for a in assignments:
        if a.role == "manager":
            a.delegation_role = role_for_unit(code_of.get(a.unit_id, ""))
    for title, role in TITLE_ROLES.items():
        session.add(RoleTitle(title=" ".join(title.casefold().split()), role=role))
    _seed_decisions(session, rows, orders, assignments, code_of, today, now)
    session.flush()
    if cfg is not None:
        _seed_anmalan(session, rows, assignments, valid_from, cfg)
        session.flush()
    return len(rows)


def _seed_anmalan(session: Session, rows: list[DelegationPoint],
                  assignments: list[ManagerAssignment], valid_from: date,
                  cfg: CalendarConfig) -> None:
    """The demo's submitted reports are consistent with the Delegationsbeslut step: each
    submitter holding points to report has answered the anmälan of the period – the
    decisions seeded in what it covers (followup.anmalan), else "inga beslut"."""
    reporting = {role_key(r.delegate_role) for r in rows if r.report_required}
    holders = {a.person_id for a in assignments
               if a.delegation_role and role_key(a.delegation_role) in reporting}
    dates: dict[int, list[date]] = {}
    for person_id, day in session.execute(select(DelegatedDecision.person_id,
                                                 DelegatedDecision.decided_on)):
        dates.setdefault(person_id, []).append(day)
    submitted = session.execute(
        select(UnitReport.submitted_by_id, ReportingPeriod.period, UnitReport.submitted_at)
        .join(ReportingPeriod, ReportingPeriod.id == UnitReport.period_id)
        .where(UnitReport.status == "submitted", UnitReport.submitted_by_id.is_not(None))
        .order_by(UnitReport.submitted_at)).all()
    nil: dict[int, set[str]] = {}
    for submitter, code, at in submitted:
        if submitter is None or submitter not in holders:
            continue
        person_id = int(submitter)
        period = parse_code(code, cfg)
        if period.last_day < valid_from or code in nil.get(person_id, set()):
            continue
        done = nil.setdefault(person_id, set())
        span = covered_span(period, earlier_asked(period, cfg), done, dates.get(person_id, []))
        if not is_reported(code, span, done, dates.get(person_id, [])):
            done.add(code)
            session.add(DelegationNilReport(person_id=person_id, period=code,
                                            confirmed_at=at))


def _seed_decisions(session: Session, rows: list[DelegationPoint],
                    orders: dict[str, DelegationOrder], assignments: list[ManagerAssignment],
                    code_of: dict[int, str], today: date, now: datetime) -> None:
    rng = random.Random(15)
    limits = {uid: code for uid, code in code_of.items()}
    by_key = {(c, r.number): r for c, o in orders.items() for r in rows if r.order_id == o.id}
    managers: dict[str, list[ManagerAssignment]] = {}
    for a in assignments:
        role = a.delegation_role or ""
        if a.role == "manager" and a.valid_to is None and role:
            managers.setdefault(role, []).append(a)
    first = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    months = [first]
    for _ in range(2):
        months.insert(0, (months[0] - timedelta(days=1)).replace(day=1))
    for month in months:
        for committee, number, description in DECISION_SAMPLES:
            point = by_key.get((committee, number))
            if point is None:
                continue
            prefix = limits.get(point.limit_unit_id or 0, "BUF" if committee == "BUN"
                                else "SOC")
            candidates = [a for a in managers.get(point.delegate_role, [])
                          if code_of.get(a.unit_id, "").startswith(prefix)]
            if not candidates:
                continue
            who = rng.choice(candidates)
            day = month + timedelta(days=rng.randint(0, 26))
            if day > today:
                continue
            session.add(DelegatedDecision(
                point_id=point.id, committee=committee, person_id=who.person_id,
                period=f"{day.year:04d}-{day.month:02d}", decided_on=day,
                description=description,
                reference=f"{committee} {day.year}/{rng.randint(100, 999)}",
                amount_kr=None, flag=None, created_at=now))
