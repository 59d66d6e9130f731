"""Leader leases in the ``scheduler_leases`` table (used where advisory locks are missing)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import SchedulerLease


async def try_take_lease(
    session: AsyncSession,
    *,
    name: str,
    holder: str,
    now: datetime,
    ttl: timedelta,
    holder_is_gone: Callable[[str], bool] = lambda _holder: False,
) -> bool:
    """Take or renew the lease ``name`` for ``holder``; False while someone else holds it.

    A lease can be taken when it is free, expired, already ours, or when
    ``holder_is_gone(current_holder)`` says its holder no longer exists.
    Call inside a transaction.
    """
    row = await session.get(SchedulerLease, name, with_for_update=True)
    if row is None:
        try:
            async with session.begin_nested():
                session.add(SchedulerLease(name=name, holder=holder, expires_at=now + ttl))
        except IntegrityError:
            return False
        return True
    if row.holder != holder and row.expires_at > now and not holder_is_gone(row.holder):
        return False
    row.holder = holder
    row.expires_at = now + ttl
    return True


async def release_lease(session: AsyncSession, *, name: str, holder: str) -> None:
    await session.execute(
        delete(SchedulerLease).where(SchedulerLease.name == name).where(
            SchedulerLease.holder == holder
        )
    )


async def lease_holder(session: AsyncSession, name: str) -> tuple[str, datetime] | None:
    row = (
        await session.execute(select(SchedulerLease).where(SchedulerLease.name == name))
    ).scalar_one_or_none()
    return (row.holder, row.expires_at) if row is not None else None
