"""The leader's own analysis (distributed report): ``analys`` and its card, end to end on the
demo kommun through the real bot over HTTP; the progress rules as pure functions."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

from sqlalchemy import select

from cards.level_analysis import (
    VERB_DONE,
    VERB_OPEN,
    VERB_SAVE,
    LevelCardData,
    level_card,
    progress_line,
)
from followup.level_progress import (
    AnalysisState,
    LevelProgress,
    StoredAnalysis,
    level_progress,
    levels_ready_for_analysis,
)
from followup.org import Assignment, OrgTree, Unit
from storage.db import make_async_engine, make_sessionmaker
from storage.models import AuditEntry, LevelAnalysis, LevelAnalysisText, ReportingPeriod
from testing.adaptive_card_check import card_problems, iter_actions, iter_elements, text_of
from testing.harness import ADELE, ALEX, MEGAN, STRANGER, BotHarness

# ---------------------------------------------------------------- pure rules


def _tree() -> OrgTree:
    units = [
        Unit(1, "K", "Kommun", "kommun", None),
        Unit(2, "F", "Förvaltning", "forvaltning", 1),
        Unit(3, "A", "Avdelning", "avdelning", 2),
        Unit(4, "E1", "Enhet 1", "enhet", 3),
        Unit(5, "E2", "Enhet 2", "enhet", 3),
        Unit(6, "E3", "Enhet 3 (inga mål)", "enhet", 2),
    ]
    day = date(2026, 1, 1)
    return OrgTree.build(units, [Assignment(u, 100 + u, "manager", day) for u in range(1, 7)])


def test_a_level_is_ready_when_every_child_is_klar() -> None:
    tree = _tree()
    goals = {2, 3, 4, 5}
    status = {4: "submitted", 5: "draft"}
    assert levels_ready_for_analysis(tree, report_status=status, analysis={},
                                     with_goals=goals) == []
    status[5] = "submitted"
    # The avdelning's children are done; the förvaltning waits for the avdelning's analysis
    # (and its own report does not count for its own level).
    assert levels_ready_for_analysis(tree, report_status=status, analysis={},
                                     with_goals=goals) == [3]
    progress = level_progress(tree, 2, report_status=status, analysis={}, with_goals=goals)
    assert (progress.children_done, progress.children_total) == (1, 2)
    analysis = {3: AnalysisState.DONE}
    # The avdelning has its own goals: its report must be submitted too.
    assert levels_ready_for_analysis(tree, report_status=status, analysis=analysis,
                                     with_goals=goals) == []
    status[3] = "submitted"
    assert levels_ready_for_analysis(tree, report_status=status, analysis=analysis,
                                     with_goals=goals) == [2]
    analysis[2] = AnalysisState.DONE
    # The förvaltning's own report is still missing.
    assert levels_ready_for_analysis(tree, report_status=status, analysis=analysis,
                                     with_goals=goals) == []
    status[2] = "submitted"
    assert levels_ready_for_analysis(tree, report_status=status, analysis=analysis,
                                     with_goals=goals) == [1]


def test_progress_line_in_swedish_and_english() -> None:
    progress = LevelProgress(2, 3, 5, AnalysisState.NOT_STARTED)
    assert progress_line(progress, "forvaltning", "sv") == \
        "3 av 5 enheter klara, förvaltningens analys ej påbörjad"
    assert progress_line(LevelProgress(2, 1, 1, AnalysisState.DONE), "kommun", "sv") == \
        "1 av 1 enhet klar, kommunens analys klar"
    assert progress_line(progress, "avdelning", "en") == \
        "3 of 5 units done, the division's analysis not started"


# ---------------------------------------------------------------- conversations


def _buttons(card: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {a["verb"]: a for a in iter_actions(card) if a["type"] == "Action.Execute"}


def _inputs(card: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {e["id"]: e for e in iter_elements(card, "Input.Text")}


async def _analysis_rows(bot: BotHarness) -> tuple[list[LevelAnalysis], list[str], int]:
    engine = make_async_engine(bot.settings.database_url)
    async with make_sessionmaker(engine)() as session:
        # the demo's seeded analyses of the steering year's T1 2026 aside
        seeded = select(ReportingPeriod.id).where(ReportingPeriod.period == "2026-T1")
        rows = list((await session.execute(select(LevelAnalysis).where(
            LevelAnalysis.period_id.not_in(seeded)))).scalars())
        texts = list((await session.execute(
            select(LevelAnalysisText.text)
            .join(LevelAnalysis, LevelAnalysis.id == LevelAnalysisText.analysis_id)
            .where(LevelAnalysis.period_id.not_in(seeded)))).scalars())
        audits = len(list((await session.execute(
            select(AuditEntry).where(AuditEntry.entity == "level_analysis"))).scalars()))
    await engine.dispose()
    return rows, texts, audits


async def test_a_leader_writes_the_levels_analysis_and_marks_it_klar(
    demo_bot: BotHarness,
) -> None:
    reply = await demo_bot.send(ALEX, "analys")
    assert len(reply.cards) == 1, reply.texts
    card = reply.cards[0]
    assert card_problems(card) == []
    text = text_of(card)
    assert "Sammanfattande analys – Barn- och utbildningsförvaltningen" in text
    assert "förvaltningens analys ej påbörjad" in text
    assert "Inte klara än:" in text
    # The children's results in view: counts per perspective and the red goals' analysis.
    assert "Medborgare" in text and "uppfylls inte" in text
    assert "🔴 Uppfylls inte:" in text
    inputs = _inputs(card)
    assert set(inputs) == {"analysis.citizens", "analysis.operations", "analysis.economy",
                           "analysis.employees"}
    assert inputs["analysis.citizens"]["label"] == "Din analys – Medborgare"

    save = _buttons(card)[VERB_SAVE]
    first = await demo_bot.execute(ALEX, VERB_SAVE, {
        **save["data"], "analysis.citizens": "  Förskolan når målen; grundskolan halkar efter.  "})
    assert first.status == 200 and first.activities == []
    refreshed = first.invoke_card
    assert refreshed is not None
    assert "Analysen är sparad." in text_of(refreshed)
    assert "förvaltningens analys påbörjad" in text_of(refreshed)
    assert _inputs(refreshed)["analysis.citizens"]["value"] == \
        "Förskolan når målen; grundskolan halkar efter."

    done = _buttons(refreshed)[VERB_DONE]
    finished = await demo_bot.execute(ALEX, VERB_DONE, {
        **done["data"], "analysis.economy": "Prognosen pekar på underskott."})
    final = finished.invoke_card
    assert final is not None
    final_text = text_of(final)
    assert "Barn- och utbildningsförvaltningen är markerad klar för oktober 2026" in final_text
    assert "förvaltningens analys klar" in final_text
    assert "Markerad klar 4 november 2026 av Alex Wilber" in final_text
    assert VERB_DONE not in _buttons(final)  # klar once; the text can still be corrected

    rows, texts, audits = await _analysis_rows(demo_bot)
    assert [(r.status, r.version) for r in rows] == [("done", 2)]
    assert sorted(texts) == ["Förskolan når målen; grundskolan halkar efter.",
                             "Prognosen pekar på underskott."]
    assert audits == 2

    # Saving the same again writes nothing.
    again = await demo_bot.execute(ALEX, VERB_SAVE, _buttons(final)[VERB_SAVE]["data"])
    assert again.invoke_card is not None and "Inget ändrades." in text_of(again.invoke_card)
    assert (await _analysis_rows(demo_bot))[2] == 2


async def test_a_stale_card_does_not_overwrite_a_newer_analysis(demo_bot: BotHarness) -> None:
    card = (await demo_bot.send(ALEX, "analys")).cards[0]
    data = _buttons(card)[VERB_SAVE]["data"]
    ok = await demo_bot.execute(ALEX, VERB_SAVE, {**data, "analysis.citizens": "Version ett"})
    assert ok.invoke_card is not None
    stale = await demo_bot.execute(ALEX, VERB_SAVE, {**data, "analysis.citizens": "Gammal"})
    answer = stale.invoke_card
    assert answer is not None
    assert "Alex Wilber har ändrat analysen sedan kortet visades" in text_of(answer)
    assert _inputs(answer)["analysis.citizens"]["value"] == "Version ett"
    _rows, texts, _audits = await _analysis_rows(demo_bot)
    assert texts == ["Version ett"]


async def test_bad_input_is_told_per_field_and_nothing_is_stored(demo_bot: BotHarness) -> None:
    card = (await demo_bot.send(ALEX, "analys")).cards[0]
    data = _buttons(card)[VERB_SAVE]["data"]
    reply = await demo_bot.execute(ALEX, VERB_SAVE, {
        **data, "analysis.citizens": "å" * 4001, "analysis.economy": {"$gt": ""}})
    answer = reply.invoke_card
    assert answer is not None
    answer_text = text_of(answer)
    assert "Medborgare: texten är för lång (högst 4000 tecken)." in answer_text
    assert "Ekonomi: bara text kan sparas." in answer_text
    assert _inputs(answer)["analysis.citizens"]["errorMessage"].startswith("Medborgare")
    assert await _analysis_rows(demo_bot) == ([], [], 0)
    for bad in ({"unit": "x", "period": "2026-10", "version": 0},
                {"unit": 3, "period": "2026-13", "version": 0},
                {"unit": 3, "period": "2026-10", "version": -1}):
        refused = await demo_bot.execute(ALEX, VERB_SAVE, bad)
        assert refused.status == 200
        assert "Knappen gick inte att läsa" in str(refused.body)
    assert await _analysis_rows(demo_bot) == ([], [], 0)


async def test_only_the_leader_in_charge_writes_the_levels_analysis(
    demo_bot: BotHarness,
) -> None:
    alex_card = (await demo_bot.send(ALEX, "analys")).cards[0]
    data = _buttons(alex_card)[VERB_SAVE]["data"]
    # Adele leads no units; a forged button for Alex's level is refused.
    assert "ingen sammanfattande analys" in (await demo_bot.send(ADELE, "analys")).text
    forged = await demo_bot.execute(ADELE, VERB_SAVE, {**data, "analysis.citizens": "Hack"})
    assert "Du kan inte skriva analysen för den enheten." in str(forged.body)
    assert "ingen sammanfattande analys" in (await demo_bot.send(STRANGER, "analys")).text
    assert await _analysis_rows(demo_bot) == ([], [], 0)
    # The kommunchef has her own level: the kommun, with the förvaltningar below.
    megan = (await demo_bot.send(MEGAN, "analys")).cards[0]
    assert "Sammanfattande analys – Sjöviks kommun" in text_of(megan)
    assert "kommunens analys ej påbörjad" in text_of(megan)


def test_the_card_in_english() -> None:
    data = LevelCardData(unit_id=3, unit_name="BUF", unit_kind="forvaltning", period="2026-10",
                         progress=LevelProgress(3, 1, 3, AnalysisState.DRAFT),
                         analysis=StoredAnalysis(AnalysisState.DRAFT, 4, {"economy": "Deficit"}),
                         summary=None, pending=("A", "B"))
    card = level_card(data, lang="en")
    assert card_problems(card) == []
    text = text_of(card)
    assert "Summary analysis – BUF" in text and "October 2026" in text
    assert "1 of 3 units done, the administration's analysis started" in text
    assert "Not done yet: A, B" in text
    assert _inputs(card)["analysis.economy"]["value"] == "Deficit"
    assert _buttons(card)[VERB_SAVE]["data"] == {"unit": 3, "period": "2026-10", "version": 4}
    read_only = level_card(dataclasses.replace(data, may_edit=False), lang="sv")
    assert _inputs(read_only) == {} and _buttons(read_only) == {}
    assert "Deficit" in text_of(read_only)


async def test_summaries_show_the_levels_progress_and_analysis_first(
    demo_bot: BotHarness,
) -> None:
    card = (await demo_bot.send(ALEX, "analys")).cards[0]
    data = _buttons(card)[VERB_DONE]["data"]
    await demo_bot.execute(ALEX, VERB_DONE, {
        **data, "analysis.citizens": "Förskolorna når målen; grundskolan halkar efter."})

    alex = (await demo_bot.send(ALEX, "sammanställning")).cards[0]
    assert card_problems(alex) == []
    body_text = [text_of({"body": [e]}) for e in alex["body"]]
    first = next(i for i, t in enumerate(body_text) if "förvaltningens analys klar" in t)
    assert "Förvaltningens analys" in body_text[first]
    assert "Medborgare: Förskolorna når målen" in body_text[first].replace("**", "")
    overview = next(i for i, t in enumerate(body_text) if "Måluppfyllelse" in t or "Rapporter" in t)
    assert first < overview  # the leader's own text comes before the roll-up
    write = [a for a in iter_actions(alex) if a.get("verb") == VERB_OPEN]
    assert len(write) == 1 and write[0]["title"] == "Skriv förvaltningens analys"
    opened = await demo_bot.execute(ALEX, VERB_OPEN, write[0]["data"])
    assert opened.invoke_card is not None
    assert "Sammanfattande analys – Barn- och utbildningsförvaltningen" in text_of(
        opened.invoke_card)

    # The kommunchef reads the förvaltning's analysis first on the kommun's card.
    megan = (await demo_bot.send(MEGAN, "sammanställning")).cards[0]
    megan_text = text_of(megan).replace("**", "")
    assert "kommunens analys ej påbörjad" in megan_text
    assert "Kommunens sammanfattande analys är inte skriven än." in megan_text
    assert "Barn- och utbildningsförvaltningen (klar)" in megan_text
    assert "Förskolorna når målen" in megan_text
    assert megan_text.index("Förskolorna når målen") < megan_text.index("Rapportering")
    # Megan may open the kommun's analysis, not Alex's level from her card.
    assert [a["data"]["unit"] for a in iter_actions(megan) if a.get("verb") == VERB_OPEN] \
        != [data["unit"]]


async def test_a_leader_reading_someone_elses_level_gets_no_write_button(
    demo_bot: BotHarness,
) -> None:
    buf_id = _buttons((await demo_bot.send(ALEX, "analys")).cards[0])[VERB_SAVE]["data"]["unit"]
    megan = (await demo_bot.send(MEGAN, "sammanställning")).cards[0]
    buf = next(a for a in iter_actions(megan) if a.get("verb") == "summary.show"
               and a["data"].get("unit") == buf_id)
    inner = (await demo_bot.execute(MEGAN, buf["verb"], buf["data"])).invoke_card
    assert inner is not None
    assert "förvaltningens analys ej påbörjad" in text_of(inner)
    assert not [a for a in iter_actions(inner) if a.get("verb") == VERB_OPEN]


# ---------------------------------------------------------------- prompts to the leaders


def _submit_reports_of(db_url: str, codes: list[str], period: str = "2026-10") -> None:
    """Mark the units' reports submitted (as if their managers had sent them in)."""
    from datetime import UTC, datetime

    from sqlalchemy import create_engine, insert, update

    from storage.db import sync_url
    from storage.models import OrgUnit, ReportingPeriod, UnitReport

    engine = create_engine(sync_url(db_url))
    with engine.begin() as conn:
        period_id = conn.execute(select(ReportingPeriod.id).where(
            ReportingPeriod.period == period)).scalar_one()
        for code in codes:
            unit_id = conn.execute(select(OrgUnit.id).where(OrgUnit.code == code)).scalar_one()
            existing = conn.execute(select(UnitReport.id).where(
                UnitReport.unit_id == unit_id, UnitReport.period_id == period_id)).scalar()
            now = datetime(2026, 11, 4, 8, tzinfo=UTC)
            if existing is None:
                conn.execute(insert(UnitReport).values(
                    unit_id=unit_id, period_id=period_id, status="submitted", late=False,
                    version=1, submitted_at=now, updated_at=now))
            else:
                conn.execute(update(UnitReport).where(
                    UnitReport.id == existing).values(status="submitted", submitted_at=now))
    engine.dispose()


async def _level_prompts(bot: BotHarness) -> list[tuple[str, str, str]]:
    from storage.models import OrgUnit, OutboxMessage, Person

    engine = make_async_engine(bot.settings.database_url)
    async with make_sessionmaker(engine)() as session:
        rows = (await session.execute(
            select(Person.name, OrgUnit.code, OutboxMessage.payload)
            .join(Person, Person.id == OutboxMessage.person_id)
            .join(OrgUnit, OrgUnit.id == OutboxMessage.unit_id)
            .where(OutboxMessage.kind == "level_prompt"))).all()
    await engine.dispose()
    return sorted((name, code, payload["text"]) for name, code, payload in rows)


async def test_the_leader_is_asked_once_the_last_unit_below_has_submitted(
    demo_bot: BotHarness, demo_url: str,
) -> None:
    from followup.economy_step import FIELD_COMMENT, FIELD_FORECAST
    from tests.test_report_flow import fill_and_next, no_delegated_decisions, press, step_line

    # Förskoleverksamheten (Lena Bergström) leads three förskolor; two are in already.
    engine = make_async_engine(demo_url)
    async with make_sessionmaker(engine)() as session:
        from storage.models import OrgUnit

        solrosen = (await session.execute(select(OrgUnit).where(
            OrgUnit.name.like("Förskolan Solrosen%")))).scalars().one()
        parent = await session.get(OrgUnit, solrosen.parent_id)
        assert parent is not None
        siblings = list((await session.execute(select(OrgUnit.code).where(
            OrgUnit.parent_id == parent.id, OrgUnit.id != solrosen.id))).scalars())
        parent_code = parent.code
    await engine.dispose()
    _submit_reports_of(demo_url, siblings)
    assert await _level_prompts(demo_bot) == []

    prompt = (await demo_bot.send(ADELE, "rapportera")).cards[0]
    card = await press(demo_bot, ADELE, prompt, "Rapportera")
    while "Granska och skicka in" not in str(card):
        if FIELD_FORECAST in str(card):  # the förskola has a budget: its Ekonomi step
            card = await press(demo_bot, ADELE, card, "Nästa", **{
                FIELD_FORECAST: "samma som förra månaden", FIELD_COMMENT: "Enligt plan."})
        elif step_line(card).endswith(": Delegationsbeslut"):  # Adele holds points
            card = await no_delegated_decisions(demo_bot, ADELE, card)
        else:
            card = await fill_and_next(demo_bot, ADELE, card)
    receipt = await press(demo_bot, ADELE, card, "Skicka in")
    assert "Rapporten är inskickad" in str(receipt)

    prompts = await _level_prompts(demo_bot)
    assert [(name, code) for name, code, _text in prompts] == [
        ("Lena Bergström", parent_code)]
    assert "Alla enheter under Förskoleverksamheten är klara för oktober 2026" in prompts[0][2]
    # Submitting again (a replay) asks nobody a second time.
    await press(demo_bot, ADELE, card, "Skicka in")
    assert len(await _level_prompts(demo_bot)) == 1


async def test_at_the_deadline_every_leader_not_done_is_asked(demo_bot: BotHarness) -> None:
    from services.level_analysis import queue_level_prompts
    from tests.conftest import DEMO_NOW

    card = (await demo_bot.send(ALEX, "analys")).cards[0]
    await demo_bot.execute(ALEX, VERB_DONE, {**_buttons(card)[VERB_DONE]["data"],
                                             "analysis.citizens": "Klart."})
    engine = make_async_engine(demo_bot.settings.database_url)
    async with make_sessionmaker(engine)() as session:
        queued = await queue_level_prompts(session, period="2026-10", now=DEMO_NOW,
                                           calendar=demo_bot.settings.calendar, lang="sv",
                                           at_deadline=True)
        await session.commit()
        again = await queue_level_prompts(session, period="2026-10", now=DEMO_NOW,
                                          calendar=demo_bot.settings.calendar, lang="sv",
                                          at_deadline=True)
    await engine.dispose()
    prompts = await _level_prompts(demo_bot)
    assert queued == len(prompts) > 3 and again == 0
    names = {name for name, _code, _text in prompts}
    assert "Megan Bowen" in names  # the kommun's level is not done
    assert "Alex Wilber" not in names  # his level is marked klar
