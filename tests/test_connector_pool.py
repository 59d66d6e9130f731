"""One pool of connections to the Bot Connector per process.

Turns (replies) and proactive sends of the delivery worker go through the real app, the
real SDK and real HTTP on loopback; the fake Bot Connector counts the TCP connections it
was opened. Without the pool every turn and every proactive send was a new connection
(in production a new TCP + TLS handshake).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any, cast

import pytest
from microsoft_agents.activity import load_configuration_from_env
from microsoft_agents.authentication.msal import MsalConnectionManager
from microsoft_agents.hosting.core import RestChannelServiceClientFactory, TurnContext
from microsoft_agents.hosting.core.authorization import ClaimsIdentity
from microsoft_agents.hosting.core.connector.client import UserTokenClient

import bot
from config import SettingsError
from connector_pool import (
    CA_FILE_ENV,
    POOL_SIZE_ENV,
    ConnectorPool,
    PoolConfig,
    PoolConfigError,
    PooledChannelServiceClientFactory,
)
from deferred_clients import DeferredUserTokenClient
from scheduler.delivery import AgentsTransport
from testing.fake_connector import ConnectorLimits, FakeConnector
from testing.fake_login import FakeBotFrameworkLogin
from testing.harness import ALEX, DEFAULT_TENANT, BotHarness, ChatUser, make_settings
from testing.production_mode import (
    BOT_APP_ID,
    OUTBOUND_TOKEN,
    PRODUCTION_ENV,
    fake_entra_tokens,
    trust_fake_login,
)
from testing.tls import self_signed_certificate
from tests.conftest import fixed_clock

POOL_SIZE = 4
CONCURRENCY = 8  # more at once than the pool holds: the limit must hold anyway
TURNS = 1000
SENDS = 1000


def _user(n: int) -> ChatUser:
    return ChatUser(f"Användare {n}", f"00000000-0000-0000-0000-{n:012d}")


def _reference(harness: BotHarness, user: ChatUser) -> dict[str, Any]:
    return {
        "channelId": "msteams",
        "serviceUrl": harness.connector.url,
        "conversation": {"id": harness.conversation_id(user), "conversationType": "personal",
                         "tenantId": DEFAULT_TENANT},
        "user": {"id": user.id, "aadObjectId": user.aad_object_id},
        "bot": {"id": f"28:{BOT_APP_ID}"},
    }


async def _bounded(count: int, job: Callable[[int], Awaitable[None]]) -> None:
    gate = asyncio.Semaphore(CONCURRENCY)

    async def one(n: int) -> None:
        async with gate:
            await job(n)

    await asyncio.gather(*(one(n) for n in range(count)))


def _transport(harness: BotHarness) -> AgentsTransport:
    """The delivery worker's transport, as the app's scheduler builds it."""
    services = harness.app[bot.SERVICES]
    return AgentsTransport(harness.app[bot.ADAPTER], harness.settings,
                           pool=services.connector_pool)


@pytest.fixture
async def fake_login(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FakeBotFrameworkLogin]:
    async with FakeBotFrameworkLogin() as login:
        trust_fake_login(login, monkeypatch)
        yield login


async def test_production_turns_and_proactive_sends_share_the_pool(
    sqlite_url: str, fake_login: FakeBotFrameworkLogin, monkeypatch: pytest.MonkeyPatch,
) -> None:
    token_requests = fake_entra_tokens(monkeypatch)
    settings = make_settings(sqlite_url, **PRODUCTION_ENV,
                             **{POOL_SIZE_ENV: str(POOL_SIZE)})
    async with FakeConnector(limits=ConnectorLimits.unlimited()) as fake, \
            BotHarness(settings, clock=fixed_clock(), connector=fake) as harness:
        auth = {"Authorization": "Bearer " + fake_login.token(BOT_APP_ID,
                                                              service_url=fake.url)}
        statuses: list[int] = []

        async def turn(n: int) -> None:
            reply = await harness.post(harness.activity(_user(n % 50), text="hjälp"),
                                       headers=auth)
            statuses.append(reply.status)

        await _bounded(TURNS, turn)
        assert statuses == [202] * TURNS
        assert len(fake.messages()) == TURNS  # every turn was answered
        assert 1 <= fake.connections_opened <= POOL_SIZE

        transport = _transport(harness)
        ids: list[str | None] = []

        async def send(n: int) -> None:
            ids.append(await transport.send(_reference(harness, _user(n % 50)),
                                            {"text": f"Påminnelse {n}"}))

        try:
            await _bounded(SENDS, send)
        finally:
            await transport.close()
        assert len(ids) == SENDS and all(ids)
        assert len(fake.messages()) == TURNS + SENDS
        assert all(r.authorization == f"Bearer {OUTBOUND_TOKEN}" for r in fake.records)
        assert 1 <= fake.connections_opened <= POOL_SIZE
        assert token_requests  # each client still asked the connection manager for a token


async def test_local_mode_replies_sends_and_new_chats_share_the_pool(sqlite_url: str) -> None:
    settings = make_settings(sqlite_url, **{POOL_SIZE_ENV: "2"})
    async with FakeConnector(limits=ConnectorLimits.unlimited()) as fake, \
            BotHarness(settings, clock=fixed_clock(), connector=fake) as harness:
        for n in range(20):
            reply = await harness.send(_user(n), "hjälp")
            assert reply.status == 202 and reply.text
        transport = _transport(harness)
        try:
            for n in range(20):
                assert await transport.send(_reference(harness, _user(n)), {"text": "Hej"})
                ref = await transport.create_personal_conversation(
                    service_url=fake.url, tenant_id=DEFAULT_TENANT,
                    aad_object_id=f"aad-new-{n}")
                assert ref["conversation"]["id"]
        finally:
            await transport.close()
        assert len(fake.messages()) == 40 and len(fake.created_conversations()) == 20
        assert 1 <= fake.connections_opened <= 2


async def test_the_pool_closes_with_the_app(sqlite_url: str) -> None:
    harness = BotHarness(make_settings(sqlite_url), clock=fixed_clock())
    await harness.start()
    pool = harness.app[bot.SERVICES].connector_pool
    assert (await harness.send(_user(1), "hjälp")).status == 202
    session = pool.session(harness.connector.url)
    await session.close()
    await harness.stop()
    with pytest.raises(RuntimeError):  # closed: no more connections from the old pool
        await pool.session(harness.connector.url).get(harness.connector.url)


async def test_https_connector_trusted_through_the_ca_file_setting(
    sqlite_url: str, tmp_path: Path,
) -> None:
    cert = self_signed_certificate(tmp_path / "tls")
    async with FakeConnector(ssl_context=cert.server_context()) as fake:
        assert fake.url.startswith("https://")
        trusting = make_settings(sqlite_url, **{CA_FILE_ENV: str(cert.cert)})
        async with BotHarness(trusting, clock=fixed_clock(), connector=fake) as harness:
            reply = await harness.send(_user(1), "hjälp")
            assert reply.status == 202 and "Målbot" in reply.text
        # Without the setting the self-signed certificate is refused: nothing is posted.
        fake.clear()
        async with BotHarness(make_settings(sqlite_url), clock=fixed_clock(),
                              connector=fake) as harness:
            reply = await harness.send(_user(2), "hjälp")
            assert reply.activities == []


@pytest.mark.parametrize(("env", "message"), [
    ({POOL_SIZE_ENV: "0"}, "at least 1"),
    ({POOL_SIZE_ENV: "många"}, "whole number"),
    ({CA_FILE_ENV: "/nonexistent/ca.pem"}, "names no file"),
])
def test_bad_pool_settings_are_refused_with_a_clear_message(
    env: dict[str, str], message: str,
) -> None:
    with pytest.raises(PoolConfigError, match=message) as caught:
        PoolConfig.from_env(env)
    assert isinstance(caught.value, SettingsError)  # main() reports it as a config error


def test_create_app_refuses_bad_pool_settings(sqlite_url: str) -> None:
    with pytest.raises(SettingsError):
        bot.create_app(make_settings(sqlite_url, **{POOL_SIZE_ENV: "-3"}))


async def test_turns_build_no_user_token_client_until_one_is_used(
        sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The stock factory built a token-service client (its own HTTP session, the SDK's
    package metadata read for the User-Agent, in production a token) on every turn; Målbot
    signs nobody in, so turns now build none - and one used is the stock client."""
    built: list[Any] = []
    stock = RestChannelServiceClientFactory.create_user_token_client

    async def counting(self: Any, *args: Any, **kwargs: Any) -> Any:
        client = await stock(self, *args, **kwargs)
        built.append(client)
        return client

    monkeypatch.setattr(RestChannelServiceClientFactory, "create_user_token_client", counting)
    async with FakeConnector(limits=ConnectorLimits.unlimited()) as fake, \
            BotHarness(make_settings(sqlite_url), clock=fixed_clock(),
                       connector=fake) as harness:
        for n in range(20):
            reply = await harness.send(_user(n), "hjälp")
            assert reply.status == 202 and "Målbot" in reply.text
    assert built == []

    config = load_configuration_from_env(
        {"CONNECTIONS__SERVICE_CONNECTION__SETTINGS__ANONYMOUS_ALLOWED": "true"})
    pool = ConnectorPool(PoolConfig())
    factory = PooledChannelServiceClientFactory(MsalConnectionManager(**config), pool)
    deferred = await factory.create_user_token_client(
        cast(TurnContext, None), ClaimsIdentity({}), use_anonymous=True)
    assert isinstance(deferred, DeferredUserTokenClient) and not deferred.made
    with pytest.raises(RuntimeError, match=r"ready\(\)"):
        _ = deferred.user_token
    real = await deferred.ready()
    assert isinstance(real, UserTokenClient) and await deferred.ready() is real
    assert len(built) == 1 and deferred.user_token is real.user_token
    await deferred.close()
    assert real.client.closed and not deferred.made
    await pool.close()


async def test_card_steps_build_no_connector_client_and_messages_build_one(
        demo_bot: BotHarness, monkeypatch: pytest.MonkeyPatch) -> None:
    """A card step's card travels in the HTTP answer: the turn builds no Bot Connector
    client (the SDK hands every turn one, made on first use); a message's reply does."""
    from tests.test_report_flow import fill_and_next, start_report, step_line

    built: list[str] = []
    stock = ConnectorPool.connector_client

    def counting(self: ConnectorPool, service_url: str, token: str = "") -> Any:
        built.append(service_url)
        return stock(self, service_url, token)

    monkeypatch.setattr(ConnectorPool, "connector_client", counting)
    card = await start_report(demo_bot)  # "rapportera" (a message) + the card's button
    after_start = len(built)
    assert after_start >= 1  # the message's reply went through the Bot Connector
    card = await fill_and_next(demo_bot, ALEX, card)
    card = await fill_and_next(demo_bot, ALEX, card)
    assert step_line(card).startswith("Steg 3 av")
    assert len(built) == after_start  # two card steps, no connector client
    reply = await demo_bot.send(ALEX, "hjälp")
    assert reply.status == 202 and len(built) == after_start + 1
