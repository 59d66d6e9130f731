"""Client-side rate limits for proactive sends: a global token bucket and Teams'
per-conversation sliding windows. Time comes from an injected monotonic clock."""

from __future__ import annotations

import asyncio
import time
from bisect import bisect_right
from collections.abc import Callable, Sequence

#: Teams' limits per bot and conversation: (seconds, most sends in that many seconds).
TEAMS_CONVERSATION_WINDOWS: tuple[tuple[float, int], ...] = (
    (1.0, 7),
    (2.0, 8),
    (30.0, 60),
    (3600.0, 1800),
)


class TokenBucket:
    """``rate`` tokens a second, at most ``capacity`` saved up; ``acquire`` waits for one.

    Any one-second window then holds at most ``capacity + rate`` sends, so a small
    capacity keeps a 40/s bucket under Teams' 50/s per app.
    """

    def __init__(
        self,
        rate: float,
        capacity: float | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.rate = float(rate)
        self.capacity = float(capacity if capacity is not None else max(1.0, rate / 10))
        if self.capacity < 1:
            raise ValueError("capacity must be at least 1")
        self._clock = clock
        self._tokens = self.capacity
        self._stamp = clock()
        self._lock = asyncio.Lock()

    def _refill(self) -> None:
        now = self._clock()
        self._tokens = min(self.capacity, self._tokens + (now - self._stamp) * self.rate)
        self._stamp = now

    async def acquire(self) -> None:
        async with self._lock:  # first come, first served
            while True:
                self._refill()
                if self._tokens >= 1:
                    self._tokens -= 1
                    return
                await asyncio.sleep((1 - self._tokens) / self.rate)


class ConversationLimiter:
    """Sliding windows per key (a conversation).

    ``take`` books a send when it fits and ``done`` records it when the answer came back.
    A send arrives at the service some time between the two, so a send still in flight
    counts as happening *now*, and a finished one at its completion time; windows are
    also stretched by ``margin_s``. The service's own count can then never be higher
    than ours.
    """

    def __init__(
        self,
        windows: Sequence[tuple[float, int]] = TEAMS_CONVERSATION_WINDOWS,
        *,
        margin_s: float = 0.1,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._windows = tuple((seconds + margin_s, most) for seconds, most in windows)
        self._longest = max((s for s, _ in self._windows), default=0.0)
        self._clock = clock
        self._events: dict[str, list[float]] = {}
        self._in_flight: dict[str, int] = {}
        self._blocked_until: dict[str, float] = {}

    def wait_seconds(self, key: str) -> float:
        """Seconds until one more send to ``key`` fits every window (0 when it fits now)."""
        now = self._clock()
        wait = max(0.0, self._blocked_until.get(key, 0.0) - now)
        events = self._events.get(key, [])
        del events[: bisect_right(events, now - self._longest)]
        in_flight = self._in_flight.get(key, 0)
        for seconds, most in self._windows:
            recent = events[bisect_right(events, now - seconds):]
            excess = len(recent) + in_flight - most + 1
            if excess <= 0:
                continue
            if excess <= len(recent):
                wait = max(wait, recent[excess - 1] + seconds - now)
            else:  # sends in flight must finish (and then age) first
                wait = max(wait, seconds)
        return wait

    def take(self, key: str) -> float:
        """Book a send to ``key`` now and return 0, or return the seconds to wait."""
        wait = self.wait_seconds(key)
        if wait > 0:
            return wait
        if self._windows:
            self._in_flight[key] = self._in_flight.get(key, 0) + 1
        return 0.0

    def done(self, key: str) -> None:
        """The send booked with ``take`` is over (answered, failed or timed out)."""
        if not self._windows:
            return
        remaining = self._in_flight.get(key, 0) - 1
        if remaining > 0:
            self._in_flight[key] = remaining
        else:
            self._in_flight.pop(key, None)
        self._events.setdefault(key, []).append(self._clock())

    def block(self, key: str, seconds: float) -> None:
        """The service said ``Retry-After: seconds`` for ``key``."""
        until = self._clock() + seconds
        self._blocked_until[key] = max(self._blocked_until.get(key, 0.0), until)

    def forget_idle(self) -> None:
        """Drop keys with nothing left in any window (keeps memory bounded)."""
        now = self._clock()
        for key in list(self._events):
            events = self._events[key]
            if key not in self._in_flight and (not events or events[-1] <= now - self._longest):
                del self._events[key]
        for key in [k for k, until in self._blocked_until.items() if until <= now]:
            del self._blocked_until[key]
