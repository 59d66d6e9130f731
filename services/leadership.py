"""Only one process runs the scheduler (and the delivery worker) at a time.

The database side of the scheduler's leadership; ``scheduler.jobs`` decides what the
leader runs.

* PostgreSQL: a session-level advisory lock (``pg_try_advisory_lock``) held on a
  dedicated connection. When the process dies its connection closes and PostgreSQL
  releases the lock, so another process takes over at its next try.
* SQLite: a lease row in ``scheduler_leases`` renewed while the process lives; an
  expired lease, or one whose holder (same host) is no longer running, can be taken.
  SQLite deployments are single-process: the lease only guards against an accidental
  second process on the same file.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from datetime import UTC, datetime, timedelta
from typing import Protocol

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, async_sessionmaker

from storage.db import is_sqlite, make_async_engine
from storage.leases import release_lease, try_take_lease

logger = logging.getLogger(__name__)

LEASE_NAME = "scheduler"
#: Advisory lock key: the first 8 bytes of "malbot.scheduler" as a signed 64-bit integer.
ADVISORY_LOCK_KEY = int.from_bytes(b"malbot.s", "big", signed=True)


class Leader(Protocol):
    @property
    def is_leader(self) -> bool: ...

    async def acquire_or_renew(self) -> bool:
        """Become (or stay) leader if possible; True while this process leads."""
        ...

    async def release(self) -> None: ...


def holder_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def holder_is_gone(holder: str) -> bool:
    """True when ``holder`` ran on this host and its process no longer exists."""
    host, _, rest = holder.partition(":")
    pid_text = rest.partition(":")[0]
    if host != socket.gethostname() or not pid_text.isdigit():
        return False
    pid = int(pid_text)
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


class PostgresLeader:
    """Leadership = holding a session-level advisory lock on a dedicated connection."""

    def __init__(self, database_url: str, *, key: int = ADVISORY_LOCK_KEY) -> None:
        self._url = database_url
        self._key = key
        self._engine: AsyncEngine | None = None
        self._conn: AsyncConnection | None = None

    @property
    def is_leader(self) -> bool:
        return self._conn is not None

    async def acquire_or_renew(self) -> bool:
        if self._conn is not None:
            try:
                await self._conn.execute(text("SELECT 1"))
                return True
            except (DBAPIError, OSError) as exc:
                logger.warning("lost the scheduler lock's connection (%s)", type(exc).__name__)
                await self._drop_connection()
        if self._engine is None:
            self._engine = make_async_engine(self._url, pool_size=1, max_overflow=0)
        conn = await self._engine.connect()
        try:
            conn = await conn.execution_options(isolation_level="AUTOCOMMIT")
            got = (
                await conn.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": self._key})
            ).scalar_one()
        except BaseException:
            await conn.close()
            raise
        if got:
            self._conn = conn
            logger.info("this process now runs the scheduler (PostgreSQL advisory lock)")
            return True
        await conn.close()
        return False

    async def _drop_connection(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            try:
                await conn.close()
            except (SQLAlchemyError, OSError) as exc:
                logger.info("scheduler lock connection closed uncleanly (%s)", type(exc).__name__)

    async def release(self) -> None:
        if self._conn is not None:
            try:
                await self._conn.execute(
                    text("SELECT pg_advisory_unlock(:key)"), {"key": self._key}
                )
            except (DBAPIError, OSError):
                pass  # closing the connection releases it anyway
        await self._drop_connection()
        if self._engine is not None:
            await self._engine.dispose()
            self._engine = None


class LeaseLeader:
    """Leadership = holding the ``scheduler_leases`` row (SQLite)."""

    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        *,
        ttl: timedelta = timedelta(seconds=30),
        holder: str | None = None,
        name: str = LEASE_NAME,
    ) -> None:
        self._sessionmaker = sessionmaker
        self._ttl = ttl
        self.holder = holder or holder_id()
        self._name = name
        self._leader = False

    @property
    def is_leader(self) -> bool:
        return self._leader

    async def acquire_or_renew(self) -> bool:
        was = self._leader
        async with self._sessionmaker() as session, session.begin():
            self._leader = await try_take_lease(
                session,
                name=self._name,
                holder=self.holder,
                now=datetime.now(UTC),
                ttl=self._ttl,
                holder_is_gone=holder_is_gone,
            )
        if self._leader and not was:
            logger.info("this process now runs the scheduler (lease %s)", self._name)
        elif was and not self._leader:
            logger.warning("lost the scheduler lease %s", self._name)
        return self._leader

    async def release(self) -> None:
        if not self._leader:
            return
        async with self._sessionmaker() as session, session.begin():
            await release_lease(session, name=self._name, holder=self.holder)
        self._leader = False


def make_leader(database_url: str, sessionmaker: async_sessionmaker[AsyncSession]) -> Leader:
    if is_sqlite(database_url):
        return LeaseLeader(sessionmaker)
    return PostgresLeader(database_url)
