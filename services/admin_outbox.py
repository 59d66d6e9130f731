"""``python -m admin outbox``: what the proactive outbox holds, and requeueing."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from services import Sessions
from storage import outbox
from storage.models import OUTBOX_STATUSES
from storage.outbox import OutboxRow

__all__ = ["OUTBOX_STATUSES", "OutboxOverview", "OutboxRow", "outbox_overview", "requeue_failed"]


@dataclass(frozen=True)
class OutboxOverview:
    counts: dict[str, int]  # every status, zero when none
    rows: list[OutboxRow]  # newest first


async def requeue_failed(sessions: Sessions, *, now: datetime, period: str | None) -> int:
    """Put the failed and unreachable messages (of ``period`` when given) back in the queue;
    how many."""
    async with sessions() as session, session.begin():
        return await outbox.requeue(session, statuses=("failed", "unreachable"), now=now,
                                    period=period)


async def outbox_overview(sessions: Sessions, *, statuses: Sequence[str], period: str | None,
                          kind: str | None, limit: int) -> OutboxOverview:
    """Counts per status and at most ``limit`` messages (none when 0)."""
    async with sessions() as session:
        counts = await outbox.status_counts(session, period=period, kind=kind)
        rows = (await outbox.list_messages(session, statuses=statuses, period=period,
                                           kind=kind, limit=limit) if limit else [])
    return OutboxOverview(counts, rows)
