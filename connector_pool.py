"""One pool of HTTP connections to the Bot Connector per process.

The Agents SDK's stock ``RestChannelServiceClientFactory`` builds a connector client with a
new ``aiohttp.ClientSession`` - a new connection pool - for every turn and every proactive
send, and closes it when the turn ends: in production that is a new TCP + TLS handshake to
the Bot Connector per reply. :class:`PooledChannelServiceClientFactory` is handed to the
``CloudAdapter`` through its public ``channel_service_client_factory`` parameter and gives
every connector client a session on one shared :class:`aiohttp.TCPConnector` (the pool)
that the session does not own: the SDK still closes each client after its turn, which now
only drops the thin session object, while the connections stay open for the next turn.

Why a session per client on one connector rather than literally one session: the SDK's
``ConnectorClient`` writes the turn's ``Authorization`` header and its ``base_url`` (the
conversation's service URL) into the session it is given, so one shared session would
let concurrent turns overwrite each other's token and service URL. The connection pool
is the connector; the session is a few attributes around it.

A turn's connector client is built when the turn first uses it (card steps answer in
the HTTP response and never do), and user-token clients (the token service, for OAuth
sign-in, which Målbot does not use) only when a turn calls one (:mod:`deferred_clients`):
the stock factory builds both, each with its own session, on every turn.

Tokens: the factory asks the same ``MsalConnectionManager`` the stock factory does, once
per client; its ``MsalAuth`` providers are created once and MSAL answers repeated
client-credential requests from its token cache until the token nears expiry.

:class:`ConnectorPool` is opened and closed by the app's ``cleanup_ctx``
(:meth:`ConnectorPool.cleanup_ctx`). Settings: ``BOT_CONNECTOR_POOL_SIZE`` (most open
connections, default 16) and ``BOT_CONNECTOR_CA_FILE`` (a PEM bundle trusted in addition
to the system's CAs, e.g. a test Bot Connector's self-signed certificate).
"""

from __future__ import annotations

import logging
import ssl
from collections.abc import AsyncIterator, Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from aiohttp import ClientSession, TCPConnector, web
from microsoft_agents.activity import RoleTypes
from microsoft_agents.hosting.core import RestChannelServiceClientFactory, TurnContext
from microsoft_agents.hosting.core.authorization import (
    AccessTokenProviderBase,
    AnonymousTokenProvider,
    ClaimsIdentity,
    Connections,
)
from microsoft_agents.hosting.core.connector import ConnectorClientBase, UserTokenClientBase
from microsoft_agents.hosting.core.connector.teams import TeamsConnectorClient

from config import SettingsError
from deferred_clients import DeferredConnectorClient, DeferredUserTokenClient

logger = logging.getLogger(__name__)

POOL_SIZE_ENV = "BOT_CONNECTOR_POOL_SIZE"
CA_FILE_ENV = "BOT_CONNECTOR_CA_FILE"
DEFAULT_POOL_SIZE = 16


class PoolConfigError(SettingsError):
    """A pool setting is invalid."""


@dataclass(frozen=True)
class PoolConfig:
    """How many connections the pool keeps at most, and which extra CA to trust."""

    size: int = DEFAULT_POOL_SIZE
    ca_file: str | None = None

    def __post_init__(self) -> None:
        if self.size < 1:
            raise PoolConfigError(f"{POOL_SIZE_ENV} must be at least 1, got {self.size}")
        if self.ca_file is not None and not Path(self.ca_file).is_file():
            raise PoolConfigError(f"{CA_FILE_ENV} names no file: {self.ca_file!r}")

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> PoolConfig:
        raw = env.get(POOL_SIZE_ENV, "").strip()
        try:
            size = int(raw) if raw else DEFAULT_POOL_SIZE
        except ValueError as exc:
            raise PoolConfigError(f"{POOL_SIZE_ENV} must be a whole number, got {raw!r}") \
                from exc
        ca_file = env.get(CA_FILE_ENV, "").strip() or None
        return cls(size=size, ca_file=ca_file)

    def ssl_context(self) -> ssl.SSLContext | bool:
        """The system's trust store, plus :attr:`ca_file` when set (True: aiohttp's default)."""
        if self.ca_file is None:
            return True
        context = ssl.create_default_context()
        context.load_verify_locations(cafile=self.ca_file)
        return context


class ConnectorPool:
    """The process's connections to the Bot Connector (one ``TCPConnector``)."""

    def __init__(self, config: PoolConfig | None = None) -> None:
        self.config = config or PoolConfig()
        self._connector: TCPConnector | None = None

    async def open(self) -> None:
        """Create the pool (inside the running event loop); idempotent."""
        self._pooled()

    async def close(self) -> None:
        connector, self._connector = self._connector, None
        if connector is not None:
            await connector.close()

    def cleanup_ctx(self) -> Callable[[web.Application], AsyncIterator[None]]:
        """For ``app.cleanup_ctx``: open at start-up, close at shutdown."""

        async def ctx(_app: web.Application) -> AsyncIterator[None]:
            await self.open()
            yield
            await self.close()

        return ctx

    def _pooled(self) -> TCPConnector:
        if self._connector is None or self._connector.closed:
            # Used before the app started (a script driving the adapter directly): open
            # lazily, we are inside the event loop here.
            self._connector = TCPConnector(limit=self.config.size,
                                           limit_per_host=self.config.size,
                                           ssl=self.config.ssl_context())
        return self._connector

    def session(self, base_url: str) -> ClientSession:
        """A session on the pool; closing it leaves the pool's connections open."""
        if not base_url.endswith("/"):
            base_url += "/"
        return ClientSession(base_url=base_url, connector=self._pooled(), connector_owner=False)

    def connector_client(self, service_url: str, token: str = "") -> TeamsConnectorClient:
        """The SDK's Teams connector client for ``service_url`` on the pool."""
        return TeamsConnectorClient(endpoint=service_url, token=token,
                                    session=self.session(service_url))


class PooledChannelServiceClientFactory(RestChannelServiceClientFactory):
    """The stock factory, with connector clients on one :class:`ConnectorPool`.

    Agentic requests and Copilot Studio (connector user) turns are left to the stock
    factory unchanged: Målbot uses neither.
    """

    def __init__(self, connection_manager: Connections, pool: ConnectorPool) -> None:
        super().__init__(connection_manager)
        self._connections = connection_manager
        self._pool = pool
        self._anonymous = AnonymousTokenProvider()

    async def create_connector_client(
        self,
        context: TurnContext | None,
        claims_identity: ClaimsIdentity,
        service_url: str,
        audience: str,
        scopes: list[str] | None = None,
        use_anonymous: bool = False,
    ) -> ConnectorClientBase:
        if context is not None and _needs_stock_client(context):
            return await super().create_connector_client(
                context, claims_identity, service_url, audience, scopes, use_anonymous)
        if not service_url:
            raise TypeError("create_connector_client: service_url can't be None or empty")
        if not audience:
            raise TypeError("create_connector_client: audience can't be None or empty")
        provider: AccessTokenProviderBase = (
            self._anonymous if use_anonymous
            else self._connections.get_token_provider(claims_identity, service_url)
        )
        token = await provider.get_access_token(
            audience, scopes or claims_identity.get_token_scope())
        return DeferredConnectorClient(lambda: self._pool.connector_client(service_url, token))


    # The adapter's interface (ChannelServiceClientFactoryBase) asks for a
    # UserTokenClientBase; the REST factory narrows its own answer to the stock class.
    async def create_user_token_client(  # type: ignore[override]
        self,
        context: TurnContext,
        claims_identity: ClaimsIdentity,
        use_anonymous: bool = False,
    ) -> UserTokenClientBase:
        """The stock user-token client, built on the turn's first use of it (most turns
        never use it: deferred_clients)."""
        stock = super().create_user_token_client

        async def make() -> UserTokenClientBase:
            return await stock(context, claims_identity, use_anonymous)

        return DeferredUserTokenClient(make)


def _needs_stock_client(context: TurnContext) -> bool:
    activity = context.activity
    if activity.is_agentic_request():
        return True
    recipient = activity.recipient
    return recipient is not None and recipient.role == RoleTypes.connector_user
