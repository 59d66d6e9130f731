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


async def test_the_button_counts_only_decisions_still_without_this_months_status(
    demo_bot: BotHarness,
) -> None:
    url = demo_bot.settings.database_url
    buf = _unit_id(url, "BUF")

    async def decision_buttons() -> list[dict[str, object]]:
        review = await demo_bot.execute(
            ALEX, VERB_OPEN, {"unit": buf, "period": "2026-10", "step": REVIEW_STEP})
        assert review.invoke_card is not None
        return [a for a in iter_actions(review.invoke_card) if a.get("verb") == "decision.open"]

    assert len(await decision_buttons()) == 1
    engine = create_engine(sync_url(url))
    with engine.connect() as conn:
        open_ones = conn.execute(
            select(Decision.id, Decision.status)
            .where(Decision.unit_id == buf, Decision.status.in_(("not_started", "in_progress")))
        ).all()
    engine.dispose()
    assert open_ones
    data: dict[str, object] = {"unit_id": buf, "period": "2026-10"}
    for decision_id, status in open_ones:
        data |= {f"expected_{decision_id}": status, f"status_{decision_id}": "in_progress",
                 f"comment_{decision_id}": "Arbetet pågår enligt plan."}
    answered = await demo_bot.execute(ALEX, "decision.round", data)
    assert answered.status == 200 and answered.invoke_card is not None
    assert await decision_buttons() == []  # every open decision has October's status
