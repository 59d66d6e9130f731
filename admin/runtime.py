"""Shared plumbing of the data admin commands: settings, a migrated database, a session
factory, and the clock."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, TypeVar
from zoneinfo import ZoneInfo

from config import Settings, SettingsError, load_settings

if TYPE_CHECKING:
    from services import Sessions

T = TypeVar("T")


class ConfigurationError(Exception):
    """Settings could not be read (the command turns this into an AdminError)."""


def admin_settings() -> Settings:
    try:
        return load_settings()
    except SettingsError as exc:
        raise ConfigurationError(str(exc)) from exc


def now_utc() -> datetime:
    return datetime.now(UTC)


def local_today(settings: Settings, now: datetime | None = None) -> date:
    return (now or now_utc()).astimezone(ZoneInfo(settings.timezone)).date()


def run_with_database(
    settings: Settings,
    work: Callable[[Sessions], Awaitable[T]],
) -> T:
    """Migrate the database, then run ``work(sessions)`` (a service call) in a fresh event
    loop. The engine wiring of the admin commands (exempt from "Admin commands own no
    transaction": it opens no session)."""
    from storage.db import make_async_engine, make_sessionmaker
    from storage.migrate import upgrade

    upgrade(settings.database_url)

    async def main() -> T:
        engine = make_async_engine(settings.database_url)
        try:
            return await work(make_sessionmaker(engine))
        finally:
            await engine.dispose()

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(main())
    # Called from a running loop (an async caller, e.g. a test next to the bot): the work
    # gets its own loop in a worker thread, and this call still blocks until it is done.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="admin-db") as pool:
        return pool.submit(asyncio.run, main()).result()
