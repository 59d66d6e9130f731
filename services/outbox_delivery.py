"""The delivery worker's database work: claim due outbox rows, record each outcome.

:class:`scheduler.delivery.DeliveryWorker` decides when and how to send; every step here
is one short transaction of its own (a claim, a lease renewal, one outcome), so a slow
send never holds a connection.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

from sqlalchemy.exc import SQLAlchemyError

from services import Sessions
from services.notices import cancel_when_submitted
from storage import outbox
from storage.conversations import upsert_reference
from storage.outbox import OutboxItem, Recipient
from storage.report_status import submitted_pairs

__all__ = [
    "STORAGE_ERRORS",
    "Claimed",
    "OutboxItem",
    "Outcome",
    "Recipient",
    "claim_due",
    "earliest_pending",
    "newest_service_endpoint",
    "record",
    "release_stale_claims",
    "renew_claims",
    "save_conversation",
]

#: What a database step raises when the database is away (the worker logs and retries).
STORAGE_ERRORS: tuple[type[Exception], ...] = (SQLAlchemyError,)

#: How a claimed message ended (or went back to the queue: ``released``).
Outcome = Literal["sent", "retry", "throttled", "expired", "failed", "unreachable",
                  "skipped", "released"]

_MARKS: dict[str, Callable[..., Awaitable[bool]]] = {
    "sent": outbox.mark_sent,
    "retry": outbox.mark_retry,
    "throttled": outbox.mark_throttled,
    "expired": outbox.mark_expired,
    "failed": outbox.mark_failed,
    "unreachable": outbox.mark_unreachable,
    "skipped": outbox.mark_skipped,
    "released": outbox.release,
}


@dataclass(frozen=True)
class Claimed:
    """A claimed message, its recipient (None: gone) and whether its report is in."""

    item: OutboxItem
    recipient: Recipient | None
    submitted: bool


async def claim_due(
    sessions: Sessions, *, worker_id: str, now: datetime, limit: int, lease: timedelta,
    lease_now: datetime,
) -> list[Claimed]:
    """Claim up to ``limit`` messages due at ``now`` for ``worker_id`` (leased until
    ``lease_now + lease``), with what the worker needs to decide on each."""
    async with sessions() as session, session.begin():
        items = await outbox.claim_due(session, worker_id=worker_id, now=now, limit=limit,
                                       lease=lease, lease_now=lease_now)
        if not items:
            return []
        recipients = await outbox.recipients_for(
            session, [i.person_id for i in items if i.person_id is not None]
        )
        pairs = [
            (i.unit_id, i.period)
            for i in items
            if i.unit_id is not None
            and i.period is not None
            and cancel_when_submitted(i.kind, i.payload)
        ]
        submitted = await submitted_pairs(session, pairs) if pairs else set()
    return [
        Claimed(
            item=i,
            recipient=recipients.get(i.person_id) if i.person_id is not None else None,
            submitted=(i.unit_id, i.period) in submitted,
        )
        for i in items
    ]


async def record(sessions: Sessions, outcome: Outcome, item: OutboxItem, **values: Any) -> bool:
    """Record ``outcome`` of a claimed message; False when the claim was lost meanwhile."""
    async with sessions() as session, session.begin():
        return await _MARKS[outcome](session, item, **values)


async def renew_claims(
    sessions: Sessions, claims: Iterable[OutboxItem], *, lease_now: datetime, lease: timedelta
) -> set[int]:
    """Extend the leases of the claims still ours; returns their ids."""
    async with sessions() as session, session.begin():
        return await outbox.renew_claims(session, claims, lease_now=lease_now, lease=lease)


async def release_stale_claims(sessions: Sessions) -> int:
    """Give back every claim (single process on SQLite: they belong to a dead process)."""
    async with sessions() as session, session.begin():
        return await outbox.release_all_claims(session)


async def earliest_pending(sessions: Sessions) -> datetime | None:
    """When the next pending (or claimed) message is due; None when the outbox is done."""
    async with sessions() as session:
        return await outbox.earliest_pending(session)


async def newest_service_endpoint(sessions: Sessions) -> tuple[str, str | None] | None:
    """The service URL (and tenant) of the newest stored conversation, if any."""
    async with sessions() as session:
        return await outbox.newest_service_endpoint(session)


async def save_conversation(
    sessions: Sessions, *, recipient: Recipient, aad_object_id: str,
    reference: dict[str, Any], service_url: str, tenant_id: str | None,
) -> None:
    """Store the 1:1 conversation just created for ``recipient``."""
    conversation = reference.get("conversation") or {}
    async with sessions() as session, session.begin():
        await upsert_reference(
            session,
            user_key=aad_object_id.lower(),
            person_id=recipient.person_id,
            reference=reference,
            conversation_id=str(conversation.get("id", "")),
            service_url=service_url,
            channel_id="msteams",
            tenant_id=tenant_id,
        )
