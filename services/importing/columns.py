"""Columns of an import file, header matching, and cell parsing with row errors.

A :class:`Column` has a key (used in code), a Swedish and an English header and optional
aliases. Headers in a file are matched case-insensitively, ignoring diacritics, spaces
and a trailing ``*``, so "Målvärde", "malvarde" and "Target" all find the same column.

:class:`RowReader` reads one row's cells into typed values and collects
:class:`RowError` s (row number, column header as written in the file, reason as an i18n
key with parameters), so every bad cell of every row is reported, not just the first.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from followup.sv_format import parse_decimal
from services.importing.formulas import UnevaluatedFormula

GUID_RE = re.compile(
    r"^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$", re.IGNORECASE
)
EMAIL_RE = re.compile(r"^[^@\s;,<>]+@[^@\s;,<>]+\.[^@\s;,<>]+$")
_EXCEL_EPOCH = date(1899, 12, 30)
_DATE_FORMATS = (
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
)
_TRUE = {"ja", "j", "yes", "y", "true", "sant", "1", "x"}
_FALSE = {"nej", "n", "no", "false", "falskt", "0"}


@dataclass(frozen=True)
class Column:
    key: str
    sv: str
    en: str
    required: bool = False  # the column must exist in the file
    aliases: tuple[str, ...] = ()
    help_sv: str = ""
    help_en: str = ""
    example: str = ""
    # What the instructions say under "Obligatorisk" when not just ja/nej.
    required_note_sv: str = ""
    required_note_en: str = ""

    def header(self, lang: str) -> str:
        return self.en if lang == "en" else self.sv

    def help(self, lang: str) -> str:
        return self.help_en if lang == "en" else self.help_sv

    def required_note(self, lang: str) -> str:
        return self.required_note_en if lang == "en" else self.required_note_sv

    def names(self) -> set[str]:
        return {normalise_header(n) for n in (self.key, self.sv, self.en, *self.aliases)}


@dataclass(frozen=True)
class RowError:
    """One problem: ``row`` is the spreadsheet row (the header is row 1)."""

    row: int
    column: str
    reason: str  # i18n key
    params: Mapping[str, Any] = field(default_factory=dict)

    def sort_key(self) -> tuple[int, str, str]:
        return (self.row, self.column, self.reason)


@dataclass
class Row:
    number: int
    cells: dict[str, Any]  # column key → raw cell value (only columns present in the file)


def normalise_header(text: object) -> str:
    raw = "" if text is None else str(text)
    decomposed = unicodedata.normalize("NFKD", raw)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    plain = plain.replace("*", " ").replace("_", " ").replace("-", " ")
    return " ".join(plain.lower().split())


def normalise_choice(text: object) -> str:
    return normalise_header(text)


@dataclass(frozen=True)
class HeaderMap:
    by_key: dict[str, int]  # column key → index in the file
    labels: dict[str, str]  # column key → header as written
    unknown: list[str]
    missing: list[Column]
    duplicates: list[str]


def match_headers(headers: Iterable[object], columns: Iterable[Column]) -> HeaderMap:
    cols = list(columns)
    lookup: dict[str, Column] = {}
    for col in cols:
        for name in col.names():
            lookup[name] = col
    by_key: dict[str, int] = {}
    labels: dict[str, str] = {}
    unknown: list[str] = []
    duplicates: list[str] = []
    for index, header in enumerate(headers):
        text = "" if header is None else str(header).strip()
        if not text:
            continue
        found = lookup.get(normalise_header(text))
        if found is None:
            unknown.append(text)
        elif found.key in by_key:
            duplicates.append(text)
        else:
            by_key[found.key] = index
            labels[found.key] = text
    missing = [c for c in cols if c.required and c.key not in by_key]
    return HeaderMap(by_key, labels, unknown, missing, duplicates)


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class RowReader:
    """Typed access to one row's cells; problems are appended to ``errors``."""

    def __init__(self, row: Row, labels: Mapping[str, str], errors: list[RowError]) -> None:
        self.row = row
        self.labels = labels
        self.errors = errors
        self._start = len(errors)
        self._formulas: set[str] = set()  # keys whose cell is a formula without a value

    @property
    def ok(self) -> bool:
        return len(self.errors) == self._start

    def present(self, key: str) -> bool:
        return key in self.row.cells

    def label(self, key: str) -> str:
        return self.labels.get(key, key)

    def error(self, key: str, reason: str, **params: Any) -> None:
        self.errors.append(RowError(self.row.number, self.label(key), reason, params))

    def raw(self, key: str) -> Any:
        """The cell's value; a formula without a value is an error (once) and reads as
        empty."""
        value = self.row.cells.get(key)
        if isinstance(value, UnevaluatedFormula):
            if key not in self._formulas:
                self._formulas.add(key)
                self.error(key, "import.reason.formula_without_value", formula=value.formula)
            return None
        return value

    def _missing(self, key: str, required: bool) -> None:
        """A blank cell: "värde saknas" when required (not again for a formula cell)."""
        if required and key not in self._formulas:
            self.error(key, "import.reason.required")

    def text(self, key: str, *, required: bool = False, max_len: int | None = None) -> str:
        value = self.raw(key)
        if is_blank(value):
            self._missing(key, required)
            return ""
        if isinstance(value, float) and value.is_integer():
            text = str(int(value))
        elif isinstance(value, datetime):
            text = value.strftime("%Y-%m-%d %H:%M")
        elif isinstance(value, date):
            text = value.isoformat()
        else:
            text = str(value).strip()
        if max_len is not None and len(text) > max_len:
            self.error(key, "import.reason.too_long", max=max_len)
        return text

    def date(self, key: str, *, required: bool = False) -> date | None:
        value = self.raw(key)
        if is_blank(value):
            self._missing(key, required)
            return None
        parsed = parse_date(value)
        if parsed is None:
            self.error(key, "import.reason.bad_date", value=_show(value))
        return parsed

    def decimal(self, key: str) -> float | None:
        value = self.raw(key)
        if is_blank(value):
            return None
        if isinstance(value, bool):
            self.error(key, "import.reason.bad_number", value=_show(value))
            return None
        if isinstance(value, int | float):
            return float(value)
        try:
            return parse_decimal(str(value))
        except ValueError:
            self.error(key, "import.reason.bad_number", value=_show(value))
            return None

    def integer(self, key: str) -> int | None:
        value = self.raw(key)
        if is_blank(value):
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        text = str(value).strip()
        if re.fullmatch(r"[+-]?\d{1,9}", text):
            return int(text)
        self.error(key, "import.reason.bad_integer", value=_show(value))
        return None

    def boolean(self, key: str) -> bool | None:
        value = self.raw(key)
        if is_blank(value):
            return None
        if isinstance(value, bool):
            return value
        text = normalise_choice(value)
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        self.error(key, "import.reason.bad_boolean", value=_show(value))
        return None

    def email(self, key: str, *, required: bool = False) -> str:
        text = self.text(key, required=required, max_len=320)
        if text and not EMAIL_RE.match(text):
            self.error(key, "import.reason.bad_email", value=text)
            return ""
        return text.lower()

    def guid(self, key: str) -> str | None:
        """An Entra object id (a GUID, any case, braces allowed), lower-case; None when
        empty or not a GUID (an error)."""
        text = self.text(key)
        if not text:
            return None
        match = GUID_RE.match(text)
        if match is None:
            self.error(key, "import.reason.bad_guid", value=_show(text))
            return None
        return match.group(1).lower()

    def choice(self, key: str, choices: Mapping[str, str], *, required: bool = False,
               allowed: str = "") -> str | None:
        """A value from ``choices`` (normalised label → value); ``allowed`` lists them."""
        value = self.raw(key)
        if is_blank(value):
            self._missing(key, required)
            return None
        found = choices.get(normalise_choice(value))
        if found is None:
            self.error(key, "import.reason.bad_choice", value=_show(value), allowed=allowed)
        return found


def _show(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:39] + "…"


def parse_date(value: Any) -> date | None:
    """A date from an Excel cell or text: ISO ``2026-10-31`` (with or without a time),
    ``20261031``, ``2026/10/31``, a datetime, or an Excel serial day number."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 20000 <= value <= 80000 and float(value).is_integer():
            return _EXCEL_EPOCH + timedelta(days=int(value))
        return None
    text = str(value).strip()
    for pattern in _DATE_FORMATS:
        match = pattern.match(text)
        if match:
            try:
                return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
            except ValueError:
                return None
    return None


def choice_map(*pairs: tuple[str, Iterable[str]]) -> dict[str, str]:
    """``choice_map(("higher", ["högre", "higher"]), …)`` → normalised label → value."""
    out: dict[str, str] = {}
    for value, labels in pairs:
        out[normalise_choice(value)] = value
        for label in labels:
            out[normalise_choice(label)] = value
    return out
