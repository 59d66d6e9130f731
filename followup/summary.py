"""The leader's summary (sammanställning) as plain dataclasses, plus pure helpers.

The numbers are computed in the database by :mod:`storage.rollup`; this module only holds
the shapes they come in and the rules that need no database: which periods a summary is
compared with, how the command's arguments are read, how a unit is found by name or code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from followup.aggregation import Aggregation
from followup.calendar import (
    CalendarConfig,
    asked_period,
    is_followed_period,
    next_followed_period,
    parse_period,
    period_for_month,
    schedule_for,
)
from followup.calendar import previous_followed_period as calendar_previous_followed
from followup.economy_step import SubtreeEconomy
from followup.level_progress import AnalysisState, LevelProgress
from followup.org import OrgTree, Unit
from followup.period import Period

# How many entries of each list the roll-up returns (the rest is counted as "+N till").
DEFAULT_ATTENTION_LIMIT = 10
DEFAULT_MISSING_LIMIT = 12
DEFAULT_INDICATOR_LIMIT = 8
DEFAULT_DECISION_LIMIT = 8
DEFAULT_CHILD_LIMIT = 30
# Free texts (analysis, actions) are cut to this many characters in a summary.
DEFAULT_TEXT_CHARS = 280


@dataclass(frozen=True)
class SummaryLimits:
    attention: int = DEFAULT_ATTENTION_LIMIT
    missing: int = DEFAULT_MISSING_LIMIT
    indicators: int = DEFAULT_INDICATOR_LIMIT
    decisions: int = DEFAULT_DECISION_LIMIT
    children: int = DEFAULT_CHILD_LIMIT
    text_chars: int = DEFAULT_TEXT_CHARS

    def shrunk(self) -> SummaryLimits | None:
        """Every list and text halved; None when nothing can shrink any more."""
        smaller = SummaryLimits(
            attention=max(1, self.attention // 2),
            missing=max(1, self.missing // 2),
            indicators=max(1, self.indicators // 2),
            decisions=max(1, self.decisions // 2),
            children=max(1, self.children // 2),
            text_chars=max(40, self.text_chars // 2),
        )
        return None if smaller == self else smaller


@dataclass(frozen=True)
class UnitRef:
    id: int
    code: str
    name: str


@dataclass(frozen=True)
class StatusCounts:
    """Goals by traffic light; ``not_reported`` = no submitted status for the period."""

    green: int = 0
    yellow: int = 0
    red: int = 0
    not_reported: int = 0

    @property
    def total(self) -> int:
        return self.green + self.yellow + self.red + self.not_reported

    @property
    def reported(self) -> int:
        return self.green + self.yellow + self.red

    def __add__(self, other: StatusCounts) -> StatusCounts:
        return StatusCounts(
            self.green + other.green,
            self.yellow + other.yellow,
            self.red + other.red,
            self.not_reported + other.not_reported,
        )


@dataclass(frozen=True)
class MissingUnit:
    unit: UnitRef
    in_charge: str | None  # the acting manager when there is one, else the manager
    draft: bool  # started but not submitted


@dataclass(frozen=True)
class ReportingCounts:
    """Units that are expected to report (they have goals in the period)."""

    on_time: int = 0
    late: int = 0
    missing: int = 0
    missing_units: tuple[MissingUnit, ...] = ()

    @property
    def expected(self) -> int:
        return self.on_time + self.late + self.missing

    @property
    def reported(self) -> int:
        return self.on_time + self.late

    @property
    def missing_more(self) -> int:
        return max(0, self.missing - len(self.missing_units))

    def __add__(self, other: ReportingCounts) -> ReportingCounts:
        return ReportingCounts(
            self.on_time + other.on_time, self.late + other.late, self.missing + other.missing
        )


@dataclass(frozen=True)
class Trend:
    """Goal by goal against an earlier period (a goal is matched by unit, perspective and
    title, so next year's edition of a yearly goal compares with last year's)."""

    kind: str  # "previous" | "last_year"
    period: str
    compared: int = 0  # goals reported in both periods
    improved: int = 0
    worsened: int = 0
    newly_red: int = 0  # red now, green or yellow then

    @property
    def unchanged(self) -> int:
        return self.compared - self.improved - self.worsened


@dataclass(frozen=True)
class AttentionItem:
    goal_id: int
    goal_title: str
    perspective: str
    unit: UnitRef
    in_charge: str | None
    red_streak: int  # this and the directly preceding periods in red (a gap ends it)
    units_affected: int  # units with this goal (or its cascade siblings) in red
    analysis: str
    actions: str
    streak_capped: bool = False  # the streak is at least ``red_streak`` (looked no further)


@dataclass(frozen=True)
class IndicatorLine:
    """A goal with an indicator; where it cascades, its child goals' values aggregated."""

    goal_id: int
    goal_title: str
    unit: UnitRef
    indicator_name: str
    indicator_unit: str
    target: float | None
    direction: str  # "higher" | "lower"
    value: float | None  # the goal's own reported value
    child_goals: int = 0  # child goals in the subtree (one level down the cascade)
    child_reported: int = 0  # of them with a reported value
    # How the children's values measuring the same indicator combine ("sum" for amounts,
    # "mean" for rates; followup/aggregation.py), that figure and how many values it is over.
    aggregation: Aggregation = "mean"
    child_aggregate: float | None = None
    child_aggregated: int = 0
    child_met: int = 0  # children reaching their own target

    @property
    def cascades(self) -> bool:
        return self.child_goals > 0

    @property
    def met(self) -> bool | None:
        return meets_target(self.value, self.target, self.direction)


@dataclass(frozen=True)
class DecisionLine:
    id: int
    reference: str
    title: str
    unit: UnitRef
    due_date: date | None
    status: str
    overdue: bool


@dataclass(frozen=True)
class ChildLine:
    unit: UnitRef
    has_children: bool
    goals: StatusCounts
    reporting: ReportingCounts
    own_report: str  # "on_time" | "late" | "draft" | "missing" | "none" (no goals)


@dataclass(frozen=True)
class LevelAnalysisLine:
    """A level's own sammanfattande analys as a summary shows it."""

    unit: UnitRef
    kind: str  # the unit's kind (kommun, forvaltning …), for "förvaltningens analys"
    state: AnalysisState
    texts: dict[str, str]  # perspective -> text
    done_by: str | None = None


@dataclass(frozen=True)
class Summary:
    period: str
    root: UnitRef
    ancestors: tuple[UnitRef, ...]  # from the top of the organisation down to the parent
    units: int  # units in the subtree, the root included
    perspectives: dict[str, StatusCounts | None]  # None: no goals in that perspective
    reporting: ReportingCounts
    own_report: str  # the root unit's own report, as in ChildLine
    trends: tuple[Trend, ...] = ()
    attention: tuple[AttentionItem, ...] = ()
    attention_total: int = 0
    indicators: tuple[IndicatorLine, ...] = ()
    indicators_total: int = 0
    decisions: tuple[DecisionLine, ...] = ()
    decisions_total: int = 0
    decisions_overdue: int = 0
    decisions_done_this_month: int = 0  # ärendebalans: done in the month of the summary's day
    oldest_open_decision: tuple[str, date] | None = None  # reference, decided on
    children: tuple[ChildLine, ...] = ()
    children_total: int = 0
    root_has_goals: bool = False
    # The distributed report: the root level's progress and own analysis, and the
    # analyses of the levels just below (what the kommunchef reads first).
    level_progress: LevelProgress | None = None
    own_analysis: LevelAnalysisLine | None = None
    child_analyses: tuple[LevelAnalysisLine, ...] = ()
    # Units of the subtree with neither a manager nor an acting one on the summary's day
    # (the nearest leader above answers for them); the list is cut like missing_units.
    without_manager: tuple[UnitRef, ...] = ()
    without_manager_total: int = 0
    # The subtree's economy (budget, utfall, helårsprognos) for a monthly period; None
    # when the subtree has no budget that year.
    economy: SubtreeEconomy | None = None

    @property
    def parent(self) -> UnitRef | None:
        return self.ancestors[-1] if self.ancestors else None

    @property
    def goals(self) -> StatusCounts:
        total = StatusCounts()
        for counts in self.perspectives.values():
            if counts is not None:
                total = total + counts
        return total

    @property
    def attention_more(self) -> int:
        return max(0, self.attention_total - len(self.attention))

    @property
    def indicators_more(self) -> int:
        return max(0, self.indicators_total - len(self.indicators))

    @property
    def decisions_more(self) -> int:
        return max(0, self.decisions_total - len(self.decisions))

    @property
    def without_manager_more(self) -> int:
        return max(0, self.without_manager_total - len(self.without_manager))

    @property
    def children_more(self) -> int:
        return max(0, self.children_total - len(self.children))


@dataclass(frozen=True)
class SummaryNav:
    """Where the card's buttons lead (decided by who looks at it)."""

    previous_period: str | None = None
    next_period: str | None = None
    up: UnitRef | None = None  # "back" to the parent, when the viewer may see it
    drill_down: bool = True
    write_analysis: bool = False  # the viewer leads the root level: "Skriv analys"


# --------------------------------------------------------------------------- rules


def meets_target(value: float | None, target: float | None, direction: str | None) -> bool | None:
    """Whether an indicator value reaches its target (None when either is unknown)."""
    if value is None or target is None:
        return None
    return value <= target if direction == "lower" else value >= target


def truncate_text(text: str, limit: int) -> str:
    """At most ``limit`` characters, cut at a word boundary with "…" when shortened."""
    clean = " ".join((text or "").split())
    if len(clean) <= limit:
        return clean
    cut = clean[: max(1, limit - 1)]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,.;:") + "…"


def previous_followed_period(period: str, cfg: CalendarConfig) -> str:
    """The period asked for before ``period`` (``2026-08`` -> ``2026-06`` by default;
    ``2026-05`` -> ``2026-T1`` with a steering year)."""
    return calendar_previous_followed(period, cfg)


def same_period_last_year(period: str) -> str:
    return Period.parse(period).same_last_year().code


def has_opened(period: str, now: datetime, cfg: CalendarConfig) -> bool:
    """Reporting for ``period`` has started (it is followed up and its opening has passed)."""
    if not is_followed_period(period, cfg):
        return False
    return schedule_for(period, cfg).opens_at <= now


def latest_opened_period(now: datetime, cfg: CalendarConfig) -> str:
    """The newest followed-up period whose reporting has opened at ``now``."""
    local = now.astimezone(cfg.zone)
    year, month = local.year, local.month
    for _ in range(36):
        current = asked_period(year, month, cfg)
        if current is not None and has_opened(current, now, cfg):
            return current
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    raise ValueError("no period has opened")  # pragma: no cover


def navigation_periods(
    period: str, now: datetime, cfg: CalendarConfig
) -> tuple[str | None, str | None]:
    """The followed-up periods before and after ``period`` that may be shown at ``now``."""
    before = previous_followed_period(period, cfg)
    after = next_followed_period(period, cfg)
    return before, (after if has_opened(after, now, cfg) else None)


# --------------------------------------------------------------------------- the command


class SummaryArgsError(ValueError):
    """Bad arguments to ``sammanställning``; ``key`` names the i18n text."""

    def __init__(self, key: str, **params: str) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


@dataclass(frozen=True)
class SummaryRequest:
    unit_query: str | None = None
    period: str | None = None


_PERIOD_LIKE = re.compile(r"^\d{4}-\d{1,2}$")
_LONG_PERIOD_LIKE = re.compile(r"^\d{4}-(?:[tT][1-3]|[dD])$")
MAX_QUERY_CHARS = 200


def parse_summary_args(text: str) -> SummaryRequest:
    """``"skola 1 2026-10"`` -> unit "skola 1", period "2026-10". Either may be missing."""
    words = (text or "").split()
    period: str | None = None
    if words and _PERIOD_LIKE.match(words[-1]):
        raw = words.pop()
        try:
            year, month = parse_period(raw if len(raw) == 7 else f"{raw[:5]}0{raw[5:]}")
        except ValueError:
            raise SummaryArgsError("summary.bad_period", period=raw) from None
        period = period_for_month(year, month)
    elif words and _LONG_PERIOD_LIKE.match(words[-1]):  # 2026-T1, 2026-D
        period = Period.parse(words.pop()).code
    elif words and re.match(r"^\d{4}-", words[-1]):
        raise SummaryArgsError("summary.bad_period", period=words[-1])
    query = " ".join(words).strip(" \"'”“") or None
    if query is not None and len(query) > MAX_QUERY_CHARS:
        raise SummaryArgsError("summary.unit_query_too_long")
    return SummaryRequest(unit_query=query, period=period)


def find_units(query: str, units: Iterable[Unit]) -> list[Unit]:
    """Units matching a code or a name: exact code, exact name, then name contains
    (case-insensitive). Several matches mean the query was ambiguous."""
    needle = " ".join(query.split()).casefold()
    pool = list(units)
    for exact in (
        [u for u in pool if u.code.casefold() == needle],
        [u for u in pool if u.name.casefold() == needle],
    ):
        if exact:
            return exact
    return [u for u in pool if needle in u.name.casefold() or needle in u.code.casefold()]


@dataclass(frozen=True)
class LeaderSubtree:
    person_id: int
    root_id: int


def leader_subtrees(tree: OrgTree, on: date) -> list[LeaderSubtree]:
    """Who gets a summary of which subtree on ``on``: every person in charge of a unit
    with children (an acting manager instead of the manager), once per top-most such unit
    they run. The kommunchef's subtree is the whole organisation."""
    leaders = {
        person
        for unit in tree.iter_units()
        if tree.has_children(unit.id)
        and (person := tree.manager_in_charge(unit.id, on)) is not None
    }
    out = [
        LeaderSubtree(person_id=person, root_id=root.id)
        for person in leaders
        for root in tree.led_subtree_roots(person, on)
        if tree.has_children(root.id)
    ]
    return sorted(out, key=lambda s: (s.person_id, s.root_id))
