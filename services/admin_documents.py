"""``python -m admin document``: the report document of a unit given by its code."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy import select

from followup.document import ReportDocument
from services import Sessions
from services.documents import Requester, build_document
from storage.models import OrgUnit


class UnknownUnit(Exception):
    """No active unit has the code (``args[0]``)."""


async def unit_document(sessions: Sessions, *, unit_code: str, requester: Requester,
                        period_code: str, today: date, zone: ZoneInfo, delar_end_month: int,
                        lang: str) -> ReportDocument:
    """The document of the active unit ``unit_code``'s subtree (raises :class:`UnknownUnit`
    or :class:`services.documents.DocumentRefused`)."""
    async with sessions() as session:
        unit_id = (await session.execute(
            select(OrgUnit.id).where(OrgUnit.code == unit_code, OrgUnit.active.is_(True))
        )).scalar_one_or_none()
        if unit_id is None:
            raise UnknownUnit(unit_code)
        return await build_document(
            session, requester=requester, unit_id=int(unit_id), period_code=period_code,
            today=today, zone=zone, delar_end_month=delar_end_month, lang=lang)
