"""Who may call the bot endpoint: Bot Framework JWT validation in production mode.

With Microsoft credentials configured (``CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID``)
every request to ``/api/...`` must carry ``Authorization: Bearer <JWT>`` issued by the Bot
Framework (or the tenant's Entra ID) for this bot's app id. The signature, expiry and
audience are checked by the Agents SDK's :class:`JwtTokenValidator` (keys fetched from the
issuer's JWKS); before that, cheap checks on the unverified token (shape, algorithm, key
id, issuer, audience) refuse garbage without any key lookup. ``ANONYMOUS_ALLOWED`` is
ignored here on purpose: credentials configured means a token is required.

Health probes (``/healthz``, ``/readyz``) stay open. Refusals answer 401 with a fixed body
and are logged at WARNING with a reason code only - never the token or its claims.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Awaitable, Callable, Iterable
from urllib.parse import urlsplit

import jwt
from aiohttp import web
from microsoft_agents.hosting.core.authorization import ClaimsIdentity, JwtTokenValidator
from microsoft_agents.hosting.core.authorization.agent_auth_configuration import (
    AgentAuthConfiguration,
)

logger = logging.getLogger(__name__)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

#: Paths that need a token (the bot endpoint); everything else is public (health probes).
PROTECTED_PREFIX = "/api/"
#: Longer "tokens" are refused unparsed (Bot Framework tokens are about 1-2 KB).
MAX_TOKEN_CHARS = 16 * 1024
CLAIMS_IDENTITY = "claims_identity"  # the request key the SDK's CloudAdapter reads


class AuthRejected(Exception):
    """The request is not authenticated; ``reason`` is a short code for the log."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def unauthorized() -> web.Response:
    return web.json_response(
        {"error": "unauthorized"}, status=401, headers={"WWW-Authenticate": "Bearer"}
    )


class BotFrameworkAuthenticator:
    """Validates the Authorization header of one request; returns the verified claims."""

    def __init__(
        self,
        config: AgentAuthConfiguration,
        *,
        app_ids: Iterable[str],
        issuers: Iterable[str] | None = None,
    ) -> None:
        self._validator = JwtTokenValidator(config)
        self._audiences = frozenset(a.lower() for a in app_ids if a)
        self._issuers = frozenset(i.lower() for i in (issuers or config.ISSUERS))
        if not self._audiences:
            raise ValueError("production mode needs the bot's app id (CLIENTID)")

    async def authenticate(self, authorization: str | None) -> ClaimsIdentity:
        token = _bearer_token(authorization)
        try:
            header = jwt.get_unverified_header(token)
            unverified = jwt.decode(token, options={"verify_signature": False})
        except jwt.PyJWTError as exc:
            raise AuthRejected("malformed token") from exc
        if header.get("alg") != "RS256":
            raise AuthRejected("unexpected signing algorithm")
        kid = header.get("kid")
        if not isinstance(kid, str) or not kid:
            raise AuthRejected("no key id")
        issuer = unverified.get("iss")
        if not isinstance(issuer, str) or issuer.lower() not in self._issuers:
            raise AuthRejected("issuer not accepted")
        audience = unverified.get("aud")
        if not isinstance(audience, str) or audience.lower() not in self._audiences:
            raise AuthRejected("audience not accepted")
        try:
            return await self._validator.validate_token(token)
        except (jwt.PyJWTError, ValueError) as exc:
            # Expired, not yet valid, bad signature, unknown key, key service unreachable ...
            raise AuthRejected(f"token rejected ({type(exc).__name__})") from exc


def _bearer_token(authorization: str | None) -> str:
    if not authorization or not authorization.strip():
        raise AuthRejected("no Authorization header")
    parts = authorization.split()
    if len(parts) != 2 or parts[0].lower() != "bearer":
        raise AuthRejected("malformed Authorization header")
    if len(parts[1]) > MAX_TOKEN_CHARS:
        raise AuthRejected("token too large")
    return parts[1]


def auth_middleware(authenticator: BotFrameworkAuthenticator) -> Callable[..., Awaitable[
        web.StreamResponse]]:
    """aiohttp middleware: a valid token for ``/api/...``, or 401 before anything is read."""

    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        if not request.path.startswith(PROTECTED_PREFIX):
            return await handler(request)
        try:
            claims = await authenticator.authenticate(request.headers.get("Authorization"))
        except AuthRejected as exc:
            logger.warning("refused unauthenticated request: %s", exc.reason)
            return unauthorized()
        with warnings.catch_warnings():
            # The SDK's CloudAdapter reads this exact string key.
            warnings.simplefilter("ignore", web.NotAppKeyWarning)
            request[CLAIMS_IDENTITY] = claims
        return await handler(request)

    return middleware


def service_url_allowed(claims: ClaimsIdentity | None, service_url: str | None) -> bool:
    """The activity's ``serviceUrl`` must be the host the token was issued for.

    The bot sends its own access token to ``serviceUrl``; binding it to the token's
    ``serviceurl`` claim keeps a replayed token from steering replies (and that access
    token) to another host. Without a verified identity (local mode) anything goes.
    """
    if claims is None or not claims.claims:
        return True
    if not service_url:
        return True
    claimed = claims.get_claim_value("serviceurl")
    if not isinstance(claimed, str):
        return False
    try:
        claimed_host = (urlsplit(claimed).hostname or "").casefold()
        actual_host = (urlsplit(service_url).hostname or "").casefold()
    except ValueError:
        return False
    return bool(claimed_host) and claimed_host == actual_host
