"""Client-side rate limits for proactive sends: Teams' per-conversation sliding windows
and the outbox-wide throttle (a token bucket that backs off when the service answers
429/503). Time comes from an injected monotonic clock."""

from __future__ import annotations

import time
from bisect import bisect_right
from collections import deque
from collections.abc import Callable, Sequence

#: Teams' limits per bot and conversation: (seconds, most sends in that many seconds).
TEAMS_CONVERSATION_WINDOWS: tuple[tuple[float, int], ...] = (
    (1.0, 7),
    (2.0, 8),
    (30.0, 60),
    (3600.0, 1800),
)


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


class SendThrottle:
    """The whole outbox's send rate, backing off when the service says so (AIMD).

    A token bucket of ``rate`` sends a second (at most ``capacity`` saved up) whose rate
    follows the service's signals, as one throttle for every conversation:

    * ``throttled(retry_after, key)`` (a 429 for conversation ``key``): Teams throttles
      per bot and conversation as well as per app, and a lone 429 is usually the
      conversation's limit. So a 429 after quiet pauses only its conversation (the caller
      blocks ``key`` for the returned seconds) and lowers the rate mildly
      (``conversation_decrease``). It is a storm, the app's limit, when 429s come from
      ``storm_conversations`` different conversations while the earlier ones'
      ``Retry-After`` still runs (plus ``storm_window_s``), when a 429 comes without a
      conversation, or during a storm (from a global back-off until a send succeeds after
      its pause). Then nothing may start until the largest ``Retry-After`` seen has
      passed (at most ``max_pause_s``; without one: ``default_pause_s``, doubling while
      429s follow each other); the rate drops to ``restart_share`` of the configured rate
      at most, and halves again on each further back-off, never below ``floor_share``.
      Answers to requests that were already on their way when the pause began extend the
      pause but do not lower the rate again.
    * ``unavailable(retry_after)`` (a 503): ``burst_count`` of them within
      ``burst_window_s`` count as one back-off of ``max(retry_after, burst_pause_s)``.
    * ``succeeded()``: additive increase, the rate climbs back to the configured rate
      over ``ramp_s`` seconds of successful sending.

    ``reserve`` is the only question a sender asks: 0 (a send may start now, its token is
    taken) or the seconds to wait. Time comes from the injected monotonic ``clock``.
    """

    def __init__(
        self,
        rate: float,
        capacity: float | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        restart_share: float = 0.5,
        floor_share: float = 0.05,
        decrease: float = 0.5,
        ramp_s: float = 10.0,
        default_pause_s: float = 1.0,
        max_pause_s: float = 600.0,
        burst_count: int = 5,
        burst_window_s: float = 5.0,
        burst_pause_s: float = 2.0,
        conversation_decrease: float = 0.9,
        storm_conversations: int = 2,
        storm_window_s: float = 0.0,
    ) -> None:
        if rate <= 0:
            raise ValueError("rate must be positive")
        if not 0 < floor_share <= restart_share <= 1 or not 0 < decrease < 1:
            raise ValueError("need 0 < floor_share <= restart_share <= 1 and 0 < decrease < 1")
        if ramp_s <= 0 or default_pause_s <= 0 or max_pause_s <= 0 or burst_count < 1:
            raise ValueError("ramp, pauses and burst count must be positive")
        if not 0 < conversation_decrease <= 1 or storm_conversations < 1 or storm_window_s < 0:
            raise ValueError("need 0 < conversation_decrease <= 1, storm_conversations >= 1 "
                             "and storm_window_s >= 0")
        self.max_rate = float(rate)
        self.max_capacity = float(capacity if capacity is not None else max(1.0, rate / 10))
        if self.max_capacity < 1:
            raise ValueError("capacity must be at least 1")
        self._clock = clock
        self._restart = restart_share
        self._floor = floor_share * self.max_rate
        self._decrease = decrease
        self._ramp_s = ramp_s
        self._default_pause = default_pause_s
        self._max_pause = max_pause_s
        self._burst_count = burst_count
        self._burst_window = burst_window_s
        self._burst_pause = burst_pause_s
        self._conversation_decrease = conversation_decrease
        self._storm_conversations = storm_conversations
        self._storm_window = storm_window_s
        now = clock()
        self.rate = self.max_rate
        self._tokens = self.max_capacity
        self._stamp = now
        self._paused_until = now
        self._last_increase = now
        self._in_a_row = 0
        self._unavailable: deque[float] = deque()
        #: Conversations with a recent lone 429: until when it counts towards a storm.
        self._lone: dict[str, float] = {}
        #: From a global back-off until a send succeeds after its pause.
        self._storming = False
        #: How many times the throttle backed off for everyone (for stats and logs).
        self.back_offs = 0
        #: How many 429s paused only their own conversation.
        self.conversation_back_offs = 0

    # ------------------------------------------------------------------ asking

    @property
    def capacity(self) -> float:
        """Tokens saved up at most: shrinks with the rate (a probe, not a burst, after a pause)."""
        return max(1.0, self.max_capacity * self.rate / self.max_rate)

    def paused_for(self) -> float:
        """Seconds left of the current pause (0 when not paused)."""
        return max(0.0, self._paused_until - self._clock())

    def reserve(self) -> float:
        """Take a token and return 0, or return the seconds to wait before asking again."""
        now = self._clock()
        if now < self._paused_until:
            return self._paused_until - now
        start = max(self._stamp, self._paused_until)  # nothing is saved up during a pause
        if now > start:
            self._tokens = min(self.capacity, self._tokens + (now - start) * self.rate)
        self._stamp = now
        if self._tokens >= 1 - 1e-9:  # rounding must not leave a wait too small to pass
            self._tokens = max(0.0, self._tokens - 1)
            return 0.0
        return (1 - self._tokens) / self.rate

    # ------------------------------------------------------------------ signals

    def succeeded(self) -> None:
        """A send was accepted: climb back towards the configured rate."""
        now = self._clock()
        self._in_a_row = 0
        if now >= self._paused_until:
            self._storming = False  # the service took a request again: the storm is over
        since = max(self._last_increase, self._paused_until)
        if self.rate < self.max_rate and now > since:
            self.rate = min(self.max_rate, self.rate + self.max_rate * (now - since) / self._ramp_s)
        self._last_increase = max(now, self._last_increase)

    def throttled(self, retry_after: float | None, key: str | None = None) -> float:
        """A 429 for conversation ``key`` (None: not for one conversation).

        Return the seconds until ``key`` may be sent to again: for a lone 429 only that
        conversation waits (the caller blocks it), in a storm everyone does."""
        now = self._clock()
        if retry_after is None:
            pause = self._default_pause * 2 ** min(self._in_a_row, 16)
        else:
            pause = retry_after
        pause = min(max(pause, 0.0), self._max_pause)
        if key is not None and not self._is_storm(now, key, pause):
            self.conversation_back_offs += 1
            self.rate = max(self._floor, self.rate * self._conversation_decrease)
            self._tokens = min(self._tokens, self.capacity)
            self._last_increase = max(self._last_increase, now)
            return pause
        self._lone.clear()
        self._back_off(now, pause)
        return self._paused_until - now

    def _is_storm(self, now: float, key: str, pause: float) -> bool:
        """Record a 429 for ``key``; True when it shows the app's limit, not the
        conversation's."""
        if now < self._paused_until or self._storming:
            return True
        for other in [k for k, until in self._lone.items() if until <= now]:
            del self._lone[other]
        others = sum(1 for k in self._lone if k != key)
        until = now + pause + self._storm_window
        self._lone[key] = max(self._lone.get(key, until), until)
        return others + 1 >= self._storm_conversations

    def unavailable(self, retry_after: float | None) -> bool:
        """A 503; True when it completed a burst and the throttle backed off."""
        now = self._clock()
        events = self._unavailable
        events.append(now)
        while events and events[0] <= now - self._burst_window:
            events.popleft()
        if len(events) < self._burst_count:
            return False
        events.clear()
        pause = max(retry_after or 0.0, self._burst_pause)
        self._back_off(now, min(pause, self._max_pause))
        return True

    def _back_off(self, now: float, pause: float) -> None:
        already_paused = now < self._paused_until
        self._paused_until = max(self._paused_until, now + pause)
        if already_paused:
            return  # an answer to a request sent before this pause began: same storm
        self._in_a_row += 1
        self._storming = True
        self.back_offs += 1
        self.rate = max(self._floor, min(self.rate * self._decrease,
                                         self.max_rate * self._restart))
        self._tokens = 1.0  # one probe when the pause ends, then the lowered rate
        self._last_increase = self._paused_until
