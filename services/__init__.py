"""Use cases: each owns its transaction and returns :mod:`followup` data.

Entry points (``dialogs``, ``admin``, ``scheduler``) parse input, call a service and render
the answer; services call ``storage`` (SQL) and ``cards`` (presenters). The direction is
guarded by the import-linter contract in ``pyproject.toml`` (``make lint``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy.exc import SQLAlchemyError
    from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

    #: What an entry point hands a service: the app's session factory. The service opens
    #: its own session, commits (or rolls back) and returns domain data; entry points never
    #: hold a session.
    Sessions = async_sessionmaker[AsyncSession]

    #: What a service raises when the database cannot answer (lost connection, lock
    #: timeout): entry points that go on after such a failure (the scheduler's loops) catch
    #: this.
    StorageError = SQLAlchemyError

__all__ = ["Sessions", "StorageError"]


def __getattr__(name: str) -> Any:
    # SQLAlchemy only when these are used at run time: `python -m admin import --help`
    # reads services.importing's kind names and stays light (tests/test_admin_startup.py).
    if name == "Sessions":
        from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

        return async_sessionmaker[AsyncSession]
    if name == "StorageError":
        from sqlalchemy.exc import SQLAlchemyError

        return SQLAlchemyError
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
