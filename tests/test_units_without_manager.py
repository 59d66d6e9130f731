"""Units without a manager (issue 11, items 2 and 3), through the real bot over HTTP.

The decision organisation plus two units under Socialförvaltningen (Alex Wilber) that have
nobody in charge: Utvecklingsenheten (an open decision, no goals) and Hemtjänst Öster (a
goal). Alex, the nearest leader, answers for both: he gets their cards, may update their
decisions and report for them, and the cards say why. Leaders' summaries list them.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from followup.calendar import CalendarConfig
from scheduler.jobs import run_job
from services.decisions import queue_decision_prompts
from services.round_rules import Job
from storage.db import make_async_engine, make_sessionmaker, sync_url
from storage.models import Decision, DecisionUpdate, Goal, OrgUnit, OutboxMessage, UnitReport
from testing.adaptive_card_check import text_of
from testing.decision_fixtures import BO_AAD, DecisionOrg, seed_decision_org
from testing.harness import ALEX, MEGAN, BotHarness, ChatUser, make_settings
from tests.conftest import DEMO_NOW, fixed_clock
from tests.test_report_flow import button, buttons, fill_green, press

LEADER_LINE = "Enheten saknar chef – du ansvarar för den som närmaste chef"
BO = ChatUser("Bo Berg", BO_AAD)


@dataclass(frozen=True)
class Org:
    url: str
    base: DecisionOrg
    utv: int  # Utvecklingsenheten: an open decision, no goals
    ost: int  # Hemtjänst Öster: a goal
    decision: int


def _add_units_without_manager(url: str, base: DecisionOrg) -> Org:
    engine = create_engine(sync_url(url))
    try:
        with Session(engine) as session, session.begin():
            soc = session.get(OrgUnit, base.units["SOC"])
            assert soc is not None
            made: dict[str, OrgUnit] = {}
            for code, name in (("SOC-UTV", "Utvecklingsenheten"), ("HEM-O", "Hemtjänst Öster")):
                row = OrgUnit(code=code, name=name, kind="enhet", parent_id=soc.id, path="/",
                              depth=soc.depth + 1)
                session.add(row)
                session.flush()
                row.path = f"{soc.path}{row.id}/"
                made[code] = row
            session.add(Goal(ref="G-HEM-O-1", unit_id=made["HEM-O"].id, perspective="citizens",
                             title="Trygg hemtjänst i Öster", description="",
                             valid_from=date(2026, 1, 1), valid_to=date(2026, 12, 31),
                             sort_order=1))
            decision = Decision(reference="KS 2026/40", decided_on=date(2026, 9, 1),
                                decided_by="KS", title="Ny modell för verksamhetsutveckling",
                                assignment="Ta fram en modell.", unit_id=made["SOC-UTV"].id,
                                due_date=date(2027, 6, 30), status="not_started",
                                created_at=DEMO_NOW)
            session.add(decision)
            session.flush()
            return Org(url, base, made["SOC-UTV"].id, made["HEM-O"].id, decision.id)
    finally:
        engine.dispose()


@pytest.fixture
def org(any_db_url: str) -> Org:
    return _add_units_without_manager(any_db_url, seed_decision_org(any_db_url))


@pytest.fixture
async def bot(org: Org) -> AsyncIterator[BotHarness]:
    async with BotHarness(make_settings(org.url), clock=fixed_clock()) as harness:
        yield harness


async def _outbox(url: str) -> list[OutboxMessage]:
    engine = make_async_engine(url)
    try:
        async with make_sessionmaker(engine)() as session:
            return list((await session.execute(
                select(OutboxMessage).order_by(OutboxMessage.id))).scalars())
    finally:
        await engine.dispose()


# --------------------------------------------------------------------------- decisions


async def test_the_leader_who_gets_the_decision_card_may_answer_it(
    bot: BotHarness, org: Org
) -> None:
    engine = make_async_engine(org.url)
    async with make_sessionmaker(engine)() as session:
        await queue_decision_prompts(session, period="2026-10", now=DEMO_NOW,
                                     calendar=CalendarConfig(), lang="sv")
        await session.commit()
    await engine.dispose()
    (prompt,) = [r for r in await _outbox(org.url) if r.unit_id == org.utv]
    assert prompt.person_id == org.base.people["alex"]
    card = prompt.payload["card"]
    assert LEADER_LINE in text_of(card)

    (save,) = [a for a in buttons(card) if a["verb"] == "decision.round"]
    data = {**save["data"], f"status_{org.decision}": "in_progress",
            f"comment_{org.decision}": "Arbetsgrupp tillsatt."}
    # Megan leads the kommun, but Alex is the nearest leader: only he answers for it.
    refused = await bot.execute(MEGAN, "decision.round", data)
    assert "Du kan inte följa upp besluten för Utvecklingsenheten" in text_of(
        refused.invoke_card or {})
    reply = await bot.execute(ALEX, "decision.round", data)
    assert "Tack! Status för besluten" in text_of(reply.invoke_card or {})

    # …and one decision by its reference: the status choice, and why it is his.
    (single,) = (await bot.send(ALEX, "beslut KS 2026/40")).cards
    assert LEADER_LINE in text_of(single)
    assert any(e.get("id") == "status" for e in _inputs(single))

    sync = create_engine(sync_url(org.url))
    with sync.connect() as conn:
        updates = conn.execute(select(DecisionUpdate.status, DecisionUpdate.comment,
                                      DecisionUpdate.person_id)
                               .where(DecisionUpdate.decision_id == org.decision)).all()
        status = conn.execute(select(Decision.status)
                              .where(Decision.id == org.decision)).scalar_one()
    sync.dispose()
    assert updates == [("in_progress", "Arbetsgrupp tillsatt.", org.base.people["alex"])]
    assert status == "in_progress"


def _inputs(card: dict[str, object]) -> list[dict[str, object]]:
    from cards.common import iter_elements

    return [e for e in iter_elements(card) if str(e.get("type", "")).startswith("Input.")]


# --------------------------------------------------------------------------- reports


async def test_the_leader_is_prompted_for_and_reports_for_a_unit_without_a_manager(
    bot: BotHarness, org: Org
) -> None:
    settings = make_settings(org.url)
    engine = make_async_engine(org.url)
    try:
        report = await run_job(make_sessionmaker(engine), settings, Job.OPEN, now=DEMO_NOW,
                               period="2026-10")
    finally:
        await engine.dispose()
    assert report.orphan_units == []
    # One prompt per person (issue 17 §8): Alex's may list his other units too.
    (prompt,) = [r for r in await _outbox(org.url)
                 if r.kind == "prompt" and r.person_id == org.base.people["alex"]]
    assert prompt.person_id == org.base.people["alex"]
    assert LEADER_LINE in text_of(prompt.payload["card"])

    (card,) = (await bot.send(ALEX, "rapportera")).cards
    assert "Hemtjänst Öster" in text_of(card) and LEADER_LINE in text_of(card)
    step = await press(bot, ALEX, card, "Rapportera – Hemtjänst Öster")
    assert "Trygg hemtjänst i Öster" in text_of(step)
    review = await press(bot, ALEX, step, "Nästa", **fill_green(step))
    receipt = await press(bot, ALEX, review, button(review, "Skicka in")["title"])
    assert "Alex Wilber (närmaste chef)" in text_of(receipt)

    sync = create_engine(sync_url(org.url))
    with sync.connect() as conn:
        row = conn.execute(select(UnitReport.status, UnitReport.submitted_by_role)
                           .where(UnitReport.unit_id == org.ost)).one()
    sync.dispose()
    assert tuple(row) == ("submitted", "leader")


# --------------------------------------------------------------------------- summaries


async def test_leaders_summaries_list_the_units_without_a_manager(bot: BotHarness) -> None:
    for user in (MEGAN, ALEX):  # the kommunchef's and the förvaltningschef's summaries
        reply = await bot.send(user, "sammanställning")
        (card,) = reply.cards
        text = text_of(card)
        assert "Utan chef (2): Hemtjänst Öster; Utvecklingsenheten" in text, user.name
        assert "Utan chef: 2" in text
    (card,) = (await bot.send(BO, "sammanställning")).cards  # BUF has managers everywhere
    assert "Utan chef" not in text_of(card)

    english = ChatUser("Megan Bowen", MEGAN.aad_object_id, locale="en-US")
    (card,) = (await bot.send(english, "summary")).cards
    assert "Without a manager (2): Hemtjänst Öster; Utvecklingsenheten" in text_of(card)


async def test_the_summary_message_counts_the_units_without_a_manager(org: Org) -> None:
    from services.summaries import queue_summaries

    engine = make_async_engine(org.url)
    async with make_sessionmaker(engine)() as session:
        await queue_summaries(session, period="2026-10", now=DEMO_NOW, lang="sv",
                              calendar=CalendarConfig())
        await session.commit()
    await engine.dispose()
    texts = {r.person_id: r.payload["text"] for r in await _outbox(org.url)
             if r.kind == "summary"}
    assert texts[org.base.people["megan"]].endswith(" 2 enheter saknar chef.")
    assert "saknar chef" not in texts[org.base.people["bo"]]
