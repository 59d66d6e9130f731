"""A real Målbot on loopback with a fake Bot Connector: send activities, read replies.

Used by tests and benchmarks. Everything is real (aiohttp server, SDK, database) except
Microsoft's cloud, played by :class:`testing.fake_connector.FakeConnector`.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from aiohttp import ClientSession, ClientTimeout
from aiohttp.test_utils import TestServer

from config import Settings, load_settings
from testing.fake_connector import ActivityRecord, FakeConnector

DEFAULT_TENANT = "00000000-0000-0000-0000-0000000000aa"


@dataclass(frozen=True)
class ChatUser:
    """A Teams user as the channel presents them."""

    name: str
    aad_object_id: str | None
    channel_id: str = ""
    locale: str = "sv-SE"

    @property
    def id(self) -> str:
        return self.channel_id or f"29:{self.aad_object_id or self.name}"


ALEX = ChatUser("Alex Wilber", "00000000-0000-0000-0000-0000000000020")
MEGAN = ChatUser("Megan Bowen", "00000000-0000-0000-0000-0000000000021")
ADELE = ChatUser("Adele Vance", "00000000-0000-0000-0000-0000000000022")
STRANGER = ChatUser("Okänd Användare", "11111111-2222-3333-4444-555555555555")


def make_settings(database_url: str, **overrides: str) -> Settings:
    # ADMIN_AAD_IDS set (empty): no local-mode administrator (config.LOCAL_MODE_ADMIN_AAD_IDS)
    # unless a test asks for one.
    env = {"DATABASE_URL": database_url, "SCHEDULER_ENABLED": "false", "SEED_DEMO": "false",
           "ADMIN_AAD_IDS": ""}
    env.update(overrides)
    return load_settings(env, dotenv=False)


@dataclass
class Reply:
    """What the bot answered to one activity: the HTTP status, body and posted activities."""

    status: int
    body: Any
    activities: list[ActivityRecord] = field(default_factory=list)

    @property
    def texts(self) -> list[str]:
        return [a.text for a in self.activities if a.text]

    @property
    def text(self) -> str:
        return "\n".join(self.texts)

    @property
    def cards(self) -> list[dict[str, Any]]:
        return [c for a in self.activities for c in a.cards]

    @property
    def invoke_card(self) -> dict[str, Any] | None:
        """The card an Action.Execute invoke response carries (refresh in place)."""
        if isinstance(self.body, dict) and self.body.get("type") == (
            "application/vnd.microsoft.card.adaptive"
        ):
            value = self.body.get("value")
            return value if isinstance(value, dict) else None
        return None


class BotHarness:
    def __init__(self, settings: Settings, *, clock: Callable[[], datetime] | None = None,
                 connector: FakeConnector | None = None) -> None:
        self.settings = settings
        self.clock = clock
        self.connector = connector or FakeConnector()
        self._own_connector = connector is None
        self.server: TestServer | None = None
        self.http: ClientSession | None = None
        self._ids = itertools.count(1)
        self.app: Any = None

    async def start(self) -> BotHarness:
        import bot

        if self._own_connector:
            await self.connector.start()
        self.app = bot.create_app(self.settings, clock=self.clock)
        self.server = TestServer(self.app, host="127.0.0.1")
        await self.server.start_server()
        self.http = ClientSession(timeout=ClientTimeout(total=30))
        return self

    async def stop(self) -> None:
        if self.http is not None:
            await self.http.close()
        if self.server is not None:
            await self.server.close()
        if self._own_connector:
            await self.connector.stop()

    async def __aenter__(self) -> BotHarness:
        return await self.start()

    async def __aexit__(self, *_exc: object) -> None:
        await self.stop()

    @property
    def endpoint(self) -> str:
        assert self.server is not None
        return str(self.server.make_url("/api/messages"))

    def conversation_id(self, user: ChatUser) -> str:
        return f"a:1on1-{user.aad_object_id or user.name}"

    def activity(self, user: ChatUser, **fields: Any) -> dict[str, Any]:
        activity_id = f"act-{next(self._ids)}"
        base: dict[str, Any] = {
            "type": "message",
            "id": activity_id,
            "channelId": "msteams",
            "serviceUrl": self.connector.url,
            "timestamp": "2026-11-27T10:00:00Z",
            "locale": user.locale,
            "from": {"id": user.id, "name": user.name, "aadObjectId": user.aad_object_id},
            "recipient": {"id": "28:malbot", "name": "Målbot"},
            "conversation": {
                "id": self.conversation_id(user),
                "conversationType": "personal",
                "tenantId": DEFAULT_TENANT,
            },
            "channelData": {"tenant": {"id": DEFAULT_TENANT}},
        }
        base.update(fields)
        return base

    async def post(self, activity: dict[str, Any] | str | bytes,
                   headers: dict[str, str] | None = None) -> Reply:
        assert self.http is not None
        before = len(self.connector.records)
        all_headers = {"Content-Type": "application/json", **(headers or {})}
        kwargs: dict[str, Any] = {"headers": all_headers}
        if isinstance(activity, dict):
            import json

            kwargs["data"] = json.dumps(activity)
        else:
            kwargs["data"] = activity
        async with self.http.post(self.endpoint, **kwargs) as resp:
            raw = await resp.read()
            try:
                body: Any = await resp.json(content_type=None) if raw else None
            except ValueError:
                body = raw.decode(errors="replace")
            status = resp.status
        return Reply(status=status, body=body, activities=self.connector.records[before:])

    async def send(self, user: ChatUser, text: str, **fields: Any) -> Reply:
        return await self.post(self.activity(user, text=text, **fields))

    async def submit(self, user: ChatUser, value: dict[str, Any]) -> Reply:
        """An Action.Submit: a message with ``value`` and no text."""
        return await self.post(self.activity(user, value=value))

    async def execute(self, user: ChatUser, verb: str, data: dict[str, Any]) -> Reply:
        """An Action.Execute invoke, as Teams sends it (``adaptiveCard/action``)."""
        return await self.post(
            self.activity(
                user,
                type="invoke",
                name="adaptiveCard/action",
                value={"action": {"type": "Action.Execute", "verb": verb, "data": data},
                       "trigger": "manual"},
            )
        )

    async def install(self, user: ChatUser) -> Reply:
        return await self.post(
            self.activity(
                user,
                type="conversationUpdate",
                membersAdded=[{"id": user.id, "aadObjectId": user.aad_object_id}],
            )
        )
