"""The long-lived dependencies of the running bot: settings, the database's sessions, the
clock and the Bot Connector pool. ``bot.create_app`` builds one; the conversation handlers
(``dialogs``) and the scheduler's jobs are handed it. It lives beside the app factory, not
in ``dialogs``: both entry points use it and neither should import the other."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from config import Settings
from connector_pool import ConnectorPool
from followup.calendar import CalendarConfig
from services import Sessions
from services.caches import ReadCache, read_cache_of


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class BotServices:
    """Shared, long-lived dependencies handed to every route module."""

    settings: Settings
    sessionmaker: Sessions
    clock: Callable[[], datetime] = field(default=utc_now)
    # Sessions for long analytical reads (summaries). On SQLite the main engine runs its
    # statements on the event loop's thread (storage.sqlite_inline); a big roll-up would
    # hold the loop, so these use a thread-backed engine. None: the main sessions.
    analytics_sessionmaker: Sessions | None = None
    # The process's connections to the Bot Connector (proactive sends use it too).
    connector_pool: ConnectorPool | None = None

    @property
    def analytics(self) -> Sessions:
        return self.analytics_sessionmaker or self.sessionmaker

    @property
    def read_cache(self) -> ReadCache | None:
        """The process's cache of the summaries' slow-changing reads (org tree, check-in
        tallies), checked against the database's change stamps (storage.read_cache)."""
        return read_cache_of(self.analytics)

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.settings.timezone)

    @property
    def calendar(self) -> CalendarConfig:
        return self.settings.calendar

    def now(self) -> datetime:
        return self.clock()

    def today(self) -> date:
        return self.clock().astimezone(self.tz).date()
