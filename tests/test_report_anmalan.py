"""The Delegationsbeslut step belongs to the person, not the unit (#15): a manager with
two units answers the anmälan once, in the first unit's report they reach; the other
unit's report shows one line and does not ask it again, on the cards and by text."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import create_engine, event, insert, select

from cards.common import iter_elements
from followup.economy_step import FIELD_COMMENT, FIELD_FORECAST
from storage.db import sync_url
from storage.models import (
    Goal,
    ManagerAssignment,
    OrgUnit,
    Person,
    ReportingPeriod,
    UnitReport,
)
from testing.adaptive_card_check import text_of
from testing.harness import ALEX, BotHarness, make_settings
from tests.conftest import fixed_clock
from tests.test_report_flow import (
    buttons,
    fill_and_next,
    goal_ids,
    no_delegated_decisions,
    press,
    start_report,
    step_line,
)

BUF = "Barn- och utbildningsförvaltningen"


def _give_alex_a_second_unit(url: str) -> str:
    """Alex (förvaltningschef, holds delegation points) also stands in as the manager of a
    skola with goals (ställföreträdare October–December)."""
    engine = create_engine(sync_url(url))
    try:
        with engine.begin() as conn:
            alex = conn.execute(select(Person.id).where(
                Person.aad_object_id == ALEX.aad_object_id)).scalar_one()
            mine = set(conn.execute(select(ManagerAssignment.unit_id).where(
                ManagerAssignment.person_id == alex)).scalars())
            october = conn.execute(select(ReportingPeriod.id).where(
                ReportingPeriod.period == "2026-10")).scalar_one()
            reported = set(conn.execute(select(UnitReport.unit_id).where(
                UnitReport.period_id == october)).scalars())
            unit_id, name = conn.execute(
                select(OrgUnit.id, OrgUnit.name).join(Goal, Goal.unit_id == OrgUnit.id)
                .where(OrgUnit.id.not_in(mine | reported), OrgUnit.name.like("%skola%"))
                .order_by(OrgUnit.id).limit(1)).one()
            conn.execute(insert(ManagerAssignment).values(
                unit_id=unit_id, person_id=alex, role="acting",
                valid_from=date(2026, 10, 1), valid_to=date(2026, 12, 31),
                delegation_role=None))
    finally:
        engine.dispose()
    return str(name)


async def _open(bot: BotHarness, unit: str) -> dict[str, Any]:
    (prompt,) = (await bot.send(ALEX, "rapportera")).cards
    return await press(bot, ALEX, prompt, f"Rapportera – {unit}")


async def _after_goals(bot: BotHarness, card: dict[str, Any]) -> dict[str, Any]:
    while goal_ids(card) or FIELD_FORECAST in str(card):
        if goal_ids(card):
            card = await fill_and_next(bot, ALEX, card)
        else:  # a unit with a budget: its Ekonomi step
            card = await press(bot, ALEX, card, "Nästa", **{
                FIELD_FORECAST: "samma som förra månaden", FIELD_COMMENT: "Enligt plan."})
    return card


def _status(url: str, name: str) -> str | None:
    engine = create_engine(sync_url(url))
    try:
        with engine.connect() as conn:
            return conn.execute(select(UnitReport.status).join(
                OrgUnit, OrgUnit.id == UnitReport.unit_id).join(
                ReportingPeriod, ReportingPeriod.id == UnitReport.period_id).where(
                OrgUnit.name == name, ReportingPeriod.period == "2026-10")
            ).scalar_one_or_none()
    finally:
        engine.dispose()


def _has_decision_inputs(card: dict[str, Any]) -> bool:
    return any(e.get("type") == "Input.ChoiceSet" for e in iter_elements(card))


async def test_a_manager_with_two_units_answers_the_anmalan_once(demo_url: str) -> None:
    other = _give_alex_a_second_unit(demo_url)
    async with BotHarness(make_settings(demo_url), clock=fixed_clock()) as bot:
        await _two_units(bot, demo_url, other)


async def _two_units(demo_bot: BotHarness, demo_url: str, other: str) -> None:
    (prompt,) = (await demo_bot.send(ALEX, "rapportera")).cards
    assert {f"Rapportera – {BUF}", f"Rapportera – {other}"} <= {
        b["title"] for b in buttons(prompt)}

    # The first report Alex reaches: the whole step, with the dates it covers.
    first = await _after_goals(demo_bot, await _open(demo_bot, BUF))
    assert step_line(first).endswith(": Delegationsbeslut")
    assert "Beslut fattade 1 oktober–31 oktober 2026" in text_of(first)
    assert _has_decision_inputs(first)
    first_review = await no_delegated_decisions(demo_bot, ALEX, first)

    # The other unit's report: one line that it is answered, nothing to fill in.
    card = await _after_goals(demo_bot, await _open(demo_bot, other))
    assert step_line(card).endswith(": Delegationsbeslut")
    shown = text_of(card)
    assert ("Delegationsbeslut 1 oktober–31 oktober 2026: ”inga beslut” bekräftat i en "
            "annan enhets rapport – inget mer behövs här.") in shown
    assert not _has_decision_inputs(card) and "Inga beslut denna månad" not in shown
    review = await press(demo_bot, ALEX, card, "Nästa")
    assert "Granska och skicka in" in step_line(review)
    assert "anmäl månadens beslut" not in text_of(review)  # not missing for submit
    assert "inget mer behövs här" in text_of(review)
    receipt = await press(demo_bot, ALEX, review, "Skicka in")
    assert "Rapporten är inskickad" in text_of(receipt)
    assert _status(demo_url, other) == "submitted"

    # Back in the first unit's report the step is still whole (one more decision may come).
    assert "Granska och skicka in" in step_line(first_review)
    opened = await _open(demo_bot, BUF)
    back = await _after_goals(demo_bot, opened)
    assert step_line(back).endswith(": Delegationsbeslut") and _has_decision_inputs(back)
    assert "Du har bekräftat inga beslut på delegation oktober 2026." in text_of(back)
    review = await press(demo_bot, ALEX, back, "Nästa")
    assert "Rapporten är inskickad" in text_of(await press(demo_bot, ALEX, review,
                                                           "Skicka in"))
    assert _status(demo_url, BUF) == "submitted"


async def test_the_demos_submitted_reports_have_their_anmalan_answered(demo_url: str) -> None:
    """The demo stays consistent with the switched-on step: every submitted report (this
    year) of a manager holding points has its anmälan answered; Alex's current one is open."""
    from sqlalchemy import select as aselect

    from followup.calendar import CalendarConfig
    from followup.steering_year import SteeringYearConfig
    from services.mandate import report_anmalan
    from storage.db import make_async_engine, make_sessionmaker

    cfg = CalendarConfig(steering=SteeringYearConfig())
    engine = make_async_engine(demo_url)
    sessions = make_sessionmaker(engine)
    try:
        async with sessions() as session:
            rows = (await session.execute(
                aselect(UnitReport.submitted_by_id, ReportingPeriod.period)
                .join(ReportingPeriod, ReportingPeriod.id == UnitReport.period_id)
                .where(UnitReport.status == "submitted",
                       ReportingPeriod.period.like("2026%")))).all()
            alex = (await session.execute(aselect(Person.id).where(
                Person.aad_object_id == ALEX.aad_object_id))).scalar_one()
        checked = 0
        for person_id, code in {(p, c) for p, c in rows if p is not None}:
            status = await report_anmalan(sessions, person_id, code, date(2026, 11, 4), cfg)
            if status is not None:
                checked += 1
                assert status.done, (person_id, code)
        assert checked >= 5
        current = await report_anmalan(sessions, alex, "2026-10", date(2026, 11, 4), cfg)
        assert current is not None and current.span is not None
        assert current.span.start == date(2026, 10, 1)  # September answered
    finally:
        await engine.dispose()


def test_a_reminder_names_the_anmalan_when_it_is_all_that_is_missing(
    demo_url: str, monkeypatch: Any, capsys: Any,
) -> None:
    """Alex has filled in every goal but not the Delegationsbeslut step: the reminder says
    that the anmälan is what is missing (in Swedish)."""
    import asyncio

    from admin.cli import main as admin_main
    from storage.models import OutboxMessage

    async def fill_goals() -> None:
        async with BotHarness(make_settings(demo_url), clock=fixed_clock()) as bot:
            (prompt,) = (await bot.send(ALEX, "rapportera")).cards
            card = await _after_goals(bot, await press(bot, ALEX, prompt, "Rapportera"))
            assert step_line(card).endswith(": Delegationsbeslut")  # left here: a draft

    asyncio.run(fill_goals())
    monkeypatch.setenv("DATABASE_URL", demo_url)
    monkeypatch.setenv("SEED_DEMO", "false")
    monkeypatch.setenv("LANGUAGE", "sv")
    monkeypatch.setenv("SCHEDULER_NOW", "2026-11-04T09:00:00+01:00")
    assert admin_main(["run", "remind", "--period", "2026-10"]) == 0
    capsys.readouterr()
    engine = create_engine(sync_url(demo_url))
    try:
        with engine.connect() as conn:
            alex = conn.execute(select(Person.id).where(
                Person.aad_object_id == ALEX.aad_object_id)).scalar_one()
            reminders = conn.execute(select(OutboxMessage.person_id, OutboxMessage.payload)
                                     .where(OutboxMessage.kind.like("reminder%"))).all()
    finally:
        engine.dispose()
    texts = {pid: str(payload.get("text")) for pid, payload in reminders}
    assert ("Alla mål är ifyllda – det som saknas är anmälan av delegationsbeslut: anmäl "
            "periodens beslut eller bekräfta ”inga beslut”, och skicka sedan in.") in texts[alex]
    others = [text for pid, text in texts.items() if pid != alex]
    assert others and not any("det som saknas är anmälan" in text for text in others)


async def test_the_sections_reads_are_kept_until_a_decision_is_anmald(demo_url: str) -> None:
    """The Delegationsbeslut section's reads (anmälda beslut, "inga beslut", where it was
    answered) are kept per person and period (group ``decisions``, migration 0014): the
    same step again reads none of them, and a decision anmäld meanwhile (``anmäl beslut``,
    another card or another process) shows the very next time."""
    from bot import SERVICES
    from services.mandate import DecisionInput, mandate, report_decision
    from storage.db import make_async_engine, make_sessionmaker

    description = "Skolskjuts beviljad för elev i Norrby efter ansökan"
    async with BotHarness(make_settings(demo_url), clock=fixed_clock()) as bot:
        engine = bot.app[SERVICES].sessionmaker.kw["bind"].sync_engine
        reads: list[str] = []

        def _record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
            if "delegated_decisions" in statement or "delegation_nil_reports" in statement:
                reads.append(statement)

        event.listen(engine, "before_cursor_execute", _record)
        try:
            first = await _after_goals(bot, await start_report(bot, ALEX))
            assert step_line(first).endswith(": Delegationsbeslut")
            assert description not in text_of(first)
            reads.clear()
            again = await _after_goals(bot, await start_report(bot, ALEX))
            assert step_line(again).endswith(": Delegationsbeslut")
            assert reads == []  # kept: nothing of the section read again

            own = make_async_engine(demo_url)
            try:
                sessions = make_sessionmaker(own)
                async with sessions() as session:
                    alex = (await session.execute(select(Person.id).where(
                        Person.aad_object_id == ALEX.aad_object_id))).scalar_one()
                view = await mandate(sessions, alex, date(2026, 10, 20))
                point = next(h.point for h in view.points if h.point.report_required)
                outcome = await report_decision(
                    sessions, alex, DecisionInput(point.id, date(2026, 10, 20), description),
                    today=date(2026, 11, 4), now=fixed_clock()())
                assert outcome.ok
            finally:
                await own.dispose()
            after = await _after_goals(bot, await start_report(bot, ALEX))
            assert description in text_of(after)
            assert reads  # read again once the stamp changed
        finally:
            event.remove(engine, "before_cursor_execute", _record)
