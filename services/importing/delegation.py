"""Import ``delegation``: a nämnd's delegationsordning, numbered points.

One file may hold several nämnder. Re-importing a nämnd replaces its ordning *as a new
version*: the version in force ends the day before the new one's "Gäller från" (default
today) and stays in the history (which version applied on a date). A file identical to
the version in force changes nothing; a new version starting the same day as the one in
force replaces that one's points (a correction). Every point is checked first — bad
rows are refused with their row numbers and nothing is imported.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from followup.delegation_text import point_search_texts
from followup.mandate import point_sort_key
from services.importing.base import Change, Counts, ImportKind, ValidateInput
from services.importing.columns import Column, RowError, RowReader
from storage.delegation import NewPoint, add_points, remove_points
from storage.models import DelegationOrder, DelegationPoint, OrgUnit

COLUMNS = (
    Column("committee", "Nämnd", "Committee", required=True,
           aliases=("nämndkod", "namnd"), help_sv="Nämndens förkortning.",
           help_en="The committee's short name.", example="BUN"),
    Column("committee_name", "Nämndens namn", "Committee name",
           help_sv="Nämndens fullständiga namn (valfritt).", help_en="Full name (optional).",
           example="Barn- och utbildningsnämnden"),
    Column("number", "Punkt", "Point", required=True, aliases=("nr", "nummer", "punktnummer"),
           help_sv="Punktens nummer, t.ex. 3.2.", help_en="The point's number, e.g. 3.2.",
           example="3.2"),
    Column("group", "Ärendegrupp", "Matter group", required=True, aliases=("grupp", "område"),
           help_sv="Rubriken punkten står under.", help_en="The heading of the point.",
           example="Elevärenden"),
    Column("matter", "Ärende", "Matter", required=True, aliases=("beslut", "ärendetyp"),
           help_sv="Vad delegaten får besluta om.", help_en="What the delegate may decide.",
           example="Beslut om tillfällig avstängning av elev"),
    Column("legal_ref", "Lagrum", "Legal reference", aliases=("lag", "lagstöd"),
           help_sv="T.ex. ”SkolL 5 kap. 14 §” (valfritt).", help_en="E.g. “SkolL 5:14”.",
           example="SkolL 5 kap. 14 §"),
    Column("delegate", "Delegat", "Delegate", required=True, aliases=("delegat roll",),
           help_sv="Rollen som får besluta, t.ex. Rektor.", help_en="The deciding role.",
           example="Rektor"),
    Column("limit_unit", "Begränsad till enhet", "Limited to unit",
           aliases=("begränsning", "organisation", "enhetskod"),
           help_sv="Enhetskod: gäller bara chefer i den delen av organisationen (valfritt).",
           help_en="Unit code: only managers in that part of the organisation (optional).",
           example=""),
    Column("substitute", "Ersättare", "Substitute", aliases=("ersättare roll",),
           help_sv="Rollen som beslutar när delegaten är borta (valfritt).",
           help_en="The role deciding when the delegate is away (optional).",
           example="Biträdande rektor"),
    Column("amount_limit", "Beloppsgräns (kr)", "Amount limit (kr)",
           aliases=("beloppsgräns", "belopp", "högsta belopp"),
           help_sv="Högsta belopp i kronor (tomt = ingen gräns).",
           help_en="Highest amount in kronor (empty = no limit).", example=""),
    Column("subdelegation", "Vidaredelegation", "Further delegation",
           aliases=("vidaredelegering",), help_sv="ja eller nej (tomt = nej).",
           help_en="yes or no (empty = no).", example="nej"),
    Column("report", "Anmälan", "Report to committee", aliases=("anmäls", "anmälan krävs"),
           help_sv="ja eller nej: beslutet anmäls till nämnden (tomt = ja).",
           help_en="yes or no: the decision is reported (empty = yes).", example="ja"),
    Column("note", "Anmärkning", "Note", aliases=("kommentar", "not"),
           help_sv="Valfri anmärkning.", help_en="Optional note.",
           example="Längst en vecka"),
    Column("valid_from", "Gäller från", "Valid from", aliases=("från", "giltig från"),
           help_sv="ÅÅÅÅ-MM-DD, samma för hela nämnden (tomt = i dag).",
           help_en="YYYY-MM-DD, the same for the whole committee (empty = today).",
           example=""),
)


@dataclass
class Context:
    units: dict[str, int]  # lower code → id
    current: dict[str, DelegationOrder]  # committee → latest version
    current_points: dict[int, list[DelegationPoint]]  # order id → points


@dataclass(frozen=True)
class Record:
    row: int
    committee: str
    committee_name: str
    valid_from: date
    point: NewPoint


async def load(session: AsyncSession) -> Context:
    units = {u.code.lower(): u.id for u in (await session.execute(select(OrgUnit))).scalars()}
    current: dict[str, DelegationOrder] = {}
    for order in (await session.execute(select(DelegationOrder).order_by(
            DelegationOrder.version))).scalars():
        current[order.committee] = order
    points: dict[int, list[DelegationPoint]] = {}
    ids = [o.id for o in current.values()]
    if ids:
        for p in (await session.execute(select(DelegationPoint).where(
                DelegationPoint.order_id.in_(ids)).order_by(DelegationPoint.sort_order))
                  ).scalars():
            points.setdefault(p.order_id, []).append(p)
    return Context(units, current, points)


def validate(data: ValidateInput) -> tuple[list[Record], list[RowError]]:
    ctx: Context = data.context
    errors: list[RowError] = []
    parsed: list[tuple[int, str, str, date, dict[str, object]]] = []
    for row in data.rows:
        r = RowReader(row, data.labels, errors)
        committee = r.text("committee", required=True, max_len=32).upper()
        name = r.text("committee_name", max_len=200)
        number = r.text("number", required=True, max_len=32)
        group = r.text("group", required=True, max_len=200)
        matter = r.text("matter", required=True, max_len=2000)
        legal_ref = r.text("legal_ref", max_len=200)
        delegate = r.text("delegate", required=True, max_len=100)
        limit_code = r.text("limit_unit", max_len=64)
        substitute = r.text("substitute", max_len=100)
        amount = r.integer("amount_limit")
        sub = r.boolean("subdelegation")
        report = r.boolean("report")
        note = r.text("note", max_len=2000)
        valid_from = r.date("valid_from") or data.today
        if number and not all(part.strip().isalnum()
                              for part in number.replace(",", ".").split(".")):
            r.error("number", "import.reason.delegation_number", value=number)
        if amount is not None and amount < 0:
            r.error("amount_limit", "import.reason.delegation_amount")
        limit_id = ctx.units.get(limit_code.lower()) if limit_code else None
        if limit_code and limit_id is None:
            r.error("limit_unit", "import.reason.unknown_unit", value=limit_code)
        if r.ok:
            parsed.append((row.number, committee, name, valid_from, {
                "number": number, "group": group, "matter": matter, "legal_ref": legal_ref,
                "delegate": delegate, "limit": limit_id, "substitute": substitute,
                "amount": amount, "sub": bool(sub), "report": True if report is None
                else report, "note": note}))
    # one start date per committee; numbers unique per committee; after the one in force
    starts: dict[str, tuple[int, date]] = {}
    seen: dict[tuple[str, str], int] = {}
    label_from = data.labels.get("valid_from", "valid_from")
    label_number = data.labels.get("number", "number")
    for row_no, committee, _name, valid_from, cells in parsed:
        first = starts.setdefault(committee, (row_no, valid_from))
        if first[1] != valid_from:
            errors.append(RowError(row_no, label_from, "import.reason.delegation_start",
                                   {"row": first[0], "start": first[1].isoformat()}))
        key = (committee, str(cells["number"]).lower())
        if key in seen:
            errors.append(RowError(row_no, label_number, "import.reason.duplicate",
                                   {"value": cells["number"], "rows": str(seen[key])}))
        else:
            seen[key] = row_no
        current = ctx.current.get(committee)
        if current is not None and valid_from < current.valid_from:
            errors.append(RowError(row_no, label_from, "import.reason.delegation_before",
                                   {"start": current.valid_from.isoformat()}))
    bad = {e.row for e in errors}
    good = [p for p in parsed if p[0] not in bad]
    texts = point_search_texts([(str(c["group"]), str(c["matter"]), str(c["note"]),
                                 str(c["legal_ref"])) for _n, _c, _m, _v, c in good])
    records: list[Record] = []
    for (row_no, committee, name, valid_from, c), (search_matter, search_text) in zip(
            good, texts, strict=True):
        records.append(Record(row_no, committee, name, valid_from, NewPoint(
            number=str(c["number"]), sort_order=0, group=str(c["group"]),
            matter=str(c["matter"]), legal_ref=str(c["legal_ref"]),
            delegate_role=str(c["delegate"]),
            limit_unit_id=c["limit"] if isinstance(c["limit"], int) else None,
            substitute_role=str(c["substitute"]),
            amount_limit_kr=c["amount"] if isinstance(c["amount"], int) else None,
            subdelegation=bool(c["sub"]), report_required=bool(c["report"]),
            note=str(c["note"]), search_matter=search_matter, search_text=search_text)))
    return records, errors


def _signature(points: list[NewPoint] | list[DelegationPoint]) -> list[tuple[object, ...]]:
    out = []
    for p in points:
        group = p.group if isinstance(p, NewPoint) else p.matter_group
        out.append((p.number, group, p.matter, p.legal_ref, p.delegate_role, p.limit_unit_id,
                    p.substitute_role, p.amount_limit_kr, p.subdelegation, p.report_required,
                    p.note))
    return sorted(out, key=lambda s: point_sort_key(str(s[0])))


async def apply(session: AsyncSession, records: list[Record], ctx: Context,
                now: datetime) -> Counts:
    counts = Counts(extra={"ended": 0})
    by_committee: dict[str, list[Record]] = {}
    for rec in records:
        by_committee.setdefault(rec.committee, []).append(rec)
    for committee, recs in by_committee.items():
        ordered = sorted(recs, key=lambda r: point_sort_key(r.point.number))
        points = [NewPoint(**{**r.point.__dict__, "sort_order": i})
                  for i, r in enumerate(ordered, 1)]
        valid_from = recs[0].valid_from
        name = next((r.committee_name for r in recs if r.committee_name), "")
        current = ctx.current.get(committee)
        if current is not None and current.valid_to is None and _signature(points) == \
                _signature(ctx.current_points.get(current.id, [])):
            counts.unchanged += len(points)
            continue
        key = f"{committee} {valid_from.isoformat()}"
        if current is not None and current.valid_from == valid_from:
            await remove_points(session, current.id)
            await add_points(session, current.id, points)
            if name:
                current.committee_name = name
            counts.updated += len(points)
            counts.changes.append(Change("delegation", key, "updated", None,
                                         {"points": len(points), "version": current.version}))
            continue
        version = 1
        if current is not None:
            version = current.version + 1
            if current.valid_to is None or current.valid_to >= valid_from:
                before = current.valid_to
                current.valid_to = valid_from - timedelta(days=1)
                counts.extra["ended"] += 1
                counts.changes.append(Change(
                    "delegation", f"{committee} {current.valid_from.isoformat()}", "ended",
                    {"valid_to": before.isoformat() if before else None},
                    {"valid_to": current.valid_to.isoformat()}))
            name = name or current.committee_name
        order = DelegationOrder(committee=committee, committee_name=name or committee,
                                version=version, valid_from=valid_from, valid_to=None,
                                source="import", imported_at=now)
        session.add(order)
        await session.flush()
        await add_points(session, order.id, points)
        counts.created += len(points)
        counts.changes.append(Change("delegation", key, "created", None,
                                     {"points": len(points), "version": version,
                                      "valid_from": valid_from.isoformat()}))
    await session.flush()
    return counts


KIND = ImportKind(
    name="delegation",
    columns=COLUMNS,
    load=load,
    validate=validate,
    apply=apply,
    title_sv="delegationsordning",
    title_en="delegation rules",
    entity="delegation",
)
