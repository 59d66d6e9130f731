"""Decisions (beslut) in the database: list, register, status updates, balance, reminders.

Functions take an ``AsyncSession`` as first argument and return plain dataclasses from
:mod:`followup.decision_rules`. :func:`create_decision` checks permission, commits on
success and rolls back on failure. The status rounds and the decision notices are use
cases of :mod:`services.decisions`, which call the queries and guarded writes here.

Every status change writes a :class:`~storage.models.DecisionUpdate` (the dated comment)
and an audit entry (before → after).
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from sqlalchemy import and_, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from followup.decision_rules import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    BalanceItem,
    ChangeError,
    DecisionBalance,
    DecisionInfo,
    DecisionStatus,
    NewDecision,
    compute_balance,
    parse_status,
    sort_for_display,
)
from followup.org import OrgTree
from storage import audit
from storage.models import Decision, DecisionUpdate, Goal, OrgUnit, Person

logger = logging.getLogger(__name__)

DEFAULT_ZONE = "Europe/Stockholm"


class Outcome(StrEnum):
    OK = "ok"
    INVALID = "invalid"  # a rule refused the change; nothing written
    FORBIDDEN = "forbidden"  # the actor may not update this decision
    NOT_FOUND = "not_found"
    STALE = "stale"  # someone changed the status since the card was shown
    DUPLICATE = "duplicate"  # a decision with that reference exists


@dataclass(frozen=True)
class Actor:
    """Who does something: a person (may be None for admins from ADMIN_AAD_IDS)."""

    person_id: int | None
    label: str
    is_admin: bool = False


@dataclass(frozen=True)
class StatusChange:
    decision_id: int
    status: DecisionStatus | str | None
    comment: str = ""


@dataclass(frozen=True)
class UpdateResult:
    outcome: Outcome
    decisions: tuple[DecisionInfo, ...] = ()
    errors: Mapping[int, ChangeError] = field(default_factory=dict)  # decision id → error
    changed: int = 0


# --------------------------------------------------------------------------- reading


def _zone(tz: ZoneInfo | str | None) -> ZoneInfo:
    if isinstance(tz, ZoneInfo):
        return tz
    return ZoneInfo(tz or DEFAULT_ZONE)


async def _latest_comments(
    session: AsyncSession, decision_ids: Collection[int]
) -> dict[int, tuple[str, datetime, str | None]]:
    """Decision id → (comment, when, by whom) of its latest non-empty comment."""
    if not decision_ids:
        return {}
    rows = await session.execute(
        select(DecisionUpdate, Person.name)
        .outerjoin(Person, Person.id == DecisionUpdate.person_id)
        .where(DecisionUpdate.decision_id.in_(list(decision_ids)))
        .where(DecisionUpdate.comment != "")
        .order_by(DecisionUpdate.created_at, DecisionUpdate.id)
    )
    latest: dict[int, tuple[str, datetime, str | None]] = {}
    for update_row, name in rows:
        latest[update_row.decision_id] = (update_row.comment, update_row.created_at, name)
    return latest


def _info(
    row: Decision, unit: OrgUnit, comment: tuple[str, datetime, str | None] | None
) -> DecisionInfo:
    return DecisionInfo(
        id=row.id,
        reference=row.reference,
        decided_on=row.decided_on,
        decided_by=row.decided_by,
        title=row.title,
        assignment=row.assignment or "",
        unit_id=row.unit_id,
        unit_code=unit.code,
        unit_name=unit.name,
        due_date=row.due_date,
        status=parse_status(row.status) or DecisionStatus.NOT_STARTED,
        created_at=row.created_at,
        updated_at=row.updated_at,
        completed_at=row.completed_at,
        last_comment=comment[0] if comment else None,
        last_comment_at=comment[1] if comment else None,
        last_comment_by=comment[2] if comment else None,
    )


async def list_decisions(
    session: AsyncSession,
    *,
    unit_ids: Collection[int] | None = None,
    decision_ids: Collection[int] | None = None,
    open_only: bool = False,
) -> list[DecisionInfo]:
    """Decisions (of ``unit_ids`` when given; all otherwise), ordered by reference."""
    query = select(Decision, OrgUnit).join(OrgUnit, OrgUnit.id == Decision.unit_id)
    if unit_ids is not None:
        if not unit_ids:
            return []
        query = query.where(Decision.unit_id.in_(list(unit_ids)))
    if decision_ids is not None:
        if not decision_ids:
            return []
        query = query.where(Decision.id.in_(list(decision_ids)))
    if open_only:
        query = query.where(Decision.status.in_([s.value for s in OPEN_STATUSES]))
    rows = list(await session.execute(query.order_by(Decision.reference)))
    comments = await _latest_comments(session, [d.id for d, _ in rows])
    return [_info(d, u, comments.get(d.id)) for d, u in rows]


async def get_decision(session: AsyncSession, decision_id: int) -> DecisionInfo | None:
    found = await list_decisions(session, decision_ids=[decision_id])
    return found[0] if found else None


async def find_by_reference(session: AsyncSession, reference: str) -> DecisionInfo | None:
    row = (
        await session.execute(
            select(Decision.id).where(func.lower(Decision.reference) == reference.strip().lower())
        )
    ).scalar_one_or_none()
    return None if row is None else await get_decision(session, row)


async def decisions_for_person(
    session: AsyncSession,
    tree: OrgTree,
    *,
    person_id: int | None,
    is_admin: bool,
    today: date,
    open_only: bool = True,
) -> list[DecisionInfo]:
    """What ``beslut`` lists: the decisions of the person's units and their subtrees
    (every decision for an admin who manages nothing), overdue first."""
    from followup.decision_rules import visible_unit_ids

    visible = visible_unit_ids(tree, person_id, today, is_admin=False)
    if not visible and is_admin:
        visible = None
    rows = await list_decisions(session, unit_ids=visible, open_only=open_only)
    return sort_for_display(rows, today)


# --------------------------------------------------------------------------- writing


@dataclass(frozen=True)
class CreateResult:
    outcome: Outcome
    decision: DecisionInfo | None = None


async def create_decision(
    session: AsyncSession, new: NewDecision, *, actor: Actor, now: datetime
) -> CreateResult:
    """Register a decision (admins only; the caller has validated the fields)."""
    if not actor.is_admin:
        return CreateResult(Outcome.FORBIDDEN)
    unit = await session.get(OrgUnit, new.unit_id)
    if unit is None:
        await session.rollback()
        return CreateResult(Outcome.NOT_FOUND)
    existing = await find_by_reference(session, new.reference)
    if existing is not None:
        await session.rollback()
        return CreateResult(Outcome.DUPLICATE, existing)
    row = Decision(
        reference=new.reference.strip(),
        decided_on=new.decided_on,
        decided_by=new.decided_by.strip(),
        title=new.title.strip(),
        assignment=new.assignment.strip(),
        unit_id=new.unit_id,
        due_date=new.due_date,
        status=DecisionStatus.NOT_STARTED.value,
        created_at=now,
    )
    try:
        async with session.begin_nested():
            session.add(row)
    except IntegrityError:
        await session.rollback()
        return CreateResult(Outcome.DUPLICATE, await find_by_reference(session, new.reference))
    audit.record(
        session,
        actor_person_id=actor.person_id,
        actor_label=actor.label,
        action="decision.create",
        entity="decision",
        entity_id=row.id,
        after=decision_snapshot(row),
        at=now,
    )
    await session.commit()
    return CreateResult(Outcome.OK, await get_decision(session, row.id))


def decision_snapshot(row: Decision) -> dict[str, object]:
    """The audited fields of a decision (JSON-friendly)."""
    return {
        "reference": row.reference,
        "decided_on": row.decided_on.isoformat(),
        "decided_by": row.decided_by,
        "title": row.title,
        "assignment": row.assignment,
        "unit_id": row.unit_id,
        "due_date": row.due_date.isoformat() if row.due_date else None,
        "status": row.status,
    }


def apply_status(
    session: AsyncSession,
    row: Decision,
    status: DecisionStatus,
    comment: str,
    *,
    actor: Actor,
    period: str | None,
    now: datetime,
    details: str | None = None,
) -> None:
    """Write one status report: the dated comment, the new status and an audit entry.

    No rules are checked here (see :func:`update_status`; imports check them themselves).
    """
    before = row.status
    session.add(
        DecisionUpdate(
            decision_id=row.id,
            period=period,
            status=status.value,
            comment=comment.strip(),
            created_at=now,
            person_id=actor.person_id,
        )
    )
    row.status = status.value
    row.updated_at = now
    if status in CLOSED_STATUSES:
        if before != status.value or row.completed_at is None:
            row.completed_at = now
    else:
        row.completed_at = None
    audit.record(
        session,
        actor_person_id=actor.person_id,
        actor_label=actor.label,
        action="decision.status",
        entity="decision",
        entity_id=row.id,
        before={"status": before},
        after={"status": status.value, "comment": comment.strip(), "period": period},
        details=details,
        at=now,
    )


async def already_reported(
    session: AsyncSession, decision_id: int, period: str | None, status: str, comment: str
) -> bool:
    """A replay (double click, retried invoke): the same report exists for the period
    (without a period: the latest report is the same)."""
    if period is None:
        latest = (
            await session.execute(
                select(DecisionUpdate.status, DecisionUpdate.comment)
                .where(DecisionUpdate.decision_id == decision_id)
                .order_by(DecisionUpdate.created_at.desc(), DecisionUpdate.id.desc())
                .limit(1)
            )
        ).first()
        return latest is not None and tuple(latest) == (status, comment.strip())
    found = (
        await session.execute(
            select(DecisionUpdate.id)
            .where(DecisionUpdate.decision_id == decision_id)
            .where(DecisionUpdate.period == period)
            .where(DecisionUpdate.status == status)
            .where(DecisionUpdate.comment == comment.strip())
            .limit(1)
        )
    ).scalar_one_or_none()
    return found is not None


async def lock_decisions(session: AsyncSession, ids: Collection[int]) -> dict[int, Decision]:
    """The decisions with these ids, locked for update (a status round writes them)."""
    rows = await session.execute(
        select(Decision).where(Decision.id.in_(list(ids))).with_for_update()
    )
    return {row.id: row for row in rows.scalars()}


# --------------------------------------------------------------------------- balance


async def decision_balance(
    session: AsyncSession,
    unit_path_prefix: str,
    now: datetime,
    *,
    tz: ZoneInfo | str | None = None,
) -> DecisionBalance:
    """Ärendebalans for a subtree: open, overdue, done this month, oldest open.

    ``unit_path_prefix`` is a materialised path such as ``"/1/4/"`` (``OrgUnit.path``);
    ``"/"`` covers everything. "This month" and "overdue" use ``tz`` (Europe/Stockholm).
    """
    zone = _zone(tz)
    local_month_start = now.astimezone(zone).replace(day=1, hour=0, minute=0, second=0,
                                                     microsecond=0)
    rows = await session.execute(
        select(
            Decision.reference,
            Decision.status,
            Decision.decided_on,
            Decision.due_date,
            Decision.completed_at,
        )
        .join(OrgUnit, OrgUnit.id == Decision.unit_id)
        .where(OrgUnit.path.startswith(unit_path_prefix, autoescape=True))
        .where(
            or_(
                Decision.status.in_([s.value for s in OPEN_STATUSES]),
                and_(
                    Decision.status == DecisionStatus.DONE.value,
                    Decision.completed_at >= local_month_start - timedelta(days=1),
                ),
            )
        )
    )
    items = [
        BalanceItem(
            reference=reference,
            status=parse_status(status) or DecisionStatus.NOT_STARTED,
            decided_on=decided_on,
            due_date=due_date,
            completed_at=completed_at,
        )
        for reference, status, decided_on, due_date, completed_at in rows
    ]
    return compute_balance(items, now, zone)


# --------------------------------------------------------------------------- the rounds


async def units_with_goals(session: AsyncSession, unit_ids: Collection[int],
                           on: date) -> set[int]:
    """Which of ``unit_ids`` have goals valid on ``on`` (they get the report round)."""
    if not unit_ids:
        return set()
    rows = await session.execute(
        select(Goal.unit_id)
        .where(Goal.unit_id.in_(list(unit_ids)))
        .where(Goal.valid_from <= on)
        .where(or_(Goal.valid_to.is_(None), Goal.valid_to >= on))
        .distinct()
    )
    return set(rows.scalars())


async def reported_in_period(session: AsyncSession, decision_ids: Collection[int],
                             period: str) -> set[int]:
    """Which of the decisions already have a status report for ``period``."""
    if not decision_ids:
        return set()
    rows = await session.execute(
        select(DecisionUpdate.decision_id)
        .where(DecisionUpdate.decision_id.in_(list(decision_ids)))
        .where(DecisionUpdate.period == period)
        .distinct()
    )
    return set(rows.scalars())


async def open_decision_count(
    session: AsyncSession, unit_id: int, *, period: str | None = None
) -> int:
    """How many open decisions a unit has (for a button label in the report round).

    With ``period``, only those still without a status report for that period (what is
    left to do this month); 0 once every open decision has one.
    """
    query = (
        select(func.count())
        .select_from(Decision)
        .where(Decision.unit_id == unit_id)
        .where(Decision.status.in_([s.value for s in OPEN_STATUSES]))
    )
    if period is not None:
        reported = (
            select(DecisionUpdate.decision_id)
            .where(DecisionUpdate.period == period)
            .where(DecisionUpdate.decision_id == Decision.id)
        )
        query = query.where(~reported.exists())
    return int((await session.execute(query)).scalar_one())
