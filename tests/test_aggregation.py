"""The aggregation rule: amounts are summed, rates averaged (issue 17 §3)."""

from __future__ import annotations

import pytest

from followup.aggregation import (
    aggregate,
    default_aggregation,
    effective_aggregation,
    parse_aggregation,
)
from followup.sv_format import unit_after_number


@pytest.mark.parametrize("unit", ["kr", "tkr", " TKR ", "mkr", "antal", "st"])
def test_amounts_and_counts_are_summed(unit: str) -> None:
    assert default_aggregation(unit) == "sum"


@pytest.mark.parametrize("unit", ["%", "procent", "dagar", "index", "", None])
def test_rates_and_unknown_units_are_averaged(unit: str | None) -> None:
    assert default_aggregation(unit) == "mean"


def test_an_explicit_rule_wins_and_a_bad_one_falls_back_to_the_unit() -> None:
    assert effective_aggregation("mean", "tkr") == "mean"
    assert effective_aggregation("sum", "%") == "sum"
    assert effective_aggregation(None, "tkr") == "sum"
    assert effective_aggregation("median", "%") == "mean"


def test_words_people_write() -> None:
    assert parse_aggregation(" Summa ") == "sum"
    assert parse_aggregation("medelvärde") == "mean"
    assert parse_aggregation("största") is None


def test_aggregate_leaves_out_missing_values() -> None:
    assert aggregate([-20.0, None, -30.0], "sum") == -50.0
    assert aggregate([-20.0, None, -30.0], "mean") == -25.0
    assert aggregate([None], "sum") is None


def test_counts_read_as_st_after_a_number() -> None:
    assert unit_after_number("antal") == "st"
    assert unit_after_number(" tkr ") == "tkr"
    assert unit_after_number(None) == ""
