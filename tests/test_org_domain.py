"""Org tree rules: subtree, ancestors, leaders, acting managers, who may report."""

from __future__ import annotations

from datetime import date

import pytest

from followup.org import Assignment, OrgTree, ReportRole, Unit, find_cycle

D = date(2026, 11, 4)


@pytest.fixture
def tree() -> OrgTree:
    units = [
        Unit(1, "K", "Kommunen", "kommun", None),
        Unit(2, "BUF", "Barn och utbildning", "forvaltning", 1),
        Unit(3, "SOC", "Social", "forvaltning", 1),
        Unit(4, "BUF-GR", "Grundskola", "avdelning", 2),
        Unit(5, "BUF-GR-1", "Ängsskolan", "enhet", 4),
        Unit(6, "BUF-GR-2", "Björkskolan", "enhet", 4),
        Unit(7, "SOC-HT", "Hemtjänst", "enhet", 3),
        Unit(8, "SOC-X", "Utan chef", "enhet", 3),
    ]
    assignments = [
        Assignment(1, 100, "manager", date(2020, 1, 1)),
        Assignment(2, 200, "manager", date(2020, 1, 1)),
        Assignment(3, 300, "manager", date(2020, 1, 1)),
        Assignment(4, 400, "manager", date(2020, 1, 1)),
        Assignment(5, 500, "manager", date(2020, 1, 1)),
        # Björkskolan: old rektor until October, new from November.
        Assignment(6, 600, "manager", date(2020, 1, 1), date(2026, 10, 31)),
        Assignment(6, 601, "manager", date(2026, 11, 1)),
        Assignment(7, 700, "manager", date(2020, 1, 1)),
        # Ängsskolan's rektor is stood in for by 501 during November.
        Assignment(5, 501, "acting", date(2026, 11, 1), date(2026, 11, 30)),
    ]
    return OrgTree.build(units, assignments)


def test_subtree_and_ancestors(tree: OrgTree) -> None:
    # Depth first, siblings by name (Björkskolan before Ängsskolan).
    assert [u.code for u in tree.subtree(2)] == ["BUF", "BUF-GR", "BUF-GR-2", "BUF-GR-1"]
    assert {u.code for u in tree.subtree(1)} == {u.code for u in tree.units.values()}
    assert [u.code for u in tree.ancestors(5)] == ["BUF-GR", "BUF", "K"]
    assert tree.path_names(5) == ["Kommunen", "Barn och utbildning", "Grundskola", "Ängsskolan"]
    assert tree.is_in_subtree(5, 2) and not tree.is_in_subtree(7, 2)


def test_acting_manager_wins_for_the_dates_they_act(tree: OrgTree) -> None:
    assert tree.manager_in_charge(5, D) == 501
    assert tree.manager_in_charge(5, date(2026, 12, 1)) == 500
    assert tree.manager_in_charge(5, date(2026, 10, 31)) == 500


def test_manager_change_by_validity_dates(tree: OrgTree) -> None:
    assert tree.manager_in_charge(6, date(2026, 10, 15)) == 600
    assert tree.manager_in_charge(6, D) == 601


def test_leader_is_the_manager_of_the_nearest_ancestor_with_one(tree: OrgTree) -> None:
    assert tree.leader_of(5, D) == 400
    assert tree.leader_of(4, D) == 200
    assert tree.leader_of(2, D) == 100
    assert tree.leader_of(1, D) is None


def test_leaders_and_units_in_charge(tree: OrgTree) -> None:
    assert tree.is_leader(200, D)
    assert not tree.is_leader(700, D)
    assert [u.code for u in tree.units_in_charge(501, D)] == ["BUF-GR-1"]
    assert tree.units_in_charge(500, D) == []  # stood in for
    assert [u.code for u in tree.units_managed(500, D)] == ["BUF-GR-1"]
    assert [u.code for u in tree.led_subtree_roots(100, D)] == ["K"]


def test_who_may_report(tree: OrgTree) -> None:
    assert tree.report_permission(501, 5, D).role is ReportRole.ACTING
    assert not tree.report_permission(500, 5, D).allowed  # stood in for: reads only
    stood_in = tree.stood_in_by(500, 5, D)
    assert stood_in is not None and stood_in.person_id == 501
    assert tree.stood_in_by(501, 5, D) is None
    assert not tree.report_permission(400, 5, D).allowed  # the leader is not the reporter
    assert not tree.report_permission(700, 5, D).allowed
    admin = tree.report_permission(999, 5, D, is_admin=True)
    assert admin.allowed and admin.on_behalf
    assert not tree.report_permission(600, 6, D).allowed  # former rektor
    assert not tree.report_permission(100, 42, D, is_admin=True).allowed  # unknown unit


def test_the_nearest_leader_answers_for_a_unit_without_a_manager(tree: OrgTree) -> None:
    charge = tree.responsible(8, D)  # SOC-X has nobody: SOC's manager answers for it
    assert charge is not None and (charge.person_id, charge.role, charge.via_unit_id) == (
        300, ReportRole.LEADER, 3)
    assert tree.report_permission(300, 8, D).role is ReportRole.LEADER
    assert not tree.report_permission(100, 8, D).allowed  # only the nearest one
    assert [u.code for u in tree.units_responsible(300, D)] == ["SOC", "SOC-X"]
    assert tree.escalation_leader(8, D) == 100  # past the one who stands in
    assert tree.escalation_leader(7, D) == 300
    assert [u.code for u in tree.without_manager(D)] == ["SOC-X"]


def test_viewing_is_limited_to_the_own_subtree(tree: OrgTree) -> None:
    assert tree.may_view(200, 5, D)
    assert not tree.may_view(200, 7, D)
    assert tree.may_view(100, 7, D)
    assert tree.may_view(999, 7, D, is_admin=True)


def test_cycle_detection() -> None:
    assert find_cycle({"A": None, "B": "A", "C": "B"}) is None
    cycle = find_cycle({"A": "C", "B": "A", "C": "B", "D": None})
    assert cycle is not None and set(cycle) == {"A", "B", "C"}
