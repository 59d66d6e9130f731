"""The demo history: periods, goal status chains and when things were done.

How many closed periods precede the open one, when the open period is reopened, the status
transition table and value fractions of a goal's month-by-month results, and helpers for
working days, local times, report submission times and office hours.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from followup import calendar
from followup.calendar import (
    CalendarConfig,
    PeriodSchedule,
    add_working_days,
    is_working_day,
    schedule_for,
)

__all__ = [
    "HISTORY_PERIODS",
    "MAX_PERIOD_STEPS",
    "REOPEN_DAYS",
    "STATUSES",
    "STATUS_FRACTION",
    "STATUS_TRANSITIONS",
    "current_period_for",
    "local_time",
    "office_time_between",
    "previous_followed_period",
    "require_aware",
    "status_chain",
    "submission_time",
    "target_fractions",
    "working_days",
]

# Closed, followed-up periods with reports before the open one.
HISTORY_PERIODS = 14
# An open period that has already closed at ``now`` is reopened for this many days.
REOPEN_DAYS = 45
# How far back :func:`current_period_for` looks for an opened period.
MAX_PERIOD_STEPS = 48

# Status persistence: a goal's status tends to continue (≈ 60/28/12 % overall).
STATUS_TRANSITIONS: dict[str, tuple[float, float, float]] = {
    "green": (0.87, 0.115, 0.015),
    "yellow": (0.28, 0.61, 0.11),
    "red": (0.08, 0.27, 0.65),
}
STATUSES = ("green", "yellow", "red")
STATUS_FRACTION: dict[str, tuple[float, float]] = {
    "green": (0.88, 1.15),
    "yellow": (0.45, 0.85),
    "red": (-0.25, 0.42),
}


def local_time(day: date, hour: int, minute: int, zone: ZoneInfo) -> datetime:
    """``hour``:``minute`` on ``day`` in ``zone``."""
    return datetime.combine(day, time(hour, minute), tzinfo=zone)


def require_aware(now: datetime) -> None:
    """Reject a naive ``now``: every seeded moment is derived from it."""
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be a timezone-aware datetime")


def previous_followed_period(period: str, cfg: CalendarConfig) -> str:
    """The latest period asked for before ``period`` (a tertial, delår or helår too)."""
    return calendar.previous_followed_period(period, cfg)


def current_period_for(now: datetime, cfg: CalendarConfig) -> str:
    """The latest period asked for that has opened at ``now`` (open or not)."""
    require_aware(now)
    local = now.astimezone(cfg.zone)
    year, month = local.year, local.month
    for _ in range(MAX_PERIOD_STEPS):
        period = calendar.asked_period(year, month, cfg)
        if period is not None and schedule_for(period, cfg).opens_at <= now:
            return period
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    raise RuntimeError(f"no followed-up period opened within {MAX_PERIOD_STEPS} months")


def status_chain(rng: random.Random, length: int) -> list[str]:
    """A goal's status per period: a start status, then the transition table."""
    first = rng.choices(STATUSES, weights=(60, 28, 12))[0]
    chain = [first]
    while len(chain) < length:
        chain.append(rng.choices(STATUSES, weights=STATUS_TRANSITIONS[chain[-1]])[0])
    return chain


def target_fractions(rng: random.Random, statuses: Sequence[str]) -> list[float]:
    """How far from baseline (0) to target (1) each period's value is."""
    out: list[float] = []
    previous = rng.uniform(0.2, 0.6)
    for status in statuses:
        low, high = STATUS_FRACTION[status]
        current = 0.7 * rng.uniform(low, high) + 0.3 * previous
        current = min(max(current, low - 0.05), high + 0.05)
        out.append(current)
        previous = current
    return out


def working_days(first: date, last: date) -> list[date]:
    """The working days from ``first`` to ``last``, both included."""
    days: list[date] = []
    current = first
    while current <= last:
        if is_working_day(current):
            days.append(current)
        current += timedelta(days=1)
    return days


def submission_time(
    rng: random.Random, schedule: PeriodSchedule, zone: ZoneInfo, *, late: bool
) -> datetime:
    """When a closed period's report was submitted: on time, late ones after the deadline."""
    deadline_day = schedule.deadline_at.astimezone(zone).date()
    if late:
        day = add_working_days(deadline_day, rng.randint(1, 4))
        at = local_time(day, rng.randint(8, 16), rng.randrange(0, 60, 5), zone)
        return min(at, schedule.closes_at - timedelta(hours=1))
    open_day = schedule.opens_at.astimezone(zone).date()
    days = working_days(open_day, deadline_day) or [open_day]
    day = rng.choices(days, weights=range(1, len(days) + 1))[0]
    at = local_time(day, rng.randint(8, 17), rng.randrange(0, 60, 5), zone)
    earliest = schedule.opens_at + timedelta(minutes=rng.randint(10, 90))
    latest = schedule.deadline_at - timedelta(minutes=rng.randint(1, 45))
    return max(min(at, latest), min(earliest, latest))


def office_time_between(
    rng: random.Random, start: datetime, end: datetime, zone: ZoneInfo
) -> datetime:
    """A moment in office hours on a working day between ``start`` and ``end`` (clamped)."""
    if end <= start:
        return start
    days = working_days(start.astimezone(zone).date(), end.astimezone(zone).date())
    if not days:
        return start + (end - start) / 2
    day = rng.choice(days)
    at = local_time(day, rng.randint(8, 16), rng.randrange(0, 60), zone)
    if at > end:
        at = end - timedelta(minutes=rng.randint(1, 180))
    return max(at, start)
