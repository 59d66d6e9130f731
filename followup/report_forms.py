"""The report's form and outcome as plain data: what a client (card, text dialog,
script) gets from the report service (:mod:`storage.reports`) and shows.

Pure dataclasses on :mod:`followup.report_rules` values; no storage, no cards. The form
knows its :class:`followup.report_kinds.ReportKind` (``form.kind``): what it asks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from followup.org import ReportRole
from followup.report_kinds import ReportKind, kind_for_period
from followup.report_rules import (
    EMPTY,
    FieldError,
    GoalForm,
    Progress,
    ReportStep,
    ResultValues,
    plan_steps,
    progress,
    status_counts,
)


class Outcome(StrEnum):
    OK = "ok"
    INVALID = "invalid"  # field errors (or unknown goal ids); nothing written
    CONFLICT = "conflict"  # someone else changed the report since the card was made
    CLOSED = "closed"  # the period is not open for reports
    FORBIDDEN = "forbidden"  # the actor may not report for this unit
    NOT_FOUND = "not_found"  # no such unit or period
    UNLIKELY = "unlikely"  # values that look like a slip, not confirmed; nothing written


@dataclass(frozen=True)
class Actor:
    """Who acts: a person (``person_id``) with a display name; admins may act on behalf."""

    person_id: int
    name: str
    is_admin: bool = False


@dataclass(frozen=True)
class UnitInfo:
    id: int
    code: str
    name: str


@dataclass(frozen=True)
class PeriodInfo:
    period: str  # "2026-10", "2026-T1", "2026-D", "2026"
    opens_at: datetime
    deadline_at: datetime
    closes_at: datetime
    is_open: bool
    open_until: datetime  # closes_at, or an admin's later reopened_until
    kind_key: str | None = None  # the report kind stored on the period (None: by code)

    @property
    def kind(self) -> ReportKind:
        """What the period's report asks (:func:`followup.report_kinds.kind_for_period`)."""
        return kind_for_period(self.period, self.kind_key)


@dataclass(frozen=True)
class ReportState:
    """The unit report's header. ``status`` is ``"not_started"`` when no row exists yet."""

    status: str = "not_started"  # not_started | draft | submitted
    version: int = 0
    late: bool = False
    submitted_at: datetime | None = None
    submitted_by: str | None = None
    submitted_by_role: str | None = None
    updated_at: datetime | None = None
    updated_by: str | None = None
    updated_by_id: int | None = None

    @property
    def submitted(self) -> bool:
        return self.status == "submitted"


@dataclass(frozen=True)
class ReportForm:
    """Everything a client needs to show (any step of) a unit's report for a period."""

    unit: UnitInfo
    period: PeriodInfo
    goals: tuple[GoalForm, ...]
    results: dict[int, ResultValues]  # stored values (draft or submitted), by goal id
    last: dict[int, ResultValues]  # last followed-up month's values, by goal id
    last_period: str | None
    state: ReportState
    role: ReportRole | None  # the actor's right to report; None = view only

    def steps(self) -> list[ReportStep]:
        """The card steps (planned once per form: a turn asks several times)."""
        planned = self.__dict__.get("_planned_steps")
        if planned is None:
            planned = tuple(plan_steps(self.goals, self.results, last=self.last))
            self.__dict__["_planned_steps"] = planned  # frozen: cache beside the fields
        return list(planned)

    @property
    def kind(self) -> ReportKind:
        return self.period.kind

    def progress(self) -> Progress:
        return progress(self.goals, self.results, self.kind)

    def status_counts(self) -> dict[str, int]:
        return status_counts(self.results.get(g.goal_id, EMPTY) for g in self.goals)

    def goal(self, goal_id: int) -> GoalForm | None:
        return next((g for g in self.goals if g.goal_id == goal_id), None)


@dataclass(frozen=True)
class ReportResult:
    """What a service call came to.

    ``form`` is the report as it now stands (None for NOT_FOUND / FORBIDDEN).
    ``errors``: field errors (INVALID). ``changed``: goal results written.
    ``conflict_by`` / ``conflict_at``: who changed the report last (CONFLICT).
    ``already``: a submit that found the report already submitted with these values.
    """

    outcome: Outcome
    form: ReportForm | None = None
    errors: tuple[FieldError, ...] = ()
    changed: int = 0
    conflict_by: str | None = None
    conflict_at: datetime | None = None
    already: bool = False
    current_period: str | None = None  # for CLOSED: the period open now, if any
    #: UNLIKELY: plausibility warnings (``report.warning.*``) to confirm before saving
    warnings: tuple[FieldError, ...] = ()
    changed_ids: tuple[int, ...] = ()  # the goals whose results were written

    @property
    def ok(self) -> bool:
        return self.outcome is Outcome.OK


@dataclass(frozen=True)
class UnitOverview:
    """One unit's line on the prompt card."""

    unit: UnitInfo
    period: PeriodInfo
    goals_per_perspective: dict[str, int]
    progress: Progress
    state: ReportState
    role: ReportRole | None  # None: read only (``stand_in`` says who reports instead)
    stand_in: StandIn | None = None




@dataclass(frozen=True)
class StandIn:
    """Someone else is acting for the unit: its ordinary manager only reads it."""

    acting_name: str
    until: date | None
