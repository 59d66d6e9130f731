"""The outbox: every proactive message, delivered exactly once.

A message is identified by its dedupe key, one per (kind, recipient, period, unit), so a
reconcile job may enqueue the same message any number of times and only the first one
counts (``INSERT … ON CONFLICT DO NOTHING`` on SQLite and PostgreSQL alike).

Delivery workers *claim* due rows: the row turns ``sending`` with a claim token and a short
lease (``claimed_until``) that the worker renews while it lives (``renew_claims``). On
PostgreSQL the claim selects with ``FOR UPDATE SKIP LOCKED`` so concurrent workers never
claim the same row; on SQLite the claim is one ``UPDATE`` and SQLite serialises writers
(one process is assumed there). Every outcome (sent, retry, throttled, failed, expired,
unreachable, skipped) is written only while the claim token still matches, so a
worker whose lease ran out cannot overwrite what another worker did since. A row whose
lease expires (its worker died, so nothing renews it) is claimed again within a lease; that
message may then be sent twice — the only case of a duplicate, bounded by the dead
worker's messages in flight.

How a message ends: ``sent``; ``failed`` (a real error, or the bounded attempts used up —
a 429 is the service pacing us and never counts as an attempt); ``expired`` (its window
passed before it could go out: a reminder after its deadline, a prompt after the period);
``unreachable`` (the person removed the app or cannot be found); ``skipped`` (no longer
needed: the report was submitted, the recipient is gone).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from conversation_scope import reference_is_personal
from storage.models import OUTBOX_STATUSES, ConversationRef, OutboxMessage, Person

#: Statuses after which nothing more happens to a message.
FINAL_STATUSES: frozenset[str] = frozenset(
    {"sent", "failed", "expired", "unreachable", "skipped"}
)
_ERROR_MAX = 2000
_REASON_MAX = 300


def dedupe_key(kind: str, person_id: int | None, period: str | None, unit_id: int | None) -> str:
    """``"prompt:p12:2026-10:u7"``: one message per (kind, recipient, period, unit)."""
    return f"{kind}:p{person_id if person_id is not None else '-'}:{period or '-'}:" + (
        f"u{unit_id}" if unit_id is not None else "-"
    )


@dataclass(frozen=True)
class OutboxItem:
    """A claimed message, as a delivery worker sees it."""

    id: int
    kind: str
    person_id: int | None
    period: str | None
    unit_id: int | None
    payload: dict[str, Any]
    attempts: int
    claim_token: str
    #: The error of the previous try (None for a first try).
    last_error: str | None = None


@dataclass(frozen=True)
class OutboxRow:
    """A message as admins list it."""

    id: int
    kind: str
    status: str
    person_id: int | None
    person_name: str | None
    period: str | None
    unit_id: int | None
    attempts: int
    next_attempt_at: datetime
    created_at: datetime
    sent_at: datetime | None
    last_error: str | None


@dataclass(frozen=True)
class Recipient:
    """Who a message goes to and how to reach them."""

    person_id: int
    name: str
    aad_object_id: str | None
    locale: str | None
    erased: bool
    unreachable_reason: str | None
    reference: dict[str, Any] | None
    #: Gone from the directory (Entra ID) or the account disabled: gets no messages.
    directory_missing: bool = False


def _insert_for(session: AsyncSession) -> Any:
    name = session.get_bind().dialect.name
    if name == "postgresql":
        return postgresql.insert
    if name == "sqlite":
        return sqlite.insert
    raise RuntimeError(f"unsupported database dialect {name!r}")


def _is_postgres(session: AsyncSession) -> bool:
    return bool(session.get_bind().dialect.name == "postgresql")


def _utc(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("naive datetime")
    return value.astimezone(UTC)


async def enqueue(
    session: AsyncSession,
    *,
    kind: str,
    person_id: int | None,
    period: str | None,
    unit_id: int | None,
    payload: dict[str, Any],
    not_before: datetime,
    now: datetime | None = None,
) -> bool:
    """Queue a message unless one with the same key exists. True when it was new."""
    insert = _insert_for(session)
    stmt = (
        insert(OutboxMessage)
        .values(
            dedupe_key=dedupe_key(kind, person_id, period, unit_id),
            kind=kind,
            person_id=person_id,
            period=period,
            unit_id=unit_id,
            payload=payload,
            status="pending",
            attempts=0,
            next_attempt_at=_utc(not_before),
            created_at=_utc(now or datetime.now(UTC)),
        )
        .on_conflict_do_nothing(index_elements=["dedupe_key"])
        .returning(OutboxMessage.id)
    )
    # RETURNING gives the new row's id, and nothing when the key existed (the ORM's
    # rowcount is not reliable for dialect inserts on every driver).
    return (await session.execute(stmt)).first() is not None


async def existing_keys(session: AsyncSession, keys: Iterable[str]) -> set[str]:
    """Which of ``keys`` are already in the outbox (for dry runs)."""
    wanted = list(set(keys))
    found: set[str] = set()
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        rows = await session.execute(
            select(OutboxMessage.dedupe_key).where(OutboxMessage.dedupe_key.in_(chunk))
        )
        found.update(rows.scalars())
    return found


# --------------------------------------------------------------------------- claiming


def new_claim_token(worker_id: str) -> str:
    return f"{worker_id}:{uuid.uuid4().hex[:12]}"


async def claim_due(
    session: AsyncSession,
    *,
    worker_id: str,
    now: datetime,
    limit: int,
    lease: timedelta,
    lease_now: datetime | None = None,
) -> list[OutboxItem]:
    """Claim up to ``limit`` due messages (pending and due, or with an expired lease).

    ``now`` decides what is due; leases run on ``lease_now`` (default ``now``), which
    workers take from the wall clock so that processes agree on them. Call inside a
    transaction; the claim holds once it commits.
    """
    if limit < 1:
        return []
    now = _utc(now)
    lease_at = _utc(lease_now) if lease_now is not None else now
    token = new_claim_token(worker_id)
    due = or_(
        and_(OutboxMessage.status == "pending", OutboxMessage.next_attempt_at <= now),
        and_(OutboxMessage.status == "sending", OutboxMessage.claimed_until < lease_at),
    )
    candidates = (
        select(OutboxMessage.id)
        .where(due)
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(limit)
    )
    if _is_postgres(session):
        candidates = candidates.with_for_update(skip_locked=True)
    stmt = (
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(candidates.scalar_subquery()))
        .values(status="sending", claimed_by=token, claimed_until=lease_at + lease)
        .returning(
            OutboxMessage.id,
            OutboxMessage.kind,
            OutboxMessage.person_id,
            OutboxMessage.period,
            OutboxMessage.unit_id,
            OutboxMessage.payload,
            OutboxMessage.attempts,
            OutboxMessage.next_attempt_at,
            OutboxMessage.last_error,
        )
        .execution_options(synchronize_session=False)
    )
    rows = list((await session.execute(stmt)).all())
    rows.sort(key=lambda r: (r.next_attempt_at, r.id))
    return [
        OutboxItem(
            id=r.id,
            kind=r.kind,
            person_id=r.person_id,
            period=r.period,
            unit_id=r.unit_id,
            payload=dict(r.payload or {}),
            attempts=r.attempts,
            claim_token=token,
            last_error=r.last_error,
        )
        for r in rows
    ]


async def renew_claims(
    session: AsyncSession, claims: Iterable[OutboxItem], *, lease_now: datetime, lease: timedelta
) -> set[int]:
    """Extend the leases of ``claims`` that are still ours; return their ids.

    The claiming worker calls this every fraction of a lease while it lives, so a lease
    can be short: when the worker dies its messages are free again within one lease.
    """
    by_token: dict[str, list[int]] = {}
    for item in claims:
        by_token.setdefault(item.claim_token, []).append(item.id)
    until = _utc(lease_now) + lease
    renewed: set[int] = set()
    for token, ids in by_token.items():
        for start in range(0, len(ids), 500):
            result = await session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id.in_(ids[start : start + 500]))
                .where(OutboxMessage.claimed_by == token)
                .where(OutboxMessage.status == "sending")
                .values(claimed_until=until)
                .returning(OutboxMessage.id)
                .execution_options(synchronize_session=False)
            )
            renewed.update(result.scalars())
    return renewed


async def _finish(session: AsyncSession, item: OutboxItem, **values: Any) -> bool:
    result = await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == item.id)
        .where(OutboxMessage.claimed_by == item.claim_token)
        .where(OutboxMessage.status == "sending")
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0) == 1)


async def mark_sent(
    session: AsyncSession,
    item: OutboxItem,
    *,
    activity_id: str | None,
    now: datetime,
    person_reachable_again: bool = False,
) -> bool:
    """Delivered. ``person_reachable_again`` clears the person's unreachable mark."""
    done = await _finish(
        session,
        item,
        status="sent",
        attempts=item.attempts + 1,
        activity_id=activity_id,
        sent_at=_utc(now),
        claimed_until=None,
        last_error=None,
    )
    if done and person_reachable_again and item.person_id is not None:
        await session.execute(
            update(Person)
            .where(Person.id == item.person_id)
            .values(unreachable_reason=None)
            .execution_options(synchronize_session=False)
        )
    return done


async def mark_retry(
    session: AsyncSession, item: OutboxItem, *, error: str, next_attempt_at: datetime
) -> bool:
    return await _finish(
        session,
        item,
        status="pending",
        attempts=item.attempts + 1,
        next_attempt_at=_utc(next_attempt_at),
        claimed_until=None,
        last_error=error[:_ERROR_MAX],
    )


async def mark_throttled(
    session: AsyncSession, item: OutboxItem, *, error: str, next_attempt_at: datetime
) -> bool:
    """The service said "slow down" (429): try again later; no attempt is used up."""
    return await _finish(
        session,
        item,
        status="pending",
        next_attempt_at=_utc(next_attempt_at),
        claimed_until=None,
        last_error=error[:_ERROR_MAX],
    )


async def mark_expired(session: AsyncSession, item: OutboxItem, *, reason: str) -> bool:
    """Not sent: its window passed before it could go out (``reason`` says why/when)."""
    return await _finish(
        session, item, status="expired", claimed_until=None, last_error=reason[:_ERROR_MAX]
    )


async def mark_failed(session: AsyncSession, item: OutboxItem, *, error: str) -> bool:
    return await _finish(
        session,
        item,
        status="failed",
        attempts=item.attempts + 1,
        claimed_until=None,
        last_error=error[:_ERROR_MAX],
    )


async def mark_unreachable(
    session: AsyncSession, item: OutboxItem, *, error: str, attempted: bool = True
) -> bool:
    """The recipient cannot be reached; the person is marked unreachable too."""
    done = await _finish(
        session,
        item,
        status="unreachable",
        attempts=item.attempts + (1 if attempted else 0),
        claimed_until=None,
        last_error=error[:_ERROR_MAX],
    )
    if done and item.person_id is not None:
        await session.execute(
            update(Person)
            .where(Person.id == item.person_id)
            .values(unreachable_reason=error[:_REASON_MAX])
            .execution_options(synchronize_session=False)
        )
    return done


async def mark_skipped(session: AsyncSession, item: OutboxItem, *, reason: str) -> bool:
    """Not sent because it no longer makes sense (report submitted, window passed)."""
    return await _finish(
        session, item, status="skipped", claimed_until=None, last_error=reason[:_ERROR_MAX]
    )


async def release(session: AsyncSession, item: OutboxItem, *, next_attempt_at: datetime) -> bool:
    """Give a claimed message back without counting an attempt (e.g. rate limited locally)."""
    return await _finish(
        session,
        item,
        status="pending",
        next_attempt_at=_utc(next_attempt_at),
        claimed_by=None,
        claimed_until=None,
    )


async def release_all_claims(session: AsyncSession) -> int:
    """Return every ``sending`` message to ``pending`` (single-process SQLite start-up:
    any claim left then belongs to a process that died)."""
    result = await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.status == "sending")
        .values(status="pending", claimed_by=None, claimed_until=None)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)


async def requeue(
    session: AsyncSession, *, statuses: Sequence[str], now: datetime, period: str | None = None
) -> int:
    """Put failed/unreachable messages back in the queue (an admin's decision)."""
    bad = set(statuses) - {"failed", "unreachable"}
    if bad:
        raise ValueError(f"only failed or unreachable messages can be requeued, not {sorted(bad)}")
    stmt = (
        update(OutboxMessage)
        .where(OutboxMessage.status.in_(list(statuses)))
        .values(
            status="pending",
            attempts=0,
            next_attempt_at=_utc(now),
            claimed_by=None,
            claimed_until=None,
        )
        .execution_options(synchronize_session=False)
    )
    if period is not None:
        stmt = stmt.where(OutboxMessage.period == period)
    result = await session.execute(stmt)
    return int(getattr(result, "rowcount", 0) or 0)


# --------------------------------------------------------------------------- recipients


async def recipients_for(session: AsyncSession, person_ids: Iterable[int]) -> dict[int, Recipient]:
    """People with their newest stored conversation reference (None when there is none)."""
    ids = sorted(set(person_ids))
    if not ids:
        return {}
    people = (await session.execute(select(Person).where(Person.id.in_(ids)))).scalars().all()
    refs: dict[int, dict[str, Any]] = {}
    ref_rows = await session.execute(
        select(ConversationRef.person_id, ConversationRef.reference)
        .where(ConversationRef.person_id.in_(ids))
        .order_by(ConversationRef.updated_at)
    )
    for person_id, reference in ref_rows:
        # Only a 1:1 chat reaches a person (never a channel stored by an older version).
        if person_id is not None and reference_is_personal(reference or {}):
            refs[person_id] = dict(reference)  # the newest wins
    return {
        p.id: Recipient(
            person_id=p.id,
            name=p.name,
            aad_object_id=p.aad_object_id,
            locale=p.locale,
            erased=p.erased_at is not None,
            unreachable_reason=p.unreachable_reason,
            reference=refs.get(p.id),
            directory_missing=bool(p.directory_missing),
        )
        for p in people
    }


async def newest_service_endpoint(session: AsyncSession) -> tuple[str, str | None] | None:
    """(service URL, tenant id) of the most recently refreshed Teams conversation."""
    row = (
        await session.execute(
            select(ConversationRef.service_url, ConversationRef.tenant_id)
            .where(ConversationRef.channel_id == "msteams")
            .order_by(ConversationRef.updated_at.desc())
            .limit(1)
        )
    ).first()
    return (row[0], row[1]) if row is not None else None


# --------------------------------------------------------------------------- admin views


async def status_counts(
    session: AsyncSession, *, period: str | None = None, kind: str | None = None
) -> dict[str, int]:
    """Messages per status (every status present, zero when none)."""
    stmt = select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
    if period is not None:
        stmt = stmt.where(OutboxMessage.period == period)
    if kind is not None:
        stmt = stmt.where(OutboxMessage.kind.like(f"{kind}%"))
    counts = dict.fromkeys(OUTBOX_STATUSES, 0)
    for status, count in (await session.execute(stmt)):
        counts[status] = int(count)
    return counts


async def list_messages(
    session: AsyncSession,
    *,
    statuses: Sequence[str] = (),
    period: str | None = None,
    kind: str | None = None,
    limit: int = 50,
) -> list[OutboxRow]:
    """Messages newest first, with the recipient's name."""
    stmt = (
        select(OutboxMessage, Person.name)
        .outerjoin(Person, Person.id == OutboxMessage.person_id)
        .order_by(OutboxMessage.id.desc())
        .limit(limit)
    )
    if statuses:
        stmt = stmt.where(OutboxMessage.status.in_(list(statuses)))
    if period is not None:
        stmt = stmt.where(OutboxMessage.period == period)
    if kind is not None:
        stmt = stmt.where(OutboxMessage.kind.like(f"{kind}%"))
    out: list[OutboxRow] = []
    for message, name in (await session.execute(stmt)):
        out.append(
            OutboxRow(
                id=message.id,
                kind=message.kind,
                status=message.status,
                person_id=message.person_id,
                person_name=name,
                period=message.period,
                unit_id=message.unit_id,
                attempts=message.attempts,
                next_attempt_at=message.next_attempt_at,
                created_at=message.created_at,
                sent_at=message.sent_at,
                last_error=message.last_error,
            )
        )
    return out


async def earliest_pending(session: AsyncSession) -> datetime | None:
    """When the next pending message becomes due (None when nothing is pending)."""
    value = (
        await session.execute(
            select(func.min(OutboxMessage.next_attempt_at)).where(
                OutboxMessage.status.in_(["pending", "sending"])
            )
        )
    ).scalar_one_or_none()
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return datetime.fromisoformat(str(value)).replace(tzinfo=UTC)
