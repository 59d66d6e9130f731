"""Read an import file (.xlsx or .csv) into a header row and data rows.

CSV: UTF-8 (with or without BOM) or Windows-1252 (what older Excel writes as "CSV" in
Sweden); the delimiter (semicolon, comma or tab) is taken from the header line. Excel: the
first worksheet, computed values (not formulas); a formula a script saved without a
value is evaluated when simple (see :mod:`services.importing.formulas`). Entirely empty
rows are skipped; row numbers are the spreadsheet's (the header is row 1).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from services.importing.formulas import FormulaError, SheetFormulas, UnevaluatedFormula


class ImportFileError(ValueError):
    """The file cannot be read at all; ``key`` is an i18n key, ``params`` its fields."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


@dataclass
class RawTable:
    headers: list[Any]
    rows: list[tuple[int, list[Any]]]  # (spreadsheet row number, cells)
    encoding: str | None = None
    delimiter: str | None = None


MAX_ROWS = 200_000


def read_table(path: Path) -> RawTable:
    if not path.exists() or not path.is_file():
        raise ImportFileError("import.file.not_found", path=str(path))
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return _read_xlsx(path)
    if suffix in {".csv", ".txt"}:
        return _read_csv(path.read_bytes())
    raise ImportFileError("import.file.bad_type", suffix=suffix or "-")


def decode_text(data: bytes) -> tuple[str, str]:
    """(text, encoding): UTF-8 with BOM, UTF-8, or Windows-1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "cp1252"


def _delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in (";", "\t", ",")}
    best = max(counts, key=lambda d: (counts[d], d == ";"))
    return best if counts[best] else ";"


def _read_csv(data: bytes) -> RawTable:
    try:
        text, encoding = decode_text(data)
    except UnicodeDecodeError:
        raise ImportFileError("import.file.unreadable") from None
    if not text.strip():
        raise ImportFileError("import.file.empty")
    first_line = text.lstrip("\r\n").splitlines()[0]
    delimiter = _delimiter(first_line)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[Any] | None = None
    rows: list[tuple[int, list[Any]]] = []
    try:
        for number, cells in enumerate(reader, start=1):
            if header is None:
                if not any(c.strip() for c in cells):
                    continue
                header = cells
                continue
            if any(c.strip() for c in cells):
                rows.append((number, cells))
            if len(rows) > MAX_ROWS:
                raise ImportFileError("import.file.too_many_rows", max=MAX_ROWS)
    except csv.Error as exc:
        raise ImportFileError("import.file.bad_csv", detail=str(exc)) from None
    if header is None:
        raise ImportFileError("import.file.empty")
    return RawTable(header, rows, encoding=encoding, delimiter=delimiter)


def _read_xlsx(path: Path) -> RawTable:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError):
        raise ImportFileError("import.file.bad_xlsx") from None
    try:
        if not book.worksheets:
            raise ImportFileError("import.file.empty")
        sheet = book.worksheets[0]
        grid: list[list[Any]] = []
        for values in sheet.iter_rows(values_only=True):
            grid.append(list(values))
            if len(grid) > MAX_ROWS + 10_000:
                raise ImportFileError("import.file.too_many_rows", max=MAX_ROWS)
    finally:
        book.close()
    if _has_formulas(path):
        _fill_formulas(path, grid)
    header: list[Any] | None = None
    rows: list[tuple[int, list[Any]]] = []
    for number, cells in enumerate(grid, start=1):
        if not any(not _blank(c) for c in cells):
            continue
        if header is None:
            header = cells
            continue
        rows.append((number, cells))
        if len(rows) > MAX_ROWS:
            raise ImportFileError("import.file.too_many_rows", max=MAX_ROWS)
    if header is None:
        raise ImportFileError("import.file.empty")
    while header and _blank(header[-1]):
        header.pop()
    return RawTable(header, rows)


_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[ >/]")


def _has_formulas(path: Path) -> bool:
    """Whether the first sheet holds formulas (a quick look at its XML)."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = sorted(n for n in archive.namelist()
                           if n.startswith("xl/worksheets/") and n.endswith(".xml"))
            if not names:
                return False
            first = "xl/worksheets/sheet1.xml"
            return _FORMULA_TAG.search(archive.read(first if first in names else names[0])) \
                is not None
    except (zipfile.BadZipFile, KeyError, OSError):
        return False


def _fill_formulas(path: Path, grid: list[list[Any]]) -> None:
    """Formula cells without a saved value (files written by scripts): evaluate the
    simple ones, mark the rest as :class:`UnevaluatedFormula`."""
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=False)
    formulas: dict[tuple[int, int], str] = {}
    try:
        sheet = book.worksheets[0]
        for r, cells in enumerate(sheet.iter_rows(), start=1):
            for c, cell in enumerate(cells, start=1):
                value = getattr(cell, "value", None)
                if (getattr(cell, "data_type", None) == "f" and isinstance(value, str)
                        and r <= len(grid)
                        and (c > len(grid[r - 1]) or grid[r - 1][c - 1] is None)):
                    formulas[(r, c)] = value
    finally:
        book.close()
    if not formulas:
        return
    values = {(r, c): v for r, row in enumerate(grid, start=1)
              for c, v in enumerate(row, start=1) if v is not None}
    sheet_formulas = SheetFormulas(values, formulas)
    for (r, c), formula in formulas.items():
        row = grid[r - 1]
        while len(row) < c:
            row.append(None)
        try:
            result = sheet_formulas.value(r, c)
        except FormulaError:
            row[c - 1] = UnevaluatedFormula(formula)
            continue
        row[c - 1] = result


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())
