"""Reporting periods in the database, created from the calendar on demand.

A period is open for reports when ``opens_at <= now < closes_at``, or while an admin's
``reopened_until`` lies in the future.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from followup.calendar import CalendarConfig, current_open_period, schedule_for
from storage.models import ReportingPeriod


def period_is_open(row: ReportingPeriod, now: datetime) -> bool:
    if row.opens_at <= now < row.closes_at:
        return True
    return row.reopened_until is not None and row.opens_at <= now < row.reopened_until


async def get_period(session: AsyncSession, period: str) -> ReportingPeriod | None:
    return (
        await session.execute(select(ReportingPeriod).where(ReportingPeriod.period == period))
    ).scalar_one_or_none()


async def ensure_period(session: AsyncSession, period: str, cfg: CalendarConfig) -> ReportingPeriod:
    """The period's row, created from the calendar if missing (safe under concurrency)."""
    row = await get_period(session, period)
    if row is not None:
        return row
    schedule = schedule_for(period, cfg)
    row = ReportingPeriod(
        period=schedule.period,
        opens_at=schedule.opens_at,
        deadline_at=schedule.deadline_at,
        closes_at=schedule.closes_at,
    )
    try:
        async with session.begin_nested():
            session.add(row)
    except IntegrityError:
        existing = await get_period(session, period)
        if existing is None:
            raise
        return existing
    return row


async def open_periods(
    session: AsyncSession, now: datetime, cfg: CalendarConfig
) -> list[ReportingPeriod]:
    """Periods open for reporting at ``now``, newest first (the calendar's one included)."""
    calendar_period = current_open_period(now, cfg)
    if calendar_period is not None:
        await ensure_period(session, calendar_period, cfg)
    rows = (
        await session.execute(
            select(ReportingPeriod)
            .where(ReportingPeriod.opens_at <= now)
            .where(
                or_(ReportingPeriod.closes_at > now, ReportingPeriod.reopened_until > now)
            )
            .order_by(ReportingPeriod.period.desc())
        )
    ).scalars()
    return [row for row in rows if period_is_open(row, now)]


async def current_period(
    session: AsyncSession, now: datetime, cfg: CalendarConfig
) -> ReportingPeriod | None:
    """The newest open period, or None between periods."""
    periods = await open_periods(session, now, cfg)
    return periods[0] if periods else None
