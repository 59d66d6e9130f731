"""SQLite for the async engine without a thread per connection.

SQLAlchemy's ``sqlite+aiosqlite`` dialect talks to an ``aiosqlite.Connection``, which
runs every call - cursor, execute, fetch, close - on a thread of its own and hands the
result back to the event loop: four thread round trips per statement, ~0.5 ms of CPU
each time, for statements that SQLite answers in microseconds from a local file. This
module gives that dialect a connection with the same interface whose calls run directly
on the event loop's thread (``create_async_engine(..., async_creator=...)``): the same
SQL, the same transactions, a fraction of the cost.

Locks: a statement never waits inside SQLite (``busy_timeout`` is 0 on these
connections, set by ``storage.db``). When SQLite answers SQLITE_BUSY - another
connection holds the write lock - the call is retried after an ``asyncio.sleep`` with
backoff, so the loop keeps running and the holder (often a coroutine of this very
process) can finish its transaction. After ``busy_timeout_s`` the error is raised, as a
busy timeout would. SQLITE_BUSY_SNAPSHOT (a read snapshot that can no longer be
upgraded) is raised at once: waiting cannot help it.

Use it for short statements (the bot's turns). Long analytical reads would hold the
loop for their whole duration; they keep a thread-backed engine (see
``storage.db.make_async_engine(..., threaded=True)``).
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

SQLITE_BUSY = 5
DEFAULT_BUSY_TIMEOUT_S = 10.0
_FIRST_WAIT_S = 0.001
_LONGEST_WAIT_S = 0.05

T = TypeVar("T")


def _is_busy(error: sqlite3.OperationalError) -> bool:
    """Plain SQLITE_BUSY (a lock held elsewhere); not BUSY_SNAPSHOT or BUSY_RECOVERY."""
    return getattr(error, "sqlite_errorcode", None) == SQLITE_BUSY


class _ImmediateQueue:
    """Stands in for aiosqlite's request queue (``_tx``), which SQLAlchemy's dialect uses
    directly to set the isolation level: the function runs at once."""

    def put_nowait(self, item: tuple[asyncio.Future[Any] | None, Callable[[], Any]]) -> None:
        future, function = item
        try:
            result = function()
        except BaseException as exc:  # handed to the awaiting caller
            if future is not None:
                future.set_exception(exc)
            return
        if future is not None:
            future.set_result(result)


class InlineCursor:
    """The part of ``aiosqlite.Cursor`` SQLAlchemy uses, run on the calling thread."""

    def __init__(self, connection: InlineConnection) -> None:
        self._connection = connection
        self._cursor = connection._conn.cursor()

    @property
    def description(self) -> Any:
        return self._cursor.description

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount

    @property
    def lastrowid(self) -> int | None:
        return self._cursor.lastrowid

    @property
    def arraysize(self) -> int:
        return self._cursor.arraysize

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        self._cursor.arraysize = value

    async def execute(self, sql: str, parameters: Sequence[Any] | None = None) -> InlineCursor:
        await self._connection.retrying(self._cursor.execute, sql,
                                        () if parameters is None else parameters)
        return self

    async def executemany(self, sql: str, parameters: Iterable[Sequence[Any]]) -> InlineCursor:
        rows = list(parameters)  # a retry must see every parameter set again
        await self._connection.retrying(self._cursor.executemany, sql, rows)
        return self

    async def fetchall(self) -> list[Any]:
        return self._cursor.fetchall()

    async def fetchone(self) -> Any:
        return self._cursor.fetchone()

    async def fetchmany(self, size: int | None = None) -> list[Any]:
        return self._cursor.fetchmany(size if size is not None else self._cursor.arraysize)

    async def setinputsizes(self, *_sizes: Any) -> None:
        return None

    async def close(self) -> None:
        self._cursor.close()

    async def __aenter__(self) -> InlineCursor:
        return self

    async def __aexit__(self, *_exc: object) -> None:
        await self.close()


class InlineConnection:
    """The part of ``aiosqlite.Connection`` SQLAlchemy uses, run on the calling thread."""

    def __init__(self, raw: sqlite3.Connection, *,
                 busy_timeout_s: float = DEFAULT_BUSY_TIMEOUT_S) -> None:
        self._conn = raw
        self._connection: sqlite3.Connection | None = raw  # None once closed, as aiosqlite
        self._tx = _ImmediateQueue()
        self.busy_timeout_s = busy_timeout_s

    @property
    def isolation_level(self) -> str | None:
        return self._conn.isolation_level

    @property
    def in_transaction(self) -> bool:
        return self._conn.in_transaction

    async def retrying(self, call: Callable[..., T], *args: Any) -> T:
        """``call(*args)``; on SQLITE_BUSY wait (without blocking the loop) and retry."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.busy_timeout_s
        wait = _FIRST_WAIT_S
        while True:
            try:
                return call(*args)
            except sqlite3.OperationalError as error:
                if not _is_busy(error) or loop.time() + wait > deadline:
                    raise
            await asyncio.sleep(wait)
            wait = min(wait * 2, _LONGEST_WAIT_S)

    def cursor(self) -> InlineCursor:
        """A cursor (SQLAlchemy enters it with ``async with``, as aiosqlite's)."""
        return InlineCursor(self)

    async def execute(self, sql: str, parameters: Sequence[Any] | None = None) -> InlineCursor:
        cursor = InlineCursor(self)
        return await cursor.execute(sql, parameters)

    async def commit(self) -> None:
        await self.retrying(self._conn.commit)

    async def rollback(self) -> None:
        self._conn.rollback()

    async def create_function(self, *args: Any, **kwargs: Any) -> None:
        self._conn.create_function(*args, **kwargs)

    async def close(self) -> None:
        if self._connection is not None:
            self._connection = None
            self._conn.close()

    def stop(self) -> None:
        """Terminate (SQLAlchemy's force close): nothing runs elsewhere, just close."""
        if self._connection is not None:
            self._connection = None
            self._conn.close()


def inline_creator(path: str, *, busy_timeout_s: float = DEFAULT_BUSY_TIMEOUT_S
                   ) -> Callable[[], Any]:
    """``async_creator`` for ``create_async_engine("sqlite+aiosqlite:///...")``."""

    async def connect() -> InlineConnection:
        # check_same_thread off: the pool may close a connection from another thread.
        raw = sqlite3.connect(path, check_same_thread=False)
        return InlineConnection(raw, busy_timeout_s=busy_timeout_s)

    return connect
