"""Queries that turn organisation rows into the domain's :class:`followup.org.OrgTree`."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from followup.org import Assignment, OrgTree, Unit
from storage.models import ManagerAssignment, OrgUnit
from storage.read_cache import ORG, kept


def unit_from_row(row: OrgUnit) -> Unit:
    return Unit(id=row.id, code=row.code, name=row.name, kind=row.kind, parent_id=row.parent_id)


async def load_org_tree(session: AsyncSession) -> OrgTree:
    units = (await session.execute(select(OrgUnit).where(OrgUnit.active.is_(True)))).scalars()
    assignments = (await session.execute(select(ManagerAssignment))).scalars()
    return OrgTree.build(
        (unit_from_row(u) for u in units),
        (
            Assignment(
                unit_id=a.unit_id,
                person_id=a.person_id,
                role=a.role,
                valid_from=a.valid_from,
                valid_to=a.valid_to,
            )
            for a in assignments
        ),
    )


def compute_path(parent: OrgUnit | None, unit_id: int) -> tuple[str, int]:
    """Materialised path and depth of a unit under ``parent``."""
    if parent is None:
        return f"/{unit_id}/", 0
    return f"{parent.path}{unit_id}/", parent.depth + 1


async def load_org_tree_cached(session: AsyncSession,
                               stamps: dict[str, int] | None = None) -> OrgTree:
    """:func:`load_org_tree`, kept by the process while the org tables are unchanged
    (storage.read_cache; for read-only use cases). The tree is shared: never change it."""
    return await kept(session, "org_tree", (ORG,), lambda: load_org_tree(session), stamps)
