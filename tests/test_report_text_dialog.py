"""The text-only report (``rapportera text``) as a manager types it, through the real
HTTP endpoint, on the demo kommun (Alex Wilber reports for Barn- och
utbildningsförvaltningen, inside the open October 2026 period)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
from sqlalchemy import select

from followup.report_rules import GoalForm, RawGoalInput, ResultValues
from followup.sv_format import format_number
from storage.db import make_async_engine, make_sessionmaker
from storage.models import AuditEntry, OrgUnit, Person, ReportingPeriod, UnitReport
from storage.reports import Actor, ReportForm, load_report_form, save_step
from testing.fake_connector import ConnectorLimits, FakeConnector
from testing.harness import ALEX, STRANGER, BotHarness, Reply, make_settings
from tests.conftest import DEMO_NOW, fixed_clock

PERIOD = "2026-10"
UNIT_CODE = "BUF"  # demo.seed.ALEX_UNIT_CODE


@dataclass
class Chat:
    """A conversation with the bot; the connector outlives bot restarts."""

    url: str
    connector: FakeConnector
    bot: BotHarness

    async def say(self, text: str) -> Reply:
        reply = await self.bot.send(ALEX, text)
        assert reply.status in (200, 202), reply.body
        assert reply.activities, f"no answer to {text!r}"
        return reply

    async def restart(self) -> None:
        """Stop the bot process-wide state (server, engine) and start a new one."""
        await self.bot.stop()
        self.bot = await BotHarness(
            make_settings(self.url), clock=fixed_clock(), connector=self.connector
        ).start()


@pytest.fixture
async def chat(demo_url: str) -> AsyncIterator[Chat]:
    # Teams' per-conversation rate limits are for people, not for a test typing 40
    # answers a second: switch them off.
    async with FakeConnector(limits=ConnectorLimits.unlimited()) as connector:
        bot = await BotHarness(make_settings(demo_url), clock=fixed_clock(),
                               connector=connector).start()
        session = Chat(demo_url, connector, bot)
        try:
            yield session
        finally:
            await session.bot.stop()


def buttons(reply: Reply) -> list[str]:
    """The answer buttons: Action.Submit with imBack data (issue 17 §8: the Playground did
    nothing on the hero card's imBack buttons), each posting its own title."""
    found = []
    for activity in reply.activities:
        for attachment in activity.attachments:
            for button in (attachment.get("content") or {}).get("actions", []):
                assert button["type"] == "Action.Submit"
                assert button["data"] == {"msteams": {"type": "imBack",
                                                      "value": button["title"]}}
                found.append(str(button["title"]))
    return found


async def form(url: str) -> ReportForm:
    """Alex's report for BUF as the service sees it now."""
    engine = make_async_engine(url)
    try:
        async with make_sessionmaker(engine)() as session:
            person = (await session.execute(
                select(Person).where(Person.aad_object_id == ALEX.aad_object_id))).scalar_one()
            unit = (await session.execute(
                select(OrgUnit).where(OrgUnit.code == UNIT_CODE))).scalar_one()
            result = await load_report_form(
                session, unit_id=unit.id, period=PERIOD,
                actor=Actor(person.id, person.name), now=DEMO_NOW,
                cfg=make_settings(url).calendar)
    finally:
        await engine.dispose()
    assert result.form is not None, result.outcome
    return result.form


async def stored(url: str) -> dict[int, ResultValues]:
    return (await form(url)).results


def value_for(goal: GoalForm, status: str = "Uppfylls") -> str:
    """A plausible value inside the goal's range, typed the Swedish way: the target, or
    for "Uppfylls inte" half-way from the baseline (a red at the target would be asked
    about)."""
    if (status.lower() == "uppfylls inte" and goal.baseline is not None
            and goal.target is not None):
        return format_number((goal.baseline + goal.target) / 2)
    return format_number(goal.target if goal.target is not None else 1.5)


def near_target(goal: GoalForm) -> float:
    """A decimal half a unit off the target: plausible for any status but red."""
    return (goal.target if goal.target is not None else 12.0) + 0.5


async def answer(chat: Chat, goal: GoalForm, status: str, *, value: str | None = None,
                 analysis: str = "Det gick enligt plan.",
                 actions: str = "Vi följer upp varje vecka.") -> Reply:
    """Answer one goal completely; returns the reply to the last answer."""
    reply = await chat.say(status)
    if goal.has_indicator:
        assert "Skriv ett tal" in reply.text
        reply = await chat.say(value if value is not None else value_for(goal, status))
    assert "Resultat och analys" in reply.text
    reply = await chat.say(analysis)
    if status != "Uppfylls":
        assert "Utveckling – åtgärder" in reply.text
        reply = await chat.say(actions)
    return reply


# --------------------------------------------------------------------------- tests


async def test_full_walk_through_by_text_ends_in_a_submitted_report(chat: Chat) -> None:
    goals = (await form(chat.url)).goals
    assert len(goals) >= 3

    reply = await chat.say("rapportera text")
    assert "Barn- och utbildningsförvaltningen" in reply.text
    assert "oktober 2026" in reply.text
    assert f"mål 1 av {len(goals)}" in reply.text
    assert goals[0].title in reply.text
    assert buttons(reply)[:3] == ["Uppfylls", "Uppfylls delvis", "Uppfylls inte"]
    assert {"Hoppa över", "Tillbaka", "Avbryt"} <= set(buttons(reply))

    plan = ["Uppfylls", "Uppfylls delvis", "Uppfylls inte"]
    for i, goal in enumerate(goals):
        status = plan[i % 3]
        reply = await answer(chat, goal, status,
                             value=format_number(near_target(goal)) if i == 0 else None,
                             analysis=f"Analys av mål {i + 1}.")
        if i + 1 < len(goals):
            assert f"Sparat som utkast ({i + 1} av {len(goals)} mål klara)" in reply.text
            assert goals[i + 1].title in reply.text

    # Alex holds delegation points: the anmälan after the goals, with what it covers
    assert "**Delegationsbeslut** – oktober 2026" in reply.text
    assert "Beslut fattade 1 oktober–31 oktober 2026" in reply.text
    reply = await chat.say("inga beslut")
    assert "Noterat: inga beslut på delegation oktober 2026." in reply.text
    assert "Sammanfattning – Barn- och utbildningsförvaltningen, oktober 2026" in reply.text
    counts = [sum(1 for i in range(len(goals)) if i % 3 == k) for k in range(3)]
    assert (f"Status: {counts[0]} uppfylls, {counts[1]} uppfylls delvis, "
            f"{counts[2]} uppfylls inte.") in reply.text
    assert "Skicka in" in buttons(reply)
    assert await _report_status(chat.url) == "draft"

    reply = await chat.say("Skicka in")
    assert "Tack, Alex!" in reply.text
    assert "är inskickad" in reply.text
    assert await _report_status(chat.url) == "submitted"

    results = await stored(chat.url)
    assert [results[g.goal_id].status for g in goals] == [
        ("green", "yellow", "red")[i % 3] for i in range(len(goals))]
    assert results[goals[0].goal_id].analysis == "Analys av mål 1."
    if goals[0].has_indicator:
        assert results[goals[0].goal_id].value == near_target(goals[0])
    assert results[goals[1].goal_id].actions == "Vi följer upp varje vecka."
    assert await _audit_count(chat.url, "unit_report.submit") == 1
    assert await _audit_count(chat.url, "goal_result.create") == len(goals)

    # The dialog is over: ordinary text goes back to the ordinary commands.
    reply = await chat.say("vad är klockan?")
    assert "förstod jag inte" in reply.text


async def test_skip_back_cancel_and_resume_where_it_stopped(chat: Chat) -> None:
    goals = (await form(chat.url)).goals
    await chat.say("rapportera text")
    reply = await answer(chat, goals[0], "Uppfylls")
    assert goals[1].title in reply.text

    reply = await chat.say("hoppa över")
    assert "inget sparades" in reply.text
    assert f"mål 3 av {len(goals)}" in reply.text and goals[2].title in reply.text

    reply = await chat.say("tillbaka")
    assert f"mål 2 av {len(goals)}" in reply.text and goals[1].title in reply.text

    reply = await chat.say("Tillbaka")
    assert f"mål 1 av {len(goals)}" in reply.text
    assert "Sparat hittills: uppfylls" in reply.text  # goal 1's draft is shown
    reply = await chat.say("hoppa över")
    assert f"mål 2 av {len(goals)}" in reply.text

    reply = await chat.say("avbryt")
    assert "sparat som utkast" in reply.text
    assert "rapportera text" in reply.text
    # Paused: ordinary text is not taken as an answer any more.
    reply = await chat.say("Uppfylls")
    assert "förstod jag inte" in reply.text

    results = await stored(chat.url)
    assert set(results) == {goals[0].goal_id}
    assert results[goals[0].goal_id].status == "green"

    reply = await chat.say("rapportera text")
    assert "Välkommen tillbaka" in reply.text
    assert f"mål 2 av {len(goals)}" in reply.text and goals[1].title in reply.text
    await answer(chat, goals[1], "Uppfylls")
    assert set(await stored(chat.url)) == {goals[0].goal_id, goals[1].goal_id}


async def test_a_word_instead_of_a_number_gets_a_swedish_retry_and_nothing_is_stored(
    chat: Chat,
) -> None:
    goals = (await form(chat.url)).goals
    index = next(i for i, g in enumerate(goals) if g.has_indicator)
    goal = goals[index]
    await chat.say("rapportera text")
    for _ in range(index):
        await chat.say("hoppa över")

    reply = await chat.say("Uppfylls")
    assert "Skriv ett tal" in reply.text
    reply = await chat.say("tolv")
    assert "”tolv” är inte ett tal" in reply.text
    assert "Resultat och analys" not in reply.text
    assert goal.goal_id not in await stored(chat.url)

    reply = await chat.say(format_number(near_target(goal)))  # e.g. "82,5"
    assert "Resultat och analys" in reply.text
    await chat.say("-")
    saved = (await stored(chat.url))[goal.goal_id]
    assert (saved.status, saved.value, saved.analysis) == ("green", near_target(goal), "")


async def test_missing_actions_for_uppfylls_inte_are_asked_for_again(chat: Chat) -> None:
    goal = (await form(chat.url)).goals[0]
    await chat.say("rapportera text")
    reply = await chat.say("uppfylls inte")
    if goal.has_indicator:
        reply = await chat.say(value_for(goal, "uppfylls inte"))
    reply = await chat.say("Vi ligger efter.")
    assert "Utveckling – åtgärder" in reply.text and "uppfylls inte" in reply.text

    reply = await chat.say("-")
    assert "Du behöver skriva vilka åtgärder ni gör" in reply.text
    assert goal.goal_id not in await stored(chat.url)

    reply = await chat.say("Extra lästräning två gånger i veckan.")
    assert "Sparat som utkast (1 av" in reply.text
    saved = (await stored(chat.url))[goal.goal_id]
    assert saved.status == "red"
    assert saved.analysis == "Vi ligger efter."
    assert saved.actions == "Extra lästräning två gånger i veckan."


async def test_the_dialog_survives_a_bot_restart_mid_goal(chat: Chat) -> None:
    goals = (await form(chat.url)).goals
    goal = next(g for g in goals if g.has_indicator)
    await chat.say("rapportera text")
    for g in goals:
        if g is goal:
            break
        await chat.say("hoppa över")
    reply = await chat.say("Uppfylls delvis")
    assert "Skriv ett tal" in reply.text

    await chat.restart()

    reply = await chat.say(value_for(goal))  # the value prompt is still waiting
    assert "Resultat och analys" in reply.text
    reply = await chat.say("Bättre än i september.")
    assert "Utveckling – åtgärder" in reply.text
    await chat.restart()
    reply = await chat.say("Fler vikarier.")
    assert "Sparat som utkast" in reply.text
    saved = (await stored(chat.url))[goal.goal_id]
    assert (saved.status, saved.analysis, saved.actions) == (
        "yellow", "Bättre än i september.", "Fler vikarier.")


async def test_an_out_of_range_percentage_is_refused_with_the_cards_message(
    chat: Chat,
) -> None:
    goals = (await form(chat.url)).goals
    index = next((i for i, g in enumerate(goals) if g.indicator_unit == "%"), None)
    if index is None:
        pytest.skip("the demo unit has no percentage indicator")
    await chat.say("rapportera text")
    for _ in range(index):
        await chat.say("hoppa över")
    await chat.say("Uppfylls")
    reply = await chat.say("150")
    assert "Resultat och analys" not in reply.text
    assert "100" in reply.text
    assert goals[index].goal_id not in await stored(chat.url)


async def test_summary_lists_what_is_missing_and_leads_there(chat: Chat) -> None:
    goals = (await form(chat.url)).goals
    await chat.say("rapportera text")
    reply: Reply | None = None
    for i, goal in enumerate(goals):
        if i == 1:
            reply = await chat.say("hoppa över")
        else:
            reply = await answer(chat, goal, "Uppfylls")
    assert reply is not None
    assert "**Delegationsbeslut** – oktober 2026" in reply.text  # Alex holds points
    reply = await chat.say("inga beslut")
    assert "Det här saknas innan du kan skicka in" in reply.text
    assert f"- {goals[1].title}" in reply.text
    assert "Skicka in" not in buttons(reply)
    reply = await chat.say("Fyll i det som saknas")
    assert goals[1].title in reply.text and f"mål 2 av {len(goals)}" in reply.text
    reply = await answer(chat, goals[1], "Uppfylls")
    assert "Allt är ifyllt" in reply.text
    assert await _report_status(chat.url) == "draft"

    await chat.say("avbryt")
    reply = await chat.say("rapportera text")
    assert "Du var framme vid sammanfattningen" in reply.text
    assert "Skicka in" in buttons(reply)


async def test_a_card_edit_in_between_is_not_overwritten(chat: Chat) -> None:
    """Someone saves the report from a card while Alex is typing: Alex's answer is not
    stored over it, Alex is told, and the goal is asked again with the new values."""
    goals = (await form(chat.url)).goals
    goal = goals[0]
    await chat.say("rapportera text")
    await chat.say("Uppfylls inte")
    if goal.has_indicator:
        await chat.say(value_for(goal, "Uppfylls inte"))
    await chat.say("Sämre än väntat.")  # now at "Utveckling – åtgärder"

    await _save_from_card(chat.url, goal.goal_id, status="green", analysis="Från kortet.")

    reply = await chat.say("Vi tar fram en plan.")
    assert "ändrade rapporten" in reply.text and "sparades inte" in reply.text
    assert "Sparat hittills: uppfylls" in reply.text  # the card's values are shown
    saved = (await stored(chat.url))[goal.goal_id]
    assert (saved.status, saved.analysis) == ("green", "Från kortet.")


async def test_people_who_report_for_no_unit_are_told_so(chat: Chat) -> None:
    reply = await chat.bot.send(STRANGER, "textrapport")
    assert "känner inte igen dig" in reply.text or "hittar dig inte" in reply.text


# --------------------------------------------------------------------------- helpers


async def _save_from_card(url: str, goal_id: int, *, status: str, analysis: str) -> None:
    """What a card step does: the same service, the version the card was made from."""
    current = await form(url)
    engine = make_async_engine(url)
    try:
        async with make_sessionmaker(engine)() as session:
            person = (await session.execute(
                select(Person).where(Person.aad_object_id == ALEX.aad_object_id))).scalar_one()
            result = await save_step(
                session, unit_id=current.unit.id, period=PERIOD,
                actor=Actor(person.id, person.name),
                inputs={goal_id: RawGoalInput(status=status, analysis=analysis)},
                expected_version=current.state.version, now=DEMO_NOW,
                cfg=make_settings(url).calendar)
    finally:
        await engine.dispose()
    assert result.ok, result.outcome


async def _report_status(url: str) -> str | None:
    engine = make_async_engine(url)
    try:
        async with make_sessionmaker(engine)() as session:
            row = (await session.execute(
                select(UnitReport.status)
                .join(OrgUnit, OrgUnit.id == UnitReport.unit_id)
                .join(ReportingPeriod, ReportingPeriod.id == UnitReport.period_id)
                .where(OrgUnit.code == UNIT_CODE, ReportingPeriod.period == PERIOD)
            )).scalar_one_or_none()
    finally:
        await engine.dispose()
    return row


async def _audit_count(url: str, action: str) -> int:
    """Audit entries of ``action`` for this period's results and report."""
    engine = make_async_engine(url)
    try:
        async with make_sessionmaker(engine)() as session:
            rows = (await session.execute(
                select(AuditEntry.id).where(AuditEntry.action == action,
                                            AuditEntry.entity_id.like(f"%:{PERIOD}"))
            )).all()
    finally:
        await engine.dispose()
    return len(rows)
