"""After a change to a submitted report: tell the leaders whose summary already went out.

A leader's summary (outbox kind ``summary``) is built on the summary day from the figures
of that moment; a manager may still change a submitted report while the period is open.
Every leader whose *sent* summary for the period covers the changed unit (their summary's
root is the unit or one of its ancestors) gets one notice per unit and period (outbox
kind :data:`REPORT_CHANGED_KIND`; later changes of the same unit add no second message –
the notice points to the live summary).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from cards.report_notices import report_changed_payload
from followup.calendar import CalendarConfig, next_allowed_send_time
from services import notices
from services.notices import Notice, NoticeRecipient
from services.summaries import SUMMARY_KIND
from storage.models import OutboxMessage
from storage.org_queries import load_org_tree

logger = logging.getLogger(__name__)

REPORT_CHANGED_KIND = "report_changed"


def compose_report_changed(recipient: NoticeRecipient, *, unit_id: int, unit_name: str,
                           period: str, changed_by: str, goal_titles: Sequence[str],
                           not_before: datetime) -> Notice:
    """The notice to one leader: who changed which unit's report, which goals."""
    payload = report_changed_payload(lang=recipient.lang, unit_id=unit_id,
                                     unit_name=unit_name, period=period,
                                     changed_by=changed_by, goal_titles=goal_titles)
    return Notice(kind=REPORT_CHANGED_KIND, person_id=recipient.person_id, subject=unit_id,
                  period=period, text=payload["text"], card=payload["card"],
                  not_before=not_before, lang=recipient.lang)


async def notify_leaders_of_change(
    session: AsyncSession, *, unit_id: int, period: str, changed_by: str,
    goal_titles: Sequence[str], now: datetime, calendar: CalendarConfig, lang: str,
) -> int:
    """Queue the notices (the caller commits). Returns how many were new."""
    tree = await load_org_tree(session)
    unit = tree.units.get(unit_id)
    if unit is None:
        return 0
    covering = [unit_id, *(a.id for a in tree.ancestors(unit_id))]
    rows = await session.execute(
        select(OutboxMessage.person_id)
        .where(OutboxMessage.kind == SUMMARY_KIND, OutboxMessage.period == period,
               OutboxMessage.status == "sent", OutboxMessage.unit_id.in_(covering),
               OutboxMessage.person_id.is_not(None))
        .distinct()
    )
    leaders = sorted({int(pid) for pid in rows.scalars() if pid is not None})
    if not leaders:
        return 0
    allowed = await notices.recipients(session, leaders, lang)
    not_before = next_allowed_send_time(now, calendar)
    composed = [
        compose_report_changed(allowed[person_id], unit_id=unit_id, unit_name=unit.name,
                               period=period, changed_by=changed_by,
                               goal_titles=goal_titles, not_before=not_before)
        for person_id in leaders
        if person_id in allowed  # not erased nor gone from the directory
    ]
    queued = len(await notices.enqueue(session, composed, now=now))
    if queued:
        logger.info("report %s/%s changed after the summary: %d leader notice(s) queued",
                    unit.code, period, queued)
    return queued
