"""The audit log: who changed what, when, before → after."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

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
