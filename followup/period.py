"""The ``Period`` value object: one period of the steering year.

A kommun follows up its goals over several kinds of period (DESIGN.md §10):

* ``month``   – a calendar month, code ``2026-10``;
* ``tertial`` – four months, code ``2026-T1`` (January–April), ``T2`` (May–August),
  ``T3`` (September–December);
* ``delar``   – the delårsrapport, January up to a configurable month (default August),
  code ``2026-D``;
* ``year``    – the whole year (helår, årsredovisning), code ``2026``.

This is the one place that knows month and year arithmetic of period codes; everything
else asks a ``Period`` for its first and last day, its predecessor and the same period a
year earlier. Pure: no I/O, no clock.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Literal

PeriodKind = Literal["month", "tertial", "delar", "year"]

PERIOD_KINDS: tuple[PeriodKind, ...] = ("month", "tertial", "delar", "year")

MIN_YEAR = 2000
MAX_YEAR = 2100

#: Default last month of the delårsrapport (January–August).
DEFAULT_DELAR_END_MONTH = 8

_CODE_RE = re.compile(r"^(\d{4})(?:-(?:(\d{2})|T([1-3])|(D)))?$")


class PeriodError(ValueError):
    """A period code or value that cannot be a period; the message is for the user."""


def _check_year(year: int, code: str) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise PeriodError(f"Ogiltig period ”{code}”: året måste vara {MIN_YEAR}–{MAX_YEAR}.")


@dataclass(frozen=True, order=True)
class Period:
    """One period: ``kind``, ``year`` and the months it covers (``first_month``..``last_month``).

    Build one with :meth:`month`, :meth:`tertial`, :meth:`delar`, :meth:`year_of` or
    :meth:`parse`; the constructor checks that the months fit the kind.
    """

    year: int
    first_month: int
    last_month: int
    kind: PeriodKind

    def __post_init__(self) -> None:
        _check_year(self.year, f"{self.year}")
        if not 1 <= self.first_month <= self.last_month <= 12:
            raise PeriodError(
                f"Ogiltig period: månaderna {self.first_month}–{self.last_month} finns inte."
            )
        span = self.last_month - self.first_month + 1
        if self.kind == "month" and span != 1:
            raise PeriodError("En månadsperiod omfattar en månad.")
        if self.kind == "tertial" and (span != 4 or self.first_month not in (1, 5, 9)):
            raise PeriodError(
                "Ett tertial omfattar januari–april, maj–augusti eller september–december.")
        if self.kind == "delar" and (self.first_month != 1 or self.last_month == 12):
            raise PeriodError("En delårsperiod börjar i januari och slutar före december.")
        if self.kind == "year" and (self.first_month, self.last_month) != (1, 12):
            raise PeriodError("Ett helår omfattar januari–december.")

    # ------------------------------------------------------------------ constructors

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        if not 1 <= month <= 12:
            raise PeriodError(f"Ogiltig månad {month}: månaden måste vara 1–12.")
        return cls(year, month, month, "month")

    @classmethod
    def tertial(cls, year: int, number: int) -> Period:
        if number not in (1, 2, 3):
            raise PeriodError(f"Ogiltigt tertial {number}: tertialet måste vara 1, 2 eller 3.")
        first = 1 + 4 * (number - 1)
        return cls(year, first, first + 3, "tertial")

    @classmethod
    def delar(cls, year: int, end_month: int = DEFAULT_DELAR_END_MONTH) -> Period:
        return cls(year, 1, end_month, "delar")

    @classmethod
    def year_of(cls, year: int) -> Period:
        return cls(year, 1, 12, "year")

    @classmethod
    def parse(cls, text: str, *, delar_end_month: int = DEFAULT_DELAR_END_MONTH) -> Period:
        """``2026-10`` / ``2026-T1`` / ``2026-D`` / ``2026`` -> Period; PeriodError otherwise."""
        if isinstance(text, str) and cls is Period:  # a card step parses the same codes often
            return _parse_code(text, delar_end_month)
        return cls._parse(text, delar_end_month)

    @classmethod
    def _parse(cls, text: str, delar_end_month: int) -> Period:
        cleaned = text.strip().upper() if isinstance(text, str) else ""
        match = _CODE_RE.match(cleaned)
        if match is None:
            raise PeriodError(
                f"Ogiltig period ”{text}”. Skriv till exempel 2026-10 (månad), 2026-T1 "
                "(tertial), 2026-D (delår) eller 2026 (helår)."
            )
        year = int(match.group(1))
        _check_year(year, cleaned)
        month, tertial, delar = match.group(2), match.group(3), match.group(4)
        if month is not None:
            if not 1 <= int(month) <= 12:
                raise PeriodError(f"Ogiltig period ”{text}”: månaden måste vara 01–12.")
            return cls.month(year, int(month))
        if tertial is not None:
            return cls.tertial(year, int(tertial))
        if delar is not None:
            return cls.delar(year, delar_end_month)
        return cls.year_of(year)

    # ------------------------------------------------------------------ derived values

    @property
    def code(self) -> str:
        if self.kind == "month":
            return f"{self.year:04d}-{self.first_month:02d}"
        if self.kind == "tertial":
            return f"{self.year:04d}-T{(self.first_month - 1) // 4 + 1}"
        if self.kind == "delar":
            return f"{self.year:04d}-D"
        return f"{self.year:04d}"

    @property
    def first_day(self) -> date:
        return date(self.year, self.first_month, 1)

    @property
    def last_day(self) -> date:
        return date(self.year, self.last_month,
                    calendar.monthrange(self.year, self.last_month)[1])

    @property
    def months(self) -> tuple[int, ...]:
        return tuple(range(self.first_month, self.last_month + 1))

    @property
    def month_count(self) -> int:
        return self.last_month - self.first_month + 1

    def month_codes(self) -> tuple[str, ...]:
        """The monthly period codes this period covers (``2026-T1`` -> 2026-01 … 2026-04)."""
        return tuple(Period.month(self.year, m).code for m in self.months)

    def contains(self, day: date) -> bool:
        return self.first_day <= day <= self.last_day

    def covers(self, other: Period) -> bool:
        """Whether every month of ``other`` lies in this period."""
        return (other.year == self.year and self.first_month <= other.first_month
                and other.last_month <= self.last_month)

    def previous(self) -> Period:
        """The period of the same kind just before (December before January; the delår and
        helår of the year before)."""
        if self.kind == "month":
            if self.first_month == 1:
                return Period.month(self.year - 1, 12)
            return Period.month(self.year, self.first_month - 1)
        if self.kind == "tertial":
            number = (self.first_month - 1) // 4 + 1
            if number == 1:
                return Period.tertial(self.year - 1, 3)
            return Period.tertial(self.year, number - 1)
        return self.same_last_year()

    def next(self) -> Period:
        """The period of the same kind just after."""
        if self.kind == "month":
            if self.first_month == 12:
                return Period.month(self.year + 1, 1)
            return Period.month(self.year, self.first_month + 1)
        if self.kind == "tertial":
            number = (self.first_month - 1) // 4 + 1
            if number == 3:
                return Period.tertial(self.year + 1, 1)
            return Period.tertial(self.year, number + 1)
        return Period(self.year + 1, self.first_month, self.last_month, self.kind)

    def same_last_year(self) -> Period:
        return Period(self.year - 1, self.first_month, self.last_month, self.kind)

    def __str__(self) -> str:
        return self.code


def is_period_code(text: str) -> bool:
    """Whether ``text`` has the shape of a period code (any kind)."""
    try:
        Period.parse(text)
    except PeriodError:
        return False
    return True


@lru_cache(maxsize=512)
def _parse_code(text: str, delar_end_month: int) -> Period:
    """:meth:`Period.parse` of a string, kept (periods are immutable; errors are not kept)."""
    return Period._parse(text, delar_end_month)
