"""Målbot's composition root: ``create_app(settings)`` wires everything; ``main()`` runs it."""

from __future__ import annotations

import asyncio
import json
import logging
import sys
import uuid
import warnings
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

from aiohttp import web
from microsoft_agents.activity import Activity, load_configuration_from_env
from microsoft_agents.authentication.msal import MsalConnectionManager
from microsoft_agents.hosting.aiohttp import CloudAdapter, jwt_authorization_middleware
from microsoft_agents.hosting.core import AgentApplication, TurnContext, TurnState
from pydantic import ValidationError
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from config import Settings, SettingsError, load_settings
from dialogs.context import BotServices
from dialogs.router import register_all
from i18n import t
from logging_setup import REQUEST_ID, configure_logging
from storage.agent_storage import SqlAgentStorage
from storage.db import make_async_engine, make_sessionmaker

logger = logging.getLogger(__name__)

SETTINGS = web.AppKey("settings", Settings)
ENGINE = web.AppKey("engine", AsyncEngine)
SESSIONMAKER = web.AppKey("sessionmaker", async_sessionmaker[AsyncSession])
SERVICES = web.AppKey("services", BotServices)
ADAPTER = web.AppKey("adapter", CloudAdapter)
AGENT_APP = web.AppKey("agent_app", AgentApplication)
RUNTIME = web.AppKey("runtime", dict)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@web.middleware
async def request_context_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Request id for structured logs; never let an unexpected error leak a stack trace."""
    request_id = request.headers.get("x-request-id") or uuid.uuid4().hex[:16]
    token = REQUEST_ID.set(request_id)
    try:
        response = await handler(request)
    except web.HTTPException:
        raise
    except Exception:
        logger.exception("unhandled error on %s %s", request.method, request.path)
        response = web.json_response({"error": "internal error", "requestId": request_id},
                                     status=500)
    finally:
        REQUEST_ID.reset(token)
    response.headers["X-Request-Id"] = request_id
    return response


def _tenant_of(body: dict[str, Any]) -> str | None:
    channel_data = body.get("channelData")
    if isinstance(channel_data, dict):
        tenant = channel_data.get("tenant")
        if isinstance(tenant, dict) and isinstance(tenant.get("id"), str):
            return str(tenant["id"])
    conversation = body.get("conversation")
    if isinstance(conversation, dict) and isinstance(conversation.get("tenantId"), str):
        return str(conversation["tenantId"])
    return None


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
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        return _bad_request("invalid JSON")
    if not isinstance(body, dict):
        return _bad_request("an activity must be a JSON object")
    try:
        activity = Activity.model_validate(body)
    except ValidationError as exc:
        return _bad_request(f"invalid activity: {exc.error_count()} field error(s)")
    if not activity.type or activity.conversation is None or not activity.conversation.id:
        return _bad_request("activity must have type and conversation.id")
    if not activity.channel_id:
        return _bad_request("activity must have channelId")
    if activity.type in {"message", "invoke", "conversationUpdate", "installationUpdate"} and (
        activity.from_property is None or not activity.from_property.id
    ):
        return _bad_request("activity must have from.id")
    if activity.service_url and not activity.service_url.startswith(("http://", "https://")):
        return _bad_request("serviceUrl must be an http(s) URL")
    if settings.allowed_tenants:
        tenant = _tenant_of(body)
        if tenant not in settings.allowed_tenants:
            logger.warning("refused activity from tenant %s (not in ALLOWED_TENANTS)", tenant)
            return web.json_response({"error": "tenant not allowed"}, status=403)
    response = await request.app[ADAPTER].process(request, request.app[AGENT_APP])
    return response if response is not None else web.Response(status=202)


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


def build_adapter(settings: Settings) -> tuple[CloudAdapter, MsalConnectionManager, dict[str, Any]]:
    sdk_config = load_configuration_from_env(settings.sdk_environment())
    connection_manager = MsalConnectionManager(**sdk_config)
    adapter = CloudAdapter(connection_manager=connection_manager)
    return adapter, connection_manager, sdk_config


def build_agent_app(
    settings: Settings,
    services: BotServices,
    adapter: CloudAdapter,
    connection_manager: MsalConnectionManager,
    sdk_config: dict[str, Any],
) -> AgentApplication[TurnState]:
    storage = SqlAgentStorage(services.sessionmaker)
    agent_app = AgentApplication[TurnState](
        storage=storage,
        connection_manager=connection_manager,
        start_typing_timer=False,
        **sdk_config,
    )

    async def on_adapter_error(context: TurnContext, error: Exception) -> None:
        logger.error("adapter error: %s", type(error).__name__, exc_info=error)
        if context.activity.type == "message":
            await context.send_activity(t(settings.language, "error.generic"))

    adapter.on_turn_error = on_adapter_error
    register_all(agent_app, services)
    return agent_app


def create_app(settings: Settings, *, clock: Callable[[], Any] | None = None) -> web.Application:
    """The aiohttp application. The database must already be migrated (see ``main``)."""
    middlewares: list[Any] = [request_context_middleware]
    if settings.production_auth:
        middlewares.append(jwt_authorization_middleware)
    app = web.Application(middlewares=middlewares, client_max_size=settings.max_body_bytes)
    app[SETTINGS] = settings
    app[RUNTIME] = {}

    engine = make_async_engine(settings.database_url)
    sessionmaker = make_sessionmaker(engine)
    services = BotServices(settings=settings, sessionmaker=sessionmaker)
    if clock is not None:
        services.clock = clock
    adapter, connection_manager, sdk_config = build_adapter(settings)
    app[ENGINE] = engine
    app[SESSIONMAKER] = sessionmaker
    app[SERVICES] = services
    app[ADAPTER] = adapter
    app[AGENT_APP] = build_agent_app(settings, services, adapter, connection_manager, sdk_config)
    with warnings.catch_warnings():
        # The SDK's JWT middleware reads this exact string key.
        warnings.simplefilter("ignore", web.NotAppKeyWarning)
        app["agent_configuration"] = connection_manager.get_default_connection_configuration()

    async def database_ctx(_app: web.Application) -> AsyncIterator[None]:
        yield
        await engine.dispose()

    app.cleanup_ctx.append(database_ctx)
    from scheduler.lifecycle import scheduler_ctx

    app.cleanup_ctx.append(scheduler_ctx(services, adapter))

    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
    app.router.add_post("/api/messages", messages)
    if settings.production_auth:
        logger.info("production mode: Bot Framework JWT validation is on")
    else:
        logger.warning(
            "local anonymous mode: no Microsoft credentials configured, JWT validation is off "
            "(for the Agents Playground / Emulator only)"
        )
    return app


def prepare_database(settings: Settings) -> None:
    """Migrate, then seed the demo organisation when the database is empty and allowed."""
    from storage.migrate import upgrade

    upgrade(settings.database_url)
    if settings.seed_demo:
        from demo.seed import seed_if_empty

        seed_if_empty(settings.database_url, tz_name=settings.timezone)


def main(argv: list[str] | None = None) -> int:
    try:
        settings = load_settings()
    except SettingsError as exc:
        print(f"configuration error: {exc}", file=sys.stderr)
        return 2
    configure_logging(settings.log_level)
    prepare_database(settings)
    app = create_app(settings)
    logger.info("Målbot listening on http://%s:%s/api/messages", settings.host, settings.port)
    web.run_app(app, host=settings.host, port=settings.port, print=None,
                access_log=None)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
