"""Exports in exactly the import format: ``python -m admin export org|people|managers|goals
|decisions FILE``.

Each table has the import kind's columns, in its order, with the values written as the
import reads them (unit types, perspectives, directions, roles and statuses as words,
``ja``/``nej``, dates as ÅÅÅÅ-MM-DD), so "export, edit in Excel, import" changes exactly
what was edited. Inactive units are exported too (``Aktiv`` = nej); erased people and
people without an e-mail address, and goals without a reference, cannot be imported
and are left out (counted in :attr:`ImportTable.left_out`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from followup.aggregation import aggregation_word
from followup.org import UNIT_KIND_LABELS
from followup.perspectives import perspective_label
from services.exporting import Cell, Table
from services.importing import get_kind
from storage.models import Decision, Goal, ManagerAssignment, OrgUnit, Person

EXPORT_KINDS = ("org", "people", "managers", "goals", "decisions")

_YES_NO = {"sv": ("ja", "nej"), "en": ("yes", "no")}
_ROLES = {"sv": {"manager": "chef", "acting": "ställföreträdare"},
          "en": {"manager": "manager", "acting": "acting"}}
_DIRECTIONS = {"sv": {"higher": "högre", "lower": "lägre"},
               "en": {"higher": "higher", "lower": "lower"}}
_STATUSES = {
    "sv": {"not_started": "Ej påbörjat", "in_progress": "Pågår", "done": "Genomfört",
           "cancelled": "Avslutat utan genomförande"},
    "en": {"not_started": "Not started", "in_progress": "In progress", "done": "Done",
           "cancelled": "Cancelled"},
}


@dataclass
class ImportTable:
    table: Table
    left_out: int = 0  # rows that the import could not read back


def _lang(lang: str) -> str:
    return "en" if lang == "en" else "sv"


def _table(kind_name: str, lang: str) -> Table:
    kind = get_kind(kind_name)
    return Table(title=kind.title(lang).capitalize(),
                 headers=[c.header(lang) for c in kind.columns],
                 widths={i: max(14, len(c.header(lang)) + 4)
                         for i, c in enumerate(kind.columns)})


async def _units(session: AsyncSession) -> list[OrgUnit]:
    return list((await session.execute(select(OrgUnit))).scalars())


def _tree_order(units: list[OrgUnit]) -> list[OrgUnit]:
    """Parents before children; siblings by sort order, then name."""
    children: dict[int | None, list[OrgUnit]] = {}
    for unit in units:
        children.setdefault(unit.parent_id, []).append(unit)
    for siblings in children.values():
        siblings.sort(key=lambda u: (u.sort_order, u.name.lower(), u.code))
    ids = {u.id for u in units}
    out: list[OrgUnit] = []
    stack = [u for u in reversed(children.get(None, []))]
    stack += [u for u in units if u.parent_id is not None and u.parent_id not in ids]
    seen: set[int] = set()
    while stack:
        unit = stack.pop()
        if unit.id in seen:
            continue
        seen.add(unit.id)
        out.append(unit)
        stack.extend(reversed(children.get(unit.id, [])))
    return out


async def org_table(session: AsyncSession, lang: str = "sv") -> ImportTable:
    lang = _lang(lang)
    units = await _units(session)
    codes = {u.id: u.code for u in units}
    yes, no = _YES_NO[lang]
    kinds = UNIT_KIND_LABELS[lang]
    table = _table("org", lang)
    for unit in _tree_order(units):
        table.rows.append([
            unit.code, unit.name, kinds.get(unit.kind, unit.kind),
            codes.get(unit.parent_id) if unit.parent_id is not None else None,
            unit.sort_order, yes if unit.active else no,
        ])
    return ImportTable(table)


async def people_table(session: AsyncSession, lang: str = "sv") -> ImportTable:
    lang = _lang(lang)
    people = list((await session.execute(select(Person).order_by(Person.email))).scalars())
    yes, no = _YES_NO[lang]
    table = _table("people", lang)
    from datetime import date

    from storage.individual import current_units

    codes = {u.id: u.code for u in await _units(session)}
    unit_of = await current_units(session, date.today())
    from storage.individual import hr_grants

    hr_people = {g.person_id for g in await hr_grants(session)
                 if g.unit_id is None and g.covers(date.today())}
    left_out = 0
    for person in people:
        if person.erased_at is not None or not person.email:
            left_out += 1
            continue
        table.rows.append([person.email, person.name, person.title, person.locale,
                           yes if person.is_admin else no, person.aad_object_id,
                           codes.get(unit_of.get(person.id, -1)),
                           yes if person.id in hr_people else no])
    return ImportTable(table, left_out)


async def managers_table(session: AsyncSession, lang: str = "sv") -> ImportTable:
    lang = _lang(lang)
    codes = {u.id: u.code for u in await _units(session)}
    emails = {p.id: p.email for p in (await session.execute(select(Person))).scalars()
              if p.email and p.erased_at is None}
    rows = list((await session.execute(select(ManagerAssignment))).scalars())
    rows.sort(key=lambda a: (codes.get(a.unit_id, ""), a.role != "manager", a.valid_from))
    table = _table("managers", lang)
    left_out = 0
    for a in rows:
        email = emails.get(a.person_id)
        if email is None or a.unit_id not in codes:
            left_out += 1
            continue
        table.rows.append([codes[a.unit_id], email, _ROLES[lang].get(a.role, a.role),
                           a.valid_from, a.valid_to, a.delegation_role or ""])
    return ImportTable(table, left_out)


async def goals_table(session: AsyncSession, lang: str = "sv") -> ImportTable:
    lang = _lang(lang)
    units = await _units(session)
    codes = {u.id: u.code for u in units}
    order = {u.id: i for i, u in enumerate(_tree_order(units))}
    goals = list((await session.execute(select(Goal))).scalars())
    refs = {g.id: g.ref for g in goals}
    goals.sort(key=lambda g: (order.get(g.unit_id, 0), g.sort_order, g.ref or "", g.id))
    table = _table("goals", lang)
    left_out = 0
    for g in goals:
        if not g.ref:
            left_out += 1
            continue
        table.rows.append([
            g.ref, codes.get(g.unit_id), perspective_label(g.perspective, lang), g.title,
            g.description or None, g.indicator_name, g.indicator_unit, g.target, g.baseline,
            _DIRECTIONS[lang].get(g.direction) if g.direction else None,
            refs.get(g.parent_goal_id) if g.parent_goal_id else None,
            g.valid_from, g.valid_to, g.sort_order,
            aggregation_word(g.aggregation, lang) if g.aggregation else None,
        ])
    return ImportTable(table, left_out)


async def decisions_import_table(session: AsyncSession, lang: str = "sv") -> ImportTable:
    """The decisions with the import's columns. ``Kommentar`` is left empty: it is only
    read when the status is changed (write the comment for the new status there)."""
    lang = _lang(lang)
    codes = {u.id: u.code for u in await _units(session)}
    rows = list((await session.execute(
        select(Decision).order_by(Decision.decided_on, Decision.reference))).scalars())
    table = _table("decisions", lang)
    for d in rows:
        cells: list[Cell] = [d.reference, d.decided_on, d.decided_by, d.title,
                             d.assignment or None, codes.get(d.unit_id), d.due_date,
                             _STATUSES[lang].get(d.status, d.status), None]
        table.rows.append(cells)
    return ImportTable(table)


BUILDERS: dict[str, Callable[[AsyncSession, str], Awaitable[ImportTable]]] = {
    "org": org_table,
    "people": people_table,
    "managers": managers_table,
    "goals": goals_table,
    "decisions": decisions_import_table,
}
