"""Målbot in production mode for tests: credentials, a trusted fake login, fake Entra tokens.

* :data:`PRODUCTION_ENV` - the SDK variables that switch JWT validation on.
* :func:`trust_fake_login` - the SDK's validator fetches the Bot Framework signing keys
  from a :class:`testing.fake_login.FakeBotFrameworkLogin` instead of
  login.botframework.com.
* :func:`fake_entra_tokens` - MSAL's client-credentials call (the bot's own access token
  for the Bot Connector) returns :data:`OUTBOUND_TOKEN`; MSAL insists on an https
  authority and instance discovery at login.microsoftonline.com, so that one call is what
  is faked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from microsoft_agents.authentication.msal import MsalAuth
from microsoft_agents.hosting.core.authorization import _entra_issuers

from testing.fake_login import BOT_FRAMEWORK_ISSUER, FakeBotFrameworkLogin

if TYPE_CHECKING:
    import pytest

PREFIX = "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__"
BOT_APP_ID = "5f0c1a9e-1d2b-4c3d-8e4f-a1b2c3d4e5f6"
BOT_TENANT = "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d"
CLIENT_SECRET = "Zq8~not-a-real-secret-but-never-log-it"
OUTBOUND_TOKEN = "outbound-access-token-from-entra"

PRODUCTION_ENV: dict[str, str] = {
    f"{PREFIX}CLIENTID": BOT_APP_ID,
    f"{PREFIX}CLIENTSECRET": CLIENT_SECRET,
    f"{PREFIX}TENANTID": BOT_TENANT,
}


def trust_fake_login(login: FakeBotFrameworkLogin, monkeypatch: pytest.MonkeyPatch) -> None:
    trust_jwks_url(login.jwks_url, monkeypatch)


def trust_jwks_url(jwks_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The SDK's validator takes the Bot Framework signing keys from ``jwks_url`` (a
    :class:`testing.fake_login.FakeBotFrameworkLogin` running in another process)."""
    monkeypatch.setitem(_entra_issuers.BOTFRAMEWORK_JWKS_URIS, BOT_FRAMEWORK_ISSUER, jwks_url)


def fake_entra_tokens(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, list[str]]]:
    """Record (resource, scopes) of every token the bot asks Entra for."""
    calls: list[tuple[str, list[str]]] = []

    async def get_access_token(self: MsalAuth, resource_url: str, scopes: list[str],
                               force_refresh: bool = False) -> str:
        if self.configuration.CLIENT_ID != BOT_APP_ID:
            raise ValueError("unexpected client id")
        calls.append((resource_url, list(scopes)))
        return OUTBOUND_TOKEN

    monkeypatch.setattr(MsalAuth, "get_access_token", get_access_token)
    return calls
