"""A local fake of Entra ID's token endpoint and Microsoft Graph, over HTTPS on loopback.

It behaves like the real services where Målbot depends on them:

* ``GET /{tenant}/v2.0/.well-known/openid-configuration`` — the OpenID discovery document
  MSAL reads first (with ``instance_discovery=False`` MSAL asks nothing else);
* ``POST /{tenant}/oauth2/v2.0/token`` — client credentials; a wrong secret gives
  ``invalid_client`` like AADSTS7000215;
* ``GET /v1.0/users`` — pages of ``page_size`` users with an absolute ``@odata.nextLink``;
* ``GET /v1.0/users/{id or UPN}`` — 404 ``Request_ResourceNotFound`` for unknown users;
* ``GET|POST /v1.0/users/{id}/teamwork/installedApps`` — filter by
  ``teamsApp/id eq '…'``; a second install gives 409;
* every Graph call needs a bearer token the fake issued (401 otherwise);
* :meth:`FakeGraph.fail_next` injects errors, e.g. 429 with ``Retry-After``.

MSAL only accepts ``https://`` authorities, so the fake serves TLS with a self-signed
certificate made at start; point ``GRAPH_CA_BUNDLE`` at :attr:`FakeGraph.ca_file`.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import secrets
import socket
import ssl
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiohttp import web


@dataclass
class Fault:
    path_contains: str
    status: int
    retry_after: str | None
    remaining: int


@dataclass
class Recorded:
    method: str
    path: str
    query: dict[str, str]
    authorization: str | None


@dataclass
class FakeGraph:
    tenant_id: str = "11111111-aaaa-bbbb-cccc-000000000001"
    client_id: str = "22222222-aaaa-bbbb-cccc-000000000002"
    client_secret: str = "fake-secret"
    page_size: int = 2
    users: list[dict[str, Any]] = field(default_factory=list)
    installed: dict[str, set[str]] = field(default_factory=dict)
    requests: list[Recorded] = field(default_factory=list)
    token_requests: int = 0
    _faults: list[Fault] = field(default_factory=list)
    _tokens: set[str] = field(default_factory=set)
    _runner: web.AppRunner | None = None
    _folder: tempfile.TemporaryDirectory[str] | None = None
    port: int = 0

    # ------------------------------------------------------------------ setup

    def add_user(self, display_name: str, upn: str, *, mail: str | None = None,
                 object_id: str | None = None, enabled: bool = True) -> dict[str, Any]:
        user = {
            "id": object_id or _guid(),
            "displayName": display_name,
            "mail": mail if mail is not None else upn,
            "userPrincipalName": upn,
            "accountEnabled": enabled,
        }
        self.users.append(user)
        return user

    def set_manager(self, user_id: str, manager_id: str | None) -> None:
        """The directory's manager relationship (``GET /users/{id}/manager``)."""
        user = self._find(user_id)
        assert user is not None, user_id
        if manager_id is None:
            user.pop("_manager", None)
        else:
            user["_manager"] = manager_id

    def fail_next(self, path_contains: str, *, status: int = 429,
                  retry_after: str | None = "1", times: int = 1) -> None:
        """The next ``times`` Graph calls whose path contains ``path_contains`` fail."""
        self._faults.append(Fault(path_contains, status, retry_after, times))

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    @property
    def authority_host(self) -> str:
        return self.url

    @property
    def graph_base_url(self) -> str:
        return f"{self.url}/v1.0"

    @property
    def ca_file(self) -> str:
        assert self._folder is not None
        return str(Path(self._folder.name) / "cert.pem")

    def env(self, **extra: str) -> dict[str, str]:
        """Environment variables pointing Målbot's Graph client at this fake."""
        return {
            "GRAPH_TENANT_ID": self.tenant_id,
            "GRAPH_CLIENT_ID": self.client_id,
            "GRAPH_CLIENT_SECRET": self.client_secret,
            "AUTHORITY_HOST": self.authority_host,
            "GRAPH_BASE_URL": self.graph_base_url,
            "GRAPH_CA_BUNDLE": self.ca_file,
            **extra,
        }

    def graph_calls(self, contains: str = "") -> list[Recorded]:
        return [r for r in self.requests if r.path.startswith("/v1.0") and contains in r.path]

    # ------------------------------------------------------------------ lifecycle

    async def start(self) -> FakeGraph:
        self._folder = tempfile.TemporaryDirectory(prefix="fake-graph-")
        cert, key = _self_signed(Path(self._folder.name))
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(cert, key)
        app = web.Application()
        app.router.add_get("/{tenant}/v2.0/.well-known/openid-configuration", self._discovery)
        app.router.add_post("/{tenant}/oauth2/v2.0/token", self._token)
        app.router.add_get("/v1.0/users", self._list_users)
        app.router.add_get("/v1.0/users/{key}", self._get_user)
        app.router.add_get("/v1.0/users/{key}/manager", self._get_manager)
        app.router.add_get("/v1.0/users/{key}/teamwork/installedApps", self._list_apps)
        app.router.add_post("/v1.0/users/{key}/teamwork/installedApps", self._install_app)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", 0))
        self.port = sock.getsockname()[1]
        await web.SockSite(self._runner, sock, ssl_context=context).start()
        return self

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
        if self._folder is not None:
            self._folder.cleanup()

    async def __aenter__(self) -> FakeGraph:
        return await self.start()

    async def __aexit__(self, *_exc: object) -> None:
        await self.stop()

    # ------------------------------------------------------------------ Entra ID

    async def _discovery(self, request: web.Request) -> web.Response:
        tenant = request.match_info["tenant"]
        if tenant != self.tenant_id:
            return web.json_response({"error": "invalid_tenant",
                                      "error_description": f"AADSTS90002: Tenant '{tenant}' "
                                      "not found."}, status=400)
        base = f"{self.url}/{tenant}"
        return web.json_response({
            "issuer": f"{base}/v2.0",
            "authorization_endpoint": f"{base}/oauth2/v2.0/authorize",
            "token_endpoint": f"{base}/oauth2/v2.0/token",
            "jwks_uri": f"{base}/discovery/v2.0/keys",
            "response_types_supported": ["code", "id_token", "token"],
            "subject_types_supported": ["pairwise"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "tenant_region_scope": "EU",
        })

    async def _token(self, request: web.Request) -> web.Response:
        self.token_requests += 1
        form = await request.post()
        if request.match_info["tenant"] != self.tenant_id:
            return web.json_response({"error": "invalid_tenant"}, status=400)
        if form.get("grant_type") != "client_credentials":
            return web.json_response({"error": "unsupported_grant_type"}, status=400)
        if form.get("client_id") != self.client_id or form.get("client_secret") != \
                self.client_secret:
            return web.json_response({
                "error": "invalid_client",
                "error_description": "AADSTS7000215: Invalid client secret provided.",
            }, status=401)
        scope = str(form.get("scope", ""))
        if not any(part.endswith("/.default") for part in scope.split()):
            return web.json_response({"error": "invalid_scope"}, status=400)
        token = secrets.token_urlsafe(24)
        self._tokens.add(token)
        return web.json_response({"token_type": "Bearer", "expires_in": 3599,
                                  "ext_expires_in": 3599, "access_token": token})

    # ------------------------------------------------------------------ Graph

    def _guard(self, request: web.Request) -> web.Response | None:
        auth = request.headers.get("Authorization")
        self.requests.append(Recorded(request.method, request.path, dict(request.query), auth))
        if not auth or not auth.startswith("Bearer ") or auth[7:] not in self._tokens:
            return _graph_error(401, "InvalidAuthenticationToken", "Access token is empty.")
        for fault in self._faults:
            if fault.remaining > 0 and fault.path_contains in request.path:
                fault.remaining -= 1
                headers = {"Retry-After": fault.retry_after} if fault.retry_after else {}
                code = "TooManyRequests" if fault.status == 429 else "ServiceUnavailable"
                return _graph_error(fault.status, code, "Please retry later.", headers)
        return None

    def _find(self, key: str) -> dict[str, Any] | None:
        needle = key.lower()
        for user in self.users:
            if needle in {user["id"].lower(), user["userPrincipalName"].lower()}:
                return user
        return None

    async def _list_users(self, request: web.Request) -> web.Response:
        if (problem := self._guard(request)) is not None:
            return problem
        top = min(int(request.query.get("$top", "100")), self.page_size)
        skip = int(request.query.get("$skiptoken", "0") or 0)
        page = self.users[skip:skip + top]
        body: dict[str, Any] = {
            "@odata.context": f"{self.graph_base_url}/$metadata#users",
            "value": [_public(u) for u in page],
        }
        if skip + top < len(self.users):
            body["@odata.nextLink"] = (
                f"{self.graph_base_url}/users?$top={top}&$skiptoken={skip + top}"
            )
        return web.json_response(body)

    async def _get_user(self, request: web.Request) -> web.Response:
        if (problem := self._guard(request)) is not None:
            return problem
        key = request.match_info["key"]
        user = self._find(key)
        if user is None:
            return _graph_error(404, "Request_ResourceNotFound",
                                f"Resource '{key}' does not exist or one of its queried "
                                "reference-property objects are not present.")
        return web.json_response(_public(user))

    async def _get_manager(self, request: web.Request) -> web.Response:
        if (problem := self._guard(request)) is not None:
            return problem
        user = self._find(request.match_info["key"])
        manager = self._find(str(user.get("_manager", ""))) if user is not None else None
        if manager is None:
            return _graph_error(404, "Request_ResourceNotFound",
                                "Resource 'manager' does not exist or one of its queried "
                                "reference-property objects are not present.")
        return web.json_response({k: v for k, v in manager.items() if not k.startswith("_")})

    async def _list_apps(self, request: web.Request) -> web.Response:
        if (problem := self._guard(request)) is not None:
            return problem
        user = self._find(request.match_info["key"])
        if user is None:
            return _graph_error(404, "NotFound", "User not found")
        apps = sorted(self.installed.get(user["id"], set()))
        wanted = request.query.get("$filter", "")
        if wanted:
            apps = [a for a in apps if f"'{a}'" in wanted]
        return web.json_response({"value": [
            {"id": f"{user['id']}##{a}", "teamsApp": {"id": a}} for a in apps]})

    async def _install_app(self, request: web.Request) -> web.Response:
        if (problem := self._guard(request)) is not None:
            return problem
        user = self._find(request.match_info["key"])
        if user is None:
            return _graph_error(404, "NotFound", "User not found")
        body = await request.json()
        bind = str(body.get("teamsApp@odata.bind", ""))
        if "/appCatalogs/teamsApps/" not in bind:
            return _graph_error(400, "BadRequest", "teamsApp@odata.bind is required")
        app_id = bind.rsplit("/", 1)[1]
        installed = self.installed.setdefault(user["id"], set())
        if app_id in installed:
            return _graph_error(409, "Conflict", "App is already installed.")
        installed.add(app_id)
        return web.Response(status=201)


def _public(user: dict[str, Any]) -> dict[str, Any]:
    """A user as Graph shows it (without the fake's own bookkeeping keys)."""
    return {k: v for k, v in user.items() if not k.startswith("_")}


def _graph_error(status: int, code: str, message: str,
                 headers: dict[str, str] | None = None) -> web.Response:
    return web.json_response({"error": {"code": code, "message": message}}, status=status,
                             headers=headers)


def _guid() -> str:
    raw = secrets.token_hex(16)
    return f"{raw[:8]}-{raw[8:12]}-{raw[12:16]}-{raw[16:20]}-{raw[20:]}"


def _self_signed(folder: Path) -> tuple[str, str]:
    """A self-signed certificate for 127.0.0.1/localhost (it is its own trust anchor)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "fake-graph.local")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([
            x509.DNSName("localhost"),
            x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
        ]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True,
                                     content_commitment=False, key_encipherment=False,
                                     data_encipherment=False, key_agreement=False,
                                     crl_sign=False, encipher_only=False,
                                     decipher_only=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
                       critical=False)
        .sign(key, hashes.SHA256())
    )
    cert_path = folder / "cert.pem"
    key_path = folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return str(cert_path), str(key_path)
