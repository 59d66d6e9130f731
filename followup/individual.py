"""Individual goals and check-ins: the pure rules (who may read, what is shown upward,
when a check-in is due, what a goal set must hold).

Privacy by construction: an individual record (a goal or a check-in) is readable only by
the person themselves, the person in charge of their unit (:meth:`OrgTree.responsible`:
the acting manager during the acting period, else the manager, else the nearest leader
above) — and only for records made while the person belonged to that unit, so after a
move the new manager sees from the move on and the old one nothing — and people holding
an explicit HR role covering the unit. Upward only aggregates over groups of at least
:data:`MIN_GROUP` people are shown. There is no ranking of people and no activity
tracking: nothing here orders people or counts their turns.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from enum import StrEnum
from zoneinfo import ZoneInfo

from followup.calendar import add_working_days, next_working_day
from followup.org import OrgTree, ReportRole
from followup.period import Period

#: Smallest group whose check-ins are shown upward (else "färre än 5 – visas inte").
MIN_GROUP = 5
#: Individual goals per person and year.
MAX_GOALS = 3
TITLE_MAX = 300
COMMENT_MAX = 300
INDICATOR_MAX = 200
TARGET_MAX = 100
STATUSES: tuple[str, ...] = ("green", "yellow", "red")


# --------------------------------------------------------------------------- who reads


@dataclass(frozen=True)
class Employment:
    person_id: int
    unit_id: int
    valid_from: date
    valid_to: date | None = None

    def covers(self, on: date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)


@dataclass(frozen=True)
class HrGrant:
    """An explicit HR role; ``unit_id`` None covers the whole kommun."""

    person_id: int
    unit_id: int | None
    valid_from: date
    valid_to: date | None = None

    def covers(self, on: date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)


@dataclass(frozen=True)
class RecordRef:
    """What the access rule needs of an individual record: whose, made in which unit,
    on which day."""

    subject_id: int
    unit_id: int
    made_on: date


class AccessBasis(StrEnum):
    SELF = "self"
    MANAGER = "manager"
    ACTING = "acting"
    LEADER = "leader"  # the unit has no manager: the nearest leader above is in charge
    HR = "hr"

    @property
    def logged(self) -> bool:
        """Every read by someone else is logged."""
        return self is not AccessBasis.SELF


def employment_on(employments: Iterable[Employment], person_id: int,
                  on: date) -> Employment | None:
    """The person's employment on ``on`` (the latest started when rows overlap)."""
    found = [e for e in employments if e.person_id == person_id and e.covers(on)]
    return max(found, key=lambda e: e.valid_from) if found else None


def hr_covers(grant: HrGrant, unit_id: int, tree: OrgTree, on: date) -> bool:
    if not grant.covers(on):
        return False
    if grant.unit_id is None:
        return True
    return unit_id in tree.units and tree.is_in_subtree(unit_id, grant.unit_id)


def manager_in_charge_of(person_id: int, tree: OrgTree, employments: Iterable[Employment],
                         on: date) -> tuple[int, AccessBasis, Employment] | None:
    """The person in charge of ``person_id`` on ``on`` (via their unit), with the basis."""
    employment = employment_on(employments, person_id, on)
    if employment is None:
        return None
    charge = tree.responsible(employment.unit_id, on)
    if charge is None or charge.person_id == person_id:
        return None
    basis = {ReportRole.MANAGER: AccessBasis.MANAGER, ReportRole.ACTING: AccessBasis.ACTING,
             ReportRole.LEADER: AccessBasis.LEADER}[charge.role]
    return charge.person_id, basis, employment


def read_basis(reader_id: int, record: RecordRef, *, tree: OrgTree,
               employments: Iterable[Employment], hr_grants: Iterable[HrGrant],
               on: date) -> AccessBasis | None:
    """Why ``reader_id`` may read ``record`` on ``on``; None: they may not."""
    if reader_id == record.subject_id:
        return AccessBasis.SELF
    employments = list(employments)
    in_charge = manager_in_charge_of(record.subject_id, tree, employments, on)
    if in_charge is not None:
        manager_id, basis, employment = in_charge
        if (manager_id == reader_id and record.unit_id == employment.unit_id
                and record.made_on >= employment.valid_from):
            return basis
    for grant in hr_grants:
        if grant.person_id == reader_id and hr_covers(grant, record.unit_id, tree, on):
            return AccessBasis.HR
    return None


def team_of(manager_id: int, tree: OrgTree, employments: Iterable[Employment],
            on: date) -> list[Employment]:
    """The employments (on ``on``) of the people ``manager_id`` is in charge of."""
    current: dict[int, Employment] = {}
    for e in employments:
        if e.covers(on) and (e.person_id not in current
                             or e.valid_from > current[e.person_id].valid_from):
            current[e.person_id] = e
    out = []
    for e in current.values():
        charge = tree.responsible(e.unit_id, on)
        if charge is not None and charge.person_id == manager_id and e.person_id != manager_id:
            out.append(e)
    return out


# --------------------------------------------------------------------------- upward


@dataclass(frozen=True)
class GroupAggregate:
    """Check-ins of a group of people, counted (never per person, never ranked).
    ``people`` = employees with agreed goals; ``checked_in`` = of those, who answered;
    the status counts are over their goals. ``suppressed`` when the group is smaller
    than :data:`MIN_GROUP`: then every count is 0 and must not be shown."""

    people: int
    checked_in: int = 0
    green: int = 0
    yellow: int = 0
    red: int = 0
    suppressed: bool = False


def aggregate_group(people_with_goals: Iterable[int],
                    statuses: Mapping[int, Sequence[str]]) -> GroupAggregate:
    """Counts over a group; suppressed below :data:`MIN_GROUP` people with goals."""
    members = set(people_with_goals)
    if len(members) < MIN_GROUP:
        return GroupAggregate(people=len(members), suppressed=True)
    answered = [pid for pid in members if statuses.get(pid)]
    counts = {s: 0 for s in STATUSES}
    for pid in answered:
        for status in statuses[pid]:
            if status in counts:
                counts[status] += 1
    return GroupAggregate(people=len(members), checked_in=len(answered),
                          green=counts["green"], yellow=counts["yellow"], red=counts["red"])


def aggregate_counts(people: int, checked_in: int, green: int, yellow: int,
                     red: int) -> GroupAggregate:
    """The same rule over counts already summed per group (never per person)."""
    if people < MIN_GROUP:
        return GroupAggregate(people=people, suppressed=True)
    return GroupAggregate(people=people, checked_in=min(checked_in, people), green=green,
                          yellow=yellow, red=red)


def shown_upward(aggregate: GroupAggregate) -> bool:
    return not aggregate.suppressed and aggregate.people >= MIN_GROUP


# --------------------------------------------------------------------------- cadence


class Cadence(StrEnum):
    TERTIAL = "tertial"
    MONTH = "month"


def parse_cadence(raw: str | None) -> Cadence:
    value = (raw or "").strip().lower()
    aliases = {"": Cadence.TERTIAL, "tertial": Cadence.TERTIAL, "monthly": Cadence.MONTH,
               "month": Cadence.MONTH, "manad": Cadence.MONTH, "månad": Cadence.MONTH}
    if value not in aliases:
        raise ValueError(f"INDIVIDUAL_CHECKIN_CADENCE must be 'tertial' or 'month', got {raw!r}")
    return aliases[value]


def checkin_period(on: date, cadence: Cadence) -> Period:
    """The check-in period a day belongs to."""
    if cadence is Cadence.MONTH:
        return Period.month(on.year, on.month)
    return Period.tertial(on.year, (on.month - 1) // 4 + 1)


@dataclass(frozen=True)
class CheckinSchedule:
    """When a check-in period's card goes out, its one reminder, and when it closes."""

    period: Period
    opens_at: datetime
    reminder_at: datetime
    closes_at: datetime

    def is_open(self, now: datetime) -> bool:
        return self.opens_at <= now < self.closes_at


#: The card goes out this many working days before the period's last day …
OPEN_WORKDAYS_BEFORE_END = 9
#: … the one reminder this many working days later …
REMINDER_WORKDAYS_AFTER_OPEN = 5
#: … and answers are taken until this many working days after the period's end.
CLOSE_WORKDAYS_AFTER_END = 5


def checkin_schedule(period: Period, zone: ZoneInfo) -> CheckinSchedule:
    last = period.last_day
    last_working = last if next_working_day(last, inclusive=True) == last \
        else add_working_days(last, -1)
    opens = add_working_days(last_working, -OPEN_WORKDAYS_BEFORE_END)
    reminder = add_working_days(opens, REMINDER_WORKDAYS_AFTER_OPEN)
    closes = add_working_days(last, CLOSE_WORKDAYS_AFTER_END)
    return CheckinSchedule(
        period=period,
        opens_at=datetime.combine(opens, time(9, 0), tzinfo=zone),
        reminder_at=datetime.combine(reminder, time(9, 0), tzinfo=zone),
        closes_at=datetime.combine(closes, time(16, 0), tzinfo=zone),
    )


def open_checkin(now: datetime, cadence: Cadence, zone: ZoneInfo) -> CheckinSchedule | None:
    """The check-in period open at ``now`` (the current one, or the previous one during
    its last days after the period end); None between windows."""
    today = now.astimezone(zone).date()
    current = checkin_period(today, cadence)
    for period in (current, current.previous()):
        schedule = checkin_schedule(period, zone)
        if schedule.is_open(now):
            return schedule
    return None


def latest_checkin_period(today: date, cadence: Cadence, zone: ZoneInfo) -> Period:
    """The period a check-in made today counts for (the open one, else the current)."""
    now = datetime.combine(today, time(12, 0), tzinfo=zone)
    schedule = open_checkin(now, cadence, zone)
    return schedule.period if schedule is not None else checkin_period(today, cadence)


def period_kind_ok(code: str) -> bool:
    try:
        period = Period.parse(code)
    except ValueError:
        return False
    return period.kind in ("month", "tertial")


# --------------------------------------------------------------------------- goal sets


@dataclass(frozen=True)
class GoalDraft:
    """One individual goal as typed on the card (validated by :func:`check_goals`)."""

    slot: int
    unit_goal_id: int | None
    title: str
    indicator_name: str = ""
    indicator_target: str = ""


def check_goals(drafts: Sequence[GoalDraft], unit_goal_ids: Iterable[int]) -> list[str]:
    """Problems as i18n keys (empty: fine). 1–3 goals, each with a title and linked to one
    of the unit's goals; an indicator's target only with its name."""
    problems: list[str] = []
    allowed = set(unit_goal_ids)
    filled = [d for d in drafts if d.title.strip() or d.unit_goal_id is not None]
    if not filled:
        return ["ind.error.no_goals"]
    if len(filled) > MAX_GOALS:
        problems.append("ind.error.too_many")
    for draft in filled:
        if not draft.title.strip():
            problems.append("ind.error.title_missing")
        elif len(draft.title) > TITLE_MAX:
            problems.append("ind.error.title_long")
        if draft.unit_goal_id is None or draft.unit_goal_id not in allowed:
            problems.append("ind.error.link_missing")
        if draft.indicator_target.strip() and not draft.indicator_name.strip():
            problems.append("ind.error.target_without_indicator")
        if len(draft.indicator_name) > INDICATOR_MAX or len(draft.indicator_target) > TARGET_MAX:
            problems.append("ind.error.indicator_long")
    return list(dict.fromkeys(problems))


def same_goal(draft: GoalDraft, title: str, unit_goal_id: int | None,
              indicator_name: str | None, indicator_target: str | None) -> bool:
    """True when a draft leaves a stored version as it is (no new version)."""
    return (draft.title.strip() == title and draft.unit_goal_id == unit_goal_id
            and (draft.indicator_name.strip() or None) == indicator_name
            and (draft.indicator_target.strip() or None) == indicator_target)
