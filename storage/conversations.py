"""Conversation references for proactive messages."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import ConversationRef

#: Parts of a conversation reference that change on every activity without changing how
#: the user is reached: the id of the activity it was taken from and the SDK's id of the
#: incoming request.
VOLATILE_REFERENCE_FIELDS = frozenset({"activityId", "requestId"})


def stable_reference(reference: dict[str, Any]) -> dict[str, Any]:
    """``reference`` without its volatile fields: what decides whether it needs saving."""
    return {k: v for k, v in reference.items() if k not in VOLATILE_REFERENCE_FIELDS}


async def upsert_reference(
    session: AsyncSession,
    *,
    user_key: str,
    person_id: int | None,
    reference: dict[str, Any],
    conversation_id: str,
    service_url: str,
    channel_id: str,
    tenant_id: str | None,
) -> ConversationRef:
    """Store how to reach ``user_key``; an existing row is rewritten only when something
    other than the volatile fields (:data:`VOLATILE_REFERENCE_FIELDS`) changed."""
    row = (
        await session.execute(select(ConversationRef).where(ConversationRef.user_key == user_key))
    ).scalar_one_or_none()
    now = datetime.now(UTC)
    if row is None:
        row = ConversationRef(
            user_key=user_key,
            person_id=person_id,
            reference=reference,
            conversation_id=conversation_id,
            service_url=service_url,
            channel_id=channel_id,
            tenant_id=tenant_id,
            updated_at=now,
        )
        session.add(row)
        return row
    if (
        stable_reference(row.reference or {}) != stable_reference(reference)
        or row.person_id != person_id
        or row.conversation_id != conversation_id
        or row.service_url != service_url
        or row.channel_id != channel_id
        or row.tenant_id != tenant_id
    ):
        row.reference = reference
        row.person_id = person_id
        row.conversation_id = conversation_id
        row.service_url = service_url
        row.channel_id = channel_id
        row.tenant_id = tenant_id
        row.updated_at = now
    return row


async def reference_for_person(session: AsyncSession, person_id: int) -> ConversationRef | None:
    return (
        await session.execute(
            select(ConversationRef)
            .where(ConversationRef.person_id == person_id)
            .order_by(ConversationRef.updated_at.desc())
            .limit(1)
        )
    ).scalar_one_or_none()
