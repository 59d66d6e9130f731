"""The demo kommun's Tertialrapport 1 2026 as a nämnd reads it: the tertial's own words,
the leaders' analyses first, each goal's year-end assessment, the economy chapter."""

from __future__ import annotations

import io
from datetime import date
from zoneinfo import ZoneInfo

from docx import Document
from pypdf import PdfReader
from sqlalchemy import select
from sqlalchemy.orm import Session

from followup.document import ReportDocument
from services.documents import Requester, build_document, render
from storage.db import make_async_engine, make_sessionmaker, make_sync_engine
from storage.models import GoalResult, OrgUnit, ReportingPeriod

ZONE = ZoneInfo("Europe/Stockholm")
TODAY = date(2026, 11, 4)
YEAR_END = "Bedömd måluppfyllelse vid årets slut"


async def _t1_document(url: str, code: str = "BUF") -> ReportDocument:
    engine = make_async_engine(url)
    try:
        async with make_sessionmaker(engine)() as session:
            unit_id = (await session.execute(
                select(OrgUnit.id).where(OrgUnit.code == code))).scalar_one()
            return await build_document(
                session, requester=Requester(None, True, "Alex Wilber"), unit_id=unit_id,
                period_code="2026-T1", today=TODAY, zone=ZONE)
    finally:
        await engine.dispose()


def _flat(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


def _year_end_of_buf_goals(url: str) -> dict[str, str]:
    """What the demo stored as the year-end assessment of BUF's own T1 goals (by title)."""
    from storage.models import Goal

    engine = make_sync_engine(url)
    try:
        with Session(engine) as session:
            rows = session.execute(
                select(Goal.title, GoalResult.extra)
                .join(GoalResult, GoalResult.goal_id == Goal.id)
                .join(ReportingPeriod, ReportingPeriod.id == GoalResult.period_id)
                .join(OrgUnit, OrgUnit.id == Goal.unit_id)
                .where(ReportingPeriod.period == "2026-T1", OrgUnit.code == "BUF")).all()
    finally:
        engine.dispose()
    return {title: extra["year_end"] for title, extra in rows if extra}


async def test_the_t1_pdf_reads_as_a_tertial_report(demo_url: str) -> None:
    doc = await _t1_document(demo_url)
    assert doc.title == "Tertialrapport 1 2026" and doc.year_end_asked
    assert doc.summary_texts, "the förvaltningschef's analysis of the tertial is seeded"
    body = render(doc, "pdf")
    pages = [_flat(page.extract_text() or "") for page in PdfReader(io.BytesIO(body)).pages]
    text = " ".join(pages)
    assert "Tertialrapport 1 2026" in pages[0]
    assert "januari–april 2026 (tertial 1)" in pages[0]
    assert "Upprättad av Alex Wilber" in pages[0]
    # the leader's sammanfattande analys comes right after the contents, with the author
    analysis = _flat(doc.summary_texts[0].text)
    assert analysis[:60] in pages[2] and "Sammanfattande analys" in pages[2]
    assert text.index(analysis[:60]) < text.index("Medborgare: Mål och indikatorer", 3000)
    # the year-end assessment: a column of the goal tables and a line of each goal
    assert YEAR_END in text
    stored = _year_end_of_buf_goals(demo_url)
    assert stored
    words = {"green": "● Uppfylls", "yellow": "◐ Uppfylls delvis", "red": "○ Uppfylls inte"}
    title, year_end = sorted(stored.items())[0]
    assert f"{title} " in text and f"{YEAR_END}: {words[year_end]}" in text
    # the units' analyses speak of the tertial, not of April
    assert "Utfall tertial 1:" in text and "Utfall april:" not in text
    # one comparison with T1 2025 (not the same column twice), the economy chapter
    assert "Mot tertial 1 2025" in text and "Mot tertial 1 2025 Mot tertial 1 2025" not in text
    assert "Ekonomiskt utfall och prognos" in text and "t.o.m. april" in text


async def test_the_t1_docx_has_the_same_content_and_distinct_chapters(demo_url: str) -> None:
    doc = await _t1_document(demo_url)
    word = Document(io.BytesIO(render(doc, "docx")))
    paragraphs = "\n".join(p.text for p in word.paragraphs)
    level1 = [p.text for p in word.paragraphs
              if p.style is not None and p.style.name == "Heading 1"]
    assert level1[0] == "Sammanfattande analys"
    assert len(level1) == len(set(level1)), level1  # "Ekonomi" once: the perspective
    assert "Ekonomiskt utfall och prognos" in level1
    assert "Tertialrapport 1 2026" in paragraphs
    assert "januari–april 2026 (tertial 1)" in [c.text for t in word.tables[:1]
                                               for row in t.rows for c in row.cells]
    assert doc.summary_texts[0].text.split("\n")[0] in paragraphs
    heads = [[c.text for c in t.rows[0].cells] for t in word.tables]
    goal_tables = [h for h in heads if h[:3] == ["Mål", "Status", YEAR_END]]
    assert goal_tables
    assert all(len(h) == len(set(h)) for h in goal_tables)  # no column twice
    assert f"{YEAR_END}: " in paragraphs


async def test_the_t1_chart_ends_with_the_tertial(demo_url: str) -> None:
    doc = await _t1_document(demo_url)
    assert doc.charts
    chart = doc.charts[0]
    assert chart.periods[-1] == "T1 2026"  # April is asked as part of T1
    assert "jan–aug 2025" in chart.periods  # the delår stands in for August
    assert "apr 2026" not in chart.periods
    assert chart.series[0].values[-1] is not None
