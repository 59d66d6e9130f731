"""Import templates (.xlsx or .csv) with the expected columns and one example row.

The Excel template has the column headers on the first sheet (where the data goes), one
example row in grey italics (left unchanged it is recognised and not imported), drop-down
lists (Excel data validation) for the columns with fixed values — Typ, Perspektiv,
Riktning, Roll, Status, ja/nej — and suggestions for Beslutat av; a second sheet
"Anvisningar" / "Instructions" describes every column: whether it must be filled in, what
it holds, an example and the allowed values.

The CSV template is the header row and the example row (Swedish: semicolon-separated,
UTF-8 with BOM so Excel opens it correctly); the same instructions are written next to it
as a text file, ``<name>_anvisningar.txt`` (``<name>_instructions.txt`` in English).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from followup.decision_rules import DECIDING_BODIES
from followup.perspectives import PERSPECTIVE_ORDER, perspective_label
from services.exporting import Cell, ExportError, Table, csv_text, workbook
from services.importing.base import ImportKind

_INSTRUCTION_HEADERS = {
    "sv": ("Kolumn", "Obligatorisk", "Beskrivning", "Exempel", "Tillåtna värden"),
    "en": ("Column", "Required", "Description", "Example", "Allowed values"),
}
_YES_NO = {"sv": ("ja", "nej"), "en": ("yes", "no")}
LAST_ROW = 5000  # the drop-down lists cover rows 2 … LAST_ROW


@dataclass(frozen=True)
class Choices:
    sv: tuple[str, ...]
    en: tuple[str, ...]
    strict: bool = True  # False: suggestions, other values are allowed too

    def values(self, lang: str) -> tuple[str, ...]:
        return self.en if lang == "en" else self.sv


_BOOL = Choices(("ja", "nej"), ("yes", "no"))
#: (kind, column key) → the values the import accepts (the drop-down lists)
CHOICES: dict[tuple[str, str], Choices] = {
    ("org", "kind"): Choices(("kommun", "förvaltning", "avdelning", "enhet"),
                             ("municipality", "administration", "division", "unit")),
    ("org", "active"): _BOOL,
    ("people", "language"): Choices(("sv", "en"), ("sv", "en")),
    ("people", "admin"): _BOOL,
    ("managers", "role"): Choices(("chef", "ställföreträdare"), ("manager", "acting")),
    ("goals", "perspective"): Choices(
        tuple(perspective_label(p, "sv") for p in PERSPECTIVE_ORDER),
        tuple(perspective_label(p, "en") for p in PERSPECTIVE_ORDER)),
    ("goals", "direction"): Choices(("högre", "lägre"), ("higher", "lower")),
    ("goals", "aggregation"): Choices(("summa", "medel"), ("sum", "mean")),
    ("decisions", "decided_by"): Choices(DECIDING_BODIES, DECIDING_BODIES, strict=False),
    ("budget", "amount_unit"): Choices(("kr", "tkr"), ("kr", "tkr")),
    ("utfall", "amount_unit"): Choices(("kr", "tkr"), ("kr", "tkr")),
    ("delegation", "subdelegation"): _BOOL,
    ("delegation", "report"): _BOOL,
    ("decisions", "status"): Choices(
        ("Ej påbörjat", "Pågår", "Genomfört", "Avslutat utan genomförande"),
        ("Not started", "In progress", "Done", "Cancelled")),
}
_NOTE = {
    "sv": "Rad 2 är ett exempel: skriv över den eller ta bort den (lämnas den oförändrad "
          "importeras den inte).",
    "en": "Row 2 is an example: overwrite or delete it (left unchanged, it is not "
          "imported).",
}
_EXAMPLE_TEXT = {"sv": "Exempel", "en": "Example"}


def _lang(lang: str) -> str:
    return "en" if lang == "en" else "sv"


def example_cell(text: str) -> Cell:
    """An example as Excel would hold it: numbers as numbers, dates as dates."""
    if re.fullmatch(r"-?\d+", text):
        return int(text)
    if re.fullmatch(r"-?\d+,\d+", text):
        return float(text.replace(",", "."))
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return date.fromisoformat(text)
    return text or None


def required_text(column: object, lang: str) -> str:
    from services.importing.columns import Column

    assert isinstance(column, Column)
    note = column.required_note(lang)
    if note:
        return note
    yes, no = _YES_NO[lang]
    return yes if column.required else no


def allowed_text(kind: ImportKind, key: str, lang: str) -> str:
    choices = CHOICES.get((kind.name, key))
    if choices is None:
        return ""
    values = ", ".join(choices.values(lang))
    if choices.strict:
        return values
    return f"{values} (eller annat)" if lang == "sv" else f"{values} (or other)"


def template_tables(kind: ImportKind, lang: str) -> tuple[Table, Table]:
    lang = _lang(lang)
    data = Table(title=kind.title(lang).capitalize(),
                 headers=[c.header(lang) for c in kind.columns],
                 rows=[[example_cell(c.example) for c in kind.columns]],
                 widths={i: max(14, len(c.header(lang)) + 4)
                         for i, c in enumerate(kind.columns)})
    rows: list[list[Cell]] = [[c.header(lang), required_text(c, lang), c.help(lang),
                               c.example, allowed_text(kind, c.key, lang)]
                              for c in kind.columns]
    rows += [[None] * 5, [_NOTE[lang], None, None, None, None]]
    help_table = Table(
        title="Anvisningar" if lang == "sv" else "Instructions",
        headers=list(_INSTRUCTION_HEADERS[lang]),
        rows=rows,
        widths={0: 24, 1: 30, 2: 80, 3: 30, 4: 40},
    )
    return data, help_table


def _xlsx(kind: ImportKind, data: Table, help_table: Table, lang: str, path: Path) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = workbook([data, help_table])
    sheet = book.worksheets[0]
    for cell in sheet[2]:
        cell.font = Font(italic=True, color="808080")
    for index, column in enumerate(kind.columns, start=1):
        choices = CHOICES.get((kind.name, column.key))
        if choices is None:
            continue
        letter = get_column_letter(index)
        values = ",".join(v.replace('"', '""') for v in choices.values(lang))
        validation = DataValidation(
            type="list", formula1=f'"{values}"', allow_blank=True,
            showErrorMessage=choices.strict,
            errorStyle="stop" if choices.strict else "information",
            error=allowed_text(kind, column.key, lang), errorTitle=column.header(lang),
            prompt=column.help(lang)[:255], promptTitle=column.header(lang)[:32],
            showInputMessage=True,
        )
        validation.add(f"{letter}2:{letter}{LAST_ROW}")
        sheet.add_data_validation(validation)
    book.save(path)


def instructions_text(kind: ImportKind, lang: str, file_name: str) -> str:
    """The README-style instructions written next to a CSV template."""
    lang = _lang(lang)
    sv = lang == "sv"
    title = kind.title(lang)
    lines = [
        (f"Mall för import av {title}: {file_name}" if sv
         else f"Template for importing {title}: {file_name}"),
        "=" * 72,
        "",
        ("Fyll i en rad per post under rubrikraden. Rad 2 är ett exempel: skriv över den "
         "eller ta bort den." if sv else
         "Fill in one row per record below the header row. Row 2 is an example: overwrite "
         "or delete it."),
        ("Spara som CSV (semikolonavgränsad, UTF-8) – Excel: Spara som > CSV UTF-8." if sv
         else "Save as CSV (comma-separated, UTF-8) – Excel: Save as > CSV UTF-8."),
        ("Kontrollera först utan att spara:" if sv else "Check first without saving:"),
        f"    python -m admin import {kind.name} {file_name} --dry-run",
        ("och importera sedan:" if sv else "then import:"),
        f"    python -m admin import {kind.name} {file_name}",
        "",
        "Kolumner" if sv else "Columns",
        "-" * 72,
    ]
    headers = _INSTRUCTION_HEADERS[lang]
    for column in kind.columns:
        lines.append(column.header(lang))
        lines.append(f"    {headers[1]}: {required_text(column, lang)}")
        lines.append(f"    {headers[2]}: {column.help(lang)}")
        if column.example:
            lines.append(f"    {headers[3]}: {column.example}")
        allowed = allowed_text(kind, column.key, lang)
        if allowed:
            lines.append(f"    {headers[4]}: {allowed}")
        lines.append("")
    return "\n".join(lines)


def instructions_path(path: Path, lang: str) -> Path:
    suffix = "_instructions.txt" if _lang(lang) == "en" else "_anvisningar.txt"
    return path.with_name(path.stem + suffix)


def write_template(kind: ImportKind, path: Path, lang: str = "sv") -> list[Path]:
    """Write the template (and, for CSV, its instructions); the files written."""
    data, help_table = template_tables(kind, lang)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        _xlsx(kind, data, help_table, _lang(lang), path)
        return [path]
    if suffix == ".csv":
        path.write_text(csv_text(data, lang), encoding="utf-8-sig", newline="")
        readme = instructions_path(path, lang)
        readme.write_text(instructions_text(kind, lang, path.name), encoding="utf-8")
        return [path, readme]
    raise ExportError(f"filen måste sluta på .xlsx eller .csv, inte {suffix or '(inget)'}")
