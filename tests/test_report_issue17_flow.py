"""Issue 17 as a manager meets it in Teams, through the real endpoint on the demo kommun:
an unlikely value is asked about before it is saved (card and text dialog), "ja" submits
in the text dialog, the receipt stays when the decisions come, a change to a submitted
report says it is live and the leader whose summary went out is told."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import create_engine, insert, select

from cards.common import iter_elements
from storage.db import sync_url
from storage.models import GoalResult, OrgUnit, OutboxMessage, Person, UnitReport
from testing.adaptive_card_check import text_of
from testing.fake_connector import ConnectorLimits, FakeConnector
from testing.harness import ALEX, MEGAN, BotHarness, make_settings
from tests.conftest import fixed_clock
from tests.test_report_flow import (
    button,
    fill_green,
    goal_ids,
    input_values,
    press,
    start_report,
    to_review,
)

PERIOD = "2026-10"


@pytest.fixture
async def bot(demo_url: str) -> AsyncIterator[BotHarness]:
    # a person typing 20 answers a second is a test: no per-conversation rate limit
    async with FakeConnector(limits=ConnectorLimits.unlimited()) as connector:
        harness = await BotHarness(make_settings(demo_url), clock=fixed_clock(),
                                   connector=connector).start()
        try:
            yield harness
        finally:
            await harness.stop()


def _db(bot: BotHarness) -> Any:
    return create_engine(sync_url(bot.settings.database_url))


def _october_value(bot: BotHarness, goal_id: int) -> Any:
    engine = _db(bot)
    try:
        with engine.connect() as conn:
            from storage.models import ReportingPeriod

            return conn.execute(
                select(GoalResult.value).join(ReportingPeriod,
                                              ReportingPeriod.id == GoalResult.period_id)
                .where(GoalResult.goal_id == goal_id, ReportingPeriod.period == PERIOD)
            ).scalar_one_or_none()
    finally:
        engine.dispose()


# --------------------------------------------------------------------------- plausibility


async def test_an_unlikely_value_is_asked_about_and_saved_only_once_confirmed(
    bot: BotHarness,
) -> None:
    card = await start_report(bot)
    first = goal_ids(card)[0]  # "Alla elever når kunskapskraven", target 82 %
    fill = fill_green(card)
    fill[f"g{first}.value"] = "12,5 %"
    warned = await press(bot, ALEX, card, "Nästa", **fill)
    shown = text_of(warned)
    assert "Steg 1 av 6" in shown  # not saved, not moved on
    assert "Utfallet 12,5 % ligger långt från" in shown
    assert "Du har valt Uppfylls, men utfallet 12,5 % når inte målvärdet 82 %" in shown
    assert "Stämmer, spara ändå" in text_of(warned["body"][-1])  # right above the buttons
    assert _october_value(bot, first) is None

    again = await press(bot, ALEX, warned, "Nästa")  # pressed again without ticking
    assert "ligger långt från" in text_of(again) and _october_value(bot, first) is None

    toggle = next(e for e in iter_elements(again) if e.get("id") == f"g{first}.confirm")
    saved = await press(bot, ALEX, again, "Nästa", **{f"g{first}.confirm": toggle["valueOn"]})
    assert "Steg 2 av 6" in text_of(saved)
    assert _october_value(bot, first) == 12.5


async def test_the_text_dialog_asks_about_an_unlikely_value_and_ja_saves_it(
    bot: BotHarness,
) -> None:
    reply = await bot.send(ALEX, "rapportera text")
    assert "Alla elever når kunskapskraven" in reply.text
    await bot.send(ALEX, "Uppfylls")
    reply = await bot.send(ALEX, "12,5 %")  # with its unit, as people type it
    assert "Resultat och analys" in reply.text
    reply = await bot.send(ALEX, "Stora förändringar i år.")
    assert "Innan jag sparar" in reply.text and "12,5 %" in reply.text
    assert "Stämmer, spara ändå" in str(reply.activities[-1].attachments)
    goal_id = _goal_id(bot, "BUF", "Alla elever når kunskapskraven")
    assert goal_id and _october_value(bot, goal_id) is None
    reply = await bot.send(ALEX, "ja")
    assert "Sparat som utkast (1 av 10 mål klara)" in reply.text
    assert _october_value(bot, goal_id) == 12.5


async def test_andra_at_the_question_asks_the_goal_again_and_saves_nothing(
    bot: BotHarness,
) -> None:
    await bot.send(ALEX, "rapportera text")
    await bot.send(ALEX, "Uppfylls inte")
    await bot.send(ALEX, "95")  # reaches the 82 % target, yet "uppfylls inte"
    await bot.send(ALEX, "Analys.")
    reply = await bot.send(ALEX, "Extra stöd.")
    assert "Du har valt Uppfylls inte, men utfallet 95 % når målvärdet 82 %" in reply.text
    reply = await bot.send(ALEX, "Ändra")
    assert "Alla elever når kunskapskraven" in reply.text  # asked again
    assert _october_value(bot, _goal_id(bot, "BUF", "Alla elever når kunskapskraven")) is None


def _goal_id(bot: BotHarness, unit_code: str, title: str) -> int:
    from storage.models import Goal

    engine = _db(bot)
    try:
        with engine.connect() as conn:
            return int(conn.execute(
                select(Goal.id).join(OrgUnit, OrgUnit.id == Goal.unit_id)
                .where(OrgUnit.code == unit_code, Goal.title == title)).scalar_one())
    finally:
        engine.dispose()


# --------------------------------------------------------------------------- submit & after


async def _complete_by_card(bot: BotHarness) -> dict[str, Any]:
    """Every goal filled in and the Delegationsbeslut step answered ("inga beslut")."""
    return await to_review(bot, ALEX, await start_report(bot))


async def test_ja_submits_at_the_text_dialogs_question(bot: BotHarness) -> None:
    review = await _complete_by_card(bot)
    assert "Skicka in" in [b["title"] for b in iter_elements(review) if "verb" in b]
    reply = await bot.send(ALEX, "rapportera text")
    assert "Vill du skicka in rapporten?" in reply.text
    reply = await bot.send(ALEX, "ja")
    assert "Tack, Alex!" in reply.text and "är inskickad" in reply.text
    assert _report_status(bot, "BUF") == "submitted"


def _report_status(bot: BotHarness, code: str) -> str | None:
    engine = _db(bot)
    try:
        with engine.connect() as conn:
            return conn.execute(select(UnitReport.status).join(
                OrgUnit, OrgUnit.id == UnitReport.unit_id).where(OrgUnit.code == code)
                .order_by(UnitReport.id.desc())).scalars().first()
    finally:
        engine.dispose()


async def test_the_receipt_stays_and_the_decisions_come_as_a_message_of_their_own(
    bot: BotHarness,
) -> None:
    review = await _complete_by_card(bot)
    submit = button(review, "Skicka in")
    reply = await bot.execute(ALEX, submit["verb"], dict(submit["data"]))
    receipt = reply.invoke_card
    assert receipt is not None and "Tack, Alex! Rapporten är inskickad." in text_of(receipt)
    assert "de kommer i ett eget meddelande" in text_of(receipt)
    decisions = [c for c in reply.cards if "beslut" in text_of(c).lower()]
    assert decisions, "the unit's open decisions come as a card of their own"
    verbs = [str(a.get("verb")) for a in iter_elements(receipt) if "verb" in a]
    assert "decision.open" not in verbs  # nothing on the receipt replaces it
    # the receipt's decision button keeps the receipt as well
    again = next(a for a in iter_elements(receipt) if a.get("verb") == "report.decisions")
    pressed = await bot.execute(ALEX, again["verb"], dict(again["data"]))
    assert pressed.invoke_card is not None
    assert "Rapporten är inskickad" in text_of(pressed.invoke_card)
    assert any("beslut" in text_of(c).lower() for c in pressed.cards)


async def test_a_change_to_a_submitted_report_is_said_to_be_live_and_the_leader_is_told(
    bot: BotHarness,
) -> None:
    review = await _complete_by_card(bot)
    submit = button(review, "Skicka in")
    receipt = (await bot.execute(ALEX, submit["verb"], dict(submit["data"]))).invoke_card
    assert receipt is not None
    megan, kommun = _summary_sent_to_megan(bot)

    step = await press(bot, ALEX, receipt, "Ändra")
    first = goal_ids(step)[0]
    changed = await press(bot, ALEX, step, "Spara utkast",
                          **{f"g{first}.analysis": "Ny analys efter uppföljningen."})
    shown = text_of(changed)
    assert "Ändringen är sparad i den inskickade rapporten" in shown
    assert "Utkastet sparades" not in shown

    engine = _db(bot)
    try:
        with engine.connect() as conn:
            notices = conn.execute(select(OutboxMessage.person_id, OutboxMessage.payload)
                                   .where(OutboxMessage.kind == "report_changed")).all()
    finally:
        engine.dispose()
    assert [n.person_id for n in notices] == [megan]
    text = notices[0].payload["text"]
    assert "Alex Wilber har ändrat Barn- och utbildningsförvaltningen" in text
    assert "efter att din sammanställning skickades" in text
    assert kommun  # the summary covered the whole kommun
    # saving the same again tells nobody twice
    await press(bot, ALEX, changed, "Spara utkast",
                **{f"g{first}.analysis": "Ny analys efter uppföljningen, igen."})
    engine = _db(bot)
    try:
        with engine.connect() as conn:
            count = len(conn.execute(select(OutboxMessage.id)
                                     .where(OutboxMessage.kind == "report_changed")).all())
    finally:
        engine.dispose()
    assert count == 1
    assert input_values(changed)  # the step is still there to go on with


def _summary_sent_to_megan(bot: BotHarness) -> tuple[int, int]:
    """What the summary day left behind: Megan's summary of the kommun, sent."""
    engine = _db(bot)
    now = datetime(2026, 11, 9, 7, 0, tzinfo=UTC)
    try:
        with engine.begin() as conn:
            megan = conn.execute(select(Person.id).where(
                Person.aad_object_id == MEGAN.aad_object_id)).scalar_one()
            kommun = conn.execute(select(OrgUnit.id).where(
                OrgUnit.parent_id.is_(None))).scalars().first()
            conn.execute(insert(OutboxMessage).values(
                dedupe_key=f"summary:p{megan}:{PERIOD}:u{kommun}", kind="summary",
                person_id=megan, period=PERIOD, unit_id=kommun,
                payload={"text": "Sammanställning"}, status="sent", attempts=1,
                next_attempt_at=now, created_at=now, sent_at=now))
    finally:
        engine.dispose()
    return int(megan), int(kommun)


async def test_a_change_by_text_to_a_submitted_report_tells_the_leader_too(
    bot: BotHarness,
) -> None:
    review = await _complete_by_card(bot)
    submit = button(review, "Skicka in")
    await bot.execute(ALEX, submit["verb"], dict(submit["data"]))
    megan, _kommun = _summary_sent_to_megan(bot)
    reply = await bot.send(ALEX, "rapportera text")
    assert "Alla elever når kunskapskraven" in reply.text
    await bot.send(ALEX, "Uppfylls")
    await bot.send(ALEX, "82 %")
    reply = await bot.send(ALEX, "Målet nås efter extra insatser.")
    assert "Ändringen är sparad i den inskickade rapporten" in reply.text
    engine = _db(bot)
    try:
        with engine.connect() as conn:
            people = conn.execute(select(OutboxMessage.person_id)
                                  .where(OutboxMessage.kind == "report_changed")).scalars().all()
    finally:
        engine.dispose()
    assert people == [megan]
