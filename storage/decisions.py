"""Decisions (beslut) in the database: list, register, status updates, balance, reminders.

Functions take an ``AsyncSession`` as first argument and return plain dataclasses from
:mod:`followup.decision_rules`. The write functions (:func:`create_decision`,
:func:`update_status`, :func:`record_round`) check permission and rules on the server,
commit on success and roll back on failure; the queue functions do not commit (the
scheduler owns that transaction).

Every status change writes a :class:`~storage.models.DecisionUpdate` (the dated comment)
and an audit entry (before → after).
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from sqlalchemy import and_, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from followup.calendar import CalendarConfig, next_allowed_send_time
from followup.decision_rules import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    BalanceItem,
    ChangeError,
    DecisionBalance,
    DecisionInfo,
    DecisionRole,
    DecisionStatus,
    NewDecision,
    check_status_change,
    compute_balance,
    parse_status,
    sort_for_display,
    update_permission,
)
from followup.org import OrgTree
from storage import audit
from storage.models import Decision, DecisionUpdate, Goal, OrgUnit, Person
from storage.org_queries import load_org_tree

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
    for update_row, name in rows.tuples():
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
    rows = list((await session.execute(query.order_by(Decision.reference))).tuples())
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


async def _already_reported(
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


async def record_round(
    session: AsyncSession,
    changes: Sequence[StatusChange],
    *,
    actor: Actor,
    now: datetime,
    today: date,
    period: str | None = None,
    expected: Mapping[int, str] | None = None,
    tree: OrgTree | None = None,
) -> UpdateResult:
    """Record status reports for several decisions at once: all or nothing.

    ``expected`` maps decision id → the status the card showed; if one has changed since,
    the result is :attr:`Outcome.STALE` and nothing is written. A report identical to one
    already stored for the same period is skipped (replay).
    """
    if not changes:
        return UpdateResult(Outcome.OK)
    ids = [c.decision_id for c in changes]
    rows = {
        row.id: row
        for row in (
            await session.execute(select(Decision).where(Decision.id.in_(ids)).with_for_update())
        ).scalars()
    }
    if len(rows) != len(set(ids)):
        await session.rollback()
        return UpdateResult(Outcome.NOT_FOUND)
    tree = tree or await load_org_tree(session)
    errors: dict[int, ChangeError] = {}
    roles: dict[int, DecisionRole] = {}
    for change in changes:
        row = rows[change.decision_id]
        permission = update_permission(
            tree, actor.person_id, row.unit_id, today, is_admin=actor.is_admin
        )
        if not permission.allowed or permission.role is None:
            await session.rollback()
            return UpdateResult(Outcome.FORBIDDEN)
        roles[row.id] = permission.role
    replays: set[int] = set()
    for change in changes:
        row = rows[change.decision_id]
        target = parse_status(change.status)
        if target is not None and await _already_reported(
            session, row.id, period, target.value, change.comment
        ):
            replays.add(row.id)
    if expected:
        for decision_id, status in expected.items():
            found = rows.get(decision_id)
            if found is not None and decision_id not in replays and found.status != status:
                current = await list_decisions(session, decision_ids=ids)
                await session.rollback()
                return UpdateResult(Outcome.STALE, tuple(current))
    for change in changes:
        row = rows[change.decision_id]
        if row.id in replays:
            continue
        error = check_status_change(row.status, change.status, change.comment,
                                    role=roles[row.id])
        if error is not None:
            errors[row.id] = error
    if errors:
        current = await list_decisions(session, decision_ids=ids)
        await session.rollback()
        return UpdateResult(Outcome.INVALID, tuple(current), errors)
    changed = 0
    for change in changes:
        row = rows[change.decision_id]
        if row.id in replays:
            continue
        target = parse_status(change.status)
        assert target is not None
        role = roles[row.id]
        details = f"on behalf ({role.value})" if role is DecisionRole.ADMIN else role.value
        apply_status(session, row, target, change.comment, actor=actor, period=period,
                     now=now, details=details)
        changed += 1
    await session.commit()
    return UpdateResult(Outcome.OK, tuple(await list_decisions(session, decision_ids=ids)),
                        changed=changed)


async def update_status(
    session: AsyncSession,
    decision_id: int,
    status: DecisionStatus | str | None,
    comment: str,
    *,
    actor: Actor,
    now: datetime,
    today: date,
    period: str | None = None,
    expected_status: str | None = None,
) -> UpdateResult:
    """One decision's status report (see :func:`record_round`)."""
    return await record_round(
        session,
        [StatusChange(decision_id, status, comment)],
        actor=actor,
        now=now,
        today=today,
        period=period,
        expected={decision_id: expected_status} if expected_status else None,
    )


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
        for reference, status, decided_on, due_date, completed_at in rows.tuples()
    ]
    return compute_balance(items, now, zone)


# --------------------------------------------------------------------------- proactive


@dataclass(frozen=True)
class Recipient:
    person_id: int
    lang: str
    unit_id: int
    unit_name: str
    role: DecisionRole = DecisionRole.MANAGER  # LEADER: stands in for a manager-less unit


async def _recipients(
    session: AsyncSession, tree: OrgTree, unit_ids: Collection[int], today: date, lang: str
) -> dict[int, Recipient]:
    """Unit id → who should hear about its decisions: who acts for the unit
    (``OrgTree.responsible`` – the one who may then update them), skipping erased people
    and people gone from the directory."""
    from i18n import pick_language

    wanted: dict[int, int] = {}
    roles: dict[int, DecisionRole] = {}
    for unit_id in unit_ids:
        charge = tree.responsible(unit_id, today)
        if charge is not None:
            wanted[unit_id] = charge.person_id
            roles[unit_id] = charge.role
    if not wanted:
        return {}
    people = {
        p.id: p
        for p in (
            await session.execute(select(Person).where(Person.id.in_(set(wanted.values()))))
        ).scalars()
    }
    out: dict[int, Recipient] = {}
    for unit_id, wanted_id in wanted.items():
        row = people.get(wanted_id)
        if row is None or row.erased_at is not None or row.directory_missing:
            continue
        out[unit_id] = Recipient(
            person_id=wanted_id,
            lang=pick_language(lang, row.locale),
            unit_id=unit_id,
            unit_name=tree.units[unit_id].name,
            role=roles[unit_id],
        )
    return out


@dataclass(frozen=True)
class PlannedNotice:
    """A decision message to queue (or, in a dry run, to list): the outbox row's fields."""

    kind: str
    person_id: int
    period: str
    unit_id: int
    unit_name: str
    payload: dict[str, object]
    not_before: datetime

    def key(self) -> str:
        from storage.outbox import dedupe_key

        return dedupe_key(self.kind, self.person_id, self.period, self.unit_id)


async def _enqueue_all(session: AsyncSession, plans: Sequence[PlannedNotice],
                       now: datetime) -> int:
    from storage import outbox

    queued = 0
    for plan in plans:
        if await outbox.enqueue(
            session, kind=plan.kind, person_id=plan.person_id, period=plan.period,
            unit_id=plan.unit_id, payload=dict(plan.payload), not_before=plan.not_before,
            now=now,
        ):
            queued += 1
    return queued


async def plan_decision_reminders(
    session: AsyncSession, *, now: datetime, calendar: CalendarConfig, lang: str
) -> list[PlannedNotice]:
    """The reminders :func:`queue_decision_reminders` would queue (reads only)."""
    from cards.decisions import decision_reminder_card
    from i18n import t

    today = now.astimezone(calendar.zone).date()
    overdue = [
        d for d in await list_decisions(session, open_only=True) if d.is_overdue(today)
    ]
    if not overdue:
        return []
    tree = await load_org_tree(session)
    by_unit: dict[int, list[DecisionInfo]] = {}
    for decision in overdue:
        by_unit.setdefault(decision.unit_id, []).append(decision)
    recipients = await _recipients(session, tree, by_unit, today, lang)
    not_before = next_allowed_send_time(now, calendar)
    month = f"{today.year:04d}-{today.month:02d}"
    plans: list[PlannedNotice] = []
    for unit_id, decisions in sorted(by_unit.items()):
        recipient = recipients.get(unit_id)
        if recipient is None:
            logger.warning("no one to remind about overdue decisions of unit %s", unit_id)
            continue
        items = sort_for_display(decisions, today)
        text = t(recipient.lang, "decision.reminder.text", count=len(items),
                 unit=recipient.unit_name)
        card = decision_reminder_card(recipient.lang, recipient.unit_name, unit_id, items,
                                      today, role=recipient.role)
        plans.append(PlannedNotice("decision_reminder", recipient.person_id, month, unit_id,
                                   recipient.unit_name, {"text": text, "card": card},
                                   not_before))
    return plans


async def queue_decision_reminders(
    session: AsyncSession, *, now: datetime, calendar: CalendarConfig, lang: str
) -> int:
    """Queue one reminder per unit with overdue decisions to whoever acts for the unit.

    Deduplicated per person, unit and month (kind ``decision_reminder``, period = the
    current month), so calling this daily reminds at most once a month; sent at the next
    allowed moment (quiet hours, weekends and holidays respected). Returns how many new
    messages were queued. Does not commit.
    """
    plans = await plan_decision_reminders(session, now=now, calendar=calendar, lang=lang)
    return await _enqueue_all(session, plans, now)


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


async def plan_decision_prompts(
    session: AsyncSession,
    *,
    period: str,
    now: datetime,
    calendar: CalendarConfig,
    lang: str,
    include_units_with_goals: bool = False,
) -> list[PlannedNotice]:
    """The prompts :func:`queue_decision_prompts` would queue (reads only)."""
    from cards.decisions import decision_round_card, tn
    from followup.calendar import parse_period

    year, month = parse_period(period)
    last_day = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1))
    today = now.astimezone(calendar.zone).date()
    decisions = await list_decisions(session, open_only=True)
    if not decisions:
        return []
    by_unit: dict[int, list[DecisionInfo]] = {}
    for decision in decisions:
        by_unit.setdefault(decision.unit_id, []).append(decision)
    if not include_units_with_goals:
        for unit_id in await units_with_goals(session, by_unit, last_day):
            by_unit.pop(unit_id, None)
    tree = await load_org_tree(session)
    recipients = await _recipients(session, tree, by_unit, today, lang)
    not_before = next_allowed_send_time(now, calendar)
    plans: list[PlannedNotice] = []
    for unit_id, items in sorted(by_unit.items()):
        recipient = recipients.get(unit_id)
        if recipient is None:
            continue
        ordered = sort_for_display(items, today)
        text = tn(recipient.lang, "decision.prompt.text", len(ordered),
                  unit=recipient.unit_name)
        card = decision_round_card(recipient.lang, recipient.unit_name, unit_id, period,
                                   ordered, today, role=recipient.role)
        plans.append(PlannedNotice("decision_prompt", recipient.person_id, period, unit_id,
                                   recipient.unit_name, {"text": text, "card": card},
                                   not_before))
    return plans


async def queue_decision_prompts(
    session: AsyncSession,
    *,
    period: str,
    now: datetime,
    calendar: CalendarConfig,
    lang: str,
    include_units_with_goals: bool = False,
) -> int:
    """Queue the monthly decision status card (kind ``decision_prompt``) for every unit
    with open decisions, to whoever acts for the unit. Units with goals in the period get
    the decision step inside the monthly report instead, unless
    ``include_units_with_goals``. Does not commit."""
    plans = await plan_decision_prompts(session, period=period, now=now, calendar=calendar,
                                        lang=lang,
                                        include_units_with_goals=include_units_with_goals)
    return await _enqueue_all(session, plans, now)


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
