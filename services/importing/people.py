"""Import ``people``: managers and administrators, matched on e-mail (case-insensitive).

Optional columns that are missing from the file leave those fields as they are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.importing.base import (
    Change,
    Counts,
    ImportKind,
    ValidateInput,
    diff,
    duplicate_errors,
)
from services.importing.columns import Column, RowError, RowReader, choice_map, normalise_choice
from storage.models import Person

COLUMNS = (
    Column("email", "E-post", "E-mail", required=True,
           aliases=("epost", "e-postadress", "mail", "email", "upn"),
           help_sv="Personens e-postadress (samma som inloggningen i Teams).",
           help_en="The person's e-mail address (the same as their Teams sign-in).",
           example="anna.andersson@sjovik.se"),
    Column("name", "Namn", "Name", required=True, aliases=("för- och efternamn",),
           help_sv="För- och efternamn.", help_en="Full name.", example="Anna Andersson"),
    Column("title", "Titel", "Title", aliases=("befattning",),
           help_sv="Befattning, t.ex. enhetschef.", help_en="Job title.",
           example="Enhetschef"),
    Column("language", "Språk", "Language", aliases=("locale",),
           help_sv="sv eller en (tomt = kommunens språk).",
           help_en="sv or en (empty = the municipality's language).", example="sv"),
    Column("admin", "Administratör", "Administrator", aliases=("admin",),
           help_sv="ja om personen ska vara administratör i Målbot.",
           help_en="yes if the person administers Målbot.", example="nej"),
    Column("aad_object_id", "Entra-id", "Entra object id",
           aliases=("aad id", "aad object id", "objekt id", "object id", "azure ad id"),
           help_sv="Valfritt: personens objekt-id i Entra ID, ett GUID som "
           "0f8fad5b-d9cb-469f-a165-70867728950e (fylls annars i av sync-people).",
           help_en="Optional: the person's Entra ID object id, a GUID such as "
           "0f8fad5b-d9cb-469f-a165-70867728950e (else filled in by sync-people).",
           example=""),
    Column("unit", "Enhet", "Unit", aliases=("enhetskod", "unit code", "arbetsplats"),
           help_sv="Valfritt: koden för enheten där personen arbetar (medarbetare; chefen "
           "följer av enheten). Tomt = ingen ändring, ”-” = ingen enhet längre.",
           help_en="Optional: the code of the unit the person works in (employees; their "
           "manager follows from the unit). Empty = no change, \"-\" = no unit any more.",
           example=""),
    Column("hr", "HR-roll", "HR role", aliases=("hr",),
           help_sv="ja: får läsa medarbetares individuella mål och incheckningar i hela "
           "kommunen (varje läsning loggas); nej tar bort rollen; tomt = ingen ändring.",
           help_en="yes: may read employees' individual goals and check-ins in the whole "
           "municipality (every read is logged); no removes the role; empty = no change.",
           example="nej"),
)

LANGUAGES = choice_map(("sv", ["svenska", "swedish", "sv-se"]),
                       ("en", ["engelska", "english", "en-us", "en-gb"]))


@dataclass
class Context:
    by_email: dict[str, Person]
    by_aad: dict[str, Person]
    units: dict[str, int] = field(default_factory=dict)
    current_unit: dict[int, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Record:
    row: int
    email: str
    name: str
    title: str | None
    language: str | None
    admin: bool | None
    aad_object_id: str | None
    has_title: bool
    has_language: bool
    has_aad: bool
    unit: str | None = None  # a unit code, "-" for none, None: leave as it is
    hr: bool | None = None  # None: leave as it is


async def load(session: AsyncSession) -> Context:
    from datetime import date

    from storage.individual import current_units
    from storage.models import OrgUnit

    people = list((await session.execute(select(Person))).scalars())
    units = (await session.execute(select(OrgUnit.code, OrgUnit.id)
                                   .where(OrgUnit.active.is_(True)))).all()
    return Context(
        by_email={p.email.lower(): p for p in people if p.email},
        by_aad={p.aad_object_id.lower(): p for p in people if p.aad_object_id},
        units={code.lower(): uid for code, uid in units},
        current_unit=await current_units(session, date.today()),
    )


def _entra_id(r: RowReader, person: Person | None) -> str | None:
    """A GUID (lower-case); the id the person already has is accepted as it is (the
    Agents Playground's test users have ids that are not GUIDs)."""
    current = (person.aad_object_id or "").lower() if person is not None else ""
    if current and r.text("aad_object_id").lower() == current:
        return current
    return r.guid("aad_object_id")


def validate(data: ValidateInput) -> tuple[list[Record], list[RowError]]:
    ctx: Context = data.context
    errors: list[RowError] = []
    records: list[Record] = []
    keyed = []
    aad_keyed = []
    for row in data.rows:
        r = RowReader(row, data.labels, errors)
        email = r.email("email", required=True)
        name = r.text("name", required=True, max_len=200)
        title = r.text("title", max_len=200) or None
        language = r.choice("language", LANGUAGES, allowed="sv, en")
        admin = r.boolean("admin")
        aad = _entra_id(r, ctx.by_email.get(email) if email else None)
        unit = r.text("unit", max_len=64) or None
        if unit and unit != "-" and unit.lower() not in ctx.units:
            r.error("unit", "import.reason.unknown_unit", value=unit)
        keyed.append((row, email))
        aad_keyed.append((row, aad or ""))
        # Only with a valid e-mail: after a bad one every id would look "taken".
        if (email and aad and aad in ctx.by_aad
                and (ctx.by_aad[aad].email or "").lower() != email):
            r.error("aad_object_id", "import.reason.aad_taken", value=aad,
                    name=ctx.by_aad[aad].name)
        if r.ok:
            records.append(Record(row.number, email, name, title, language, admin, aad,
                                  r.present("title"), r.present("language"),
                                  r.present("aad_object_id"), unit, r.boolean("hr")))
    errors += duplicate_errors(keyed, "email", data.labels)
    errors += duplicate_errors(aad_keyed, "aad_object_id", data.labels)
    bad = {e.row for e in errors}
    return [rec for rec in records if rec.row not in bad], errors


def _language(locale: str | None) -> str | None:
    if not locale:
        return None
    return LANGUAGES.get(normalise_choice(locale), locale)


_FIELD_KEYS = {"locale": "language", "is_admin": "admin"}


async def _set_hr(session: AsyncSession, person_id: int, wanted: bool, now: datetime) -> bool:
    """Grant (from today) or end (yesterday) the kommun-wide HR role. True if changed."""
    from datetime import timedelta

    from sqlalchemy import or_

    from storage.models import HrRole

    today = now.date()
    current = list((await session.execute(select(HrRole).where(
        HrRole.person_id == person_id, HrRole.unit_id.is_(None), HrRole.valid_from <= today,
        or_(HrRole.valid_to.is_(None), HrRole.valid_to >= today)))).scalars())
    if wanted == bool(current):
        return False
    if wanted:
        session.add(HrRole(person_id=person_id, unit_id=None, valid_from=today))
    for role in current:
        if role.valid_from < today:
            role.valid_to = today - timedelta(days=1)
        else:
            await session.delete(role)
    await session.flush()
    return True


def _code_of(ctx: Context, unit_id: int | None) -> str | None:
    return next((code for code, uid in ctx.units.items() if uid == unit_id), None)


async def _set_unit(session: AsyncSession, ctx: Context, person: Person, code: str,
                    now: datetime) -> bool:
    """The person's employment: from today in the unit ``code`` ("-": none)."""
    from storage.individual import set_unit

    unit_id = None if code == "-" else ctx.units.get(code.lower())
    if code != "-" and unit_id is None:
        return False
    if ctx.current_unit.get(person.id) == unit_id:
        return False
    changed = await set_unit(session, person.id, unit_id, today=now.date(), source="import")
    if changed:
        if unit_id is None:
            ctx.current_unit.pop(person.id, None)
        else:
            ctx.current_unit[person.id] = unit_id
    return changed


async def apply(session: AsyncSession, records: list[Record], ctx: Context,
                now: datetime) -> Counts:
    counts = Counts()
    for rec in records:
        person = ctx.by_email.get(rec.email)
        if person is None:
            person = Person(email=rec.email, name=rec.name, title=rec.title,
                            locale=rec.language, is_admin=bool(rec.admin),
                            aad_object_id=rec.aad_object_id)
            session.add(person)
            ctx.by_email[rec.email] = person
            if (rec.unit and rec.unit != "-") or rec.hr:
                await session.flush()
            if rec.unit and rec.unit != "-":
                await _set_unit(session, ctx, person, rec.unit, now)
            if rec.hr:
                await _set_hr(session, person.id, True, now)
            counts.created += 1
            counts.changes.append(Change("person", rec.email, "created", None, {
                "name": rec.name, "title": rec.title, "language": rec.language,
                "admin": bool(rec.admin), "aad_object_id": rec.aad_object_id,
                "unit": rec.unit if rec.unit != "-" else None}))
            continue
        wanted: dict[str, object] = {"name": rec.name}
        if rec.has_title:
            wanted["title"] = rec.title
        if rec.has_language and _language(person.locale) != rec.language:
            wanted["locale"] = rec.language  # "sv-SE" stays when the file says sv
        if rec.admin is not None:
            wanted["is_admin"] = rec.admin
        if rec.has_aad and rec.aad_object_id:
            wanted["aad_object_id"] = rec.aad_object_id
        before, after = diff(person, wanted, _FIELD_KEYS)
        if rec.hr is not None and await _set_hr(session, person.id, rec.hr, now):
            before["hr"], after["hr"] = not rec.hr, rec.hr
        if rec.unit is not None and await _set_unit(session, ctx, person, rec.unit, now):
            before["unit"] = _code_of(ctx, ctx.current_unit.get(person.id))
            after["unit"] = None if rec.unit == "-" else rec.unit
        for attr, value in wanted.items():
            if getattr(person, attr) != value:
                setattr(person, attr, value)
        if after:
            counts.updated += 1
            counts.changes.append(Change("person", rec.email, "updated", before, after))
        else:
            counts.unchanged += 1
    await session.flush()
    return counts


KIND = ImportKind(
    name="people",
    columns=COLUMNS,
    load=load,
    validate=validate,
    apply=apply,
    title_sv="personer",
    title_en="people",
    entity="person",
)
