"""The helårsprognos: the threshold rule, "samma som förra månaden", who may save it
(acting managers), the roll-up of a hand-built tree in SQL, and the cards showing it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from cards.economy_step import economy_card, economy_summary_section, summary_text
from followup.economy import EconomyConfig
from followup.economy_step import (
    FIELD_COMMENT,
    FIELD_FORECAST,
    ForecastProblem,
    check_forecast,
    parse_forecast_message,
)
from services.economy import ForecastRejected, open_step, save_forecast, subtree_economy
from storage.db import make_async_engine, make_sessionmaker
from storage.economy import replace_months
from storage.models import AuditEntry, EconomyForecast, ManagerAssignment, OrgUnit, Person
from testing.adaptive_card_check import card_problems

NOW = datetime(2026, 11, 4, 9, tzinfo=UTC)
TODAY = date(2026, 11, 4)
CONFIG = EconomyConfig()


@pytest.fixture
async def session(any_db_url: str) -> AsyncIterator[AsyncSession]:
    engine = make_async_engine(any_db_url)
    async with make_sessionmaker(engine)() as db:
        yield db
    await engine.dispose()


async def _tree(session: AsyncSession) -> dict[str, int]:
    """K ── F ── E1, E2;  K ── G ── E3. Managers: Fia (F), Erik (E1, with Tova acting
    during November), Eva (E2)."""
    ids: dict[str, int] = {}
    for code, parent in (("K", None), ("F", "K"), ("G", "K"), ("E1", "F"), ("E2", "F"),
                         ("E3", "G")):
        parent_row = await session.get(OrgUnit, ids[parent]) if parent else None
        row = OrgUnit(code=code, name=f"Enhet {code}", kind="enhet", path="",
                      depth=(parent_row.depth + 1) if parent_row else 0,
                      parent_id=parent_row.id if parent_row else None)
        session.add(row)
        await session.flush()
        row.path = f"{parent_row.path if parent_row else '/'}{row.id}/"
        ids[code] = row.id
    for name, unit, role, start, end in (
            ("Fia", "F", "manager", date(2025, 1, 1), None),
            ("Erik", "E1", "manager", date(2025, 1, 1), None),
            ("Tova", "E1", "acting", date(2026, 11, 1), date(2026, 11, 30)),
            ("Eva", "E2", "manager", date(2025, 1, 1), None)):
        person = Person(name=name, email=f"{name.lower()}@sjovik.se")
        session.add(person)
        await session.flush()
        ids[name] = person.id
        session.add(ManagerAssignment(unit_id=ids[unit], person_id=person.id, role=role,
                                      valid_from=start, valid_to=end))
    budget = {(ids["E1"], 2026, m, ""): 1_000_000 for m in range(1, 13)}  # 12 000 tkr
    budget |= {(ids["E2"], 2026, m, ""): 500_000 for m in range(1, 13)}  # 6 000 tkr
    budget |= {(ids["E3"], 2026, m, "lön"): 200_000 for m in range(1, 13)}
    budget |= {(ids["E3"], 2026, m, "hyra"): 50_000 for m in range(1, 13)}  # 3 000 tkr
    actual = {(ids["E1"], 2026, m, ""): 1_050_000 for m in range(1, 11)}
    actual |= {(ids["E2"], 2026, m, ""): 480_000 for m in range(1, 11)}
    actual |= {(ids["E3"], 2026, m, ""): 250_000 for m in range(1, 11)}
    for kind, lines in (("budget", budget), ("utfall", actual)):
        await replace_months(session, kind=kind, lines=lines, source="template",
                             actor_person_id=None, actor_label="test", now=NOW)
    await session.commit()
    return ids


async def _save(session: AsyncSession, ids: dict[str, int], unit: str, person: str | None,
                text: str, comment: str = "", month: int = 10) -> None:
    await save_forecast(session, unit_id=ids[unit], year=2026, month=month,
                        forecast_text=text, comment=comment,
                        person_id=ids[person] if person else None, is_admin=person is None,
                        today=TODAY, config=CONFIG, now=NOW)


@pytest.mark.parametrize(("budget", "forecast", "needs"), [
    (12_000_000, 12_100_000, False),  # 100 tkr and 0,8 %: within both
    (12_000_000, 12_100_001, True),  # over 100 tkr
    (5_000_000, 5_060_000, True),  # 1,2 %: over the percent
    (5_000_000, 4_950_000, False),  # -1,0 % exactly
    (0, 1, True),
])
def test_the_threshold_rule(budget: int, forecast: int, needs: bool) -> None:
    assert CONFIG.needs_comment(budget, forecast) is needs
    looser = EconomyConfig(comment_percent=Decimal("5"), comment_kr=1_000_000)
    assert looser.needs_comment(12_000_000, 12_500_000) is False


def test_thresholds_and_profile_from_the_environment() -> None:
    cfg = EconomyConfig.from_env({"FORECAST_COMMENT_PERCENT": "2,5",
                                  "FORECAST_COMMENT_TKR": "250",
                                  "BUDGET_PROFILE": "8;8;8;8;8;10;4;6;9;9;9;13"})
    assert (cfg.comment_percent, cfg.comment_kr) == (Decimal("2.5"), 250_000)
    assert cfg.profile[6] == 4
    with pytest.raises(ValueError, match="tolv månadsvärden"):
        EconomyConfig.from_env({"BUDGET_PROFILE": "1,2,3"})


def test_the_text_path_reads_amount_and_comment() -> None:
    assert parse_forecast_message("12 400,5 tkr – fler placeringar") == ("12 400,5",
                                                                         "fler placeringar")
    assert parse_forecast_message("Samma som förra månaden") == ("samma", "")
    assert parse_forecast_message("-250") == ("-250", "")


async def test_a_forecast_far_from_budget_needs_a_comment(session: AsyncSession) -> None:
    ids = await _tree(session)
    with pytest.raises(ForecastRejected) as rejected:
        await _save(session, ids, "E2", "Eva", "6 200")
    assert rejected.value.problems == {FIELD_COMMENT: (ForecastProblem.COMMENT_REQUIRED, "")}
    with pytest.raises(ForecastRejected) as rejected:
        await _save(session, ids, "E2", "Eva", "sex miljoner")
    assert rejected.value.problems[FIELD_FORECAST][0] is ForecastProblem.BAD_AMOUNT
    with pytest.raises(ForecastRejected) as rejected:
        await _save(session, ids, "E2", "Eva", "samma")
    assert rejected.value.problems[FIELD_FORECAST][0] is ForecastProblem.NO_PREVIOUS
    assert (await session.execute(select(EconomyForecast))).first() is None
    await _save(session, ids, "E2", "Eva", "6 200", "Fler barn i kö", month=9)
    await _save(session, ids, "E2", "Eva", "samma")  # October: September's, with its comment
    rows = (await session.execute(select(EconomyForecast.month, EconomyForecast.forecast_kr,
                                         EconomyForecast.comment)
                                  .order_by(EconomyForecast.month))).all()
    assert [tuple(r) for r in rows] == [(9, 6_200_000, "Fler barn i kö"),
                                        (10, 6_200_000, "Fler barn i kö")]
    audits = (await session.execute(select(AuditEntry.action).where(
        AuditEntry.entity == "economy_forecast"))).scalars().all()
    assert list(audits) == ["economy.forecast.save"] * 2


async def test_the_acting_manager_gives_the_forecast_not_the_manager(
        session: AsyncSession) -> None:
    ids = await _tree(session)
    with pytest.raises(ForecastRejected) as rejected:
        await _save(session, ids, "E1", "Erik", "12 000")  # stood in for in November
    assert rejected.value.not_allowed
    with pytest.raises(ForecastRejected):
        await _save(session, ids, "E1", "Eva", "12 000")  # another unit's manager
    await _save(session, ids, "E1", "Tova", "12 000")
    await _save(session, ids, "E3", None, "3 000")  # an admin, on behalf
    author = (await session.execute(select(EconomyForecast.author_person_id).where(
        EconomyForecast.unit_id == ids["E1"]))).scalar_one()
    assert author == ids["Tova"]


async def test_a_unit_without_budget_has_no_economy_step(session: AsyncSession) -> None:
    ids = await _tree(session)
    assert await open_step(session, unit_id=ids["G"], year=2026, month=10,
                           config=CONFIG) is None
    step = await open_step(session, unit_id=ids["E3"], year=2026, month=10, config=CONFIG)
    assert step is not None
    assert step.position.annual_budget == 3_000_000  # both account groups
    assert step.position.budget_to_date == 2_500_000
    assert step.position.actual_to_date == 2_500_000


async def test_the_subtree_sums_and_the_worst_deviations(session: AsyncSession) -> None:
    ids = await _tree(session)
    await _save(session, ids, "E1", None, "12 300", "Vikarier", month=9)
    await _save(session, ids, "E1", "Tova", "12 600", "Vikarier och sjukfrånvaro")
    await _save(session, ids, "E2", "Eva", "5 900", "Vakanser")
    await _save(session, ids, "E3", None, "3 400", "Hyreshöjning")
    kommun = await subtree_economy(session, root_unit_id=ids["K"], year=2026, month=10)
    assert kommun is not None
    assert kommun.position.annual_budget == 21_000_000
    assert kommun.position.budget_to_date == 17_500_000
    assert kommun.position.actual_to_date == 17_800_000
    assert kommun.position.forecast == 21_900_000
    assert kommun.forecast_deviation == -900_000
    assert [(m.month, m.forecast_kr, m.units) for m in kommun.trend] == [
        (9, 12_300_000, 1), (10, 21_900_000, 3)]
    assert [(u.code, u.deviation_kr) for u in kommun.worst] == [("E1", -600_000),
                                                                ("E3", -400_000)]
    forvaltning = await subtree_economy(session, root_unit_id=ids["F"], year=2026, month=10)
    assert forvaltning is not None
    assert forvaltning.position.annual_budget == 18_000_000
    assert forvaltning.forecast_deviation == -500_000
    assert [u.code for u in forvaltning.worst] == ["E1"]
    assert await subtree_economy(session, root_unit_id=ids["K"], year=2027, month=1) is None

    section = economy_summary_section(kommun, "sv")
    text = summary_text(kommun, "sv")
    assert "Prognosavvikelse (budget − prognos): -900\u00a0tkr" in text
    assert "**Enhet E1**: -600\u00a0tkr – Vikarier och sjukfrånvaro" in text
    chart = next(i for i in section["items"] if i["type"] == "Chart.VerticalBar")
    assert [p["y"] for p in chart["data"]] == [12_300, 21_900]
    assert chart["fallback"]["type"] == "FactSet"  # iOS shows the months as facts


async def test_the_step_card_shows_the_position_and_the_problems(
        session: AsyncSession) -> None:
    ids = await _tree(session)
    await _save(session, ids, "E1", None, "12 300", "Vikarier", month=9)
    step = await open_step(session, unit_id=ids["E1"], year=2026, month=10, config=CONFIG,
                           unit_name="Enhet E1")
    assert step is not None
    _entry, problems = check_forecast(step, "12 600", "", CONFIG)
    built = economy_card(step, "sv", period="2026-10", values={FIELD_FORECAST: "12 600"},
                         problems=problems)
    assert card_problems(built) == []
    facts = {f["title"]: f["value"] for f in built["body"][3]["facts"]}
    assert facts["Årsbudget"] == "12\u00a0000\u00a0tkr"
    assert facts["Utfall t.o.m. oktober"] == "10\u00a0500\u00a0tkr"
    assert facts["Avvikelse (budget − utfall)"] == "-500\u00a0tkr (-5\u00a0%)"
    assert facts["Förra månadens prognos"] == "12\u00a0300\u00a0tkr"
    texts = [b.get("text", "") for b in built["body"]]
    assert any("skriv en kommentar" in t for t in texts)
