"""The audit log for ``python -m admin audit``: entries since a moment, oldest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from services import Sessions
from storage.models import AuditEntry


@dataclass(frozen=True)
class AuditRecord:
    at: datetime
    actor_label: str
    action: str
    entity: str
    entity_id: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    details: str | None


async def audit_entries(sessions: Sessions, *, since: datetime, entity: str | None = None,
                        key: str | None = None, limit: int = 1000) -> list[AuditRecord]:
    """The newest ``limit`` entries at or after ``since`` (filtered by entity and key),
    returned oldest first."""
    query = select(AuditEntry).where(AuditEntry.at >= since)
    if entity:
        query = query.where(AuditEntry.entity == entity)
    if key:
        query = query.where(AuditEntry.entity_id == key)
    query = query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(max(1, limit))
    async with sessions() as session:
        entries = list((await session.execute(query)).scalars())
    return [AuditRecord(e.at, e.actor_label, e.action, e.entity, e.entity_id, e.before,
                        e.after, e.details) for e in reversed(entries)]
