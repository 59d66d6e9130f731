"""Indicator values of the demo goal results: rounding, bounds and the Swedish wording.

How many decimals a goal's values get, how a value is kept within its unit's range, how it
is written (Swedish number format, non-breaking space before the unit), and the
"Utfall <månad>: …" (or "Utfall tertial 1: …") sentence that opens a result's analysis.
"""

from __future__ import annotations

from collections.abc import Sequence

from followup.calendar import parse_period
from followup.period import Period, PeriodError
from followup.sv_format import NBSP, format_number, format_percent, month_name
from storage.models import Goal

__all__ = ["clamp_value", "decimals_for", "format_value", "value_sentence"]


def decimals_for(unit: str | None, baseline: float, target: float) -> int:
    """How many decimals the values of a goal with this unit and range are given."""
    if unit in ("index", "antal", "tkr", "mil", "timmar", "gram"):
        return 0
    if unit == "%" or max(abs(baseline), abs(target)) < 20:
        return 1
    return 0


def clamp_value(value: float, unit: str | None) -> float:
    """``value`` kept within what its unit allows (no negative counts, at most 100 %)."""
    if unit == "%":
        return min(100.0, value) if value >= 0 else value
    if unit in ("antal", "timmar", "dagar", "gram", "MWh", "mil", "index", "barn/årsarbetare"):
        return max(0.0, value)
    return value


def format_value(value: float, unit: str | None, decimals: int) -> str:
    """``value`` in Swedish number format with its unit."""
    if unit == "%":
        return format_percent(value, decimals=decimals)
    number = format_number(value, decimals)
    if unit in (None, "index"):
        return number
    return f"{number}{NBSP}{unit}"


def _period_words(period: str) -> str:
    """``"april"`` for a month, ``"tertial 1"`` or ``"januari–augusti"`` for a steering
    period (the report's own words, not its last month's)."""
    try:
        parsed = Period.parse(period)
    except PeriodError:
        return month_name(parse_period(period)[1])
    if parsed.kind == "month":
        return month_name(parsed.first_month)
    if parsed.kind == "tertial":
        return f"tertial {(parsed.first_month - 1) // 4 + 1}"
    if parsed.kind == "delar":
        return f"{month_name(parsed.first_month)}–{month_name(parsed.last_month)}"
    return "helåret"


def value_sentence(
    goal: Goal, decimals: int, fractions: Sequence[float], index: int, value: float, period: str
) -> str:
    """The outcome of ``period`` against the target and the previous period's value."""
    assert goal.target is not None and goal.baseline is not None
    unit = goal.indicator_unit
    text = (
        f"Utfall {_period_words(period)}: {format_value(value, unit, decimals)} "
        f"(målvärde {format_value(goal.target, unit, decimals)})"
    )
    if index == 0:
        return text + "."
    previous = goal.baseline + (goal.target - goal.baseline) * fractions[index - 1]
    previous = round(clamp_value(previous, unit), decimals)
    better = (value - previous) * (1 if goal.direction == "higher" else -1)
    if abs(value - previous) < 10 ** (-decimals) / 2:
        return text + ", oförändrat mot föregående period."
    word = "en förbättring" if better > 0 else "en försämring"
    return f"{text}, {word} från {format_value(previous, unit, decimals)}."

