"""The distributed report: how far each level of the organisation has come.

Children report first; then the leader of each level writes the level's *sammanfattande
analys* per perspective and marks the level klar; upwards to the kommunchef
(DESIGN.md §10). A child unit is klar when

* its own report is submitted, if it has goals to report, and
* its level analysis is klar, if it leads units of its own.

A leader is asked for the analysis once every child is klar (or at the deadline).

Pure functions over the org tree and two status maps; no storage, no clock.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime

from followup.org import OrgTree
from followup.vocabulary import AnalysisState, ReportStatus


@dataclass(frozen=True)
class StoredAnalysis:
    """A level's analysis as stored: state, version (0 = nothing yet), texts per perspective."""

    state: AnalysisState
    version: int
    texts: dict[str, str]
    updated_at: datetime | None = None
    updated_by: str | None = None
    done_at: datetime | None = None
    done_by: str | None = None


EMPTY_ANALYSIS = StoredAnalysis(AnalysisState.NOT_STARTED, 0, {})


@dataclass(frozen=True)
class LevelProgress:
    """One level: how many of its children are klar, and the state of its own analysis."""

    unit_id: int
    children_done: int
    children_total: int
    analysis: AnalysisState

    @property
    def children_ready(self) -> bool:
        return self.children_done == self.children_total


def unit_done(tree: OrgTree, unit_id: int, *, report_status: Mapping[int, str],
              analysis: Mapping[int, AnalysisState], with_goals: Collection[int]) -> bool:
    """Whether ``unit_id`` is klar for its leader (see the module docstring)."""
    if unit_id in with_goals and report_status.get(unit_id) != ReportStatus.SUBMITTED:
        return False
    if tree.has_children(unit_id):
        return analysis.get(unit_id, AnalysisState.NOT_STARTED) is AnalysisState.DONE
    return True


def level_progress(tree: OrgTree, unit_id: int, *, report_status: Mapping[int, str],
                   analysis: Mapping[int, AnalysisState],
                   with_goals: Collection[int]) -> LevelProgress:
    """The progress of the level led from ``unit_id`` (a unit with children)."""
    children = tree.children(unit_id)
    done = sum(
        1 for child in children
        if unit_done(tree, child.id, report_status=report_status, analysis=analysis,
                     with_goals=with_goals)
    )
    return LevelProgress(unit_id, done, len(children),
                         analysis.get(unit_id, AnalysisState.NOT_STARTED))


def levels_ready_for_analysis(tree: OrgTree, *, report_status: Mapping[int, str],
                              analysis: Mapping[int, AnalysisState],
                              with_goals: Collection[int]) -> list[int]:
    """Leader units whose children are all klar and whose own analysis is not yet klar,
    in tree order (deepest levels are found as soon as their children are done)."""
    ready: list[int] = []
    for unit in tree.iter_units():
        if not tree.has_children(unit.id):
            continue
        progress = level_progress(tree, unit.id, report_status=report_status,
                                  analysis=analysis, with_goals=with_goals)
        if progress.children_ready and progress.analysis is not AnalysisState.DONE:
            ready.append(unit.id)
    return ready
