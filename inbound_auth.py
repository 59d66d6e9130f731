"""Who may call the bot endpoint: Bot Framework JWT validation in production mode.

With Microsoft credentials configured (``CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID``)
every request to ``/api/...`` must carry ``Authorization: Bearer <JWT>`` issued by the Bot
Framework (or the tenant's Entra ID) for this bot's app id. The signature, expiry and
audience are checked by the Agents SDK's :class:`JwtTokenValidator` (keys fetched from the
issuer's JWKS); before that, cheap checks on the unverified token (shape, algorithm, key
id, issuer, audience) refuse garbage without any key lookup. ``ANONYMOUS_ALLOWED`` is
ignored here on purpose: credentials configured means a token is required.

The Bot Framework sends the same token with every activity until it nears expiry: a
token once verified is remembered (:class:`VerifiedTokens`, on the authenticator, i.e.
per app) until its ``exp`` but at most :data:`VERIFIED_TOKEN_TTL_S` (the SDK's own
signing-key cache lifetime), so a turn does not pay a thread hop and an RSA check for a
token already checked. Every other check (shape, algorithm, issuer, audience) runs on
each request as before; a token past its ``exp`` is verified again in full.

Health probes (``/healthz``, ``/readyz``) stay open. Refusals answer 401 with a fixed body
and are logged at WARNING with a reason code only - never the token or its claims.
"""

from __future__ import annotations

import logging
import time
import warnings
from collections import OrderedDict
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
#: A verified token is trusted again without a new check for at most this long.
VERIFIED_TOKEN_TTL_S = 300.0
#: Verified tokens remembered at most (the least recently used are forgotten first).
VERIFIED_TOKENS_MAX = 1024


class VerifiedTokens:
    """Tokens whose signature, expiry and audience the SDK verified: token -> (claims,
    trusted until). Bounded (LRU); each hit hands out its own copy of the claims."""

    def __init__(self, *, ttl_s: float = VERIFIED_TOKEN_TTL_S,
                 max_size: int = VERIFIED_TOKENS_MAX,
                 clock: Callable[[], float] = time.time) -> None:
        self._ttl_s = ttl_s
        self._max_size = max_size
        self._clock = clock
        self._entries: OrderedDict[str, tuple[dict[str, object], float]] = OrderedDict()

    def get(self, token: str) -> ClaimsIdentity | None:
        entry = self._entries.get(token)
        if entry is None:
            return None
        claims, until = entry
        if self._clock() >= until:
            del self._entries[token]
            return None
        self._entries.move_to_end(token)
        return ClaimsIdentity(dict(claims), security_token=token)

    def put(self, token: str, identity: ClaimsIdentity) -> None:
        now = self._clock()
        exp = identity.claims.get("exp")
        if not isinstance(exp, int | float) or isinstance(exp, bool):
            return  # no expiry claim: never remembered
        until = min(float(exp), now + self._ttl_s)
        if until <= now:
            return
        self._entries[token] = (dict(identity.claims), until)
        self._entries.move_to_end(token)
        while len(self._entries) > self._max_size:
            self._entries.popitem(last=False)


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
        verified: VerifiedTokens | None = None,
    ) -> None:
        self._validator = JwtTokenValidator(config)
        self._verified = verified if verified is not None else VerifiedTokens()
        self._audiences = frozenset(a.lower() for a in app_ids if a)
        self._issuers = frozenset(i.lower() for i in (issuers or config.ISSUERS))
        if not self._audiences:
            raise ValueError("production mode needs the bot's app id (CLIENTID)")

    async def authenticate(self, authorization: str | None) -> ClaimsIdentity:
        token = _bearer_token(authorization)
        known = self._verified.get(token)
        if known is not None:  # these very bytes passed every check below a moment ago
            return known
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
            identity = await self._validator.validate_token(token)
        except (jwt.PyJWTError, ValueError) as exc:
            # Expired, not yet valid, bad signature, unknown key, key service unreachable ...
            raise AuthRejected(f"token rejected ({type(exc).__name__})") from exc
        self._verified.put(token, identity)
        return identity


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
