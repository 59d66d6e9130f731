"""Scheduled reconcile jobs (filled in by the scheduler feature)."""

from __future__ import annotations

from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from dialogs.context import BotServices


def install(scheduler: AsyncIOScheduler, services: BotServices, adapter: Any) -> None:
    """Add the jobs to ``scheduler``. Nothing yet."""
