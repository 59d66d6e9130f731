"""Delegationsordningar, delegation roles and anmälda delegationsbeslut (SQL only).

Full-text search over the points: SQLite keeps an FTS5 table ``delegation_points_fts``
(rowid = point id) beside the points; PostgreSQL searches ``to_tsvector('swedish',
search_text)`` (GIN index, migration 0009). Both index the search text of
:mod:`followup.delegation_text`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any, cast

from sqlalchemy import Date, Table, bindparam, delete, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from followup.mandate import OrderVersion, Point, RoleGrant
from followup.mandate_views import ReportedDecision
from storage.core_sql import run_core
from storage.models import (
    DelegatedDecision,
    DelegationNilReport,
    DelegationOrder,
    DelegationPoint,
    ManagerAssignment,
    Person,
    RoleTitle,
)


def _is_sqlite(session: AsyncSession) -> bool:
    return session.get_bind().dialect.name == "sqlite"


def _point(row: DelegationPoint, committee: str) -> Point:
    return Point(id=row.id, order_id=row.order_id, committee=committee, number=row.number,
                 group=row.matter_group, matter=row.matter, legal_ref=row.legal_ref,
                 delegate_role=row.delegate_role, limit_unit_id=row.limit_unit_id,
                 substitute_role=row.substitute_role, amount_limit_kr=row.amount_limit_kr,
                 subdelegation=row.subdelegation, report_required=row.report_required,
                 note=row.note)


def _version(row: DelegationOrder) -> OrderVersion:
    return OrderVersion(row.id, row.committee, row.version, row.valid_from, row.valid_to)


async def load_versions(session: AsyncSession) -> list[OrderVersion]:
    rows = (await session.execute(select(DelegationOrder).order_by(
        DelegationOrder.committee, DelegationOrder.version))).scalars()
    return [_version(r) for r in rows]


async def committee_names(session: AsyncSession) -> dict[str, str]:
    rows = (await session.execute(select(DelegationOrder).order_by(
        DelegationOrder.version))).scalars()
    return {r.committee: r.committee_name for r in rows}


def versions_on(versions: Iterable[OrderVersion], on: date) -> list[OrderVersion]:
    return [v for v in versions if v.covers(on)]


async def load_points(session: AsyncSession, versions: Sequence[OrderVersion]) -> list[Point]:
    """The points of ``versions``, in committee and point order."""
    committee = {v.id: v.committee for v in versions}
    if not committee:
        return []
    rows = (await session.execute(
        select(DelegationPoint).where(DelegationPoint.order_id.in_(committee))
        .order_by(DelegationPoint.order_id, DelegationPoint.sort_order))).scalars()
    return [_point(r, committee[r.order_id]) for r in rows]


async def search_texts(session: AsyncSession,
                       versions: Sequence[OrderVersion]) -> dict[int, tuple[str, str]]:
    """point id → (search text of the ärende, search text of the whole point)."""
    ids = [v.id for v in versions]
    if not ids:
        return {}
    rows = await session.execute(
        select(DelegationPoint.id, DelegationPoint.search_matter, DelegationPoint.search_text)
        .where(DelegationPoint.order_id.in_(ids)))
    return {pid: (matter, whole) for pid, matter, whole in rows}


async def full_text_candidates(session: AsyncSession, versions: Sequence[OrderVersion],
                               terms: Sequence[str], limit: int = 60) -> list[int]:
    """Point ids of ``versions`` matching any of ``terms``, best first, by the database's
    full-text search (FTS5 bm25 on SQLite, ts_rank with the swedish configuration on
    PostgreSQL)."""
    ids = [v.id for v in versions]
    clean = [t for t in dict.fromkeys(terms) if t.replace("_", "").isalnum()]
    if not ids or not clean:
        return []
    order_list = ", ".join(str(int(i)) for i in ids)
    if _is_sqlite(session):
        match = " OR ".join(f'"{t}"' for t in clean)
        sql = text(
            "SELECT f.rowid FROM delegation_points_fts f JOIN delegation_points p "
            f"ON p.id = f.rowid WHERE delegation_points_fts MATCH :q AND p.order_id IN "
            f"({order_list}) ORDER BY bm25(delegation_points_fts) LIMIT :n")
        rows = await session.execute(sql, {"q": match, "n": limit})
    else:
        query = " | ".join(clean)
        sql = text(
            "SELECT id FROM delegation_points WHERE to_tsvector('swedish', search_text) "
            f"@@ to_tsquery('swedish', :q) AND order_id IN ({order_list}) "
            "ORDER BY ts_rank(to_tsvector('swedish', search_text), "
            "to_tsquery('swedish', :q)) DESC, id LIMIT :n")
        rows = await session.execute(sql, {"q": query, "n": limit})
    return [int(r[0]) for r in rows]


@dataclass(frozen=True)
class NewPoint:
    number: str
    sort_order: int
    group: str
    matter: str
    legal_ref: str
    delegate_role: str
    limit_unit_id: int | None
    substitute_role: str
    amount_limit_kr: int | None
    subdelegation: bool
    report_required: bool
    note: str
    search_matter: str
    search_text: str


async def add_points(session: AsyncSession, order_id: int, points: Sequence[NewPoint]) -> None:
    rows = [DelegationPoint(order_id=order_id, number=p.number, sort_order=p.sort_order,
                            matter_group=p.group, matter=p.matter, legal_ref=p.legal_ref,
                            delegate_role=p.delegate_role, limit_unit_id=p.limit_unit_id,
                            substitute_role=p.substitute_role,
                            amount_limit_kr=p.amount_limit_kr, subdelegation=p.subdelegation,
                            report_required=p.report_required, note=p.note,
                            search_matter=p.search_matter, search_text=p.search_text)
            for p in points]
    session.add_all(rows)
    await session.flush()
    if _is_sqlite(session):
        for row in rows:
            await session.execute(
                text("INSERT INTO delegation_points_fts(rowid, search_text) VALUES (:i, :t)"),
                {"i": row.id, "t": row.search_text})


async def remove_points(session: AsyncSession, order_id: int) -> None:
    ids = list((await session.execute(select(DelegationPoint.id).where(
        DelegationPoint.order_id == order_id))).scalars())
    if _is_sqlite(session) and ids:
        await session.execute(text(
            "DELETE FROM delegation_points_fts WHERE rowid IN ("
            + ", ".join(str(int(i)) for i in ids) + ")"))
    await session.execute(delete(DelegationPoint).where(DelegationPoint.order_id == order_id))


async def load_grants(session: AsyncSession) -> list[RoleGrant]:
    rows = (await session.execute(select(ManagerAssignment))).scalars()
    return [RoleGrant(a.person_id, a.unit_id, a.role == "acting", a.valid_from, a.valid_to,
                      a.delegation_role) for a in rows]


async def title_roles(session: AsyncSession) -> dict[int, str | None]:
    """person id → the role their job title gives (mapped by delegation_role_titles)."""
    mapping = {r.title: r.role for r in (await session.execute(select(RoleTitle))).scalars()}
    if not mapping:
        return {}
    people = await session.execute(select(Person.id, Person.title).where(
        Person.title.is_not(None)))
    return {pid: mapping.get(" ".join(title.casefold().split()))
            for pid, title in people if title}


async def set_role_titles(session: AsyncSession, mapping: dict[str, str]) -> None:
    for title, role in mapping.items():
        key = " ".join(title.casefold().split())
        row = (await session.execute(select(RoleTitle).where(RoleTitle.title == key))
               ).scalar_one_or_none()
        if row is None:
            session.add(RoleTitle(title=key, role=role))
        else:
            row.role = role
    await session.flush()


# --- anmälda delegationsbeslut -------------------------------------------------


async def add_decision(session: AsyncSession, *, point: Point, person_id: int,
                       decided_on: date, description: str, reference: str | None,
                       amount_kr: int | None, flag: str | None, now: datetime) -> int:
    row = DelegatedDecision(point_id=point.id, committee=point.committee, person_id=person_id,
                            period=f"{decided_on.year:04d}-{decided_on.month:02d}",
                            decided_on=decided_on, description=description,
                            reference=reference, amount_kr=amount_kr, flag=flag,
                            created_at=now)
    session.add(row)
    await session.flush()
    return row.id


async def confirm_no_decisions(session: AsyncSession, person_id: int, period: str,
                               now: datetime) -> bool:
    """False when already confirmed."""
    existing = (await session.execute(select(DelegationNilReport).where(
        DelegationNilReport.person_id == person_id, DelegationNilReport.period == period))
    ).scalar_one_or_none()
    if existing is not None:
        return False
    session.add(DelegationNilReport(person_id=person_id, period=period, confirmed_at=now))
    await session.flush()
    return True


async def nil_reports(session: AsyncSession, period: str) -> dict[int, str]:
    """person id → name of those who confirmed "inga beslut" in ``period``."""
    rows = await session.execute(
        select(Person.id, Person.name).join(DelegationNilReport,
                                            DelegationNilReport.person_id == Person.id)
        .where(DelegationNilReport.period == period))
    return {pid: name for pid, name in rows}


@cache
def _decisions_stmt(by_committee: bool, by_person: bool) -> Any:
    """Anmälda beslut dated ``start``..``end`` with the decider's name, in date order,
    optionally of one nämnd / one person (Core, built once per shape)."""
    d, people = cast(Table, DelegatedDecision.__table__).c, cast(Table, Person.__table__).c
    stmt = (select(d.id, d.point_id, d.committee, d.person_id, people.name, d.decided_on,
                   d.description, d.reference, d.amount_kr, d.flag)
            .join_from(DelegatedDecision.__table__, Person.__table__, people.id == d.person_id)
            .where(d.decided_on >= bindparam("start", type_=Date),
                   d.decided_on <= bindparam("end", type_=Date)))
    if by_committee:
        stmt = stmt.where(d.committee == bindparam("committee"))
    if by_person:
        stmt = stmt.where(d.person_id == bindparam("person_id"))
    return stmt.order_by(d.decided_on, d.id)


async def decisions_between(session: AsyncSession, *, committee: str | None = None,
                            person_id: int | None = None, start: date,
                            end: date) -> list[ReportedDecision]:
    rows = await run_core(session, _decisions_stmt(committee is not None,
                                                   person_id is not None),
                          {"start": start, "end": end, "committee": committee,
                           "person_id": person_id})
    return [ReportedDecision(*row) for row in rows]


@cache
def _nil_periods_stmt() -> Any:
    nil = cast(Table, DelegationNilReport.__table__).c
    return select(nil.period).where(nil.person_id == bindparam("person_id"))


async def nil_periods_of(session: AsyncSession, person_id: int) -> set[str]:
    """The periods in which ``person_id`` confirmed "inga beslut"."""
    rows = await run_core(session, _nil_periods_stmt(), {"person_id": person_id})
    return {str(code) for (code,) in rows}


async def points_by_id(session: AsyncSession, ids: Iterable[int]) -> dict[int, Point]:
    wanted = list(set(ids))
    if not wanted:
        return {}
    rows = await session.execute(
        select(DelegationPoint, DelegationOrder.committee)
        .join(DelegationOrder, DelegationOrder.id == DelegationPoint.order_id)
        .where(DelegationPoint.id.in_(wanted)))
    return {p.id: _point(p, committee) for p, committee in rows}
