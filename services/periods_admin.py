"""``python -m admin period``: the reporting periods, and an admin's reopening (audited)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from followup.calendar import PeriodSchedule
from services import Sessions
from storage.models import AuditEntry, ReportingPeriod

ADMIN_LABEL = "admin (kommandorad)"


@dataclass(frozen=True)
class PeriodState:
    period: str
    opens_at: datetime
    deadline_at: datetime
    closes_at: datetime
    reopened_until: datetime | None


class PeriodNotOpenYet(Exception):
    """A period cannot be reopened before it has opened (``args[0]``: the period)."""


def _state(row: ReportingPeriod) -> PeriodState:
    return PeriodState(row.period, row.opens_at, row.deadline_at, row.closes_at,
                       row.reopened_until)


async def recent_periods(sessions: Sessions, limit: int = 24) -> list[PeriodState]:
    """The newest ``limit`` periods, newest first."""
    async with sessions() as session:
        rows = (await session.scalars(
            select(ReportingPeriod).order_by(ReportingPeriod.period.desc()).limit(limit))).all()
        return [_state(row) for row in rows]


async def _row(session: AsyncSession, schedule: PeriodSchedule) -> ReportingPeriod:
    row = await session.scalar(
        select(ReportingPeriod).where(ReportingPeriod.period == schedule.period))
    if row is None:
        row = ReportingPeriod(period=schedule.period, opens_at=schedule.opens_at,
                              deadline_at=schedule.deadline_at, closes_at=schedule.closes_at)
        session.add(row)
    return row


def _audit(session: AsyncSession, row: ReportingPeriod, action: str, before: datetime | None,
           now: datetime) -> None:
    session.add(AuditEntry(
        at=now, actor_person_id=None, actor_label=ADMIN_LABEL, action=f"period.{action}",
        entity="reporting_period", entity_id=row.period,
        before={"reopened_until": before.isoformat() if before else None},
        after={"reopened_until": row.reopened_until.isoformat()
               if row.reopened_until else None}))


async def reopen_period(sessions: Sessions, schedule: PeriodSchedule, *, until: datetime,
                        now: datetime) -> PeriodState:
    """Open the period for changes until ``until`` (raises :class:`PeriodNotOpenYet`)."""
    async with sessions() as session, session.begin():
        row = await _row(session, schedule)
        if now < row.opens_at:
            raise PeriodNotOpenYet(row.period)
        before = row.reopened_until
        row.reopened_until = until
        _audit(session, row, "reopen", before, now)
        return _state(row)


async def close_reopening(sessions: Sessions, schedule: PeriodSchedule, *,
                          now: datetime) -> PeriodState:
    """End an admin's reopening of the period (audited even when there was none)."""
    async with sessions() as session, session.begin():
        row = await _row(session, schedule)
        before = row.reopened_until
        row.reopened_until = None
        _audit(session, row, "close", before, now)
        return _state(row)
