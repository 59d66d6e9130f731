"""The scheduler's life belongs to the aiohttp app (``cleanup_ctx``)."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from typing import Any

from aiohttp import web
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from dialogs.context import BotServices

logger = logging.getLogger(__name__)

SCHEDULER = web.AppKey("scheduler", AsyncIOScheduler)

JobInstaller = Callable[[AsyncIOScheduler, BotServices, Any], None]
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
        if services.settings.scheduler_enabled:
            for install in _installers():
                install(scheduler, services, adapter)
            scheduler.start()
            logger.info("scheduler started with %d jobs", len(scheduler.get_jobs()))
        yield
        if scheduler.running:
            scheduler.shutdown(wait=False)
            logger.info("scheduler stopped")

    return ctx
