"""Import ``goals``: one row per goal, matched on the goal reference (Målreferens).

Checks: unknown unit, perspective, numbers (decimal comma or point), dates, end before
start, direction, duplicate references, and the cascade: a parent goal (``Överordnat
mål``) must exist (in the file or the database) and belong to a unit higher up in the
same branch. Written in bulk, so thousands of rows take a second or two.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from followup.aggregation import SYNONYMS
from followup.org import OrgTree
from followup.perspectives import PERSPECTIVE_ORDER, perspective_label
from services.importing.base import (
    Change,
    Counts,
    ImportKind,
    ValidateInput,
    duplicate_errors,
    json_value,
)
from services.importing.columns import Column, RowError, RowReader, choice_map
from storage.models import Goal
from storage.org_queries import load_org_tree

COLUMNS = (
    Column("ref", "Målreferens", "Goal reference", required=True,
           aliases=("målref", "malref", "referens", "mål id", "goal ref", "ref"),
           help_sv="Unik referens för målet, t.ex. SOC-M1. Används för att känna igen målet "
           "vid nästa import.", help_en="Unique reference of the goal, e.g. SOC-M1.",
           example="SOC-HT1-M1"),
    Column("unit_code", "Enhetskod", "Unit code", required=True, aliases=("enhet", "kod"),
           help_sv="Koden för enheten som äger målet.",
           help_en="Code of the unit that owns the goal.", example="SOC-HT1"),
    Column("perspective", "Perspektiv", "Perspective", required=True,
           help_sv="Medborgare, Verksamhet, Ekonomi eller Medarbetare.",
           help_en="Citizens, Operations, Economy or Employees.", example="Medborgare"),
    Column("title", "Mål", "Goal", required=True, aliases=("målformulering", "rubrik", "title"),
           help_sv="Målet, kort.", help_en="The goal, briefly.",
           example="Brukarna är nöjda med hemtjänsten"),
    Column("description", "Beskrivning", "Description",
           help_sv="Valfri längre beskrivning.", help_en="Optional longer description.",
           example=""),
    Column("indicator_name", "Indikator", "Indicator", aliases=("nyckeltal",),
           help_sv="Indikator/nyckeltal som mäts.", help_en="Indicator that is measured.",
           example="Andel nöjda brukare"),
    Column("indicator_unit", "Måttenhet", "Unit of measure", aliases=("enhet för indikator",),
           help_sv="T.ex. %, st, dagar, mkr.", help_en="E.g. %, pcs, days.", example="%"),
    Column("target", "Målvärde", "Target", help_sv="Tal, decimalkomma går bra.",
           help_en="A number.", example="90"),
    Column("baseline", "Utgångsvärde", "Baseline", help_sv="Tal.", help_en="A number.",
           example="84,5"),
    Column("direction", "Riktning", "Direction",
           help_sv="högre eller lägre (vad som är bättre).",
           help_en="higher or lower (which is better).", example="högre"),
    Column("parent_ref", "Överordnat mål", "Parent goal",
           aliases=("överordnad målreferens", "parent ref", "parent"),
           help_sv="Målreferens för målet ovanför i kedjan (hos en enhet högre upp).",
           help_en="Reference of the goal above in the cascade (of a unit higher up).",
           example="SOC-M1"),
    Column("valid_from", "Gäller från", "Valid from", required=True,
           aliases=("från", "fran", "from", "startdatum"),
           help_sv="ÅÅÅÅ-MM-DD, oftast 1 januari.", help_en="YYYY-MM-DD.",
           example="2026-01-01"),
    Column("valid_to", "Gäller till", "Valid to", aliases=("till", "to", "slutdatum"),
           help_sv="ÅÅÅÅ-MM-DD (tomt = tills vidare).", help_en="YYYY-MM-DD (empty = open).",
           example="2026-12-31"),
    Column("sort_order", "Sortering", "Sort order", aliases=("ordning",),
           help_sv="Valfritt heltal för ordningen.", help_en="Optional whole number.",
           example="1"),
    Column("aggregation", "Aggregering", "Aggregation", aliases=("summering", "aggregation"),
           help_sv="summa eller medel: hur värdena för målen under det här målet räknas "
           "samman. Tomt = efter måttenheten (kr, tkr, mkr, antal och st summeras; % och "
           "annat blir medel).",
           help_en="sum or mean: how the values of the goals below this one combine. Empty "
           "= from the unit of measure (kr, tkr, mkr, antal and st are summed; % and other "
           "units averaged).", example=""),
)

PERSPECTIVES = choice_map(*(
    (p.value, [perspective_label(p, "sv"), perspective_label(p, "en")])
    for p in PERSPECTIVE_ORDER
))
PERSPECTIVE_NAMES = ", ".join(perspective_label(p, "sv") for p in PERSPECTIVE_ORDER)
DIRECTIONS = choice_map(
    ("higher", ["högre", "hogre", "högre är bättre", "upp", "öka", "higher is better"]),
    ("lower", ["lägre", "lagre", "lägre är bättre", "ner", "minska", "lower is better"]),
)
AGGREGATION_WORDS = choice_map(*SYNONYMS.items())
MAX_ABS = 1e12


@dataclass
class Context:
    tree: OrgTree
    unit_ids: dict[str, int]  # lower code → id
    goals: dict[str, Goal]  # lower ref → goal


@dataclass(frozen=True)
class Record:
    row: int
    ref: str
    unit_id: int
    values: dict[str, object]  # column fields to set (only columns present in the file)
    parent_ref: str | None
    has_parent: bool


async def load(session: AsyncSession) -> Context:
    tree = await load_org_tree(session)
    goals = {g.ref.lower(): g for g in (await session.execute(select(Goal))).scalars() if g.ref}
    return Context(tree, {u.code.lower(): u.id for u in tree.units.values()}, goals)


_TEXT_FIELDS = (("title", 300), ("description", 4000), ("indicator_name", 200),
                ("indicator_unit", 32))


def validate(data: ValidateInput) -> tuple[list[Record], list[RowError]]:
    ctx: Context = data.context
    errors: list[RowError] = []
    records: list[Record] = []
    links: list[tuple[int, int | None, str]] = []  # (row, unit id, parent ref)
    for row in data.rows:
        r = RowReader(row, data.labels, errors)
        ref = r.text("ref", required=True, max_len=64)
        code = r.text("unit_code", required=True, max_len=64)
        perspective = r.choice("perspective", PERSPECTIVES, required=True,
                               allowed=PERSPECTIVE_NAMES)
        values: dict[str, object] = {"perspective": perspective}
        for key, limit in _TEXT_FIELDS:
            if r.present(key) or key == "title":
                text = r.text(key, required=key == "title", max_len=limit)
                values[key] = text if key in ("title", "description") else (text or None)
        for key in ("target", "baseline"):
            if r.present(key):
                number = r.decimal(key)
                if number is not None and abs(number) > MAX_ABS:
                    r.error(key, "import.reason.number_too_big")
                values[key] = number
        if r.present("direction"):
            values["direction"] = r.choice("direction", DIRECTIONS, allowed="högre, lägre")
        if r.present("aggregation"):
            values["aggregation"] = r.choice("aggregation", AGGREGATION_WORDS,
                                             allowed="summa, medel")
        valid_from = r.date("valid_from", required=True)
        values["valid_from"] = valid_from
        if r.present("valid_to"):
            valid_to = r.date("valid_to")
            values["valid_to"] = valid_to
            if valid_from and valid_to and valid_to < valid_from:
                r.error("valid_to", "import.reason.end_before_start")
        if r.present("sort_order"):
            values["sort_order"] = r.integer("sort_order") or 0
        parent_ref = r.text("parent_ref", max_len=64) or None
        unit_id = ctx.unit_ids.get(code.lower()) if code else None
        if code and unit_id is None:
            r.error("unit_code", "import.reason.unknown_unit", value=code)
        if ref and parent_ref and parent_ref.lower() == ref.lower():
            r.error("parent_ref", "import.reason.own_parent", value=ref)
        if parent_ref and not (ref and parent_ref.lower() == ref.lower()):
            links.append((row.number, unit_id, parent_ref))
        if r.ok and unit_id is not None:
            records.append(Record(row.number, ref, unit_id, values, parent_ref,
                                  r.present("parent_ref")))
    errors += duplicate_errors([(row, _ref(row)) for row in data.rows], "ref", data.labels)
    valid_units = {rec.ref.lower(): rec.unit_id for rec in records}
    any_row_refs = {_ref(row).lower() for row in data.rows}
    label = data.labels.get("parent_ref", "parent_ref")
    for number, unit_id, parent_ref in links:
        key = parent_ref.lower()
        parent_unit = valid_units.get(key)
        if parent_unit is None and key in ctx.goals:
            parent_unit = ctx.goals[key].unit_id
        if parent_unit is None:
            # A parent on a row with its own errors is not blamed here; with
            # --skip-invalid that row is dropped and the next round reports this one.
            if key not in any_row_refs:
                errors.append(RowError(number, label, "import.reason.unknown_goal",
                                       {"value": parent_ref}))
        elif unit_id is not None and (
            parent_unit == unit_id or not ctx.tree.is_in_subtree(unit_id, parent_unit)
        ):
            errors.append(RowError(number, label, "import.reason.parent_goal_not_above",
                                   {"value": parent_ref}))
    bad = {e.row for e in errors}
    return [rec for rec in records if rec.row not in bad], errors


def _ref(row: object) -> str:
    value = getattr(row, "cells", {}).get("ref")
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _shown(attr: str, value: object, codes: dict[int, str]) -> object:
    """A goal field as the audit holds it: the unit as its code, dates as text."""
    if attr == "unit_id" and isinstance(value, int):
        return codes.get(value, value)
    return json_value(value)


async def apply(session: AsyncSession, records: list[Record], ctx: Context,
                now: datetime) -> Counts:
    counts = Counts()
    fresh: list[Goal] = []
    before: dict[str, dict[str, object]] = {}
    after: dict[str, dict[str, object]] = {}
    codes = {u.id: u.code for u in ctx.tree.units.values()}
    refs = {g.id: g.ref for g in ctx.goals.values()}
    for rec in records:
        key = rec.ref.lower()
        goal = ctx.goals.get(key)
        if goal is None:
            values = {k: v for k, v in rec.values.items()}
            values.setdefault("description", "")
            values.setdefault("sort_order", 0)
            goal = Goal(ref=rec.ref, unit_id=rec.unit_id, **values)
            fresh.append(goal)
            ctx.goals[key] = goal
            continue
        wanted = {"unit_id": rec.unit_id, **rec.values}
        for attr, value in wanted.items():
            old = getattr(goal, attr)
            if old != value:
                name = "unit_code" if attr == "unit_id" else attr
                before.setdefault(key, {})[name] = _shown(attr, old, codes)
                after.setdefault(key, {})[name] = _shown(attr, value, codes)
                setattr(goal, attr, value)
    session.add_all(fresh)
    await session.flush()
    fresh_keys = {g.ref.lower() for g in fresh if g.ref}
    for rec in records:
        if not rec.has_parent:
            continue
        goal = ctx.goals[rec.ref.lower()]
        parent_id = ctx.goals[rec.parent_ref.lower()].id if rec.parent_ref else None
        if goal.parent_goal_id != parent_id:
            if rec.ref.lower() not in fresh_keys:
                before.setdefault(rec.ref.lower(), {})["parent_ref"] = refs.get(
                    goal.parent_goal_id) if goal.parent_goal_id else None
                after.setdefault(rec.ref.lower(), {})["parent_ref"] = rec.parent_ref
            goal.parent_goal_id = parent_id
    for rec in records:
        key = rec.ref.lower()
        goal = ctx.goals[key]
        if key in fresh_keys:
            counts.created += 1
            counts.changes.append(Change("goal", rec.ref, "created", None, {
                "unit_code": codes.get(rec.unit_id), "parent_ref": rec.parent_ref,
                **{k: json_value(v) for k, v in rec.values.items()}}))
        elif key in after:
            counts.updated += 1
            counts.changes.append(Change("goal", goal.ref or rec.ref, "updated", before[key],
                                         after[key]))
        else:
            counts.unchanged += 1
    await session.flush()
    return counts


KIND = ImportKind(
    name="goals",
    columns=COLUMNS,
    load=load,
    validate=validate,
    apply=apply,
    title_sv="mål",
    title_en="goals",
    entity="goal",
)
