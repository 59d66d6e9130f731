"""Plausibility of a report's values (warn, never refuse) and values typed the way
people write them ("95,5 %", "-250 tkr", "1 234")."""

from __future__ import annotations

import pytest

from followup.report_rules import (
    GoalForm,
    ResultValues,
    confirmation_token,
    parse_value,
    plausibility_warnings,
    unconfirmed_warnings,
)

RATE = GoalForm(1, "citizens", "Nöjda brukare", indicator_name="Andel nöjda",
                indicator_unit="%", target=93.0, baseline=88.0, direction="higher")
WAIT = GoalForm(2, "citizens", "Kort väntetid", indicator_name="Väntetid",
                indicator_unit="dagar", target=14.0, baseline=21.0)  # lower, from baseline
BUDGET = GoalForm(3, "economy", "Budget i balans", indicator_name="Avvikelse",
                  indicator_unit="tkr", target=0.0, baseline=-400.0, direction="higher")
LAST_RATE = ResultValues(status="green", value=91.4)


def keys(goal: GoalForm, status: str | None, value: float | None,
         last: ResultValues | None = None) -> list[str]:
    return [w.key for w in plausibility_warnings(goal, ResultValues(status=status, value=value),
                                                 last)]


def test_a_slip_far_from_last_month_and_target_is_asked_about() -> None:
    # 12,5 % against a 93 % target after 91,4 % last month: a typo for 92,5?
    warnings = plausibility_warnings(RATE, ResultValues(status="yellow", value=12.5),
                                     LAST_RATE)
    assert [(w.field, w.key) for w in warnings] == [("value",
                                                      "report.warning.value_far_last")]
    assert warnings[0].params["last"] == 91.4 and warnings[0].params["unit"] == "%"
    # "Uppfylls" with it as well: the status contradicts the value too
    assert keys(RATE, "green", 12.5, LAST_RATE) == ["report.warning.value_far_last",
                                                    "report.warning.green_missed"]


def test_plausible_values_pass_without_a_word() -> None:
    assert keys(RATE, "green", 93.5, LAST_RATE) == []
    assert keys(RATE, "yellow", 90.0, LAST_RATE) == []
    # a big jump that lands on the target is no slip
    assert keys(RATE, "green", 93.0, ResultValues(value=50.0)) == []
    assert keys(RATE, "red", None, LAST_RATE) == []  # no value, nothing to compare


def test_status_against_value_knows_which_way_is_better() -> None:
    # lower is better (from baseline 21 → target 14): 10 days meets it, 30 misses it
    assert keys(WAIT, "red", 10.0) == ["report.warning.red_met"]
    assert keys(WAIT, "green", 10.0) == []
    assert "report.warning.green_missed" in keys(WAIT, "green", 30.0)
    # higher is better: at the target "uppfylls inte" is a contradiction
    assert keys(RATE, "red", 95.0, LAST_RATE) == ["report.warning.red_met"]
    assert keys(RATE, "green", 91.0, LAST_RATE) == []  # a near miss is a judgement call


def test_without_a_last_month_the_target_is_the_reference() -> None:
    assert keys(RATE, "yellow", 40.0) == ["report.warning.value_far"]
    assert keys(BUDGET, "yellow", -150.0) == []  # within the budget's own scale
    assert keys(BUDGET, "yellow", -5000.0) == ["report.warning.value_far"]


def test_a_confirmation_counts_only_for_the_values_confirmed() -> None:
    values = ResultValues(status="green", value=12.5)
    first = unconfirmed_warnings([RATE], {1: values}, {1: LAST_RATE}, {})
    assert {w.key for w in first} == {"report.warning.value_far_last",
                                      "report.warning.green_missed"}
    token = str(first[0].params["token"])
    assert token == confirmation_token(values)
    assert unconfirmed_warnings([RATE], {1: values}, {1: LAST_RATE}, {1: token}) == ()
    other = ResultValues(status="green", value=13.5)  # changed after confirming
    assert unconfirmed_warnings([RATE], {1: other}, {1: LAST_RATE}, {1: token}) != ()


@pytest.mark.parametrize(("goal", "typed", "expected"), [
    (RATE, "95,5 %", 95.5), (RATE, "95,5%", 95.5), (RATE, "95,5 procent", 95.5),
    (BUDGET, "-250 tkr", -250.0), (BUDGET, "-250tkr", -250.0), (BUDGET, "−250 TKR", -250.0),
    (BUDGET, "1 234", 1234.0), (BUDGET, "1\u00a0234 tkr", 1234.0),
    (BUDGET, "1\u202f234", 1234.0), (BUDGET, "1\u2009234", 1234.0),
    (WAIT, "12 dagar", 12.0),
])
def test_values_typed_with_their_unit_and_spaces_are_read(goal: GoalForm, typed: str,
                                                          expected: float) -> None:
    value, error = parse_value(goal, typed)
    assert error is None and value == pytest.approx(expected)


@pytest.mark.parametrize(("goal", "typed"), [
    (RATE, "95 tkr"),  # another indicator's unit
    (BUDGET, "95 %"),
    (BUDGET, "tkr"),
    (WAIT, "12 dagarna"),
    (BUDGET, "1 23 4"),
])
def test_other_units_and_loose_spaces_are_still_refused(goal: GoalForm, typed: str) -> None:
    value, error = parse_value(goal, typed)
    assert value is None and error is not None and error.key == "report.error.value_not_number"
