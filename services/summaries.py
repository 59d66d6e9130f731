"""Leader summaries as a service: who may see what, which period, the card to show or send.

Used by the ``sammanställning`` command and its buttons (:mod:`dialogs.summary`) and by
the scheduler on the summary day (:func:`queue_summaries`). Building a summary only
reads; :func:`queue_summaries` queues the summary notices in the transaction of the job
that runs it (which records the run in the same transaction), so a summary day is
queued all or not at all.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from cards.summary import summary_card, summary_text
from followup.calendar import CalendarConfig, is_followed_period, next_allowed_send_time
from followup.level_progress import AnalysisState, level_progress
from followup.org import OrgTree, Unit
from followup.summary import (
    LevelAnalysisLine,
    Summary,
    SummaryArgsError,
    SummaryNav,
    UnitRef,
    find_units,
    has_opened,
    latest_opened_period,
    leader_subtrees,
    navigation_periods,
)
from followup.sv_format import format_period
from services import notices
from services.notices import Notice, NoticeRecipient
from storage.level_analysis import analyses_for, analysis_states
from storage.org_queries import load_org_tree, load_org_tree_cached
from storage.periods import get_period
from storage.report_status import report_states, units_with_goals
from storage.reports import period_bounds
from storage.rollup import build_summary

logger = logging.getLogger(__name__)

SUMMARY_KIND = "summary"
MAX_CARDS_PER_REQUEST = 5


@dataclass(frozen=True)
class Viewer:
    person_id: int | None
    is_admin: bool = False
    lang: str = "sv"


class SummaryRefused(Exception):
    """The viewer gets no summary; ``key``/``params`` name the i18n message."""

    def __init__(self, key: str, **params: str) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


@dataclass(frozen=True)
class RenderedSummary:
    summary: Summary
    nav: SummaryNav
    card: dict[str, Any]
    text: str


@dataclass(frozen=True)
class _LevelFacts:
    period_id: int
    report_status: dict[int, str]
    analysis: dict[int, AnalysisState]
    with_goals: set[int]


@dataclass
class SummaryContext:
    """What one request needs: the org tree, the time and the calendar; with ``sessions``
    a big summary's queries run side by side on connections of their own."""

    tree: OrgTree
    now: datetime
    calendar: CalendarConfig
    sessions: async_sessionmaker[AsyncSession] | None = None
    today: date = field(init=False)
    level_facts: dict[tuple[str, int], _LevelFacts | None] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.today = self.now.astimezone(self.calendar.zone).date()


def may_view(ctx: SummaryContext, viewer: Viewer, unit_id: int) -> bool:
    """Leaders see their own subtree, the kommunchef everything, admins everything."""
    if unit_id not in ctx.tree.units:
        return False
    if viewer.is_admin:
        return True
    if viewer.person_id is None:
        return False
    return ctx.tree.may_view(viewer.person_id, unit_id, ctx.today)


def check_period(period: str | None, now: datetime, cfg: CalendarConfig) -> str:
    """The period to show: the one asked for if it has opened, else the latest one."""
    latest = latest_opened_period(now, cfg)
    if period is None:
        return latest
    if not is_followed_period(period, cfg):
        raise SummaryRefused("summary.not_followed", period=period)
    if not has_opened(period, now, cfg):
        raise SummaryRefused("summary.not_opened", period=period, latest_code=latest)
    return period


def default_roots(ctx: SummaryContext, viewer: Viewer) -> list[Unit]:
    """The subtrees a viewer's summary covers when no unit is named: the units they lead
    (top-most), else the units they manage; admins without units get the whole org."""
    tree = ctx.tree
    roots: list[Unit] = []
    if viewer.person_id is not None:
        roots = tree.led_subtree_roots(viewer.person_id, ctx.today)
        if not roots:
            managed = tree.units_managed(viewer.person_id, ctx.today)
            ids = {u.id for u in managed}
            roots = [u for u in managed if not any(a.id in ids for a in tree.ancestors(u.id))]
    if not roots and viewer.is_admin:
        roots = tree.roots()
    if not roots:
        raise SummaryRefused(
            "summary.not_leader" if viewer.person_id is not None else "summary.not_registered"
        )
    order = {u.id: i for i, u in enumerate(tree.iter_units())}
    return sorted(roots, key=lambda u: order.get(u.id, 0))[:MAX_CARDS_PER_REQUEST]


def resolve_unit(ctx: SummaryContext, viewer: Viewer, query: str) -> Unit:
    """The unit a viewer named; visible units win when a name is ambiguous."""
    matches = find_units(query, ctx.tree.units.values())
    if not matches:
        raise SummaryRefused("summary.unknown_unit", query=query)
    visible = [u for u in matches if may_view(ctx, viewer, u.id)]
    if len(visible) == 1:
        return visible[0]
    if len(matches) == 1:
        raise SummaryRefused("summary.not_allowed", unit=matches[0].name)
    candidates = visible or matches
    if not visible:
        raise SummaryRefused("summary.not_allowed", unit=query)
    names = ", ".join(f"{u.name} ({u.code})" for u in candidates[:8])
    raise SummaryRefused("summary.ambiguous_unit", query=query, units=names,
                         example=candidates[0].code)


async def render(
    session: AsyncSession, ctx: SummaryContext, viewer: Viewer, unit_id: int, period: str
) -> RenderedSummary:
    """The card of one unit's subtree for a viewer who may see it."""
    if not may_view(ctx, viewer, unit_id):
        unit = ctx.tree.units.get(unit_id)
        raise SummaryRefused("summary.not_allowed", unit=unit.name if unit else str(unit_id))
    summary = await build_summary(session, unit_id=unit_id, period=period, today=ctx.today,
                                  calendar=ctx.calendar, sessions=ctx.sessions)
    if summary is None:
        raise SummaryRefused("summary.unknown_unit", query=str(unit_id))
    summary = await with_level_analysis(session, ctx, summary)
    summary = await with_economy(session, summary)
    before, after = navigation_periods(period, ctx.now, ctx.calendar)
    parent = summary.parent
    nav = SummaryNav(
        previous_period=before,
        next_period=after,
        up=parent if parent is not None and may_view(ctx, viewer, parent.id) else None,
        drill_down=True,
        write_analysis=summary.level_progress is not None and (
            viewer.is_admin or (viewer.person_id is not None and
                                ctx.tree.manager_in_charge(unit_id, ctx.today)
                                == viewer.person_id)),
    )
    card = summary_card(summary, nav, lang=viewer.lang)
    return RenderedSummary(summary, nav, card, summary_text(summary, lang=viewer.lang))


async def _level_facts(session: AsyncSession, ctx: SummaryContext, period: str,
                       root_id: int) -> _LevelFacts | None:
    """What the progress of the level led from ``root_id`` needs (its own and its
    children's report, analysis and goals), read once per period, level and request."""
    key = (period, root_id)
    if key in ctx.level_facts:
        return ctx.level_facts[key]
    row = await get_period(session, period)
    facts = None
    if row is not None:
        first, last = period_bounds(period)
        children = [c.id for c in ctx.tree.children(root_id)]
        facts = _LevelFacts(row.id, await report_states(session, row.id, children),
                            await analysis_states(session, row.id, [root_id, *children]),
                            await units_with_goals(session, first, last, children))
    ctx.level_facts[key] = facts
    return facts


async def with_economy(session: AsyncSession, summary: Summary) -> Summary:
    """The subtree's economy for a monthly period (the summary's Ekonomi section)."""
    from storage.economy import subtree_economy

    match = re.fullmatch(r"(\d{4})-(\d{2})", summary.period)
    if match is None:
        return summary
    economy = await subtree_economy(session, root_unit_id=summary.root.id,
                                    year=int(match.group(1)), month=int(match.group(2)))
    return dataclasses.replace(summary, economy=economy) if economy else summary


async def with_level_analysis(session: AsyncSession, ctx: SummaryContext,
                              summary: Summary) -> Summary:
    """The summary with its root level's progress and analysis, and the analyses of the
    levels just below (the distributed report)."""
    tree = ctx.tree
    root_id = summary.root.id
    if root_id not in tree.units or not tree.has_children(root_id):
        return summary
    facts = await _level_facts(session, ctx, summary.period, root_id)
    if facts is None:
        return summary
    progress = level_progress(tree, root_id, report_status=facts.report_status,
                              analysis=facts.analysis, with_goals=facts.with_goals)
    led_children = [c for c in tree.children(root_id) if tree.has_children(c.id)]
    stored = await analyses_for(session, [root_id, *(c.id for c in led_children)],
                                facts.period_id)

    def line(unit: Unit) -> LevelAnalysisLine | None:
        found = stored.get(unit.id)
        if found is None:
            return None
        return LevelAnalysisLine(UnitRef(unit.id, unit.code, unit.name), unit.kind,
                                 found.state, found.texts, found.done_by)

    own = line(tree.units[root_id])
    children = tuple(x for x in (line(c) for c in led_children) if x is not None)
    return dataclasses.replace(summary, level_progress=progress, own_analysis=own,
                               child_analyses=children)


def refusal_params(error: SummaryRefused | SummaryArgsError, lang: str) -> dict[str, str]:
    """Message parameters with periods written out ("oktober 2026")."""
    params = dict(error.params)
    for key in ("period", "latest"):
        if key in params:
            try:
                params[key] = format_period(params[key], lang)
            except ValueError:
                pass
    if "latest_code" in params and "latest" not in params:
        params["latest"] = format_period(params["latest_code"], lang)
    return params


async def summaries_for_command(
    session: AsyncSession,
    *,
    viewer: Viewer,
    unit_query: str | None,
    period: str | None,
    now: datetime,
    calendar: CalendarConfig,
    sessions: async_sessionmaker[AsyncSession] | None = None,
) -> list[RenderedSummary]:
    """What ``sammanställning [enhet] [period]`` shows (raises :class:`SummaryRefused`)."""
    if viewer.person_id is None and not viewer.is_admin:
        raise SummaryRefused("summary.not_registered")
    ctx = SummaryContext(await load_org_tree_cached(session), now, calendar, sessions)
    chosen = check_period(period, now, calendar)
    roots = [resolve_unit(ctx, viewer, unit_query)] if unit_query else default_roots(ctx, viewer)
    return [await render(session, ctx, viewer, root.id, chosen) for root in roots]


async def summary_for_button(
    session: AsyncSession,
    *,
    viewer: Viewer,
    unit_id: int,
    period: str,
    now: datetime,
    calendar: CalendarConfig,
    sessions: async_sessionmaker[AsyncSession] | None = None,
) -> RenderedSummary:
    """What a drill-down / period button shows (raises :class:`SummaryRefused`)."""
    if viewer.person_id is None and not viewer.is_admin:
        raise SummaryRefused("summary.not_registered")
    ctx = SummaryContext(await load_org_tree_cached(session), now, calendar, sessions)
    chosen = check_period(period, now, calendar)
    return await render(session, ctx, viewer, unit_id, chosen)


# --------------------------------------------------------------------------- the summary day


def compose_summary(recipient: NoticeRecipient, rendered: RenderedSummary, *, unit_id: int,
                    period: str, not_before: datetime) -> Notice:
    """A leader's summary of one led subtree, as sent on the summary day."""
    return Notice(kind=SUMMARY_KIND, person_id=recipient.person_id, subject=unit_id,
                  period=period, text=rendered.text, card=rendered.card,
                  not_before=not_before, lang=recipient.lang)


async def queue_summaries(
    session: AsyncSession,
    *,
    period: str,
    now: datetime,
    lang: str,
    calendar: CalendarConfig,
) -> int:
    """Queue one summary per leader and led subtree for ``period`` in the outbox; the
    kommunchef's covers the whole organisation. Returns how many were newly queued (the
    outbox ignores a leader/period/unit it already has, so running twice sends once).
    The card is built now, from the live figures; a report submitted later shows up in the
    on-demand summary and in next period's trend."""
    ctx = SummaryContext(await load_org_tree(session), now, calendar)
    targets = leader_subtrees(ctx.tree, ctx.today)
    allowed = await notices.recipients(session, (t.person_id for t in targets), lang)
    not_before = next_allowed_send_time(now, calendar)
    composed: list[Notice] = []
    for target in targets:
        recipient = allowed.get(target.person_id)
        if recipient is None:
            continue  # erased, gone from the directory or unknown
        viewer = Viewer(person_id=target.person_id, lang=recipient.lang)
        rendered = await render(session, ctx, viewer, target.root_id, period)
        composed.append(compose_summary(recipient, rendered, unit_id=target.root_id,
                                        period=period, not_before=not_before))
    queued = len(await notices.enqueue(session, composed, now=now))
    logger.info("queued %d of %d summaries for %s", queued, len(targets), period)
    return queued
