"""The medarbetarsamtal's underlag as an Excel workbook: the year's individual goals and
their check-ins, one row per goal and check-in period."""

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
