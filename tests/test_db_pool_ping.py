"""Pooled PostgreSQL connections: a connection the server dropped while it sat idle in the
pool is replaced before use, so the next reply works (no "server closed the connection"),
while a connection used a moment ago is handed out without a ping round trip."""

from __future__ import annotations

import asyncio

from sqlalchemy import text

from storage.db import make_async_engine, make_sessionmaker


async def _backend_pid(sessions) -> int:  # type: ignore[no-untyped-def]
    async with sessions() as session:
        return int((await session.execute(text("SELECT pg_backend_pid()"))).scalar_one())


async def _terminate(url: str, pid: int) -> None:
    killer = make_async_engine(url, pool_size=1, max_overflow=0)
    try:
        async with killer.connect() as conn:
            await conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
            await conn.commit()
    finally:
        await killer.dispose()


async def test_connection_dropped_while_idle_is_replaced(postgres_url: str) -> None:
    engine = make_async_engine(postgres_url, ping_idle_s=0.2, pool_size=1, max_overflow=0)
    sessions = make_sessionmaker(engine)
    try:
        first = await _backend_pid(sessions)
        await _terminate(postgres_url, first)  # e.g. a proxy's idle timeout, a DB restart
        await asyncio.sleep(0.3)
        second = await _backend_pid(sessions)  # would raise without the idle check
        assert second != first
    finally:
        await engine.dispose()


async def test_recently_used_connection_is_not_pinged(postgres_url: str) -> None:
    """Within the idle window the pool trusts the connection: a dead one surfaces as an
    error on use (and is then replaced by the pool) instead of costing every checkout a
    ping. This is the trade-off the setting makes; a long window shows it."""
    engine = make_async_engine(postgres_url, ping_idle_s=3600, pool_size=1, max_overflow=0)
    sessions = make_sessionmaker(engine)
    try:
        first = await _backend_pid(sessions)
        await _terminate(postgres_url, first)
        failed = False
        try:
            await _backend_pid(sessions)
        except Exception:  # the driver's "connection closed"
            failed = True
        assert failed, "a ping ran although the connection was used a moment ago"
        assert await _backend_pid(sessions) != first  # the pool replaced it afterwards
    finally:
        await engine.dispose()
