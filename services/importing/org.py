"""Import ``org``: the organisation tree, one row per unit, matched on the unit code.

Checks: duplicate codes, unknown parent (neither in the file nor in the database), a unit
as its own parent, cycles (also through units already in the database), more than one
top unit, unknown unit types, and deactivation (``Aktiv`` = nej): the kommun (the top
unit) can never be deactivated; a unit that still has active units below it, goals that
are still valid, a manager or open decisions only with ``--force``. Units not in the
file are left as they are. After the
import every unit's materialised path and depth are recomputed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from followup.org import UnitKind, find_cycle
from services.importing.base import (
    Change,
    Counts,
    ImportKind,
    ValidateInput,
    duplicate_errors,
    json_value,
)
from services.importing.columns import Column, RowError, RowReader, choice_map
from storage.models import Decision, Goal, ManagerAssignment, OrgUnit, Person
from storage.org_queries import compute_path

COLUMNS = (
    Column("code", "Enhetskod", "Unit code", required=True, aliases=("kod", "code"),
           help_sv="Unik kod för enheten, t.ex. SOC-HT1.",
           help_en="Unique code of the unit, e.g. SOC-HT1.", example="SOC-HT1"),
    Column("name", "Namn", "Name", required=True, aliases=("enhetsnamn", "enhet"),
           help_sv="Enhetens namn.", help_en="The unit's name.", example="Hemtjänst Norr"),
    Column("kind", "Typ", "Type", required=True, aliases=("nivå", "niva", "level", "kind"),
           help_sv="kommun, förvaltning, avdelning eller enhet.",
           help_en="kommun, förvaltning, avdelning or enhet (municipality, administration, "
           "division, unit).", example="enhet"),
    Column("parent_code", "Överordnad enhet", "Parent unit", required=True,
           aliases=("överordnad", "overordnad", "överordnad kod", "parent", "parent code"),
           help_sv="Koden för enheten ovanför. Tom för kommunen (översta enheten).",
           help_en="Code of the unit above. Empty for the municipality (top unit).",
           example="SOC-VO",
           required_note_sv="ja – tom bara för kommunen (översta enheten)",
           required_note_en="yes – empty only for the municipality (the top unit)"),
    Column("sort_order", "Sortering", "Sort order", aliases=("ordning", "order"),
           help_sv="Valfritt heltal för ordningen bland syskon.",
           help_en="Optional whole number for the order among siblings.", example="10"),
    Column("active", "Aktiv", "Active",
           help_sv="ja eller nej (tomt = ja för nya enheter, oförändrat för befintliga).",
           help_en="yes or no (empty = yes for new units, unchanged for existing ones).",
           example="ja"),
)

KINDS = choice_map(
    (UnitKind.MUNICIPALITY.value, ["kommun", "municipality", "kommunledning"]),
    (UnitKind.ADMINISTRATION.value, ["förvaltning", "forvaltning", "administration",
                                     "department"]),
    (UnitKind.DIVISION.value, ["avdelning", "verksamhetsområde", "division", "område"]),
    (UnitKind.UNIT.value, ["enhet", "unit"]),
)
KIND_NAMES = "kommun, förvaltning, avdelning, enhet"
OPEN_STATUSES = ("not_started", "in_progress")


@dataclass(frozen=True)
class InUse:
    """What still hangs on a unit (deactivating it needs --force)."""

    goal_ends: tuple[date | None, ...] = ()  # valid_to of each goal
    managers: tuple[tuple[str, date | None], ...] = ()  # (name, valid_to)
    open_decisions: int = 0


@dataclass
class Context:
    units: dict[str, OrgUnit]  # lower-case code → row
    in_use: dict[int, InUse] = field(default_factory=dict)  # unit id → what hangs on it


@dataclass(frozen=True)
class Record:
    row: int
    code: str
    name: str
    kind: str
    parent_code: str | None
    sort_order: int | None
    active: bool | None


async def load(session: AsyncSession) -> Context:
    rows = (await session.execute(select(OrgUnit))).scalars()
    goals: dict[int, list[date | None]] = {}
    for unit_id, valid_to in (await session.execute(select(Goal.unit_id, Goal.valid_to))):
        goals.setdefault(unit_id, []).append(valid_to)
    managers: dict[int, list[tuple[str, date | None]]] = {}
    query = select(ManagerAssignment.unit_id, Person.name, ManagerAssignment.valid_to).join(
        Person, Person.id == ManagerAssignment.person_id)
    for unit_id, name, valid_to in await session.execute(query):
        managers.setdefault(unit_id, []).append((name, valid_to))
    decisions: dict[int, int] = {}
    open_query = select(Decision.unit_id).where(Decision.status.in_(OPEN_STATUSES))
    for (unit_id,) in await session.execute(open_query):
        decisions[unit_id] = decisions.get(unit_id, 0) + 1
    in_use = {uid: InUse(tuple(goals.get(uid, ())), tuple(managers.get(uid, ())),
                         decisions.get(uid, 0))
              for uid in set(goals) | set(managers) | set(decisions)}
    return Context({u.code.lower(): u for u in rows}, in_use)


def _code_parent_map(ctx: Context) -> dict[str, str | None]:
    by_id = {u.id: u for u in ctx.units.values()}
    out: dict[str, str | None] = {}
    for code, unit in ctx.units.items():
        parent = by_id.get(unit.parent_id) if unit.parent_id is not None else None
        out[code] = parent.code.lower() if parent is not None else None
    return out


def validate(data: ValidateInput) -> tuple[list[Record], list[RowError]]:
    ctx: Context = data.context
    errors: list[RowError] = []
    records: list[Record] = []
    parents: list[tuple[int, str]] = []  # (row, parent code) of every row that names one
    for row in data.rows:
        r = RowReader(row, data.labels, errors)
        code = r.text("code", required=True, max_len=64)
        if code and any(ch.isspace() for ch in code):
            r.error("code", "import.reason.code_spaces", value=code)
        name = r.text("name", required=True, max_len=200)
        kind = r.choice("kind", KINDS, required=True, allowed=KIND_NAMES)
        parent = r.text("parent_code", max_len=64) or None
        sort_order = r.integer("sort_order") if r.present("sort_order") else None
        active = r.boolean("active") if r.present("active") else None
        if code and parent and parent.lower() == code.lower():
            r.error("parent_code", "import.reason.own_parent", value=code)
        elif parent:
            parents.append((row.number, parent))
        if r.ok and kind is not None:
            records.append(Record(row.number, code, name, kind, parent, sort_order, active))
    errors += duplicate_errors([(row, _code(row)) for row in data.rows], "code", data.labels)
    # A parent is known when some row of the file or the database has its code (a row
    # with other errors still counts here, so its children are not blamed for it).
    known = {_code(row).lower() for row in data.rows} | set(ctx.units)
    parent_label = data.labels.get("parent_code", "parent_code")
    for number, parent in parents:
        if parent.lower() not in known:
            errors.append(RowError(number, parent_label, "import.reason.unknown_parent",
                                   {"value": parent}))
    bad_rows = {e.row for e in errors}
    records = [rec for rec in records if rec.row not in bad_rows]
    mapping = _code_parent_map(ctx)
    for rec in records:
        mapping[rec.code.lower()] = rec.parent_code.lower() if rec.parent_code else None
    rows_by_code = {rec.code.lower(): rec for rec in records}
    display = {**{c: u.code for c, u in ctx.units.items()},
               **{c: r.code for c, r in rows_by_code.items()}}
    for _ in range(len(mapping)):
        cycle = find_cycle(mapping)
        if cycle is None:
            break
        text = " → ".join(display.get(c, c) for c in cycle)
        for code in dict.fromkeys(cycle):
            in_cycle = rows_by_code.get(code)
            if in_cycle is not None:
                errors.append(RowError(in_cycle.row, parent_label, "import.reason.cycle",
                                       {"cycle": text}))
            mapping.pop(code, None)
    roots = sorted(c for c, p in mapping.items() if p is None and _active(c, ctx, rows_by_code))
    if len(roots) > 1:
        names = ", ".join(display.get(c, c) for c in roots)
        for code in roots:
            root = rows_by_code.get(code)
            if root is not None:
                errors.append(RowError(root.row, parent_label, "import.reason.two_roots",
                                       {"units": names}))
    bad_rows = {e.row for e in errors}
    records = [rec for rec in records if rec.row not in bad_rows]
    errors += _deactivation_errors(records, ctx, mapping, rows_by_code, data)
    bad_rows = {e.row for e in errors}
    return [rec for rec in records if rec.row not in bad_rows], errors


def _deactivation_errors(records: list[Record], ctx: Context, mapping: dict[str, str | None],
                         rows: dict[str, Record], data: ValidateInput) -> list[RowError]:
    """A unit that is deactivated must not be the kommun (never) nor still be in use:
    active units below it, goals that are still valid, a manager, open decisions
    (those need ``--force``)."""
    label = data.labels.get("active", "active")
    errors: list[RowError] = []
    for rec in records:
        unit = ctx.units.get(rec.code.lower())
        if rec.active is not False or unit is None or not unit.active:
            continue
        code = rec.code.lower()
        if unit.parent_id is None or mapping.get(code) is None:
            errors.append(RowError(rec.row, label, "import.reason.deactivate_root",
                                   {"value": rec.code}))
            continue
        if data.force:
            continue
        children = sorted(display for c, display in
                          ((c, rows[c].code if c in rows else ctx.units[c].code)
                           for c, parent in mapping.items() if parent == code)
                          if _active(c, ctx, rows))
        if children:
            errors.append(RowError(rec.row, label, "import.reason.deactivate_children", {
                "value": rec.code, "count": len(children), "units": ", ".join(children)}))
        use = ctx.in_use.get(unit.id, InUse())
        goals = sum(1 for end in use.goal_ends if end is None or end >= data.today)
        if goals:
            errors.append(RowError(rec.row, label, "import.reason.deactivate_goals",
                                   {"value": rec.code, "count": goals}))
        managers = sorted({name for name, end in use.managers
                           if end is None or end >= data.today})
        if managers:
            errors.append(RowError(rec.row, label, "import.reason.deactivate_manager",
                                   {"value": rec.code, "names": ", ".join(managers)}))
        if use.open_decisions:
            key = ("import.reason.deactivate_decisions_one" if use.open_decisions == 1
                   else "import.reason.deactivate_decisions_many")
            errors.append(RowError(rec.row, label, key,
                                   {"value": rec.code, "count": use.open_decisions}))
    return errors


def _active(code: str, ctx: Context, rows: dict[str, Record]) -> bool:
    rec = rows.get(code)
    if rec is not None and rec.active is not None:
        return rec.active
    unit = ctx.units.get(code)
    return True if unit is None else bool(unit.active)


def _code(row: object) -> str:
    cells = getattr(row, "cells", {})
    value = cells.get("code")
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


async def apply(session: AsyncSession, records: list[Record], ctx: Context,
                now: datetime) -> Counts:
    """Create or update the units; every change (also a move to another parent) is
    counted once and listed with its fields before → after."""
    counts = Counts()
    by_id = {u.id: u for u in ctx.units.values()}
    before_parent = {code: (by_id[u.parent_id].code if u.parent_id in by_id else None)
                     for code, u in ctx.units.items()}
    created: set[str] = set()
    before: dict[str, dict[str, object]] = {}
    after: dict[str, dict[str, object]] = {}
    for rec in records:
        code = rec.code.lower()
        unit = ctx.units.get(code)
        if unit is None:
            unit = OrgUnit(code=rec.code, name=rec.name, kind=rec.kind, parent_id=None,
                           path="/", depth=0,
                           active=True if rec.active is None else rec.active,
                           sort_order=rec.sort_order or 0)
            session.add(unit)
            ctx.units[code] = unit
            created.add(code)
            continue
        wanted: dict[str, object] = {"name": rec.name, "kind": rec.kind}
        if rec.sort_order is not None:
            wanted["sort_order"] = rec.sort_order
        if rec.active is not None:
            wanted["active"] = rec.active
        for attr, value in wanted.items():
            old = getattr(unit, attr)
            if old != value:
                before.setdefault(code, {})[attr] = json_value(old)
                after.setdefault(code, {})[attr] = json_value(value)
                setattr(unit, attr, value)
    await session.flush()
    for rec in records:
        code = rec.code.lower()
        unit = ctx.units[code]
        parent = ctx.units[rec.parent_code.lower()] if rec.parent_code else None
        parent_id = parent.id if parent is not None else None
        if unit.parent_id != parent_id:
            unit.parent_id = parent_id
            if code not in created:
                before.setdefault(code, {})["parent_code"] = before_parent.get(code)
                after.setdefault(code, {})["parent_code"] = parent.code if parent else None
    for rec in records:
        code = rec.code.lower()
        unit = ctx.units[code]
        if code in created:
            counts.created += 1
            counts.changes.append(Change("unit", unit.code, "created", None, {
                "name": unit.name, "kind": unit.kind, "parent_code": rec.parent_code,
                "sort_order": unit.sort_order, "active": unit.active}))
        elif code in after:
            counts.updated += 1
            counts.changes.append(Change("unit", unit.code, "updated", before[code],
                                         after[code]))
        else:
            counts.unchanged += 1
    _recompute_paths(list(ctx.units.values()))
    await session.flush()
    return counts


def _recompute_paths(units: Sequence[OrgUnit]) -> None:
    """Materialised path and depth of every unit, from the roots down."""
    children: dict[int | None, list[OrgUnit]] = {}
    for unit in units:
        children.setdefault(unit.parent_id, []).append(unit)
    stack: list[tuple[OrgUnit | None, OrgUnit]] = [(None, u) for u in children.get(None, [])]
    while stack:
        parent, unit = stack.pop()
        path, depth = compute_path(parent, unit.id)
        if unit.path != path:
            unit.path = path
        if unit.depth != depth:
            unit.depth = depth
        stack.extend((unit, child) for child in children.get(unit.id, []))


KIND = ImportKind(
    name="org",
    columns=COLUMNS,
    load=load,
    validate=validate,
    apply=apply,
    title_sv="organisation (enheter)",
    title_en="organisation (units)",
    entity="unit",
)
