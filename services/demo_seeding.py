"""``python -m admin seed-demo``: fill the database with the demo kommun (one transaction)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from demo.seed import SeedSummary, clear_database, has_organisation, seed_demo
from followup.calendar import CalendarConfig
from services import Sessions


@dataclass(frozen=True)
class SeedOutcome:
    cleared: bool  # every Målbot table was emptied first (reset)
    summary: SeedSummary | None  # None: the database already held an organisation


async def seed_demo_kommun(sessions: Sessions, *, reset: bool, now: datetime, tz_name: str,
                           calendar_cfg: CalendarConfig) -> SeedOutcome:
    """Seed the demo organisation; with ``reset`` after deleting every row, else only
    into a database without an organisation. All or nothing."""

    def work(session: Session) -> SeedOutcome:
        if not reset and has_organisation(session):
            return SeedOutcome(False, None)
        if reset:
            clear_database(session)
        summary = seed_demo(session, now=now, tz_name=tz_name, calendar_cfg=calendar_cfg)
        session.commit()
        return SeedOutcome(reset, summary)

    async with sessions() as session:
        return await session.run_sync(work)
