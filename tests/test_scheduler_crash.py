"""SIGKILL the bot in the middle of a fan-out, start it again: every manager gets the
prompt; only messages in flight at the kill may arrive twice (at most the concurrency)."""

from __future__ import annotations

import asyncio
import os
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest

from testing.bot_process import BotProcess, free_port
from testing.fake_connector import FakeConnector, RandomFaults
from testing.org_builder import TENANT, build_fanout_org

MANAGERS = 120
CONCURRENCY = 8
# Monday 2 November 2026, just after the October period opened at 08:00.
OPEN_MOMENT = "2026-11-02T08:00:30+01:00"


@pytest.fixture
def bot_env(sqlite_url: str) -> Iterator[dict[str, str]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CONNECTIONS__", "OUTBOX"))}
    env.update({
        "DATABASE_URL": sqlite_url,
        "PORT": str(free_port()),
        "HOST": "127.0.0.1",
        "SEED_DEMO": "false",
        "SCHEDULER_ENABLED": "true",
        "SCHEDULER_NOW": OPEN_MOMENT,
        "OUTBOX_RATE_PER_S": "25",
        "OUTBOX_CONCURRENCY": str(CONCURRENCY),
        "LOG_LEVEL": "INFO",
    })
    yield env


async def _wait_until(condition: object, timeout: float, what: str) -> None:
    assert callable(condition)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.05)


async def _healthy(port: str) -> bool:
    try:
        async with aiohttp.ClientSession() as http, http.get(
            f"http://127.0.0.1:{port}/healthz", timeout=aiohttp.ClientTimeout(total=1)
        ) as resp:
            return resp.status == 200
    except (aiohttp.ClientError, TimeoutError):
        return False


async def test_sigkill_mid_fanout_then_restart_delivers_every_prompt(
    sqlite_url: str, bot_env: dict[str, str], tmp_path: Path
) -> None:
    # Every answer takes 0.2 s: the worker always has CONCURRENCY sends in flight.
    slow = RandomFaults(timeout_rate=1.0, hang_seconds=0.2, seed=1)
    async with FakeConnector(random_faults=slow) as fake:
        # Ten managers have no stored chat: theirs is created through PROACTIVE_SERVICE_URL.
        build_fanout_org(sqlite_url, MANAGERS, fake.url, without_reference=10)
        bot_env["PROACTIVE_SERVICE_URL"] = fake.url
        bot_env["PROACTIVE_TENANT_ID"] = TENANT
        bot = BotProcess(bot_env, tmp_path / "bot.log")
        try:
            bot.start()
            await _wait_until(lambda: len(fake.messages()) >= 30, 60, "the fan-out to start")
            bot.kill()
            delivered_at_kill = len(fake.messages())
            assert delivered_at_kill < MANAGERS, "the fan-out finished before the kill"
            await asyncio.sleep(0.5)  # requests held by the fake still land (in flight)

            bot.start()
            await _wait_until(
                lambda: len({r.conversation_id for r in fake.messages()}) >= MANAGERS,
                90, "every manager to get the prompt after the restart",
            )
            assert await _healthy(bot_env["PORT"])
        finally:
            bot.stop()
        per_conversation = Counter(r.conversation_id for r in fake.messages())
    assert len(per_conversation) == MANAGERS
    duplicates = sum(n - 1 for n in per_conversation.values())
    print(f"delivered before the kill: {delivered_at_kill}, duplicates: {duplicates}")
    assert duplicates <= CONCURRENCY
    assert all(r.cards for r in fake.messages())
