"""The summaries' process cache (org tree, check-in tallies) follows every change: an org
or manager import through the admin CLI and employees leaving show in the very next
``sammanställning``, on SQLite and PostgreSQL; a rolled-back write keeps what is cached."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, update

from admin.cli import main as admin_main
from bot import SERVICES
from services import individual as individual_service
from services.caches import read_cache_of
from storage import individual as store
from storage.db import make_async_engine, make_sessionmaker
from storage.models import ManagerAssignment, OrgUnit, Person
from storage.org_queries import load_org_tree_cached
from storage.read_cache import ReadCache, cache_for, cache_of_engine
from testing.adaptive_card_check import text_of
from testing.harness import ADELE, MEGAN, BotHarness
from tests.conftest import DEMO_NOW


def _text(reply: Any) -> str:
    assert reply.status in (200, 202)
    assert len(reply.cards) == 1, reply.text
    return text_of(reply.cards[0])


def _cache(bot: BotHarness) -> ReadCache:
    cache = bot.app[SERVICES].read_cache
    assert cache is not None
    return cache


async def _admin(monkeypatch: pytest.MonkeyPatch, url: str, *args: str) -> None:
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("SEED_DEMO", "false")
    assert await asyncio.to_thread(admin_main, list(args)) == 0


def _csv(path: Path, header: list[str], *rows: list[str]) -> str:
    path.write_text("\r\n".join(";".join(r) for r in [header, *rows]) + "\r\n",
                    encoding="utf-8-sig")
    return str(path)


async def test_an_org_import_shows_in_the_next_summary(
    demo_bot: BotHarness, demo_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _text(await demo_bot.send(MEGAN, "sammanställning"))
    assert "Barn- och utbildningsförvaltningen" in before
    again = _text(await demo_bot.send(MEGAN, "sammanställning"))
    assert again == before
    assert _cache(demo_bot).hits >= 1  # the second summary used the kept org tree
    org = _csv(tmp_path / "org.csv", ["Enhetskod", "Namn", "Typ", "Överordnad enhet"],
               ["BUF", "Förvaltningen för lärande", "förvaltning", "SJV"])
    await _admin(monkeypatch, demo_url, "import", "org", org)
    after = _text(await demo_bot.send(MEGAN, "sammanställning"))
    assert "Förvaltningen för lärande" in after
    assert "Barn- och utbildningsförvaltningen" not in after


async def test_an_acting_manager_import_shows_in_the_next_summary(
    demo_bot: BotHarness, demo_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    own = _text(await demo_bot.send(ADELE, "sammanställning"))
    assert "Förskolan Solrosen" in own and "Enheter under Sjöviks kommun" not in own
    today = DEMO_NOW.date()
    managers = _csv(tmp_path / "managers.csv",
                    ["Enhetskod", "E-post", "Roll", "Från och med", "Till och med"],
                    ["SJV", "adelev@example.com", "ställföreträdare",
                     today.replace(day=1).isoformat(), today.replace(day=28).isoformat()])
    await _admin(monkeypatch, demo_url, "import", "managers", managers)
    acting = _text(await demo_bot.send(ADELE, "sammanställning"))
    assert "Enheter under Sjöviks kommun" in acting


async def test_employees_leaving_show_in_the_next_kept_tallies(
    demo_bot: BotHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every subtree counted from the kept whole-kommun tallies, as big subtrees are.
    monkeypatch.setattr(individual_service, "_SUBTREE_FILTER_MAX", 0)
    assert "5 av 7 har checkat in" in _text(await demo_bot.send(MEGAN, "sammanställning"))
    assert "5 av 7 har checkat in" in _text(await demo_bot.send(ADELE, "sammanställning"))
    assert _cache(demo_bot).hits >= 2
    engine = make_async_engine(demo_bot.settings.database_url)
    async with make_sessionmaker(engine)() as session, session.begin():
        people = (await session.execute(select(Person.id).where(
            Person.title == "Förskollärare").order_by(Person.id).limit(3))).scalars().all()
        for pid in people:
            await store.set_unit(session, pid, None, today=DEMO_NOW.date(), source="import")
    await engine.dispose()
    small = _text(await demo_bot.send(MEGAN, "sammanställning"))
    assert "färre än 5 – visas inte" in small
    assert "5 av 7 har checkat in" not in small


async def test_a_rolled_back_write_keeps_the_tree_and_a_commit_renews_it(
    any_db_url: str,
) -> None:
    reader = make_async_engine(any_db_url)
    writer = make_async_engine(any_db_url)
    sessions = make_sessionmaker(reader)
    try:
        async with sessions() as session:
            session.add(OrgUnit(id=1, code="K", name="Kommunen", kind="kommun",
                                parent_id=None, path="/1/", depth=0))
            await session.commit()
        async with sessions() as session:
            first = await load_org_tree_cached(session)
            assert await load_org_tree_cached(session) is first
            cache = cache_for(session)
            assert cache is not None and cache.hits == 1
        async with make_sessionmaker(writer)() as session:
            await session.execute(update(OrgUnit).values(name="Ångrat"))
            await session.rollback()
        async with sessions() as session:
            assert await load_org_tree_cached(session) is first
        async with make_sessionmaker(writer)() as session, session.begin():
            await session.execute(update(OrgUnit).values(name="Nytt namn"))
        async with sessions() as session:
            renewed = await load_org_tree_cached(session)
        assert renewed.units[1].name == "Nytt namn"
        assert first.units[1].name == "Kommunen"
    finally:
        await reader.dispose()
        await writer.dispose()


# --- the chefsuppdrag's kept reads (migration 0013) ----------------------------------


def _turn_cache(bot: BotHarness) -> ReadCache:
    """The cache of the engine the turns' use cases run on (not the summaries')."""
    cache = read_cache_of(bot.app[SERVICES].sessionmaker)
    assert cache is not None
    return cache


async def _answer(bot: BotHarness, question: str) -> str:
    reply = await bot.send(ADELE, question)
    assert len(reply.cards) == 1, reply.text
    return json.dumps(reply.cards[0], ensure_ascii=False)


async def test_mandate_changes_show_in_the_next_answer(
    demo_bot: BotHarness, demo_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A manager import, the job-title table, a person's title and a name each show in the
    very next "får jag besluta" of a bot that keeps the mandate's reads."""
    mine = "får jag besluta om placering i förskola"
    assert "Ja, du får besluta" in await _answer(demo_bot, mine)
    hits = _turn_cache(demo_bot).hits
    assert "Ja, du får besluta" in await _answer(demo_bot, mine)
    assert _turn_cache(demo_bot).hits > hits  # the second answer used the kept reads
    engine = make_async_engine(demo_url)
    try:
        async with make_sessionmaker(engine)() as session:
            adele, code, since = (await session.execute(
                select(Person.id, OrgUnit.code, ManagerAssignment.valid_from)
                .join(ManagerAssignment, ManagerAssignment.person_id == Person.id)
                .join(OrgUnit, OrgUnit.id == ManagerAssignment.unit_id)
                .where(Person.email == "adelev@example.com",
                       ManagerAssignment.role == "manager"))).one()
        managers = _csv(tmp_path / "chefer.csv",
                        ["Enhetskod", "E-post", "Roll", "Från och med", "Till och med",
                         "Roll i delegationsordningen"],
                        [code, "adelev@example.com", "chef", since.isoformat(), "", ""])
        await _admin(monkeypatch, demo_url, "import", "managers", managers)
        assert "Ja, du får besluta" not in await _answer(demo_bot, mine)  # org group
        roles = _csv(tmp_path / "roller.csv", ["Befattning", "Roll i delegationsordningen"],
                     ["Förskolechef,  Förskolan Solrosen", "Rektor"])
        await _admin(monkeypatch, demo_url, "import", "roles", roles)
        assert "Ja, du får besluta" in await _answer(demo_bot, mine)  # delegation group
        async with make_sessionmaker(engine)() as session, session.begin():
            await session.execute(update(Person).where(Person.id == adele)
                                  .values(title="Handläggare"))
        assert "Ja, du får besluta" not in await _answer(demo_bot, mine)  # people group
        other = "får jag besluta om att stänga av en elev"
        assert "Karin" in await _answer(demo_bot, other)
        async with make_sessionmaker(engine)() as session, session.begin():
            await session.execute(update(Person).where(Person.name.like("Karin %"))
                                  .values(name="Kristina Nyström"))
        renamed = await _answer(demo_bot, other)
        assert "Kristina Nyström" in renamed and "Karin" not in renamed
    finally:
        await engine.dispose()


async def test_a_locale_or_reachability_write_keeps_the_mandate_reads(
    demo_bot: BotHarness, demo_url: str
) -> None:
    """The bot writes a person's locale and reachability often: that renews no stamp the
    mandate's reads depend on."""
    question = "får jag besluta om placering i förskola"
    await _answer(demo_bot, question)
    engine = make_async_engine(demo_url)
    try:
        async with make_sessionmaker(engine)() as session, session.begin():
            await session.execute(update(Person).values(locale="sv-SE",
                                                        unreachable_reason=None))
        misses = _turn_cache(demo_bot).misses
        assert "Ja, du får besluta" in await _answer(demo_bot, question)
        assert _turn_cache(demo_bot).misses == misses
    finally:
        await engine.dispose()


async def test_a_goal_change_shows_in_the_next_report_card(
    demo_bot: BotHarness, demo_url: str
) -> None:
    """A unit's goals are kept per unit (group ``goals``, migration 0013): a changed goal
    title shows the next time the manager opens the report."""
    from storage.models import Goal
    from tests.test_report_flow import start_report

    card = json.dumps(await start_report(demo_bot), ensure_ascii=False)
    engine = make_async_engine(demo_url)
    try:
        async with make_sessionmaker(engine)() as session:
            titles = (await session.execute(select(Goal.id, Goal.title))).all()
        goal_id, title = next((gid, t) for gid, t in titles if t in card)
        units = cache_of_engine(demo_bot.app[SERVICES].sessionmaker.kw["bind"], "units")
        hits = units.hits
        assert title in json.dumps(await start_report(demo_bot), ensure_ascii=False)
        assert units.hits > hits  # the unit's goals came from the cache
        async with make_sessionmaker(engine)() as session, session.begin():
            await session.execute(update(Goal).where(Goal.id == goal_id)
                                  .values(title="Trygg och likvärdig skolväg"))
        again = json.dumps(await start_report(demo_bot), ensure_ascii=False)
        assert "Trygg och likvärdig skolväg" in again and title not in again
    finally:
        await engine.dispose()


async def test_an_economy_import_shows_in_the_next_forecast_card(
    demo_bot: BotHarness, demo_url: str
) -> None:
    """A unit's budget and utfall are kept per unit and year (group ``economy``,
    migration 0013): new economy lines show in the very next Ekonomi card."""
    from storage.models import EconomyLine

    before = _text(await demo_bot.send(ADELE, "prognos"))
    assert "Årsbudget" in before
    units = cache_of_engine(demo_bot.app[SERVICES].sessionmaker.kw["bind"], "units")
    hits = units.hits
    assert _text(await demo_bot.send(ADELE, "prognos")) == before
    assert units.hits > hits  # the lines came from the cache
    engine = make_async_engine(demo_url)
    try:
        async with make_sessionmaker(engine)() as session, session.begin():
            unit = (await session.execute(select(OrgUnit.id).where(
                OrgUnit.code == "BUF-FS-01"))).scalar_one()
            await session.execute(update(EconomyLine).where(  # 1 tkr a month
                EconomyLine.unit_id == unit, EconomyLine.kind == "budget",
                EconomyLine.account_group == "").values(amount_kr=1_000))
    finally:
        await engine.dispose()
    after = _text(await demo_bot.send(ADELE, "prognos"))
    assert "Årsbudget: 12\u00a0tkr" in after and "Årsbudget: 12\u00a0tkr" not in before
