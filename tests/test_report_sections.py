"""Report-level sections of the report wizard over real HTTP, as a Teams client drives
them: the Ekonomi step (units with a budget) and the Delegationsbeslut step (managers
holding delegation points) – on the cards and in the text dialog."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from cards.common import fits_in_message, iter_elements
from followup.economy_step import FIELD_COMMENT, FIELD_FORECAST
from storage.db import make_async_engine, make_sessionmaker
from storage.models import EconomyForecast, OrgUnit, ReportingPeriod, UnitReport
from testing.adaptive_card_check import card_problems, text_of
from testing.harness import ADELE, ALEX, BotHarness, ChatUser
from tests.test_report_flow import buttons, fill_green, goal_ids, input_values, press


def _texts(card: dict[str, Any]) -> str:
    return text_of(card)


async def _forecast(bot: BotHarness, code: str) -> EconomyForecast | None:
    engine = make_async_engine(bot.settings.database_url)
    async with make_sessionmaker(engine)() as session:
        row = (await session.execute(
            select(EconomyForecast).join(OrgUnit, OrgUnit.id == EconomyForecast.unit_id)
            .where(OrgUnit.code == code, EconomyForecast.year == 2026,
                   EconomyForecast.month == 10))).scalar_one_or_none()
    await engine.dispose()
    return row


async def _goal_steps_done(bot: BotHarness, user: ChatUser, command: str) -> dict[str, Any]:
    """``rapportera``, every goal step filled in and Nästa: the first step after the goals."""
    (prompt,) = (await bot.send(user, command)).cards
    card = await press(bot, user, prompt, next(b["title"] for b in buttons(prompt)
                                                if b["title"].startswith("Rapportera")))
    for _ in range(12):
        if not goal_ids(card):
            return card
        card = await press(bot, user, card, "Nästa", **fill_green(card))
    raise AssertionError("the wizard did not leave the goal steps")


def _step_line(card: dict[str, Any]) -> str:
    return next(str(e["text"]) for e in iter_elements(card)
                if str(e.get("text", "")).startswith("Steg "))


# --------------------------------------------------------------------------- Ekonomi


async def test_the_economy_step_comes_after_the_goals_for_a_unit_with_a_budget(
        demo_bot: BotHarness) -> None:
    card = await _goal_steps_done(demo_bot, ADELE, "rapportera")
    assert _step_line(card) == "Steg 5 av 6: Ekonomi"
    shown = _texts(card)
    assert "Årsbudget" in shown and "Förra månadens prognos" in shown
    assert {FIELD_FORECAST, FIELD_COMMENT} <= {str(e.get("id")) for e in iter_elements(card)}
    assert fits_in_message(card) and card_problems(card) == []
    # Tillbaka: the last goal step; Nästa there: the economy again
    back = await press(demo_bot, ADELE, card, "Tillbaka")
    assert goal_ids(back) and _step_line(back).startswith("Steg 4 av 6")
    again = await press(demo_bot, ADELE, back, "Nästa", **fill_green(back))
    assert _step_line(again) == "Steg 5 av 6: Ekonomi"


async def test_a_unit_without_a_budget_has_no_economy_step(demo_bot: BotHarness) -> None:
    card = await _goal_steps_done(demo_bot, ALEX, "rapportera")
    assert _step_line(card) == "Steg 5 av 5: Granska och skicka in"
    assert FIELD_FORECAST not in {str(e.get("id")) for e in iter_elements(card)}
    assert "Helårsprognos" not in _texts(card)


async def test_a_forecast_beyond_the_threshold_needs_a_comment(demo_bot: BotHarness) -> None:
    card = await _goal_steps_done(demo_bot, ADELE, "rapportera")
    refused = await press(demo_bot, ADELE, card, "Nästa",
                          **{FIELD_FORECAST: "99 000", FIELD_COMMENT: ""})
    assert _step_line(refused) == "Steg 5 av 6: Ekonomi"
    assert "skriv en kommentar" in _texts(refused)
    assert "Inget har sparats i det här steget" in _texts(refused)
    assert await _forecast(demo_bot, "BUF-FS-01") is None
    bad = await press(demo_bot, ADELE, refused, "Spara utkast",
                      **{FIELD_FORECAST: "tolvtusen", FIELD_COMMENT: "x"})
    assert "är inget belopp" in _texts(bad)
    review = await press(demo_bot, ADELE, bad, "Nästa",
                         **{FIELD_FORECAST: "99 000,5", FIELD_COMMENT: "Ny avdelning"})
    assert _step_line(review) == "Steg 6 av 6: Granska och skicka in"
    shown = _texts(review)
    assert "Helårsprognos (tkr): 99\u00a0000,5\u00a0tkr" in shown and "Ny avdelning" in shown
    row = await _forecast(demo_bot, "BUF-FS-01")
    assert row is not None and (row.forecast_kr, row.comment) == (99_000_500, "Ny avdelning")
    # back from the review: the economy step, with the saved forecast in its input
    back = await press(demo_bot, ADELE, review, "Tillbaka")
    assert _step_line(back) == "Steg 5 av 6: Ekonomi"
    assert input_values(back)[FIELD_FORECAST] == "99 000,5"
    receipt = await press(demo_bot, ADELE, await press(demo_bot, ADELE, back, "Nästa"),
                          "Skicka in")
    assert "Skicka in" not in [b["title"] for b in buttons(receipt)]


async def test_same_as_last_month(demo_bot: BotHarness) -> None:
    card = await _goal_steps_done(demo_bot, ADELE, "rapportera")
    review = await press(demo_bot, ADELE, card, "Nästa",
                         **{FIELD_FORECAST: "samma som förra månaden", FIELD_COMMENT: ""})
    assert _step_line(review) == "Steg 6 av 6: Granska och skicka in"
    engine = make_async_engine(demo_bot.settings.database_url)
    async with make_sessionmaker(engine)() as session:
        september = (await session.execute(
            select(EconomyForecast).join(OrgUnit, OrgUnit.id == EconomyForecast.unit_id)
            .where(OrgUnit.code == "BUF-FS-01", EconomyForecast.year == 2026,
                   EconomyForecast.month == 9))).scalar_one()
    await engine.dispose()
    row = await _forecast(demo_bot, "BUF-FS-01")
    assert row is not None and row.forecast_kr == september.forecast_kr


async def test_the_report_cannot_be_submitted_without_the_forecast(
        demo_bot: BotHarness) -> None:
    card = await _goal_steps_done(demo_bot, ADELE, "rapportera")
    review = await press(demo_bot, ADELE, card, "Nästa")  # nothing typed: skipped
    assert "Ekonomi: helårsprognosen saknas." in _texts(review)
    refused = await press(demo_bot, ADELE, review, "Skicka in")
    assert "Ekonomi: helårsprognosen saknas." in _texts(refused)
    assert "Skicka in" in [b["title"] for b in buttons(refused)]
    engine = make_async_engine(demo_bot.settings.database_url)
    async with make_sessionmaker(engine)() as session:
        submitted = (await session.execute(
            select(UnitReport.status).join(OrgUnit, OrgUnit.id == UnitReport.unit_id)
            .join(ReportingPeriod, ReportingPeriod.id == UnitReport.period_id)
            .where(OrgUnit.code == "BUF-FS-01", ReportingPeriod.period == "2026-10")
        )).scalars().all()
    await engine.dispose()
    assert submitted == ["draft"]


async def test_the_text_dialog_asks_the_forecast_after_the_goals(demo_bot: BotHarness) -> None:
    await _goal_steps_done(demo_bot, ADELE, "rapportera")  # the goals answered on the cards
    reply = await demo_bot.send(ADELE, "rapportera text")
    assert "**Ekonomi** – Förskolan Solrosen" in reply.text
    assert "Årsbudget: 13\u00a0195\u00a0tkr" in reply.text
    reply = await demo_bot.send(ADELE, "99 000")
    assert "skriv en kommentar" in reply.text and "**Ekonomi**" in reply.text
    assert await _forecast(demo_bot, "BUF-FS-01") is None
    reply = await demo_bot.send(ADELE, "99 000 Ny avdelning")
    assert "Prognosen är sparad." in reply.text
    assert "Sammanfattning – Förskolan Solrosen, oktober 2026" in reply.text
    assert "Helårsprognos (tkr): 99\u00a0000\u00a0tkr" in reply.text
    row = await _forecast(demo_bot, "BUF-FS-01")
    assert row is not None and (row.forecast_kr, row.comment) == (99_000_000, "Ny avdelning")
    reply = await demo_bot.send(ADELE, "Skicka in")
    assert "är inskickad" in reply.text


async def test_the_text_summary_leads_to_a_skipped_forecast(demo_bot: BotHarness) -> None:
    await _goal_steps_done(demo_bot, ADELE, "rapportera")
    await demo_bot.send(ADELE, "rapportera text")
    reply = await demo_bot.send(ADELE, "hoppa över")
    assert "Ekonomi: helårsprognosen saknas." in reply.text
    assert "Skicka in" not in reply.text.split("Ekonomi: helårsprognosen saknas.")[-1]
    reply = await demo_bot.send(ADELE, "Fyll i det som saknas")
    assert "**Ekonomi** – Förskolan Solrosen" in reply.text
    reply = await demo_bot.send(ADELE, "samma")
    assert "Prognosen är sparad." in reply.text
