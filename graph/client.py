"""A small Microsoft Graph client: app-only token via MSAL, users, Teams app installs.

* Token: ``msal.ConfidentialClientApplication`` with the client-credentials flow
  (``https://graph.microsoft.com/.default``). MSAL is synchronous, so it runs in a worker
  thread; it caches the token until shortly before expiry.
* Requests: one shared ``aiohttp.ClientSession``; 429 and 503/504 are retried after
  ``Retry-After`` (seconds, capped) or an exponential back-off, a bounded number of times.
* Paging: ``@odata.nextLink`` is followed until the last page.
* 404 on a user → None (the person is not in the directory).

Where to talk to is configurable so tests can use a local fake (``testing/fake_graph.py``):
``AUTHORITY_HOST`` (default ``https://login.microsoftonline.com``) and ``GRAPH_BASE_URL``
(default ``https://graph.microsoft.com/v1.0``); ``GRAPH_CA_BUNDLE`` names a CA file to
trust (for a TLS-inspecting proxy, or the fake's self-signed certificate).
Credentials: ``GRAPH_TENANT_ID`` / ``GRAPH_CLIENT_ID`` / ``GRAPH_CLIENT_SECRET``, each
falling back to the bot's ``CONNECTIONS__SERVICE_CONNECTION__SETTINGS__TENANTID`` /
``CLIENTID`` / ``CLIENTSECRET``. The app registration needs the application permissions
``User.Read.All`` and, for app installs, ``TeamsAppInstallation.ReadWriteForUser.All``.
"""

from __future__ import annotations

import asyncio
import json as jsonlib
import logging
import random
import ssl
import threading
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import quote, urlsplit

import aiohttp
import requests

logger = logging.getLogger(__name__)

DEFAULT_AUTHORITY_HOST = "https://login.microsoftonline.com"
DEFAULT_GRAPH_BASE_URL = "https://graph.microsoft.com/v1.0"
USER_FIELDS = "id,displayName,mail,userPrincipalName,accountEnabled"
_SDK = "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__"
RETRY_STATUSES = frozenset({429, 503, 504})


class GraphConfigError(ValueError):
    """Missing or invalid Graph settings."""


class GraphError(Exception):
    """Graph (or the token endpoint) answered with an error we cannot handle."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message


@dataclass(frozen=True)
class GraphConfig:
    tenant_id: str
    client_id: str
    client_secret: str
    authority_host: str = DEFAULT_AUTHORITY_HOST
    base_url: str = DEFAULT_GRAPH_BASE_URL
    teams_app_catalog_id: str = ""
    ca_bundle: str | None = None
    max_attempts: int = 5
    max_retry_after: float = 120.0

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> GraphConfig:
        def pick(*names: str) -> str:
            for name in names:
                value = (env.get(name) or "").strip()
                if value:
                    return value
            return ""

        tenant = pick("GRAPH_TENANT_ID", f"{_SDK}TENANTID")
        client = pick("GRAPH_CLIENT_ID", f"{_SDK}CLIENTID")
        secret = pick("GRAPH_CLIENT_SECRET", f"{_SDK}CLIENTSECRET")
        missing = [n for n, v in (("GRAPH_TENANT_ID", tenant), ("GRAPH_CLIENT_ID", client),
                                  ("GRAPH_CLIENT_SECRET", secret)) if not v]
        if missing:
            raise GraphConfigError(
                "Microsoft Graph needs " + ", ".join(missing) + " (or the bot's "
                f"{_SDK}TENANTID/CLIENTID/CLIENTSECRET)"
            )
        authority_host = pick("AUTHORITY_HOST") or DEFAULT_AUTHORITY_HOST
        base_url = pick("GRAPH_BASE_URL") or DEFAULT_GRAPH_BASE_URL
        for name, url in (("AUTHORITY_HOST", authority_host), ("GRAPH_BASE_URL", base_url)):
            if not url.startswith("https://"):
                raise GraphConfigError(f"{name} must be an https:// URL, got {url!r}")
        return cls(
            tenant_id=tenant,
            client_id=client,
            client_secret=secret,
            authority_host=authority_host.rstrip("/"),
            base_url=base_url.rstrip("/"),
            teams_app_catalog_id=pick("TEAMS_APP_CATALOG_ID"),
            ca_bundle=pick("GRAPH_CA_BUNDLE") or None,
        )

    @property
    def authority(self) -> str:
        return f"{self.authority_host}/{self.tenant_id}"

    @property
    def scope(self) -> str:
        parts = urlsplit(self.base_url)
        return f"{parts.scheme}://{parts.netloc}/.default"


@dataclass(frozen=True)
class DirectoryUser:
    id: str
    display_name: str
    mail: str | None
    user_principal_name: str | None
    account_enabled: bool = True

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> DirectoryUser:
        enabled = data.get("accountEnabled")
        return cls(
            id=str(data["id"]),
            display_name=str(data.get("displayName") or ""),
            mail=data.get("mail") or None,
            user_principal_name=data.get("userPrincipalName") or None,
            account_enabled=True if enabled is None else bool(enabled),
        )


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """``Retry-After`` as seconds (a number or an HTTP date); None when absent/invalid."""
    if not value:
        return None
    text = value.strip()
    try:
        return max(0.0, float(text))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


Sleep = Callable[[float], Awaitable[None]]


class GraphClient:
    """Graph calls for Målbot. ``http`` is owned by the caller (one per process)."""

    def __init__(self, config: GraphConfig, http: aiohttp.ClientSession, *,
                 sleep: Sleep = asyncio.sleep) -> None:
        self.config = config
        self.http = http
        self._sleep = sleep
        self._msal_app: Any = None
        self._lock = threading.Lock()
        self._ssl: ssl.SSLContext | bool = (
            ssl.create_default_context(cafile=config.ca_bundle) if config.ca_bundle else True
        )

    # ------------------------------------------------------------------ token

    def _acquire_token_sync(self) -> str:
        import msal

        with self._lock:
            if self._msal_app is None:
                session = (
                    _VerifyingSession(self.config.ca_bundle)
                    if self.config.ca_bundle
                    else requests.Session()
                )
                try:
                    self._msal_app = msal.ConfidentialClientApplication(
                        self.config.client_id,
                        client_credential=self.config.client_secret,
                        authority=self.config.authority,
                        http_client=session,
                        instance_discovery=False,
                    )
                except ValueError as exc:
                    raise GraphError(0, "authority", str(exc)) from None
            app = self._msal_app
        result = app.acquire_token_for_client(scopes=[self.config.scope])
        token = result.get("access_token") if isinstance(result, dict) else None
        if not token:
            error = result.get("error", "token_error") if isinstance(result, dict) else "?"
            description = result.get("error_description", "") if isinstance(result, dict) else ""
            raise GraphError(401, str(error), str(description).splitlines()[0] if description
                             else "no access token")
        return str(token)

    async def token(self) -> str:
        return await asyncio.to_thread(self._acquire_token_sync)

    # ------------------------------------------------------------------ requests

    def url(self, path: str) -> str:
        return path if path.startswith("https://") else f"{self.config.base_url}/{path.lstrip('/')}"

    async def request(self, method: str, path: str, *, json: Any = None,
                      params: Mapping[str, str] | None = None) -> tuple[int, dict[str, Any]]:
        """(status, JSON body) after retrying throttling and transient errors."""
        url = self.url(path)
        for attempt in range(1, self.config.max_attempts + 1):
            token = await self.token()
            headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
            async with self.http.request(method, url, json=json, params=params,
                                         headers=headers, ssl=self._ssl) as resp:
                status = resp.status
                raw = await resp.read()
                retry_after = retry_after_seconds(resp.headers.get("Retry-After"))
            body: dict[str, Any] = {}
            if raw:
                try:
                    parsed = jsonlib.loads(raw)
                    body = parsed if isinstance(parsed, dict) else {"value": parsed}
                except ValueError:
                    body = {}
            if status in RETRY_STATUSES and attempt < self.config.max_attempts:
                wait = retry_after if retry_after is not None else _backoff(attempt)
                wait = min(wait, self.config.max_retry_after)
                logger.info("Graph %s %s: %s, retrying in %.1f s (attempt %d)", method,
                            urlsplit(url).path, status, wait, attempt)
                await self._sleep(wait)
                continue
            return status, body
        raise AssertionError("unreachable")  # pragma: no cover

    @staticmethod
    def _error(status: int, body: Mapping[str, Any]) -> GraphError:
        error = body.get("error") if isinstance(body.get("error"), dict) else {}
        assert isinstance(error, dict)
        return GraphError(status, str(error.get("code", "error")),
                          str(error.get("message", "")))

    # ------------------------------------------------------------------ users

    async def iter_users(self, page_size: int = 999) -> AsyncIterator[DirectoryUser]:
        """Every user in the directory, page by page (``@odata.nextLink``)."""
        path: str | None = "users"
        params: Mapping[str, str] | None = {"$select": USER_FIELDS, "$top": str(page_size)}
        while path:
            status, body = await self.request("GET", path, params=params)
            if status != 200:
                raise self._error(status, body)
            for item in body.get("value", []):
                if isinstance(item, dict) and item.get("id"):
                    yield DirectoryUser.from_json(item)
            next_link = body.get("@odata.nextLink")
            path = str(next_link) if next_link else None
            params = None  # the next link carries its own query

    async def get_user(self, id_or_upn: str) -> DirectoryUser | None:
        """A user by object id or user principal name; None when Graph says 404."""
        status, body = await self.request("GET", f"users/{quote(id_or_upn, safe='@')}",
                                          params={"$select": USER_FIELDS})
        if status == 404:
            return None
        if status != 200:
            raise self._error(status, body)
        return DirectoryUser.from_json(body)

    async def get_manager(self, user_id: str) -> DirectoryUser | None:
        """The user's manager in the directory (``/users/{id}/manager``); None when the
        user has none (Graph answers 404)."""
        status, body = await self.request("GET", f"users/{quote(user_id)}/manager",
                                          params={"$select": USER_FIELDS})
        if status == 404:
            return None
        if status != 200:
            raise self._error(status, body)
        return DirectoryUser.from_json(body) if body.get("id") else None

    # ------------------------------------------------------------------ Teams app

    async def has_app(self, user_id: str, catalog_id: str) -> bool:
        status, body = await self.request(
            "GET", f"users/{quote(user_id)}/teamwork/installedApps",
            params={"$expand": "teamsApp", "$filter": f"teamsApp/id eq '{catalog_id}'"},
        )
        if status != 200:
            raise self._error(status, body)
        return bool(body.get("value"))

    async def install_app(self, user_id: str, catalog_id: str) -> bool:
        """Install the app for a user; False when it was already installed (409)."""
        bind = f"{self.config.base_url}/appCatalogs/teamsApps/{catalog_id}"
        status, body = await self.request(
            "POST", f"users/{quote(user_id)}/teamwork/installedApps",
            json={"teamsApp@odata.bind": bind},
        )
        if status in (200, 201, 204):
            return True
        if status == 409:
            return False
        raise self._error(status, body)


class _VerifyingSession(requests.Session):
    """A requests session that verifies TLS against one CA file, even when
    REQUESTS_CA_BUNDLE in the environment names another (requests lets the environment
    win over ``Session.verify``, but not over a per-request ``verify``)."""

    def __init__(self, ca_bundle: str) -> None:
        super().__init__()
        self._ca_bundle = ca_bundle

    def request(self, method: Any, url: Any, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        kwargs.setdefault("verify", self._ca_bundle)
        return super().request(method, url, *args, **kwargs)


def _backoff(attempt: int) -> float:
    return min(60.0, (2 ** (attempt - 1)) + random.uniform(0, 0.5))
