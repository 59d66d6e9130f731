"""What every import kind provides, and the counts it reports.

A kind (``org``, ``people``, ``managers``, ``goals``, ``decisions``) is an
:class:`ImportKind`: its columns, a ``load`` of what the database already holds, a pure
``validate`` of the rows against that (every problem as a :class:`RowError`), and an
``apply`` that writes the validated records and counts what changed. ``apply`` compares
before it writes, so importing the same file twice changes nothing the second time.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from admin.importing.columns import Column, Row, RowError


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    extra: dict[str, int] = field(default_factory=dict)  # e.g. "ended" assignments

    @property
    def changed(self) -> int:
        return self.created + self.updated + sum(self.extra.values())

    def as_dict(self) -> dict[str, int]:
        return {"created": self.created, "updated": self.updated,
                "unchanged": self.unchanged, **self.extra}


@dataclass(frozen=True)
class ValidateInput:
    rows: Sequence[Row]
    context: Any
    today: date
    labels: dict[str, str]  # column key → header as written in the file


Loader = Callable[[AsyncSession], Awaitable[Any]]
Validator = Callable[[ValidateInput], tuple[list[Any], list[RowError]]]
Applier = Callable[[AsyncSession, list[Any], Any, datetime], Awaitable[Counts]]


@dataclass(frozen=True)
class ImportKind:
    name: str
    columns: tuple[Column, ...]
    load: Loader
    validate: Validator
    apply: Applier
    title_sv: str
    title_en: str

    def title(self, lang: str) -> str:
        return self.title_en if lang == "en" else self.title_sv


def duplicate_errors(
    keyed: Sequence[tuple[Row, str]], column: str, labels: dict[str, str]
) -> list[RowError]:
    """Errors for rows whose key (case-insensitive) appears more than once in the file."""
    seen: dict[str, list[int]] = {}
    for row, key in keyed:
        if key:
            seen.setdefault(key.lower(), []).append(row.number)
    errors: list[RowError] = []
    for row, key in keyed:
        numbers = seen.get(key.lower(), []) if key else []
        if len(numbers) > 1:
            others = ", ".join(str(n) for n in numbers if n != row.number)
            errors.append(RowError(row.number, labels.get(column, column),
                                   "import.reason.duplicate", {"value": key, "rows": others}))
    return errors
