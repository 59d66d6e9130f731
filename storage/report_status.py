"""Bulk read queries for scheduling and admin status: who has goals, who has reported.

These read many units at once (a kommun has hundreds), unlike the per-report queries of
the report flow.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import or_, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Goal, JobRun, OrgUnit, Person, ReportingPeriod, UnitReport


@dataclass(frozen=True)
class PersonInfo:
    id: int
    name: str
    locale: str | None
    erased: bool


async def goal_counts_by_unit(
    session: AsyncSession, first_day: date, last_day: date
) -> dict[int, Counter[str]]:
    """Active units with goals valid some time in [first_day, last_day]: perspective counts."""
    rows = await session.execute(
        select(Goal.unit_id, Goal.perspective)
        .join(OrgUnit, OrgUnit.id == Goal.unit_id)
        .where(OrgUnit.active.is_(True))
        .where(Goal.valid_from <= last_day)
        .where(or_(Goal.valid_to.is_(None), Goal.valid_to >= first_day))
    )
    out: dict[int, Counter[str]] = {}
    for unit_id, perspective in rows:
        out.setdefault(unit_id, Counter())[perspective] += 1
    return out


async def units_with_goals(
    session: AsyncSession, first_day: date, last_day: date, unit_ids: Collection[int]
) -> set[int]:
    """Which of ``unit_ids`` are active units with goals valid some time in
    [first_day, last_day] (:func:`goal_counts_by_unit`'s keys, for a few units)."""
    if not unit_ids:
        return set()
    rows = await session.execute(
        select(Goal.unit_id).distinct()
        .join(OrgUnit, OrgUnit.id == Goal.unit_id)
        .where(Goal.unit_id.in_(sorted(unit_ids)), OrgUnit.active.is_(True))
        .where(Goal.valid_from <= last_day)
        .where(or_(Goal.valid_to.is_(None), Goal.valid_to >= first_day))
    )
    return set(rows.scalars())


async def report_states(session: AsyncSession, period_id: int,
                        unit_ids: Collection[int] | None = None) -> dict[int, str]:
    """unit id -> ``"submitted"`` or ``"draft"``; units without a report are absent
    (``unit_ids``: only those units)."""
    query = select(UnitReport.unit_id, UnitReport.status).where(
        UnitReport.period_id == period_id)
    if unit_ids is not None:
        query = query.where(UnitReport.unit_id.in_(sorted(unit_ids)))
    rows = await session.execute(query)
    return {unit_id: status for unit_id, status in rows}


async def late_units(session: AsyncSession, period_id: int) -> set[int]:
    """Units whose report for the period was submitted after the deadline."""
    rows = await session.execute(
        select(UnitReport.unit_id)
        .where(UnitReport.period_id == period_id)
        .where(UnitReport.late.is_(True))
    )
    return set(rows.scalars())


async def submitted_pairs(
    session: AsyncSession, pairs: Iterable[tuple[int, str]]
) -> set[tuple[int, str]]:
    """Which (unit id, period) pairs have a submitted report."""
    wanted = sorted(set(pairs))
    found: set[tuple[int, str]] = set()
    for start in range(0, len(wanted), 300):
        chunk = wanted[start : start + 300]
        rows = await session.execute(
            select(UnitReport.unit_id, ReportingPeriod.period)
            .join(ReportingPeriod, ReportingPeriod.id == UnitReport.period_id)
            .where(UnitReport.status == "submitted")
            .where(tuple_(UnitReport.unit_id, ReportingPeriod.period).in_(chunk))
        )
        found.update((u, p) for u, p in rows)
    return found


async def people_info(session: AsyncSession, ids: Iterable[int]) -> dict[int, PersonInfo]:
    wanted = sorted(set(ids))
    out: dict[int, PersonInfo] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        rows = await session.execute(
            select(Person.id, Person.name, Person.locale, Person.erased_at).where(
                Person.id.in_(chunk)
            )
        )
        for pid, name, locale, erased_at in rows:
            out[pid] = PersonInfo(id=pid, name=name, locale=locale, erased=erased_at is not None)
    return out


async def record_job_run(
    session: AsyncSession,
    *,
    job: str,
    period: str | None,
    started_at: datetime,
    finished_at: datetime,
    queued: int,
    error: str | None = None,
) -> None:
    session.add(
        JobRun(
            job=job,
            period=period,
            started_at=started_at,
            finished_at=finished_at,
            queued=queued,
            error=error,
        )
    )
