"""Report-level sections of the report wizard over real HTTP, as a Teams client drives
them: the Ekonomi step (units with a budget) and the Delegationsbeslut step (managers
holding delegation points) – on the cards and in the text dialog."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import create_engine, select, update

from cards.common import compat_problems, fits_in_message, iter_elements
from followup.economy_step import FIELD_COMMENT, FIELD_FORECAST
from followup.report_kinds import (
    MANDATE,
    MONTHLY,
    ReportKind,
    register_kind,
    unregister_kind,
)
from storage.db import make_async_engine, make_sessionmaker, sync_url
from storage.models import EconomyForecast, OrgUnit, ReportingPeriod, UnitReport
from testing.adaptive_card_check import card_problems, text_of
from testing.harness import ADELE, ALEX, BotHarness, ChatUser, make_settings
from testing.report_fixtures import seed_report_org
from tests.conftest import fixed_clock
from tests.test_report_flow import buttons, fill_green, goal_ids, input_values, press

OCTOBER_OPEN = datetime(2026, 11, 4, 9, 30, tzinfo=UTC)  # 2026-10 open, before the deadline


#: The monthly report (it asks the Delegationsbeslut section since #15) under a key of its
#: own, so these tests keep driving a period row whose kind is stored.
WITH_DELEGATION = replace(MONTHLY, key="monthly_delegation")
assert MANDATE in WITH_DELEGATION.sections


@pytest.fixture(autouse=True)
def delegation_kind() -> Iterator[ReportKind]:
    """The monthly report with the Delegationsbeslut section (see followup.report_kinds)."""
    register_kind(WITH_DELEGATION)
    try:
        yield WITH_DELEGATION
    finally:
        unregister_kind(WITH_DELEGATION.key)


def _with_delegation(url: str) -> None:
    """The database's month periods are asked with :data:`WITH_DELEGATION`."""
    engine = create_engine(sync_url(url))
    try:
        with engine.begin() as conn:
            conn.execute(update(ReportingPeriod).where(ReportingPeriod.period.like("____-__"))
                         .values(kind=WITH_DELEGATION.key))
    finally:
        engine.dispose()


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
    _with_delegation(bot.settings.database_url)
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
    assert _step_line(card) == "Steg 5 av 7: Ekonomi"
    shown = _texts(card)
    assert "Årsbudget" in shown and "Förra månadens prognos" in shown
    assert {FIELD_FORECAST, FIELD_COMMENT} <= {str(e.get("id")) for e in iter_elements(card)}
    assert fits_in_message(card) and card_problems(card) == []
    # Tillbaka: the last goal step; Nästa there: the economy again
    back = await press(demo_bot, ADELE, card, "Tillbaka")
    assert goal_ids(back) and _step_line(back).startswith("Steg 4 av 7")
    again = await press(demo_bot, ADELE, back, "Nästa", **fill_green(back))
    assert _step_line(again) == "Steg 5 av 7: Ekonomi"


async def test_a_unit_without_a_budget_has_no_economy_step(demo_bot: BotHarness) -> None:
    card = await _goal_steps_done(demo_bot, ALEX, "rapportera")
    # Alex holds delegation points: the Delegationsbeslut step, and no Ekonomi step
    assert _step_line(card) == "Steg 5 av 6: Delegationsbeslut"
    assert FIELD_FORECAST not in {str(e.get("id")) for e in iter_elements(card)}
    assert "Helårsprognos" not in _texts(card)


async def test_a_forecast_beyond_the_threshold_needs_a_comment(demo_bot: BotHarness) -> None:
    card = await _goal_steps_done(demo_bot, ADELE, "rapportera")
    refused = await press(demo_bot, ADELE, card, "Nästa",
                          **{FIELD_FORECAST: "99 000", FIELD_COMMENT: ""})
    assert _step_line(refused) == "Steg 5 av 7: Ekonomi"
    assert "skriv en kommentar" in _texts(refused)
    assert "Inget har sparats i det här steget" in _texts(refused)
    assert await _forecast(demo_bot, "BUF-FS-01") is None
    bad = await press(demo_bot, ADELE, refused, "Spara utkast",
                      **{FIELD_FORECAST: "tolvtusen", FIELD_COMMENT: "x"})
    assert "är inget belopp" in _texts(bad)
    mandate = await press(demo_bot, ADELE, bad, "Nästa",
                          **{FIELD_FORECAST: "99 000,5", FIELD_COMMENT: "Ny avdelning"})
    assert _step_line(mandate) == "Steg 6 av 7: Delegationsbeslut"
    assert "Prognosen är sparad." in _texts(mandate)
    review = await press(demo_bot, ADELE, mandate, "Nästa")
    assert _step_line(review) == "Steg 7 av 7: Granska och skicka in"
    shown = _texts(review)
    assert "Helårsprognos (tkr): 99\u00a0000,5\u00a0tkr" in shown and "Ny avdelning" in shown
    row = await _forecast(demo_bot, "BUF-FS-01")
    assert row is not None and (row.forecast_kr, row.comment) == (99_000_500, "Ny avdelning")
    # back from the review: the sections, the economy with the saved forecast in its input
    back = await press(demo_bot, ADELE, review, "Tillbaka")
    assert _step_line(back) == "Steg 6 av 7: Delegationsbeslut"
    back = await press(demo_bot, ADELE, back, "Tillbaka")
    assert _step_line(back) == "Steg 5 av 7: Ekonomi"
    assert input_values(back)[FIELD_FORECAST] == "99 000,5"


async def test_same_as_last_month(demo_bot: BotHarness) -> None:
    card = await _goal_steps_done(demo_bot, ADELE, "rapportera")
    review = await press(demo_bot, ADELE, card, "Nästa",
                         **{FIELD_FORECAST: "samma som förra månaden", FIELD_COMMENT: ""})
    assert _step_line(review) == "Steg 6 av 7: Delegationsbeslut"
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
    mandate = await press(demo_bot, ADELE, card, "Nästa")  # nothing typed: skipped
    review = await press(demo_bot, ADELE, mandate, "Nästa")
    assert _step_line(review) == "Steg 7 av 7: Granska och skicka in"
    assert "Ekonomi: helårsprognosen saknas." in _texts(review)
    assert "Delegationsbeslut: anmäl månadens beslut" in _texts(review)
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
    assert "**Delegationsbeslut** – oktober 2026" in reply.text
    reply = await demo_bot.send(ADELE, "inga beslut")
    assert "Noterat: inga beslut på delegation oktober 2026." in reply.text
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
    assert "**Delegationsbeslut**" in reply.text
    reply = await demo_bot.send(ADELE, "hoppa över")
    assert "Ekonomi: helårsprognosen saknas." in reply.text
    assert "Skicka in" not in reply.text.split("Ekonomi: helårsprognosen saknas.")[-1]
    reply = await demo_bot.send(ADELE, "Fyll i det som saknas")
    assert "**Ekonomi** – Förskolan Solrosen" in reply.text
    reply = await demo_bot.send(ADELE, "samma")
    assert "Prognosen är sparad." in reply.text
    assert "**Delegationsbeslut**" in reply.text  # still missing: asked next


# --------------------------------------------------------------------------- Delegationsbeslut


async def test_the_delegation_step_with_no_decisions(demo_bot: BotHarness) -> None:
    card = await _goal_steps_done(demo_bot, ADELE, "rapportera")
    mandate = await press(demo_bot, ADELE, card, "Nästa",
                          **{FIELD_FORECAST: "samma", FIELD_COMMENT: ""})
    assert _step_line(mandate) == "Steg 6 av 7: Delegationsbeslut"
    assert compat_problems(mandate) == [] and fits_in_message(mandate)
    chooser = next(e for e in iter_elements(mandate) if e.get("type") == "Input.ChoiceSet")
    assert chooser["choices.data"] == {"type": "Data.Query", "dataset": "delegation.points"}
    assert not chooser.get("isRequired")  # Nästa and Tillbaka are never blocked by it
    none = await press(demo_bot, ADELE, mandate, "Inga beslut denna månad")
    assert _step_line(none) == "Steg 6 av 7: Delegationsbeslut"
    assert "Noterat: inga beslut på delegation oktober 2026." in _texts(none)
    review = await press(demo_bot, ADELE, none, "Nästa")
    assert "Delegationsbeslut: inga beslut" in _texts(review)
    assert "saknas" not in _texts(review)
    receipt = await press(demo_bot, ADELE, review, "Skicka in")
    assert "Skicka in" not in [b["title"] for b in buttons(receipt)]


async def test_the_delegation_step_with_a_decision_not_held_is_flagged(
        demo_bot: BotHarness) -> None:
    card = await _goal_steps_done(demo_bot, ADELE, "rapportera")
    mandate = await press(demo_bot, ADELE, card, "Nästa",
                          **{FIELD_FORECAST: "samma", FIELD_COMMENT: ""})
    refused = await press(demo_bot, ADELE, mandate, "Anmäl beslutet",
                          point="", point_text="", description="Skolskjuts för elev")
    assert "Välj en punkt." in _texts(refused)
    assert input_values(refused)["description"] == "Skolskjuts för elev"
    search = await demo_bot.post(demo_bot.activity(
        ADELE, type="invoke", name="application/search",
        value={"kind": "search", "queryText": "skolskjuts", "dataset": "delegation.points",
               "queryOptions": {"top": 5, "skip": 0}}))
    point_id = next(r["value"] for r in search.body["value"]["results"] if "5.3" in r["title"])
    added = await press(demo_bot, ADELE, refused, "Anmäl beslutet", point=point_id,
                        decided_on="2026-10-20", description="Skolskjuts för elev",
                        amount="2000")
    assert _step_line(added) == "Steg 6 av 7: Delegationsbeslut"
    shown = _texts(added)
    assert "markerat" in shown  # Adele holds no 5.3: accepted, flagged
    assert "Anmälda beslut denna månad: 1" in shown
    assert "BUN 5.3 · 20 oktober 2026 · Skolskjuts för elev (⚠ markerat" in shown
    review = await press(demo_bot, ADELE, added, "Nästa")
    assert "Beslut: BUN 5.3 · 20 oktober 2026 · Skolskjuts för elev" in _texts(review)
    assert "Delegationsbeslut: anmäl" not in _texts(review)


async def test_a_manager_without_delegation_points_has_no_delegation_step(
        any_db_url: str) -> None:
    seed_report_org(any_db_url)
    async with BotHarness(make_settings(any_db_url), clock=fixed_clock(OCTOBER_OPEN)) as bot:
        card = await _goal_steps_done(bot, ALEX, "rapportera")
        assert _step_line(card).endswith("Granska och skicka in")
        assert "Delegationsbeslut" not in _texts(card)


async def test_the_text_dialog_takes_a_decision_and_then_klart(demo_bot: BotHarness) -> None:
    await _goal_steps_done(demo_bot, ADELE, "rapportera")
    await demo_bot.send(ADELE, "rapportera text")
    reply = await demo_bot.send(ADELE, "samma")
    assert "**Delegationsbeslut** – oktober 2026" in reply.text
    reply = await demo_bot.send(ADELE, "BUN 5.6 2026-10-13 Avstängning av elev två dagar")
    assert "markerat" in reply.text
    assert "BUN 5.6 · 13 oktober 2026 · Avstängning av elev två dagar" in reply.text
    reply = await demo_bot.send(ADELE, "något annat")
    assert "anmäl beslut BUN 5.8" in reply.text
    reply = await demo_bot.send(ADELE, "klart")
    assert "Sammanfattning – Förskolan Solrosen, oktober 2026" in reply.text
    assert "Beslut: BUN 5.6" in reply.text
