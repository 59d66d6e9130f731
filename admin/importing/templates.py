"""Empty import templates (.xlsx or .csv) with the expected columns.

The Excel template has the column headers on the first sheet (where the data goes) and a
second sheet "Anvisningar" / "Instructions" describing every column with an example. The
CSV template is just the header row (Swedish: semicolon-separated, UTF-8 with BOM so
Excel opens it correctly).
"""

from __future__ import annotations

from pathlib import Path

from admin.exporting import ExportError, Table, csv_text, xlsx_bytes
from admin.importing.base import ImportKind

_INSTRUCTION_HEADERS = {
    "sv": ("Kolumn", "Obligatorisk", "Beskrivning", "Exempel"),
    "en": ("Column", "Required", "Description", "Example"),
}
_YES_NO = {"sv": ("ja", "nej"), "en": ("yes", "no")}


def template_tables(kind: ImportKind, lang: str) -> tuple[Table, Table]:
    lang = "en" if lang == "en" else "sv"
    data = Table(title=kind.title(lang).capitalize(),
                 headers=[c.header(lang) for c in kind.columns],
                 widths={i: max(14, len(c.header(lang)) + 4)
                         for i, c in enumerate(kind.columns)})
    yes, no = _YES_NO[lang]
    help_table = Table(
        title="Anvisningar" if lang == "sv" else "Instructions",
        headers=list(_INSTRUCTION_HEADERS[lang]),
        rows=[[c.header(lang), yes if c.required else no, c.help(lang), c.example]
              for c in kind.columns],
        widths={0: 24, 1: 14, 2: 80, 3: 30},
    )
    return data, help_table


def write_template(kind: ImportKind, path: Path, lang: str = "sv") -> None:
    data, help_table = template_tables(kind, lang)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        path.write_bytes(xlsx_bytes(data, help_table))
    elif suffix == ".csv":
        path.write_text(csv_text(data, lang), encoding="utf-8-sig", newline="")
    else:
        raise ExportError(f"filen måste sluta på .xlsx eller .csv, inte {suffix or '(inget)'}")
