"""Decisions (beslut): status flow, who may update, and the decision balance.

Pure functions on plain dataclasses; the database side lives in ``storage/decisions.py``.

Status flow::

    not_started ──► in_progress ──► done
         │               │      └─► cancelled
         └───────────────┴────────► done / cancelled

* ``done`` (genomfört) and ``cancelled`` (avslutat utan genomförande) need a comment: what
  was done, or why not.
* Keeping the status (a monthly "still in progress") is allowed, with or without a comment.
* A manager cannot move a decision back (``in_progress`` → ``not_started``) nor change a
  closed one; an admin may correct any status, and reopening a closed decision needs a
  comment too.
* Who may update: whoever acts for the responsible unit — its acting manager
  (ställföreträdare), else its manager, else (a unit without a manager) the nearest leader
  above — or an admin (on behalf). Leaders otherwise see, but do not update, the decisions
  of their subtree; an ordinary manager stood in for by an acting one only reads.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from followup.org import OrgTree, ReportRole
from followup.vocabulary import CLOSED_DECISION, DECISION_ORDER, OPEN_DECISION, DecisionStatus

MAX_COMMENT_CHARS = 2000
MAX_REFERENCE_CHARS = 64
MAX_TITLE_CHARS = 300
MAX_DECIDED_BY_CHARS = 64
MAX_ASSIGNMENT_CHARS = 4000

# Bodies that usually decide (free text is allowed too, e.g. a named nämnd).
DECIDING_BODIES: tuple[str, ...] = ("KF", "KS", "Nämnd", "Ledningsgrupp")


OPEN_STATUSES: frozenset[DecisionStatus] = frozenset(OPEN_DECISION)
CLOSED_STATUSES: frozenset[DecisionStatus] = frozenset(CLOSED_DECISION)
STATUS_ORDER: tuple[DecisionStatus, ...] = DECISION_ORDER

# What a manager may do from each status (keeping the status is always allowed while open).
_MANAGER_TRANSITIONS: dict[DecisionStatus, frozenset[DecisionStatus]] = {
    DecisionStatus.NOT_STARTED: frozenset(STATUS_ORDER),
    DecisionStatus.IN_PROGRESS: frozenset(
        {DecisionStatus.IN_PROGRESS, DecisionStatus.DONE, DecisionStatus.CANCELLED}
    ),
    DecisionStatus.DONE: frozenset(),
    DecisionStatus.CANCELLED: frozenset(),
}


# Who may update a unit's decisions is who may act for the unit: one rule and one role
# type for reports, decisions and the scheduler's recipients (``OrgTree.report_permission``).
DecisionRole = ReportRole


class ChangeError(StrEnum):
    """Why a status change is refused; the value is the i18n key of the message."""

    NOT_ALLOWED = "decision.error.not_allowed"
    UNKNOWN_STATUS = "decision.error.unknown_status"
    COMMENT_REQUIRED = "decision.error.comment_required"
    COMMENT_TOO_LONG = "decision.error.comment_too_long"
    BACKWARDS = "decision.error.backwards"
    CLOSED = "decision.error.closed"


@dataclass(frozen=True)
class UpdatePermission:
    allowed: bool
    role: DecisionRole | None = None


@dataclass(frozen=True)
class DecisionInfo:
    """A decision as the domain sees it (with its unit and latest comment)."""

    id: int
    reference: str
    decided_on: date
    decided_by: str
    title: str
    assignment: str
    unit_id: int
    unit_code: str
    unit_name: str
    due_date: date | None
    status: DecisionStatus
    created_at: datetime
    updated_at: datetime | None = None
    completed_at: datetime | None = None
    last_comment: str | None = None
    last_comment_at: datetime | None = None
    last_comment_by: str | None = None

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_overdue(self, today: date) -> bool:
        return is_overdue(self.status, self.due_date, today)


@dataclass(frozen=True)
class NewDecision:
    """A decision to register (from the Teams card or an import row)."""

    reference: str
    decided_on: date
    decided_by: str
    title: str
    assignment: str
    unit_id: int
    due_date: date | None = None


@dataclass(frozen=True)
class DecisionBalance:
    """Ärendebalans: the kommunchef's summary line about decisions."""

    open: int
    overdue: int
    done_this_month: int
    oldest_open_reference: str | None = None
    oldest_open_decided_on: date | None = None

    def oldest_open_age_days(self, today: date) -> int | None:
        if self.oldest_open_decided_on is None:
            return None
        return (today - self.oldest_open_decided_on).days


def parse_status(value: str | DecisionStatus | None) -> DecisionStatus | None:
    """The status for a key (``done``); None when unknown or empty."""
    if value is None:
        return None
    try:
        return DecisionStatus(str(value).strip().lower())
    except ValueError:
        return None


def is_overdue(status: DecisionStatus | str, due_date: date | None, today: date) -> bool:
    """Open and past its due date (the due date itself is still in time)."""
    return (
        parse_status(status) in OPEN_STATUSES and due_date is not None and due_date < today
    )


def update_permission(
    tree: OrgTree, person_id: int | None, unit_id: int, on: date, *, is_admin: bool = False
) -> UpdatePermission:
    """Whoever may act for the unit (``OrgTree.report_permission``: its acting manager,
    else its manager, else for a unit without a manager the nearest leader above) may
    update its decisions; admins on behalf."""
    if unit_id not in tree.units:
        return UpdatePermission(False)
    if person_id is None:
        return UpdatePermission(True, DecisionRole.ADMIN) if is_admin else UpdatePermission(False)
    permission = tree.report_permission(person_id, unit_id, on, is_admin=is_admin)
    return UpdatePermission(permission.allowed, permission.role if permission.allowed else None)


def visible_unit_ids(
    tree: OrgTree, person_id: int | None, on: date, *, is_admin: bool = False
) -> set[int] | None:
    """Units whose decisions the person may see: their units' subtrees. None = all (admin)."""
    if is_admin:
        return None
    if person_id is None:
        return set()
    visible: set[int] = set()
    for unit in tree.units_managed(person_id, on):
        visible.update(u.id for u in tree.subtree(unit.id))
    return visible


def check_status_change(
    current: DecisionStatus | str,
    new: DecisionStatus | str | None,
    comment: str | None,
    *,
    role: DecisionRole | None,
) -> ChangeError | None:
    """None when ``current`` → ``new`` with ``comment`` is allowed for ``role``."""
    if role is None:
        return ChangeError.NOT_ALLOWED
    now_status = parse_status(current)
    target = parse_status(new)
    if now_status is None or target is None:
        return ChangeError.UNKNOWN_STATUS
    text = (comment or "").strip()
    if len(text) > MAX_COMMENT_CHARS:
        return ChangeError.COMMENT_TOO_LONG
    if role is not DecisionRole.ADMIN:
        if now_status in CLOSED_STATUSES:
            return ChangeError.CLOSED
        if target not in _MANAGER_TRANSITIONS[now_status]:
            return ChangeError.BACKWARDS
    if target in CLOSED_STATUSES and target != now_status and not text:
        return ChangeError.COMMENT_REQUIRED
    if now_status in CLOSED_STATUSES and target in OPEN_STATUSES and not text:
        return ChangeError.COMMENT_REQUIRED  # reopening (admins only) needs a reason
    return None


def allowed_targets(
    current: DecisionStatus | str, role: DecisionRole | None
) -> list[DecisionStatus]:
    """Statuses offered on a card, in display order."""
    status = parse_status(current)
    if role is None or status is None:
        return []
    if role is DecisionRole.ADMIN:
        return list(STATUS_ORDER)
    allowed = _MANAGER_TRANSITIONS[status]
    return [s for s in STATUS_ORDER if s in allowed]


class FieldProblem(StrEnum):
    """Problems with a new decision's fields; the value is the i18n key."""

    REQUIRED = "decision.field.required"
    TOO_LONG = "decision.field.too_long"
    DUE_BEFORE_DECIDED = "decision.field.due_before_decided"
    FUTURE_DECISION = "decision.field.future_decision"


def check_decision_fields(
    *,
    reference: str,
    decided_by: str,
    title: str,
    assignment: str,
    decided_on: date | None,
    due_date: date | None,
    today: date,
) -> dict[str, FieldProblem]:
    """Field name → problem, for the texts of a decision (empty when all is well).

    Dates that could not be parsed are the caller's business (pass None and report them).
    """
    problems: dict[str, FieldProblem] = {}
    for name, value, limit in (
        ("reference", reference, MAX_REFERENCE_CHARS),
        ("decided_by", decided_by, MAX_DECIDED_BY_CHARS),
        ("title", title, MAX_TITLE_CHARS),
    ):
        text = (value or "").strip()
        if not text:
            problems[name] = FieldProblem.REQUIRED
        elif len(text) > limit:
            problems[name] = FieldProblem.TOO_LONG
    if len((assignment or "").strip()) > MAX_ASSIGNMENT_CHARS:
        problems["assignment"] = FieldProblem.TOO_LONG
    if decided_on is not None and decided_on > today:
        problems["decided_on"] = FieldProblem.FUTURE_DECISION
    if decided_on is not None and due_date is not None and due_date < decided_on:
        problems["due_date"] = FieldProblem.DUE_BEFORE_DECIDED
    return problems


def field_limit(name: str) -> int:
    return {
        "reference": MAX_REFERENCE_CHARS,
        "decided_by": MAX_DECIDED_BY_CHARS,
        "title": MAX_TITLE_CHARS,
        "assignment": MAX_ASSIGNMENT_CHARS,
        "comment": MAX_COMMENT_CHARS,
    }.get(name, MAX_COMMENT_CHARS)


@dataclass(frozen=True)
class BalanceItem:
    """What the balance needs to know about one decision."""

    reference: str
    status: DecisionStatus
    decided_on: date
    due_date: date | None
    completed_at: datetime | None


def compute_balance(items: Iterable[BalanceItem], now: datetime, zone: ZoneInfo) -> DecisionBalance:
    """Open, overdue, done this (local) month and the oldest open decision."""
    local_now = now.astimezone(zone)
    today = local_now.date()
    open_count = overdue = done_this_month = 0
    oldest: BalanceItem | None = None
    for item in items:
        if item.status in OPEN_STATUSES:
            open_count += 1
            if is_overdue(item.status, item.due_date, today):
                overdue += 1
            if oldest is None or (item.decided_on, item.reference) < (
                oldest.decided_on,
                oldest.reference,
            ):
                oldest = item
        elif item.status is DecisionStatus.DONE and item.completed_at is not None:
            done = item.completed_at.astimezone(zone)
            if (done.year, done.month) == (local_now.year, local_now.month):
                done_this_month += 1
    return DecisionBalance(
        open=open_count,
        overdue=overdue,
        done_this_month=done_this_month,
        oldest_open_reference=oldest.reference if oldest else None,
        oldest_open_decided_on=oldest.decided_on if oldest else None,
    )


def sort_for_display(decisions: Iterable[DecisionInfo], today: date) -> list[DecisionInfo]:
    """Overdue first, then by due date (none last), then by reference."""
    far = date.max
    return sorted(
        decisions,
        key=lambda d: (
            0 if d.is_overdue(today) else 1,
            0 if d.is_open else 1,
            d.due_date or far,
            d.reference,
        ),
    )
