"""The monthly round's last step links to the unit's open decisions (beslut)."""

from __future__ import annotations

from sqlalchemy import create_engine, select, update

from cards.report import REVIEW_STEP, VERB_OPEN
from storage.db import sync_url
from storage.models import Decision, OrgUnit
from testing.adaptive_card_check import iter_actions, text_of
from testing.harness import ADELE, ALEX, BotHarness


def _unit_id(url: str, code: str) -> int:
    engine = create_engine(sync_url(url))
    with engine.connect() as conn:
        value = conn.execute(select(OrgUnit.id).where(OrgUnit.code == code)).scalar_one()
    engine.dispose()
    return int(value)


async def test_review_step_offers_the_units_open_decisions(demo_bot: BotHarness) -> None:
    buf = _unit_id(demo_bot.settings.database_url, "BUF")
    review = await demo_bot.execute(
        ALEX, VERB_OPEN, {"unit": buf, "period": "2026-10", "step": REVIEW_STEP})
    card = review.invoke_card
    assert card is not None
    buttons = [a for a in iter_actions(card) if a.get("verb") == "decision.open"]
    assert len(buttons) == 1, "BUF has open decisions in the demo kommun"
    assert buttons[0]["data"]["unit_id"] == buf
    assert "beslut" in buttons[0]["title"].lower()

    opened = await demo_bot.execute(ALEX, "decision.open", buttons[0]["data"])
    assert opened.invoke_card is not None
    shown = text_of(opened.invoke_card)
    assert "BUN" in shown or "KS" in shown  # the decisions' diarienummer are listed


async def test_no_decision_button_once_the_units_decisions_are_done(
    demo_bot: BotHarness,
) -> None:
    url = demo_bot.settings.database_url
    adele_unit = _unit_id(url, "BUF-FS-01")

    async def review_buttons() -> list[str]:
        review = await demo_bot.execute(
            ADELE, VERB_OPEN, {"unit": adele_unit, "period": "2026-10", "step": REVIEW_STEP})
        assert review.invoke_card is not None
        return [str(a.get("verb")) for a in iter_actions(review.invoke_card)]

    assert "decision.open" in await review_buttons()  # the demo has one overdue for her
    engine = create_engine(sync_url(url))
    with engine.begin() as conn:
        conn.execute(update(Decision).where(Decision.unit_id == adele_unit)
                     .values(status="done"))
    engine.dispose()
    assert "decision.open" not in await review_buttons()
