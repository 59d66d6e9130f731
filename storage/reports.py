"""The monthly report service: load the form, save a step, submit, open for edit.

Every function takes an ``AsyncSession`` (the caller owns its lifecycle; the write
functions commit or roll back themselves) and returns plain dataclasses from
:mod:`followup.report_rules` and this module — never ORM rows.

Rules enforced here, on the server, for every client (cards, text dialog, scripts):

* Permission (:meth:`followup.org.OrgTree.report_permission`): the unit's manager in
  charge today, its acting manager, or an admin on behalf (logged in the audit details).
* The period must be open (``storage.periods.period_is_open``); otherwise
  :attr:`Outcome.CLOSED` and nothing is written.
* Inputs are validated (:func:`followup.report_rules.validate_inputs`): unknown or foreign
  goal ids reject the whole request; field errors come back per goal and field.
* Optimistic concurrency on ``UnitReport.version``: a write must name the version it was
  based on; if someone else changed the report since, :attr:`Outcome.CONFLICT` says who
  and when, and nothing is written. The version bump is an atomic
  ``UPDATE … WHERE version = :expected`` so two simultaneous writers cannot both win.
* Idempotency: values equal to what is stored write nothing (no version bump, no audit);
  a replayed step or submit (double click, retried invoke, old card) is answered from the
  stored state with :attr:`Outcome.OK` / ``changed == 0``.
* Every changed ``GoalResult`` gets one audit entry (the fields of
  ``storage.audit.record``) with before → after; submitting gets one
  ``unit_report.submit`` entry.

Cost of a card step (it is the bot's busiest turn): the report is read with four queries
(unit + period + report header, manager assignments, goals, this and last month's
results), written with one guarded version bump, one bulk INSERT and/or UPDATE of the
results and one multi-row INSERT of the audit entries, and the answer is built from what
was read plus what was written — nothing is read back.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from typing import Any, cast

from sqlalchemy import (
    Date,
    Integer,
    String,
    Table,
    and_,
    bindparam,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import set_committed_value

from followup.calendar import CalendarConfig
from followup.org import Assignment, OrgTree, ReportRole, Unit
from followup.period import Period
from followup.report_forms import (  # re-exported: the service's data
    Actor as Actor,
)
from followup.report_forms import (
    Outcome as Outcome,
)
from followup.report_forms import (
    PeriodInfo as PeriodInfo,
)
from followup.report_forms import (
    ReportForm as ReportForm,
)
from followup.report_forms import (
    ReportResult as ReportResult,
)
from followup.report_forms import (
    ReportState as ReportState,
)
from followup.report_forms import (
    StandIn as StandIn,
)
from followup.report_forms import (
    UnitInfo as UnitInfo,
)
from followup.report_forms import (
    UnitOverview as UnitOverview,
)
from followup.report_kinds import ReportKind, kind_for_period
from followup.report_rules import (
    GoalForm,
    RawGoalInput,
    ResultValues,
    changed_goals,
    extra_pairs,
    missing_for_submit,
    progress,
    sort_goals,
    unconfirmed_warnings,
    validate_inputs,
)
from storage.core_sql import run_core as _core
from storage.models import (
    AuditEntry,
    Base,
    Goal,
    GoalResult,
    ManagerAssignment,
    OrgUnit,
    Person,
    ReportingPeriod,
    UnitReport,
    UtcDateTime,
)
from storage.org_queries import load_org_tree_cached
from storage.periods import ensure_period, get_period, period_is_open
from storage.read_cache import GOALS, cache_for, kept, read_stamps

logger = logging.getLogger(__name__)


class _Conflict(Exception):
    """The version guard failed: someone else wrote first."""


# --------------------------------------------------------------------------- loading


def _period_info(row: ReportingPeriod, now: datetime) -> PeriodInfo:
    until = row.closes_at
    if row.reopened_until is not None and row.reopened_until > until:
        until = row.reopened_until
    return PeriodInfo(row.period, row.opens_at, row.deadline_at, row.closes_at,
                      period_is_open(row, now), until, row.kind)


def period_bounds(period: str) -> tuple[date, date]:
    """First and last day of the period (a month, tertial, delår or year code)."""
    parsed = Period.parse(period)
    return parsed.first_day, parsed.last_day


_GOAL_FIELDS = ("id", "unit_id", "perspective", "title", "description", "indicator_name",
                "indicator_unit", "target", "baseline", "direction", "sort_order")


def _table(model: type[Base]) -> Table:
    return cast(Table, model.__table__)


# The statements of a card step, built once (on first use) with bind parameters: a step
# then neither rebuilds SQL expressions nor recomputes their cache keys. The multi-row
# ones are Core statements on the tables (plain rows, no ORM loading).


@cache
def _goals_stmt() -> Any:
    """Goals of ``unit_ids`` valid at some time between ``first`` and ``last``."""
    goals = _table(Goal).c
    return (
        select(*(goals[name] for name in _GOAL_FIELDS))
        .where(goals.unit_id.in_(bindparam("unit_ids", expanding=True)))
        .where(goals.valid_from <= bindparam("last", type_=Date))
        .where(or_(goals.valid_to.is_(None), goals.valid_to >= bindparam("first", type_=Date)))
    )


@cache
def _header_stmt() -> Any:
    """Unit ``unit_id``, period ``period`` and the unit's report for it (if any)."""
    return (
        select(OrgUnit, ReportingPeriod, UnitReport)
        .select_from(OrgUnit)
        .join(ReportingPeriod, ReportingPeriod.period == bindparam("period", type_=String))
        .outerjoin(UnitReport, and_(UnitReport.unit_id == OrgUnit.id,
                                    UnitReport.period_id == ReportingPeriod.id))
        .where(OrgUnit.id == bindparam("unit_id", type_=Integer))
    )


@cache
def _assignments_stmt() -> Any:
    """The manager assignments of ``unit_ids`` (a unit and its ancestors) that are active
    units: who acts for a unit may depend on the units above it."""
    assignments, units = _table(ManagerAssignment).c, _table(OrgUnit).c
    return (
        select(assignments.unit_id, assignments.person_id, assignments.role,
               assignments.valid_from, assignments.valid_to)
        .join_from(_table(ManagerAssignment), _table(OrgUnit),
                   units.id == assignments.unit_id)
        .where(assignments.unit_id.in_(bindparam("unit_ids", expanding=True)),
               units.active.is_(True))
    )


@cache
def _results_stmt() -> Any:
    """Results of ``goal_ids`` in period ``period_id`` and in the newest period that
    opened before it (``opens_at``) and has results for them (a scalar subquery: one
    round trip). Periods of every kind are ordered by when they open: after the combined
    April period ``2026-T1`` comes ``2026-05``."""
    results, periods = _table(GoalResult).c, _table(ReportingPeriod).c
    newest = (
        select(func.max(periods.opens_at))
        .join_from(_table(ReportingPeriod), _table(GoalResult),
                   results.period_id == periods.id)
        .where(results.goal_id.in_(bindparam("goal_ids", expanding=True)),
               periods.opens_at < bindparam("opens_at", type_=UtcDateTime()))
        .scalar_subquery()
    )
    return (
        select(results.id, results.goal_id, results.period_id, periods.period,
               results.status, results.value, results.analysis, results.actions,
               results.extra)
        .join_from(_table(GoalResult), _table(ReportingPeriod),
                   results.period_id == periods.id)
        .where(results.goal_id.in_(bindparam("goal_ids", expanding=True)),
               or_(results.period_id == bindparam("period_id", type_=Integer),
                   periods.opens_at == newest))
    )


_RESULT_FIELDS = ("status", "value", "analysis", "actions", "extra", "updated_at",
                  "updated_by_id")


@cache
def _insert_stmt(model: type[Base]) -> Any:
    """Core INSERT into the model's table (run with many parameter sets)."""
    return insert(_table(model))


@cache
def _advance_stmt(columns: tuple[str, ...]) -> Any:
    """``UPDATE unit_reports SET <columns> WHERE id = :report_id AND version = :expected``
    (the optimistic-concurrency guard); new values in ``new_<column>``."""
    table = _table(UnitReport)
    return (
        update(table)
        .where(and_(table.c.id == bindparam("report_id"),
                    table.c.version == bindparam("expected")))
        .values({key: bindparam(f"new_{key}") for key in columns})
    )


@cache
def _update_results_stmt() -> Any:
    """Core UPDATE of one goal_results row by id (run with many parameter sets)."""
    table = _table(GoalResult)
    return (
        update(table)
        .where(table.c.id == bindparam("result_id"))
        .values({name: bindparam(f"new_{name}") for name in _RESULT_FIELDS})
    )


def _goal_form(row: Sequence[Any]) -> GoalForm:
    """A GoalForm from a row of the columns :data:`_GOAL_FIELDS` (unpacked: rows are read
    by position, which is much cheaper than by name for many rows)."""
    (goal_id, _unit_id, perspective, title, description, indicator_name, indicator_unit,
     target, baseline, direction, sort_order) = row
    return GoalForm(
        goal_id=goal_id, perspective=perspective, title=title,
        description=description or "", indicator_name=indicator_name,
        indicator_unit=indicator_unit, target=target, baseline=baseline,
        direction=direction, sort_order=sort_order,
    )


def _values(row: Any) -> ResultValues:
    """ResultValues from a GoalResult or a row with its status/value/analysis/actions."""
    return ResultValues(status=row.status, value=row.value, analysis=row.analysis or "",
                        actions=row.actions or "", extra=extra_pairs(row.extra))


async def _goals_for(session: AsyncSession, unit_ids: Sequence[int],
                     period: str) -> dict[int, list[GoalForm]]:
    first, last = period_bounds(period)
    rows = await _core(session, _goals_stmt(),
                       {"unit_ids": list(unit_ids), "first": first, "last": last})
    out: dict[int, list[GoalForm]] = {uid: [] for uid in unit_ids}
    for row in rows:
        out[row[1]].append(_goal_form(row))  # row[1]: unit_id
    return {uid: sort_goals(goals) for uid, goals in out.items()}


def _path_ids(unit_row: OrgUnit) -> list[int]:
    """The unit's ancestors and the unit, from the top (from the materialised path)."""
    ids = [int(part) for part in (unit_row.path or "").strip("/").split("/") if part.isdigit()]
    return ids if ids and ids[-1] == unit_row.id else [unit_row.id]


async def _unit_tree(session: AsyncSession, unit_row: OrgUnit) -> OrgTree:
    """The unit and its chain of ancestors with their assignments: enough for
    :meth:`OrgTree.responsible` (one query)."""
    chain = _path_ids(unit_row)
    rows = list(await _core(session, _assignments_stmt(), {"unit_ids": chain}))
    units = [Unit(uid, "", "", "", parent) for uid, parent in
             zip(chain, [None, *chain[:-1]], strict=True)]
    units[-1] = Unit(unit_row.id, unit_row.code, unit_row.name, unit_row.kind,
                     chain[-2] if len(chain) > 1 else None)
    return OrgTree.build(
        units,
        [Assignment(a.unit_id, a.person_id, a.role, a.valid_from, a.valid_to) for a in rows],
    )


async def _permission(
    session: AsyncSession, actor: Actor, unit_row: OrgUnit, today: date,
    stamps: dict[str, int] | None = None,
) -> ReportRole | None:
    """The actor's role for the unit (None: may not report). Read from the process's
    org tree when the caller read the change ``stamps`` (no query while the org is
    unchanged), else from the unit's chain of ancestors."""
    tree = (await load_org_tree_cached(session, stamps) if stamps is not None
            else await _unit_tree(session, unit_row))
    perm = tree.report_permission(actor.person_id, unit_row.id, today, is_admin=actor.is_admin)
    return perm.role if perm.allowed else None


async def stand_in_for(session: AsyncSession, person_id: int, unit_row: OrgUnit,
                       today: date) -> StandIn | None:
    """The acting manager standing in for ``person_id`` (the unit's ordinary manager)
    on ``today``; None when the person is not stood in for."""
    tree = await _unit_tree(session, unit_row)
    acting = tree.stood_in_by(person_id, unit_row.id, today)
    if acting is None:
        return None
    names = await _names(session, {acting.person_id})
    return StandIn(names.get(acting.person_id, "?"), acting.valid_to)


async def _names(session: AsyncSession, ids: set[int | None],
                 known: Mapping[int, str] | None = None) -> dict[int, str]:
    names = dict(known or {})
    wanted = {i for i in ids if i is not None and i not in names}
    if wanted:
        rows = await session.execute(select(Person.id, Person.name).where(Person.id.in_(wanted)))
        names.update({pid: name for pid, name in rows})
    return names


async def _state(session: AsyncSession, row: UnitReport | None,
                 actor: Actor | None = None) -> ReportState:
    if row is None:
        return ReportState()
    known = {actor.person_id: actor.name} if actor is not None and actor.name else None
    names = await _names(session, {row.submitted_by_id, row.updated_by_id}, known)
    return ReportState(
        status=row.status, version=row.version, late=row.late,
        submitted_at=row.submitted_at,
        submitted_by=names.get(row.submitted_by_id) if row.submitted_by_id else None,
        submitted_by_role=row.submitted_by_role,
        updated_at=row.updated_at,
        updated_by=names.get(row.updated_by_id) if row.updated_by_id else None,
        updated_by_id=row.updated_by_id,
    )


async def _report_row(session: AsyncSession, unit_id: int, period_id: int) -> UnitReport | None:
    return (
        await session.execute(
            select(UnitReport).where(UnitReport.unit_id == unit_id,
                                     UnitReport.period_id == period_id)
        )
    ).scalar_one_or_none()


@dataclass
class _StoredResults:
    """A unit's stored results for the period and for the last followed-up month."""

    ids: dict[int, int] = field(default_factory=dict)  # goal id -> goal_results.id (period)
    current: dict[int, ResultValues] = field(default_factory=dict)
    last: dict[int, ResultValues] = field(default_factory=dict)
    last_period: str | None = None


async def _stored_results(session: AsyncSession, goal_ids: Sequence[int], period_id: int,
                          opens_at: datetime) -> _StoredResults:
    """This period's results of the goals and those of the newest earlier period with
    results for them ("last month"), in one query (that period is a scalar subquery)."""
    out = _StoredResults()
    if not goal_ids:
        return out
    rows = await _core(session, _results_stmt(), {"goal_ids": list(goal_ids),
                                                  "opens_at": opens_at,
                                                  "period_id": period_id})
    for (result_id, goal_id, row_period_id, row_period, status, value, analysis, actions,
         extra) in rows:
        values = ResultValues(status=status, value=value, analysis=analysis or "",
                              actions=actions or "", extra=extra_pairs(extra))
        if row_period_id == period_id:
            out.ids[goal_id] = result_id
            out.current[goal_id] = values
        else:
            out.last[goal_id] = values
            out.last_period = row_period
    return out


async def _period_row(session: AsyncSession, period: str,
                      cfg: CalendarConfig) -> ReportingPeriod | None:
    row = await get_period(session, period)
    if row is not None:
        return row
    try:
        return await ensure_period(session, period, cfg)
    except ValueError:  # not a followed-up month / malformed
        return None


async def _current_period_name(session: AsyncSession, now: datetime,
                               cfg: CalendarConfig) -> str | None:
    from storage.periods import current_period

    row = await current_period(session, now, cfg)
    return row.period if row is not None else None


@dataclass
class _Loaded:
    """A unit's report as read at the start of a call (the form is built from this, also
    after a write: nothing is read back)."""

    unit: OrgUnit
    period: ReportingPeriod
    role: ReportRole | None
    goals: list[GoalForm]
    report: UnitReport | None
    stored: _StoredResults = field(default_factory=_StoredResults)
    actor: Actor | None = None

    @property
    def kind(self) -> ReportKind:
        return kind_for_period(self.period.period, self.period.kind)

    @property
    def results(self) -> dict[int, ResultValues]:
        current = self.stored.current
        return {g.goal_id: current[g.goal_id] for g in self.goals if g.goal_id in current}


async def _header(session: AsyncSession, unit_id: int, period: str,
                  cfg: CalendarConfig) -> tuple[OrgUnit, ReportingPeriod,
                                                UnitReport | None] | None:
    """The unit, the period and the unit's report row (if any), usually in one query.
    A period not yet in the database is created from the calendar. None: not found."""
    row = (await session.execute(_header_stmt(), {"unit_id": unit_id, "period": period})).first()
    unit: OrgUnit | None
    period_row: ReportingPeriod | None
    report: UnitReport | None
    if row is not None:
        unit, period_row, report = row
    else:  # no such unit, or the period's row does not exist yet
        unit = await session.get(OrgUnit, unit_id)
        if unit is None or not unit.active:
            return None
        period_row = await _period_row(session, period, cfg)
        if period_row is None:
            return None
        report = await _report_row(session, unit.id, period_row.id)
    if unit is None or period_row is None or not unit.active:
        return None
    return unit, period_row, report


async def _load(session: AsyncSession, unit_id: int, period: str, actor: Actor,
                now: datetime, cfg: CalendarConfig, *, view_only: bool = False,
                stamps: dict[str, int] | None = None) -> _Loaded | ReportResult:
    """Read a unit's report for ``actor``: as someone who may report for the unit, or
    (``view_only``) as a leader above it / an admin, with ``role`` None. ``stamps``: the
    change stamps the caller's use case already read (else read here when cached)."""
    try:
        Period.parse(period)
    except ValueError:
        return ReportResult(Outcome.NOT_FOUND)
    header = await _header(session, unit_id, period, cfg)
    if header is None:
        return ReportResult(Outcome.NOT_FOUND)
    unit, period_row, report = header
    today = now.astimezone(cfg.zone).date()
    role: ReportRole | None = None
    if stamps is None and cache_for(session) is not None:
        stamps = await read_stamps(session)
    if view_only:
        if not await _may_view(session, actor, unit.id, today, stamps):
            return ReportResult(Outcome.FORBIDDEN)
    else:
        role = await _permission(session, actor, unit, today, stamps)
        if role is None:
            return ReportResult(Outcome.FORBIDDEN)
    goals = await _unit_goals(session, unit.id, period_row.period, stamps)
    stored = await _stored_results(session, [g.goal_id for g in goals], period_row.id,
                                   period_row.opens_at)
    return _Loaded(unit, period_row, role, goals, report, stored, actor)


async def _unit_goals(session: AsyncSession, unit_id: int, period: str,
                      stamps: dict[str, int] | None = None) -> list[GoalForm]:
    """The unit's goals in ``period``, in card order; kept per unit and period while the
    goals table is unchanged (storage.read_cache, group ``goals``; ``stamps`` as the
    caller read them)."""
    async def load() -> tuple[GoalForm, ...]:
        return tuple((await _goals_for(session, [unit_id], period))[unit_id])

    return list(await kept(session, ("goals", unit_id, period), (GOALS,), load, stamps,
                           family="units"))


async def _may_view(session: AsyncSession, actor: Actor, unit_id: int, today: date,
                    stamps: dict[str, int] | None = None) -> bool:
    tree = await load_org_tree_cached(session, stamps)
    return unit_id in tree.units and tree.may_view(
        actor.person_id, unit_id, today, is_admin=actor.is_admin
    )


async def _form(session: AsyncSession, loaded: _Loaded, now: datetime) -> ReportForm:
    unit = loaded.unit
    return ReportForm(
        unit=UnitInfo(unit.id, unit.code, unit.name),
        period=_period_info(loaded.period, now),
        goals=tuple(loaded.goals),
        results=loaded.results,
        last=dict(loaded.stored.last),
        last_period=loaded.stored.last_period,
        state=await _state(session, loaded.report, loaded.actor),
        role=loaded.role,
    )


async def load_report_view(
    session: AsyncSession, *, unit_id: int, period: str, actor: Actor, now: datetime,
    cfg: CalendarConfig, commit: bool = True, stamps: dict[str, int] | None = None,
) -> ReportResult:
    """A unit's report read-only, for a leader above it (or an admin): OK with a ``form``
    whose ``role`` is None, FORBIDDEN outside the viewer's subtree, NOT_FOUND otherwise.
    Writes nothing except a missing period row."""
    loaded = await _load(session, unit_id, period, actor, now, cfg, view_only=True,
                         stamps=stamps)
    if isinstance(loaded, ReportResult):
        return loaded
    form = await _form(session, loaded, now)
    if commit:  # a period row may have been created from the calendar
        await session.commit()
    return ReportResult(Outcome.OK, form=form)


async def load_report_form(
    session: AsyncSession, *, unit_id: int, period: str, actor: Actor, now: datetime,
    cfg: CalendarConfig, commit: bool = True, stamps: dict[str, int] | None = None,
) -> ReportResult:
    """The report form of ``unit_id`` for ``period`` as ``actor`` may see it.

    OK with ``form`` (goals, stored values, last month's values, state); CLOSED (with
    ``form`` for a read-only view and ``current_period``) when the period is not open;
    FORBIDDEN / NOT_FOUND otherwise. Writes nothing except a missing period row.
    """
    loaded = await _load(session, unit_id, period, actor, now, cfg, stamps=stamps)
    if isinstance(loaded, ReportResult):
        return loaded
    form = await _form(session, loaded, now)
    if commit:  # a period row may have been created from the calendar
        await session.commit()
    if not form.period.is_open:
        return ReportResult(Outcome.CLOSED, form=form,
                            current_period=await _current_period_name(session, now, cfg))
    return ReportResult(Outcome.OK, form=form)


# --------------------------------------------------------------------------- writing


def _details(actor: Actor, role: ReportRole, unit: OrgUnit) -> str:
    if role is ReportRole.ADMIN:
        return f"admin {actor.name} on behalf of unit {unit.code}"
    return f"role={role.value}"


async def _advance_report(session: AsyncSession, loaded: _Loaded, expected: int,
                          actor: Actor, now: datetime, **values: object) -> UnitReport:
    """Move the unit's report from version ``expected`` to ``expected + 1`` (creating it
    at version 1 when there is none yet), setting ``values``; or raise _Conflict (someone
    else moved it first) / IntegrityError (someone else created it first)."""
    changes: dict[str, object] = {"version": expected + 1, "updated_at": now,
                                  "updated_by_id": actor.person_id, **values}
    report = loaded.report
    if report is None:
        report = UnitReport(unit_id=loaded.unit.id, period_id=loaded.period.id,
                            status="draft", late=False, submitted_at=None,
                            submitted_by_id=None, submitted_by_role=None)
        for key, value in changes.items():
            setattr(report, key, value)
        session.add(report)
        await session.flush()  # a concurrent creator -> IntegrityError (unique unit+period)
        loaded.report = report
        return report
    result = await _core(
        session, _advance_stmt(tuple(changes)),
        {"report_id": report.id, "expected": expected,
         **{f"new_{key}": value for key, value in changes.items()}},
    )
    if result.rowcount != 1:
        raise _Conflict()
    for key, value in changes.items():  # the row now holds exactly these values
        set_committed_value(report, key, value)
    return report


def _audit_row(actor: Actor, *, action: str, entity: str, entity_id: str,
               before: dict[str, Any] | None, after: dict[str, Any] | None, details: str,
               at: datetime) -> dict[str, Any]:
    """One ``audit_log`` row (the fields :func:`storage.audit.record` fills in)."""
    return {"at": at, "actor_person_id": actor.person_id, "actor_label": actor.name,
            "action": action, "entity": entity, "entity_id": entity_id, "before": before,
            "after": after, "details": details}


async def _write_results(session: AsyncSession, loaded: _Loaded, report: UnitReport,
                         changes: Mapping[int, ResultValues], actor: Actor, role: ReportRole,
                         now: datetime, extra_audit: Sequence[dict[str, Any]] = ()) -> None:
    """Store the changed results (one bulk INSERT for new ones, one bulk UPDATE for the
    others) and their audit entries (plus ``extra_audit``) in one multi-row INSERT."""
    by_id = {g.goal_id: g for g in loaded.goals}
    details = _details(actor, role, loaded.unit)
    period_id, period = loaded.period.id, loaded.period.period
    stored = loaded.stored
    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    audit_rows: list[dict[str, Any]] = []
    for gid, values in changes.items():
        fields = (values.status, values.value, values.analysis, values.actions,
                  dict(values.extra) or None, now, actor.person_id)
        result_id = stored.ids.get(gid)
        before = stored.current[gid].as_dict() if gid in stored.current else None
        if result_id is None:
            inserts.append({"goal_id": gid, "period_id": period_id, "unit_id": loaded.unit.id,
                            "report_id": report.id, "perspective": by_id[gid].perspective,
                            **dict(zip(_RESULT_FIELDS, fields, strict=True))})
        else:
            updates.append({"result_id": result_id,
                            **{f"new_{k}": v for k, v in zip(_RESULT_FIELDS, fields,
                                                            strict=True)}})
        audit_rows.append(_audit_row(
            actor, action="goal_result.create" if before is None else "goal_result.update",
            entity="goal_result", entity_id=f"{gid}:{period}", before=before,
            after=values.as_dict(), details=details, at=now))
    # Core statements run with many parameter sets (executemany): no ORM unit of work
    if inserts:
        await _core(session, _insert_stmt(GoalResult), inserts)
    if updates:
        await _core(session, _update_results_stmt(), updates)
    audit_rows.extend(extra_audit)
    if audit_rows:
        await _core(session, _insert_stmt(AuditEntry), audit_rows)
    stored.current.update(changes)  # the form shows what is now stored


async def _conflict_result(session: AsyncSession, unit_id: int, period: str, actor: Actor,
                           now: datetime, cfg: CalendarConfig) -> ReportResult:
    await session.rollback()
    loaded = await _load(session, unit_id, period, actor, now, cfg)
    if isinstance(loaded, ReportResult):
        return loaded
    form = await _form(session, loaded, now)
    await session.commit()
    return ReportResult(Outcome.CONFLICT, form=form, conflict_by=form.state.updated_by,
                        conflict_at=form.state.updated_at)


async def save_step(
    session: AsyncSession, *, unit_id: int, period: str, actor: Actor,
    inputs: Mapping[int, RawGoalInput], expected_version: int | None, now: datetime,
    cfg: CalendarConfig, confirmed: Mapping[int, str] | None = None, commit: bool = True,
    stamps: dict[str, int] | None = None,
) -> ReportResult:
    """Save one step's inputs as draft (or as a change to a submitted report).

    ``inputs`` maps goal ids to what was typed (``None`` fields keep the stored value).
    ``expected_version`` is the ``UnitReport.version`` the card was built from (0 for a
    report not started; None skips the check — only for trusted callers).

    Outcomes: OK (``changed`` results written, each audited; 0 when nothing differed),
    INVALID (``errors``; nothing written), CONFLICT (someone else wrote since
    ``expected_version`` and the values differ; nothing written), CLOSED, FORBIDDEN,
    NOT_FOUND. Changing a submitted report requires a status for every goal sent.

    ``confirmed`` (goal id → :func:`followup.report_rules.confirmation_token`): with it,
    changed values that look like a slip (:func:`followup.report_rules.
    plausibility_warnings`) and are not confirmed give UNLIKELY with ``warnings`` and
    nothing is written; None (trusted callers, imports) skips the check.

    ``commit`` False: an OK outcome leaves the transaction open for the caller to commit
    (with what else the step does); the other outcomes end it as usual.
    """
    loaded = await _load(session, unit_id, period, actor, now, cfg, stamps=stamps)
    if isinstance(loaded, ReportResult):
        return loaded
    if not period_is_open(loaded.period, now):
        return await _closed(session, loaded, now, cfg)
    assert loaded.role is not None
    current = loaded.results
    submitted = loaded.report is not None and loaded.report.status == "submitted"
    validation = validate_inputs(loaded.goals, inputs, current, require_status=submitted,
                                 kind=loaded.kind)
    if not validation.ok:
        form = await _form(session, loaded, now)
        await session.rollback()
        return ReportResult(Outcome.INVALID, form=form, errors=validation.errors)
    changes = changed_goals(validation.values, current)
    if not changes:
        form = await _form(session, loaded, now)
        if commit:
            await session.commit()
        return ReportResult(Outcome.OK, form=form)
    unlikely = await _unlikely(session, loaded, changes, confirmed, now)
    if unlikely is not None:
        return unlikely
    version = loaded.report.version if loaded.report is not None else 0
    if expected_version is not None and expected_version != version:
        return await _conflict_result(session, unit_id, period, actor, now, cfg)
    try:
        report = await _advance_report(session, loaded, version, actor, now)
        await _write_results(session, loaded, report, changes, actor, loaded.role, now)
    except (_Conflict, IntegrityError):
        return await _retry_or_conflict(session, unit_id, period, actor, inputs, now, cfg)
    form = await _form(session, loaded, now)
    if commit:
        await session.commit()
    logger.info("report %s/%s: %d result(s) saved by person %s", loaded.unit.code, period,
                len(changes), actor.person_id)
    return ReportResult(Outcome.OK, form=form, changed=len(changes),
                        changed_ids=tuple(changes))


async def _unlikely(session: AsyncSession, loaded: _Loaded,
                    changes: Mapping[int, ResultValues], confirmed: Mapping[int, str] | None,
                    now: datetime) -> ReportResult | None:
    """UNLIKELY (nothing written) when changed values need the manager's confirmation."""
    if confirmed is None:
        return None
    warnings = unconfirmed_warnings(loaded.goals, changes, loaded.stored.last, confirmed)
    if not warnings:
        return None
    form = await _form(session, loaded, now)
    await session.rollback()
    return ReportResult(Outcome.UNLIKELY, form=form, warnings=warnings)


async def _retry_or_conflict(session: AsyncSession, unit_id: int, period: str, actor: Actor,
                             inputs: Mapping[int, RawGoalInput], now: datetime,
                             cfg: CalendarConfig) -> ReportResult:
    """A concurrent writer won: if it stored exactly these values, this call is a replay."""
    await session.rollback()
    loaded = await _load(session, unit_id, period, actor, now, cfg)
    if isinstance(loaded, ReportResult):
        return loaded
    validation = validate_inputs(loaded.goals, inputs, loaded.results, kind=loaded.kind)
    form = await _form(session, loaded, now)
    await session.commit()
    if validation.ok and not changed_goals(validation.values, loaded.results):
        return ReportResult(Outcome.OK, form=form)
    return ReportResult(Outcome.CONFLICT, form=form, conflict_by=form.state.updated_by,
                        conflict_at=form.state.updated_at)


async def _closed(session: AsyncSession, loaded: _Loaded, now: datetime,
                  cfg: CalendarConfig) -> ReportResult:
    form = await _form(session, loaded, now)
    await session.rollback()
    return ReportResult(Outcome.CLOSED, form=form,
                        current_period=await _current_period_name(session, now, cfg))


async def submit_report(
    session: AsyncSession, *, unit_id: int, period: str, actor: Actor,
    expected_version: int | None, now: datetime, cfg: CalendarConfig,
    inputs: Mapping[int, RawGoalInput] | None = None,
    confirmed: Mapping[int, str] | None = None,
) -> ReportResult:
    """Submit (skicka in) the report, optionally saving last ``inputs`` in the same go
    (``confirmed``: as for :func:`save_step`).

    Every goal needs a status, and improvement actions when not green; otherwise INVALID
    with one error per missing field. After the deadline the report is marked late.
    Replaying a submit of an already submitted report with no new values is OK with
    ``already=True`` and writes nothing. A submitted report changed through
    :func:`save_step` stays submitted (its original time and late flag are kept).
    """
    loaded = await _load(session, unit_id, period, actor, now, cfg)
    if isinstance(loaded, ReportResult):
        return loaded
    if not period_is_open(loaded.period, now):
        return await _closed(session, loaded, now, cfg)
    assert loaded.role is not None
    current = loaded.results
    validation = validate_inputs(loaded.goals, inputs or {}, current, kind=loaded.kind)
    if not validation.ok:
        form = await _form(session, loaded, now)
        await session.rollback()
        return ReportResult(Outcome.INVALID, form=form, errors=validation.errors)
    merged = {**current, **validation.values}
    missing = missing_for_submit(loaded.goals, merged, loaded.kind)
    if missing:
        form = await _form(session, loaded, now)
        await session.rollback()
        return ReportResult(Outcome.INVALID, form=form, errors=tuple(missing))
    changes = changed_goals(validation.values, current)
    already = loaded.report is not None and loaded.report.status == "submitted"
    if already and not changes:
        form = await _form(session, loaded, now)
        await session.commit()
        return ReportResult(Outcome.OK, form=form, already=True)
    unlikely = await _unlikely(session, loaded, changes, confirmed, now)
    if unlikely is not None:
        return unlikely
    version = loaded.report.version if loaded.report is not None else 0
    if expected_version is not None and expected_version != version:
        return await _conflict_result(session, unit_id, period, actor, now, cfg)
    try:
        extra: dict[str, object] = {}
        submit_audit: list[dict[str, Any]] = []
        if not already:
            extra = {"status": "submitted", "submitted_at": now,
                     "submitted_by_id": actor.person_id,
                     "submitted_by_role": loaded.role.value,
                     "late": now > loaded.period.deadline_at}
            submit_audit.append(_audit_row(
                actor, action="unit_report.submit", entity="unit_report",
                entity_id=f"{loaded.unit.id}:{period}",
                before={"status": "draft"},
                after={"status": "submitted", "late": bool(extra["late"])},
                details=_details(actor, loaded.role, loaded.unit), at=now,
            ))
        report = await _advance_report(session, loaded, version, actor, now, **extra)
        await _write_results(session, loaded, report, changes, actor, loaded.role, now,
                             extra_audit=submit_audit)
    except (_Conflict, IntegrityError):
        return await _replayed_submit_or_conflict(session, unit_id, period, actor, inputs,
                                                  now, cfg)
    form = await _form(session, loaded, now)
    await session.commit()
    logger.info("report %s/%s submitted by person %s (late=%s)", loaded.unit.code, period,
                actor.person_id, form.state.late)
    return ReportResult(Outcome.OK, form=form, changed=len(changes), already=already)


async def _replayed_submit_or_conflict(
    session: AsyncSession, unit_id: int, period: str, actor: Actor,
    inputs: Mapping[int, RawGoalInput] | None, now: datetime, cfg: CalendarConfig,
) -> ReportResult:
    result = await _retry_or_conflict(session, unit_id, period, actor, inputs or {}, now, cfg)
    if result.ok and result.form is not None and result.form.state.submitted:
        return ReportResult(Outcome.OK, form=result.form, already=True)
    if result.ok:
        return ReportResult(Outcome.CONFLICT, form=result.form,
                            conflict_by=result.form.state.updated_by if result.form else None,
                            conflict_at=result.form.state.updated_at if result.form else None)
    return result


async def open_for_edit(
    session: AsyncSession, *, unit_id: int, period: str, actor: Actor, now: datetime,
    cfg: CalendarConfig,
) -> ReportResult:
    """``Ändra``: the form of a (submitted) report to change while the period is open.

    The report stays submitted (leaders keep seeing it as in); changes go through
    :func:`save_step`. CLOSED when the period has closed. Writes nothing.
    """
    return await load_report_form(session, unit_id=unit_id, period=period, actor=actor,
                                  now=now, cfg=cfg)


# --------------------------------------------------------------------------- prompts


async def units_to_report(session: AsyncSession, person_id: int, today: date, *,
                          include_stood_in: bool = False) -> list[UnitInfo]:
    """Units this person reports for on ``today``, in tree order (``OrgTree.responsible``
    – who gets prompts): as acting manager, as manager without an acting stand-in, or as
    the nearest leader of a unit without a manager. ``include_stood_in`` adds units whose
    ordinary manager they are while someone else acts (shown to them read-only)."""
    from storage.org_queries import load_org_tree

    tree = await load_org_tree(session)
    units = tree.units_responsible(person_id, today)
    if include_stood_in:
        mine = {u.id for u in units}
        mine.update(u.id for u in tree.units_managed(person_id, today))
        units = [u for u in tree.iter_units() if u.id in mine]
    return [UnitInfo(u.id, u.code, u.name) for u in units]


def resolve_unit(units: Sequence[UnitInfo], text: str) -> UnitInfo | None:
    """``rapportera HEM-01``: the unit whose code (or name) matches ``text``."""
    needle = text.strip().lower()
    if not needle:
        return None
    for unit in units:
        if unit.code.lower() == needle:
            return unit
    for unit in units:
        if unit.name.lower() == needle:
            return unit
    return None


async def unit_by_code(session: AsyncSession, code: str) -> UnitInfo | None:
    row = (
        await session.execute(
            select(OrgUnit).where(func.lower(OrgUnit.code) == code.strip().lower(),
                                  OrgUnit.active.is_(True))
        )
    ).scalar_one_or_none()
    return UnitInfo(row.id, row.code, row.name) if row is not None else None


async def prompt_overview(
    session: AsyncSession, *, person_id: int, period: str, now: datetime,
    cfg: CalendarConfig, unit_ids: Sequence[int] | None = None, is_admin: bool = False,
    include_stood_in: bool = False,
) -> list[UnitOverview]:
    """One :class:`UnitOverview` per unit the person reports for (or ``unit_ids``, each
    checked for permission) in ``period``: goals per perspective, progress, state.

    Empty when the person reports for no unit or the period does not exist.
    ``include_stood_in``: see :func:`units_to_report` (the ``rapportera`` command uses it;
    prompts do not)."""
    period_row = await _period_row(session, period, cfg)
    if period_row is None:
        return []
    today = now.astimezone(cfg.zone).date()
    if unit_ids is None:
        unit_ids = [u.id for u in await units_to_report(
            session, person_id, today, include_stood_in=include_stood_in)]
    actor = Actor(person_id, "", is_admin)
    out: list[UnitOverview] = []
    units = {
        u.id: u
        for u in (await session.execute(select(OrgUnit).where(OrgUnit.id.in_(unit_ids)))).scalars()
    }
    goals_by_unit = await _goals_for(session, list(units), period_row.period)
    reports = {
        r.unit_id: r
        for r in (
            await session.execute(
                select(UnitReport).where(UnitReport.period_id == period_row.id,
                                         UnitReport.unit_id.in_(list(units)))
            )
        ).scalars()
    }
    result_rows = await session.execute(
        select(GoalResult.unit_id, GoalResult.goal_id, GoalResult.status, GoalResult.value,
               GoalResult.analysis, GoalResult.actions, GoalResult.extra)
        .where(GoalResult.period_id == period_row.id, GoalResult.unit_id.in_(list(units)))
    )
    results: dict[int, dict[int, ResultValues]] = {}
    for row in result_rows:
        results.setdefault(row.unit_id, {})[row.goal_id] = _values(row)
    info = _period_info(period_row, now)
    for uid in unit_ids:
        unit = units.get(uid)
        if unit is None:
            continue
        role = await _permission(session, actor, unit, today)
        stand_in = None
        if role is None:
            stand_in = (await stand_in_for(session, person_id, unit, today)
                        if include_stood_in else None)
            if stand_in is None:
                continue
        goals = goals_by_unit.get(uid, [])
        per: dict[str, int] = {}
        for goal in goals:
            per[goal.perspective] = per.get(goal.perspective, 0) + 1
        out.append(UnitOverview(
            unit=UnitInfo(unit.id, unit.code, unit.name), period=info,
            goals_per_perspective=per,
            progress=progress(goals, results.get(uid, {}), info.kind),
            state=await _state(session, reports.get(uid)), role=role, stand_in=stand_in,
        ))
    await session.commit()
    return out
