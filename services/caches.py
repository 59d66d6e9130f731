"""The process's read caches (storage.read_cache), found from a session factory."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncEngine

from services import Sessions
from storage.read_cache import ReadCache, cache_of_engine

__all__ = ["ReadCache", "read_cache_of"]


def read_cache_of(sessions: Sessions) -> ReadCache | None:
    """The cache of the summaries' slow-changing reads (org tree, check-in tallies) kept
    for the engine behind ``sessions``, checked against the database's change stamps."""
    bind = sessions.kw.get("bind")
    return cache_of_engine(bind) if isinstance(bind, AsyncEngine) else None
