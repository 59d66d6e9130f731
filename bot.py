"""Målbot's composition root: ``create_app(settings)`` wires everything; ``main()`` runs it."""

from __future__ import annotations

import asyncio
import gc
import json
import logging
import re
import sys
import time
import uuid
import warnings
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import datetime
from http import HTTPStatus
from typing import Any

from aiohttp import web
from microsoft_agents.activity import (
    Activity,
    ActivityTypes,
    DeliveryModes,
    InvokeResponse,
    load_configuration_from_env,
)
from microsoft_agents.authentication.msal import MsalConnectionManager
from microsoft_agents.hosting.aiohttp import CloudAdapter
from microsoft_agents.hosting.core import (
    AgentApplication,
    ClaimsIdentity,
    RouteRank,
    TurnContext,
    TurnState,
)
from pydantic import ValidationError
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from activity_guard import CARD_ACTION_INVOKE, envelope_problem, json_too_deep
from bot_services import BotServices
from config import Settings, SettingsError, load_settings
from connector_pool import ConnectorPool, PoolConfig, PooledChannelServiceClientFactory
from dialogs.context import USER_KEY
from dialogs.document import add_document_routes
from dialogs.export import add_download_routes
from dialogs.individual import add_underlag_routes
from dialogs.router import register_all, send_apology
from i18n import t
from inbound_auth import (
    CLAIMS_IDENTITY,
    BotFrameworkAuthenticator,
    auth_middleware,
    service_url_allowed,
    unauthorized,
)
from logging_setup import REQUEST_ID, configure_logging
from storage.agent_storage import SqlAgentStorage
from storage.db import make_async_engine, make_sessionmaker
from turn_state import PrefetchingTurnState

logger = logging.getLogger(__name__)

SETTINGS = web.AppKey("settings", Settings)
ENGINE = web.AppKey("engine", AsyncEngine)
SESSIONMAKER = web.AppKey("sessionmaker", async_sessionmaker[AsyncSession])
SERVICES = web.AppKey("services", BotServices)
ADAPTER = web.AppKey("adapter", CloudAdapter)
AGENT_APP = web.AppKey("agent_app", AgentApplication)
RUNTIME = web.AppKey("runtime", dict)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

# A caller-supplied X-Request-Id is kept only when it looks like an id (no log injection).
_REQUEST_ID_SHAPE = re.compile(r"[A-Za-z0-9._:-]{1,64}")


@web.middleware
async def request_context_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Request id for structured logs, one summary line per request, and no stack trace
    leaking to the caller on an unexpected error."""
    incoming = request.headers.get("x-request-id", "")
    request_id = incoming if _REQUEST_ID_SHAPE.fullmatch(incoming) else uuid.uuid4().hex[:16]
    started = time.perf_counter()
    token = REQUEST_ID.set(request_id)
    try:
        try:
            response = await handler(request)
        except web.HTTPException as exc:
            exc.headers["X-Request-Id"] = request_id
            _log_request(request, exc.status, started)
            raise
        except Exception:
            logger.exception("unhandled error on %s %s", request.method, request.path[:80])
            response = web.json_response({"error": "internal error", "requestId": request_id},
                                         status=500)
        response.headers["X-Request-Id"] = request_id
        _log_request(request, response.status, started)
        return response
    finally:
        REQUEST_ID.reset(token)


def _log_request(request: web.Request, status: int, started: float) -> None:
    """Method, path, status and duration - nothing from the body (personal data)."""
    quiet = request.path in ("/healthz", "/readyz") and status < 400
    logger.log(logging.DEBUG if quiet else logging.INFO, "%s %s -> %d in %.0f ms",
               request.method, request.path[:80], status,
               (time.perf_counter() - started) * 1000)


def _tenants_of(body: dict[str, Any]) -> set[str]:
    """Every tenant id the activity names (Teams puts it in channelData and conversation)."""
    found: set[str] = set()
    channel_data = body.get("channelData")
    if isinstance(channel_data, dict):
        tenant = channel_data.get("tenant")
        if isinstance(tenant, dict) and isinstance(tenant.get("id"), str):
            found.add(str(tenant["id"]).lower())
    conversation = body.get("conversation")
    if isinstance(conversation, dict) and isinstance(conversation.get("tenantId"), str):
        found.add(str(conversation["tenantId"]).lower())
    return found


def _tenant_allowed(body: dict[str, Any], allowed: tuple[str, ...]) -> bool:
    """One tenant, named consistently, on the allow-list (no tenant at all is refused)."""
    tenants = _tenants_of(body)
    return len(tenants) == 1 and tenants <= {a.lower() for a in allowed}


def _bad_request(message: str) -> web.Response:
    return web.json_response({"error": message}, status=400)


async def messages(request: web.Request) -> web.StreamResponse:
    """POST /api/messages: validate the envelope, enforce the tenant allow-list, run the turn."""
    settings = request.app[SETTINGS]
    if request.content_length is not None and request.content_length > settings.max_body_bytes:
        return web.json_response({"error": "request body too large"}, status=413)
    try:
        raw = await request.read()
    except web.HTTPRequestEntityTooLarge:
        return web.json_response({"error": "request body too large"}, status=413)
    if len(raw) > settings.max_body_bytes:
        return web.json_response({"error": "request body too large"}, status=413)
    if "json" not in (request.content_type or ""):
        return web.json_response({"error": "expected application/json"}, status=415)
    if json_too_deep(raw):
        return _bad_request("JSON nested too deeply")
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return _bad_request("invalid JSON")
    if not isinstance(body, dict):
        return _bad_request("an activity must be a JSON object")
    try:
        activity = Activity.model_validate(body)
    except ValidationError as exc:
        logger.info("refused activity: %d field error(s)", exc.error_count())
        return _bad_request(f"invalid activity: {exc.error_count()} field error(s)")
    except Exception as exc:  # the SDK's own model checks raise bare Exception (e.g. -64001)
        logger.info("refused activity: %s", type(exc).__name__)
        return _bad_request("invalid activity")
    problem = envelope_problem(body, activity)
    if problem:
        logger.info("refused activity: %s", problem)
        return _bad_request(problem)
    if not service_url_allowed(request.get(CLAIMS_IDENTITY), activity.service_url):
        logger.warning("refused activity: serviceUrl does not match the token's serviceurl")
        return unauthorized()
    if settings.allowed_tenants and not _tenant_allowed(body, settings.allowed_tenants):
        logger.warning(
            "refused activity from tenant %s (not in ALLOWED_TENANTS)",
            ",".join(sorted(_tenants_of(body))) or "(none)",
        )
        return web.json_response({"error": "tenant not allowed"}, status=403)
    return await run_turn(request, activity)


async def run_turn(request: web.Request, activity: Activity) -> web.StreamResponse:
    """Hand the validated activity to the adapter's ``process_activity`` - what the SDK's
    ``CloudAdapter.process`` does after reading the body, which here has already been
    read, parsed and validated once (no second parse of the same request)."""
    activity.request_id = uuid.uuid4().hex
    claims = request.get(CLAIMS_IDENTITY) or ClaimsIdentity()
    agent = request.app[AGENT_APP]
    try:
        invoke_response = await request.app[ADAPTER].process_activity(
            claims, activity, agent.on_turn)
    except PermissionError:
        return unauthorized()
    if activity.type == ActivityTypes.invoke or \
            activity.delivery_mode == DeliveryModes.expect_replies:
        if invoke_response is None:
            return web.Response(status=int(HTTPStatus.NOT_IMPLEMENTED))
        status = invoke_response.status or int(HTTPStatus.NOT_IMPLEMENTED)
        if invoke_response.body is None:
            return web.Response(status=status)
        return web.json_response(invoke_response.body, status=status, dumps=_dumps)
    return web.Response(status=202)


def _dumps(body: Any) -> str:
    """The invoke answer's JSON (the SDK hands over plain JSON data), compact."""
    return json.dumps(body, separators=(",", ":"))


async def healthz(_request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


async def readyz(request: web.Request) -> web.Response:
    try:
        async with request.app[ENGINE].connect() as conn:
            await asyncio.wait_for(conn.execute(text("SELECT 1")), timeout=5)
    except Exception as exc:  # any database failure means "not ready"
        logger.warning("readiness check failed: %s", type(exc).__name__)
        return web.json_response({"status": "unavailable"}, status=503)
    return web.json_response({"status": "ready"})


_VALIDATE_ISSUER = "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__VALIDATE_ISSUER"


def build_adapter(
    settings: Settings, pool: ConnectorPool | None = None
) -> tuple[CloudAdapter, MsalConnectionManager, dict[str, Any]]:
    """The SDK's adapter; with ``pool`` its connector clients share that connection pool
    (without, the SDK's stock factory: a new HTTP session per turn)."""
    sdk_env = settings.sdk_environment()
    if settings.production_auth:
        # Also let the SDK check the verified token's issuer (off by default in SDK 1.9).
        # Only an explicit false/0 turns it off; empty or anything else keeps it on.
        wanted = sdk_env.get("CONNECTIONS__SERVICE_CONNECTION__SETTINGS__VALIDATE_ISSUER", "")
        sdk_env[_VALIDATE_ISSUER] = "false" if wanted.strip().lower() in ("false", "0") \
            else "true"
    sdk_config = load_configuration_from_env(sdk_env)
    connection_manager = MsalConnectionManager(**sdk_config)
    factory = PooledChannelServiceClientFactory(connection_manager, pool) \
        if pool is not None else None
    adapter = CloudAdapter(connection_manager=connection_manager,
                           channel_service_client_factory=factory)
    return adapter, connection_manager, sdk_config


def build_agent_app(
    settings: Settings,
    services: BotServices,
    adapter: CloudAdapter,
    connection_manager: MsalConnectionManager,
    sdk_config: dict[str, Any],
) -> AgentApplication[TurnState]:
    user_authorization = sdk_config.get("AGENTAPPLICATION", {}).get("USERAUTHORIZATION", {})
    storage = SqlAgentStorage(services.sessionmaker,
                              sign_in=bool(user_authorization.get("HANDLERS")))
    agent_app = AgentApplication[TurnState](
        storage=storage,
        connection_manager=connection_manager,
        start_typing_timer=False,
        turn_state_factory=PrefetchingTurnState,
        **sdk_config,
    )

    async def on_adapter_error(context: TurnContext, error: Exception) -> None:
        logger.error("adapter error: %s", type(error).__name__, exc_info=error)
        if context.activity.type == "message":
            await send_apology(context, settings.language)

    adapter.on_turn_error = on_adapter_error
    register_all(agent_app, services)
    register_invoke_fallback(agent_app, settings)
    return agent_app


_MESSAGE_RESPONSE = "application/vnd.microsoft.activity.message"


def register_invoke_fallback(agent_app: AgentApplication[TurnState], settings: Settings) -> None:
    """Answer every invoke no feature handled (instead of the SDK's bare 501).

    A card button with an unknown verb or malformed data gets a polite message the client
    shows in place; any other unknown invoke is a bad request.
    """

    async def on_unhandled_invoke(context: TurnContext, _state: TurnState) -> None:
        user = context.turn_state.get(USER_KEY)
        lang = getattr(user, "lang", settings.language)
        if context.activity.name == CARD_ACTION_INVOKE:
            status = 200
            body: dict[str, Any] = {"statusCode": 200, "type": _MESSAGE_RESPONSE,
                                    "value": t(lang, "card.unsupported")}
        else:
            status, body = 400, {"error": "unsupported invoke"}
        logger.info("unhandled invoke answered with %s", status)
        await context.send_activity(
            Activity(type=ActivityTypes.invoke_response,
                     value=InvokeResponse(status=status, body=body))
        )

    agent_app.add_route(
        lambda context: context.activity.type == ActivityTypes.invoke,
        on_unhandled_invoke,
        is_invoke=True,
        rank=RouteRank.LAST,
    )


#: PostgreSQL connections opened at start-up, before the first turn (and before the
#: start-up heap is frozen): the first turns after a deploy or restart otherwise each open
#: a connection of their own while the others wait.
WARM_CONNECTIONS = 4


async def warm_up(engine: AsyncEngine) -> None:
    """What the first turns would otherwise build while users wait: the i18n catalogues and
    (PostgreSQL) a few pooled connections. A database that is not reachable yet is left to
    ``/readyz`` and the first turn."""
    from i18n.catalog import catalogues

    catalogues()
    if engine.dialect.name != "postgresql":
        return  # a SQLite connection is a file handle
    opened = await asyncio.gather(*(engine.connect() for _ in range(WARM_CONNECTIONS)),
                                  return_exceptions=True)
    for connection in opened:
        if isinstance(connection, BaseException):  # the pool opens it on demand later
            logger.warning("database not reachable at start-up (%s)",
                           type(connection).__name__)
        else:
            await connection.close()


def create_app(settings: Settings, *, clock: Callable[[], Any] | None = None) -> web.Application:
    """The aiohttp application. The database must already be migrated (see ``main``)."""
    pool = ConnectorPool(PoolConfig.from_env(settings.env))
    adapter, connection_manager, sdk_config = build_adapter(settings, pool)
    auth_config = connection_manager.get_default_connection_configuration()
    middlewares: list[Any] = [request_context_middleware]
    if settings.production_auth:
        authenticator = BotFrameworkAuthenticator(auth_config, app_ids=[settings.client_id])
        middlewares.append(auth_middleware(authenticator))
    app = web.Application(middlewares=middlewares, client_max_size=settings.max_body_bytes)
    app[SETTINGS] = settings
    app[RUNTIME] = {}

    engine = make_async_engine(settings.database_url, ping_idle_s=settings.pool_ping_idle_s)
    sessionmaker = make_sessionmaker(engine)
    services = BotServices(settings=settings, sessionmaker=sessionmaker, connector_pool=pool)
    engines = [engine]
    if settings.is_sqlite:
        # Summaries read a lot: on a thread, so a big roll-up never holds the event loop.
        analytics_engine = make_async_engine(settings.database_url, threaded=True)
        services.analytics_sessionmaker = make_sessionmaker(analytics_engine)
        engines.append(analytics_engine)
    if clock is not None:
        services.clock = clock
    app[ENGINE] = engine
    app[SESSIONMAKER] = sessionmaker
    app[SERVICES] = services
    app[ADAPTER] = adapter
    app[AGENT_APP] = build_agent_app(settings, services, adapter, connection_manager, sdk_config)
    with warnings.catch_warnings():
        # SDK helpers (e.g. its own JWT middleware) read this exact string key.
        warnings.simplefilter("ignore", web.NotAppKeyWarning)
        app["agent_configuration"] = auth_config

    async def database_ctx(_app: web.Application) -> AsyncIterator[None]:
        await warm_up(engine)
        yield
        for each in engines:
            await each.dispose()

    app.cleanup_ctx.append(database_ctx)
    # Opened before the scheduler starts, closed after it stopped sending.
    app.cleanup_ctx.append(pool.cleanup_ctx())
    from scheduler.lifecycle import scheduler_ctx

    app.cleanup_ctx.append(scheduler_ctx(services, adapter))

    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
    app.router.add_post("/api/messages", messages)
    add_download_routes(app, services)
    add_document_routes(app, services)
    add_underlag_routes(app, services)
    if settings.production_auth:
        logger.info("production mode: Bot Framework JWT validation is on")
    else:
        logger.warning(
            "local anonymous mode: no Microsoft credentials configured, JWT validation is off "
            "(for the Agents Playground / Emulator only)"
        )
    return app


def prepare_database(settings: Settings, clock: Callable[[], datetime] | None = None) -> None:
    """Migrate, then seed the demo organisation when the database is empty and allowed.

    The demo is seeded for the bot's own clock and calendar (``SCHEDULER_NOW``,
    ``REPORT_*``), so its latest followed-up month is open for the bot that serves it."""
    from storage.migrate import upgrade

    upgrade(settings.database_url)
    if settings.seed_demo:
        from demo.seed import seed_if_empty

        seed_if_empty(settings.database_url, tz_name=settings.timezone,
                      now=clock() if clock is not None else None,
                      calendar_cfg=settings.calendar)


def freeze_startup_heap(app: web.Application) -> None:
    """For a long-running server process: once the app has started, collect and then
    freeze (``gc.freeze``) every object the imports and start-up built - the SDK's,
    SQLAlchemy's and pydantic's models, the routes - so that the collector's full
    collections scan only what turns create. Measured in bench/report_turns.py: a full
    collection of the started bot took 150-200 ms, a pause of every turn in flight;
    frozen, a few milliseconds. Objects alive at start-up live as long as the process
    anyway; only garbage in reference cycles among them would be kept, hence the
    collection first."""

    async def freeze(_app: web.Application) -> None:
        gc.collect()
        gc.freeze()
        logger.info("start-up heap frozen: %d objects", gc.get_freeze_count())

    app.on_startup.append(freeze)


def main(argv: list[str] | None = None) -> int:
    try:
        settings = load_settings()
    except SettingsError as exc:
        print(f"configuration error: {exc}", file=sys.stderr)
        return 2
    configure_logging(settings.log_level)
    from bot_services import utc_now
    from scheduler.clock import clock_from_env

    try:
        # SCHEDULER_NOW (try-outs, end-to-end tests) moves the whole bot, not only the jobs.
        clock = clock_from_env(settings.env, utc_now)
    except ValueError as exc:
        print(f"configuration error: {exc}", file=sys.stderr)
        return 2
    if clock is not utc_now:
        logger.warning("SCHEDULER_NOW is set: the bot's clock starts at %s", clock().isoformat())
    prepare_database(settings, clock)
    app = create_app(settings, clock=clock)
    freeze_startup_heap(app)
    logger.info("Målbot listening on http://%s:%s/api/messages", settings.host, settings.port)
    web.run_app(app, host=settings.host, port=settings.port, print=None,
                access_log=None)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
