"""The demo kommun's economy: budgets and utfall 2025–2026, forecasts in the history, and
the SIE 4 file under demo/ that the import accepts (and that matches what the demo seeds)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select

from admin.cli import main
from demo.economy import write_demo_files
from services.economy import subtree_economy
from storage.db import make_async_engine, make_sessionmaker, sync_url
from storage.models import EconomyForecast, EconomyLine, OrgUnit

DEMO_FILES = Path(__file__).resolve().parent.parent / "demo" / "ekonomi"


def test_the_demo_files_are_what_the_generator_writes(tmp_path: Path) -> None:
    for written in write_demo_files(tmp_path):
        assert written.read_bytes() == (DEMO_FILES / written.name).read_bytes(), written.name


async def test_the_demo_kommun_has_budgets_utfall_and_forecasts(demo_url: str) -> None:
    engine = make_async_engine(demo_url)
    try:
        async with make_sessionmaker(engine)() as session:
            years = (await session.execute(
                select(EconomyLine.kind, EconomyLine.year, func.count())
                .group_by(EconomyLine.kind, EconomyLine.year))).all()
            assert {(k, y) for k, y, _n in years} == {("budget", 2025), ("budget", 2026),
                                                      ("utfall", 2025), ("utfall", 2026)}
            root = (await session.execute(
                select(OrgUnit.id).where(OrgUnit.code == "SJV"))).scalar_one()
            kommun = await subtree_economy(session, root_unit_id=root, year=2026, month=10)
            assert kommun is not None
            # a kommun of ~30 budget units: some hundred million kronor a year
            assert 500_000_000 < kommun.position.annual_budget < 1_500_000_000
            assert [m.month for m in kommun.trend] == [2, 3, 4, 5, 6, 8, 9, 10]
            assert kommun.worst and all(u.comment for u in kommun.worst)
            count = (await session.execute(select(func.count()).select_from(
                EconomyForecast))).scalar_one()
            assert count > 200
    finally:
        await engine.dispose()


def test_the_demo_sie_file_imports_and_matches_the_seeded_utfall(
        demo_url: str, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("DATABASE_URL", demo_url)
    monkeypatch.delenv("LANGUAGE", raising=False)
    engine = create_engine(sync_url(demo_url))
    with engine.connect() as conn:
        before = conn.execute(select(func.sum(EconomyLine.amount_kr)).where(
            EconomyLine.kind == "utfall", EconomyLine.month == 10,
            EconomyLine.year == 2026)).scalar_one()
    code = main(["import", "utfall", str(DEMO_FILES / "utfall_2026-10.se"), "--mapping",
                 str(DEMO_FILES / "ansvar_mappning.csv")])
    out = capsys.readouterr().out
    assert code == 0
    assert "0 nya, 0 ändrade, 30 oförändrade enhetsmånader" in out
    with engine.connect() as conn:
        after = conn.execute(select(func.sum(EconomyLine.amount_kr)).where(
            EconomyLine.kind == "utfall", EconomyLine.month == 10,
            EconomyLine.year == 2026)).scalar_one()
    engine.dispose()
    assert before == after


async def test_the_kommunchefs_summary_card_has_an_economy_section(demo_url: str) -> None:
    from datetime import UTC, datetime

    from cards.common import fits_in_message
    from followup.calendar import CalendarConfig
    from services.summaries import SummaryContext, Viewer, render
    from storage.org_queries import load_org_tree
    from testing.adaptive_card_check import card_problems, text_of

    engine = make_async_engine(demo_url)
    try:
        async with make_sessionmaker(engine)() as session:
            root = (await session.execute(
                select(OrgUnit.id).where(OrgUnit.code == "SJV"))).scalar_one()
            ctx = SummaryContext(await load_org_tree(session),
                                 datetime(2026, 11, 4, 9, 30, tzinfo=UTC), CalendarConfig())
            rendered = await render(session, ctx, Viewer(None, is_admin=True), root, "2026-10")
    finally:
        await engine.dispose()
    economy = rendered.summary.economy
    assert economy is not None and economy.forecast_deviation is not None
    shown = text_of(rendered.card)
    assert "Prognosavvikelse (budget − prognos)" in shown
    assert "Störst negativ avvikelse" in shown
    assert economy.worst[0].name in shown
    assert card_problems(rendered.card) == []
    assert fits_in_message(rendered.card, rendered.text)


def test_the_economy_export(demo_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                            capsys: pytest.CaptureFixture[str]) -> None:
    from openpyxl import load_workbook

    monkeypatch.setenv("DATABASE_URL", demo_url)
    monkeypatch.delenv("LANGUAGE", raising=False)
    path = tmp_path / "ekonomi.xlsx"
    assert main(["export", "economy", str(path), "--period", "2026-10", "--unit", "BUF"]) == 0
    capsys.readouterr()
    sheet = load_workbook(path).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Period", "Enhetskod", "Enhet", "Årsbudget (tkr)")
    by_code = {r[1]: r for r in rows[1:]}
    assert set(by_code) >= {"BUF-FS-01", "BUF-GR-02"} and "SOC-VO-HT1" not in by_code
    solrosen = by_code["BUF-FS-01"]
    assert 10_000 < solrosen[3] < 20_000  # a förskola: about 14 000 tkr
    assert solrosen[8] is None  # Adele has not given October's forecast yet
    given = [r for r in rows[1:] if r[8] is not None]
    assert given and all(r[11] for r in given)  # who gave it
    assert all(r[9] == round(r[3] - r[8], 1) for r in given)


async def test_the_report_document_has_an_economy_table(demo_url: str) -> None:
    from datetime import date
    from zoneinfo import ZoneInfo

    from documents.docx import render_docx
    from documents.html import document_html
    from services.documents import Requester, build_document

    engine = make_async_engine(demo_url)
    try:
        async with make_sessionmaker(engine)() as session:
            root = (await session.execute(
                select(OrgUnit.id).where(OrgUnit.code == "SJV"))).scalar_one()
            doc = await build_document(session, requester=Requester(None, True), unit_id=root,
                                       period_code="2026-10", today=date(2026, 11, 4),
                                       zone=ZoneInfo("Europe/Stockholm"))
    finally:
        await engine.dispose()
    names = [line.name for line in doc.economy]
    assert names[-1] == "Sjöviks kommun" and doc.economy[-1].total
    assert "Socialförvaltningen" in names
    assert sum(line.annual_budget for line in doc.economy[:-1]) == doc.economy[-1].annual_budget
    html = document_html(doc)
    assert '<section class="economy">' in html and "Prognosavvikelse" in html
    import io

    from docx import Document

    word = Document(io.BytesIO(render_docx(doc)))
    headers = [[c.text for c in table.rows[0].cells] for table in word.tables]
    assert ["Enhet", "Årsbudget", "Budget hittills", "Utfall hittills", "Avvikelse",
            "Helårsprognos", "Prognosavvikelse"] in headers
