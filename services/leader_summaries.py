"""The leader's summary as the ``sammanställning`` command and its buttons show it: the
roll-up card and, at its end, the employees' check-ins as aggregates (groups under five
people suppressed).

Both halves read the same subtree but nothing of each other, so they run at the same
time, each on a session of its own: the card's wait is the longer of the two, not their
sum. Each use case opens its own sessions and returns plain data (read only: nothing to
commit).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import datetime
from zoneinfo import ZoneInfo

from cards.individual import extend_within_budget, upward_items
from followup.calendar import CalendarConfig
from followup.individual import Cadence
from services import Sessions
from services.individual import UpwardSummary, upward_summary
from services.summaries import (
    RenderedSummary,
    SummaryContext,
    SummaryRefused,
    Viewer,
    check_period,
    default_roots,
    may_view,
    render,
    resolve_unit,
)
from storage.org_queries import load_org_tree

logger = logging.getLogger(__name__)


async def _aggregates(sessions: Sessions, unit_id: int, ctx: SummaryContext,
                      cadence: Cadence, zone: ZoneInfo) -> UpwardSummary | None:
    async with sessions() as session:
        return await upward_summary(session, unit_id=unit_id, today=ctx.today,
                                    cadence=cadence, zone=zone)


async def _with_aggregates(sessions: Sessions, ctx: SummaryContext, viewer: Viewer,
                           unit_id: int, period: str, cadence: Cadence,
                           zone: ZoneInfo) -> RenderedSummary:
    """One unit's card with the aggregates at its end; both read side by side."""
    async with sessions() as session:
        if not may_view(ctx, viewer, unit_id):
            # Refused before anything about the people below is counted.
            return await render(session, ctx, viewer, unit_id, period)
        upward = asyncio.create_task(_aggregates(sessions, unit_id, ctx, cadence, zone))
        try:
            rendered = await render(session, ctx, viewer, unit_id, period)
        except BaseException:
            upward.cancel()
            with contextlib.suppress(BaseException):
                await upward
            raise
    found = await upward
    if found is not None:
        extend_within_budget(rendered.card,
                             upward_items(viewer.lang, rendered.summary.root.name, found))
    return rendered


async def summaries_with_aggregates(
    sessions: Sessions,
    *,
    viewer: Viewer,
    unit_query: str | None,
    period: str | None,
    now: datetime,
    calendar: CalendarConfig,
    cadence: Cadence,
    zone: ZoneInfo,
) -> list[RenderedSummary]:
    """What ``sammanställning [enhet] [period]`` shows (raises :class:`SummaryRefused`)."""
    if viewer.person_id is None and not viewer.is_admin:
        raise SummaryRefused("summary.not_registered")
    async with sessions() as session:
        tree = await load_org_tree(session)
    ctx = SummaryContext(tree, now, calendar, sessions)
    chosen = check_period(period, now, calendar)
    roots = [resolve_unit(ctx, viewer, unit_query)] if unit_query else default_roots(ctx, viewer)
    return [await _with_aggregates(sessions, ctx, viewer, root.id, chosen, cadence, zone)
            for root in roots]


async def summary_with_aggregates_for_button(
    sessions: Sessions,
    *,
    viewer: Viewer,
    unit_id: int,
    period: str,
    now: datetime,
    calendar: CalendarConfig,
    cadence: Cadence,
    zone: ZoneInfo,
) -> RenderedSummary:
    """What a drill-down / period button shows (raises :class:`SummaryRefused`)."""
    if viewer.person_id is None and not viewer.is_admin:
        raise SummaryRefused("summary.not_registered")
    async with sessions() as session:
        tree = await load_org_tree(session)
    ctx = SummaryContext(tree, now, calendar, sessions)
    chosen = check_period(period, now, calendar)
    return await _with_aggregates(sessions, ctx, viewer, unit_id, chosen, cadence, zone)
