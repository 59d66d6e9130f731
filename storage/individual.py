"""Individual goals, check-ins, employments, HR roles and the access log: SQL only.

Nothing here decides who may read what (that is :mod:`followup.individual`, applied by
:mod:`services.individual`, which also writes the access log through :func:`log_access`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, delete, func, or_, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from followup.individual import Employment, GoalDraft, HrGrant, same_goal
from storage.models import (
    Employment as EmploymentRow,
)
from storage.models import (
    Goal,
    HrRole,
    IndividualAccess,
    IndividualCheckin,
    IndividualGoal,
    OrgUnit,
    Person,
)
from storage.read_cache import ORG, cache_for

_CHUNK = 500


@dataclass(frozen=True)
class GoalData:
    """One version of an individual goal, as the services and cards see it."""

    id: int
    series_id: int
    person_id: int
    unit_id: int
    year: int
    slot: int
    unit_goal_id: int | None
    unit_goal_title: str | None
    title: str
    indicator_name: str | None
    indicator_target: str | None
    created_at: datetime
    manager_ok: bool
    employee_ok: bool
    ended_at: datetime | None

    @property
    def agreed(self) -> bool:
        return self.manager_ok and self.employee_ok


@dataclass(frozen=True)
class CheckinData:
    goal_id: int
    person_id: int
    unit_id: int
    period: str
    status: str
    comment: str
    created_at: datetime


@dataclass(frozen=True)
class UnitGoalOption:
    id: int
    title: str
    perspective: str


def _chunks(values: Sequence[int]) -> Iterable[Sequence[int]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start:start + _CHUNK]


# --------------------------------------------------------------------------- people


async def employments(session: AsyncSession, person_ids: Iterable[int] | None = None,
                      *, on: date | None = None) -> list[Employment]:
    """Employments (of ``person_ids``, or everyone), only those covering ``on`` if given."""
    stmt = select(EmploymentRow.person_id, EmploymentRow.unit_id, EmploymentRow.valid_from,
                  EmploymentRow.valid_to)
    if on is not None:
        stmt = stmt.where(EmploymentRow.valid_from <= on,
                          or_(EmploymentRow.valid_to.is_(None), EmploymentRow.valid_to >= on))
    if person_ids is None:
        rows = (await session.execute(stmt)).all()
        return [Employment(*row) for row in rows]
    out: list[Employment] = []
    for chunk in _chunks(sorted(set(person_ids))):
        rows = (await session.execute(
            stmt.where(EmploymentRow.person_id.in_(chunk)))).all()
        out += [Employment(*row) for row in rows]
    return out


async def employments_in_units(session: AsyncSession, unit_ids: Iterable[int],
                               on: date) -> list[Employment]:
    out: list[Employment] = []
    for chunk in _chunks(sorted(set(unit_ids))):
        rows = (await session.execute(
            select(EmploymentRow.person_id, EmploymentRow.unit_id, EmploymentRow.valid_from,
                   EmploymentRow.valid_to)
            .where(EmploymentRow.unit_id.in_(chunk), EmploymentRow.valid_from <= on,
                   or_(EmploymentRow.valid_to.is_(None), EmploymentRow.valid_to >= on))
        )).all()
        out += [Employment(*row) for row in rows]
    return out


async def set_unit(session: AsyncSession, person_id: int, unit_id: int | None, *,
                   today: date, source: str) -> bool:
    """Make ``unit_id`` the person's unit from ``today`` (None: no unit any more). The
    current employment ends yesterday (or goes, when it started today). True if changed."""
    rows = list((await session.execute(
        select(EmploymentRow).where(
            EmploymentRow.person_id == person_id,
            or_(EmploymentRow.valid_to.is_(None), EmploymentRow.valid_to >= today))
    )).scalars())
    if unit_id is not None and any(r.unit_id == unit_id and r.valid_from <= today
                                   for r in rows):
        return False
    if unit_id is None and not rows:
        return False
    from datetime import timedelta

    yesterday = today - timedelta(days=1)
    for row in rows:
        if row.valid_from <= yesterday:
            row.valid_to = yesterday
        else:
            await session.delete(row)
    if unit_id is not None:
        session.add(EmploymentRow(person_id=person_id, unit_id=unit_id, valid_from=today,
                                  source=source))
    await session.flush()
    return True


async def current_units(session: AsyncSession, today: date) -> dict[int, int]:
    """person id → unit id of their employment today."""
    rows = await session.execute(
        select(EmploymentRow.person_id, EmploymentRow.unit_id, EmploymentRow.valid_from)
        .where(EmploymentRow.valid_from <= today,
               or_(EmploymentRow.valid_to.is_(None), EmploymentRow.valid_to >= today))
        .order_by(EmploymentRow.valid_from))
    return {pid: uid for pid, uid, _ in rows}


async def hr_grants(session: AsyncSession, person_id: int | None = None) -> list[HrGrant]:
    stmt = select(HrRole.person_id, HrRole.unit_id, HrRole.valid_from, HrRole.valid_to)
    if person_id is not None:
        stmt = stmt.where(HrRole.person_id == person_id)
    return [HrGrant(*row) for row in (await session.execute(stmt))]


async def names(session: AsyncSession, person_ids: Iterable[int]) -> dict[int, str]:
    out: dict[int, str] = {}
    for chunk in _chunks(sorted(set(person_ids))):
        rows = await session.execute(select(Person.id, Person.name).where(Person.id.in_(chunk)))
        out.update(dict(rows.all()))
    return out


# --------------------------------------------------------------------------- goals


async def unit_goal_options(session: AsyncSession, unit_id: int,
                            year: int) -> list[UnitGoalOption]:
    """The unit's goals valid some time in ``year`` (what an individual goal links to)."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    rows = await session.execute(
        select(Goal.id, Goal.title, Goal.perspective)
        .where(Goal.unit_id == unit_id, Goal.valid_from <= last,
               or_(Goal.valid_to.is_(None), Goal.valid_to >= first))
        .order_by(Goal.sort_order, Goal.id))
    return [UnitGoalOption(*row) for row in rows]


def _goal_data(row: IndividualGoal, unit_goal_title: str | None) -> GoalData:
    return GoalData(
        id=row.id, series_id=row.series_id or row.id, person_id=row.person_id,
        unit_id=row.unit_id, year=row.year, slot=row.slot, unit_goal_id=row.unit_goal_id,
        unit_goal_title=unit_goal_title, title=row.title, indicator_name=row.indicator_name,
        indicator_target=row.indicator_target, created_at=row.created_at,
        manager_ok=row.manager_ok_at is not None, employee_ok=row.employee_ok_at is not None,
        ended_at=row.ended_at)


async def goals_of(session: AsyncSession, person_ids: Iterable[int], year: int, *,
                   include_ended: bool = False) -> dict[int, list[GoalData]]:
    """person id → their goal versions of ``year`` (current ones only unless asked)."""
    out: dict[int, list[GoalData]] = defaultdict(list)
    for chunk in _chunks(sorted(set(person_ids))):
        stmt = (select(IndividualGoal, Goal.title)
                .outerjoin(Goal, Goal.id == IndividualGoal.unit_goal_id)
                .where(IndividualGoal.person_id.in_(chunk), IndividualGoal.year == year)
                .order_by(IndividualGoal.person_id, IndividualGoal.slot, IndividualGoal.id))
        if not include_ended:
            stmt = stmt.where(IndividualGoal.ended_at.is_(None))
        for row, title in (await session.execute(stmt)):
            out[row.person_id].append(_goal_data(row, title))
    return dict(out)


async def save_goal_set(session: AsyncSession, *, person_id: int, unit_id: int, year: int,
                        drafts: Sequence[GoalDraft], by_person_id: int, by_manager: bool,
                        now: datetime) -> bool:
    """Store a goal set: unchanged goals stay; a changed one ends (``ended_at``) and a new
    version of the same series follows; a slot left empty ends its goal. The saving party
    approves what it saved; the other party has to approve again wherever anything changed.
    True when something changed."""
    current = {g.slot: g for g in (await session.execute(
        select(IndividualGoal).where(IndividualGoal.person_id == person_id,
                                     IndividualGoal.year == year,
                                     IndividualGoal.ended_at.is_(None)))).scalars()}
    wanted = {d.slot: d for d in drafts if d.title.strip()}
    changed = False
    for slot in sorted(set(current) | set(wanted)):
        old, draft = current.get(slot), wanted.get(slot)
        if old is not None and draft is not None and old.unit_id == unit_id and same_goal(
                draft, old.title, old.unit_goal_id, old.indicator_name, old.indicator_target):
            if by_manager and old.manager_ok_at is None:
                old.manager_ok_at, old.manager_ok_by_id, changed = now, by_person_id, True
            if not by_manager and old.employee_ok_at is None:
                old.employee_ok_at, changed = now, True
            continue
        changed = True
        if old is not None:
            old.ended_at = now
        if draft is None:
            continue
        row = IndividualGoal(
            series_id=old.series_id if old is not None else None, person_id=person_id,
            unit_id=unit_id, year=year, slot=slot, unit_goal_id=draft.unit_goal_id,
            title=draft.title.strip(), indicator_name=draft.indicator_name.strip() or None,
            indicator_target=draft.indicator_target.strip() or None, created_at=now,
            created_by_id=by_person_id,
            manager_ok_at=now if by_manager else None,
            manager_ok_by_id=by_person_id if by_manager else None,
            employee_ok_at=None if by_manager else now)
        session.add(row)
        await session.flush()
        if row.series_id is None:
            row.series_id = row.id
    await session.flush()
    return changed


async def approve_goals(session: AsyncSession, *, person_id: int, year: int,
                        by_person_id: int, by_manager: bool, now: datetime) -> int:
    """The other party's approval of the current goals; the number newly approved."""
    rows = list((await session.execute(
        select(IndividualGoal).where(IndividualGoal.person_id == person_id,
                                     IndividualGoal.year == year,
                                     IndividualGoal.ended_at.is_(None)))).scalars())
    count = 0
    for row in rows:
        if by_manager and row.manager_ok_at is None:
            row.manager_ok_at, row.manager_ok_by_id = now, by_person_id
            count += 1
        elif not by_manager and row.employee_ok_at is None:
            row.employee_ok_at = now
            count += 1
    await session.flush()
    return count


async def agreed_goal_holders(session: AsyncSession, year: int,
                              today: date) -> dict[int, int]:
    """person id → unit id, for everyone with agreed goals of ``year`` in their unit of
    today (who gets a check-in card)."""
    rows = await session.execute(
        select(IndividualGoal.person_id, EmploymentRow.unit_id)
        .join(EmploymentRow, and_(EmploymentRow.person_id == IndividualGoal.person_id,
                                  EmploymentRow.unit_id == IndividualGoal.unit_id))
        .join(Person, Person.id == IndividualGoal.person_id)
        .where(IndividualGoal.year == year, IndividualGoal.ended_at.is_(None),
               IndividualGoal.manager_ok_at.is_not(None),
               IndividualGoal.employee_ok_at.is_not(None),
               EmploymentRow.valid_from <= today,
               or_(EmploymentRow.valid_to.is_(None), EmploymentRow.valid_to >= today),
               Person.erased_at.is_(None))
        .distinct())
    return dict(rows.all())


# --------------------------------------------------------------------------- check-ins


def _checkin(row: IndividualCheckin) -> CheckinData:
    return CheckinData(row.goal_id, row.person_id, row.unit_id, row.period, row.status,
                       row.comment, row.created_at)


async def checkins_of(session: AsyncSession, person_ids: Iterable[int], *,
                      periods: Iterable[str] | None = None) -> dict[int, list[CheckinData]]:
    out: dict[int, list[CheckinData]] = defaultdict(list)
    wanted = list(periods) if periods is not None else None
    for chunk in _chunks(sorted(set(person_ids))):
        stmt = (select(IndividualCheckin).where(IndividualCheckin.person_id.in_(chunk))
                .order_by(IndividualCheckin.period, IndividualCheckin.goal_id))
        if wanted is not None:
            stmt = stmt.where(IndividualCheckin.period.in_(wanted))
        for row in (await session.execute(stmt)).scalars():
            out[row.person_id].append(_checkin(row))
    return dict(out)


async def checked_in(session: AsyncSession, period: str) -> set[int]:
    rows = await session.execute(select(IndividualCheckin.person_id)
                                 .where(IndividualCheckin.period == period).distinct())
    return set(rows.scalars())


async def save_checkin(session: AsyncSession, *, person_id: int, unit_id: int, period: str,
                       entries: Sequence[tuple[int, str, str]], now: datetime) -> None:
    """Upsert one check-in per (goal version, period): ``(goal id, status, comment)``."""
    existing = {row.goal_id: row for row in (await session.execute(
        select(IndividualCheckin).where(IndividualCheckin.person_id == person_id,
                                        IndividualCheckin.period == period))).scalars()}
    for goal_id, status, comment in entries:
        row = existing.get(goal_id)
        if row is None:
            session.add(IndividualCheckin(person_id=person_id, unit_id=unit_id, goal_id=goal_id,
                                          period=period, status=status, comment=comment,
                                          created_at=now))
        else:
            row.status, row.comment, row.created_at = status, comment, now
    await session.flush()


@dataclass(frozen=True)
class SubtreeUnit:
    id: int
    name: str
    path: str


async def subtree_units(session: AsyncSession, unit_id: int) -> list[SubtreeUnit]:
    """The active unit and everything below it (by materialised path)."""
    root = (await session.execute(select(OrgUnit.path).where(OrgUnit.id == unit_id))
            ).scalar_one_or_none()
    if root is None:
        return []
    rows = await session.execute(
        select(OrgUnit.id, OrgUnit.name, OrgUnit.path)
        .where(OrgUnit.path.startswith(root, autoescape=True), OrgUnit.active.is_(True)))
    return [SubtreeUnit(*row) for row in rows]


@dataclass(frozen=True)
class _UnitRow:
    id: int
    name: str
    path: str
    active: bool


async def _unit_rows(session: AsyncSession) -> list[_UnitRow]:
    rows = await session.execute(select(OrgUnit.id, OrgUnit.name, OrgUnit.path,
                                        OrgUnit.active))
    return [_UnitRow(i, n, p, bool(a)) for i, n, p, a in rows]


async def subtree_units_cached(session: AsyncSession, unit_id: int,
                               stamps: dict[str, int] | None = None, *,
                               keep_from: int = 400) -> list[SubtreeUnit]:
    """:func:`subtree_units` from the units the process keeps while the org tables are
    unchanged (storage.read_cache; the same units, picked by the same path prefix). When
    none are kept, a subtree is read for itself; every unit is read (and kept) only when it
    has more than ``keep_from`` units."""
    cache = cache_for(session)
    if cache is None or not cache.holds("unit_rows", (ORG,), stamps):
        units = await subtree_units(session, unit_id)
        if cache is None or len(units) <= keep_from:
            return units
    rows = await cache.get(session, "unit_rows", (ORG,), lambda: _unit_rows(session), stamps)
    root = next((r.path for r in rows if r.id == unit_id), None)
    if root is None:
        return []
    return [SubtreeUnit(r.id, r.name, r.path) for r in rows
            if r.active and r.path.startswith(root)]


@dataclass
class UnitTally:
    """Per unit: people with agreed goals there today, who of them checked in, statuses."""

    people: int = 0
    checked_in: int = 0
    green: int = 0
    yellow: int = 0
    red: int = 0


async def unit_tallies(session: AsyncSession, *, unit_ids: Sequence[int] | None, year: int,
                       period: str, today: date) -> dict[int, UnitTally]:
    """Counts per unit, in SQL (``unit_ids`` None: every unit). Only counts leave the
    database: nothing per person."""
    current = and_(EmploymentRow.valid_from <= today,
                   or_(EmploymentRow.valid_to.is_(None), EmploymentRow.valid_to >= today))
    # Each table read once as a list (person, unit) the employments are matched against,
    # grouped in the database: a correlated EXISTS per employment cost index probes per
    # person. For every unit, ``year + 0`` and ``period || ''`` keep SQLite from walking
    # an index and fetching each row by rowid: a plain scan is cheaper then. Same counts
    # either way (tests/test_individual_tallies.py).
    everything = unit_ids is None
    agreed = (select(IndividualGoal.person_id, IndividualGoal.unit_id)
              .where((IndividualGoal.year + 0 if everything else IndividualGoal.year) == year,
                     IndividualGoal.ended_at.is_(None),
                     IndividualGoal.manager_ok_at.is_not(None),
                     IndividualGoal.employee_ok_at.is_not(None)))
    # Checked in: a check-in of the period made in the unit the person is in today.
    answered = (select(IndividualCheckin.person_id, IndividualCheckin.unit_id)
                .where((IndividualCheckin.period.concat("") if everything
                        else IndividualCheckin.period) == period))
    # Statuses of the period's check-ins made in each unit (the covering index).
    statuses = (select(IndividualCheckin.unit_id, IndividualCheckin.status, func.count())
                .where(IndividualCheckin.period == period))
    if unit_ids is not None:
        agreed = agreed.where(IndividualGoal.unit_id.in_(unit_ids))
        answered = answered.where(IndividualCheckin.unit_id.in_(unit_ids))
        statuses = statuses.where(IndividualCheckin.unit_id.in_(unit_ids))
    job = tuple_(EmploymentRow.person_id, EmploymentRow.unit_id)
    # (``unit_id + 0``: grouped after the lookups, not by walking the unit index.)
    unit = EmploymentRow.unit_id + 0 if everything else EmploymentRow.unit_id
    holders = (select(unit, func.count(), func.count().filter(job.in_(answered)))
               .where(current, job.in_(agreed)).group_by(unit))
    out: dict[int, UnitTally] = defaultdict(UnitTally)
    for uid, people, checked in (await session.execute(holders)):
        out[uid].people = int(people)
        out[uid].checked_in = int(checked)
    for uid, status, count in (await session.execute(
            statuses.group_by(IndividualCheckin.unit_id, IndividualCheckin.status))):
        if uid in out and status in ("green", "yellow", "red"):
            setattr(out[uid], status, getattr(out[uid], status) + int(count))
    return dict(out)


# --------------------------------------------------------------------------- access log


async def log_access(session: AsyncSession, *, reader_id: int, subject_ids: Iterable[int],
                     basis: str, what: str, now: datetime) -> int:
    rows = [{"at": now, "reader_person_id": reader_id, "subject_person_id": s,
             "basis": basis, "what": what} for s in subject_ids]
    if rows:
        from sqlalchemy import insert

        await session.execute(insert(IndividualAccess), rows)
    return len(rows)


@dataclass(frozen=True)
class AccessEntry:
    at: datetime
    reader_id: int | None
    subject_id: int
    basis: str
    what: str


async def access_log(session: AsyncSession, *, subject_id: int | None = None,
                     reader_id: int | None = None) -> list[AccessEntry]:
    stmt = select(IndividualAccess).order_by(IndividualAccess.at, IndividualAccess.id)
    if subject_id is not None:
        stmt = stmt.where(IndividualAccess.subject_person_id == subject_id)
    if reader_id is not None:
        stmt = stmt.where(IndividualAccess.reader_person_id == reader_id)
    return [AccessEntry(r.at, r.reader_person_id, r.subject_person_id, r.basis, r.what)
            for r in (await session.execute(stmt)).scalars()]


# --------------------------------------------------------------------------- GDPR


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date | datetime) else value


async def export_individual(session: AsyncSession, person_id: int) -> dict[str, Any]:
    """Everything individual about a person, for the register extract."""
    goals = (await session.execute(
        select(IndividualGoal, Goal.title).outerjoin(Goal, Goal.id == IndividualGoal.unit_goal_id)
        .where(IndividualGoal.person_id == person_id)
        .order_by(IndividualGoal.year, IndividualGoal.slot, IndividualGoal.id))).all()
    checkins = (await session.execute(select(IndividualCheckin)
                .where(IndividualCheckin.person_id == person_id)
                .order_by(IndividualCheckin.period, IndividualCheckin.goal_id))).scalars().all()
    jobs = (await session.execute(select(EmploymentRow, OrgUnit.code)
            .join(OrgUnit, OrgUnit.id == EmploymentRow.unit_id)
            .where(EmploymentRow.person_id == person_id)
            .order_by(EmploymentRow.valid_from))).all()
    hr = (await session.execute(select(HrRole).where(HrRole.person_id == person_id))).scalars()
    reads = await access_log(session, subject_id=person_id)
    by_me = await access_log(session, reader_id=person_id)
    return {
        "employments": [{"unit_code": code, "valid_from": _iso(e.valid_from),
                         "valid_to": _iso(e.valid_to), "source": e.source}
                        for e, code in jobs],
        "hr_roles": [{"unit_id": h.unit_id, "valid_from": _iso(h.valid_from),
                      "valid_to": _iso(h.valid_to)} for h in hr],
        "individual_goals": [
            {"id": g.id, "series": g.series_id, "year": g.year, "slot": g.slot,
             "unit_goal": title, "title": g.title, "indicator": g.indicator_name,
             "target": g.indicator_target, "created_at": _iso(g.created_at),
             "manager_approved_at": _iso(g.manager_ok_at),
             "employee_confirmed_at": _iso(g.employee_ok_at), "ended_at": _iso(g.ended_at)}
            for g, title in goals],
        "checkins": [{"goal_id": c.goal_id, "period": c.period, "status": c.status,
                      "comment": c.comment, "at": _iso(c.created_at)} for c in checkins],
        "reads_of_my_individual_data": [
            {"at": _iso(a.at), "reader_id": a.reader_id, "basis": a.basis, "what": a.what}
            for a in reads],
        "my_reads_of_others": [
            {"at": _iso(a.at), "subject_id": a.subject_id, "basis": a.basis, "what": a.what}
            for a in by_me],
    }


async def erase_individual(session: AsyncSession, person_id: int, today: date) -> dict[str, int]:
    """Remove a person's individual goals, check-ins, the log of reads of them and their
    HR roles; their employment ends (counts of what went)."""
    from datetime import timedelta

    counts: dict[str, int] = {}
    for name, stmt in (
        ("checkins", delete(IndividualCheckin).where(IndividualCheckin.person_id == person_id)),
        ("goals", delete(IndividualGoal).where(IndividualGoal.person_id == person_id)),
        ("reads", delete(IndividualAccess)
         .where(IndividualAccess.subject_person_id == person_id)),
        ("hr_roles", delete(HrRole).where(HrRole.person_id == person_id)),
    ):
        result = await session.execute(stmt)
        counts[name] = int(getattr(result, "rowcount", 0) or 0)
    yesterday = today - timedelta(days=1)
    for row in (await session.execute(select(EmploymentRow).where(
            EmploymentRow.person_id == person_id,
            or_(EmploymentRow.valid_to.is_(None), EmploymentRow.valid_to >= today)))).scalars():
        if row.valid_from <= yesterday:
            row.valid_to = yesterday
        else:
            await session.delete(row)
    return counts
