"""Small shared reads for entry points: the org tree, people's names, the open period.

Each call opens its own session (read only) and returns domain data, never ORM rows.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from followup.calendar import CalendarConfig
from followup.org import OrgTree
from services import Sessions
from storage.models import OrgUnit, Person
from storage.org_queries import load_org_tree
from storage.periods import current_period

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class OpenPeriod:
    """The newest open reporting period: its code and its deadline (UTC)."""

    period: str
    deadline_at: datetime


async def org_tree(sessions: Sessions) -> OrgTree:
    """The active organisation with its manager assignments."""
    async with sessions() as session:
        return await load_org_tree(session)


async def tree_and_names(sessions: Sessions) -> tuple[OrgTree, dict[int, str]]:
    """The tree and the names of everyone with an assignment in it (one session)."""
    async with sessions() as session:
        tree = await load_org_tree(session)
        names = await _names(session, {a.person_id for a in tree.assignments})
    return tree, names


async def person_names(sessions: Sessions, person_ids: Iterable[int]) -> dict[int, str]:
    async with sessions() as session:
        return await _names(session, set(person_ids))


async def _names(session: AsyncSession, ids: set[int]) -> dict[int, str]:
    rows = await session.execute(select(Person.id, Person.name).where(Person.id.in_(ids)))
    return {pid: name for pid, name in rows}


async def open_period(sessions: Sessions, now: datetime,
                      calendar: CalendarConfig) -> OpenPeriod | None:
    """The newest open period, or None between periods."""
    async with sessions() as session:
        row = await current_period(session, now, calendar)
    return OpenPeriod(row.period, row.deadline_at) if row is not None else None


async def active_unit_id(sessions: Sessions, code: str) -> int | None:
    """The id of the active unit with this code, or None."""
    async with sessions() as session:
        return (await session.execute(
            select(OrgUnit.id).where(OrgUnit.code == code).where(OrgUnit.active.is_(True))
        )).scalar_one_or_none()
