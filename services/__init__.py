"""Use cases: each owns its transaction and returns :mod:`followup` data.

Entry points (``dialogs``, ``admin``, ``scheduler``) parse input, call a service and render
the answer; services call ``storage`` (SQL) and ``cards`` (presenters). The direction is
guarded by the import-linter contract in ``pyproject.toml`` (``make lint``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

    #: What an entry point hands a service: the app's session factory. The service opens
    #: its own session, commits (or rolls back) and returns domain data; entry points never
    #: hold a session.
    Sessions = async_sessionmaker[AsyncSession]

__all__ = ["Sessions"]


def __getattr__(name: str) -> Any:
    # SQLAlchemy only when Sessions is used at run time: `python -m admin import --help`
    # reads services.importing's kind names and stays light (tests/test_admin_startup.py).
    if name == "Sessions":
        from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

        return async_sessionmaker[AsyncSession]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
