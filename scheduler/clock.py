"""The scheduler's clock: the services' clock, or (for tests and try-outs) a clock that
starts at ``SCHEDULER_NOW`` when the process starts and then runs at normal speed."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta

CLOCK_ENV = "SCHEDULER_NOW"

Clock = Callable[[], datetime]


def running_clock(start: datetime, *, monotonic: Callable[[], float] = time.monotonic) -> Clock:
    """A clock that shows ``start`` now and advances with real time."""
    if start.tzinfo is None:
        raise ValueError("start must be timezone-aware")
    origin = monotonic()

    def now() -> datetime:
        return start.astimezone(UTC) + timedelta(seconds=monotonic() - origin)

    return now


def clock_from_env(env: Mapping[str, str], default: Clock) -> Clock:
    """``SCHEDULER_NOW=2026-11-02T08:30:00+01:00`` gives a running clock from then."""
    raw = (env.get(CLOCK_ENV) or "").strip()
    if not raw:
        return default
    try:
        start = datetime.fromisoformat(raw)
    except ValueError as exc:
        raise ValueError(f"{CLOCK_ENV} must be an ISO date-time, got {raw!r}") from exc
    if start.tzinfo is None:
        raise ValueError(f"{CLOCK_ENV} needs a UTC offset, e.g. 2026-11-02T08:30:00+01:00")
    return running_clock(start)
