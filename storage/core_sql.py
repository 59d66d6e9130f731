"""Running prebuilt Core statements on a session's connection.

The hot reads and writes of a card step are plain Core statements built once (``@cache``)
with bind parameters: run on the session's connection (same transaction) they skip the
ORM's per-statement bookkeeping, which costs more than SQLite's own work for small
queries.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession


async def run_core(session: AsyncSession, stmt: Any, params: Any) -> Any:
    """Execute ``stmt`` with ``params`` (a dict, or a list of dicts for many rows) in the
    session's transaction; the Core result."""
    conn = await session.connection()
    return await conn.execute(stmt, params)
