"""Several bot processes / workers against one PostgreSQL: each prompt is sent once and
only one process runs the scheduler. Needs TEST_POSTGRES_URL (else skipped)."""

from __future__ import annotations

import asyncio
import os
from collections import Counter
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select, text

import bot
from scheduler.clock import running_clock
from scheduler.delivery import AgentsTransport, DeliveryConfig, DeliveryWorker
from scheduler.jobs import run_job
from scheduler.leader import PostgresLeader
from services.round_rules import Job
from storage.db import make_async_engine, make_sessionmaker
from storage.models import OutboxMessage
from testing.bot_process import BotProcess, free_port
from testing.fake_connector import FakeConnector, RandomFaults
from testing.harness import make_settings
from testing.org_builder import build_fanout_org, conversation_id_for

SE = ZoneInfo("Europe/Stockholm")
OPEN_AT = datetime(2026, 11, 2, 8, 0, 30, tzinfo=SE)


async def test_two_workers_send_each_prompt_exactly_once(postgres_url: str) -> None:
    slow = RandomFaults(timeout_rate=1.0, hang_seconds=0.03, seed=3)
    async with FakeConnector(random_faults=slow) as fake:
        build_fanout_org(postgres_url, 80, fake.url)
        settings = make_settings(postgres_url)
        engines = [make_async_engine(postgres_url) for _ in range(2)]
        try:
            sessionmakers = [make_sessionmaker(e) for e in engines]
            # Both "processes" reconcile at the same time: the outbox keeps one of each.
            reports = await asyncio.gather(*(
                run_job(sm, settings, Job.OPEN, now=OPEN_AT) for sm in sessionmakers))
            assert sorted(r.queued + r.existing for r in reports) == [80, 80]
            assert sum(r.queued for r in reports) == 80
            adapter, _, _ = bot.build_adapter(settings)
            workers = [
                DeliveryWorker(sm, AgentsTransport(adapter, settings),
                               DeliveryConfig(rate_per_s=200, concurrency=4),
                               clock=running_clock(OPEN_AT), worker_id=f"worker-{i}")
                for i, sm in enumerate(sessionmakers)
            ]
            await asyncio.gather(*(w.drain(timeout=60) for w in workers))
            for w in workers:
                await w.transport.close()
        finally:
            for engine in engines:
                await engine.dispose()
        per_conversation = Counter(r.conversation_id for r in fake.messages())
    assert len(per_conversation) == 80
    assert set(per_conversation.values()) == {1}
    assert all(w.stats.sent > 0 for w in workers)  # both really worked
    assert sum(w.stats.sent for w in workers) == 80


async def test_only_one_process_holds_the_scheduler_lock_and_a_dead_one_loses_it(
    postgres_url: str,
) -> None:
    first, second = PostgresLeader(postgres_url), PostgresLeader(postgres_url)
    try:
        assert await first.acquire_or_renew() is True
        assert await second.acquire_or_renew() is False
        assert await first.acquire_or_renew() is True  # renewing keeps it
        # The holder's connection dies (as when its process is killed).
        engine = make_async_engine(postgres_url)
        async with engine.connect() as conn:
            await conn.execute(text(
                "SELECT pg_terminate_backend(pid) FROM pg_locks "
                "WHERE locktype = 'advisory' AND granted AND pid <> pg_backend_pid()"))
            await conn.commit()
        await engine.dispose()
        assert await second.acquire_or_renew() is True
        assert await first.acquire_or_renew() is False  # noticed the loss, cannot retake
    finally:
        await first.release()
        await second.release()


async def test_two_bot_processes_share_one_postgres(postgres_url: str, tmp_path: Path) -> None:
    async with FakeConnector() as fake:
        build_fanout_org(postgres_url, 60, fake.url)
        base = {k: v for k, v in os.environ.items()
                if not k.startswith(("CONNECTIONS__", "OUTBOX"))}
        base.update({"DATABASE_URL": postgres_url, "SEED_DEMO": "false",
                     "SCHEDULER_ENABLED": "true", "SCHEDULER_NOW": OPEN_AT.isoformat(),
                     "HOST": "127.0.0.1", "LOG_LEVEL": "INFO"})
        bots = [BotProcess({**base, "PORT": str(free_port())}, tmp_path / f"bot{i}.log")
                for i in range(2)]
        try:
            for process in bots:
                process.start()
            loop = asyncio.get_running_loop()
            deadline = loop.time() + 60
            while len(fake.messages()) < 60 and loop.time() < deadline:
                await asyncio.sleep(0.1)
            await asyncio.sleep(1.5)  # anything sent twice would show up by now
            # While both live, one leads (when the leader is stopped below, the other may
            # take over before it is stopped too: that is the point of a standby).
            leaders = [i for i in range(2)
                       if "now runs the scheduler" in (tmp_path / f"bot{i}.log").read_text()]
        finally:
            for process in bots:
                process.stop()
        per_conversation = Counter(r.conversation_id for r in fake.messages())
    assert len(per_conversation) == 60
    assert set(per_conversation.values()) == {1}
    assert len(leaders) == 1, leaders



async def _outbox_rows(postgres_url: str, *, status: str | None = None) -> list[OutboxMessage]:
    engine = make_async_engine(postgres_url)
    try:
        async with make_sessionmaker(engine)() as session:
            stmt = select(OutboxMessage)
            if status is not None:
                stmt = stmt.where(OutboxMessage.status == status)
            return list((await session.execute(stmt)).scalars())
    finally:
        await engine.dispose()


async def _wait(condition: object, timeout: float, what: str) -> None:
    assert callable(condition)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not await condition():
        if loop.time() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        await asyncio.sleep(0.1)


async def test_after_a_leader_dies_a_new_leader_sends_its_claimed_messages_within_seconds(
    postgres_url: str, tmp_path: Path
) -> None:
    # Every answer takes 0.3 s, so the leader always holds claims (in flight and queued).
    slow = RandomFaults(timeout_rate=1.0, hang_seconds=0.3, seed=5)
    async with FakeConnector(random_faults=slow) as fake:
        build_fanout_org(postgres_url, 150, fake.url)
        base = {k: v for k, v in os.environ.items()
                if not k.startswith(("CONNECTIONS__", "OUTBOX"))}
        base.update({"DATABASE_URL": postgres_url, "SEED_DEMO": "false",
                     "SCHEDULER_ENABLED": "true", "SCHEDULER_NOW": OPEN_AT.isoformat(),
                     "HOST": "127.0.0.1", "LOG_LEVEL": "INFO", "OUTBOX_RATE_PER_S": "10"})
        logs = [tmp_path / "leader.log", tmp_path / "standby.log"]
        leader, standby = (BotProcess({**base, "PORT": str(free_port())}, log) for log in logs)
        try:
            leader.start()

            async def leading() -> bool:
                return logs[0].exists() and "now runs the scheduler" in logs[0].read_text()

            await _wait(leading, 60, "the first process to lead")
            standby.start()

            async def standing_by() -> bool:
                return logs[1].exists() and "scheduler started" in logs[1].read_text()

            await _wait(standing_by, 60, "the second process to run its scheduler")

            async def fanning_out() -> bool:
                return len(fake.messages()) >= 20

            await _wait(fanning_out, 60, "the fan-out to start")
            leader.kill()
            loop = asyncio.get_running_loop()
            killed_at = loop.time()
            claimed = {row.id: row.person_id for row in
                       await _outbox_rows(postgres_url, status="sending")}
            assert claimed, "the leader held no claims when it died"

            async def claims_sent() -> bool:
                rows = await _outbox_rows(postgres_url)
                return all(r.status == "sent" for r in rows if r.id in claimed)

            await _wait(claims_sent, 30, "the dead leader's claimed messages to be sent")
            takeover_s = loop.time() - killed_at
        finally:
            leader.stop()
            standby.stop()
        delivered = {r.conversation_id for r in fake.messages()}
    print(f"{len(claimed)} claimed messages sent {takeover_s:.1f} s after the leader died")
    assert {conversation_id_for(p) for p in claimed.values() if p is not None} <= delivered
    assert "now runs the scheduler" in logs[1].read_text()  # the standby took over
    assert takeover_s <= 12.0  # lease 6 s + one supervise (4 s) + a poll; was 121 s
