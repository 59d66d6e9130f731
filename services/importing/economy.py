"""Import ``budget`` and ``utfall`` from the Excel/CSV template (SIE 4:
:mod:`services.importing.sie`).

One row per unit and month (or, for a budget, per unit and year: the annual amount is
spread over the months by ``BUDGET_PROFILE``), in kronor or tkr, optionally per account
group. Amounts follow the ekonomisystem's sign: costs positive, income negative.
Re-importing a unit's month replaces that month's lines (see :mod:`storage.economy`); the
same file twice changes nothing. Changed unit-months are audited before → after.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from followup.economy import EVEN_PROFILE, spread_annual, to_kronor
from services.importing.base import Counts, ImportKind, ValidateInput
from services.importing.columns import Column, RowError, RowReader, is_blank, normalise_choice
from storage.economy import LineKey, replace_months
from storage.models import OrgUnit

MAX_KRONOR = 10**13  # 10 000 miljarder: anything above is a typing error
ANNUAL_WORDS = {"helar", "helår", "ar", "år", "arsbudget", "årsbudget", "year", "annual",
                "hela aret", "hela året"}
_MONTH_WORDS = {
    normalise_choice(word): number
    for number, words in enumerate((
        ("januari", "jan", "january"), ("februari", "feb", "february"),
        ("mars", "mar", "march"), ("april", "apr"), ("maj", "may"),
        ("juni", "jun", "june"), ("juli", "jul", "july"), ("augusti", "aug", "august"),
        ("september", "sep", "sept"), ("oktober", "okt", "oct", "october"),
        ("november", "nov"), ("december", "dec")), start=1)
    for word in words
}
_PERIOD = re.compile(r"^(\d{4})-?(\d{2})$")


def columns(kind: str) -> tuple[Column, ...]:
    budget = kind == "budget"
    month_help_sv = ("1–12 (eller ÅÅÅÅ-MM). Tomt eller ”helår”: årsbeloppet fördelas på "
                     "månaderna enligt BUDGET_PROFILE." if budget else
                     "1–12 (eller ÅÅÅÅ-MM): månadens utfall.")
    month_help_en = ("1–12 (or YYYY-MM). Empty or “annual”: the amount is spread over the "
                     "months by BUDGET_PROFILE." if budget else
                     "1–12 (or YYYY-MM): the month's actual outcome.")
    return (
        Column("unit_code", "Enhetskod", "Unit code", required=True,
               aliases=("enhet", "ansvar", "ansvarskod", "kostnadsställe", "unit"),
               help_sv="Enhetens kod i Målbot.", help_en="The unit's code in Målbot.",
               example="SOC-HT1"),
        Column("year", "År", "Year", required=True, aliases=("budgetår", "räkenskapsår"),
               help_sv="Räkenskapsåret, t.ex. 2026.", help_en="The financial year, e.g. 2026.",
               example="2026"),
        Column("month", "Månad", "Month", required=not budget, aliases=("period",),
               help_sv=month_help_sv, help_en=month_help_en, example="" if budget else "10",
               required_note_sv="nej (tomt = helår)" if budget else "",
               required_note_en="no (empty = annual)" if budget else ""),
        Column("amount", "Belopp", "Amount", required=True,
               aliases=("nettokostnad", "net cost", "budget", "utfall"),
               help_sv="Nettokostnad: kostnader positiva, intäkter negativa. Decimalkomma går "
               "bra.", help_en="Net cost: costs positive, income negative.",
               example="12400" if budget else "1050,5"),
        Column("amount_unit", "Beloppsenhet", "Amount unit",
               aliases=("kr/tkr", "valuta", "currency unit"),
               help_sv="kr eller tkr (tomt = kr).", help_en="kr or tkr (empty = kr).",
               example="tkr"),
        Column("account_group", "Kontogrupp", "Account group",
               aliases=("konto", "kontoklass", "account"),
               help_sv="Valfritt, t.ex. Personal eller Lokaler. Tomt = enhetens totalbelopp.",
               help_en="Optional, e.g. Staff or Premises. Empty = the unit's total.",
               example="Personal"),
    )


AMOUNT_UNITS = {"kr": 1, "kronor": 1, "sek": 1, "tkr": 1000, "tsek": 1000,
                "tusental kronor": 1000, "mkr": 1_000_000}


@dataclass
class Context:
    kind: str
    units: dict[str, int]  # lower code → id
    profile: Sequence[int | float]


@dataclass(frozen=True)
class Record:
    row: int
    unit_id: int
    year: int
    month: int | None  # None: annual (budget), spread by the profile
    group: str
    kronor: int


def _profile() -> Sequence[int | float]:
    from config import SettingsError, load_settings

    try:
        return load_settings().economy.profile
    except SettingsError:
        return EVEN_PROFILE


def loader(kind: str):  # type: ignore[no-untyped-def]
    async def load(session: AsyncSession) -> Context:
        rows = await session.execute(select(OrgUnit.code, OrgUnit.id))
        units = {code.lower(): unit_id for code, unit_id in rows}
        return Context(kind, units, _profile() if kind == "budget" else EVEN_PROFILE)

    return load


def _month(r: RowReader, year: int | None, kind: str) -> tuple[bool, int | None]:
    """(ok, month) — month None means annual."""
    value = r.raw("month")
    if is_blank(value):
        if kind == "budget":
            return True, None
        r.error("month", "import.reason.required")
        return False, None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        if 1 <= value <= 12:
            return True, value
        r.error("month", "economy.reason.bad_month", value=str(value))
        return False, None
    text = str(value).strip()
    word = normalise_choice(text)
    if word in {normalise_choice(w) for w in ANNUAL_WORDS}:
        if kind == "budget":
            return True, None
        r.error("month", "economy.reason.utfall_per_month")
        return False, None
    if word in _MONTH_WORDS:
        return True, _MONTH_WORDS[word]
    if text.isdigit() and 1 <= int(text) <= 12:
        return True, int(text)
    match = _PERIOD.match(text)
    if match and 1 <= int(match.group(2)) <= 12:
        if year is not None and int(match.group(1)) != year:
            r.error("month", "economy.reason.period_year", value=text, year=year)
            return False, None
        return True, int(match.group(2))
    r.error("month", "economy.reason.bad_month", value=text)
    return False, None


def validate(data: ValidateInput) -> tuple[list[Record], list[RowError]]:
    ctx: Context = data.context
    errors: list[RowError] = []
    records: list[Record] = []
    for row in data.rows:
        r = RowReader(row, data.labels, errors)
        code = r.text("unit_code", required=True, max_len=64)
        year = r.integer("year")
        if is_blank(r.raw("year")):
            r.error("year", "import.reason.required")
        elif year is not None and not 2000 <= year <= 2100:
            r.error("year", "economy.reason.bad_year", value=str(year))
            year = None
        ok_month, month = _month(r, year, ctx.kind)
        amount = r.decimal("amount")
        if is_blank(r.raw("amount")):
            r.error("amount", "import.reason.required")
        unit_text = r.text("amount_unit").lower()
        factor = AMOUNT_UNITS.get(normalise_choice(unit_text)) if unit_text else 1
        if factor is None:
            r.error("amount_unit", "import.reason.bad_choice", value=unit_text,
                    allowed="kr, tkr")
        group = r.text("account_group", max_len=64)
        unit_id = ctx.units.get(code.lower()) if code else None
        if code and unit_id is None:
            r.error("unit_code", "import.reason.unknown_unit", value=code)
        kronor = 0
        if amount is not None and factor is not None:
            kronor = to_kronor(Decimal(repr(amount)) * factor)
            if abs(kronor) >= MAX_KRONOR:
                r.error("amount", "import.reason.number_too_big")
        if r.ok and ok_month and unit_id is not None and year is not None:
            records.append(Record(row.number, unit_id, year, month, group, kronor))
    errors.extend(_conflicts(records, data.labels))
    bad = {e.row for e in errors}
    return [rec for rec in records if rec.row not in bad], errors


def _conflicts(records: list[Record], labels: dict[str, str]) -> list[RowError]:
    """The same unit, year, month and group twice; or a unit's year given both as an annual
    amount and by month."""
    errors: list[RowError] = []
    seen: dict[tuple[int, int, int | None, str], int] = {}
    annual: dict[tuple[int, int, str], int] = {}
    monthly: dict[tuple[int, int, str], int] = {}
    for rec in records:
        key = (rec.unit_id, rec.year, rec.month, rec.group.lower())
        if key in seen:
            errors.append(RowError(rec.row, labels.get("month", "month"),
                                   "economy.reason.duplicate", {"rows": str(seen[key])}))
            continue
        seen[key] = rec.row
        year_key = (rec.unit_id, rec.year, rec.group.lower())
        (annual if rec.month is None else monthly).setdefault(year_key, rec.row)
    for rec in records:
        year_key = (rec.unit_id, rec.year, rec.group.lower())
        if rec.month is None and year_key in monthly:
            errors.append(RowError(rec.row, labels.get("month", "month"),
                                   "economy.reason.annual_and_monthly",
                                   {"rows": str(monthly[year_key])}))
    return errors


def lines_of(records: Sequence[Record], profile: Sequence[int | float]) -> dict[LineKey, int]:
    """The economy lines of validated records (annual amounts spread by ``profile``)."""
    lines: dict[LineKey, int] = {}
    for rec in records:
        if rec.month is None:
            for month, amount in enumerate(spread_annual(rec.kronor, profile), start=1):
                lines[(rec.unit_id, rec.year, month, rec.group)] = amount
        else:
            lines[(rec.unit_id, rec.year, rec.month, rec.group)] = rec.kronor
    return lines


def applier(kind: str):  # type: ignore[no-untyped-def]
    async def apply(session: AsyncSession, records: list[Record], ctx: Context,
                    now: datetime) -> Counts:
        changes = await replace_months(
            session, kind=kind, lines=lines_of(records, ctx.profile), source="template",
            actor_person_id=None, actor_label="admin import", now=now)
        await session.flush()
        return Counts(created=changes.created, updated=changes.changed,
                      unchanged=changes.unchanged)

    return apply


def economy_kind(kind: str) -> ImportKind:
    budget = kind == "budget"
    return ImportKind(
        name=kind,
        columns=columns(kind),
        load=loader(kind),
        validate=validate,
        apply=applier(kind),
        title_sv="budget" if budget else "utfall",
        title_en="budget" if budget else "actual outcome",
        entity="economy",
    )
