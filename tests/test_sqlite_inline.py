"""The async engine's SQLite connections run on the event loop's thread
(``storage.sqlite_inline``): a lock held elsewhere is waited for without stopping the
loop, a lock never released ends in SQLite's "database is locked" after the busy timeout,
and a stale read snapshot fails at once instead of waiting for nothing."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.db import make_async_engine
from storage.sqlite_inline import InlineConnection


@pytest.fixture
async def engine(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    engine = make_async_engine(f"sqlite:///{tmp_path / 'inline.db'}")
    async with engine.begin() as conn:
        await conn.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)"))
    try:
        yield engine
    finally:
        await engine.dispose()


def _holder(tmp_path: Path) -> sqlite3.Connection:
    """Another connection (another process, say) that takes the write lock and keeps it."""
    other = sqlite3.connect(tmp_path / "inline.db", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO t (v) VALUES ('held')")
    return other


async def test_connections_are_inline_with_the_usual_pragmas(engine: AsyncEngine) -> None:
    async with engine.connect() as conn:
        raw = await conn.get_raw_connection()
        assert isinstance(raw.driver_connection, InlineConnection)
        pragmas = {name: (await conn.execute(text(f"PRAGMA {name}"))).scalar()
                   for name in ("journal_mode", "foreign_keys", "busy_timeout")}
    # busy_timeout 0: SQLite itself never waits on the loop's thread.
    assert pragmas == {"journal_mode": "wal", "foreign_keys": 1, "busy_timeout": 0}


async def test_a_held_lock_is_waited_for_while_the_loop_keeps_running(
    engine: AsyncEngine, tmp_path: Path
) -> None:
    other = _holder(tmp_path)
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.01)
            ticks += 1

    async def release_later() -> None:
        await asyncio.sleep(0.3)
        other.execute("COMMIT")

    tick_task = asyncio.create_task(ticker())
    release = asyncio.create_task(release_later())
    started = time.monotonic()
    async with engine.begin() as conn:
        await conn.execute(text("INSERT INTO t (v) VALUES ('mine')"))
    waited = time.monotonic() - started
    tick_task.cancel()
    await release
    other.close()
    assert waited >= 0.25  # it did wait for the holder ...
    assert ticks >= 10  # ... and the loop went on meanwhile
    async with engine.connect() as conn:
        rows = (await conn.execute(text("SELECT v FROM t ORDER BY id"))).scalars().all()
    assert rows == ["held", "mine"]


async def test_a_lock_never_released_fails_after_the_busy_timeout(
    engine: AsyncEngine, tmp_path: Path
) -> None:
    other = _holder(tmp_path)
    try:
        async with engine.connect() as conn:
            raw = await conn.get_raw_connection()
            inline = raw.driver_connection
            assert isinstance(inline, InlineConnection)
            inline.busy_timeout_s = 0.3
            started = time.monotonic()
            with pytest.raises(OperationalError, match="database is locked"):
                await conn.execute(text("INSERT INTO t (v) VALUES ('never')"))
            assert 0.25 <= time.monotonic() - started < 5
            await conn.rollback()
    finally:
        other.execute("ROLLBACK")
        other.close()


async def test_a_stale_snapshot_fails_at_once(engine: AsyncEngine, tmp_path: Path) -> None:
    async with engine.connect() as conn:
        await conn.exec_driver_sql("BEGIN")
        await conn.execute(text("SELECT count(*) FROM t"))  # this transaction's snapshot
        other = sqlite3.connect(tmp_path / "inline.db", isolation_level=None)
        other.execute("INSERT INTO t (v) VALUES ('newer')")  # committed after it
        other.close()
        started = time.monotonic()
        with pytest.raises(OperationalError):
            await conn.execute(text("INSERT INTO t (v) VALUES ('stale')"))
        assert time.monotonic() - started < 1  # SQLITE_BUSY_SNAPSHOT: no waiting
        await conn.rollback()


async def test_the_bot_reads_summaries_on_a_thread_backed_engine(sqlite_url: str) -> None:
    """Turns use the inline engine; summaries (long roll-up reads) use aiosqlite's thread,
    so a big roll-up never holds the event loop."""
    import bot
    from testing.harness import make_settings

    app = bot.create_app(make_settings(sqlite_url))
    services = app[bot.SERVICES]
    async with services.sessionmaker() as turn, services.analytics() as summary:
        turn_raw = await (await turn.connection()).get_raw_connection()
        summary_raw = await (await summary.connection()).get_raw_connection()
        assert isinstance(turn_raw.driver_connection, InlineConnection)
        assert not isinstance(summary_raw.driver_connection, InlineConnection)
        assert (await summary.execute(text("PRAGMA busy_timeout"))).scalar() == 10000
    for engine in (services.sessionmaker.kw["bind"], services.analytics.kw["bind"]):
        await engine.dispose()
