"""Import ``roles``: job titles (as Microsoft Graph / the people import hold them) mapped
to the role they give in the delegationsordningar, for managers whose assignment has no
role of its own. Matched on the title, case- and space-insensitively; titles not in the
file keep their role; every row needs a role."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from followup.mandate import role_key
from services.importing.base import Change, Counts, ImportKind, ValidateInput, duplicate_errors
from services.importing.columns import Column, RowError, RowReader
from storage.models import RoleTitle

COLUMNS = (
    Column("title", "Befattning", "Job title", required=True, aliases=("titel", "title"),
           help_sv="Befattningen som den står i katalogen (Entra ID).",
           help_en="The job title as the directory (Entra ID) holds it.",
           example="Rektor grundskola"),
    Column("role", "Roll i delegationsordningen", "Delegation role", required=True,
           aliases=("roll", "delegat"),
           help_sv="Rollen som delegat, som den står i delegationsordningen.",
           help_en="The delegate role as written in the delegationsordning.",
           example="Rektor"),
)


@dataclass(frozen=True)
class Record:
    row: int
    title: str  # casefolded
    role: str


async def load(session: AsyncSession) -> dict[str, RoleTitle]:
    return {r.title: r for r in (await session.execute(select(RoleTitle))).scalars()}


def validate(data: ValidateInput) -> tuple[list[Record], list[RowError]]:
    errors: list[RowError] = []
    records: list[Record] = []
    for row in data.rows:
        r = RowReader(row, data.labels, errors)
        title = r.text("title", required=True, max_len=200)
        role = r.text("role", required=True, max_len=100)
        if r.ok:
            records.append(Record(row.number, role_key(title), " ".join(role.split())))
    errors += duplicate_errors([(row, role_key(str(row.cells.get("title") or "")))
                                for row in data.rows], "title", data.labels)
    bad = {e.row for e in errors}
    return [rec for rec in records if rec.row not in bad], errors


async def apply(session: AsyncSession, records: list[Record], ctx: dict[str, RoleTitle],
                now: datetime) -> Counts:
    counts = Counts()
    for rec in records:
        row = ctx.get(rec.title)
        if row is None:
            session.add(RoleTitle(title=rec.title, role=rec.role))
            counts.created += 1
            counts.changes.append(Change("role_title", rec.title, "created", None,
                                         {"role": rec.role}))
        elif row.role != rec.role:
            counts.changes.append(Change("role_title", rec.title, "updated",
                                         {"role": row.role}, {"role": rec.role}))
            row.role = rec.role
            counts.updated += 1
        else:
            counts.unchanged += 1
    await session.flush()
    return counts


KIND = ImportKind(
    name="roles",
    columns=COLUMNS,
    load=load,
    validate=validate,
    apply=apply,
    title_sv="befattningar och roller",
    title_en="job titles and roles",
    entity="role_title",
)
