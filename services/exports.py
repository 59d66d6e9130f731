"""Downloads behind signed links (``exportera``, ``rapport dokument``): who may fetch
what *today*, and the reads that go with it. Each call owns its session."""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from followup.calendar import CalendarConfig
from followup.org import OrgTree
from services import Sessions
from services.documents import Requester
from services.exporting import Table
from storage.models import Person, ReportingPeriod
from storage.org_queries import load_org_tree
from storage.periods import current_period

logger = logging.getLogger(__name__)

T = TypeVar("T")

#: What a download reads inside the rights check's transaction: given the session and the
#: unit ids the grant covers today (None: everything).
ScopedRead = Callable[[AsyncSession, "set[int] | None"], Awaitable[T]]


def _is_admin(person: Person, admin_aad_ids: Collection[str]) -> bool:
    aad = (person.aad_object_id or "").lower()
    return bool(person.is_admin or (aad and aad in admin_aad_ids))


async def _requester(session: AsyncSession, person_id: int,
                     admin_aad_ids: Collection[str]) -> Requester | None:
    person = await session.get(Person, person_id)
    if person is None or person.erased_at is not None:
        return None
    return Requester(person.id, _is_admin(person, admin_aad_ids), person.name)


async def download_requester(sessions: Sessions, person_id: int,
                             admin_aad_ids: Collection[str]) -> Requester | None:
    """The person a link was signed for, as they are today (None: gone or erased)."""
    async with sessions() as session:
        return await _requester(session, person_id, admin_aad_ids)


async def export_period(sessions: Sessions, requested: str | None, now: datetime,
                        calendar: CalendarConfig) -> tuple[OrgTree, str | None]:
    """The tree, and the period ``exportera`` means: the requested one, else the open one,
    else the latest opened (None: no period has opened yet)."""
    async with sessions() as session:
        tree = await load_org_tree(session)
        if requested:
            return tree, requested
        row = await current_period(session, now, calendar)
        if row is not None:
            return tree, row.period
        latest = (await session.execute(
            select(ReportingPeriod.period)
            .where(ReportingPeriod.opens_at <= now)
            .order_by(ReportingPeriod.period.desc())
            .limit(1)
        )).scalar_one_or_none()
    return tree, latest


async def _scope_today(session: AsyncSession, person_id: int, unit_ids: Sequence[int] | None,
                       today: date, admin_aad_ids: Collection[str],
                       ) -> tuple[bool, set[int] | None]:
    """(still valid?, unit ids the grant covers today — None = everything)."""
    requester = await _requester(session, person_id, admin_aad_ids)
    if requester is None:
        return False, set()
    if unit_ids is None:
        return requester.is_admin, None
    tree = await load_org_tree(session)
    scope: set[int] = set()
    for unit_id in unit_ids:
        if unit_id not in tree.units or not tree.may_view(person_id, unit_id, today,
                                                          is_admin=requester.is_admin):
            return False, set()
        scope.update(u.id for u in tree.subtree(unit_id))
    return True, scope


async def read_in_scope(sessions: Sessions, *, person_id: int, unit_ids: Sequence[int] | None,
                        today: date, admin_aad_ids: Collection[str],
                        read: ScopedRead[T]) -> T | None:
    """Check the grant against the person's rights today and, if it still holds, run
    ``read`` in the same session; None when it no longer does."""
    async with sessions() as session:
        valid, scope = await _scope_today(session, person_id, unit_ids, today, admin_aad_ids)
        if not valid:
            return None
        return await read(session, scope)


@dataclass(frozen=True)
class ExportTables:
    """The workbook's sheets for a download: results, decisions and (for a month with
    any economy rows) the economy."""

    results: Table
    decisions: Table
    economy: Table | None

    def sheets(self) -> list[Table]:
        return [self.results, self.decisions] + (
            [self.economy] if self.economy is not None and self.economy.rows else [])


async def export_tables_in_scope(sessions: Sessions, *, person_id: int,
                                 unit_ids: Sequence[int] | None, period: str, today: date,
                                 admin_aad_ids: Collection[str], lang: str,
                                 zone: ZoneInfo) -> ExportTables | None:
    """The download's tables, read in the same transaction as the rights check (None when
    the person no longer covers the units)."""
    from services.exporting import decisions_table, economy_table, results_table

    async def read(session: AsyncSession, scope: set[int] | None) -> ExportTables:
        results = await results_table(session, period, unit_ids=scope, lang=lang, zone=zone)
        decisions = await decisions_table(session, unit_ids=scope, lang=lang, today=today,
                                          zone=zone)
        economy = (await economy_table(session, period, unit_ids=scope, lang=lang, zone=zone)
                   if re.fullmatch(r"\d{4}-\d{2}", period) else None)
        return ExportTables(results, decisions, economy)

    return await read_in_scope(sessions, person_id=person_id, unit_ids=unit_ids, today=today,
                               admin_aad_ids=admin_aad_ids, read=read)
