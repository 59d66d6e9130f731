"""``prognos``: the Ekonomi step in Teams (the demo kommun, the real bot over HTTP): the
card, the threshold rule on the card, the text path, and who may give the forecast."""

from __future__ import annotations

from sqlalchemy import select

from cards.economy_step import SAVE_VERB
from followup.economy_step import FIELD_COMMENT, FIELD_FORECAST
from storage.db import make_async_engine, make_sessionmaker
from storage.models import EconomyForecast, OrgUnit
from testing.adaptive_card_check import card_problems, text_of
from testing.harness import ADELE, MEGAN, BotHarness


async def _forecast(bot: BotHarness, code: str) -> EconomyForecast | None:
    engine = make_async_engine(bot.settings.database_url)
    async with make_sessionmaker(engine)() as session:
        row = (await session.execute(
            select(EconomyForecast).join(OrgUnit, OrgUnit.id == EconomyForecast.unit_id)
            .where(OrgUnit.code == code, EconomyForecast.year == 2026,
                   EconomyForecast.month == 10))).scalar_one_or_none()
    await engine.dispose()
    return row


async def test_the_manager_gives_the_forecast_on_the_card(demo_bot: BotHarness) -> None:
    reply = await demo_bot.send(ADELE, "prognos")
    card = reply.cards[0]
    assert card_problems(card) == []
    shown = text_of(card)
    assert "Förskolan Solrosen" in shown and "Årsbudget" in shown
    assert "Förra månadens prognos" in shown
    data = next(a for a in card["actions"] if a["verb"] == SAVE_VERB)["data"]
    # far above the budget without a comment: refused on the card, nothing saved
    refused = await demo_bot.execute(ADELE, SAVE_VERB, {**data, FIELD_FORECAST: "99 000",
                                                        FIELD_COMMENT: ""})
    assert refused.invoke_card is not None
    assert "skriv en kommentar" in text_of(refused.invoke_card)
    assert await _forecast(demo_bot, "BUF-FS-01") is None
    saved = await demo_bot.execute(ADELE, SAVE_VERB, {**data, FIELD_FORECAST: "99 000",
                                                      FIELD_COMMENT: "Ny avdelning"})
    assert saved.invoke_card is not None
    assert "Prognosen är sparad." in text_of(saved.invoke_card)
    row = await _forecast(demo_bot, "BUF-FS-01")
    assert row is not None and (row.forecast_kr, row.comment) == (99_000_000, "Ny avdelning")


async def test_the_text_path_and_same_as_last_month(demo_bot: BotHarness) -> None:
    reply = await demo_bot.send(ADELE, "prognos samma")
    assert "Prognosen är sparad." in reply.text
    september = await demo_bot.send(ADELE, "prognos")
    assert september.cards
    row = await _forecast(demo_bot, "BUF-FS-01")
    assert row is not None
    reply = await demo_bot.send(ADELE, "prognos tolvtusen")
    assert "är inget belopp" in reply.text


async def test_the_kommunchef_has_no_unit_with_a_budget_of_her_own(
        demo_bot: BotHarness) -> None:
    reply = await demo_bot.send(MEGAN, "prognos")
    assert "ingen enhet med budget" in reply.text
