"""Row counts and content digests of tables, to prove that a request changed nothing."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from sqlalchemy import create_engine, inspect, text

from storage.db import sync_url

#: The domain tables: what users report and decide, and who they are.
DOMAIN_TABLES: tuple[str, ...] = (
    "org_units",
    "people",
    "manager_assignments",
    "goals",
    "reporting_periods",
    "unit_reports",
    "goal_results",
    "decisions",
    "decision_updates",
    "audit_log",
    "outbox",
)
#: What the bot writes for any activity it processes (conversation references, dialog state).
TURN_TABLES: tuple[str, ...] = ("conversation_refs", "agent_state")


def _existing(url: str, tables: Iterable[str]) -> list[str]:
    engine = create_engine(sync_url(url))
    try:
        present = set(inspect(engine).get_table_names())
    finally:
        engine.dispose()
    return [t for t in tables if t in present]


def row_counts(url: str, tables: Iterable[str]) -> dict[str, int]:
    names = _existing(url, tables)
    engine = create_engine(sync_url(url))
    try:
        with engine.connect() as conn:
            return {
                name: int(conn.execute(text(f'SELECT COUNT(*) FROM "{name}"')).scalar_one())
                for name in names
            }
    finally:
        engine.dispose()


def table_digests(url: str, tables: Iterable[str]) -> dict[str, str]:
    """A SHA-256 over every row of each table (order-independent)."""
    names = _existing(url, tables)
    engine = create_engine(sync_url(url))
    out: dict[str, str] = {}
    try:
        with engine.connect() as conn:
            for name in names:
                rows = sorted(repr(tuple(r)) for r in conn.execute(text(f'SELECT * FROM "{name}"')))
                out[name] = hashlib.sha256("\n".join(rows).encode()).hexdigest()
    finally:
        engine.dispose()
    return out


class TableSnapshots:
    """:func:`table_digests` over one open engine, for taking many snapshots quickly
    (e.g. before and after every request of a property test). Call :meth:`close`."""

    def __init__(self, url: str, tables: Iterable[str]) -> None:
        self.tables = _existing(url, tables)
        self.engine = create_engine(sync_url(url))

    def take(self) -> dict[str, str]:
        out: dict[str, str] = {}
        with self.engine.connect() as conn:
            for name in self.tables:
                digest = hashlib.sha256()
                for row in conn.exec_driver_sql(f'SELECT * FROM "{name}" ORDER BY 1'):
                    digest.update(repr(tuple(row)).encode())
                    digest.update(b"\n")
                out[name] = digest.hexdigest()
        return out

    def close(self) -> None:
        self.engine.dispose()
