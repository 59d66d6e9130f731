"""Report kinds: a kind is one declaration plus its texts; the steering year's tertial and
delår from real dates; April asked once with the longer form (cards and text dialog);
year_end stored and exported.

The card tests drive the real HTTP endpoint as a Teams client would (Action.Execute on the
cards' own buttons and inputs), on the small report organisation of testing/."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import create_engine, select, update

from cards.common import iter_elements
from followup.calendar import (
    CalendarConfig,
    asked_period,
    current_open_period,
    is_followed_period,
    parse_code,
    schedule_for,
    schedules_for_year,
)
from followup.report_kinds import (
    ACTIONS,
    ANALYSIS,
    STATUS,
    VALUE,
    FieldSpec,
    ReportKind,
    SectionSpec,
    register_kind,
    unregister_kind,
)
from followup.steering_config import SteeringYearConfig
from followup.sv_format import format_deadline, format_number, format_period, format_period_span
from i18n.catalog import catalogues
from scheduler.jobs import run_job
from services.exporting import RESULT_HEADERS, results_table
from services.round_rules import Job
from storage.db import make_async_engine, make_sessionmaker, sync_url
from storage.models import GoalResult, OutboxMessage, ReportingPeriod, UnitReport
from testing.fake_connector import ConnectorLimits, FakeConnector
from testing.harness import ALEX, MEGAN, BotHarness, make_settings
from testing.org_builder import OrgBuilder
from testing.report_fixtures import SOC_GOALS, seed_report_org
from tests.conftest import fixed_clock
from tests.test_report_flow import fill_green, goal_ids, input_values, press

STEERING_CFG = CalendarConfig(steering=SteeringYearConfig())
OCTOBER_OPEN = datetime(2026, 11, 4, 9, 30, tzinfo=UTC)  # 2026-10 open, before the deadline
T1_OPEN = datetime(2026, 5, 5, 8, 0, tzinfo=UTC)  # tertial 1 2026 open (April asked as T1)


def _rows(url: str, stmt: Any) -> list[Any]:
    engine = create_engine(sync_url(url))
    try:
        with engine.begin() as conn:
            result = conn.execute(stmt)
            return list(result) if result.returns_rows else []
    finally:
        engine.dispose()


def _headings(card: dict[str, Any]) -> str:
    return " ".join(str(e.get("text", "")) for e in iter_elements(card))


async def _walk_to_review(bot: BotHarness, card: dict[str, Any],
                          extra: dict[str, str]) -> dict[str, Any]:
    """Every step filled in (every goal "Uppfylls" plus ``extra`` per goal), Nästa."""
    for _ in range(10):
        if not goal_ids(card):
            return card
        values = fill_green(card)
        for gid in goal_ids(card):
            values.update({f"g{gid}.{name}": text for name, text in extra.items()})
        card = await press(bot, ALEX, card, "Nästa", **values)
    raise AssertionError("the wizard did not reach the review")


# --------------------------------------------------------------------------- a new kind


PULSE = ReportKind(
    key="pulse", cadence=("month",),
    sections=(SectionSpec("goals", (STATUS, VALUE, ANALYSIS, ACTIONS, FieldSpec(
        "risk", "text", required="submit", max_length=200))),),
)
PULSE_TEXTS = {
    "report.field.risk": "Största risken framåt",
    "report.placeholder.risk": "Vad kan hindra att målet nås?",
    "report.step.title@pulse": "Pulsmätning {period} – {unit}",
}


@pytest.fixture
def pulse_kind(monkeypatch: pytest.MonkeyPatch) -> Iterator[ReportKind]:
    """The throw-away kind: one declaration (a field "risk") plus its texts."""
    for key, text in PULSE_TEXTS.items():
        monkeypatch.setitem(catalogues()["sv"], key, text)
    register_kind(PULSE)
    try:
        yield PULSE
    finally:
        unregister_kind(PULSE.key)


async def test_a_new_kind_with_one_field_is_asked_checked_and_stored_by_the_wizard(
        any_db_url: str, pulse_kind: ReportKind) -> None:
    org = seed_report_org(any_db_url)
    _rows(any_db_url, update(ReportingPeriod).where(ReportingPeriod.id == org.oct_id)
          .values(kind=pulse_kind.key))
    async with BotHarness(make_settings(any_db_url), clock=fixed_clock(OCTOBER_OPEN)) as bot:
        (prompt,) = (await bot.send(ALEX, "rapportera")).cards
        step = await press(bot, ALEX, prompt, "Rapportera – Socialförvaltningen")
        assert "Pulsmätning oktober 2026 – Socialförvaltningen" in _headings(step)
        labels = [e.get("label") for e in iter_elements(step) if e.get("label")]
        assert "Största risken framåt" in labels
        first = goal_ids(step)[0]
        assert f"g{first}.risk" in input_values(step)

        # too long: refused at the field, nothing written
        values = fill_green(step)
        values.update({f"g{gid}.risk": "Bemanning i sommar." for gid in goal_ids(step)})
        values[f"g{first}.risk"] = "x" * 201
        refused = await press(bot, ALEX, step, "Nästa", **values)
        assert "Texten har 201 tecken; högst 200 tecken får plats." in _headings(refused)
        assert _rows(any_db_url, select(GoalResult.id).where(
            GoalResult.period_id == org.oct_id)) == []

        review = await _walk_to_review(bot, refused, {"risk": "Bemanning i sommar."})
        assert "Största risken framåt: Bemanning i sommar." in _headings(review)
        receipt = await press(bot, ALEX, review, "Skicka in")
        assert "Månadsrapporten för Socialförvaltningen" in _headings(receipt)

    stored = _rows(any_db_url, select(GoalResult.goal_id, GoalResult.extra).where(
        GoalResult.period_id == org.oct_id, GoalResult.unit_id == org.soc_id))
    assert {gid for gid, _ in stored} == set(org.soc_goal_ids)
    assert all(extra == {"risk": "Bemanning i sommar."} for _, extra in stored)


async def test_the_new_kind_will_not_submit_without_its_required_field(
        any_db_url: str, pulse_kind: ReportKind) -> None:
    org = seed_report_org(any_db_url)
    _rows(any_db_url, update(ReportingPeriod).where(ReportingPeriod.id == org.oct_id)
          .values(kind=pulse_kind.key))
    async with BotHarness(make_settings(any_db_url), clock=fixed_clock(OCTOBER_OPEN)) as bot:
        (prompt,) = (await bot.send(ALEX, "rapportera")).cards
        step = await press(bot, ALEX, prompt, "Rapportera – Socialförvaltningen")
        review = await _walk_to_review(bot, step, {})
        assert "Nöjda brukare – Största risken framåt saknas" in _headings(review)
        again = await press(bot, ALEX, review, "Skicka in")
        assert "Största risken framåt saknas" in _headings(again)
    status = _rows(any_db_url, select(UnitReport.status).where(
        UnitReport.unit_id == org.soc_id, UnitReport.period_id == org.oct_id))
    assert status == [("draft",)]


# --------------------------------------------------------------------------- the calendar


def test_tertial_and_delar_from_real_dates_with_working_day_deadlines() -> None:
    delar = parse_code("2026-D", STEERING_CFG)
    assert (delar.first_day, delar.last_day) == (date(2026, 1, 1), date(2026, 8, 31))
    assert format_period("2026-D") == "delåret 2026"
    assert format_period_span(delar.first_month, delar.last_month, 2026) == \
        "januari–augusti 2026"
    d = schedule_for("2026-D", STEERING_CFG)
    zone = STEERING_CFG.zone
    assert d.opens_at == datetime(2026, 9, 1, 8, 0, tzinfo=zone)
    # the 8th working day of September 2026
    assert format_deadline(d.deadline_at.astimezone(zone)) == "torsdag 10 september kl. 16.00"

    t1 = schedule_for("2026-T1", STEERING_CFG)
    assert format_period("2026-T1") == "tertial 1 2026"
    assert t1.opens_at == datetime(2026, 5, 4, 8, 0, tzinfo=zone)  # 1 May is a holiday
    # 8 working days of May: 4–8, 11, 12, 13 (Ascension Day 14 May is off)
    assert format_deadline(t1.deadline_at.astimezone(zone)) == "onsdag 13 maj kl. 16.00"
    assert t1.closes_at == datetime(2026, 5, 31, 23, 59, tzinfo=zone)  # 2026-05 opens 1 June
    assert schedule_for("2026-05", STEERING_CFG).deadline_at.date() == date(2026, 6, 5)


def test_april_is_asked_once_as_the_tertial() -> None:
    assert asked_period(2026, 4, STEERING_CFG) == "2026-T1"
    assert not is_followed_period("2026-04", STEERING_CFG)
    with pytest.raises(ValueError, match="följs inte upp"):
        schedule_for("2026-04", STEERING_CFG)
    assert current_open_period(T1_OPEN, STEERING_CFG) == "2026-T1"
    assert [s.period for s in schedules_for_year(2026, STEERING_CFG)] == [
        "2026-02", "2026-03", "2026-T1", "2026-05", "2026-06", "2026-D", "2026-09",
        "2026-10", "2026-11", "2026"]
    # without a steering year the calendar is the months, as before
    assert current_open_period(T1_OPEN, CalendarConfig()) == "2026-04"


# --------------------------------------------------------------------------- April, T1


async def test_the_combined_april_period_asks_once_with_the_longer_form_and_exports_year_end(
        any_db_url: str) -> None:
    org = seed_report_org(any_db_url)
    settings = make_settings(any_db_url)  # the default steering year: T1 after April
    async with BotHarness(settings, clock=fixed_clock(T1_OPEN)) as bot:
        reply = await bot.send(ALEX, "rapportera")
        (prompt,) = reply.cards
        assert "Dags för uppföljningen av tertial 1 2026" in _headings(prompt)
        assert "april 2026" not in _headings(prompt)
        step = await press(bot, ALEX, prompt, "Rapportera")
        assert "Rapport för tertial 1 2026 – Socialförvaltningen" in _headings(step)
        gid = goal_ids(step)[0]
        year_end = next(e for e in iter_elements(step) if e.get("id") == f"g{gid}.year_end")
        assert year_end["label"] == "Bedömd måluppfyllelse vid årets slut"
        assert [c["title"] for c in year_end["choices"]] == [
            "Uppfylls", "Uppfylls delvis", "Uppfylls inte"]
        analysis = next(e for e in iter_elements(step) if e.get("id") == f"g{gid}.analysis")
        assert analysis["errorMessage"] == "Skriv högst 4000 tecken."

        review = await _walk_to_review(bot, step, {"year_end": "yellow",
                                                   "analysis": "Å" * 3500})
        assert "Bedömd måluppfyllelse vid årets slut: Uppfylls delvis" in _headings(review)
        receipt = await press(bot, ALEX, review, "Skicka in")
        assert "Rapporten för Socialförvaltningen, tertial 1 2026, är inskickad." in \
            _headings(receipt)
        assert "Månadsrapporten" not in _headings(receipt)

    periods = {p for (p,) in _rows(any_db_url, select(ReportingPeriod.period))}
    assert "2026-T1" in periods and "2026-04" not in periods
    stored = _rows(any_db_url, select(GoalResult.extra, GoalResult.analysis)
                   .join(ReportingPeriod, ReportingPeriod.id == GoalResult.period_id)
                   .where(ReportingPeriod.period == "2026-T1",
                          GoalResult.unit_id == org.soc_id))
    assert len(stored) == len(org.soc_goal_ids)
    assert all(extra == {"year_end": "yellow"} and len(text) == 3500
               for extra, text in stored)

    engine = make_async_engine(any_db_url)
    try:
        async with make_sessionmaker(engine)() as session:
            table = await results_table(session, "2026-T1", unit_ids={org.soc_id})
            monthly = await results_table(session, "2026-10", unit_ids={org.soc_id})
    finally:
        await engine.dispose()
    assert list(table.headers) == [*RESULT_HEADERS["sv"],
                                   "Bedömd måluppfyllelse vid årets slut"]
    assert {row[-1] for row in table.rows} == {"Uppfylls delvis"}
    assert list(monthly.headers) == list(RESULT_HEADERS["sv"])  # the month as before


async def test_the_text_dialog_asks_year_end_in_the_tertial(any_db_url: str) -> None:
    org = seed_report_org(any_db_url)
    async with FakeConnector(limits=ConnectorLimits.unlimited()) as connector, BotHarness(
            make_settings(any_db_url), clock=fixed_clock(T1_OPEN), connector=connector) as bot:

        async def say(text: str) -> str:
            reply = await bot.send(ALEX, text)
            assert reply.status in (200, 202) and reply.activities, reply.body
            return reply.text

        text = await say("rapportera text")
        assert "tertial 1 2026" in text
        for goal in SOC_GOALS:
            assert goal[1] in text
            text = await say("Uppfylls")
            if goal[2] is not None:  # an indicator: its value, the target
                text = await say(format_number(goal[4] if goal[4] is not None else 1.0))
            assert "Resultat och analys" in text
            text = await say("Som planerat.")
            assert "Bedömd måluppfyllelse vid årets slut?" in text
            text = await say("uppfylls delvis")
        assert "Sammanfattning – Socialförvaltningen, tertial 1 2026" in text
        text = await say("Skicka in")
        assert "Rapporten för **Socialförvaltningen**, tertial 1 2026, är inskickad" in text

    stored = _rows(any_db_url, select(GoalResult.extra)
                   .join(ReportingPeriod, ReportingPeriod.id == GoalResult.period_id)
                   .where(ReportingPeriod.period == "2026-T1",
                          GoalResult.unit_id == org.soc_id))
    assert [extra for (extra,) in stored] == [{"year_end": "yellow"}] * len(SOC_GOALS)


async def test_the_scheduler_prompts_once_for_the_tertial_when_april_ends(
        sqlite_url: str) -> None:
    with OrgBuilder(sqlite_url) as org:
        adele = org.person("Adele", "aad-adele")
        unit = org.unit("U1", "Enhet Ett")
        org.manage(unit, adele)
        org.goal(unit, "citizens")
        # a goal of January–February only is still part of the tertial
        org.goal(unit, "economy", "Budget i balans", valid_to=date(2026, 2, 28))
    settings = make_settings(sqlite_url)
    engine = make_async_engine(sqlite_url)
    try:
        sessions = make_sessionmaker(engine)
        opening = datetime(2026, 5, 4, 8, 0, tzinfo=STEERING_CFG.zone)
        report = await run_job(sessions, settings, Job.OPEN, now=opening)
        assert report.queued == 1
        async with sessions() as session:
            (row,) = (await session.execute(select(OutboxMessage))).scalars()
    finally:
        await engine.dispose()
    assert row.period == "2026-T1"
    assert "tertial 1 2026" in row.payload["text"]
    assert "onsdag 13 maj kl. 16.00" in row.payload["text"]
    card = row.payload["card"]
    assert "Dags för uppföljningen av tertial 1 2026" in _headings(card)
    unit_block = card["body"][2]["items"]
    assert [f["title"] for f in unit_block[1]["facts"]] == ["Medborgare", "Ekonomi"]
    (button,) = unit_block[-1]["actions"]
    assert button["data"] == {"unit": unit, "period": "2026-T1"}


async def test_the_demo_kommun_shows_its_submitted_t1_with_every_levels_analysis(
        demo_bot: BotHarness) -> None:
    reply = await demo_bot.send(MEGAN, "sammanställning 2026-T1")
    (card,) = reply.cards
    shown = _headings(card)
    assert "Sammanställning tertial 1 2026" in shown
    assert "5 av 5 enheter klara, kommunens analys klar" in shown
    assert "**Ekonomi:** Sjöviks kommun:" in shown
    reply = await demo_bot.send(ALEX, "sammanställning 2026-T1")
    assert "förvaltningens analys klar" in _headings(reply.cards[0])


TWO_FIELDS = ReportKind(
    key="two_fields", cadence=("month",),
    sections=(SectionSpec("goals", (STATUS, VALUE, ANALYSIS, ACTIONS,
                                    FieldSpec("risk", "text", max_length=200),
                                    FieldSpec("trend", "choice", choices=("up", "down")))),),
)


async def test_the_text_dialog_asks_every_field_a_kind_adds_in_order(
        sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    for key, text in {**PULSE_TEXTS, "report.field.trend": "Riktning",
                      "report.choice.trend.up": "Uppåt",
                      "report.choice.trend.down": "Nedåt"}.items():
        monkeypatch.setitem(catalogues()["sv"], key, text)
    register_kind(TWO_FIELDS)
    org = seed_report_org(sqlite_url)
    _rows(sqlite_url, update(ReportingPeriod).where(ReportingPeriod.id == org.oct_id)
          .values(kind=TWO_FIELDS.key))
    try:
        async with FakeConnector(limits=ConnectorLimits.unlimited()) as connector, \
                BotHarness(make_settings(sqlite_url), clock=fixed_clock(OCTOBER_OPEN),
                           connector=connector) as bot:

            async def say(text: str) -> str:
                reply = await bot.send(ALEX, text)
                assert reply.status in (200, 202) and reply.activities, reply.body
                return reply.text

            text = await say("rapportera text SOC")
            assert SOC_GOALS[0][1] in text
            await say("Uppfylls")
            await say("90")
            text = await say("Som planerat.")
            assert "**Största risken framåt**" in text
            text = await say("Sommarens bemanning.")
            assert "**Riktning?**" in text
            text = await say("Nedåt")
            assert SOC_GOALS[1][1] in text  # saved, on to the next goal
    finally:
        unregister_kind(TWO_FIELDS.key)
    (extra,) = [e for (e,) in _rows(sqlite_url, select(GoalResult.extra).where(
        GoalResult.period_id == org.oct_id, GoalResult.goal_id == org.soc_goal_ids[0]))]
    assert extra == {"risk": "Sommarens bemanning.", "trend": "down"}
