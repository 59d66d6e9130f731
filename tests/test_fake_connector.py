"""The fake Bot Connector behaves like the Teams channel's REST API."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from collections.abc import AsyncIterator, Mapping
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from microsoft_agents.activity import Activity, ChannelId, load_configuration_from_env
from microsoft_agents.authentication.msal import MsalConnectionManager
from microsoft_agents.hosting.core import ClaimsIdentity, RestChannelServiceClientFactory
from microsoft_agents.hosting.core.authorization import AuthenticationConstants
from microsoft_agents.hosting.core.connector import ConnectorClientBase

from testing.fake_connector import (
    ADAPTIVE_CARD_CONTENT_TYPE,
    ConnectorLimits,
    FakeConnector,
    RandomFaults,
    RateWindow,
)

REPO_ROOT = Path(__file__).resolve().parent.parent
TENANT = "00000000-0000-0000-0000-0000000000aa"
ALEX = "00000000-0000-0000-0000-0000000000020"
CHAT = "a:1chat-under-test"


def message(text: str, **extra: Any) -> dict[str, Any]:
    return {"type": "message", "text": text, **extra}


def create_params(user_id: str, **extra: Any) -> dict[str, Any]:
    return {
        "isGroup": False,
        "members": [{"id": user_id}],
        "tenantId": TENANT,
        "channelData": {"tenant": {"id": TENANT}},
        **extra,
    }


class ManualClock:
    """A clock the test moves by hand (for the 2 s and 30 s windows)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
async def fake() -> AsyncIterator[FakeConnector]:
    async with FakeConnector() as connector:
        yield connector


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


async def post(
    http: aiohttp.ClientSession,
    url: str,
    body: Any,
    headers: dict[str, str] | None = None,
) -> tuple[int, dict[str, Any], Mapping[str, str]]:
    async with http.post(url, json=body, headers=headers) as response:
        text = await response.text()
        return response.status, (json.loads(text) if text else {}), response.headers


async def test_send_reply_update_delete_are_recorded(
    fake: FakeConnector, http: aiohttp.ClientSession
) -> None:
    activities = f"{fake.url}v3/conversations/{CHAT}/activities"
    card = {"type": "AdaptiveCard", "version": "1.5", "body": []}
    attachment = {"contentType": ADAPTIVE_CARD_CONTENT_TYPE, "content": card}

    status, sent, _ = await post(http, activities, message("Hej!", attachments=[attachment]))
    assert status == 201
    status, replied, _ = await post(http, f"{activities}/1700000000000", message("Svar"))
    assert status == 201
    assert sent["id"] != replied["id"]
    async with http.put(f"{activities}/{sent['id']}", json=message("Ändrat")) as response:
        assert response.status == 200
        assert await response.json() == {"id": sent["id"]}
    async with http.delete(f"{activities}/{replied['id']}") as response:
        assert response.status == 200

    records = fake.activities(CHAT)
    assert [r.kind for r in records] == ["send", "reply", "update", "delete"]
    assert [r.method for r in records] == ["POST", "POST", "PUT", "DELETE"]
    assert records[0].path == f"/v3/conversations/{CHAT}/activities"
    assert records[1].path == f"/v3/conversations/{CHAT}/activities/1700000000000"
    assert records[1].reply_to_id == "1700000000000"
    assert records[2].activity_id == sent["id"]
    assert records[0].authorization is None
    assert records[0].received_at <= records[3].received_at
    assert fake.texts() == ["Hej!", "Svar"]
    assert fake.texts(CHAT, kinds={"update"}) == ["Ändrat"]
    assert fake.cards(CHAT) == [card]
    assert fake.attachments(content_type=ADAPTIVE_CARD_CONTENT_TYPE) == [attachment]
    assert fake.activities("a:1other") == []
    assert fake.status_counts == {201: 2, 200: 2}

    fake.clear()
    assert fake.records == [] and fake.request_count == 0


async def test_create_conversation_per_user_and_app_installation(
    http: aiohttp.ClientSession,
) -> None:
    async with FakeConnector(not_installed={"no-app-user"}, unknown_users={"gone"}) as fake:
        url = f"{fake.url}v3/conversations"

        status, created, _ = await post(http, url, create_params(ALEX))
        assert status == 201
        assert created["id"].startswith("a:1")
        # Teams answers with the same 1:1 chat when asked again.
        _, again, _ = await post(http, url, create_params(ALEX))
        assert again["id"] == created["id"]
        assert fake.conversation_for_user(ALEX) == created["id"]

        status, body, _ = await post(http, url, create_params("no-app-user"))
        assert status == 403
        assert body["error"]["code"] == "ForbiddenOperationException"
        status, body, _ = await post(http, url, create_params("gone"))
        assert status == 404
        status, body, _ = await post(http, url, {"members": [{"id": ALEX}], "isGroup": False})
        assert status == 400 and body["error"]["code"] == "BadArgument"

        # A first message in the create call is posted into the new chat.
        _, with_activity, _ = await post(
            http, url, create_params("someone-else", activity=message("Välkommen"))
        )
        assert with_activity["activityId"]
        assert fake.texts(with_activity["id"]) == ["Välkommen"]
        assert len(fake.created_conversations()) == 3

        # Uninstalling the app later blocks writes to the existing chat.
        fake.mark_not_installed(ALEX)
        status, body, _ = await post(
            http, f"{url}/{created['id']}/activities", message("Påminnelse")
        )
        assert status == 403
        assert "MessageWritesBlocked" in body["message"]
        assert fake.texts(created["id"]) == []


async def test_channel_thread_and_no_group_chats(
    fake: FakeConnector, http: aiohttp.ClientSession
) -> None:
    url = f"{fake.url}v3/conversations"
    channel = "19:general@thread.tacv2"
    status, body, _ = await post(
        http,
        url,
        {
            "isGroup": True,
            "channelData": {"channel": {"id": channel}},
            "activity": message("Sammanfattning"),
        },
    )
    assert status == 201
    assert body["id"] == f"{channel};messageid={body['activityId']}"
    status, _, _ = await post(http, url, {"isGroup": True, "members": [{"id": ALEX}]})
    assert status == 400


async def test_auth_required(http: aiohttp.ClientSession) -> None:
    async with FakeConnector(require_auth="secret-token") as fake:
        url = f"{fake.url}v3/conversations/{CHAT}/activities"
        status, body, _ = await post(http, url, message("x"))
        assert status == 401
        assert "denied" in body["message"]
        status, _, _ = await post(http, url, message("x"), {"Authorization": "Bearer wrong"})
        assert status == 401
        ok = {"Authorization": "Bearer secret-token"}
        status, _, _ = await post(http, url, message("x"), ok)
        assert status == 201
        assert [r.authorization for r in fake.records] == ["Bearer secret-token"]
        assert fake.count_status(401) == 2 and fake.request_count == 3


async def test_per_conversation_limit_answers_429_with_retry_after(
    fake: FakeConnector, http: aiohttp.ClientSession
) -> None:
    url = f"{fake.url}v3/conversations/{CHAT}/activities"
    for i in range(7):
        status, _, _ = await post(http, url, message(f"m{i}"))
        assert status == 201
    status, body, headers = await post(http, url, message("one too many"))
    assert status == 429
    assert body["error"]["code"] == "Throttled"
    assert int(headers["Retry-After"]) >= 1
    assert len(fake.messages(CHAT)) == 7
    assert "one too many" not in fake.texts()
    # Other conversations have their own allowance.
    status, _, _ = await post(http, f"{fake.url}v3/conversations/a:1other/activities", message("x"))
    assert status == 201
    assert fake.status_counts == {201: 8, 429: 1}


async def test_longer_windows_with_a_manual_clock(http: aiohttp.ClientSession) -> None:
    clock = ManualClock()
    limits = ConnectorLimits(global_limit_per_s=None)
    async with FakeConnector(clock=clock, limits=limits) as fake:
        url = f"{fake.url}v3/conversations/{CHAT}/activities"

        async def send() -> tuple[int, str | None]:
            status, _, headers = await post(http, url, message("x"))
            return status, headers.get("Retry-After")

        for _ in range(7):
            assert (await send())[0] == 201
        clock.now += 1.0  # the 1 s window is free again, but 8 in 2 s is the limit
        assert (await send())[0] == 201
        assert await send() == (429, "1")
        clock.now += 1.5
        # 2.5 s after the start: the first seven left the 2 s window; 60 in 30 s is next.
        sent = 8
        while sent < 60:
            clock.now += 0.3
            status, _ = await send()
            assert status == 201, sent
            sent += 1
        status, retry_after = await send()
        assert status == 429
        assert retry_after is not None and int(retry_after) >= 10
        assert len(fake.messages()) == 60


async def test_global_limit(http: aiohttp.ClientSession) -> None:
    async with FakeConnector(limits=ConnectorLimits(global_limit_per_s=5)) as fake:
        statuses = []
        for i in range(6):
            status, _, headers = await post(
                http, f"{fake.url}v3/conversations/a:1user{i}/activities", message("x")
            )
            statuses.append(status)
        assert statuses == [201] * 5 + [429]
        assert headers["Retry-After"] == "1"
        assert len(fake.messages()) == 5


async def test_limits_can_be_disabled(http: aiohttp.ClientSession) -> None:
    async with FakeConnector(limits=ConnectorLimits.unlimited()) as fake:
        url = f"{fake.url}v3/conversations/{CHAT}/activities"
        statuses = [(await post(http, url, message("x")))[0] for _ in range(20)]
        assert statuses == [201] * 20


async def test_scripted_faults(fake: FakeConnector, http: aiohttp.ClientSession) -> None:
    url = f"{fake.url}v3/conversations/{CHAT}/activities"
    fake.fail_next(2, status=503)
    fake.respond_429_next(1, retry_after=7)
    results = [await post(http, url, message("x")) for _ in range(4)]
    assert [status for status, _, _ in results] == [503, 503, 429, 201]
    assert results[2][2]["Retry-After"] == "7"
    assert len(fake.messages()) == 1

    fake.fail_next(1, status=412, conversation_id="a:1other")
    assert (await post(http, url, message("x")))[0] == 201
    status, body, _ = await post(http, f"{fake.url}v3/conversations/a:1other/activities", {})
    assert status == 412 and body["error"]["code"] == "PreconditionFailed"

    fake.fail_conversation(CHAT, status=404)
    for _ in range(2):
        status, body, _ = await post(http, url, message("x"))
        assert status == 404 and body["error"]["code"] == "ConversationNotFound"
    fake.heal_conversation(CHAT)
    assert (await post(http, url, message("x")))[0] == 201


async def test_random_faults_are_reproducible(http: aiohttp.ClientSession) -> None:
    async def run() -> list[int]:
        faults = RandomFaults(fault_rate=0.5, statuses=(500, 502), seed=42)
        async with FakeConnector(random_faults=faults, limits=ConnectorLimits.unlimited()) as fake:
            url = f"{fake.url}v3/conversations/{CHAT}/activities"
            return [(await post(http, url, message("x")))[0] for _ in range(20)]

    first, second = await run(), await run()
    assert first == second
    assert {500, 502, 201} <= set(first)


async def test_hang_makes_a_short_timeout_expire_and_still_delivers(
    fake: FakeConnector, http: aiohttp.ClientSession
) -> None:
    fake.hang_next(1, seconds=1.0)
    url = f"{fake.url}v3/conversations/{CHAT}/activities"
    with pytest.raises(asyncio.TimeoutError):
        await http.post(url, json=message("late"), timeout=aiohttp.ClientTimeout(total=0.2))
    assert fake.texts() == []
    # Like the real service, the message may still arrive after the client gave up.
    [record] = await fake.wait_for(lambda r: r.text == "late", timeout=3)
    assert record.kind == "send"


async def test_stop_releases_hanging_requests(http: aiohttp.ClientSession) -> None:
    fake = FakeConnector(random_faults=RandomFaults(timeout_rate=1.0, hang_seconds=60))
    url = await fake.start()

    async def send() -> int:
        async with http.post(
            f"{url}v3/conversations/{CHAT}/activities", json=message("x")
        ) as response:
            return response.status

    request = asyncio.create_task(send())
    await asyncio.sleep(0.1)
    await asyncio.wait_for(fake.stop(), 5)
    assert await request == 503
    assert fake.records == []


async def test_malformed_and_oversized_bodies(
    fake: FakeConnector, http: aiohttp.ClientSession
) -> None:
    url = f"{fake.url}v3/conversations/{CHAT}/activities"
    headers = {"Content-Type": "application/json"}
    async with http.post(url, data=b"{not json", headers=headers) as response:
        assert response.status == 400
        assert (await response.json())["error"]["code"] == "BadSyntax"
    async with http.post(url, data=b"[1, 2]", headers=headers) as response:
        assert response.status == 400
    status, _, _ = await post(http, url, {"text": "no type"})
    assert status == 400
    status, body, _ = await post(http, url, message("x" * 110_000))
    assert status == 413 and body["error"]["code"] == "MessageSizeTooBig"
    assert fake.records == []


async def test_strict_activity_ids(http: aiohttp.ClientSession) -> None:
    async with FakeConnector(strict_activity_ids=True) as fake:
        url = f"{fake.url}v3/conversations/{CHAT}/activities"
        async with http.put(f"{url}/123", json=message("x")) as response:
            assert response.status == 404
        _, sent, _ = await post(http, url, message("x"))
        async with http.put(f"{url}/{sent['id']}", json=message("y")) as response:
            assert response.status == 200
        async with http.delete(f"{url}/{sent['id']}") as response:
            assert response.status == 200
        async with http.delete(f"{url}/{sent['id']}") as response:
            assert response.status == 404


async def test_wait_for_count_predicate_and_timeout(
    fake: FakeConnector, http: aiohttp.ClientSession
) -> None:
    url = f"{fake.url}v3/conversations/{CHAT}/activities"

    async def send_later() -> None:
        for text in ("a", "b"):
            await asyncio.sleep(0.05)
            await post(http, url, message(text))

    task = asyncio.create_task(send_later())
    records = await fake.wait_for(2, timeout=2, conversation_id=CHAT)
    assert [r.text for r in records] == ["a", "b"]
    await task
    assert [r.text for r in await fake.wait_for(lambda r: r.text == "b")] == ["b"]
    with pytest.raises(TimeoutError):
        await fake.wait_for(3, timeout=0.1)


async def test_path_prefix_like_real_service_urls(http: aiohttp.ClientSession) -> None:
    async with FakeConnector(path_prefix="emea/") as fake:
        assert fake.url.endswith("/emea/")
        status, _, _ = await post(
            http, f"{fake.url}v3/conversations/{CHAT}/activities", message("x")
        )
        assert status == 201
        assert fake.records[0].path == f"/emea/v3/conversations/{CHAT}/activities"


def test_rate_window_validation() -> None:
    with pytest.raises(ValueError):
        RateWindow(1, 0)
    with pytest.raises(ValueError):
        RandomFaults(fault_rate=2.0)


# --------------------------------------------------------------- the SDK's own client


async def anonymous_connector_client(service_url: str) -> ConnectorClientBase:
    """A connector client made the way CloudAdapter makes it in local anonymous mode."""
    config = load_configuration_from_env(
        {"CONNECTIONS__SERVICE_CONNECTION__SETTINGS__ANONYMOUS_ALLOWED": "true"}
    )
    factory = RestChannelServiceClientFactory(MsalConnectionManager(**config))
    return await factory.create_connector_client(
        None,
        ClaimsIdentity(),
        service_url,
        AuthenticationConstants.AGENTS_SDK_SCOPE,
        use_anonymous=True,
    )


async def test_agents_sdk_connector_client_posts_to_the_fake(fake: FakeConnector) -> None:
    client = await anonymous_connector_client(fake.url)
    try:
        channel_thread = "19:abc@thread.tacv2;messageid=1700000000001"
        sent = await client.conversations.send_to_conversation(
            CHAT, Activity(type="message", text="Hej från SDK")
        )
        replied = await client.conversations.reply_to_activity(
            channel_thread,
            "1700000000001",
            Activity(type="message", text="Svar", channel_id=ChannelId("msteams")),
        )
        assert sent.id and replied.id and sent.id != replied.id

        send_record, reply_record = fake.records
        assert send_record.path == f"/v3/conversations/{CHAT}/activities"
        assert send_record.body == {"type": "message", "text": "Hej från SDK"}
        assert reply_record.path == f"/v3/conversations/{channel_thread}/activities/1700000000001"
        assert reply_record.conversation_id == channel_thread
        assert reply_record.reply_to_id == "1700000000001"
        # Anonymous mode sends no Authorization header at all.
        assert send_record.authorization is None

        # Errors surface as aiohttp.ClientResponseError: status, body text, headers.
        fake.fail_conversation(CHAT, status=403)
        with pytest.raises(aiohttp.ClientResponseError) as forbidden:
            await client.conversations.send_to_conversation(CHAT, Activity(type="message"))
        assert forbidden.value.status == 403
        assert "BotNotInConversationRoster" in forbidden.value.message

        fake.respond_429_next(1, retry_after=3)
        with pytest.raises(aiohttp.ClientResponseError) as throttled:
            await client.conversations.reply_to_activity(
                "a:1other", "1", Activity(type="message", text="x")
            )
        assert throttled.value.status == 429
        assert throttled.value.headers is not None
        assert throttled.value.headers["Retry-After"] == "3"
    finally:
        await client.close()


# ------------------------------------------------------------------ as its own process


def test_standalone_process_serves_until_terminated() -> None:
    with subprocess.Popen(
        [sys.executable, "-m", "testing.fake_connector", "--port", "0"],
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as process:
        try:
            assert process.stdout is not None
            url = process.stdout.readline().strip()
            assert url.startswith("http://127.0.0.1:") and url.endswith("/")

            async def exercise() -> dict[str, Any]:
                async with aiohttp.ClientSession() as http:
                    status, _, _ = await post(
                        http, f"{url}v3/conversations/{CHAT}/activities", message("x")
                    )
                    assert status == 201
                    async with http.get(f"{url}_fake/stats") as response:
                        stats: dict[str, Any] = await response.json()
                    return stats

            stats = asyncio.run(exercise())
            assert stats["messages"] == 1 and stats["statusCounts"] == {"201": 1}
        finally:
            process.terminate()
            _, stderr = process.communicate(timeout=10)
    assert process.returncode == 0
    # On exit it prints its final counters as one JSON line.
    assert json.loads(stderr.strip().splitlines()[-1])["requests"] == 1
