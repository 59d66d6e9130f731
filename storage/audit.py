"""The audit log: who changed what, when, before → after."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from typing import Any, cast

from sqlalchemy import Table, bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.core_sql import run_core
from storage.models import AuditEntry


def record(
    session: AsyncSession,
    *,
    actor_person_id: int | None,
    actor_label: str,
    action: str,
    entity: str,
    entity_id: str | int,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    details: str | None = None,
    at: datetime | None = None,
) -> AuditEntry:
    entry = AuditEntry(
        at=at or datetime.now(UTC),
        actor_person_id=actor_person_id,
        actor_label=actor_label,
        action=action,
        entity=entity,
        entity_id=str(entity_id),
        before=before,
        after=after,
        details=details,
    )
    session.add(entry)
    return entry


@cache
def _first_after_stmt() -> Any:
    log = cast(Table, AuditEntry.__table__).c
    return (select(log.after).where(log.entity == bindparam("entity"),
                                    log.entity_id == bindparam("entity_id"))
            .order_by(log.id).limit(1))


async def first_after(session: AsyncSession, entity: str, entity_id: str) -> Any:
    """The ``after`` of the first entry about ``entity``/``entity_id`` (None: none)."""
    rows = await run_core(session, _first_after_stmt(), {"entity": entity,
                                                         "entity_id": entity_id})
    return rows.scalar_one_or_none()
