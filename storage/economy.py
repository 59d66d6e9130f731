"""SQL of the economy: replace imported months, sum a subtree's budget, utfall and
helårsprognos, and store a unit's forecast.

An import names, per unit and month, the lines it brings (one total, or one per account
group). Importing replaces exactly those unit-months: lines of other months are kept, so
re-importing October changes October only, and the same file twice changes nothing. A
changed or removed unit-month gets an audit entry (before → after); the lines of a first
import are audited as one entry per import (counts), not one per unit-month.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any, cast

from sqlalchemy import Table, bindparam, case, delete, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from followup.economy import economy_position
from followup.economy_step import ForecastMonth, SubtreeEconomy, UnitDeviation
from storage import audit
from storage.core_sql import run_core
from storage.models import EconomyForecast, EconomyLine, OrgUnit
from storage.read_cache import ECONOMY, kept

#: (unit id, year, month, account group) -> kronor
LineKey = tuple[int, int, int, str]


@dataclass(frozen=True)
class EconomyChanges:
    created: int = 0  # unit-months that had no lines
    changed: int = 0  # unit-months whose lines differ
    unchanged: int = 0
    lines_written: int = 0

    @property
    def total(self) -> int:
        return self.created + self.changed + self.unchanged


def _by_unit_month(lines: Mapping[LineKey, int]) -> dict[tuple[int, int, int], dict[str, int]]:
    out: dict[tuple[int, int, int], dict[str, int]] = {}
    for (unit_id, year, month, group), amount in lines.items():
        out.setdefault((unit_id, year, month), {})[group] = amount
    return out


async def replace_months(session: AsyncSession, *, kind: str, lines: Mapping[LineKey, int],
                         source: str, actor_person_id: int | None, actor_label: str,
                         now: datetime, dry_run: bool = False) -> EconomyChanges:
    """Write ``lines`` (see the module docstring); the caller commits."""
    wanted = _by_unit_month(lines)
    if not wanted:
        return EconomyChanges()
    years = sorted({year for _u, year, _m in wanted})
    units = {unit for unit, _y, _m in wanted}
    stored: dict[tuple[int, int, int], dict[str, tuple[int, int]]] = {}
    rows = await session.execute(
        select(EconomyLine.id, EconomyLine.unit_id, EconomyLine.year, EconomyLine.month,
               EconomyLine.account_group, EconomyLine.amount_kr)
        .where(EconomyLine.kind == kind, EconomyLine.year.in_(years)))
    for line_id, unit_id, year, month, group, amount in rows:
        if unit_id in units:
            stored.setdefault((unit_id, year, month), {})[group] = (line_id, amount)

    created = changed = unchanged = 0
    inserts: list[dict[str, object]] = []
    updates: list[dict[str, object]] = []
    deletes: list[int] = []
    for key, groups in wanted.items():
        before = stored.get(key, {})
        if not before:
            created += 1
        elif {g: a for g, (_i, a) in before.items()} == groups:
            unchanged += 1
            continue
        else:
            changed += 1
            audit.record(
                session, actor_person_id=actor_person_id, actor_label=actor_label,
                action=f"economy.{kind}.replace", entity="economy",
                entity_id=f"{kind}:{key[0]}:{key[1]}-{key[2]:02d}",
                before={g: a for g, (_i, a) in before.items()}, after=dict(groups),
                details=source, at=now)
        unit_id, year, month = key
        for group, amount in groups.items():
            existing = before.get(group)
            if existing is None:
                inserts.append({"kind": kind, "unit_id": unit_id, "year": year,
                                "month": month, "account_group": group, "amount_kr": amount,
                                "source": source, "imported_at": now})
            elif existing[1] != amount:
                updates.append({"id": existing[0], "amount_kr": amount, "source": source,
                                "imported_at": now})
        deletes.extend(line_id for group, (line_id, _a) in before.items()
                       if group not in groups)
    result = EconomyChanges(created, changed, unchanged,
                            len(inserts) + len(updates) + len(deletes))
    if dry_run:
        return result
    if inserts:
        await session.execute(insert(EconomyLine), inserts)
    if updates:
        await session.execute(update(EconomyLine), updates)
    if deletes:
        await session.execute(delete(EconomyLine).where(EconomyLine.id.in_(deletes)))
    if created:
        audit.record(session, actor_person_id=actor_person_id, actor_label=actor_label,
                     action=f"economy.{kind}.import", entity="economy", entity_id=kind,
                     after={"unit_months": created, "years": years}, details=source, at=now)
    return result


async def subtree_by_month(session: AsyncSession, *, root_unit_id: int, year: int,
                           kind: str) -> dict[int, int]:
    """month -> kronor summed over the active units of ``root_unit_id``'s subtree."""
    root_path = (await session.execute(
        select(OrgUnit.path).where(OrgUnit.id == root_unit_id))).scalar_one_or_none()
    if root_path is None:
        return {}
    rows = await session.execute(
        select(EconomyLine.month, func.sum(EconomyLine.amount_kr))
        .join(OrgUnit, OrgUnit.id == EconomyLine.unit_id)
        .where(EconomyLine.kind == kind, EconomyLine.year == year,
               OrgUnit.active.is_(True), OrgUnit.path.like(f"{root_path}%"))
        .group_by(EconomyLine.month))
    return {int(month): int(total) for month, total in rows}


async def units_with_budget(session: AsyncSession, year: int) -> set[int]:
    rows = await session.execute(
        select(EconomyLine.unit_id).where(EconomyLine.kind == "budget", EconomyLine.year == year)
        .distinct())
    return set(rows.scalars())


@cache
def _unit_months_stmt() -> Any:
    """Budget and utfall of one unit and year by month (Core, built once: every report
    step of a unit with a budget asks it)."""
    lines = cast(Table, EconomyLine.__table__).c
    return (select(lines.kind, lines.month, func.sum(lines.amount_kr))
            .where(lines.kind.in_(("budget", "utfall")), lines.year == bindparam("year"),
                   lines.unit_id == bindparam("unit_id"))
            .group_by(lines.kind, lines.month))


async def unit_by_month(session: AsyncSession, *, unit_id: int, year: int,
                        stamps: dict[str, int] | None = None) -> Mapping[str, Mapping[int, int]]:
    """kind ("budget", "utfall") -> month -> kronor of one unit (all account groups), in
    one query; a kind without lines is absent. Kept per unit and year while no import
    changes the economy lines (storage.read_cache, group ``economy``; ``stamps`` as the
    caller's use case read them). Shared: never change what it returns."""

    async def load() -> Mapping[str, Mapping[int, int]]:
        rows = await run_core(session, _unit_months_stmt(), {"unit_id": unit_id,
                                                             "year": year})
        out: dict[str, dict[int, int]] = {}
        for kind, month, total in rows:
            out.setdefault(str(kind), {})[int(month)] = int(total)
        return out

    return await kept(session, ("economy", unit_id, year), (ECONOMY,), load, stamps,
                      family="units")


@dataclass(frozen=True)
class StoredForecast:
    unit_id: int
    year: int
    month: int
    forecast_kr: int
    comment: str
    author_person_id: int | None
    created_at: datetime


def _stored(row: EconomyForecast) -> StoredForecast:
    return StoredForecast(row.unit_id, row.year, row.month, row.forecast_kr, row.comment,
                          row.author_person_id, row.created_at)


async def forecasts_of_unit(session: AsyncSession, *, unit_id: int,
                            year: int) -> dict[int, StoredForecast]:
    """month -> the unit's forecast given in that month's report."""
    rows = await session.execute(select(EconomyForecast).where(
        EconomyForecast.unit_id == unit_id, EconomyForecast.year == year))
    return {row.month: _stored(row) for row in rows.scalars()}


async def write_forecast(session: AsyncSession, *, unit_id: int, year: int, month: int,
                         forecast_kr: int, comment: str, author_person_id: int | None,
                         actor_label: str, now: datetime) -> bool:
    """Insert or replace the unit's forecast for the month; audited when it changes.
    False when nothing changed. The caller commits."""
    row = (await session.execute(select(EconomyForecast).where(
        EconomyForecast.unit_id == unit_id, EconomyForecast.year == year,
        EconomyForecast.month == month).with_for_update())).scalar_one_or_none()
    before = None if row is None else {"forecast_kr": row.forecast_kr, "comment": row.comment}
    after = {"forecast_kr": forecast_kr, "comment": comment}
    if before == after:
        return False
    if row is None:
        session.add(EconomyForecast(unit_id=unit_id, year=year, month=month,
                                    forecast_kr=forecast_kr, comment=comment,
                                    author_person_id=author_person_id, created_at=now))
    else:
        row.forecast_kr, row.comment = forecast_kr, comment
        row.author_person_id, row.created_at = author_person_id, now
    audit.record(session, actor_person_id=author_person_id, actor_label=actor_label,
                 action="economy.forecast.save", entity="economy_forecast",
                 entity_id=f"{unit_id}:{year}-{month:02d}", before=before, after=after,
                 at=now)
    await session.flush()
    return True


async def _root_path(session: AsyncSession, root_unit_id: int) -> str | None:
    return (await session.execute(
        select(OrgUnit.path).where(OrgUnit.id == root_unit_id))).scalar_one_or_none()


def _annual_budgets(year: int):  # type: ignore[no-untyped-def]
    return (select(EconomyLine.unit_id.label("unit_id"),
                   func.sum(EconomyLine.amount_kr).label("annual"))
            .where(EconomyLine.kind == "budget", EconomyLine.year == year)
            .group_by(EconomyLine.unit_id).subquery())


async def forecast_trend(session: AsyncSession, *, root_unit_id: int, year: int,
                         root_path: str | None = None) -> list[ForecastMonth]:
    """Per month of ``year``: the subtree's forecasts and the budget they compare with."""
    root_path = root_path or await _root_path(session, root_unit_id)
    if root_path is None:
        return []
    budgets = _annual_budgets(year)
    rows = await session.execute(
        select(EconomyForecast.month, func.sum(EconomyForecast.forecast_kr),
               func.sum(func.coalesce(budgets.c.annual, 0)), func.count())
        .join(OrgUnit, OrgUnit.id == EconomyForecast.unit_id)
        .outerjoin(budgets, budgets.c.unit_id == EconomyForecast.unit_id)
        .where(EconomyForecast.year == year, OrgUnit.active.is_(True),
               OrgUnit.path.like(f"{root_path}%"))
        .group_by(EconomyForecast.month).order_by(EconomyForecast.month))
    return [ForecastMonth(int(m), int(f), int(b), int(n)) for m, f, b, n in rows]


async def largest_negative_deviations(session: AsyncSession, *, root_unit_id: int,
                                      year: int, month: int, limit: int = 5,
                                      root_path: str | None = None) -> list[UnitDeviation]:
    """The subtree's units whose forecast of ``month`` exceeds their årsbudget most."""
    root_path = root_path or await _root_path(session, root_unit_id)
    if root_path is None:
        return []
    budgets = _annual_budgets(year)
    annual = func.coalesce(budgets.c.annual, 0)
    deviation = annual - EconomyForecast.forecast_kr
    rows = await session.execute(
        select(OrgUnit.id, OrgUnit.code, OrgUnit.name, annual, EconomyForecast.forecast_kr,
               EconomyForecast.comment)
        .join(OrgUnit, OrgUnit.id == EconomyForecast.unit_id)
        .outerjoin(budgets, budgets.c.unit_id == EconomyForecast.unit_id)
        .where(EconomyForecast.year == year, EconomyForecast.month == month,
               OrgUnit.active.is_(True), OrgUnit.path.like(f"{root_path}%"), deviation < 0)
        .order_by(deviation, OrgUnit.code).limit(limit))
    return [UnitDeviation(int(i), c, n, int(b), int(f), comment or "")
            for i, c, n, b, f, comment in rows]


async def subtree_economy(session: AsyncSession, *, root_unit_id: int, year: int,
                          month: int, worst: int = 5) -> SubtreeEconomy | None:
    """None when the subtree has no budget for ``year``. Four queries: the root's path,
    budget and utfall by month, the forecasts by month, the worst deviations."""
    root_path = await _root_path(session, root_unit_id)
    if root_path is None:
        return None
    rows = await session.execute(
        select(EconomyLine.kind, EconomyLine.month, func.sum(EconomyLine.amount_kr))
        .join(OrgUnit, OrgUnit.id == EconomyLine.unit_id)
        .where(EconomyLine.year == year, OrgUnit.active.is_(True),
               OrgUnit.path.like(f"{root_path}%"))
        .group_by(EconomyLine.kind, EconomyLine.month))
    sums: dict[str, dict[int, int]] = {"budget": {}, "utfall": {}}
    for kind, line_month, total in rows:
        sums.setdefault(kind, {})[int(line_month)] = int(total)
    budget, actual = sums["budget"], sums["utfall"]
    if not budget:
        return None
    trend = await forecast_trend(session, root_unit_id=root_unit_id, year=year,
                                 root_path=root_path)
    this = next((t for t in trend if t.month == month), None)
    earlier = [t for t in trend if t.month < month]
    position = economy_position(
        year, month, budget, actual, forecast=this.forecast_kr if this else None,
        previous_forecast=earlier[-1].forecast_kr if earlier else None)
    deviations = await largest_negative_deviations(
        session, root_unit_id=root_unit_id, year=year, month=month, limit=worst,
        root_path=root_path) if worst > 0 else []
    return SubtreeEconomy(
        root_unit_id=root_unit_id, year=year, month=month, position=position,
        trend=tuple(t for t in trend if t.month <= month), worst=tuple(deviations),
        forecast_units=this.units if this else 0,
        budget_of_forecast_units=this.budget_kr if this else 0)


@dataclass(frozen=True)
class UnitEconomyRow:
    unit_id: int
    annual_budget: int
    budget_to_date: int
    actual_to_date: int
    forecast: StoredForecast | None


async def unit_rows(session: AsyncSession, *, year: int, month: int,
                    unit_ids: Collection[int] | None = None) -> list[UnitEconomyRow]:
    """Per unit with a budget in ``year``: its position up to ``month`` and the forecast
    given in that month (the export's economy sheet)."""
    to_date = func.sum(case((EconomyLine.month <= month, EconomyLine.amount_kr), else_=0))
    rows = await session.execute(
        select(EconomyLine.unit_id, EconomyLine.kind, func.sum(EconomyLine.amount_kr), to_date)
        .where(EconomyLine.year == year)
        .group_by(EconomyLine.unit_id, EconomyLine.kind))
    sums: dict[int, dict[str, tuple[int, int]]] = {}
    for unit_id, kind, total, upto in rows:
        if unit_ids is None or unit_id in unit_ids:
            sums.setdefault(unit_id, {})[kind] = (int(total or 0), int(upto or 0))
    forecasts = {row.unit_id: _stored(row) for row in (await session.execute(
        select(EconomyForecast).where(EconomyForecast.year == year,
                                      EconomyForecast.month == month))).scalars()}
    return [UnitEconomyRow(unit_id, kinds["budget"][0], kinds["budget"][1],
                           kinds.get("utfall", (0, 0))[1], forecasts.get(unit_id))
            for unit_id, kinds in sums.items() if "budget" in kinds]
