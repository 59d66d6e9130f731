"""``sammanställning`` end to end: the demo kommun, the real bot over HTTP, Teams faked."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from cards.common import compat_problems
from cards.summary import VERB_REPORT, VERB_SHOW
from followup.calendar import CalendarConfig
from services.summaries import queue_summaries
from storage.db import make_async_engine, make_sessionmaker
from storage.models import ManagerAssignment, OrgUnit, OutboxMessage
from testing.adaptive_card_check import card_problems, iter_actions, iter_elements, text_of
from testing.harness import ADELE, ALEX, MEGAN, STRANGER, BotHarness
from tests.conftest import DEMO_NOW


def only_card(reply: Any) -> dict[str, Any]:
    assert reply.status in (200, 202)
    assert len(reply.cards) == 1, reply.text
    return reply.cards[0]


def show_buttons(card: dict[str, Any]) -> list[dict[str, Any]]:
    """The card's Action.Execute buttons with verb summary.show."""
    return [a for a in iter_actions(card)
            if a["type"] == "Action.Execute" and a["verb"] == VERB_SHOW]


def titled(card: dict[str, Any], title: str) -> dict[str, Any]:
    found = [a for a in show_buttons(card) if a["title"] == title]
    assert len(found) == 1, [a["title"] for a in show_buttons(card)]
    return found[0]


def titles(card: dict[str, Any]) -> list[str]:
    return [a["title"] for a in show_buttons(card)]


async def unit_id(bot: BotHarness, code: str) -> int:
    engine = make_async_engine(bot.settings.database_url)
    async with make_sessionmaker(engine)() as session:
        value = (await session.execute(select(OrgUnit.id).where(OrgUnit.code == code))).scalar_one()
    await engine.dispose()
    return int(value)


async def test_kommunchef_gets_the_whole_kommun_with_four_perspectives(
    demo_bot: BotHarness,
) -> None:
    card = only_card(await demo_bot.send(MEGAN, "sammanställning"))
    assert card_problems(card) == []
    text = text_of(card)
    assert "Sammanställning oktober 2026" in text
    assert "Sjöviks kommun" in text
    for label in ("Medborgare", "Verksamhet", "Ekonomi", "Medarbetare"):
        assert label in text
    assert len(iter_elements(card, "Chart.Donut")) == 4
    assert "Rapportering" in text and "enheter har rapporterat" in text
    assert "Mot september 2026" in text and "Mot oktober 2025" in text
    assert "Enheter under Sjöviks kommun" in text
    # Megan is at the top: no way up, but back to September.
    assert "‹ september 2026" in titles(card)
    assert not any(title.startswith("↑") for title in titles(card))


async def test_drill_down_and_back_refresh_the_card_in_place(demo_bot: BotHarness) -> None:
    card = only_card(await demo_bot.send(MEGAN, "sammanställning"))
    buf = await unit_id(demo_bot, "BUF")
    drill = [a for a in show_buttons(card) if a["data"]["unit"] == buf]
    assert drill, "a drill-down button for Barn- och utbildningsförvaltningen"
    reply = await demo_bot.execute(MEGAN, drill[0]["verb"], drill[0]["data"])
    assert reply.status == 200
    assert reply.activities == []  # answered in the invoke response, nothing new posted
    inner = reply.invoke_card
    assert inner is not None and card_problems(inner) == []
    inner_text = text_of(inner)
    assert "Sjöviks kommun › Barn- och utbildningsförvaltningen" in inner_text
    assert "Enheter under Barn- och utbildningsförvaltningen" in inner_text
    up = [a for a in show_buttons(inner) if a["title"].startswith("↑")]
    assert len(up) == 1
    back = await demo_bot.execute(MEGAN, VERB_SHOW, up[0]["data"])
    assert back.invoke_card is not None
    assert "Enheter under Sjöviks kommun" in text_of(back.invoke_card)


async def test_previous_period_button_shows_september(demo_bot: BotHarness) -> None:
    card = only_card(await demo_bot.send(MEGAN, "sammanställning"))
    button = titled(card, "‹ september 2026")
    reply = await demo_bot.execute(MEGAN, VERB_SHOW, button["data"])
    assert reply.invoke_card is not None
    text = text_of(reply.invoke_card)
    assert "Sammanställning september 2026" in text
    assert "oktober 2026 ›" in titles(reply.invoke_card)


async def test_submit_fallback_posts_the_card_as_a_new_message(demo_bot: BotHarness) -> None:
    card = only_card(await demo_bot.send(MEGAN, "sammanställning"))
    button = show_buttons(card)[0]
    reply = await demo_bot.submit(MEGAN, button["fallback"]["data"])
    assert card_problems(only_card(reply)) == []


async def test_report_button_opens_the_leaders_own_units_report(demo_bot: BotHarness) -> None:
    card = only_card(await demo_bot.send(ALEX, "sammanställning"))
    buf = await unit_id(demo_bot, "BUF")
    own = [a for a in iter_actions(card)
           if a.get("verb") == VERB_REPORT and a["data"]["unit"] == buf and a in card["actions"]]
    assert len(own) == 1 and own[0]["data"]["period"] == "2026-10"
    reply = await demo_bot.execute(ALEX, VERB_REPORT, own[0]["data"])
    assert reply.status == 200  # the report feature handles its verb …
    assert reply.invoke_card is not None
    assert "Barn- och utbildningsförvaltningen" in text_of(reply.invoke_card)


async def test_report_button_shows_a_child_units_report_to_the_leader(
    demo_bot: BotHarness,
) -> None:
    card = only_card(await demo_bot.send(ALEX, "sammanställning"))
    child = [a for a in iter_actions(card)
             if a.get("verb") == VERB_REPORT and a not in card["actions"]]
    assert child
    reply = await demo_bot.execute(ALEX, VERB_REPORT, child[0]["data"])
    view = reply.invoke_card
    assert view is not None
    shown = text_of(view)
    assert "Du kan inte rapportera" not in shown
    assert "rapport för oktober 2026" in shown  # the read-only view
    assert "Måluppfyllelse" in shown
    # Read-only: no inputs, and the only button leads back to the summary.
    for input_type in ("Input.Text", "Input.ChoiceSet", "Input.Number"):
        assert iter_elements(view, input_type) == []
    assert [a.get("verb") for a in iter_actions(view)] == [VERB_SHOW]
    assert compat_problems(view) == []  # Adaptive Card 1.5, fallbacks, size
    # Someone outside the subtree (Adele leads only her förskola) is still refused.
    refused = await demo_bot.execute(ADELE, VERB_REPORT, child[0]["data"])
    assert refused.invoke_card is not None
    assert "Du kan inte rapportera" in text_of(refused.invoke_card)


async def test_adele_cannot_drill_into_another_forvaltning(demo_bot: BotHarness) -> None:
    own = only_card(await demo_bot.send(ADELE, "sammanställning"))
    assert "Förskolan Solrosen" in text_of(own)
    assert not any(t.startswith("↑") for t in titles(own))  # her parent is not hers
    soc = await unit_id(demo_bot, "SOC")
    reply = await demo_bot.execute(ADELE, VERB_SHOW, {"unit": soc, "period": "2026-10"})
    assert reply.status == 200
    assert reply.invoke_card is None
    assert isinstance(reply.body, dict)
    assert "bara se sammanställningar för din egen del" in reply.body["value"]
    assert "Socialförvaltningen" in reply.body["value"]
    by_name = await demo_bot.send(ADELE, "sammanställning socialförvaltningen")
    assert by_name.cards == []
    assert "utanför" in by_name.text


async def test_alex_sees_his_forvaltning_but_not_the_kommun(demo_bot: BotHarness) -> None:
    card = only_card(await demo_bot.send(ALEX, "sammanställning"))
    assert "Enheter under Barn- och utbildningsförvaltningen" in text_of(card)
    sjv = await unit_id(demo_bot, "SJV")
    reply = await demo_bot.execute(ALEX, VERB_SHOW, {"unit": sjv, "period": "2026-10"})
    assert reply.invoke_card is None
    assert "utanför" in reply.body["value"]


async def test_named_unit_and_period(demo_bot: BotHarness) -> None:
    card = only_card(await demo_bot.send(MEGAN, "sammanställning BUF-GR 2026-09"))
    text = text_of(card)
    assert "Sammanställning september 2026" in text
    assert "Grundskoleavdelningen" in text
    card = only_card(await demo_bot.send(MEGAN, "Sammanställning 2026-10"))
    assert "Sammanställning oktober 2026" in text_of(card)


async def test_bad_input_gets_clear_messages(demo_bot: BotHarness) -> None:
    unknown = await demo_bot.send(MEGAN, "sammanställning Månbasen")
    assert unknown.cards == []
    assert "hittar ingen enhet" in unknown.text and "månbasen" in unknown.text.lower()
    future = await demo_bot.send(MEGAN, "sammanställning 2026-11")
    assert "har inte börjat ännu" in future.text and "oktober 2026" in future.text
    july = await demo_bot.send(MEGAN, "sammanställning 2026-07")
    assert "följs inte upp" in july.text
    bad = await demo_bot.send(MEGAN, "sammanställning 2026-13")
    assert "ingen giltig period" in bad.text
    ambiguous = await demo_bot.send(MEGAN, "sammanställning förskolan")
    assert "Flera enheter" in ambiguous.text and "BUF-FS-01" in ambiguous.text
    stranger = await demo_bot.send(STRANGER, "sammanställning")
    assert stranger.cards == [] and "administratören" in stranger.text
    broken = await demo_bot.execute(MEGAN, VERB_SHOW, {"unit": "x", "period": "2026-10"})
    assert "kunde inte tolka knappen" in broken.body["value"]


async def test_queue_summaries_puts_one_per_leader_in_the_outbox(demo_url: str) -> None:
    engine = make_async_engine(demo_url)
    cfg = CalendarConfig()
    sessions = make_sessionmaker(engine)
    async with sessions() as session, session.begin():
        first = await queue_summaries(session, period="2026-10", now=DEMO_NOW, lang="sv",
                                      calendar=cfg)
    async with sessions() as session, session.begin():
        again = await queue_summaries(session, period="2026-10", now=DEMO_NOW, lang="sv",
                                      calendar=cfg)
    async with sessions() as session:
        rows = (await session.execute(select(OutboxMessage))).scalars().all()
        sjv, megan = (await session.execute(
            select(OrgUnit.id, ManagerAssignment.person_id)
            .join(ManagerAssignment, ManagerAssignment.unit_id == OrgUnit.id)
            .where(OrgUnit.code == "SJV")
        )).one()
        leaf = (await session.execute(select(OrgUnit.id).where(OrgUnit.code == "BUF-FS-01"))
                ).scalar_one()
    await engine.dispose()
    assert first == len(rows) > 3 and again == 0  # sent once per leader and period
    assert len({(r.person_id, r.unit_id) for r in rows}) == len(rows)
    assert (megan, sjv) in {(r.person_id, r.unit_id) for r in rows}
    assert leaf not in {r.unit_id for r in rows}  # a leaf unit's manager is no leader
    for row in rows:
        assert row.kind == "summary" and row.period == "2026-10" and row.status == "pending"
        assert card_problems(row.payload["card"]) == []
        assert "Sammanställning oktober 2026" in row.payload["text"]
    kommun = next(r for r in rows if r.unit_id == sjv)
    assert "Enheter under Sjöviks kommun" in text_of(kommun.payload["card"])
