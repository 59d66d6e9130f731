"""Pure rules of the monthly report: parsing, validation, prefill, steps, progress."""

from __future__ import annotations

import pytest

from followup.report_rules import (
    MAX_TEXT_CHARS,
    GoalForm,
    RawGoalInput,
    ResultStatus,
    ResultValues,
    changed_goals,
    missing_for_submit,
    parse_status,
    plan_steps,
    prefill_from_last,
    progress,
    status_counts,
    validate_goal,
    validate_inputs,
    value_bounds,
)

PERCENT = GoalForm(1, "citizens", "Nöjda brukare", indicator_name="Andel nöjda",
                   indicator_unit="%", target=90, baseline=84)
DAYS = GoalForm(2, "citizens", "Kort väntetid", indicator_name="Väntetid",
                indicator_unit="dagar", target=14, baseline=21)
NO_INDICATOR = GoalForm(3, "operations", "Digital dokumentation")
DEVIATION = GoalForm(4, "economy", "Budget i balans", indicator_name="Avvikelse",
                     indicator_unit="mkr", target=0, baseline=-1.5)
EARNINGS = GoalForm(5, "economy", "Intäkter", indicator_name="Intäkter",
                    indicator_unit="tkr", target=500, baseline=450)


@pytest.mark.parametrize(("text", "expected"), [
    ("green", ResultStatus.GREEN), ("Uppfylls", ResultStatus.GREEN),
    ("uppfylls delvis", ResultStatus.YELLOW), ("Delvis", ResultStatus.YELLOW),
    ("yellow", ResultStatus.YELLOW), ("Uppfylls inte", ResultStatus.RED),
    ("röd", ResultStatus.RED), ("not met", ResultStatus.RED), ("", None), ("  ", None),
])
def test_status_words(text: str, expected: ResultStatus | None) -> None:
    assert parse_status(text) == expected


def test_unknown_status_word_is_refused() -> None:
    with pytest.raises(ValueError):
        parse_status("kanske")
    _, errors = validate_goal(PERCENT, RawGoalInput(status="blå"))
    assert [(e.field, e.key) for e in errors] == [("status", "report.error.status_invalid")]


def test_swedish_decimal_is_a_valid_value() -> None:
    values, errors = validate_goal(PERCENT, RawGoalInput(status="green", value="12,5"))
    assert errors == [] and values.value == 12.5
    values, errors = validate_goal(DAYS, RawGoalInput(status="green", value=" 1 234 "))
    assert errors == [] and values.value == 1234


@pytest.mark.parametrize(("goal", "text", "key"), [
    (PERCENT, "abc", "report.error.value_not_number"),
    (PERCENT, "12,5,3", "report.error.value_not_number"),
    (PERCENT, "100,5", "report.error.value_too_high"),
    (PERCENT, "-1", "report.error.value_too_small"),
    (DAYS, "-3", "report.error.value_too_small"),
    (EARNINGS, "-1", "report.error.value_too_small"),
    (DAYS, "1000000000000", "report.error.value_too_large"),
    (NO_INDICATOR, "5", "report.error.value_no_indicator"),
])
def test_values_out_of_range_or_not_numbers(goal: GoalForm, text: str, key: str) -> None:
    _, errors = validate_goal(goal, RawGoalInput(status="green", value=text))
    assert [(e.field, e.key) for e in errors] == [("value", key)]


def test_negative_values_where_the_goal_allows_them() -> None:
    assert value_bounds(DEVIATION)[0] < 0
    values, errors = validate_goal(DEVIATION, RawGoalInput(status="green", value="-2,5"))
    assert errors == [] and values.value == -2.5
    assert value_bounds(PERCENT) == (0.0, 100.0)


def test_empty_value_means_no_value() -> None:
    values, errors = validate_goal(PERCENT, RawGoalInput(status="green", value=""),
                                   ResultValues(status="green", value=80.0))
    assert errors == [] and values.value is None


def test_improvement_actions_required_for_delvis_and_inte() -> None:
    for status in ("yellow", "red"):
        _, errors = validate_goal(PERCENT, RawGoalInput(status=status, actions="  "))
        assert [(e.field, e.key) for e in errors] == [
            ("actions", "report.error.actions_required")
        ]
    _, errors = validate_goal(PERCENT, RawGoalInput(status="green", actions=""))
    assert errors == []


def test_texts_are_limited_and_cleaned() -> None:
    _, errors = validate_goal(PERCENT, RawGoalInput(status="green",
                                                    analysis="å" * (MAX_TEXT_CHARS + 1)))
    assert errors[0].field == "analysis" and errors[0].key == "report.error.text_too_long"
    values, errors = validate_goal(PERCENT, RawGoalInput(status="green",
                                                         analysis=" rad 1\r\nrad\x00 2 "))
    assert errors == [] and values.analysis == "rad 1\nrad 2"
    values, errors = validate_goal(PERCENT, RawGoalInput(analysis="x" * MAX_TEXT_CHARS))
    assert errors == []


def test_fields_not_sent_keep_the_stored_values() -> None:
    stored = ResultValues(status="red", value=70.0, analysis="Gammal", actions="Plan")
    values, errors = validate_goal(PERCENT, RawGoalInput(analysis="Ny analys"), stored)
    assert errors == []
    assert values == ResultValues(status="red", value=70.0, analysis="Ny analys",
                                  actions="Plan")
    assert changed_goals({1: values}, {1: stored}) == {1: values}
    assert changed_goals({1: stored}, {1: stored}) == {}


def test_status_required_when_changing_a_submitted_report() -> None:
    _, errors = validate_goal(PERCENT, RawGoalInput(status=""), ResultValues(status="green"),
                              require_status=True)
    assert [e.key for e in errors] == ["report.error.status_required"]


def test_unknown_goal_ids_reject_the_whole_request() -> None:
    result = validate_inputs([PERCENT], {1: RawGoalInput(status="green"),
                                         42: RawGoalInput(status="green")}, {})
    assert not result.ok and result.values == {}
    assert [(e.goal_id, e.key) for e in result.errors] == [(None, "report.error.unknown_goal")]


def test_missing_for_submit_names_each_goal() -> None:
    results = {1: ResultValues(status="green"), 2: ResultValues(status="red")}
    errors = missing_for_submit([PERCENT, DAYS, NO_INDICATOR], results)
    assert [(e.goal_id, e.field) for e in errors] == [(2, "actions"), (3, "status")]


def test_same_as_last_month_fills_only_empty_fields() -> None:
    last = {1: ResultValues(status="yellow", value=12.5, analysis="Förra", actions="Åtgärd"),
            2: ResultValues(status="green", value=20.0, analysis="Bra", actions="")}
    typed = {1: RawGoalInput(status="", value="", analysis="Min nya text", actions="")}
    current = {2: ResultValues(status="red", value=None, analysis="", actions="Plan")}
    filled = prefill_from_last([1, 2, 3], typed, current, last)
    assert filled[1] == RawGoalInput(status="yellow", value="12,5", analysis="Min nya text",
                                     actions="Åtgärd")
    assert filled[2] == RawGoalInput(status="red", value="20", analysis="Bra", actions="Plan")
    assert filled[3] == RawGoalInput(status="", value="", analysis="", actions="")


def _goals(n: int, perspective: str = "citizens") -> list[GoalForm]:
    return [GoalForm(100 + i, perspective, f"Mål {i}", sort_order=i) for i in range(n)]


def test_steps_follow_perspectives_and_split_large_ones() -> None:
    goals = [*_goals(25), GoalForm(1, "employees", "Hälsa"), GoalForm(2, "economy", "Budget")]
    steps = plan_steps(goals)
    # at most three goals a step: a step card stays under two screens, so an error or a
    # warning is never far from the button that was pressed
    assert [s.key for s in steps] == [*(f"citizens.{i}" for i in range(1, 10)), "economy",
                                      "employees"]
    assert [len(s.goal_ids) for s in steps] == [3] * 8 + [1, 1, 1]
    assert steps[1].part == 2 and steps[1].parts == 9


def test_long_texts_split_a_step_further() -> None:
    goals = _goals(10)
    long_texts = {g.goal_id: ResultValues(status="green", analysis="x" * 2000,
                                          actions="y" * 2000) for g in goals}
    steps = plan_steps(goals, long_texts)
    assert len(steps) > 1
    assert sum(len(s.goal_ids) for s in steps) == 10


def test_progress_and_status_counts() -> None:
    results = {1: ResultValues(status="green"), 2: ResultValues(status="red"),
               3: ResultValues(status="red", actions="Plan")}
    p = progress([PERCENT, DAYS, NO_INDICATOR, DEVIATION], results)
    assert (p.done, p.total, p.complete) == (2, 4, False)
    assert p.per_perspective == {"citizens": (1, 2), "operations": (1, 1), "economy": (0, 1)}
    assert status_counts(results.values()) == {"green": 1, "yellow": 0, "red": 2}
