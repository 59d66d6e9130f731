"""Economy lines in the database: a month re-imported replaces that month only, the same
file twice changes nothing, changes are audited, and a subtree's sums come from SQL."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from followup.economy import economy_position
from storage.db import make_async_engine, make_sessionmaker
from storage.economy import replace_months, subtree_by_month, units_with_budget
from storage.models import AuditEntry, EconomyLine, OrgUnit

NOW = datetime(2026, 11, 5, 9, tzinfo=UTC)


@pytest.fixture
async def session(any_db_url: str) -> AsyncIterator[AsyncSession]:
    engine = make_async_engine(any_db_url)
    async with make_sessionmaker(engine)() as db:
        yield db
    await engine.dispose()


async def _tree(session: AsyncSession) -> dict[str, int]:
    """kommun K ── förvaltning F ── enheter E1, E2; förvaltning G ── enhet E3."""
    ids: dict[str, int] = {}
    for code, parent in (("K", None), ("F", "K"), ("G", "K"), ("E1", "F"), ("E2", "F"),
                         ("E3", "G")):
        parent_row = await session.get(OrgUnit, ids[parent]) if parent else None
        row = OrgUnit(code=code, name=f"Enhet {code} åäö", kind="enhet", path="",
                      depth=(parent_row.depth + 1) if parent_row else 0,
                      parent_id=parent_row.id if parent_row else None)
        session.add(row)
        await session.flush()
        row.path = f"{parent_row.path if parent_row else '/'}{row.id}/"
        ids[code] = row.id
    await session.commit()
    return ids


async def _count(session: AsyncSession, model: type) -> int:
    return int((await session.execute(select(func.count()).select_from(model))).scalar_one())


async def test_replace_months_is_idempotent_and_audited(session: AsyncSession) -> None:
    ids = await _tree(session)
    lines = {(ids[u], 2026, m, ""): 100_000 * (i + 1)
             for i, u in enumerate(("E1", "E2", "E3")) for m in range(1, 13)}
    first = await replace_months(session, kind="budget", lines=lines, source="template",
                                 actor_person_id=None, actor_label="admin", now=NOW)
    await session.commit()
    assert (first.created, first.changed, first.unchanged) == (36, 0, 0)
    assert await _count(session, EconomyLine) == 36
    audits = await _count(session, AuditEntry)
    assert audits == 1  # one entry for the first import

    again = await replace_months(session, kind="budget", lines=lines, source="template",
                                 actor_person_id=None, actor_label="admin", now=NOW)
    await session.commit()
    assert (again.created, again.changed, again.unchanged, again.lines_written) == (0, 0, 36, 0)
    assert await _count(session, AuditEntry) == audits

    # October of E2 re-imported by account group: that unit-month only is replaced.
    october = {(ids["E2"], 2026, 10, "lön"): 150_000, (ids["E2"], 2026, 10, "hyra"): 60_000}
    changed = await replace_months(session, kind="budget", lines=october, source="sie",
                                   actor_person_id=None, actor_label="admin", now=NOW)
    await session.commit()
    assert (changed.created, changed.changed, changed.unchanged) == (0, 1, 0)
    assert await _count(session, EconomyLine) == 37
    entry = (await session.execute(
        select(AuditEntry).where(AuditEntry.action == "economy.budget.replace"))).scalar_one()
    assert entry.before == {"": 200_000}
    assert entry.after == {"lön": 150_000, "hyra": 60_000}
    by_month = await subtree_by_month(session, root_unit_id=ids["E2"], year=2026, kind="budget")
    assert by_month[10] == 210_000 and by_month[9] == 200_000


async def test_a_dry_run_counts_and_writes_nothing(session: AsyncSession) -> None:
    ids = await _tree(session)
    result = await replace_months(session, kind="utfall", lines={(ids["E1"], 2026, 1, ""): 5},
                                  source="sie", actor_person_id=None, actor_label="admin",
                                  now=NOW, dry_run=True)
    await session.commit()
    assert result.created == 1
    assert await _count(session, EconomyLine) == 0
    assert await _count(session, AuditEntry) == 0


async def test_subtree_sums_over_a_hand_built_tree(session: AsyncSession) -> None:
    ids = await _tree(session)
    budget = {(ids[u], 2026, m, ""): amount for u, amount in
              (("E1", 1_000_000), ("E2", 500_000), ("E3", 250_000)) for m in range(1, 13)}
    actual = {(ids[u], 2026, m, ""): amount for u, amount in
              (("E1", 1_100_000), ("E2", 450_000), ("E3", 260_000)) for m in range(1, 11)}
    actual[(ids["F"], 2026, 10, "")] = 30_000  # the förvaltning's own costs
    actual[(ids["E1"], 2025, 10, "")] = 9_999_999  # another year: not counted
    for kind, lines in (("budget", budget), ("utfall", actual)):
        await replace_months(session, kind=kind, lines=lines, source="template",
                             actor_person_id=None, actor_label="admin", now=NOW)
    await session.commit()

    kommun_budget = await subtree_by_month(session, root_unit_id=ids["K"], year=2026,
                                           kind="budget")
    kommun_actual = await subtree_by_month(session, root_unit_id=ids["K"], year=2026,
                                           kind="utfall")
    position = economy_position(2026, 10, kommun_budget, kommun_actual)
    assert position.annual_budget == 12 * 1_750_000
    assert position.budget_to_date == 10 * 1_750_000
    assert position.actual_to_date == 10 * 1_810_000 + 30_000
    f_actual = await subtree_by_month(session, root_unit_id=ids["F"], year=2026, kind="utfall")
    assert f_actual[10] == 1_100_000 + 450_000 + 30_000
    assert await subtree_by_month(session, root_unit_id=ids["G"], year=2026,
                                  kind="utfall") == {m: 260_000 for m in range(1, 11)}
    assert await units_with_budget(session, 2026) == {ids["E1"], ids["E2"], ids["E3"]}
    assert await subtree_by_month(session, root_unit_id=999_999, year=2026, kind="budget") == {}
