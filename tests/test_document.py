"""The report document: content of the PDF/A and the DOCX, metadata, structure, rights."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from datetime import date
from zoneinfo import ZoneInfo

import pikepdf
import pytest
from docx import Document
from pypdf import PdfReader

from followup.document import ReportDocument
from services.documents import (
    DocumentRefused,
    Requester,
    build_document,
    parse_document_args,
    render,
)
from storage.db import make_async_engine, make_sessionmaker
from testing.document_fixtures import (
    BUF_TEXT,
    KOMMUN_TEXT,
    LONG_TEXT,
    SOC_TEXT,
    DocumentOrg,
    seed_document_org,
)

ZONE = ZoneInfo("Europe/Stockholm")
TODAY = date(2026, 11, 4)


@pytest.fixture
async def org(any_db_url: str) -> AsyncIterator[tuple[DocumentOrg, str]]:
    """SQLite, and PostgreSQL when TEST_POSTGRES_URL is set."""
    yield seed_document_org(any_db_url), any_db_url


async def _document(url: str, org: DocumentOrg, unit: str, period: str = "2026-10", *,
                    person: str | None = None, admin: bool = False,
                    name: str | None = None) -> ReportDocument:
    engine = make_async_engine(url)
    try:
        async with make_sessionmaker(engine)() as session:
            requester = Requester(org.people[person] if person else None, admin, name)
            return await build_document(session, requester=requester,
                                        unit_id=org.units[unit], period_code=period,
                                        today=TODAY, zone=ZONE)
    finally:
        await engine.dispose()


def _pdf_text(body: bytes) -> str:
    reader = PdfReader(io.BytesIO(body))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def _flat(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


def _docx_text(body: bytes) -> tuple[str, list[tuple[str, str]], list[list[str]]]:
    word = Document(io.BytesIO(body))
    paragraphs = "\n".join(p.text for p in word.paragraphs)
    headings = [(p.style.name, p.text) for p in word.paragraphs
                if p.style is not None and p.style.name.startswith("Heading")]
    cells = [[c.text for c in row.cells] for table in word.tables for row in table.rows]
    return paragraphs, headings, cells


async def test_pdf_has_the_subtrees_goals_figures_and_authors_in_swedish(
        org: tuple[DocumentOrg, str]) -> None:
    seeded, url = org
    doc = await _document(url, seeded, "SOC", person="alex", name="Alex Wilber")
    body = render(doc, "pdf")
    text = _flat(_pdf_text(body))
    assert "Månadsrapport oktober 2026" in text
    assert "Upprättad av Alex Wilber" in text
    assert "4 november 2026" in text  # the cover's date
    assert "Mål 1 för Hemtjänst Norr" in text
    assert "● Uppfylls" in text and "◐ Uppfylls delvis" in text
    assert "92,5 %" in text and "90 %" in text  # utfall and målvärde
    assert "+2,5 (bättre)" in text  # against September (90)
    assert "-2,5 (sämre)" in text  # against October 2025 (95)
    assert "Mot september 2026" in text and "Mot oktober 2025" in text
    assert "Analys av G-HEM-N-1." in text and "Vi ser över rutinerna." in text
    assert "Rapporterat av Adele Vance, 3 november 2026" in text
    assert SOC_TEXT in text  # the förvaltningschef's sammanfattande analys
    # decisions: overdue, open, done in the period (none in October)
    assert "KS 2026/10" in text and "KF 2026/3" in text and "Pågår (försenat)" in text
    # the appendix: Hemtjänst Syd has no report; Alex acts for Lee on the day
    appendix = text[text.rindex("Bilaga: Enheter som inte har rapporterat"):]
    assert "Hemtjänst Syd" in appendix and "Alex Wilber" in appendix
    assert "Hemtjänst Norr" not in appendix


async def test_nothing_from_another_unit_leaks(org: tuple[DocumentOrg, str]) -> None:
    seeded, url = org
    doc = await _document(url, seeded, "SOC", person="alex")
    for body, text in ((b := render(doc, "pdf"), _flat(_pdf_text(b))),
                       (d := render(doc, "docx"), _flat(" ".join(
                           [_docx_text(d)[0], *(" ".join(r) for r in _docx_text(d)[2])])))):
        assert body
        for foreign in ("Skolan i Sjövik", "Barn- och utbildningsförvaltningen", "BUN 2026/7",
                        BUF_TEXT, KOMMUN_TEXT, "Kommunledningskontoret", "KS 2026/30",
                        "Cia Carlsson", "12,5"):
            assert foreign not in text, foreign


async def test_pdf_is_pdfa_2b_with_metadata_fonts_and_tags(
        org: tuple[DocumentOrg, str]) -> None:
    seeded, url = org
    doc = await _document(url, seeded, "SOC", person="alex", name="Alex Wilber")
    pdf = pikepdf.open(io.BytesIO(render(doc, "pdf")))
    meta = pdf.open_metadata()
    assert meta["pdfaid:part"] == "2" and meta["pdfaid:conformance"] == "B"
    assert meta["dc:title"] == "Månadsrapport oktober 2026 – Socialförvaltningen"
    assert "Alex Wilber" in str(meta["dc:creator"])
    assert "oktober 2026" in str(meta["dc:description"])
    assert pdf.Root.Lang == "sv"
    assert pdf.Root.MarkInfo.Marked is True and "/StructTreeRoot" in pdf.Root
    assert "/OutputIntents" in pdf.Root
    fonts = 0
    for page in pdf.pages:
        for font in (page.Resources.get("/Font") or {}).values():
            fonts += 1
            descendants = font.get("/DescendantFonts")
            descriptor = (descendants[0] if descendants else font).FontDescriptor
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            assert "DejaVu" in str(descriptor.FontName)
    assert fonts > 0


async def test_docx_has_word_headings_tables_and_properties(
        org: tuple[DocumentOrg, str]) -> None:
    seeded, url = org
    doc = await _document(url, seeded, "SOC", person="alex", name="Alex Wilber")
    body = render(doc, "docx")
    paragraphs, headings, cells = _docx_text(body)
    level1 = [text for style, text in headings if style == "Heading 1"]
    assert level1 == ["Sammanfattande analys", "Översikt", "Medborgare", "Ekonomi",
                      "Enheternas resultat", "Beslut", "Bilaga: Enheter som inte har rapporterat"]
    level2 = [text for style, text in headings if style == "Heading 2"]
    assert "Medborgare: Mål och indikatorer" in level2
    assert "Medborgare: Resultat i enheterna" in level2
    assert "Hemtjänst Norr" in level2 or "Hemtjänst Syd" in level2
    assert ("Heading 3", "Mål 1 för Hemtjänst Norr – Hemtjänst Norr") \
        in headings
    flat_cells = [_flat(c) for row in cells for c in row]
    assert "92,5 %" in flat_cells and "▲ +2,5 (bättre)" in flat_cells
    assert "▼ -2,5 (sämre)" in flat_cells
    assert "KS 2026/10" in flat_cells
    assert "Rapporterat av Adele Vance, 3 november 2026" in _flat(paragraphs)
    props = Document(io.BytesIO(body)).core_properties
    assert props.title == "Månadsrapport oktober 2026 – Socialförvaltningen"
    assert props.author == "Alex Wilber"
    assert props.language == "sv-SE"


async def test_kommun_document_red_goal_first_with_long_swedish_text(
        org: tuple[DocumentOrg, str]) -> None:
    seeded, url = org
    doc = await _document(url, seeded, "KOMMUN", person="megan", name="Megan Bowen")
    citizens = next(p for p in doc.perspectives if p.key == "citizens")
    assert citizens.details[0].unit.code == "SKOLA"  # red before green
    assert citizens.details[0].status == "red"
    assert [t.text for t in doc.summary_texts] == [KOMMUN_TEXT]
    assert SOC_TEXT in [t.text for t in citizens.level_texts]
    body = render(doc, "docx")
    paragraphs, _headings, _cells = _docx_text(body)
    for part in LONG_TEXT.split("\n\n"):
        assert part.strip() in paragraphs  # nothing cut, åäö intact
    pdf_text = _flat(_pdf_text(render(doc, "pdf")))
    assert "○ Uppfylls inte" in pdf_text and "12,5 %" in pdf_text
    assert _flat("Slutsats: åtgärderna ökar tryggheten och ökar nöjdheten före årsskiftet.") \
        in pdf_text
    assert pdf_text.index("Mål 1 för Skolan i Sjövik") < pdf_text.index(
        "Mål 1 för Hemtjänst Norr – ")  # in the details the red goal comes first


async def test_unit_without_reports_and_level_without_goals(
        org: tuple[DocumentOrg, str]) -> None:
    seeded, url = org
    doc = await _document(url, seeded, "HEM-S", admin=True)
    text = _flat(_pdf_text(render(doc, "pdf")))
    assert "Enheten har inte rapporterat målet för perioden." in text
    assert "– Ej rapporterat" in text
    assert "Hemtjänst Syd" in text[text.rindex("Bilaga"):]
    assert doc.prepared_by == "Alex Wilber"  # the acting manager is in charge that day
    empty = await _document(url, seeded, "KLK", person="megan")
    text = _flat(_pdf_text(render(empty, "pdf")))
    assert "Inga enheter har mål att rapportera för perioden." in text
    assert "Alla enheter har rapporterat." in text
    assert "KS 2026/30" in text  # its decisions are still there


async def test_tertial_document(org: tuple[DocumentOrg, str]) -> None:
    seeded, url = org
    doc = await _document(url, seeded, "HEM-N", "2026-T1", person="adele")
    assert doc.title == "Tertialrapport 1 2026"
    assert doc.period.label == "tertial 1 2026"
    text = _flat(_pdf_text(render(doc, "pdf")))
    assert "Tertialrapport 1 2026" in text and "januari–april 2026 (tertial 1)" in text
    assert "Bedömd måluppfyllelse vid årets slut" in text
    assert "88 %" in text and "Tertialets analys för Norr." in text


async def test_authorization(org: tuple[DocumentOrg, str]) -> None:
    seeded, url = org
    for unit, person in (("SOC", "adele"), ("BUF", "alex"), ("KOMMUN", "alex"),
                         ("HEM-N", "bo")):
        with pytest.raises(DocumentRefused) as refused:
            await _document(url, seeded, unit, person=person)
        assert refused.value.key == "document.not_allowed"
    with pytest.raises(DocumentRefused) as nobody:
        await _document(url, seeded, "HEM-N")
    assert nobody.value.key == "document.not_allowed"
    # the kommunchef and an administrator get the whole kommun
    assert (await _document(url, seeded, "KOMMUN", person="megan")).units == 7
    assert (await _document(url, seeded, "KOMMUN", admin=True)).units == 7
    with pytest.raises(DocumentRefused) as unknown_period:
        await _document(url, seeded, "SOC", "2026-D", person="alex")
    assert unknown_period.value.key == "document.no_period"


def test_command_arguments() -> None:
    assert parse_document_args("") == parse_document_args("  ")
    request = parse_document_args("förskolan solrosen 2026-t1 word")
    assert (request.unit_query, request.period, request.fmt) == (
        "förskolan solrosen", "2026-T1", "docx")
    assert parse_document_args("2026-D pdf").period == "2026-D"
    with pytest.raises(DocumentRefused):
        parse_document_args("skola 2026-13")


async def test_chart_of_the_units_indicator_over_the_periods(
        org: tuple[DocumentOrg, str]) -> None:
    seeded, url = org
    doc = await _document(url, seeded, "HEM-N", person="adele")
    (chart,) = doc.charts
    # T1 2026 stands in for April (no month row of its own)
    assert chart.periods == ("okt 2025", "T1 2026", "sep 2026", "okt 2026")
    assert chart.series[0].values == (95.0, 88.0, 90.0, 92.5)
    assert chart.target == 90.0
    assert "Senaste värde 92,5\u00a0%" in chart.alt_text
    word = Document(io.BytesIO(render(doc, "docx")))
    (picture,) = word.inline_shapes
    assert picture._inline.docPr.get("descr") == chart.alt_text
    pdf = pikepdf.open(io.BytesIO(render(doc, "pdf")))
    images = [name for page in pdf.pages
              for name, obj in (page.Resources.get("/XObject") or {}).items()
              if obj.get("/Subtype") == "/Image"]
    assert images
    assert _flat(chart.alt_text) in _flat(_pdf_text(bytes(render(doc, "pdf"))))
