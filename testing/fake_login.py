"""A local fake of the Bot Framework login service (OpenID metadata + signing keys).

Teams signs every activity it sends to a bot with a JWT issued by
``https://api.botframework.com``; the bot checks it against the keys published at
``https://login.botframework.com/v1/.well-known/keys``. :class:`FakeBotFrameworkLogin`
serves the same two documents on 127.0.0.1 with an RSA key generated at start, and signs
tokens with it, so tests can exercise the real validation path without Microsoft's cloud:

* ``GET /v1/.well-known/openidconfiguration`` - the OpenID metadata (``jwks_uri`` points
  back at this server);
* ``GET /v1/.well-known/keys`` - the JWKS with the public key(s).

:meth:`FakeBotFrameworkLogin.token` signs a token the way the Bot Framework does (``iss``,
``aud`` = the bot's app id, ``serviceurl``, ``nbf``/``exp``); every claim can be overridden
and the key swapped for a stranger's, to build invalid tokens.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from typing import Any

import jwt
from aiohttp import web
from aiohttp.test_utils import TestServer
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey

BOT_FRAMEWORK_ISSUER = "https://api.botframework.com"

__all__ = ["BOT_FRAMEWORK_ISSUER", "FakeBotFrameworkLogin", "new_rsa_key"]


def new_rsa_key() -> RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _public_jwk(key: RSAPrivateKey, kid: str) -> dict[str, Any]:
    jwk: dict[str, Any] = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key()))
    jwk.update({"kid": kid, "use": "sig", "alg": "RS256", "endorsements": ["msteams"]})
    return jwk


class FakeBotFrameworkLogin:
    """OpenID metadata and JWKS on loopback; signs Bot Framework style tokens."""

    def __init__(self, *, kid: str = "fake-bf-key-1") -> None:
        self.kid = kid
        self.key = new_rsa_key()
        self.requests: Counter[str] = Counter()
        self._server: TestServer | None = None

    async def start(self) -> FakeBotFrameworkLogin:
        app = web.Application()
        app.router.add_get("/v1/.well-known/openidconfiguration", self._openid)
        app.router.add_get("/v1/.well-known/keys", self._keys)
        self._server = TestServer(app, host="127.0.0.1")
        await self._server.start_server()
        return self

    async def stop(self) -> None:
        if self._server is not None:
            await self._server.close()

    async def __aenter__(self) -> FakeBotFrameworkLogin:
        return await self.start()

    async def __aexit__(self, *_exc: object) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        assert self._server is not None, "start() first"
        return str(self._server.make_url("")).rstrip("/")

    @property
    def jwks_url(self) -> str:
        return f"{self.base_url}/v1/.well-known/keys"

    @property
    def openid_url(self) -> str:
        return f"{self.base_url}/v1/.well-known/openidconfiguration"

    async def _openid(self, request: web.Request) -> web.Response:
        self.requests["openid"] += 1
        return web.json_response(
            {
                "issuer": BOT_FRAMEWORK_ISSUER,
                "authorization_endpoint": f"{self.base_url}/v1/.well-known/authorize",
                "jwks_uri": self.jwks_url,
                "id_token_signing_alg_values_supported": ["RS256"],
                "token_endpoint_auth_methods_supported": ["private_key_jwt"],
            }
        )

    async def _keys(self, request: web.Request) -> web.Response:
        self.requests["keys"] += 1
        return web.json_response({"keys": [_public_jwk(self.key, self.kid)]})

    def token(
        self,
        audience: str,
        *,
        service_url: str | None = None,
        issuer: str = BOT_FRAMEWORK_ISSUER,
        lifetime_s: int = 3600,
        issued_ago_s: int = 0,
        key: RSAPrivateKey | None = None,
        kid: str | None = None,
        **extra_claims: Any,
    ) -> str:
        """A signed token; ``issued_ago_s > lifetime_s`` makes an expired one."""
        now = int(time.time()) - issued_ago_s
        claims: dict[str, Any] = {
            "iss": issuer,
            "aud": audience,
            "nbf": now - 5,
            "iat": now,
            "exp": now + lifetime_s,
        }
        if service_url is not None:
            claims["serviceurl"] = service_url
        claims.update(extra_claims)
        return jwt.encode(
            claims,
            key or self.key,
            algorithm="RS256",
            headers={"kid": kid or self.kid},
        )
