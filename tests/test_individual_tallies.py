"""The check-in tallies behind the upward aggregates read the same for the whole kommun
(one scan of each table) as for a list of units (index lookups)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from followup.individual import Cadence, latest_checkin_period
from storage import individual as store
from storage.db import make_async_engine, make_sessionmaker
from tests.conftest import DEMO_NOW


async def test_tallies_of_every_unit_equal_those_of_the_units_asked_for(demo_url: str) -> None:
    engine = make_async_engine(demo_url)
    sessions = make_sessionmaker(engine)
    zone = ZoneInfo("Europe/Stockholm")
    today = DEMO_NOW.astimezone(zone).date()
    period = latest_checkin_period(today, Cadence.TERTIAL, zone).code
    async with sessions() as session:
        everything = await store.unit_tallies(session, unit_ids=None, year=today.year,
                                              period=period, today=today)
        units = [u.id for u in await store.subtree_units(session, min(everything))]
        asked = await store.unit_tallies(session, unit_ids=[*everything, *units],
                                         year=today.year, period=period, today=today)
    await engine.dispose()
    assert everything and asked == everything
    shown = next(iter(everything.values()))
    assert shown.people >= 5 and shown.checked_in > 0  # Adele's förskola: 7 with goals
    assert shown.green + shown.yellow + shown.red > 0
