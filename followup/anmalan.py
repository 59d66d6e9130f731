"""Which decision dates a report's anmälan av delegationsbeslut covers (pure).

The anmälan is asked in every report the steering year asks for (a month, the T1, the
delår, the helår), and no decision date may fall between two reports – January and July
have no report of their own by default, and a T1 replaces April's. The rule:

* The anmälan of period *P* covers every decision date from the day after the end of
  what the person last reported, up to *P*'s last day.
* "Last reported" walks the asked periods before *P* in order (:func:`earlier_asked`): a
  period counts as reported when the person confirmed "inga beslut" for it, or listed a
  decision dated in what that period covered. A period left unanswered is covered by
  the next one (nothing falls through; a decision listed twice is harmless).
* With nothing reported before, the anmälan covers *P* from its start – and from the day
  after the previous asked period, if that is earlier (February after a helår covers
  January too; a T1 covers January–April).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from followup.calendar import CalendarConfig, asked_period, parse_code
from followup.period import Period
from followup.sv_format import format_date, month_name

#: How far back the walk looks for what the person last reported.
LOOKBACK_MONTHS = 24


@dataclass(frozen=True)
class AnmalanSpan:
    """The decision dates an anmälan covers, both ends included."""

    start: date
    end: date

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


@lru_cache(maxsize=256)
def earlier_asked(period: Period, cfg: CalendarConfig, *,
                  months: int = LOOKBACK_MONTHS) -> tuple[Period, ...]:
    """The periods asked for before ``period`` (ending before its last day), oldest first,
    looking back ``months`` months from its last month. Kept per arguments (all immutable):
    every report step asks it."""
    found: list[Period] = []
    year, month = period.year, period.last_month
    for _ in range(months):
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
        code = asked_period(year, month, cfg)
        if code is None:
            continue
        asked = parse_code(code, cfg)
        if asked.last_day < period.last_day and asked.code != period.code:
            found.append(asked)
    return tuple(reversed(found))


def _default_start(period: Period, previous: Period | None) -> date:
    start = period.first_day
    if previous is not None:
        start = min(start, previous.last_day + timedelta(days=1))
    return start


def is_reported(code: str, span: AnmalanSpan, nil_codes: Collection[str],
                decision_dates: Collection[date]) -> bool:
    """Whether the anmälan of period ``code`` over ``span`` is answered."""
    return code in nil_codes or any(span.contains(d) for d in decision_dates)


def covered_span(period: Period, earlier: Sequence[Period], nil_codes: Collection[str],
                 decision_dates: Collection[date]) -> AnmalanSpan:
    """The decision dates the anmälan of ``period`` covers (see the module docstring).

    ``earlier``: the asked periods before it, oldest first (:func:`earlier_asked`);
    ``nil_codes``: the period codes the person confirmed "inga beslut" for;
    ``decision_dates``: the dates of the decisions the person has anmält."""
    last_end: date | None = None
    previous: Period | None = None
    for asked in earlier:
        start = (last_end + timedelta(days=1) if last_end is not None
                 else _default_start(asked, previous))
        if is_reported(asked.code, AnmalanSpan(start, asked.last_day), nil_codes,
                       decision_dates):
            last_end = asked.last_day
        previous = asked
    if last_end is not None:
        return AnmalanSpan(last_end + timedelta(days=1), period.last_day)
    return AnmalanSpan(_default_start(period, previous), period.last_day)


def format_span(span: AnmalanSpan, lang: str = "sv") -> str:
    """``"1 juli–31 augusti 2026"`` (the year once when both ends share it)."""
    if span.start.year == span.end.year:
        first = f"{span.start.day} {month_name(span.start.month, lang)}"
        return f"{first}–{format_date(span.end, lang)}"
    return f"{format_date(span.start, lang)}–{format_date(span.end, lang)}"
