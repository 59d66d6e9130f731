"""Import ``decisions`` (beslut), matched on the reference number (diarienummer).

The same rules as registration in Teams (``followup.decision_rules``): reference, date,
decided by and title are required; the due date cannot be before the decision date; a
decision date cannot be in the future. An optional status column sets the status (the
import acts as an admin): ``done`` and ``cancelled`` need a comment in the ``Kommentar``
column, and every status change is recorded as a dated update and audited. An empty
status keeps the current one (new decisions start as "ej påbörjat").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from followup.decision_rules import (
    DecisionRole,
    DecisionStatus,
    check_decision_fields,
    check_status_change,
    field_limit,
)
from followup.vocabulary import DECISION_ORDER, DECISION_WORDS
from services.importing.base import (
    Change,
    Counts,
    ImportKind,
    ValidateInput,
    duplicate_errors,
    json_value,
)
from services.importing.columns import Column, RowError, RowReader, choice_map
from storage.decisions import Actor, apply_status
from storage.models import Decision, OrgUnit

COLUMNS = (
    Column("reference", "Diarienummer", "Reference", required=True,
           aliases=("dnr", "referens", "reference number", "ärendenummer"),
           help_sv="Beslutets diarienummer, unikt.", help_en="The decision's reference number.",
           example="KS 2026/123"),
    Column("decided_on", "Beslutsdatum", "Decision date", required=True,
           aliases=("datum", "beslutad", "date"),
           help_sv="ÅÅÅÅ-MM-DD.", help_en="YYYY-MM-DD.", example="2026-03-15"),
    Column("decided_by", "Beslutat av", "Decided by", required=True,
           aliases=("beslutad av", "beslutsinstans", "instans", "organ"),
           help_sv="KF, KS, nämnden eller ledningsgruppen.",
           help_en="Council (KF), executive board (KS), committee or management group.",
           example="KS"),
    Column("title", "Rubrik", "Title", required=True, aliases=("beslut", "ärende"),
           help_sv="Kort rubrik för beslutet.", help_en="Short title.",
           example="Inför digital signering i hemtjänsten"),
    Column("assignment", "Uppdrag", "Assignment", aliases=("beskrivning",),
           help_sv="Vad ska göras?", help_en="What is to be done?",
           example="Ta fram och inför rutin för digital signering."),
    Column("unit_code", "Enhetskod", "Unit code", required=True,
           aliases=("ansvarig enhet kod", "ansvarig enhetskod", "enhet"),
           help_sv="Koden för den enhet som ansvarar för att verkställa beslutet.",
           help_en="Code of the unit responsible for carrying out the decision.",
           example="SOC-HT1"),
    Column("due_date", "Klart senast", "Due date",
           aliases=("slutdatum", "förfallodatum", "senast", "due"),
           help_sv="ÅÅÅÅ-MM-DD (valfritt).", help_en="YYYY-MM-DD (optional).",
           example="2026-12-31"),
    Column("status", "Status", "Status",
           help_sv="Ej påbörjat, Pågår, Genomfört eller Avslutat utan genomförande "
           "(tomt = oförändrad).",
           help_en="Not started, In progress, Done or Cancelled (empty = unchanged).",
           example="Pågår"),
    Column("comment", "Kommentar", "Comment",
           help_sv="Krävs vid Genomfört och Avslutat utan genomförande.",
           help_en="Required for Done and Cancelled.", example=""),
)

STATUSES = choice_map(*((status.value, list(DECISION_WORDS[status])) for status in DECISION_ORDER))
STATUS_NAMES = "Ej påbörjat, Pågår, Genomfört, Avslutat utan genomförande"
IMPORT_ACTOR = Actor(person_id=None, label="import", is_admin=True)


@dataclass
class Context:
    units: dict[str, int]  # lower code → id
    decisions: dict[str, Decision]  # lower reference → row


@dataclass(frozen=True)
class Record:
    row: int
    reference: str
    decided_on: date
    decided_by: str
    title: str
    assignment: str | None  # None = column absent: keep
    unit_id: int
    due_date: date | None
    has_due: bool
    status: DecisionStatus | None
    comment: str


async def load(session: AsyncSession) -> Context:
    units = {u.code.lower(): u.id for u in (await session.execute(select(OrgUnit))).scalars()}
    decisions = {d.reference.lower(): d
                 for d in (await session.execute(select(Decision))).scalars()}
    return Context(units, decisions)


def validate(data: ValidateInput) -> tuple[list[Record], list[RowError]]:
    ctx: Context = data.context
    errors: list[RowError] = []
    records: list[Record] = []
    for row in data.rows:
        r = RowReader(row, data.labels, errors)
        reference = r.text("reference", required=True)
        decided_on = r.date("decided_on", required=True)
        decided_by = r.text("decided_by", required=True)
        title = r.text("title", required=True)
        assignment = r.text("assignment") if r.present("assignment") else None
        code = r.text("unit_code", required=True, max_len=64)
        due_date = r.date("due_date")
        raw_status = r.choice("status", STATUSES, allowed=STATUS_NAMES)
        comment = r.text("comment", max_len=2000)
        problems = check_decision_fields(
            reference=reference or "x", decided_by=decided_by or "x", title=title or "x",
            assignment=assignment or "", decided_on=decided_on, due_date=due_date,
            today=data.today,
        )
        for field, problem in problems.items():
            r.error(field, f"import.reason.{problem.name.lower()}", max=field_limit(field))
        unit_id = ctx.units.get(code.lower()) if code else None
        if code and unit_id is None:
            r.error("unit_code", "import.reason.unknown_unit", value=code)
        status = DecisionStatus(raw_status) if raw_status else None
        existing = ctx.decisions.get(reference.lower()) if reference else None
        current = DecisionStatus(existing.status) if existing else DecisionStatus.NOT_STARTED
        if status is not None and status != current:
            change = check_status_change(current, status, comment, role=DecisionRole.ADMIN)
            if change is not None:
                r.error("comment" if "comment" in change.value else "status",
                        f"import.reason.{change.name.lower()}")
        if r.ok and decided_on is not None and unit_id is not None:
            records.append(Record(row.number, reference, decided_on, decided_by, title,
                                  assignment, unit_id, due_date, r.present("due_date"),
                                  status, comment))
    errors += duplicate_errors([(row, _ref(row)) for row in data.rows], "reference",
                               data.labels)
    bad = {e.row for e in errors}
    return [rec for rec in records if rec.row not in bad], errors


def _ref(row: object) -> str:
    value = getattr(row, "cells", {}).get("reference")
    return "" if value is None else str(value).strip()


def _shown(attr: str, value: object, codes: dict[int, str]) -> object:
    """A decision field as the audit holds it: the unit as its code, dates as text."""
    if attr == "unit_id" and isinstance(value, int):
        return codes.get(value, value)
    return json_value(value)


async def apply(session: AsyncSession, records: list[Record], ctx: Context,
                now: datetime) -> Counts:
    counts = Counts()
    codes = {uid: code for code, uid in ctx.units.items()}
    for rec in records:
        row = ctx.decisions.get(rec.reference.lower())
        created = row is None
        changed = False
        before: dict[str, object] = {}
        after: dict[str, object] = {}
        if row is None:
            row = Decision(reference=rec.reference, decided_on=rec.decided_on,
                           decided_by=rec.decided_by, title=rec.title,
                           assignment=rec.assignment or "", unit_id=rec.unit_id,
                           due_date=rec.due_date, status=DecisionStatus.NOT_STARTED.value,
                           created_at=now)
            session.add(row)
            ctx.decisions[rec.reference.lower()] = row
            await session.flush()
        else:
            wanted: dict[str, object] = {
                "decided_on": rec.decided_on, "decided_by": rec.decided_by,
                "title": rec.title, "unit_id": rec.unit_id,
            }
            if rec.assignment is not None:
                wanted["assignment"] = rec.assignment
            if rec.has_due:
                wanted["due_date"] = rec.due_date
            for attr, value in wanted.items():
                old = getattr(row, attr)
                if old != value:
                    name = "unit_code" if attr == "unit_id" else attr
                    before[name] = _shown(attr, old, codes)
                    after[name] = _shown(attr, value, codes)
                    setattr(row, attr, value)
                    changed = True
            if changed:
                row.updated_at = now
        if rec.status is not None and rec.status.value != row.status:
            before["status"] = row.status
            after["status"] = rec.status.value
            if rec.comment:
                after["comment"] = rec.comment
            apply_status(session, row, rec.status, rec.comment, actor=IMPORT_ACTOR,
                         period=None, now=now, details="import")
            changed = True
        if created:
            counts.created += 1
            counts.changes.append(Change("decision", rec.reference, "created", None, {
                "decided_on": rec.decided_on.isoformat(), "decided_by": rec.decided_by,
                "title": rec.title, "unit_code": codes.get(rec.unit_id),
                "due_date": json_value(rec.due_date), "status": row.status}))
        elif changed:
            counts.updated += 1
            counts.changes.append(Change("decision", row.reference, "updated", before, after,
                                         audited_elsewhere=("status", "comment")))
        else:
            counts.unchanged += 1
    await session.flush()
    return counts


KIND = ImportKind(
    name="decisions",
    columns=COLUMNS,
    load=load,
    validate=validate,
    apply=apply,
    title_sv="beslut",
    title_en="decisions",
    entity="decision",
)
