"""The outbox-wide throttle (pure, on an injected clock): Retry-After pauses, AIMD rates,
503 bursts, a lone 429 (one conversation's limit) against a storm (the app's limit), and
what a sender that asks it before every request does in a storm."""

from __future__ import annotations

import pytest

from scheduler.rate_limits import SendThrottle


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def _send(throttle: SendThrottle, clock: Clock) -> float:
    """Wait (on the fake clock) until the throttle lets a request start; return then."""
    while (wait := throttle.reserve()) > 0:
        clock.advance(wait)
    return clock.now


def test_nothing_starts_until_the_largest_retry_after_has_passed() -> None:
    clock = Clock()
    throttle = SendThrottle(40, clock=clock)
    throttle.throttled(1.0)
    throttle.throttled(3.0)  # an answer to a request that was already on its way
    throttle.throttled(2.0)
    assert throttle.reserve() == pytest.approx(3.0)
    clock.advance(2.99)
    assert throttle.reserve() > 0
    clock.advance(0.01)
    assert throttle.reserve() == 0  # one probe right when the pause ends ...
    assert throttle.reserve() == pytest.approx(1 / 20)  # ... then half the rate


def test_the_rate_drops_once_per_back_off_halves_on_the_next_and_has_a_floor() -> None:
    clock = Clock()
    throttle = SendThrottle(40, clock=clock)
    throttle.throttled(1.0)
    for _ in range(7):  # the other requests in flight come back throttled too
        throttle.throttled(1.0)
    assert throttle.rate == pytest.approx(20)  # halved once, not eight times
    assert throttle.back_offs == 1
    rates = []
    for _ in range(5):
        clock.advance(1.0)
        throttle.throttled(1.0)  # the probe after each pause is throttled again
        rates.append(throttle.rate)
    assert rates == pytest.approx([10, 5, 2.5, 2, 2])  # halving down to 5 % of 40/s
    assert throttle.back_offs == 6


def test_the_rate_climbs_back_gradually_after_the_storm() -> None:
    clock = Clock()
    throttle = SendThrottle(40, clock=clock, ramp_s=10)
    throttle.throttled(1.0)
    clock.advance(1.0)
    rates = []
    for _ in range(8):
        clock.advance(1.0)
        throttle.succeeded()
        rates.append(throttle.rate)
    # 20/s right after the pause, +4/s a second (the full rate over 10 s), capped at 40/s.
    assert rates == pytest.approx([24, 28, 32, 36, 40, 40, 40, 40])


def test_without_retry_after_the_pause_doubles_while_429s_follow_each_other() -> None:
    clock = Clock()
    throttle = SendThrottle(40, clock=clock, default_pause_s=1.0)
    pauses = []
    for _ in range(4):
        pauses.append(throttle.throttled(None))
        clock.advance(pauses[-1])
    assert pauses == pytest.approx([1, 2, 4, 8])
    throttle.succeeded()
    assert throttle.throttled(None) == pytest.approx(1)


def test_a_burst_of_503s_backs_off_but_scattered_ones_do_not() -> None:
    clock = Clock()
    throttle = SendThrottle(40, clock=clock, burst_count=5, burst_window_s=5.0,
                            burst_pause_s=2.0)
    for _ in range(10):  # one every 2 s: never five within 5 s
        assert throttle.unavailable(None) is False
        clock.advance(2.0)
    assert (throttle.rate, throttle.paused_for()) == (40, 0)
    clock.advance(10)
    results = []
    for _ in range(5):
        results.append(throttle.unavailable(None))
        clock.advance(0.1)
    assert results == [False, False, False, False, True]
    assert throttle.rate == pytest.approx(20)
    assert throttle.paused_for() == pytest.approx(2.0 - 0.1)


def test_a_huge_retry_after_is_capped() -> None:
    clock = Clock()
    throttle = SendThrottle(40, clock=clock, max_pause_s=600)
    assert throttle.throttled(10**9) == pytest.approx(600)


@pytest.mark.parametrize("per_conversation", [False, True])
def test_a_sixty_second_storm_costs_about_one_request_per_retry_after(
    per_conversation: bool,
) -> None:
    """A sender that asks the throttle before every request, against a service that
    answers 429 (Retry-After: 1) to everything from t=10 s to t=70 s: during the storm it
    sends about one probe a second, and afterwards it is back at full speed within the
    ramp. Each request goes to a new conversation (or to none)."""
    clock = Clock()
    start = clock.now
    throttle = SendThrottle(40, clock=clock, ramp_s=10)
    storm = (start + 10, start + 70)
    sent: list[tuple[float, bool]] = []
    while clock.now < start + 120:
        at = _send(throttle, clock)
        throttled = storm[0] <= at < storm[1]
        sent.append((at, throttled))
        if throttled:
            throttle.throttled(1.0, f"conv-{len(sent)}" if per_conversation else None)
        else:
            throttle.succeeded()
        clock.advance(0.005)  # the answer's round trip
    during = [at for at, _ in sent if storm[0] <= at < storm[1]]
    assert len(during) <= 60 + 1
    assert len(during) >= 55  # it keeps probing: the storm's end is noticed at once
    before = [at for at, _ in sent if storm[0] - 5 <= at < storm[0]]
    after = [at for at, _ in sent if storm[1] + 12 <= at < storm[1] + 17]
    assert len(before) == pytest.approx(5 * 40, abs=5)
    assert len(after) == pytest.approx(5 * 40, abs=5)  # recovered
    first_after = next(at for at, _ in sent if at >= storm[1])
    assert first_after - storm[1] <= 1.0


def test_a_lone_429_pauses_only_its_conversation_and_slows_down_a_little() -> None:
    clock = Clock()
    throttle = SendThrottle(40, clock=clock)
    assert throttle.throttled(1.0, "conv-a") == pytest.approx(1.0)  # conv-a waits 1 s ...
    assert throttle.paused_for() == 0  # ... nobody else does
    assert throttle.reserve() == 0
    assert throttle.rate == pytest.approx(36)  # a mild decrease, not a halving
    assert (throttle.back_offs, throttle.conversation_back_offs) == (0, 1)
    clock.advance(0.5)
    assert throttle.throttled(1.0, "conv-a") == pytest.approx(1.0)  # the same one again
    assert throttle.paused_for() == 0
    assert throttle.back_offs == 0


def test_a_429_from_a_second_conversation_during_the_first_retry_after_pauses_everyone() -> None:
    clock = Clock()
    throttle = SendThrottle(40, clock=clock)
    throttle.throttled(1.0, "conv-a")
    clock.advance(0.3)
    assert throttle.throttled(2.0, "conv-b") == pytest.approx(2.0)
    assert throttle.paused_for() == pytest.approx(2.0)  # the app's limit: everyone waits
    assert throttle.reserve() == pytest.approx(2.0)
    assert throttle.rate == pytest.approx(18)  # 36/s halved
    assert throttle.back_offs == 1
    clock.advance(0.1)
    throttle.throttled(1.0, "conv-c")  # an answer already on its way: same storm
    assert (throttle.back_offs, throttle.rate) == (1, pytest.approx(18))


def test_429s_from_two_conversations_far_apart_are_each_lone() -> None:
    clock = Clock()
    throttle = SendThrottle(40, clock=clock)
    throttle.throttled(1.0, "conv-a")
    clock.advance(1.0)  # conv-a's Retry-After is over
    assert throttle.throttled(1.0, "conv-b") == pytest.approx(1.0)
    assert throttle.paused_for() == 0
    assert (throttle.back_offs, throttle.conversation_back_offs) == (0, 2)


def test_during_a_storm_every_429_pauses_everyone_until_a_send_succeeds() -> None:
    clock = Clock()
    throttle = SendThrottle(40, clock=clock)
    throttle.throttled(1.0, "conv-a")
    throttle.throttled(1.0, "conv-b")
    assert throttle.back_offs == 1
    clock.advance(1.0)
    _send(throttle, clock)
    throttle.throttled(1.0, "conv-c")  # the probe after the pause: still the storm
    assert throttle.paused_for() == pytest.approx(1.0)
    assert throttle.back_offs == 2
    clock.advance(1.0)
    _send(throttle, clock)
    throttle.succeeded()  # the probe went through: the storm is over
    clock.advance(0.1)
    throttle.throttled(1.0, "conv-d")
    assert throttle.paused_for() == 0
    assert (throttle.back_offs, throttle.conversation_back_offs) == (2, 2)


def test_a_429_for_no_conversation_pauses_everyone() -> None:
    clock = Clock()
    throttle = SendThrottle(40, clock=clock)
    assert throttle.throttled(1.0, None) == pytest.approx(1.0)
    assert throttle.paused_for() == pytest.approx(1.0)
    assert throttle.back_offs == 1


def test_the_number_of_conversations_that_make_a_storm_is_configurable() -> None:
    clock = Clock()
    throttle = SendThrottle(40, clock=clock, storm_conversations=3, storm_window_s=0.5)
    throttle.throttled(1.0, "conv-a")
    clock.advance(1.2)  # past conv-a's Retry-After, inside the extra window
    throttle.throttled(1.0, "conv-b")
    assert throttle.paused_for() == 0
    throttle.throttled(1.0, "conv-c")
    assert throttle.paused_for() == pytest.approx(1.0)


def test_scattered_lone_429s_cost_little_of_the_rate() -> None:
    """A sender at 40/s to a new conversation each time, where every 300th request is
    answered 429 (Retry-After: 1, about one every 7.5 s): the other conversations go on,
    and over 300 s it keeps more than 97 % of the rate."""
    clock = Clock()
    start = clock.now
    throttle = SendThrottle(40, clock=clock, ramp_s=10)
    sent = 0
    while clock.now < start + 300:
        _send(throttle, clock)
        sent += 1
        if sent % 300 == 0:
            throttle.throttled(1.0, f"conv-{sent}")
        else:
            throttle.succeeded()
    assert throttle.back_offs == 0
    assert sent / 300 >= 0.97 * 40


def test_invalid_settings_are_refused() -> None:
    with pytest.raises(ValueError):
        SendThrottle(0)
    with pytest.raises(ValueError):
        SendThrottle(40, floor_share=0.5, restart_share=0.25)
    with pytest.raises(ValueError):
        SendThrottle(40, capacity=0.5)
    with pytest.raises(ValueError):
        SendThrottle(40, storm_conversations=0)
    with pytest.raises(ValueError):
        SendThrottle(40, conversation_decrease=0)
