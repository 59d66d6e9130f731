"""Pure rules of the report document: labels, comparisons, which goals get details."""

from __future__ import annotations

from followup.document import (
    DETAIL_ALL_GOALS,
    RED_DETAILS_PER_PERSPECTIVE,
    GoalEntry,
    choose_details,
    compare,
    document_title,
    format_change,
    format_value,
    period_label,
    short_period_label,
)
from followup.period import Period
from followup.summary import UnitRef


def test_titles_and_labels_per_kind() -> None:
    assert document_title(Period.parse("2026-10")) == "Månadsrapport oktober 2026"
    assert document_title(Period.parse("2026-T1")) == "Tertialrapport 1 2026"
    assert document_title(Period.parse("2026-D")) == "Delårsrapport januari–augusti 2026"
    assert document_title(Period.parse("2026")) == "Årsrapport 2026"
    assert period_label(Period.parse("2026-T3")) == "tertial 3 2026"
    assert period_label(Period.parse("2026-D", delar_end_month=7)) == "januari–juli 2026"
    assert period_label(Period.parse("2026")) == "helåret 2026"
    assert short_period_label(Period.parse("2025-11")) == "nov 2025"
    assert document_title(Period.parse("2026-T1"), "en") == "Four-month report 1 2026"
    assert document_title(Period.parse("2026-D"), "en") == "Interim report January–August 2026"


def test_comparison_reads_by_the_indicators_direction() -> None:
    assert format_change(compare(92.5, 90.0, "higher", "september 2026")) == "▲ +2,5 (bättre)"
    assert format_change(compare(92.5, 95.0, "higher", "x")) == "▼ -2,5 (sämre)"
    assert format_change(compare(12.0, 14.5, "lower", "x")) == "▼ -2,5 (bättre)"
    assert format_change(compare(3.0, 3.0, "higher", "x")) == "oförändrat"
    assert format_change(compare(3.0, None, "higher", "x")) == "–"
    assert format_change(compare(1500.0, 250.0, "higher", "x")) == "▲ +1\u00a0250 (bättre)"
    assert format_value(12.5, "%") == "12,5\u00a0%"
    assert format_value(1234567, "kr") == "1\u00a0234\u00a0567\u00a0kr"
    assert format_value(None, "%") == "–"


def _goal(goal_id: int, unit_id: int, status: str | None) -> GoalEntry:
    return GoalEntry(goal_id=goal_id, unit=UnitRef(unit_id, f"U{unit_id}", f"Enhet {unit_id}"),
                     unit_path="", perspective="citizens", title=f"Mål {goal_id}",
                     description="", status=status, indicator=None)


def test_red_first_then_yellow_not_reported_green_in_org_order() -> None:
    goals = [_goal(1, 2, "green"), _goal(2, 3, "red"), _goal(3, 2, None),
             _goal(4, 2, "yellow"), _goal(5, 2, "red")]
    order = {1: 0, 2: 1, 3: 2}
    details, omitted = choose_details(goals, len(goals), order, {2: 1, 3: 2})
    assert [g.goal_id for g in details] == [5, 2, 4, 3, 1] and omitted == 0


def test_a_big_subtree_details_only_the_red_goals_near_the_top() -> None:
    many = DETAIL_ALL_GOALS + 1
    depth = {u: (1 if u < 10 else 2) for u in range(100)}
    goals = [_goal(i, i % 100, "red" if i % 3 == 0 else "green") for i in range(many)]
    details, omitted = choose_details(goals, many, {u: u for u in range(100)}, depth)
    assert details and all(g.status == "red" and depth[g.unit.id] == 1 for g in details)
    assert len(details) <= RED_DETAILS_PER_PERSPECTIVE
    assert omitted == many - len(details)
