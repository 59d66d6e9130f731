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
from typing import TYPE_CHECKING, Any

from services.importing.columns import Column, Row, RowError

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession


@dataclass(frozen=True)
class Change:
    """One row of the database that an import creates, changes or ends.

    ``before`` and ``after`` hold the changed fields only (JSON-friendly values, keyed by
    the column key), ``None`` for a new row's ``before``. Shown by ``--dry-run`` and
    written to the audit log, one entry per change.
    """

    entity: str  # unit | person | manager | goal | decision
    key: str  # what the admin knows it by: code, e-mail, reference
    action: str  # created | updated | ended
    before: dict[str, Any] | None
    after: dict[str, Any]
    audited_elsewhere: tuple[str, ...] = ()  # fields with their own audit entry (status)


def json_value(value: object) -> object:
    """A field value as stored in the audit log (dates as ISO text)."""
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def diff(current: object, wanted: dict[str, object],
         names: dict[str, str] | None = None) -> tuple[dict[str, Any], dict[str, Any]]:
    """(before, after) of the attributes of ``current`` that differ from ``wanted``;
    ``names`` maps an attribute to the column key it is shown as."""
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for attr, value in wanted.items():
        old = getattr(current, attr)
        if old != value:
            key = (names or {}).get(attr, attr)
            before[key] = json_value(old)
            after[key] = json_value(value)
    return before, after


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    extra: dict[str, int] = field(default_factory=dict)  # e.g. "ended" assignments
    changes: list[Change] = field(default_factory=list)

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
    force: bool = False  # --force: allow deactivating units that are still in use


Loader = Callable[["AsyncSession"], Awaitable[Any]]
Validator = Callable[[ValidateInput], tuple[list[Any], list[RowError]]]
Applier = Callable[["AsyncSession", list[Any], Any, datetime], Awaitable[Counts]]


@dataclass(frozen=True)
class ImportKind:
    name: str
    columns: tuple[Column, ...]
    load: Loader
    validate: Validator
    apply: Applier
    title_sv: str
    title_en: str
    entity: str = ""  # the audit log's name for one row: unit, person, manager, …

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
