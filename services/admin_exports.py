"""``python -m admin export WHAT``: the table of one export, read in one session."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from services import Sessions
from services.exporting import decisions_table, economy_table, results_table, unit_scope
from services.import_export import BUILDERS, ImportTable


async def export_table(sessions: Sessions, what: str, *, period: str | None,
                       unit_code: str | None, open_only: bool, details: bool, lang: str,
                       today: date, zone: ZoneInfo) -> ImportTable:
    """``results``/``economy`` of ``period``, ``decisions`` with the follow-up columns
    (``details``, a unit or ``open_only``), else the import format of ``what``."""
    async with sessions() as session:
        if what in ("economy", "results"):
            assert period is not None
            scope = await unit_scope(session, unit_code)
            build = economy_table if what == "economy" else results_table
            return ImportTable(await build(session, period, unit_ids=scope, lang=lang,
                                           zone=zone))
        if what == "decisions" and (details or unit_code or open_only):
            scope = await unit_scope(session, unit_code)
            return ImportTable(await decisions_table(
                session, unit_ids=scope, open_only=open_only, lang=lang, today=today,
                zone=zone))
        return await BUILDERS[what](session, lang)
