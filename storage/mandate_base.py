"""The slow-changing reads behind every chefsuppdrag question, kept by the process.

Who holds which delegation point follows from the org tree, the managers' assignments,
the delegationsordningar in force, the job-title table and the people's titles. Every
report step shows the Delegationsbeslut section, so these are read on every step; they
change when an administrator imports something. They are kept in the engine's
:class:`storage.read_cache.ReadCache` and checked against the change stamps of their
groups (``org``, ``delegation``, ``people``; migrations 0012 and 0013) with one read.

The kept values are shared between turns: tuples and mappings nobody may change.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from followup.mandate import OrderVersion, Point, RoleGrant
from followup.org import OrgTree
from storage import delegation as store
from storage.models import Person
from storage.org_queries import load_org_tree, load_org_tree_cached
from storage.read_cache import DELEGATION, ORG, PEOPLE, cache_for, kept, read_stamps


@dataclass(frozen=True)
class MandateBase:
    tree: OrgTree
    grants: tuple[RoleGrant, ...]
    titles: Mapping[int, str | None]  # person id → the role their job title gives
    versions: tuple[OrderVersion, ...]
    committee_names: Mapping[str, str]
    stamps: Mapping[str, int] | None  # as read for this use case (None: no cache)


async def _grants(session: AsyncSession) -> tuple[RoleGrant, ...]:
    return tuple(await store.load_grants(session))


async def _titles(session: AsyncSession) -> Mapping[int, str | None]:
    return await store.title_roles(session)


async def _versions(session: AsyncSession) -> tuple[OrderVersion, ...]:
    return tuple(await store.load_versions(session))


async def load_mandate_base(session: AsyncSession,
                            stamps: dict[str, int] | None = None) -> MandateBase:
    """The tree, grants, title roles, order versions and committee names (kept while
    their tables are unchanged; one stamp read when all are kept, none when the caller
    passes the ``stamps`` its use case read)."""
    if cache_for(session) is None:
        return MandateBase(await load_org_tree(session), await _grants(session),
                           await _titles(session), await _versions(session),
                           await store.committee_names(session), None)
    if stamps is None:
        stamps = await read_stamps(session)
    tree = await load_org_tree_cached(session, stamps)
    grants = await kept(session, "mandate_grants", (ORG,), lambda: _grants(session), stamps)
    titles = await kept(session, "mandate_titles", (DELEGATION, PEOPLE),
                        lambda: _titles(session), stamps)
    versions = await kept(session, "mandate_versions", (DELEGATION,),
                          lambda: _versions(session), stamps)
    names = await kept(session, "mandate_committees", (DELEGATION,),
                       lambda: store.committee_names(session), stamps)
    return MandateBase(tree, grants, titles, versions, names, stamps)


async def points_of(session: AsyncSession, base: MandateBase,
                    versions: Sequence[OrderVersion]) -> tuple[Point, ...]:
    """The points of ``versions`` in committee and point order (kept per version set)."""
    key = ("mandate_points", tuple(sorted(v.id for v in versions)))

    async def load() -> tuple[Point, ...]:
        return tuple(await store.load_points(session, versions))

    return await kept(session, key, (DELEGATION,), load, base.stamps)


async def people_names(session: AsyncSession, base: MandateBase) -> Mapping[int, str]:
    """person id → name, everyone (kept while no one is added, erased or renamed)."""
    async def load() -> Mapping[int, str]:
        rows = await session.execute(select(Person.id, Person.name))
        return {pid: name for pid, name in rows}

    return await kept(session, "people_names", (PEOPLE,), load, base.stamps)
