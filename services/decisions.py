"""Decision use cases: the status round (all or nothing) and the decision notices.

:func:`record_round` and :func:`update_status` own their transaction: they commit on
success and roll back on refusal. The ``plan_*`` functions compose the decision notices
(read only); the ``queue_*`` functions queue them through :func:`services.notices.enqueue`
and leave the commit to the scheduler job that called them.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from cards.decisions import MAX_ROUND_ITEMS, decision_reminder_card, decision_round_card, tn
from followup.calendar import CalendarConfig, next_allowed_send_time, previous_period
from followup.decision_rules import (
    ChangeError,
    DecisionInfo,
    DecisionRole,
    DecisionStatus,
    NewDecision,
    check_status_change,
    parse_status,
    sort_for_display,
    update_permission,
)
from followup.org import OrgTree
from followup.period import Period
from i18n import t
from services import Sessions, notices
from services.notices import Notice, NoticeRecipient
from storage.decisions import (
    Actor,
    CreateResult,
    Outcome,
    StatusChange,
    UpdateResult,
    already_reported,
    apply_status,
    create_decision,
    decisions_for_person,
    find_by_reference,
    get_decision,
    list_decisions,
    lock_decisions,
    reported_in_period,
    units_with_goals,
)
from storage.org_queries import load_org_tree
from storage.periods import current_period

logger = logging.getLogger(__name__)

KIND_DECISION_PROMPT = "decision_prompt"
KIND_DECISION_REMINDER = "decision_reminder"


# --------------------------------------------------------------------------- the status round


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
    already stored for the same period is skipped (replay). Commits on success.
    """
    if not changes:
        return UpdateResult(Outcome.OK)
    ids = [c.decision_id for c in changes]
    rows = await lock_decisions(session, ids)
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
        if target is not None and await already_reported(
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


# --------------------------------------------------------------------------- the notices


@dataclass(frozen=True)
class _UnitRecipient:
    """Who hears about a unit's decisions: who acts for the unit (the one who may then
    update them); ``role`` LEADER when they stand in for a manager-less unit."""

    person: NoticeRecipient
    unit_id: int
    unit_name: str
    role: DecisionRole = DecisionRole.MANAGER


async def _recipients(
    session: AsyncSession, tree: OrgTree, unit_ids: Collection[int], today: date, lang: str
) -> dict[int, _UnitRecipient]:
    """Unit id → who should hear about its decisions (the recipient policy applied)."""
    wanted: dict[int, int] = {}
    roles: dict[int, DecisionRole] = {}
    for unit_id in unit_ids:
        charge = tree.responsible(unit_id, today)
        if charge is not None:
            wanted[unit_id] = charge.person_id
            roles[unit_id] = charge.role
    allowed = await notices.recipients(session, set(wanted.values()), lang)
    return {
        unit_id: _UnitRecipient(allowed[person_id], unit_id, tree.units[unit_id].name,
                                roles[unit_id])
        for unit_id, person_id in wanted.items()
        if person_id in allowed
    }


def compose_decision_reminder(
    recipient: _UnitRecipient, items: Sequence[DecisionInfo], *, month: str, today: date,
    not_before: datetime,
) -> Notice:
    lang = recipient.person.lang
    return Notice(
        kind=KIND_DECISION_REMINDER, person_id=recipient.person.person_id,
        subject=recipient.unit_id, period=month, lang=lang, not_before=not_before,
        text=t(lang, "decision.reminder.text", count=len(items), unit=recipient.unit_name),
        card=decision_reminder_card(lang, recipient.unit_name, recipient.unit_id, items,
                                    today, role=recipient.role),
    )


def compose_decision_prompt(
    recipient: _UnitRecipient, items: Sequence[DecisionInfo], *, period: str, today: date,
    not_before: datetime,
) -> Notice:
    lang = recipient.person.lang
    return Notice(
        kind=KIND_DECISION_PROMPT, person_id=recipient.person.person_id,
        subject=recipient.unit_id, period=period, lang=lang, not_before=not_before,
        text=tn(lang, "decision.prompt.text", len(items), unit=recipient.unit_name),
        card=decision_round_card(lang, recipient.unit_name, recipient.unit_id, period,
                                 list(items), today, role=recipient.role),
    )


async def plan_decision_reminders(
    session: AsyncSession, *, now: datetime, calendar: CalendarConfig, lang: str
) -> list[Notice]:
    """The reminders :func:`queue_decision_reminders` would queue (reads only)."""
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
    plans: list[Notice] = []
    for unit_id, decisions in sorted(by_unit.items()):
        recipient = recipients.get(unit_id)
        if recipient is None:
            logger.warning("no one to remind about overdue decisions of unit %s", unit_id)
            continue
        plans.append(compose_decision_reminder(
            recipient, sort_for_display(decisions, today), month=month, today=today,
            not_before=not_before))
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
    return len(await notices.enqueue(session, plans, now=now))


async def plan_decision_prompts(
    session: AsyncSession,
    *,
    period: str,
    now: datetime,
    calendar: CalendarConfig,
    lang: str,
    include_units_with_goals: bool = False,
) -> list[Notice]:
    """The prompts :func:`queue_decision_prompts` would queue (reads only)."""
    last_day = Period.parse(period).last_day
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
    plans: list[Notice] = []
    for unit_id, items in sorted(by_unit.items()):
        recipient = recipients.get(unit_id)
        if recipient is None:
            continue
        plans.append(compose_decision_prompt(
            recipient, sort_for_display(items, today), period=period, today=today,
            not_before=not_before))
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
    return len(await notices.enqueue(session, plans, now=now))


# --------------------------------------------------------------------------- for the dialogs
# Each call opens its own session; the dialog renders what it returns.


async def _open_period(session: AsyncSession, now: datetime,
                       calendar: CalendarConfig) -> str | None:
    row = await current_period(session, now, calendar)
    return row.period if row is not None else None


@dataclass(frozen=True)
class DecisionList:
    """``beslut``: the decisions a person sees (None: not a manager, not an admin)."""

    tree: OrgTree
    items: list[DecisionInfo] | None


async def decision_list(sessions: Sessions, *, person_id: int | None, is_admin: bool,
                        today: date) -> DecisionList:
    async with sessions() as session:
        tree = await load_org_tree(session)
        managed = tree.units_managed(person_id, today) if person_id else []
        if not managed and not is_admin:
            return DecisionList(tree, None)
        items = await decisions_for_person(session, tree, person_id=person_id,
                                           is_admin=is_admin, today=today)
    return DecisionList(tree, list(items))


@dataclass(frozen=True)
class DecisionContext:
    """One decision with the tree and the period it would be reported in."""

    tree: OrgTree
    decision: DecisionInfo | None
    period: str | None


async def decision_by_reference(sessions: Sessions, reference: str, *, now: datetime,
                                calendar: CalendarConfig) -> DecisionContext:
    async with sessions() as session:
        tree = await load_org_tree(session)
        decision = await find_by_reference(session, reference)
        period = await _open_period(session, now, calendar)
    return DecisionContext(tree, decision, period)


async def decision_context(sessions: Sessions, decision_id: int | None, *,
                           period: str | None, now: datetime,
                           calendar: CalendarConfig) -> DecisionContext:
    """The decision (None if unknown), the tree and ``period`` or else the open one."""
    async with sessions() as session:
        decision = await get_decision(session, decision_id) if decision_id else None
        tree = await load_org_tree(session)
        return DecisionContext(tree, decision, period or await _open_period(session, now,
                                                                              calendar))


@dataclass(frozen=True)
class DecisionUpdated:
    result: UpdateResult
    context: DecisionContext


async def update_decision(sessions: Sessions, decision_id: int, status: str, comment: str,
                          *, actor: Actor, now: datetime, today: date, period: str | None,
                          expected_status: str | None,
                          calendar: CalendarConfig) -> DecisionUpdated:
    """:func:`update_status` (``period`` or else the open one), then the decision anew."""
    async with sessions() as session:
        period = period or await _open_period(session, now, calendar)
        result = await update_status(session, decision_id, status, comment, actor=actor,
                                     now=now, today=today, period=period,
                                     expected_status=expected_status)
        tree = await load_org_tree(session)
        decision = await get_decision(session, decision_id)
    return DecisionUpdated(result, DecisionContext(tree, decision, period))


@dataclass(frozen=True)
class RoundView:
    """A unit's monthly status round: None ``items`` when the unit is unknown or the
    actor may not update it (the dialog tells which from ``tree``)."""

    tree: OrgTree
    period: str
    items: list[DecisionInfo] | None


async def round_view(sessions: Sessions, unit_id: int | None, *, requested: str | None,
                     actor: Actor, now: datetime, today: date,
                     calendar: CalendarConfig) -> RoundView:
    """The unit's open decisions for the round in ``requested`` (else the open period,
    else last month); in a long list those not yet reported first."""
    async with sessions() as session:
        tree = await load_org_tree(session)
        if unit_id is None or unit_id not in tree.units or not update_permission(
                tree, actor.person_id, unit_id, today, is_admin=actor.is_admin).allowed:
            return RoundView(tree, "", None)
        period = requested or await _open_period(session, now, calendar) \
            or previous_period(f"{today.year:04d}-{today.month:02d}")
        items = sort_for_display(
            await list_decisions(session, unit_ids=[unit_id], open_only=True), today)
        if len(items) > MAX_ROUND_ITEMS:
            done = await reported_in_period(session, [d.id for d in items], period)
            items = [d for d in items if d.id not in done] + [d for d in items if d.id in done]
    return RoundView(tree, period, items)


@dataclass(frozen=True)
class RoundSaved:
    """What saving a round came to. ``result`` None: not saved — ``state`` says why
    (``unknown_unit``, ``not_found``, ``refused``: some text was not plain text)."""

    tree: OrgTree
    state: str
    fresh: list[DecisionInfo]
    result: UpdateResult | None = None
    remaining: int = 0


async def save_round(sessions: Sessions, unit_id: int | None, period: str | None,
                     changes: Sequence[StatusChange], *, expected: Mapping[int, str],
                     refused: bool, actor: Actor, now: datetime, today: date) -> RoundSaved:
    """Check the changes belong to the unit, then :func:`record_round`; with the unit's
    decisions as they are afterwards and how many are still unreported this period."""
    async with sessions() as session:
        tree = await load_org_tree(session)
        if unit_id is None or unit_id not in tree.units or not period:
            return RoundSaved(tree, "unknown_unit", [])
        own = {d.id for d in await list_decisions(session, unit_ids=[unit_id])}
        if any(c.decision_id not in own for c in changes):
            return RoundSaved(tree, "not_found", [])
        if refused:
            fresh = sort_for_display(
                await list_decisions(session, decision_ids=list(expected)), today)
            return RoundSaved(tree, "refused", fresh)
        result = await record_round(session, changes, actor=actor, now=now, today=today,
                                    period=period, expected=expected, tree=tree)
        fresh = sort_for_display(
            await list_decisions(session, decision_ids=list(expected)), today)
        still_open = await list_decisions(session, unit_ids=[unit_id], open_only=True)
        reported = await reported_in_period(session, [d.id for d in still_open], period)
    remaining = sum(1 for d in still_open if d.id not in reported)
    return RoundSaved(tree, "saved", fresh, result, remaining)


async def unit_choices(sessions: Sessions) -> list[tuple[str, str]]:
    """(code, "path › to › unit (code)") of every active unit, for the new-decision form."""
    async with sessions() as session:
        tree = await load_org_tree(session)
    return [(unit.code, f"{' › '.join(tree.path_names(unit.id))} ({unit.code})")
            for unit in tree.iter_units()]


async def register_decision(sessions: Sessions, new: NewDecision, *, actor: Actor,
                            now: datetime) -> CreateResult:
    """:func:`storage.decisions.create_decision` (it commits or rolls back)."""
    async with sessions() as session:
        return await create_decision(session, new, actor=actor, now=now)
