"""What the chefsuppdrag's use cases return (plain data for cards and admin output)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from followup.anmalan import AnmalanSpan
from followup.mandate import Point


@dataclass(frozen=True)
class ReportedDecision:
    id: int
    point_id: int
    committee: str
    person_id: int
    person_name: str
    decided_on: date
    description: str
    reference: str | None
    amount_kr: int | None
    flag: str | None


@dataclass(frozen=True)
class UnitRole:
    unit_id: int
    unit_name: str
    role: str | None
    acting: bool
    valid_from: date
    valid_to: date | None


@dataclass(frozen=True)
class Standin:
    """An acting period: who stands in for whom, on which unit, when."""

    unit_name: str
    person_name: str
    valid_from: date
    valid_to: date | None


@dataclass(frozen=True)
class HeldPoint:
    point: Point
    committee_name: str
    via_unit: str


@dataclass
class MandateView:
    person_name: str
    on: date
    units: list[UnitRole] = field(default_factory=list)
    leader_name: str | None = None
    my_acting: list[Standin] = field(default_factory=list)  # periods I stand in
    my_deputies: list[Standin] = field(default_factory=list)  # who stands in for me
    goals_per_perspective: dict[str, int] = field(default_factory=dict)
    open_decisions: list[tuple[str, str, date | None]] = field(default_factory=list)
    points: list[HeldPoint] = field(default_factory=list)
    reported_points: int = 0  # of the held points, those that are anmälda

    def groups(self) -> list[tuple[str, list[HeldPoint]]]:
        out: dict[str, list[HeldPoint]] = {}
        for p in self.points:
            out.setdefault(f"{p.point.committee} · {p.point.group}", []).append(p)
        return list(out.items())


@dataclass(frozen=True)
class Match:
    point: Point
    committee_name: str
    held: bool
    holder_names: tuple[str, ...]  # who holds it, when I don't
    substitute_role: str


@dataclass
class SearchAnswer:
    question: str
    matches: list[Match] = field(default_factory=list)
    ask_name: str | None = None  # whom to ask when nothing is found


@dataclass(frozen=True)
class ReportOutcome:
    ok: bool
    point: Point | None = None
    flag: str | None = None  # not_held | above_amount
    problem: str | None = None  # i18n key when not ok


@dataclass(frozen=True)
class ListLine:
    point: Point
    decision: ReportedDecision


@dataclass
class CommitteeList:
    committee: str
    committee_name: str
    start: date
    end: date
    lines: list[ListLine] = field(default_factory=list)
    nil_reports: list[str] = field(default_factory=list)  # "inga beslut" confirmed by


@dataclass(frozen=True)
class AnmalanStatus:
    """A person's anmälan av delegationsbeslut for a month (the report's section):
    the points they hold that must be reported, what they reported, "inga beslut"."""

    period: str
    held_points: tuple[Point, ...]
    decisions: tuple[tuple[Point, ReportedDecision], ...] = ()
    none_confirmed: bool = False
    #: the decision dates the anmälan covers (:mod:`followup.anmalan`); None: the month
    span: AnmalanSpan | None = None
    #: answered in the report of another of the person's units (this one shows a line)
    answered_elsewhere: bool = False

    @property
    def done(self) -> bool:
        return self.none_confirmed or bool(self.decisions)
