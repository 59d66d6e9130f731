"""The delivery worker against a fake Bot Connector: the real SDK, real HTTP, real SQLite."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator, Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

import bot
from config import Settings
from scheduler.clock import running_clock
from scheduler.delivery import (
    AgentsTransport,
    DeliveryConfig,
    DeliveryWorker,
    ProactiveEndpoint,
    classify_error,
    parse_retry_after,
)
from storage import outbox
from storage.db import make_async_engine, make_sessionmaker
from storage.models import ConversationRef, OutboxMessage, Person
from testing.fake_connector import FakeConnector
from testing.harness import make_settings
from testing.org_builder import TENANT, OrgBuilder, conversation_id_for

SE = ZoneInfo("Europe/Stockholm")
NOW = datetime(2026, 11, 2, 10, 0, tzinfo=SE)  # a Monday, inside the send window
CARD = {"type": "AdaptiveCard", "version": "1.5",
        "body": [{"type": "TextBlock", "text": "Dags för månadsuppföljning"}]}
FAST = DeliveryConfig(rate_per_s=200, concurrency=4, max_attempts=3, send_timeout_s=0.4,
                      lease_s=5, backoff_base_s=0.05, backoff_max_s=0.2)


@dataclass
class Env:
    url: str
    settings: Settings
    fake: FakeConnector
    sm: async_sessionmaker[AsyncSession]
    adapter: Any
    code_seq: int = 0
    transports: list[AgentsTransport] = field(default_factory=list)

    def worker(self, config: DeliveryConfig = FAST, *, clock: Callable[[], datetime] | None = None,
               endpoint: ProactiveEndpoint | None = None) -> DeliveryWorker:
        transport = AgentsTransport(self.adapter, self.settings)
        self.transports.append(transport)
        return DeliveryWorker(self.sm, transport, config,
                              calendar=self.settings.calendar, clock=clock or running_clock(NOW),
                              endpoint=endpoint)

    def people(self, n: int, *, with_reference: bool = True, aad: bool = True) -> list[int]:
        ids: list[int] = []
        with OrgBuilder(self.url) as org:
            for i in range(n):
                aad_id = f"aad-{self._codes()}" if aad else None
                person = org.person(f"Chef {i}", aad_id)
                if with_reference:
                    org.reference(person, aad_id, self.fake.url)
                ids.append(person)
        return ids

    def units(self, n: int) -> list[int]:
        with OrgBuilder(self.url) as org:
            return [org.unit(f"E{self._codes()}", f"Enhet {i}") for i in range(n)]

    def _codes(self) -> int:
        self.code_seq += 1
        return self.code_seq

    async def enqueue(self, person: int, *, unit: int | None = None, kind: str = "prompt",
                      payload: dict[str, Any] | None = None) -> None:
        async with self.sm() as session, session.begin():
            assert await outbox.enqueue(
                session, kind=kind, person_id=person, period="2026-10", unit_id=unit,
                payload=payload or {"text": "Hej! Dags att rapportera.", "card": CARD},
                not_before=NOW, now=NOW)

    async def rows(self) -> list[OutboxMessage]:
        async with self.sm() as session:
            return list((await session.execute(select(OutboxMessage).order_by(
                OutboxMessage.id))).scalars())

    async def person(self, person_id: int) -> Person:
        async with self.sm() as session:
            row = await session.get(Person, person_id)
        assert row is not None
        return row


@pytest.fixture
async def env(sqlite_url: str) -> AsyncIterator[Env]:
    settings = make_settings(sqlite_url)
    engine = make_async_engine(sqlite_url)
    adapter, _, _ = bot.build_adapter(settings)
    async with FakeConnector() as fake:
        env = Env(sqlite_url, settings, fake, make_sessionmaker(engine), adapter)
        yield env
        for transport in env.transports:
            await transport.close()
    await engine.dispose()


def _max_in_window(times: list[float], seconds: float) -> int:
    times = sorted(times)
    best, start = 0, 0
    for end, t in enumerate(times):
        while t - times[start] >= seconds:
            start += 1
        best = max(best, end - start + 1)
    return best


async def test_a_queued_prompt_arrives_as_a_new_message_with_its_card(env: Env) -> None:
    (person,) = env.people(1)
    await env.enqueue(person)
    await env.worker().drain()
    (record,) = env.fake.messages(conversation_id_for(person))
    assert record.kind == "send"  # a new message, not a reply to the continuation event
    assert record.cards == [CARD]
    assert record.body["summary"] == "Hej! Dags att rapportera."
    (row,) = await env.rows()
    assert (row.status, row.attempts, row.activity_id) == ("sent", 1, record.activity_id)


async def test_429_waits_for_retry_after_then_sends(env: Env) -> None:
    (person,) = env.people(1)
    env.fake.respond_429_next(1, retry_after=1)
    await env.enqueue(person)
    worker = env.worker()
    await worker.drain()
    log = env.fake.response_log
    assert [e.status for e in log] == [429, 201]
    assert log[1].at - log[0].at >= 1.0  # Retry-After honoured
    (row,) = await env.rows()
    assert (row.status, row.attempts) == ("sent", 1)  # a 429 is not an attempt
    assert (worker.stats.throttled, worker.stats.retries) == (1, 0)


async def test_5xx_is_retried_and_then_marked_failed_with_the_error(env: Env) -> None:
    ok, doomed = env.people(2)
    env.fake.fail_next(2, 502, conversation_id=conversation_id_for(ok))
    env.fake.fail_next(10, 503, conversation_id=conversation_id_for(doomed))
    await env.enqueue(ok)
    await env.enqueue(doomed)
    await env.worker().drain()
    rows = {r.person_id: r for r in await env.rows()}
    assert (rows[ok].status, rows[ok].attempts) == ("sent", 3)
    assert (rows[doomed].status, rows[doomed].attempts) == ("failed", 3)  # the bound
    error = rows[doomed].last_error or ""
    assert "503" in error and "3 attempts" in error
    assert len(env.fake.messages(conversation_id_for(ok))) == 1
    assert env.fake.messages(conversation_id_for(doomed)) == []


async def test_412_is_retried(env: Env) -> None:
    (person,) = env.people(1)
    env.fake.fail_next(1, 412)
    await env.enqueue(person)
    await env.worker().drain()
    (row,) = await env.rows()
    assert (row.status, row.attempts) == ("sent", 2)


async def test_a_timeout_is_retried(env: Env) -> None:
    (person,) = env.people(1)
    env.fake.hang_next(1, seconds=1.0)  # longer than the worker's 0.4 s send timeout
    await env.enqueue(person)
    worker = env.worker()
    await worker.drain()
    (row,) = await env.rows()
    assert (row.status, row.attempts) == ("sent", 2)
    assert worker.stats.retries == 1


@pytest.mark.parametrize("status", [403, 404])
async def test_403_or_404_marks_the_person_unreachable_without_retrying(
    env: Env, status: int
) -> None:
    (person,) = env.people(1)
    env.fake.fail_conversation(conversation_id_for(person), status)
    await env.enqueue(person)
    await env.worker().drain()
    (row,) = await env.rows()
    assert row.status == "unreachable" and row.attempts == 1
    assert env.fake.request_count == 1  # not retried
    reason = (await env.person(person)).unreachable_reason
    assert reason is not None and str(status) in reason


async def test_a_user_who_blocked_the_bot_is_unreachable(env: Env) -> None:
    (person,) = env.people(1, with_reference=False)
    aad = (await env.person(person)).aad_object_id
    assert aad is not None
    endpoint = ProactiveEndpoint(env.fake.url, TENANT)
    first, second = env.units(2)
    await env.enqueue(person, unit=first)
    await env.worker(endpoint=endpoint).drain()
    env.fake.mark_blocked(aad)  # Teams answers 403 MessageWritesBlocked from now on
    await env.enqueue(person, unit=second)
    await env.worker(endpoint=endpoint).drain()
    assert [r.status for r in await env.rows()] == ["sent", "unreachable"]
    assert "MessageWritesBlocked" in ((await env.person(person)).unreachable_reason or "")


async def test_a_user_without_a_conversation_gets_a_new_one_by_aad_id(env: Env) -> None:
    (person,) = env.people(1, with_reference=False)
    aad = (await env.person(person)).aad_object_id
    assert aad is not None
    first, second = env.units(2)
    await env.enqueue(person, unit=first)
    await env.enqueue(person, unit=second)
    endpoint = ProactiveEndpoint(env.fake.url, TENANT)
    await env.worker(endpoint=endpoint).drain()
    (created,) = env.fake.created_conversations()  # once, then the stored reference is used
    assert created.body["members"] == [{"id": aad}]
    assert created.body["tenantId"] == TENANT
    conversation = env.fake.conversation_for_user(aad)
    assert conversation is not None
    assert len(env.fake.messages(conversation)) == 2
    async with env.sm() as session:
        ref = (await session.execute(select(ConversationRef))).scalar_one()
    assert ref.person_id == person and ref.conversation_id == conversation


async def test_creating_the_conversation_fails_when_the_app_is_not_installed(env: Env) -> None:
    installed, not_installed = env.people(2, with_reference=False)
    aad = (await env.person(not_installed)).aad_object_id
    assert aad is not None
    env.fake.mark_not_installed(aad)
    await env.enqueue(installed)
    await env.enqueue(not_installed)
    await env.worker(endpoint=ProactiveEndpoint(env.fake.url, TENANT)).drain()
    rows = {r.person_id: r for r in await env.rows()}
    assert rows[installed].status == "sent"
    assert rows[not_installed].status == "unreachable"
    assert "1:1 chat" in (rows[not_installed].last_error or "")
    assert "403" in ((await env.person(not_installed)).unreachable_reason or "")
    # The user installs the app; an admin requeues: delivered, no longer unreachable.
    env.fake.mark_installed(aad)
    async with env.sm() as session, session.begin():
        assert await outbox.requeue(session, statuses=("unreachable",), now=NOW) == 1
    await env.worker(endpoint=ProactiveEndpoint(env.fake.url, TENANT)).drain()
    assert [r.status for r in await env.rows()] == ["sent", "sent"]
    assert (await env.person(not_installed)).unreachable_reason is None


async def test_without_aad_id_or_service_url_nobody_is_contacted(env: Env) -> None:
    (no_aad,) = env.people(1, with_reference=False, aad=False)
    (no_url,) = env.people(1, with_reference=False)
    await env.enqueue(no_aad)
    await env.enqueue(no_url)
    await env.worker().drain()  # no endpoint configured and no stored reference to learn from
    assert [r.status for r in await env.rows()] == ["unreachable", "unreachable"]
    assert env.fake.request_count == 0


async def test_the_global_rate_is_respected(env: Env) -> None:
    people = env.people(40)
    for person in people:
        await env.enqueue(person)
    config = DeliveryConfig(rate_per_s=20, concurrency=8, send_timeout_s=2, lease_s=10)
    started = env.fake.response_log
    assert started == []
    await env.worker(config).drain()
    times = [e.at for e in env.fake.response_log]
    assert len(env.fake.messages()) == 40
    # Sent no faster than 20/s after a burst of 2 (the bucket's capacity, rate / 10) …
    assert max(times) - min(times) >= (40 - 2) / 20 - 0.1
    # … and never bunched: arrival jitter on a busy machine aside, no second holds more.
    assert _max_in_window(times, 1.0) <= 20 + 2 + 2


async def test_one_conversation_gets_at_most_teams_per_conversation_rate(env: Env) -> None:
    (person,) = env.people(1)
    for unit in env.units(10):
        await env.enqueue(person, unit=unit)
    worker = env.worker(DeliveryConfig(rate_per_s=100, concurrency=8, send_timeout_s=2,
                                       lease_s=10))
    await worker.drain()
    times = [r.received_at for r in env.fake.messages()]
    assert len(times) == 10
    assert env.fake.count_status(429) == 0  # the fake enforces Teams' limits
    assert _max_in_window(times, 1.0) <= 7
    assert _max_in_window(times, 2.0) <= 8


async def test_stale_messages_expire_and_submitted_ones_are_skipped(
    env: Env, sqlite_url: str
) -> None:
    stale, submitted = env.people(2)
    with OrgBuilder(sqlite_url) as org:
        unit = org.unit("E1", "Enhet 1")
        org.report(unit, "2026-10", "submitted")
    expired = (NOW - timedelta(minutes=1)).isoformat()
    await env.enqueue(stale, kind="reminder-1",
                      payload={"text": "Påminnelse", "expires_at": expired})
    await env.enqueue(submitted, kind="reminder-1", unit=unit)
    await env.worker().drain()
    stale_row, submitted_row = await env.rows()
    assert (stale_row.status, submitted_row.status) == ("expired", "skipped")
    assert "window closed" in (stale_row.last_error or "")
    assert submitted_row.last_error == "the report was submitted"
    assert env.fake.request_count == 0


async def test_nothing_is_sent_outside_the_send_window(env: Env) -> None:
    (person,) = env.people(1)
    await env.enqueue(person)
    evening = datetime(2026, 11, 2, 18, 30, tzinfo=SE)
    assert await env.worker(clock=running_clock(evening)).run_until_idle() == 0
    assert env.fake.request_count == 0
    (row,) = await env.rows()
    assert row.status == "pending"


def test_error_classification() -> None:
    import aiohttp
    from multidict import CIMultiDict, CIMultiDictProxy

    def http(status: int, retry_after: str | None = None) -> aiohttp.ClientResponseError:
        headers = CIMultiDict({"Retry-After": retry_after} if retry_after else {})
        return aiohttp.ClientResponseError(None, (), status=status, message="{}",  # type: ignore[arg-type]
                                           headers=CIMultiDictProxy(headers))

    assert classify_error(http(429, "3")).retry_after == 3
    assert classify_error(http(429, "3")).action == "retry"
    assert classify_error(http(500)).action == "retry"
    assert classify_error(http(412)).action == "retry"
    assert classify_error(http(403)).action == "unreachable"
    assert classify_error(http(404)).action == "unreachable"
    assert classify_error(http(400)).action == "failed"
    assert classify_error(http(400), creating=True).action == "unreachable"
    assert classify_error(TimeoutError()).action == "retry"
    assert parse_retry_after("Wed, 04 Nov 2026 08:00:05 GMT",
                             now=datetime.fromisoformat("2026-11-04T08:00:00+00:00")) == 5


class _UnusedTransport:
    """A transport for workers that never send (only their pure helpers are used)."""

    async def send(self, reference: dict[str, Any], payload: Mapping[str, Any]) -> str | None:
        raise AssertionError("not expected to send")

    async def create_personal_conversation(
        self, *, service_url: str, tenant_id: str | None, aad_object_id: str
    ) -> dict[str, Any]:
        raise AssertionError("not expected to create conversations")

    async def close(self) -> None:
        return None


def test_backoff_seconds_grows_is_capped_and_jittered() -> None:
    config = DeliveryConfig(backoff_base_s=1.0, backoff_max_s=30.0)
    worker = DeliveryWorker(async_sessionmaker(), _UnusedTransport(), config,
                            rng=random.Random(7))
    samples = {attempt: [worker.backoff_seconds(attempt) for _ in range(300)]
               for attempt in range(1, 13)}

    for attempt, delays in samples.items():
        cap = min(config.backoff_max_s, config.backoff_base_s * 2 ** (attempt - 1))
        # Always within [cap/2, cap] ...
        assert all(cap / 2 <= d <= cap for d in delays), (attempt, min(delays), max(delays))
        # ... and jittered: different from call to call, spread over most of that range.
        assert len(set(delays)) > 250
        assert max(delays) - min(delays) > 0.8 * cap / 2

    # Below the cap every delay is at least as long as any delay of the attempt before
    # (the ranges [c/2, c] and [c, 2c] only touch), so the wait grows with each attempt.
    for attempt in range(1, 5):  # caps 1, 2, 4, 8, 16
        assert max(samples[attempt]) <= min(samples[attempt + 1])
    means = [sum(samples[a]) / len(samples[a]) for a in range(1, 7)]
    assert means == sorted(means) and means[-1] > 10 * means[0]

    # From attempt 6 (1 * 2**5 = 32 s > 30 s) on, the cap applies: never above backoff_max_s.
    for attempt in (6, 8, 12, 40):
        delays = samples.get(attempt) or [worker.backoff_seconds(attempt) for _ in range(300)]
        assert max(delays) <= config.backoff_max_s
        assert min(delays) >= config.backoff_max_s / 2


def test_backoff_seconds_jitter_without_a_seeded_rng() -> None:
    worker = DeliveryWorker(async_sessionmaker(), _UnusedTransport(),
                            DeliveryConfig(backoff_base_s=2.0, backoff_max_s=60.0))
    delays = [worker.backoff_seconds(3) for _ in range(50)]
    assert len(set(delays)) > 1
    assert all(4.0 <= d <= 8.0 for d in delays)
