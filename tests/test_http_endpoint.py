"""The HTTP surface: health, readiness, and bad input that must never cause a 500."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import create_engine, func, select

from storage.db import sync_url
from storage.models import AgentStateItem, ConversationRef
from testing.harness import STRANGER, BotHarness, make_settings
from tests.conftest import fixed_clock


def _count(url: str, model: type) -> int:
    engine = create_engine(sync_url(url))
    with engine.connect() as conn:
        value = conn.execute(select(func.count()).select_from(model)).scalar_one()
    engine.dispose()
    return int(value)


async def test_health_and_readiness(bot: BotHarness) -> None:
    assert bot.http is not None and bot.server is not None
    async with bot.http.get(bot.server.make_url("/healthz")) as resp:
        assert resp.status == 200 and await resp.json() == {"status": "ok"}
    async with bot.http.get(bot.server.make_url("/readyz")) as resp:
        assert resp.status == 200


async def test_readiness_fails_when_the_database_is_unreachable() -> None:
    url = "postgresql://nobody@127.0.0.1:1/none"
    async with BotHarness(make_settings(url), clock=fixed_clock()) as harness:
        assert harness.http is not None and harness.server is not None
        async with harness.http.get(harness.server.make_url("/readyz")) as resp:
            assert resp.status == 503
        async with harness.http.get(harness.server.make_url("/healthz")) as resp:
            assert resp.status == 200


@pytest.mark.parametrize(
    ("payload", "status"),
    [
        (b"{not json", 400),
        (b"[1, 2, 3]", 400),
        (b'"just a string"', 400),
        (b"{}", 400),
        (b'{"type": "message"}', 400),
        (b'{"type": "message", "conversation": {"id": 42}}', 400),
        (b'{"type": 5, "conversation": {"id": "c"}, "channelId": "msteams"}', 400),
        (b'{"type": "message", "conversation": {"id": "c"}, "channelId": "msteams"}', 400),
    ],
)
async def test_malformed_activities_get_a_4xx_and_nothing_is_stored(
    bot: BotHarness, payload: bytes, status: int
) -> None:
    reply = await bot.post(payload)
    assert reply.status == status
    assert reply.activities == []
    assert _count(bot.settings.database_url, ConversationRef) == 0
    assert _count(bot.settings.database_url, AgentStateItem) == 0


async def test_non_json_content_type_is_refused(bot: BotHarness) -> None:
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    reply = await bot.post(b"text=hej", headers=form)
    assert reply.status == 415


async def test_oversized_body_is_refused(bot: BotHarness) -> None:
    activity = bot.activity(STRANGER, text="x" * (bot.settings.max_body_bytes + 10))
    reply = await bot.post(activity)
    assert reply.status == 413
    assert reply.activities == []


async def test_unknown_activity_type_is_accepted_quietly(bot: BotHarness) -> None:
    reply = await bot.post(bot.activity(STRANGER, type="somethingNew"))
    assert reply.status < 500
    assert reply.activities == []


async def test_empty_message_gets_a_polite_reply(bot: BotHarness) -> None:
    reply = await bot.send(STRANGER, "   ")
    assert reply.status < 500
    assert "tomt meddelande" in reply.text


async def test_bad_service_url_is_refused(bot: BotHarness) -> None:
    reply = await bot.post(bot.activity(STRANGER, text="hjälp", serviceUrl="file:///etc/passwd"))
    assert reply.status == 400


async def test_restart_keeps_conversation_references(sqlite_url: str) -> None:
    async with BotHarness(make_settings(sqlite_url), clock=fixed_clock()) as first:
        await first.send(STRANGER, "hjälp")
    assert _count(sqlite_url, ConversationRef) == 1
    async with BotHarness(make_settings(sqlite_url), clock=fixed_clock()) as second:
        reply = await second.send(STRANGER, "hjälp")
        assert "Det här kan Målbot" in reply.text
    assert _count(sqlite_url, ConversationRef) == 1


async def test_deeply_nested_json_is_refused_whatever_the_recursion_limit(
    bot: BotHarness,
) -> None:
    import sys

    activity = bot.activity(STRANGER, text="hjälp")
    envelope = json.dumps(activity)[:-1]
    deep = (envelope + ', "value": ' + "[" * 5000 + "]" * 5000 + "}").encode()
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(100_000)  # other code (test tools, libraries) may raise it
    try:
        reply = await bot.post(deep)
    finally:
        sys.setrecursionlimit(old)
    assert reply.status == 400
    assert reply.activities == []
    # An ordinary card answer with some nesting still goes through.
    nested = bot.activity(STRANGER, value={"a": {"b": {"c": [1, [2, [3]]]}}})
    assert (await bot.post(nested)).status < 300


async def test_a_burst_of_messages_beyond_teams_limits_never_gives_a_500(
    bot: BotHarness,
) -> None:
    """Teams allows 7 replies/s per conversation; the 8th gets 429. The bot logs that and
    answers the channel normally instead of failing the request."""
    statuses = [(await bot.send(STRANGER, "hjälp")).status for _ in range(12)]
    assert all(status < 500 for status in statuses), statuses
    assert bot.connector.count_status(429) > 0  # the limit really was hit


async def test_the_server_freezes_its_start_up_heap(sqlite_url: str) -> None:
    """``bot.main`` freezes what start-up built (the collector's full collections then
    skip it); the bot answers as before."""
    import gc

    from aiohttp.test_utils import TestClient, TestServer

    import bot as bot_module

    app = bot_module.create_app(make_settings(sqlite_url), clock=fixed_clock())
    bot_module.freeze_startup_heap(app)
    assert gc.get_freeze_count() == 0
    try:
        async with TestClient(TestServer(app, host="127.0.0.1")) as client:
            assert gc.get_freeze_count() > 50_000  # the SDK, SQLAlchemy, the routes
            async with client.get("/healthz") as resp:
                assert resp.status == 200
    finally:
        gc.unfreeze()  # the test process goes on collecting as before


async def test_the_first_turns_find_database_connections_open(postgres_url: str) -> None:
    """Start-up opens a few pooled PostgreSQL connections (``bot.warm_up``): the first
    turns after a deploy do not each open one while the others wait."""
    from aiohttp.test_utils import TestClient, TestServer

    import bot as bot_module

    app = bot_module.create_app(make_settings(postgres_url), clock=fixed_clock())
    from sqlalchemy.pool import QueuePool

    pool = app[bot_module.ENGINE].sync_engine.pool
    assert isinstance(pool, QueuePool) and pool.checkedin() == 0
    async with TestClient(TestServer(app, host="127.0.0.1")) as client:
        assert pool.checkedin() == bot_module.WARM_CONNECTIONS  # open, waiting in the pool
        async with client.get("/readyz") as resp:
            assert resp.status == 200
        assert pool.checkedin() == bot_module.WARM_CONNECTIONS  # none opened for it
