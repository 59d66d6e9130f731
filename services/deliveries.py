"""The outbox worker's database work: claim what is due, record each outcome.

The delivery worker (:mod:`scheduler.delivery`) sends; every read and write it needs goes
through these functions, each in its own transaction, so the worker holds no session.
Outcomes are recorded with :func:`record`, naming one of :data:`OUTCOMES`; it answers
False when the claim was lost before the outcome could be written (another worker took
the message over).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

from services import Sessions
from services.notices import cancel_when_submitted
from storage import outbox
from storage.conversations import upsert_reference
from storage.outbox import OutboxItem, Recipient
from storage.report_status import submitted_pairs

__all__ = [
    "OUTCOMES",
    "Claimed",
    "OutboxItem",
    "Outcome",
    "Recipient",
    "claim_due",
    "earliest_pending",
    "newest_service_endpoint",
    "record",
    "release_all_claims",
    "remember_conversation",
    "renew_claims",
]

Outcome = Literal["sent", "retry", "throttled", "expired", "failed", "unreachable",
                  "skipped", "released"]

#: Outcome -> the storage call that records it.
OUTCOMES: Mapping[Outcome, Any] = {
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
    """A claimed message with what the worker needs to decide on it."""

    item: OutboxItem
    recipient: Recipient | None
    #: The message is cancelled once its unit's report is submitted, and it is.
    submitted: bool


async def claim_due(
    sessions: Sessions, *, worker_id: str, now: datetime, limit: int, lease: timedelta,
    lease_now: datetime,
) -> list[Claimed]:
    """Claim up to ``limit`` messages due at ``now`` for ``worker_id`` (one transaction),
    with their recipients and whether their report was submitted meanwhile."""
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
    """Record ``outcome`` for a claimed ``item``; False when the claim was lost."""
    async with sessions() as session, session.begin():
        return bool(await OUTCOMES[outcome](session, item, **values))


async def renew_claims(
    sessions: Sessions, held: Iterable[OutboxItem], *, lease_now: datetime, lease: timedelta
) -> set[int]:
    """Extend the leases of ``held``; the ids still ours."""
    async with sessions() as session, session.begin():
        return set(await outbox.renew_claims(session, list(held), lease_now=lease_now,
                                             lease=lease))


async def release_all_claims(sessions: Sessions) -> int:
    """Free every claim (a single-process installation starting: they are a dead run's)."""
    async with sessions() as session, session.begin():
        return await outbox.release_all_claims(session)


async def earliest_pending(sessions: Sessions) -> datetime | None:
    async with sessions() as session:
        return await outbox.earliest_pending(session)


async def newest_service_endpoint(sessions: Sessions) -> tuple[str, str | None] | None:
    """The service URL (and tenant) of the newest stored conversation, if any."""
    async with sessions() as session:
        return await outbox.newest_service_endpoint(session)


async def remember_conversation(
    sessions: Sessions, *, recipient: Recipient, reference: Mapping[str, Any],
    service_url: str, tenant_id: str | None,
) -> None:
    """Store the 1:1 conversation the worker just opened with ``recipient``."""
    assert recipient.aad_object_id
    conversation = reference.get("conversation") or {}
    async with sessions() as session, session.begin():
        await upsert_reference(
            session,
            user_key=recipient.aad_object_id.lower(),
            person_id=recipient.person_id,
            reference=dict(reference),
            conversation_id=str(conversation.get("id", "")),
            service_url=service_url,
            channel_id="msteams",
            tenant_id=tenant_id,
        )
