"""``bot.py`` on an empty database, as ``make run`` starts it: it migrates, seeds the demo
kommun for its own clock and calendar, serves ``/healthz`` and answers ``hjälp`` and
``rapportera`` over real HTTP (replies to a fake Bot Connector on loopback)."""

from __future__ import annotations

import asyncio
import json
import os
import time
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from sqlalchemy import create_engine, text

from storage.db import sync_url
from testing.adaptive_card_check import text_of
from testing.bot_process import BotProcess, free_port
from testing.fake_connector import FakeConnector
from testing.harness import ALEX, DEFAULT_TENANT, ChatUser

pytestmark = pytest.mark.timeout(180)

# Wednesday 10 March 2027: February is the latest followed-up month, open for reports.
NOW = "2027-03-10T09:00:00+00:00"


def _activity(user: ChatUser, text: str, service_url: str, n: int) -> dict[str, Any]:
    return {
        "type": "message", "id": f"fresh-{n}", "channelId": "msteams", "serviceUrl": service_url,
        "timestamp": "2027-03-10T09:00:00Z", "locale": "sv-SE", "text": text,
        "from": {"id": user.id, "name": user.name, "aadObjectId": user.aad_object_id},
        "recipient": {"id": "28:malbot", "name": "Målbot"},
        "conversation": {"id": f"a:fresh-{user.aad_object_id}", "conversationType": "personal",
                         "tenantId": DEFAULT_TENANT},
        "channelData": {"tenant": {"id": DEFAULT_TENANT}},
    }


async def _wait_healthy(http: aiohttp.ClientSession, base: str, process: BotProcess,
                        budget: float) -> float:
    started = time.monotonic()
    while time.monotonic() - started < budget:
        assert process.process is not None and process.process.poll() is None, "bot.py exited"
        try:
            async with http.get(f"{base}/healthz") as resp:
                if resp.status == 200:
                    return time.monotonic() - started
        except aiohttp.ClientConnectionError:
            pass
        await asyncio.sleep(0.25)
    raise AssertionError(f"/healthz did not answer within {budget} s")


async def test_an_empty_database_is_seeded_for_the_bots_clock_and_answers(tmp_path: Path) -> None:
    port = free_port()
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("CONNECTIONS__", "ALLOWED_TENANTS", "ADMIN_AAD", "PROACTIVE_"))}
    env.update({
        "DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.db'}", "HOST": "127.0.0.1",
        "PORT": str(port), "SEED_DEMO": "true", "SCHEDULER_ENABLED": "false",
        "SCHEDULER_NOW": NOW, "LOG_LEVEL": "WARNING",
    })
    bot = BotProcess(env, tmp_path / "bot.log")
    base = f"http://127.0.0.1:{port}"
    async with FakeConnector() as fake, aiohttp.ClientSession() as http:
        bot.start()
        try:
            await _wait_healthy(http, base, bot, budget=120)
            for n, said in enumerate(("hjälp", "rapportera")):
                async with http.post(f"{base}/api/messages",
                                     data=json.dumps(_activity(ALEX, said, fake.url, n)),
                                     headers={"Content-Type": "application/json"}) as resp:
                    assert resp.status in (200, 202), await resp.text()
            help_reply = await fake.wait_for(lambda r: "rapportera" in (r.text or ""), timeout=20)
            assert "sammanställning" in (help_reply[0].text or "")
            prompt = await fake.wait_for(lambda r: bool(r.cards), timeout=20)
        finally:
            bot.stop()
    # The demo's open month follows the bot's clock (SCHEDULER_NOW), not the machine's date.
    assert "februari 2027" in text_of(prompt[0].cards[0])
    engine = create_engine(sync_url(env["DATABASE_URL"]))
    with engine.connect() as conn:
        newest = conn.execute(text(
            "SELECT max(rp.period) FROM goal_results gr "
            "JOIN reporting_periods rp ON rp.id = gr.period_id")).scalar()
    engine.dispose()
    assert newest is not None and "2027-01" <= newest <= "2027-02"  # history up to then
    assert bot.process is not None and bot.process.returncode in (0, -15)
