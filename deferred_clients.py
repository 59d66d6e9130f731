"""The SDK clients a turn is handed, each made only when the turn uses it.

Connector client: the SDK asks the channel-service client factory for a Bot Connector
client at the start of every turn, also for invokes whose answer travels in the HTTP
response (every report card step). Building one reads the SDK's package metadata for its
User-Agent and wraps a session on the pool; :class:`DeferredConnectorClient` builds it on
the first use of its ``conversations`` / ``attachments`` (the token is fetched up front,
as the stock factory does: MSAL answers it from its cache).

User-token client:
The SDK asks the channel-service client factory for a user-token client (the Bot
Framework token service, for OAuth sign-in) at the start of every turn and closes it at
the end. The stock client opens an HTTP session, reads the SDK's package metadata for its
User-Agent and - with credentials - fetches an access token, every turn. Målbot signs
nobody in (no OAuthPrompt, no user authorization handlers), so almost no turn uses it:
:class:`DeferredUserTokenClient` stands in and builds the stock client on the first call
of any of its methods, through the stock factory.

The two synchronous properties of the interface (``user_token``, ``agent_sign_in``) can
only answer once the client exists (``await client.ready()``): the SDK's OAuth flows read
them, and Målbot configures none. Their error says so rather than guessing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from microsoft_agents.activity import (
    Activity,
    SignInResource,
    TokenExchangeRequest,
    TokenOrSignInResourceResponse,
    TokenResponse,
    TokenStatus,
)
from microsoft_agents.hosting.core.connector import ConnectorClientBase, UserTokenClientBase
from microsoft_agents.hosting.core.connector.agent_sign_in_base import AgentSignInBase
from microsoft_agents.hosting.core.connector.attachments_base import AttachmentsBase
from microsoft_agents.hosting.core.connector.conversations_base import ConversationsBase
from microsoft_agents.hosting.core.connector.user_token_base import UserTokenBase


class DeferredUserTokenClient(UserTokenClientBase):
    """A :class:`UserTokenClientBase` that builds the real one (``make``) on first use."""

    def __init__(self, make: Callable[[], Awaitable[UserTokenClientBase]]) -> None:
        self._make = make
        self._client: UserTokenClientBase | None = None

    @property
    def made(self) -> bool:
        return self._client is not None

    async def ready(self) -> UserTokenClientBase:
        """The real client (built now when not yet)."""
        if self._client is None:
            self._client = await self._make()
        return self._client

    def _built(self) -> UserTokenClientBase:
        if self._client is None:
            raise RuntimeError("The user token client is made on first use: await "
                               "DeferredUserTokenClient.ready() before reading its properties "
                               "(Målbot configures no OAuth sign-in).")
        return self._client

    @property
    def agent_sign_in(self) -> AgentSignInBase:
        return self._built().agent_sign_in

    @property
    def user_token(self) -> UserTokenBase:
        return self._built().user_token

    async def get_user_token(self, user_id: str, connection_name: str, channel_id: str,
                             magic_code: str | None = None) -> TokenResponse:
        return await (await self.ready()).get_user_token(user_id, connection_name,
                                                          channel_id, magic_code)

    async def get_sign_in_resource(self, connection_name: str, activity: Activity,
                                   final_redirect: str | None = None) -> SignInResource:
        return await (await self.ready()).get_sign_in_resource(connection_name, activity,
                                                                final_redirect)

    async def sign_out_user(self, user_id: str, connection_name: str,
                            channel_id: str) -> None:
        await (await self.ready()).sign_out_user(user_id, connection_name, channel_id)

    async def get_token_status(self, user_id: str, channel_id: str,
                               include: str | None = None) -> list[TokenStatus]:
        return await (await self.ready()).get_token_status(user_id, channel_id, include)

    async def get_aad_tokens(self, user_id: str, connection_name: str,
                             resource_urls: list[str],
                             channel_id: str) -> dict[str, TokenResponse]:
        return await (await self.ready()).get_aad_tokens(user_id, connection_name,
                                                          resource_urls, channel_id)

    async def exchange_token(self, user_id: str, connection_name: str, channel_id: str,
                             exchange_request: TokenExchangeRequest) -> TokenResponse:
        return await (await self.ready()).exchange_token(user_id, connection_name,
                                                          channel_id, exchange_request)

    async def get_token_or_sign_in_resource(
        self, connection_name: str, activity: Activity, code: str | None = None,
        final_redirect: str | None = None, fwd_url: str | None = None,
    ) -> TokenOrSignInResourceResponse:
        return await (await self.ready()).get_token_or_sign_in_resource(
            connection_name, activity, code, final_redirect, fwd_url)

    async def close(self) -> None:
        client, self._client = self._client, None
        if client is not None:
            await client.close()


class DeferredConnectorClient(ConnectorClientBase):
    """A :class:`ConnectorClientBase` that builds the real one (``make``, synchronous:
    its token is already known) on first use."""

    def __init__(self, make: Callable[[], ConnectorClientBase]) -> None:
        self._make = make
        self._client: ConnectorClientBase | None = None

    @property
    def made(self) -> bool:
        return self._client is not None

    def _real(self) -> ConnectorClientBase:
        if self._client is None:
            self._client = self._make()
        return self._client

    @property
    def base_uri(self) -> str:
        return self._real().base_uri

    @property
    def attachments(self) -> AttachmentsBase:
        return self._real().attachments

    @property
    def conversations(self) -> ConversationsBase:
        return self._real().conversations

    async def close(self) -> None:
        client, self._client = self._client, None
        if client is not None:
            await client.close()
