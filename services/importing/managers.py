"""Import ``managers``: who leads which unit, when (chef or ställföreträdare).

Rows are matched on unit code + e-mail + role + start date. A unit has at most one
manager (and one acting manager) at a time:

* two rows in the file for the same unit and role must not overlap;
* an assignment already in the database that started earlier and overlaps a new one is
  ended the day before the new one starts (a change of manager) — counted as "ended";
* one that starts on or after the new one's start and overlaps it is an error (fix the
  dates in the file).

Units and people must exist (import ``org`` and ``people`` first).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.importing.base import Change, Counts, ImportKind, ValidateInput, json_value
from services.importing.columns import Column, RowError, RowReader, choice_map
from storage.models import ManagerAssignment, OrgUnit, Person

COLUMNS = (
    Column("unit_code", "Enhetskod", "Unit code", required=True, aliases=("enhet", "kod"),
           help_sv="Koden för enheten personen leder.",
           help_en="Code of the unit the person leads.", example="SOC-HT1"),
    Column("email", "E-post", "E-mail", required=True,
           aliases=("epost", "mail", "email", "chef", "e-post chef"),
           help_sv="Chefens e-postadress (finns i personimporten).",
           help_en="The manager's e-mail address (from the people import).",
           example="anna.andersson@sjovik.se"),
    Column("role", "Roll", "Role",
           help_sv="chef eller ställföreträdare (tomt = chef).",
           help_en="chef (manager) or ställföreträdare (acting); empty = manager.",
           example="chef"),
    Column("valid_from", "Från och med", "From", required=True,
           aliases=("från", "fran", "from", "startdatum", "start"),
           help_sv="Första dagen, ÅÅÅÅ-MM-DD.", help_en="First day, YYYY-MM-DD.",
           example="2026-01-01"),
    Column("valid_to", "Till och med", "To",
           aliases=("till", "to", "slutdatum", "slut"),
           help_sv="Sista dagen (tomt = tills vidare).",
           help_en="Last day (empty = until further notice).", example=""),
    Column("delegation_role", "Roll i delegationsordningen", "Delegation role",
           aliases=("delegationsroll", "delegat", "befattning i delegationsordningen"),
           help_sv="Rollen som delegat, som den står i delegationsordningen (tomt = "
           "från befattningen i katalogen, eller chefens roll för en ställföreträdare).",
           help_en="The role as delegate, as written in the delegationsordning (empty = "
           "from the job title, or the manager's role for an acting manager).",
           example="Enhetschef hemtjänst"),
)

ROLES = choice_map(
    ("manager", ["chef", "enhetschef", "ordinarie", "ordinarie chef", "manager"]),
    ("acting", ["ställföreträdare", "stallforetradare", "ställföreträdande chef", "tf",
                "tf.", "tillförordnad", "vikarie", "ersättare", "acting", "deputy"]),
)


@dataclass
class Context:
    units: dict[str, OrgUnit]  # lower code → unit
    people: dict[str, Person]  # lower email → person
    assignments: list[ManagerAssignment]
    names: dict[int, str]  # person id → name


@dataclass(frozen=True)
class Record:
    row: int
    unit_id: int
    person_id: int
    role: str
    valid_from: date
    valid_to: date | None
    match_id: int | None  # existing assignment with the same key
    ends: tuple[int, ...]  # existing assignments to end the day before valid_from
    delegation_role: str | None = None
    has_role: bool = False  # the column is in the file


async def load(session: AsyncSession) -> Context:
    units = {u.code.lower(): u for u in (await session.execute(select(OrgUnit))).scalars()}
    people_rows = list((await session.execute(select(Person))).scalars())
    people = {p.email.lower(): p for p in people_rows if p.email and p.erased_at is None}
    assignments = list((await session.execute(select(ManagerAssignment))).scalars())
    return Context(units, people, assignments, {p.id: p.name for p in people_rows})


def _overlaps(a_from: date, a_to: date | None, b_from: date, b_to: date | None) -> bool:
    return (b_to is None or a_from <= b_to) and (a_to is None or b_from <= a_to)


def validate(data: ValidateInput) -> tuple[list[Record], list[RowError]]:
    ctx: Context = data.context
    errors: list[RowError] = []
    parsed: list[tuple[int, int, int, str, date, date | None]] = []
    roles: dict[int, str | None] = {}
    for row in data.rows:
        r = RowReader(row, data.labels, errors)
        code = r.text("unit_code", required=True, max_len=64)
        email = r.email("email", required=True)
        role = r.choice("role", ROLES, allowed="chef, ställföreträdare") or "manager"
        valid_from = r.date("valid_from", required=True)
        valid_to = r.date("valid_to")
        roles[row.number] = r.text("delegation_role", max_len=100) or None
        unit = ctx.units.get(code.lower()) if code else None
        if code and unit is None:
            r.error("unit_code", "import.reason.unknown_unit", value=code)
        person = ctx.people.get(email) if email else None
        if email and person is None:
            r.error("email", "import.reason.unknown_person", value=email)
        if valid_from and valid_to and valid_to < valid_from:
            r.error("valid_to", "import.reason.end_before_start")
        if r.ok and unit is not None and person is not None and valid_from is not None:
            parsed.append((row.number, unit.id, person.id, role, valid_from, valid_to))

    label_from = data.labels.get("valid_from", "valid_from")
    # overlaps inside the file (same unit and role)
    groups: dict[tuple[int, str], list[tuple[int, date, date | None]]] = {}
    for number, unit_id, _person, role, valid_from, valid_to in parsed:
        groups.setdefault((unit_id, role), []).append((number, valid_from, valid_to))
    for group in groups.values():
        for i, (row_a, from_a, to_a) in enumerate(group):
            for row_b, from_b, to_b in group[i + 1:]:
                if _overlaps(from_a, to_a, from_b, to_b):
                    errors.append(RowError(row_a, label_from, "import.reason.overlap_rows",
                                           {"rows": str(row_b)}))
                    errors.append(RowError(row_b, label_from, "import.reason.overlap_rows",
                                           {"rows": str(row_a)}))
    existing: dict[tuple[int, str], list[ManagerAssignment]] = {}
    for a in ctx.assignments:
        existing.setdefault((a.unit_id, a.role), []).append(a)
    keys = {(u, p, role, f) for _r, u, p, role, f, _t in parsed}
    records: list[Record] = []
    for number, unit_id, person_id, role, valid_from, valid_to in parsed:
        same_post = existing.get((unit_id, role), [])
        match = next((a for a in same_post
                      if (a.person_id, a.valid_from) == (person_id, valid_from)), None)
        ends: list[int] = []
        for other in same_post:
            if other is match:
                continue
            if (other.unit_id, other.person_id, other.role, other.valid_from) in keys:
                continue  # that one is in the file too; checked above
            if not _overlaps(valid_from, valid_to, other.valid_from, other.valid_to):
                continue
            if other.valid_from < valid_from:
                ends.append(other.id)
            else:
                errors.append(RowError(number, label_from, "import.reason.overlap_existing", {
                    "name": ctx.names.get(other.person_id, "?"),
                    "start": other.valid_from.isoformat(),
                }))
        records.append(Record(number, unit_id, person_id, role, valid_from, valid_to,
                              match.id if match else None, tuple(ends), roles.get(number),
                              "delegation_role" in data.labels))
    bad = {e.row for e in errors}
    return [rec for rec in records if rec.row not in bad], errors


def _keyer(ctx: Context) -> Callable[[int, int, str, date], str]:
    """How an assignment is named in the audit: unit code, e-mail, role, first day."""
    codes = {u.id: u.code for u in ctx.units.values()}
    emails = {p.id: p.email or "" for p in ctx.people.values()}

    def key(unit_id: int, person_id: int, role: str, valid_from: date) -> str:
        return (f"{codes.get(unit_id, unit_id)} {emails.get(person_id, person_id)} "
                f"{ROLE_LABELS.get(role, role)} {valid_from.isoformat()}")

    return key


ROLE_LABELS = {"manager": "chef", "acting": "ställföreträdare"}


async def apply(session: AsyncSession, records: list[Record], ctx: Context,
                now: datetime) -> Counts:
    counts = Counts(extra={"ended": 0})
    by_id = {a.id: a for a in ctx.assignments}
    ended: dict[int, date | None] = {}  # assignment id → its end before the import
    _key = _keyer(ctx)
    for rec in records:
        for other_id in rec.ends:
            other = by_id[other_id]
            new_end = rec.valid_from - timedelta(days=1)
            if other.valid_to is None or other.valid_to > new_end:
                ended.setdefault(other_id, other.valid_to)
                other.valid_to = new_end
        key = _key(rec.unit_id, rec.person_id, rec.role, rec.valid_from)
        if rec.match_id is None:
            assignment = ManagerAssignment(unit_id=rec.unit_id, person_id=rec.person_id,
                                           role=rec.role, valid_from=rec.valid_from,
                                           valid_to=rec.valid_to,
                                           delegation_role=rec.delegation_role)
            session.add(assignment)
            ctx.assignments.append(assignment)
            counts.created += 1
            counts.changes.append(Change("manager", key, "created", None, {
                "valid_from": rec.valid_from.isoformat(), "valid_to": json_value(rec.valid_to)}))
            continue
        match = by_id[rec.match_id]
        before: dict[str, object] = {}
        after: dict[str, object] = {}
        if match.valid_to != rec.valid_to:
            before["valid_to"] = json_value(match.valid_to)
            after["valid_to"] = json_value(rec.valid_to)
            match.valid_to = rec.valid_to
        if rec.has_role and match.delegation_role != rec.delegation_role:
            before["delegation_role"] = match.delegation_role
            after["delegation_role"] = rec.delegation_role
            match.delegation_role = rec.delegation_role
        if after:
            counts.changes.append(Change("manager", key, "updated", before, after))
            counts.updated += 1
        else:
            counts.unchanged += 1
    for other_id, old_end in ended.items():
        other = by_id[other_id]
        counts.changes.append(Change(
            "manager", _key(other.unit_id, other.person_id, other.role, other.valid_from),
            "ended", {"valid_to": json_value(old_end)}, {"valid_to": json_value(other.valid_to)}))
    counts.extra["ended"] = len(ended)
    await session.flush()
    return counts


KIND = ImportKind(
    name="managers",
    columns=COLUMNS,
    load=load,
    validate=validate,
    apply=apply,
    title_sv="chefer och ställföreträdare",
    title_en="managers and acting managers",
    entity="manager",
)
