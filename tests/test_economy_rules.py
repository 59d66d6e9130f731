"""Economy rules: spreading an annual budget, SIE amounts per unit and month, the
position (budget, utfall, avvikelse) and the forecast comment threshold."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followup.economy import (
    economy_position,
    forecast_needs_comment,
    parse_tkr,
    spread_annual,
    to_kronor,
    unit_month_totals,
)
from followup.sie4 import PeriodAmount


def test_an_annual_budget_is_spread_exactly() -> None:
    assert spread_annual(1_200_000) == [100_000] * 12
    months = spread_annual(1_000_000)
    assert sum(months) == 1_000_000 and max(months) - min(months) <= 4
    summer = (1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1)
    spread = spread_annual(1_100_000, summer)
    assert spread[6] == 0 and sum(spread) == 1_100_000
    with pytest.raises(ValueError, match="tolv"):
        spread_annual(10, (1,) * 11)
    with pytest.raises(ValueError, match="minst ett"):
        spread_annual(10, (0,) * 12)


@given(st.integers(-10**11, 10**11),
       st.lists(st.integers(0, 100), min_size=12, max_size=12).filter(lambda p: sum(p) > 0))
def test_spreading_never_loses_a_krona(total: int, profile: list[int]) -> None:
    months = spread_annual(total, profile)
    assert sum(months) == total
    assert all(m == 0 for m, w in zip(months, profile, strict=True) if w == 0)


def _amount(kind: str, month: int, obj: str | None, value: str, line: int) -> PeriodAmount:
    objects = (("1", obj),) if obj is not None else ()
    return PeriodAmount(kind, 0, 2026, month, "7010", objects, Decimal(value), line)  # type: ignore[arg-type]


def test_sie_amounts_per_unit_and_month_through_the_mapping() -> None:
    amounts = [
        _amount("utfall", 10, "4100", "1000.40", 10),
        _amount("utfall", 10, "4100", "-200.20", 11),
        _amount("utfall", 10, "4101", "50", 12),  # both map to the same unit
        _amount("utfall", 11, "4100", "7", 13),
        _amount("budget", 10, "4100", "999", 14),  # another kind: not counted
        _amount("utfall", 10, "9999", "1", 15),
        _amount("utfall", 10, None, "1", 16),
    ]
    result = unit_month_totals(amounts, kind="utfall", dimension="1",
                               mapping={"4100": "FSK-SOL", "4101": "FSK-SOL"})
    assert result.totals == {("FSK-SOL", 2026, 10): 850, ("FSK-SOL", 2026, 11): 7}
    assert [(u.code, u.lines) for u in result.unmapped] == [("", (16,)), ("9999", (15,))]
    assert result.rows == 6


def test_the_position_and_its_deviations() -> None:
    budget = {m: 1_000_000 for m in range(1, 13)}
    actual = {m: 1_050_000 for m in range(1, 11)}
    position = economy_position(2026, 10, budget, actual, forecast=12_400_000)
    assert position.annual_budget == 12_000_000
    assert position.budget_to_date == 10_000_000
    assert position.actual_to_date == 10_500_000
    assert position.deviation_to_date == -500_000
    assert position.deviation_percent == Decimal("-5.0")
    assert position.forecast_deviation == -400_000
    assert economy_position(2026, 1, {}, {}).deviation_percent is None


@pytest.mark.parametrize(
    ("budget", "forecast", "needed"),
    [
        (12_000_000, 12_000_000, False),
        (12_000_000, 12_099_000, False),  # 99 tkr and 0,8 %: within both
        (12_000_000, 12_101_000, True),  # more than 100 tkr
        (5_000_000, 5_060_000, True),  # 60 tkr but 1,2 %
        (5_000_000, 4_960_000, False),  # 40 tkr, 0,8 % under budget
        (0, 1, True),
    ],
)
def test_a_forecast_far_from_budget_needs_a_comment(budget: int, forecast: int,
                                                     needed: bool) -> None:
    assert forecast_needs_comment(budget, forecast) is needed


def test_forecasts_typed_as_people_do() -> None:
    assert parse_tkr("12 400") == 12_400_000
    assert parse_tkr("-250,5 tkr") == -250_500
    assert parse_tkr("1 234,567") == 1_234_567
    assert to_kronor(Decimal("-0.5")) == -1
    for bad in ("", "tolv", "1,2,3", "10000000000"):
        with pytest.raises(ValueError):
            parse_tkr(bad)
