"""The Agents SDK ``Storage`` on the application's own database.

Conversation, user and dialog state survive restarts. Values are encoded with
:mod:`storage.state_codec` (tagged JSON, allow-listed classes; never pickle).
Last writer wins, as in every SDK storage: report concurrency is handled in our own
tables with a version column.

A turn reads several keys one after the other (the SDK loads conversation state, then
user state, then its sign-in state). :meth:`SqlAgentStorage.prefetch` reads them in one
round trip at the start of the turn; each following :meth:`~SqlAgentStorage.read` of a
prefetched key is then answered from that batch, once (see :mod:`turn_state`).
"""

from __future__ import annotations

import logging
import time
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from typing import Any, TypeVar, cast

from microsoft_agents.hosting.core.storage import Storage, StoreItem
from sqlalchemy import Table, bindparam, delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.models import AgentStateItem
from storage.state_codec import decode, encode

logger = logging.getLogger(__name__)

StoreItemT = TypeVar("StoreItemT", bound=StoreItem)

MAX_KEY_LENGTH = 500

#: A prefetched value older than this is not trusted any more (read again instead).
PREFETCH_MAX_AGE_S = 5.0

_AUTOCOMMIT = {"isolation_level": "AUTOCOMMIT"}


@dataclass
class _Prefetched:
    """Rows read ahead for the current turn: key -> stored data (None: no such row)."""

    at: float
    rows: dict[str, Any] = field(default_factory=dict)


# Scoped to the current task's context (one aiohttp request = one turn = one task), so a
# batch read for one turn is never seen by another turn.
_PREFETCHED: ContextVar[_Prefetched | None] = ContextVar("agent_state_prefetched",
                                                         default=None)


@cache
def _select_stmt() -> Any:
    """The rows of ``keys`` (built once, on first use)."""
    items = cast(Table, AgentStateItem.__table__).c
    return select(items.key, items.data).where(items.key.in_(bindparam("keys", expanding=True)))


def _check_keys(keys: list[str], op: str) -> None:
    if not keys:
        raise ValueError(f"Storage.{op}(): keys are required")
    for key in keys:
        if not key:
            raise ValueError(f"Storage.{op}(): key cannot be empty")
        if len(key) > MAX_KEY_LENGTH:
            raise ValueError(f"Storage.{op}(): key longer than {MAX_KEY_LENGTH} characters")


def _forget_prefetched(keys: list[str]) -> None:
    batch = _PREFETCHED.get()
    if batch is not None:
        for key in keys:
            batch.rows.pop(key, None)


#: The SDK keeps a user's OAuth sign-in flow under keys starting with this (1.9).
SIGN_IN_KEY_PREFIX = "auth:_SignInState:"


class SqlAgentStorage(Storage):
    """``sign_in`` False: the app has no sign-in handler, so the SDK never writes a
    sign-in flow; its read of one on every message and card turn is answered "none"
    without a query. Should such a key be written after all, it is stored and read
    normally from then on."""

    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession], *,
                 sign_in: bool = True) -> None:
        self._sessionmaker = sessionmaker
        self._sign_in = sign_in

    def never_stored(self, key: str) -> bool:
        """True for a key no write can have stored (read as absent without a query)."""
        return not self._sign_in and key.startswith(SIGN_IN_KEY_PREFIX)

    async def _select(self, keys: list[str]) -> dict[str, Any]:
        """One SELECT. On PostgreSQL in autocommit: a single statement needs no
        transaction of its own, which saves the BEGIN and ROLLBACK round trips a turn
        would otherwise pay for it."""
        async with self._sessionmaker() as session:
            bind = session.bind
            options = _AUTOCOMMIT if bind is not None and \
                bind.dialect.name == "postgresql" else None
            conn = await session.connection(execution_options=options)
            rows = await conn.execute(_select_stmt(), {"keys": keys})
            return {key: data for key, data in rows}

    async def prefetch(self, keys: list[str]) -> None:
        """Read ``keys`` now, in one query, for the reads that follow in this turn.

        Each prefetched key answers exactly one later :meth:`read` (and is forgotten on
        :meth:`write` / :meth:`delete`), so nothing is served twice or after a change
        made through this storage. Values older than :data:`PREFETCH_MAX_AGE_S` are read
        again. Only an optimisation: any key not prefetched is simply read as usual.
        """
        keys = [k for k in dict.fromkeys(keys) if k and len(k) <= MAX_KEY_LENGTH]
        if not keys:
            return
        found = await self._select(keys)
        _PREFETCHED.set(_Prefetched(time.monotonic(),
                                    {key: found.get(key) for key in keys}))

    def _take_prefetched(self, keys: list[str]) -> tuple[dict[str, Any], list[str]]:
        """(prefetched data of the keys that have some, keys still to read)."""
        batch = _PREFETCHED.get()
        if batch is None or not batch.rows:
            return {}, keys
        if time.monotonic() - batch.at > PREFETCH_MAX_AGE_S:
            batch.rows.clear()
            return {}, keys
        found: dict[str, Any] = {}
        missing: list[str] = []
        for key in keys:
            if key in batch.rows:
                data = batch.rows.pop(key)
                if data is not None:
                    found[key] = data
            else:
                missing.append(key)
        return found, missing

    async def read(
        self, keys: list[str], *, target_cls: type[StoreItemT], **kwargs: Any
    ) -> dict[str, StoreItemT]:
        _check_keys(keys, "read")
        keys = [key for key in keys if not self.never_stored(key)]
        if not keys:
            return {}
        stored, missing = self._take_prefetched(keys)
        if missing:
            stored.update(await self._select(missing))
        result: dict[str, StoreItemT] = {}
        for key in keys:
            if key in stored:
                item = target_cls.from_json_to_store_item(decode(stored[key]))
                result[key] = item  # type: ignore[assignment]
        return result

    async def write(self, changes: dict[str, StoreItem]) -> None:
        if not changes:
            raise ValueError("Storage.write(): changes are required")
        _check_keys(list(changes), "write")
        _forget_prefetched(list(changes))
        if any(self.never_stored(key) for key in changes):
            logger.warning("a sign-in flow is stored although no sign-in handler is "
                           "configured; sign-in keys are read from the database from now on")
            self._sign_in = True
        now = datetime.now(UTC)
        rows = [{"key": key, "data": encode(item.store_item_to_json()), "updated_at": now}
                for key, item in changes.items()]
        async with self._sessionmaker() as session, session.begin():
            dialect = (await session.connection()).dialect.name
            upsert = (pg_insert if dialect == "postgresql" else sqlite_insert)(AgentStateItem)
            await session.execute(
                upsert.on_conflict_do_update(
                    index_elements=[AgentStateItem.key],
                    set_={"data": upsert.excluded.data, "updated_at": upsert.excluded.updated_at},
                ),
                rows,
            )

    async def delete(self, keys: list[str]) -> None:
        _check_keys(keys, "delete")
        _forget_prefetched(keys)
        async with self._sessionmaker() as session, session.begin():
            await session.execute(delete(AgentStateItem).where(AgentStateItem.key.in_(keys)))
