"""Sustained throttling through the real worker, the SDK and the fake Bot Connector:
a storm of 429s slows the whole outbox down and loses nothing; a message gives up only
on real failures or when its window closes, and ``admin outbox`` says which."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

import bot
from admin.cli import main as admin_main
from scheduler.clock import running_clock
from scheduler.delivery import AgentsTransport, DeliveryConfig, DeliveryWorker
from storage import outbox
from storage.db import make_async_engine, make_sessionmaker
from storage.models import OutboxMessage
from testing.fake_connector import FakeConnector
from testing.harness import make_settings
from testing.org_builder import OrgBuilder, conversation_id_for

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)  # a Monday, inside the send window
CONCURRENCY = 8
# The production rate; few attempts, so that counting 429s as attempts would show.
CONFIG = DeliveryConfig(rate_per_s=40, concurrency=CONCURRENCY, max_attempts=3,
                        send_timeout_s=2, lease_s=5, backoff_base_s=0.05, backoff_max_s=0.2)


@pytest.fixture
async def setup(sqlite_url: str) -> AsyncIterator[tuple[str, FakeConnector,
                                                       async_sessionmaker[AsyncSession], Any]]:
    engine = make_async_engine(sqlite_url)
    settings = make_settings(sqlite_url)
    adapter, _, _ = bot.build_adapter(settings)
    async with FakeConnector() as fake:
        transport = AgentsTransport(adapter, settings)
        yield sqlite_url, fake, make_sessionmaker(engine), transport
        await transport.close()
    await engine.dispose()


def _people(url: str, n: int, service_url: str) -> list[int]:
    with OrgBuilder(url) as org:
        out = []
        for i in range(n):
            person = org.person(f"Chef {i}", f"aad-{i}")
            org.reference(person, f"aad-{i}", service_url)
            out.append(person)
        return out


async def _enqueue(sm: async_sessionmaker[AsyncSession], people: list[int],
                   payload: dict[str, Any] | None = None) -> None:
    async with sm() as session, session.begin():
        for person in people:
            await outbox.enqueue(session, kind="prompt", person_id=person, period="2026-10",
                                 unit_id=None, payload=payload or {"text": "Dags att rapportera"},
                                 not_before=NOW, now=NOW)


async def _rows(sm: async_sessionmaker[AsyncSession]) -> list[OutboxMessage]:
    async with sm() as session:
        return list((await session.execute(select(OutboxMessage))).scalars())


async def test_a_storm_of_429s_in_the_middle_of_a_fan_out_slows_down_and_loses_nothing(
    setup: tuple[str, FakeConnector, async_sessionmaker[AsyncSession], Any],
) -> None:
    url, fake, sm, transport = setup
    people = _people(url, 120, fake.url)
    await _enqueue(sm, people)
    worker = DeliveryWorker(sm, transport, CONFIG, clock=running_clock(NOW))
    storm_s, retry_after = 3.0, 1

    async def storm_midway() -> None:
        await fake.wait_for(40, timeout=30)
        fake.storm(storm_s, retry_after=retry_after)

    storming = asyncio.create_task(storm_midway())
    await worker.drain(timeout=60)
    await storming
    (storm,) = fake.storms

    per_conversation = Counter(r.conversation_id for r in fake.messages())
    assert len(per_conversation) == len(people)  # every prompt delivered ...
    assert set(per_conversation.values()) == {1}  # ... once
    rows = await _rows(sm)
    assert {r.status for r in rows} == {"sent"}
    assert {r.attempts for r in rows} == {1}  # the 429s used up no attempt
    # During the storm: the requests in flight when it began, then one probe per
    # Retry-After - not the full 40/s (which would be 120 requests).
    during = fake.requests_between(storm.start, storm.end)
    assert len(during) <= CONCURRENCY + storm_s / retry_after + 1, len(during)
    assert fake.retry_after_violations(grace_s=0.25) == []
    assert worker.stats.throttled == fake.count_status(429)
    # The outbox recovered: after the storm it sent at a good share of the rate again.
    after = [r.received_at for r in fake.messages() if r.received_at >= storm.end]
    assert after and max(after) - storm.end < 20


async def test_a_message_whose_window_closes_during_a_storm_expires_and_says_why(
    setup: tuple[str, FakeConnector, async_sessionmaker[AsyncSession], Any],
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    url, fake, sm, transport = setup
    late, doomed = _people(url, 2, fake.url)
    expires = (NOW + timedelta(seconds=2.5)).isoformat()
    await _enqueue(sm, [late], {"text": "Påminnelse", "expires_at": expires})
    await _enqueue(sm, [doomed])
    fake.fail_next(5, 400, conversation_id=f"a:conv-{doomed}")  # a real failure
    fake.storm(10, retry_after=1)
    worker = DeliveryWorker(sm, transport, CONFIG, clock=running_clock(NOW))
    drained = asyncio.create_task(worker.drain(timeout=30))
    await asyncio.sleep(4)
    fake.clear_faults()
    fake.fail_next(5, 400, conversation_id=f"a:conv-{doomed}")
    await drained
    rows = {r.person_id: r for r in await _rows(sm)}
    assert rows[late].status == "expired"
    assert "window closed" in (rows[late].last_error or "")
    assert "429" in (rows[late].last_error or "")
    assert rows[doomed].status == "failed"
    assert "400" in (rows[doomed].last_error or "")

    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("LANGUAGE", "sv")
    assert await asyncio.to_thread(admin_main, ["outbox"]) == 0
    out = capsys.readouterr().out
    assert "misslyckade 1 · utgångna 1" in out
    assert "utgångna = hann inte skickas" in out
    lines = {name: line for line in out.splitlines()
             for name in ("Chef 0", "Chef 1") if name in line}
    assert "expired" in lines["Chef 0"].split() and "window closed" in lines["Chef 0"]
    assert "failed" in lines["Chef 1"].split() and "HTTP 400" in lines["Chef 1"]


async def test_a_burst_of_503s_pauses_the_whole_outbox(
    setup: tuple[str, FakeConnector, async_sessionmaker[AsyncSession], Any],
) -> None:
    url, fake, sm, transport = setup
    people = _people(url, 20, fake.url)
    await _enqueue(sm, people)
    fake.fail_next(5, 503)
    config = DeliveryConfig(rate_per_s=40, concurrency=CONCURRENCY, max_attempts=6,
                            send_timeout_s=2, lease_s=5, backoff_base_s=0.05, backoff_max_s=0.2)
    worker = DeliveryWorker(sm, transport, config, clock=running_clock(NOW))
    await worker.drain(timeout=30)
    assert {r.status for r in await _rows(sm)} == {"sent"}
    log = fake.response_log
    fifth = [e for e in log if e.status == 503][-1]
    after = [e.at for e in log if e.at > fifth.at + 0.25]
    assert after and min(after) >= fifth.at + 2.0  # the burst pause (2 s) held for everyone
    assert worker.stats.back_offs == 1


async def test_a_lone_429_pauses_only_its_conversation(
    setup: tuple[str, FakeConnector, async_sessionmaker[AsyncSession], Any],
) -> None:
    url, fake, sm, transport = setup
    people = _people(url, 30, fake.url)
    await _enqueue(sm, people)
    throttled = conversation_id_for(people[0])
    fake.respond_429_next(1, retry_after=1, conversation_id=throttled)
    worker = DeliveryWorker(sm, transport, CONFIG, clock=running_clock(NOW))
    await worker.drain(timeout=30)

    per_conversation = Counter(r.conversation_id for r in fake.messages())
    assert len(per_conversation) == len(people) and set(per_conversation.values()) == {1}
    assert {(r.status, r.attempts) for r in await _rows(sm)} == {("sent", 1)}
    log = fake.response_log
    (answer,) = [e for e in log if e.status == 429]
    retry_after_ends = answer.at + 1.0
    # The throttled conversation waited its Retry-After ...
    assert min(e.at for e in log if e.conversation_id == throttled and e.at > answer.at) \
        >= retry_after_ends
    # ... while the others went on meanwhile (not only the requests already on their way).
    others = [e for e in log if e.conversation_id != throttled
              and answer.at + 0.25 <= e.at < retry_after_ends]
    assert others
    assert (worker.stats.throttled, worker.stats.back_offs,
            worker.stats.conversation_back_offs) == (1, 0, 1)


async def test_429s_from_two_conversations_pause_the_whole_outbox(
    setup: tuple[str, FakeConnector, async_sessionmaker[AsyncSession], Any],
) -> None:
    url, fake, sm, transport = setup
    people = _people(url, 30, fake.url)
    await _enqueue(sm, people)
    for person in people[:2]:
        fake.respond_429_next(1, retry_after=1, conversation_id=conversation_id_for(person))
    worker = DeliveryWorker(sm, transport, CONFIG, clock=running_clock(NOW))
    await worker.drain(timeout=30)

    per_conversation = Counter(r.conversation_id for r in fake.messages())
    assert len(per_conversation) == len(people) and set(per_conversation.values()) == {1}
    assert {(r.status, r.attempts) for r in await _rows(sm)} == {("sent", 1)}
    log = fake.response_log
    second = [e for e in log if e.status == 429][-1]
    # Nobody got a request during the second Retry-After (beyond those already on their way).
    assert not [e for e in log if second.at + 0.25 <= e.at < second.at + 1.0]
    assert fake.retry_after_violations(grace_s=0.25) == []
    assert (worker.stats.throttled, worker.stats.back_offs) == (2, 1)
