"""The leader's summary as the ``sammanställning`` command and its buttons show it: the
roll-up card and, at its end, the employees' check-ins as aggregates (groups under five
people suppressed).

Both halves read the same subtree but nothing of each other, so they run at the same
time, each on a session of its own: the card's wait is the longer of the two, not their
sum. The counts are shown only when the viewer may see the unit. Each use case opens its
own sessions and returns plain data (read only: nothing to commit).
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
    render,
    resolve_unit,
)
from storage.org_queries import load_org_tree_cached

logger = logging.getLogger(__name__)


def _count(sessions: Sessions, unit_id: int, now: datetime, cadence: Cadence,
           zone: ZoneInfo) -> asyncio.Task[UpwardSummary | None]:
    """Start counting the subtree's check-ins on a session of its own."""
    async def count() -> UpwardSummary | None:
        async with sessions() as session:
            return await upward_summary(session, unit_id=unit_id,
                                        today=now.astimezone(zone).date(),
                                        cadence=cadence, zone=zone)
    return asyncio.create_task(count())


async def _cancel(task: asyncio.Task[UpwardSummary | None]) -> None:
    task.cancel()
    with contextlib.suppress(BaseException):
        await task


async def _with_aggregates(sessions: Sessions, ctx: SummaryContext, viewer: Viewer,
                           unit_id: int, period: str,
                           upward: asyncio.Task[UpwardSummary | None]) -> RenderedSummary:
    """One unit's card with the aggregates (being counted by ``upward``) at its end."""
    try:
        async with sessions() as session:
            rendered = await render(session, ctx, viewer, unit_id, period)
    except BaseException:
        await _cancel(upward)  # refused: what was counted is never shown
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
        tree = await load_org_tree_cached(session)
    ctx = SummaryContext(tree, now, calendar, sessions)
    chosen = check_period(period, now, calendar)
    roots = [resolve_unit(ctx, viewer, unit_query)] if unit_query else default_roots(ctx, viewer)
    out = []
    for root in roots:
        out.append(await _with_aggregates(sessions, ctx, viewer, root.id, chosen,
                                          _count(sessions, root.id, now, cadence, zone)))
    return out


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
    # Counted from the start, beside the org tree and the card: only counts, and shown
    # only if the viewer may see the unit.
    upward = _count(sessions, unit_id, now, cadence, zone)
    try:
        async with sessions() as session:
            tree = await load_org_tree_cached(session)
        ctx = SummaryContext(tree, now, calendar, sessions)
        chosen = check_period(period, now, calendar)
    except BaseException:
        await _cancel(upward)
        raise
    return await _with_aggregates(sessions, ctx, viewer, unit_id, chosen, upward)
