"""The economy of a unit as kommuner follow it: budget, utfall and helårsprognos.

Amounts are whole kronor (``int``; öre are not followed up) and shown in tkr. A unit's
*nettokostnad* follows the ekonomisystem's sign: costs positive, income negative, so a
budget of 12 000 tkr and utfall of 12 400 tkr is an overspend (*underskott*) of 400 tkr.

Pure functions:

* :func:`spread_annual` — an annual budget spread over the months by a profile;
* :func:`unit_month_totals` — SIE period amounts summed per (unit, year, month) through
  a mapping of the ansvar dimension's objects to unit codes;
* :func:`economy_position` — årsbudget, periodiserad budget, utfall so far, avvikelse;
* :func:`forecast_needs_comment` — the threshold rule for the helårsprognos' comment.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from followup.sie4 import BalanceKind, PeriodAmount

#: Default profile: the same share every month.
EVEN_PROFILE: tuple[int, ...] = (1,) * 12
#: Forecast deviations within both limits need no comment (DESIGN.md §10 / issue 14).
DEFAULT_COMMENT_PERCENT = Decimal("1")
DEFAULT_COMMENT_KR = 100_000


def to_kronor(amount: Decimal) -> int:
    """Whole kronor, half up (``1234.50`` -> 1235, ``-0.5`` -> -1)."""
    return int(amount.quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def spread_annual(total_kr: int, profile: Sequence[int | float] = EVEN_PROFILE) -> list[int]:
    """``total_kr`` over twelve months in proportion to ``profile``; the months add up to
    the total exactly (rounding differences go to the last month with a share)."""
    if len(profile) != 12:
        raise ValueError("en periodiseringsprofil har tolv månadsvärden")
    weights = [Decimal(str(w)) for w in profile]
    if any(w < 0 for w in weights) or sum(weights) == 0:
        raise ValueError("profilens värden ska vara 0 eller mer, och minst ett större än 0")
    total = Decimal(total_kr)
    whole = sum(weights)
    months = [to_kronor(total * w / whole) for w in weights]
    last = max(i for i, w in enumerate(weights) if w > 0)
    months[last] += total_kr - sum(months)
    return months


@dataclass(frozen=True)
class UnmappedObject:
    code: str
    lines: tuple[int, ...]


@dataclass(frozen=True)
class MonthTotals:
    """Sums per (unit code, year, month) and what could not be mapped."""

    totals: dict[tuple[str, int, int], int]
    unmapped: tuple[UnmappedObject, ...]
    rows: int  # period amounts read


def unit_month_totals(amounts: Iterable[PeriodAmount], *, kind: BalanceKind, dimension: str,
                      mapping: Mapping[str, str], year_index: int | None = None) -> MonthTotals:
    """Sum the ``kind`` amounts per unit and month. ``mapping`` maps an object code of
    ``dimension`` to a unit code; amounts without an object in that dimension (or whose
    object is not mapped) are reported in ``unmapped`` (code ``""`` for none)."""
    sums: dict[tuple[str, int, int], Decimal] = {}
    missing: dict[str, list[int]] = {}
    rows = 0
    for amount in amounts:
        if amount.kind != kind or (year_index is not None and amount.year_index != year_index):
            continue
        rows += 1
        code = amount.object_in(dimension)
        unit = mapping.get(code) if code is not None else None
        if unit is None:
            missing.setdefault(code or "", []).append(amount.line)
            continue
        key = (unit, amount.year, amount.month)
        sums[key] = sums.get(key, Decimal(0)) + amount.amount
    unmapped = tuple(UnmappedObject(code, tuple(lines[:10]))
                     for code, lines in sorted(missing.items()))
    return MonthTotals({k: to_kronor(v) for k, v in sums.items()}, unmapped, rows)


@dataclass(frozen=True)
class EconomyPosition:
    """A unit's (or subtree's) economy for a year up to and including ``month``."""

    year: int
    month: int
    annual_budget: int
    budget_to_date: int
    actual_to_date: int
    forecast: int | None = None  # helårsprognos (nettokostnad for the year)
    previous_forecast: int | None = None

    @property
    def deviation_to_date(self) -> int:
        """Budget minus utfall: positive = under budget (överskott)."""
        return self.budget_to_date - self.actual_to_date

    @property
    def deviation_percent(self) -> Decimal | None:
        if self.budget_to_date == 0:
            return None
        return (Decimal(self.deviation_to_date) * 100 / abs(Decimal(self.budget_to_date))
                ).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def forecast_deviation(self) -> int | None:
        """Årsbudget minus helårsprognos: negative = a forecast overspend (underskott)."""
        return None if self.forecast is None else self.annual_budget - self.forecast


def economy_position(year: int, month: int, budget: Mapping[int, int],
                     actual: Mapping[int, int], *, forecast: int | None = None,
                     previous_forecast: int | None = None) -> EconomyPosition:
    """From month -> kronor maps of budget and utfall for ``year``."""
    return EconomyPosition(
        year=year, month=month,
        annual_budget=sum(budget.values()),
        budget_to_date=sum(v for m, v in budget.items() if m <= month),
        actual_to_date=sum(v for m, v in actual.items() if m <= month),
        forecast=forecast, previous_forecast=previous_forecast,
    )


def forecast_needs_comment(annual_budget: int, forecast: int, *,
                           percent: Decimal = DEFAULT_COMMENT_PERCENT,
                           kronor: int = DEFAULT_COMMENT_KR) -> bool:
    """A comment is required when the forecast deviates from the budget by more than
    ``percent`` of the budget or by more than ``kronor`` (whichever is reached first)."""
    deviation = abs(annual_budget - forecast)
    if deviation > kronor:
        return True
    if annual_budget == 0:
        return deviation > 0
    return Decimal(deviation) * 100 / abs(Decimal(annual_budget)) > percent


def parse_tkr(text: str) -> int:
    """A forecast typed in tkr (``"12 400"``, ``"-250,5"``, ``"12 400 tkr"``) -> kronor.

    ValueError with a Swedish message otherwise."""
    from followup.sv_format import parse_decimal

    cleaned = text.strip()
    lowered = cleaned.lower()
    for suffix in ("tkr", "tsek"):
        if lowered.endswith(suffix):
            cleaned = cleaned[: -len(suffix)].strip()
            break
    value = Decimal(str(parse_decimal(cleaned)))
    if abs(value) >= Decimal(10) ** 9:
        raise ValueError("beloppet är orimligt stort: skriv prognosen i tkr")
    return to_kronor(value * 1000)


@dataclass(frozen=True)
class EconomyConfig:
    """The kommun's economy settings: how an annual budget is spread over the months
    (``BUDGET_PROFILE``) and when a helårsprognos needs a comment
    (``FORECAST_COMMENT_PERCENT``, ``FORECAST_COMMENT_TKR``)."""

    profile: tuple[int | float, ...] = EVEN_PROFILE
    comment_percent: Decimal = DEFAULT_COMMENT_PERCENT
    comment_kr: int = DEFAULT_COMMENT_KR

    def __post_init__(self) -> None:
        spread_annual(0, self.profile)  # ValueError on a bad profile
        if self.comment_percent < 0 or self.comment_kr < 0:
            raise ValueError("FORECAST_COMMENT_PERCENT och FORECAST_COMMENT_TKR ska vara 0 "
                             "eller mer")

    def needs_comment(self, annual_budget: int, forecast: int) -> bool:
        return forecast_needs_comment(annual_budget, forecast, percent=self.comment_percent,
                                      kronor=self.comment_kr)

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> EconomyConfig:
        """``BUDGET_PROFILE``: twelve weights separated by commas or semicolons (or
        ``even``, the default); ``FORECAST_COMMENT_PERCENT`` (``1``, Swedish or English
        decimals) and ``FORECAST_COMMENT_TKR`` (``100``)."""
        raw = (env.get("BUDGET_PROFILE") or "").strip()
        profile: tuple[int | float, ...] = EVEN_PROFILE
        if raw and raw.lower() not in ("even", "jämn", "jamn"):
            parts = [p.strip() for p in raw.replace(";", ",").split(",") if p.strip()]
            if len(parts) != 12:
                raise ValueError("BUDGET_PROFILE: tolv månadsvärden separerade med komma, "
                                 f"fick {len(parts)}")
            try:
                profile = tuple(float(p) for p in parts)
            except ValueError:
                raise ValueError(f"BUDGET_PROFILE: bara tal, fick ”{raw}”") from None
        try:
            percent = Decimal((env.get("FORECAST_COMMENT_PERCENT") or "1").strip()
                              .replace(",", "."))
            tkr = Decimal((env.get("FORECAST_COMMENT_TKR") or "100").strip().replace(",", "."))
        except InvalidOperation:
            raise ValueError("FORECAST_COMMENT_PERCENT och FORECAST_COMMENT_TKR ska vara "
                             "tal") from None
        return cls(profile=profile, comment_percent=percent, comment_kr=to_kronor(tkr * 1000))


def is_result_account(account: str) -> bool:
    """Kommun-BAS result accounts (classes 3–8: intäkter, kostnader, finansiella poster);
    classes 1–2 are the balance sheet, not a unit's nettokostnad."""
    return len(account) >= 4 and account[0] in "345678"


def sie_month_totals(amounts: Iterable[PeriodAmount], *, kind: BalanceKind, dimension: str,
                     mapping: Mapping[str, str], year: int | None = None) -> MonthTotals:
    """:func:`unit_month_totals` for a real SIE file, which states each balance several
    times: for the account as a whole (``{}``), per object of one dimension and per
    combination of objects. A unit's month is the sum over its result accounts of the
    lines for exactly its object in ``dimension``; only where an account has no such line
    the combinations holding the object are summed instead. Lines without an object in
    ``dimension`` are other cuts of the same money and are left out; objects of the
    dimension that ``mapping`` (object code -> unit code) lacks are ``unmapped``."""
    single: dict[tuple[str, int, int, str], Decimal] = {}
    combined: dict[tuple[str, int, int, str], Decimal] = {}
    missing: dict[str, list[int]] = {}
    rows = 0
    for amount in amounts:
        if amount.kind != kind or (year is not None and amount.year != year):
            continue
        if not is_result_account(amount.account):
            continue
        code = amount.object_in(dimension)
        if code is None:
            continue
        rows += 1
        unit = mapping.get(code)
        if unit is None:
            missing.setdefault(code, []).append(amount.line)
            continue
        key = (unit, amount.year, amount.month, amount.account)
        target = single if len(amount.objects) == 1 else combined
        target[key] = target.get(key, Decimal(0)) + amount.amount
    sums: dict[tuple[str, int, int], Decimal] = {}
    for key, value in single.items():
        month_key = key[:3]
        sums[month_key] = sums.get(month_key, Decimal(0)) + value
    for key, value in combined.items():
        if key not in single:
            month_key = key[:3]
            sums[month_key] = sums.get(month_key, Decimal(0)) + value
    unmapped = tuple(UnmappedObject(code, tuple(lines[:10]))
                     for code, lines in sorted(missing.items()))
    return MonthTotals({k: to_kronor(v) for k, v in sums.items()}, unmapped, rows)
