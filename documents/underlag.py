"""The medarbetarsamtal's underlag as an Excel workbook or a PDF/A-2b: the year's
individual goals and their check-ins, one row per goal and check-in period."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from i18n import t

_HEADERS = {
    "sv": ("Mål", "Kopplat till enhetens mål", "Egen indikator", "Målvärde", "Period",
           "Status", "Kommentar"),
    "en": ("Goal", "Unit goal", "Personal indicator", "Target", "Period", "Status",
           "Comment"),
}


def underlag_rows(person: Any, lang: str) -> list[tuple[str, ...]]:
    versions = {g.id: g for g in [*person.goals, *person.history]}
    rows: list[tuple[str, ...]] = []
    for goal in person.goals:
        ids = {v.id for v in versions.values() if v.series_id == goal.series_id}
        checkins = sorted((c for c in person.checkins if c.goal_id in ids),
                          key=lambda c: c.period)
        base = (goal.title, goal.unit_goal_title or "", goal.indicator_name or "",
                goal.indicator_target or "")
        if not checkins:
            rows.append((*base, "", "", ""))
        for c in checkins:
            rows.append((*base, c.period, t(lang, f"summary.status.{c.status}"), c.comment))
    return rows


def underlag_xlsx(person: Any, lang: str) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Underlag"
    sheet.append([t(lang, "ind.talk.title", name=person.name, year=person.year)])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append(list(_HEADERS.get(lang, _HEADERS["sv"])))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in underlag_rows(person, lang):
        sheet.append(list(row))
    for column, width in zip("ABCDEFG", (40, 40, 25, 15, 10, 16, 50), strict=True):
        sheet.column_dimensions[column].width = width
    out = BytesIO()
    book.save(out)
    return out.getvalue()


_PDF_CSS = """
@page { size: A4; margin: 20mm 18mm 20mm 20mm;
        @bottom-center { content: counter(page) " / " counter(pages);
                         font: 8pt "DejaVu Sans", sans-serif; color: #333; } }
html { font-family: "DejaVu Sans", sans-serif; font-size: 9.5pt; line-height: 1.35;
       color: #111; }
h1 { font-size: 15pt; color: #1f3b57; margin: 0 0 5mm; border-bottom: 0.6pt solid #1f3b57;
     padding-bottom: 1.5mm; }
table { border-collapse: collapse; width: 100%; font-size: 8.5pt; }
thead { display: table-header-group; }
th { text-align: left; background: #e8eef4; padding: 1.5mm 2mm; vertical-align: bottom; }
td { padding: 1.5mm 2mm; border-bottom: 0.4pt solid #ccc; vertical-align: top; }
tr { page-break-inside: avoid; }
td:nth-child(5) { white-space: nowrap; }
p.note { margin-top: 5mm; font-size: 8pt; color: #555; }
"""


def underlag_html(person: Any, lang: str) -> str:
    """The underlag as one semantic HTML table (every text escaped)."""
    from html import escape

    def e(value: object) -> str:
        return escape(str(value), quote=True)

    title = t(lang, "ind.talk.title", name=person.name, year=person.year)
    head = "".join(f'<th scope="col">{e(h)}</th>' for h in _HEADERS.get(lang, _HEADERS["sv"]))
    rows = "".join("<tr>" + "".join(f"<td>{e(cell)}</td>" for cell in row) + "</tr>"
                   for row in underlag_rows(person, lang))
    if not rows:
        rows = f'<tr><td colspan="7">{e(t(lang, "ind.talk.no_checkins"))}</td></tr>'
    note = (f'<p class="note">{e(t(lang, "ind.talk.history", count=len(person.history)))}</p>'
            if person.history else "")
    return (f'<!DOCTYPE html><html lang="{e(lang)}"><head><meta charset="utf-8">'
            f"<title>{e(title)}</title></head><body><h1>{e(title)}</h1>"
            f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>{note}"
            "</body></html>")


def underlag_pdf(person: Any, lang: str) -> bytes:
    """The underlag as PDF/A-2b (DejaVu fonts embedded, tagged, the title in the XMP
    metadata), drawn by WeasyPrint like the report document."""
    import hashlib

    from weasyprint import CSS, HTML

    identifier = hashlib.sha256(f"underlag|{person.person_id}|{person.year}".encode()
                                ).hexdigest()[:32].encode("ascii")
    pdf = HTML(string=underlag_html(person, lang)).write_pdf(
        stylesheets=[CSS(string=_PDF_CSS)], pdf_variant="pdf/a-2b", pdf_tags=True,
        pdf_identifier=identifier)
    assert pdf is not None
    return bytes(pdf)
