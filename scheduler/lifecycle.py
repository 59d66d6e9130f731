"""The scheduler's life belongs to the aiohttp app (``cleanup_ctx``)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

from aiohttp import web
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot_services import BotServices

logger = logging.getLogger(__name__)

SCHEDULER = web.AppKey("scheduler", AsyncIOScheduler)

# An installer adds its jobs and may return what must run when the scheduler stops (awaited
# before the database closes, so messages in flight record their outcome).
Closer = Callable[[], Awaitable[None]]
JobInstaller = Callable[[AsyncIOScheduler, BotServices, Any], Closer | None]
CLOSE_TIMEOUT_S = 15.0
# Feature modules append installers here (module path strings resolved at start).
JOB_INSTALLERS: tuple[str, ...] = ("scheduler.jobs:install",)


def _installers() -> list[JobInstaller]:
    import importlib

    out: list[JobInstaller] = []
    for path in JOB_INSTALLERS:
        module_name, _, attr = path.partition(":")
        out.append(getattr(importlib.import_module(module_name), attr))
    return out


def scheduler_ctx(
    services: BotServices, adapter: Any
) -> Callable[[web.Application], AsyncIterator[None]]:
    async def ctx(app: web.Application) -> AsyncIterator[None]:
        scheduler = AsyncIOScheduler(timezone=services.settings.timezone)
        app[SCHEDULER] = scheduler
        closers: list[Closer] = []
        if services.settings.scheduler_enabled:
            for install in _installers():
                closer = install(scheduler, services, adapter)
                if closer is not None:
                    closers.append(closer)
            scheduler.start()
            logger.info("scheduler started with %d jobs", len(scheduler.get_jobs()))
        yield
        if scheduler.running:
            scheduler.shutdown(wait=False)
        for closer in closers:
            try:
                await asyncio.wait_for(closer(), CLOSE_TIMEOUT_S)
            except Exception:  # shutting down: log and go on closing the rest
                logger.exception("a scheduler component did not close cleanly")
        if services.settings.scheduler_enabled:
            logger.info("scheduler stopped")

    return ctx
