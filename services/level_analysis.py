"""The leader's own analysis of their level (the distributed report), as use cases.

* :func:`open_level` — what a leader sees: the children's progress and results (counts per
  perspective, red goals with their analysis) and their stored analysis.
* :func:`save_level` — save the texts, optionally marking the level klar; guarded by the
  version the card was built from, audited.
* :func:`levels_to_prompt` — the leaders whose children are all klar (after a child's
  submission, or at the deadline for everyone) and who have not finished their analysis.

Each function takes a session, owns its transaction (write functions commit) and returns
:mod:`followup` data.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from followup.calendar import CalendarConfig
from followup.level_progress import (
    AnalysisState,
    LevelProgress,
    StoredAnalysis,
    level_progress,
    levels_ready_for_analysis,
    unit_done,
)
from followup.org import OrgTree, Unit
from followup.perspectives import PERSPECTIVE_ORDER
from followup.report_rules import clean_text
from followup.summary import Summary
from services import Sessions, notices
from services.notices import Notice, NoticeRecipient
from storage.level_analysis import (
    AnalysisConflict,
    analysis_states,
    load_analysis,
    write_analysis,
)
from storage.org_queries import load_org_tree
from storage.periods import get_period
from storage.report_status import goal_counts_by_unit, report_states
from storage.reports import period_bounds
from storage.rollup import build_summary

logger = logging.getLogger(__name__)

#: Longest text per perspective (a leader's analysis is longer than a unit's 2,000).
MAX_ANALYSIS_CHARS = 4000


class LevelOutcome(StrEnum):
    OK = "ok"
    NOT_FOUND = "not_found"  # no such unit, or no such period
    FORBIDDEN = "forbidden"  # not the leader in charge (nor an admin)
    NOT_A_LEVEL = "not_a_level"  # the unit leads no units
    CONFLICT = "conflict"  # someone else saved since the card was made
    INVALID = "invalid"  # a text too long, or an unknown perspective


@dataclass(frozen=True)
class LevelView:
    unit: Unit
    period: str
    progress: LevelProgress
    summary: Summary | None
    analysis: StoredAnalysis
    pending: tuple[str, ...]  # names of the children not yet klar
    may_edit: bool


@dataclass(frozen=True)
class LevelResult:
    outcome: LevelOutcome
    view: LevelView | None = None
    changed: bool = False
    errors: dict[str, str] | None = None  # perspective -> problem (INVALID)
    conflict_by: str | None = None


@dataclass(frozen=True)
class LevelActor:
    person_id: int | None
    name: str
    is_admin: bool = False


@dataclass(frozen=True)
class _Facts:
    tree: OrgTree
    period_id: int
    report_status: dict[int, str]
    analysis: dict[int, AnalysisState]
    with_goals: set[int]


async def _facts(session: AsyncSession, period: str) -> _Facts | None:
    row = await get_period(session, period)
    if row is None:
        return None
    first, last = period_bounds(period)
    return _Facts(
        tree=await load_org_tree(session),
        period_id=row.id,
        report_status=await report_states(session, row.id),
        analysis=await analysis_states(session, row.id),
        with_goals=set(await goal_counts_by_unit(session, first, last)),
    )


def _may_edit(tree: OrgTree, actor: LevelActor, unit_id: int, today: date) -> bool:
    if actor.is_admin:
        return True
    return actor.person_id is not None and \
        tree.manager_in_charge(unit_id, today) == actor.person_id


def _pending(facts: _Facts, unit_id: int) -> tuple[str, ...]:
    return tuple(
        child.name for child in facts.tree.children(unit_id)
        if not unit_done(facts.tree, child.id, report_status=facts.report_status,
                         analysis=facts.analysis, with_goals=facts.with_goals)
    )


async def open_level(session: AsyncSession, *, actor: LevelActor, unit_id: int, period: str,
                     now: datetime, calendar: CalendarConfig,
                     with_summary: bool = True) -> LevelResult:
    today = now.astimezone(calendar.zone).date()
    facts = await _facts(session, period)
    if facts is None or unit_id not in facts.tree.units:
        return LevelResult(LevelOutcome.NOT_FOUND)
    tree = facts.tree
    may_edit = _may_edit(tree, actor, unit_id, today)
    if not may_edit and not (actor.person_id is not None
                             and tree.may_view(actor.person_id, unit_id, today)):
        return LevelResult(LevelOutcome.FORBIDDEN)
    if not tree.has_children(unit_id):
        return LevelResult(LevelOutcome.NOT_A_LEVEL)
    progress = level_progress(tree, unit_id, report_status=facts.report_status,
                              analysis=facts.analysis, with_goals=facts.with_goals)
    summary = None
    if with_summary:
        summary = await build_summary(session, unit_id=unit_id, period=period, today=today,
                                      calendar=calendar)
    analysis = await load_analysis(session, unit_id, facts.period_id)
    view = LevelView(unit=tree.units[unit_id], period=period, progress=progress,
                     summary=summary, analysis=analysis, pending=_pending(facts, unit_id),
                     may_edit=may_edit)
    return LevelResult(LevelOutcome.OK, view=view)


def validate_texts(texts: Mapping[str, object]) -> tuple[dict[str, str], dict[str, str]]:
    """Cleaned texts per perspective, and problems per perspective (``too_long`` /
    ``not_text`` / ``unknown``)."""
    cleaned: dict[str, str] = {}
    errors: dict[str, str] = {}
    for key, value in texts.items():
        if key not in PERSPECTIVE_ORDER:
            errors[key] = "unknown"
            continue
        if value is None:
            value = ""
        if not isinstance(value, str):
            errors[key] = "not_text"
            continue
        text = clean_text(value)
        if len(text) > MAX_ANALYSIS_CHARS:
            errors[key] = "too_long"
            continue
        cleaned[key] = text
    return cleaned, errors


async def save_level(session: AsyncSession, *, actor: LevelActor, unit_id: int, period: str,
                     texts: Mapping[str, object], done: bool, expected_version: int,
                     now: datetime, calendar: CalendarConfig) -> LevelResult:
    """Save the leader's texts (and mark klar when ``done``); commits."""
    opened = await open_level(session, actor=actor, unit_id=unit_id, period=period, now=now,
                              calendar=calendar, with_summary=False)
    if opened.view is None:
        return opened
    if not opened.view.may_edit:
        return LevelResult(LevelOutcome.FORBIDDEN)
    cleaned, errors = validate_texts(texts)
    if errors:
        return LevelResult(LevelOutcome.INVALID, view=opened.view, errors=errors)
    merged = {**opened.view.analysis.texts, **cleaned}
    row = await get_period(session, period)
    assert row is not None  # open_level found it
    label = actor.name if not actor.is_admin else f"{actor.name} (admin)"
    try:
        changed = await write_analysis(
            session, unit_id=unit_id, period_id=row.id, texts=merged, done=done,
            expected_version=expected_version, actor_person_id=actor.person_id,
            actor_label=label, now=now)
    except AnalysisConflict as conflict:
        await session.rollback()
        return LevelResult(LevelOutcome.CONFLICT, view=opened.view, conflict_by=conflict.by)
    await session.commit()
    reopened = await open_level(session, actor=actor, unit_id=unit_id, period=period, now=now,
                                calendar=calendar)
    return LevelResult(LevelOutcome.OK, view=reopened.view, changed=changed)


@dataclass(frozen=True)
class LevelPrompt:
    unit_id: int
    person_id: int
    period: str


async def levels_to_prompt(session: AsyncSession, *, period: str, today: date,
                           only_under: int | None = None) -> list[LevelPrompt]:
    """Leaders to ask for their analysis now: every level whose children are all klar and
    whose analysis is not; with ``only_under`` just the ancestors of that unit (after its
    submission). Levels without anyone in charge are skipped."""
    facts = await _facts(session, period)
    if facts is None:
        return []
    tree = facts.tree
    ready = levels_ready_for_analysis(tree, report_status=facts.report_status,
                                      analysis=facts.analysis, with_goals=facts.with_goals)
    if only_under is not None and only_under in tree.units:
        ancestors = {a.id for a in tree.ancestors(only_under)}
        ready = [u for u in ready if u in ancestors]
    prompts = []
    for unit_id in ready:
        person = tree.manager_in_charge(unit_id, today)
        if person is not None:
            prompts.append(LevelPrompt(unit_id, person, period))
    return prompts


LEVEL_PROMPT_KIND = "level_prompt"


def compose_level_prompt(recipient: NoticeRecipient, view: LevelView, *, period: str,
                         zone: ZoneInfo, not_before: datetime) -> Notice:
    """Ask a leader for their level's analysis (the level card, ready to write in)."""
    from cards.level_analysis import LevelCardData, level_card, level_genitive
    from followup.sv_format import format_period
    from i18n import t

    lang = recipient.lang
    message = t(lang, "level.prompt_text", unit=view.unit.name,
                period=format_period(period, lang),
                level_genitive=level_genitive(view.unit.kind, lang))
    card = level_card(LevelCardData(
        unit_id=view.unit.id, unit_name=view.unit.name, unit_kind=view.unit.kind,
        period=period, progress=view.progress, analysis=view.analysis,
        summary=view.summary, pending=view.pending, may_edit=True, notice=message),
        lang=lang, zone=zone)
    return Notice(kind=LEVEL_PROMPT_KIND, person_id=recipient.person_id,
                  subject=view.unit.id, period=period, text=message, card=card,
                  not_before=not_before, lang=lang)


async def queue_level_prompts(session: AsyncSession, *, period: str, now: datetime,
                              calendar: CalendarConfig, lang: str,
                              only_under: int | None = None, at_deadline: bool = False) -> int:
    """Ask leaders for their level's analysis: those whose children are all klar (after a
    child's submission: ``only_under`` = that unit), or at the deadline every leader whose
    analysis is not klar. The outbox's key (kind, person, period, unit) sends each ask
    once. The caller commits. Returns how many were new."""
    from followup.calendar import next_allowed_send_time

    today = now.astimezone(calendar.zone).date()
    if at_deadline:
        facts = await _facts(session, period)
        if facts is None:
            return 0
        targets = []
        for unit in facts.tree.iter_units():
            if not facts.tree.has_children(unit.id):
                continue
            if facts.analysis.get(unit.id) is AnalysisState.DONE:
                continue
            person = facts.tree.manager_in_charge(unit.id, today)
            if person is not None:
                targets.append(LevelPrompt(unit.id, person, period))
    else:
        targets = await levels_to_prompt(session, period=period, today=today,
                                         only_under=only_under)
    if not targets:
        return 0
    allowed = await notices.recipients(session, (p.person_id for p in targets), lang)
    not_before = next_allowed_send_time(now, calendar)
    composed: list[Notice] = []
    for prompt in targets:
        recipient = allowed.get(prompt.person_id)
        if recipient is None:
            continue  # erased, gone from the directory or unknown
        opened = await open_level(session, actor=LevelActor(prompt.person_id, ""),
                                  unit_id=prompt.unit_id, period=period, now=now,
                                  calendar=calendar)
        if opened.view is not None:
            composed.append(compose_level_prompt(recipient, opened.view, period=period,
                                                 zone=calendar.zone, not_before=not_before))
    queued = len(await notices.enqueue(session, composed, now=now))
    if queued:
        logger.info("level analysis prompts for %s: %d queued", period, queued)
    return queued


# ---------------------------------------------------------------- for the analys dialog


@dataclass(frozen=True)
class LevelChoice:
    """What ``analys [enhet]`` means: one level's ``result``, or else the ``pool`` of
    levels it could mean (empty: none; more than one: the user chooses)."""

    result: LevelResult | None
    pool: list[Unit]


async def open_level_for(sessions: Sessions, *, actor: LevelActor, unit_query: str | None,
                         period: str, today: date, now: datetime,
                         calendar: CalendarConfig) -> LevelChoice:
    """The level the actor is in charge of (any unit for an admin naming one), narrowed
    by ``unit_query``; opened when exactly one matches."""
    from followup.summary import find_units

    async with sessions() as session:
        tree = await load_org_tree(session)
        if actor.is_admin and unit_query:
            pool = list(tree.iter_units())
        else:
            pool = [u for u in tree.units_in_charge(actor.person_id or -1, today)
                    if tree.has_children(u.id)]
        if unit_query:
            pool = find_units(unit_query, pool)
        if len(pool) != 1:
            return LevelChoice(None, pool)
        result = await open_level(session, actor=actor, unit_id=pool[0].id, period=period,
                                  now=now, calendar=calendar)
    return LevelChoice(result, pool)


async def open_level_of(sessions: Sessions, *, actor: LevelActor, unit_id: int, period: str,
                        now: datetime, calendar: CalendarConfig) -> LevelResult:
    """:func:`open_level` in a session of its own."""
    async with sessions() as session:
        return await open_level(session, actor=actor, unit_id=unit_id, period=period,
                                now=now, calendar=calendar)


async def submit_level(sessions: Sessions, *, actor: LevelActor, unit_id: int, period: str,
                       texts: Mapping[str, object], done: bool, expected_version: int,
                       now: datetime, calendar: CalendarConfig, lang: str) -> LevelResult:
    """:func:`save_level` in a session of its own; a level newly marked klar then asks
    the leaders above whose every child is now klar for their own analysis (in a
    transaction of its own: a failure to queue never undoes what was saved)."""
    async with sessions() as session:
        result = await save_level(
            session, actor=actor, unit_id=unit_id, period=period, texts=texts, done=done,
            expected_version=expected_version, now=now, calendar=calendar)
    if result.outcome is LevelOutcome.OK and result.view is not None and done \
            and result.changed:
        async with sessions() as session:
            try:
                await queue_level_prompts(session, period=period, now=now, calendar=calendar,
                                          lang=lang, only_under=unit_id)
                await session.commit()
            except Exception:  # the analysis itself is committed; the prompt is a courtesy
                logger.exception("could not queue the level analysis prompts after unit "
                                 "%s/%s", unit_id, period)
                await session.rollback()
    return result
