"""The Ekonomi step of a unit's report: what the manager sees and what they may enter.

Pure: :class:`EconomyStep` is built by :mod:`services.economy` and shown by
:mod:`cards.economy_step`; :func:`check_forecast` validates a helårsprognos typed in tkr
(Swedish decimals, or "samma som förra månaden") and its comment, which the threshold rule
(:class:`followup.economy.EconomyConfig`) requires when the forecast deviates from the
årsbudget too much; :func:`parse_forecast_message` reads the text path's one line
("12 400 Ökade placeringskostnader", "samma").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

from followup.economy import EconomyConfig, EconomyPosition, parse_tkr

COMMENT_MAX = 2000
SAME_WORDS = ("samma som förra månaden", "samma som förra", "samma", "same as last month",
              "same", "oförändrad", "oförändrat", "=")
FIELD_FORECAST = "economy_forecast"
FIELD_COMMENT = "economy_comment"


@dataclass(frozen=True)
class EconomyStep:
    """A unit's economy for a reporting month; ``position.forecast`` is the forecast saved
    for this month (if any), ``position.previous_forecast`` the latest one before it."""

    unit_id: int
    unit_name: str
    year: int
    month: int
    position: EconomyPosition
    comment: str = ""  # the saved comment of this month
    previous_comment: str = ""
    comment_percent: str = "1"  # the threshold, for the hint under the inputs
    comment_tkr: int = 100


class ForecastProblem(StrEnum):
    BAD_AMOUNT = "bad_amount"
    NO_PREVIOUS = "no_previous"
    COMMENT_REQUIRED = "comment_required"
    COMMENT_TOO_LONG = "comment_too_long"
    MISSING = "missing"


@dataclass(frozen=True)
class ForecastEntry:
    forecast_kr: int
    comment: str
    same_as_previous: bool = False


def is_same_as_previous(text: str) -> bool:
    cleaned = " ".join(text.strip().lower().rstrip(".!").split())
    return cleaned in SAME_WORDS


def check_forecast(step: EconomyStep, forecast_text: str, comment: str,
                   config: EconomyConfig) -> tuple[ForecastEntry | None,
                                                   dict[str, tuple[ForecastProblem, str]]]:
    """(entry, problems by field); problems carry a detail (the typed text, …)."""
    problems: dict[str, tuple[ForecastProblem, str]] = {}
    text = (forecast_text or "").strip()
    comment = (comment or "").strip()
    forecast: int | None = None
    same = False
    if not text:
        problems[FIELD_FORECAST] = (ForecastProblem.MISSING, "")
    elif is_same_as_previous(text):
        same = True
        forecast = step.position.previous_forecast
        if forecast is None:
            problems[FIELD_FORECAST] = (ForecastProblem.NO_PREVIOUS, "")
        elif not comment:
            comment = step.previous_comment
    else:
        try:
            forecast = parse_tkr(text)
        except ValueError:
            problems[FIELD_FORECAST] = (ForecastProblem.BAD_AMOUNT, text[:40])
    if len(comment) > COMMENT_MAX:
        problems[FIELD_COMMENT] = (ForecastProblem.COMMENT_TOO_LONG, str(COMMENT_MAX))
    elif forecast is not None and not comment and config.needs_comment(
            step.position.annual_budget, forecast):
        problems[FIELD_COMMENT] = (ForecastProblem.COMMENT_REQUIRED, "")
    if problems or forecast is None:
        return None, problems
    return ForecastEntry(forecast, comment, same), problems


_LEADING_AMOUNT = re.compile(
    r"^\s*(?:prognos(?:en)?\s*[:=]?\s*)?"
    r"([+\-\u2212]?\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d+)?|[+\-\u2212]?\d+(?:[.,]\d+)?)"
    r"\s*(?:tkr|tsek)?\s*[.,;:\-–—]?\s*(.*)$", re.IGNORECASE | re.DOTALL)


def parse_forecast_message(text: str) -> tuple[str, str]:
    """The text path: "12 400 tkr – ökade placeringar" -> ("12 400", "ökade placeringar");
    "samma" (or "samma som förra månaden", optionally followed by a comment) -> ("samma", …);
    anything else -> (text, "") so :func:`check_forecast` names the problem."""
    stripped = text.strip()
    lowered = stripped.lower()
    for word in sorted(SAME_WORDS, key=len, reverse=True):
        if lowered.startswith(word) and (len(lowered) == len(word)
                                         or not lowered[len(word)].isalnum()):
            rest = stripped[len(word):].lstrip(" .,;:-–—")
            return "samma", rest
    match = _LEADING_AMOUNT.match(stripped)
    if match:
        return match.group(1), match.group(2).strip()
    return stripped, ""


@dataclass(frozen=True)
class ForecastMonth:
    """The forecasts given in one month's reports, summed over a subtree."""

    month: int
    forecast_kr: int
    budget_kr: int  # the årsbudget of the units that gave a forecast
    units: int

    @property
    def deviation_kr(self) -> int:
        return self.budget_kr - self.forecast_kr


@dataclass(frozen=True)
class UnitDeviation:
    unit_id: int
    code: str
    name: str
    budget_kr: int
    forecast_kr: int
    comment: str

    @property
    def deviation_kr(self) -> int:
        return self.budget_kr - self.forecast_kr


@dataclass(frozen=True)
class SubtreeEconomy:
    """A subtree's economy for a reporting month (the summary's Ekonomi section)."""

    root_unit_id: int
    year: int
    month: int
    position: EconomyPosition  # forecast = the sum of this month's forecasts
    trend: tuple[ForecastMonth, ...] = ()
    worst: tuple[UnitDeviation, ...] = ()
    forecast_units: int = 0  # units that gave a forecast this month
    budget_of_forecast_units: int = 0
    extra: dict[str, int] = field(default_factory=dict)

    @property
    def forecast_deviation(self) -> int | None:
        """Budget minus forecast of the units that gave one (negative = underskott)."""
        if not self.forecast_units or self.position.forecast is None:
            return None
        return self.budget_of_forecast_units - self.position.forecast
