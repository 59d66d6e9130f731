"""Process caches of slow-changing reads, checked against the database's change stamps.

Every write to a group of tables gives the group's ``change_stamps`` row a new random
stamp, in the writer's transaction (triggers, migration 0012). A cached value is kept
with the stamp read *before* it was loaded, so it is never newer-looking than it is: a
reader that sees another stamp loads again. Checking costs one primary-key read of two
rows.

One :class:`ReadCache` per engine and process (:func:`cache_for`); sessions bound to a
connection rather than an engine (tests running in an outer transaction) get none and
read afresh. Only read-only use cases should use it: a session that wrote to a group
itself would see its own, uncommitted stamp.
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Awaitable, Callable, Hashable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any, TypeVar, cast

from sqlalchemy import Engine, Table, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from storage.core_sql import run_core
from storage.models import ChangeStamp

logger = logging.getLogger(__name__)

T = TypeVar("T")

ORG = "org"  # org_units, manager_assignments
INDIVIDUAL = "individual"  # employments, individual_goals, individual_checkins
DELEGATION = "delegation"  # delegation_orders, delegation_points, delegation_role_titles (0013)
PEOPLE = "people"  # people: inserts, deletes, names and job titles (0013)
GOALS = "goals"  # goals (0013)
ECONOMY = "economy"  # economy_lines: budget and utfall, written by imports (0013)
# delegated_decisions, delegation_nil_reports, audit entries of the anmälan's answer (0014)
DECISIONS = "decisions"

MAX_ENTRIES = 32
UNIT_ENTRIES = 4096  # per-unit values (a unit's goals): every unit of a big kommun


@cache
def _stamps_stmt() -> Any:
    stamps = cast(Table, ChangeStamp.__table__).c
    return select(stamps.name, stamps.stamp)


async def read_stamps(session: AsyncSession) -> dict[str, int]:
    """The current stamp of every group (one small read, prebuilt Core)."""
    rows = await run_core(session, _stamps_stmt(), {})
    return {name: stamp for name, stamp in rows}


@dataclass
class ReadCache:
    """Values keyed by ``key``, each valid while the stamps of its groups are unchanged."""

    hits: int = 0
    misses: int = 0
    max_entries: int = MAX_ENTRIES
    _entries: dict[Hashable, tuple[tuple[int | None, ...], Any]] = field(default_factory=dict)

    async def get(self, session: AsyncSession, key: Hashable, groups: tuple[str, ...],
                  load: Callable[[], Awaitable[T]],
                  stamps: Mapping[str, int] | None = None) -> T:
        """The cached value of ``key``, or ``load()``'s (then kept). ``stamps``: already
        read by the caller in this use case (else read now)."""
        current = stamps if stamps is not None else await read_stamps(session)
        wanted = tuple(current.get(g) for g in groups)
        found = self._entries.get(key)
        if found is not None and found[0] == wanted:
            self.hits += 1
            value: T = found[1]
            return value
        self.misses += 1
        value = await load()
        self._entries.pop(key, None)
        self._entries[key] = (wanted, value)
        while len(self._entries) > self.max_entries:  # oldest first out
            self._entries.pop(next(iter(self._entries)))
        return value

    def holds(self, key: Hashable, groups: tuple[str, ...],
              stamps: Mapping[str, int] | None) -> bool:
        """Whether a value of ``key`` valid for ``stamps`` is kept (counts no hit)."""
        found = self._entries.get(key)
        return (found is not None and stamps is not None
                and found[0] == tuple(stamps.get(g) for g in groups))

    def clear(self) -> None:
        self._entries.clear()


_CACHES: weakref.WeakKeyDictionary[Engine, dict[str, ReadCache]] = weakref.WeakKeyDictionary()
_FAMILIES = {"shared": MAX_ENTRIES, "units": UNIT_ENTRIES}


def cache_for(session: AsyncSession, family: str = "shared") -> ReadCache | None:
    """The process's cache of the engine ``session`` is bound to (None: no engine).
    ``family``: "shared" (whole-kommun values: trees, tallies, the mandate's base) or
    "units" (one entry per unit, many kept)."""
    bind = session.bind
    return cache_of_engine(bind, family) if isinstance(bind, AsyncEngine) else None


def cache_of_engine(async_engine: AsyncEngine, family: str = "shared") -> ReadCache:
    """The process's cache of ``async_engine`` (created on first use)."""
    engine = async_engine.sync_engine
    families = _CACHES.get(engine)
    if families is None:
        families = _CACHES[engine] = {}
    cache = families.get(family)
    if cache is None:
        cache = families[family] = ReadCache(max_entries=_FAMILIES[family])
    return cache


async def kept(session: AsyncSession, key: Hashable, groups: tuple[str, ...],
               load: Callable[[], Awaitable[T]], stamps: Mapping[str, int] | None = None,
               *, family: str = "shared") -> T:
    """``load()``'s value through the session's cache of ``family`` (kept while the stamps
    of ``groups`` are unchanged; ``stamps``: as the caller's use case read them), or
    simply ``load()`` when the session has no cache."""
    cache = cache_for(session, family)
    if cache is None:
        return await load()
    return await cache.get(session, key, groups, load, stamps)
