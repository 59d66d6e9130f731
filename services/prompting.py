"""The report round as a use case: prompts, reminders and escalations of a period.

The truth lives in the database, not in APScheduler. :func:`queue_round` answers "what
should have been sent by now and hasn't been?" for one job and queues those messages in
the outbox (through :func:`services.notices.enqueue`), whose unique key per (kind,
recipient, period, unit) makes a second run a no-op. A bot that was down at a send time
therefore catches up when it starts; a message whose window has passed (see
:mod:`services.round_rules`) is skipped rather than sent late. The function opens and
commits its own sessions and returns a :class:`JobReport`; the scheduler only decides
when it runs.

Also here: the report feature's prompt card (:func:`prompt_card_for`) and the message
that carries it (:func:`build_prompt_message`), used by the round and by the
``rapportera`` command.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from typing import Any

from microsoft_agents.activity import Activity
from microsoft_agents.hosting.core import CardFactory, MessageFactory
from sqlalchemy.ext.asyncio import AsyncSession

from cards.outbox_messages import LateUnit, UnitPrompt
from cards.report import prompt_card
from config import Settings
from followup.calendar import (
    CalendarConfig,
    PeriodSchedule,
    current_open_period,
    schedule_for,
)
from followup.org import OrgTree, ReportRole
from followup.report_kinds import kind_for_period
from followup.sv_format import format_deadline, format_period, join_names
from i18n import t, t_kind
from services import Sessions, notices
from services import round_rules as reconcile
from services.decisions import plan_decision_prompts, plan_decision_reminders
from services.mandate import only_anmalan_missing
from services.notices import Notice, NoticeRecipient
from services.round_rules import Job, Window
from storage import outbox
from storage.org_queries import load_org_tree
from storage.periods import ensure_period, get_period
from storage.report_status import (
    PersonInfo,
    goal_counts_by_unit,
    people_info,
    record_job_run,
    report_states,
)
from storage.reports import prompt_overview

logger = logging.getLogger(__name__)

Card = dict[str, Any]


# --------------------------------------------------------------------------- the prompt card


async def prompt_card_for(
    session: AsyncSession, *, person_id: int, period: str, now: datetime,
    cfg: CalendarConfig, lang: str = "sv", tz: tzinfo | None = None,
    unit_ids: Sequence[int] | None = None,
) -> Card | None:
    """The monthly prompt card for a person: every unit they report for in ``period``
    (as manager in charge or acting manager; or only ``unit_ids``). None when there is
    none. Reads only (the period row is created from the calendar if missing)."""
    overviews = await prompt_overview(session, person_id=person_id, period=period, now=now,
                                      cfg=cfg, unit_ids=unit_ids)
    if not overviews:
        return None
    return prompt_card(overviews, lang=lang, tz=tz or cfg.zone)


def build_prompt_message(card: Card, *, period: str, lang: str = "sv") -> Activity:
    """A message activity carrying the prompt card (with a notification summary)."""
    activity = MessageFactory.attachment(CardFactory.adaptive_card(card))
    activity.summary = t_kind(lang, "report.prompt.summary", kind_for_period(period).key,
                              period=format_period(period, lang))
    return activity


# --------------------------------------------------------------------------- the round


class JobError(ValueError):
    """Bad input for a manual run (e.g. a month that is not followed up)."""


@dataclass(frozen=True)
class Planned:
    """One message a job queues (or would queue, in a dry run)."""

    kind: str
    person_id: int
    person_name: str
    unit_names: tuple[str, ...]
    not_before: datetime
    new: bool


@dataclass
class JobReport:
    job: Job
    period: str | None
    dry_run: bool
    reason: tuple[str, dict[str, str]] | None = None
    planned: list[Planned] = field(default_factory=list)
    queued: int = 0
    existing: int = 0
    orphan_units: list[str] = field(default_factory=list)
    # Units without a manager whose messages go to the nearest leader: (unit, leader).
    stood_in_units: list[tuple[str, str]] = field(default_factory=list)

    def reason_text(self, lang: str) -> str | None:
        if self.reason is None:
            return None
        key, params = self.reason
        return t(lang, key, **params)


# --------------------------------------------------------------------------- windows


def _when(dt: datetime, lang: str) -> str:
    return format_deadline(dt, lang)


def _choose_window(
    job: Job, schedule: PeriodSchedule, now: datetime, *, manual: bool, lang: str
) -> tuple[Window | None, int | None, tuple[str, dict[str, str]] | None]:
    """The window to send in, the reminder slot, or why nothing is to be done."""
    period = schedule.period
    if now < schedule.opens_at:
        return None, None, ("job.not_open_yet", {"period": period,
                                                 "opens": _when(schedule.opens_at, lang)})
    if now >= schedule.closes_at:
        return None, None, ("job.closed", {"period": period,
                                           "closes": _when(schedule.closes_at, lang)})
    not_due = ("job.not_due", {"period": period})
    if job is Job.OPEN:
        window = reconcile.prompt_window(schedule)
        if manual:
            window = Window(schedule.opens_at, schedule.closes_at)
        return (window, None, None) if window.state(now) == "open" else (None, None, not_due)
    if job is Job.REMIND:
        if not schedule.reminders and not manual:
            return None, None, ("job.no_reminders", {})
        if now >= schedule.deadline_at:
            return None, None, ("job.deadline_passed", {"period": period})
        current = reconcile.current_reminder_slot(schedule, now)
        if current is not None:
            return current[1], current[0], None
        if manual:
            # Before the first reminder (or none configured): the admin's reminder takes
            # the first slot, so the configured number is never exceeded.
            return Window(now, schedule.deadline_at), 1, None
        return None, None, not_due
    if now < schedule.deadline_at:
        return None, None, ("job.deadline_not_passed", {
            "period": period, "deadline": _when(schedule.deadline_at, lang)})
    window = reconcile.escalation_window(schedule)
    if manual:
        window = Window(schedule.deadline_at, schedule.closes_at)
    return (window, None, None) if window.state(now) == "open" else (None, None, not_due)


# --------------------------------------------------------------------------- the jobs


async def queue_round(
    sessionmaker: Sessions,
    settings: Settings,
    job: Job,
    *,
    now: datetime,
    period: str | None = None,
    dry_run: bool = False,
    include_decisions: bool = False,
    send_now: bool = False,
) -> JobReport:
    """Queue what ``job`` should have sent by ``now`` (for ``period``, else the open one).

    A manual run (``period`` given) also sends after the regular window, up to the
    period's close; it never sends a reminder after the deadline or an escalation before.
    ``include_decisions`` (``python -m admin run``) adds the decision follow-up of the
    job: the monthly decision cards with ``open``, reminders of overdue decisions with
    ``remind``. A ``dry_run`` writes nothing at all and lists every message the same run
    would queue (marking those already in the outbox). ``send_now`` (``run --now``, local
    mode only) queues the messages for ``now`` instead of the next allowed send moment.
    """
    cfg = settings.calendar
    lang = settings.language
    manual = period is not None
    if period is None:
        period = current_open_period(now, cfg)
        if period is None:
            return JobReport(job, None, dry_run, reason=("job.no_open_period", {}))
    try:
        schedule = schedule_for(period, cfg)
    except ValueError as exc:
        raise JobError(str(exc)) from None
    window, slot, reason = _choose_window(job, schedule, now, manual=manual, lang=lang)
    report = JobReport(job, schedule.period, dry_run, reason=reason)
    if window is None:
        return report
    moment = now if send_now else reconcile.send_moment(now, window, cfg)
    if moment is None:
        report.reason = ("job.not_due", {"period": schedule.period})
        return report
    started = datetime.now(UTC)
    async with sessionmaker() as session, session.begin():
        if dry_run:  # no period row yet means no reports yet; a dry run creates nothing
            found = await get_period(session, schedule.period)
            states = await report_states(session, found.id) if found is not None else {}
        else:
            period_row = await ensure_period(session, schedule.period, cfg)
            states = await report_states(session, period_row.id)
        tree = await load_org_tree(session)
        goals = await goal_counts_by_unit(session, *reconcile.month_bounds(schedule.period))
        submitted = [u for u, s in states.items() if s == "submitted"]
        on = moment.astimezone(cfg.zone).date()
        builder = _NoticeBuilder(settings, schedule, tree, goals, states, window, moment)
        targets: list[_Target] = []
        if job is Job.ESCALATE:
            by_leader = reconcile.late_units_by_leader(tree, goals.keys(), submitted, on)
            managers = {c.person_id for u in goals if (c := tree.responsible(u, on))}
            people = await people_info(session, set(by_leader) | managers)
            allowed = await notices.recipients(session, by_leader, lang)
            targets = [
                _Target(reconcile.KIND_ESCALATION, allowed[leader], None, tuple(units))
                for leader, units in by_leader.items()
                if leader in allowed
            ]
        else:
            unit_messages, orphans = reconcile.managers_to_prompt(
                tree, goals.keys(), submitted, on
            )
            report.orphan_units = [tree.units[u].name for u in orphans]
            people = await people_info(session, {m.person_id for m in unit_messages})
            allowed = await notices.recipients(session, people, lang)
            report.stood_in_units = [
                (tree.units[m.unit_id].name, people[m.person_id].name)
                for m in unit_messages
                if m.person_id in allowed
                and (c := tree.responsible(m.unit_id, on)) is not None
                and c.role is ReportRole.LEADER
            ]
            kind = reconcile.KIND_PROMPT if job is Job.OPEN else reconcile.reminder_kind(
                slot or 1
            )
            targets = _one_per_person(kind, unit_messages, allowed)
        decisions: list[Notice] = []
        if include_decisions and job is not Job.ESCALATE:
            decisions = await _decision_notices(session, settings, job, schedule.period, now)
            if send_now:  # run --now: the decision notices go at once too
                decisions = [dataclasses.replace(d, not_before=now) for d in decisions]
            people.update(await people_info(session, {d.person_id for d in decisions}))
        # Only messages not in the outbox yet are built (a reconcile runs every minute).
        existing = await outbox.existing_keys(
            session, [*(t.key(schedule.period) for t in targets),
                      *(d.key() for d in decisions)]
        )
    fresh = [t for t in targets if t.key(schedule.period) not in existing]
    built: dict[str, Notice] = {}
    if fresh and not dry_run:
        # The report feature's card builder manages its own transactions: own session.
        async with sessionmaker() as session:
            for target in fresh:
                built[target.key(schedule.period)] = await builder.notice(
                    session, target, people
                )
    async with sessionmaker() as session, session.begin():
        queued: set[str] = set()
        if not dry_run:
            queued = {n.key() for n in await notices.enqueue(
                session, [*built.values(), *(d for d in decisions if d.key() not in existing)],
                now=now)}
        for target in targets:
            key = target.key(schedule.period)
            new = key in queued if not dry_run else key not in existing
            report.planned.append(
                Planned(target.kind, target.person.person_id, target.person.name,
                        tuple(tree.units[u].name for u in target.unit_ids), moment, new)
            )
        for notice in decisions:
            key = notice.key()
            new = key in queued if not dry_run else key not in existing
            person = people.get(notice.person_id)
            unit = tree.units.get(notice.subject) if notice.subject is not None else None
            report.planned.append(
                Planned(notice.kind, notice.person_id, person.name if person else "?",
                        (unit.name if unit else "?",), notice.not_before, new)
            )
        report.queued = sum(1 for p in report.planned if p.new)
        report.existing = len(report.planned) - report.queued
        if not dry_run:
            await record_job_run(
                session,
                job=str(job),
                period=schedule.period,
                started_at=started,
                finished_at=datetime.now(UTC),
                queued=report.queued,
            )
    if report.queued and not dry_run:
        logger.info("%s %s: queued %d message(s)", job, schedule.period, report.queued)
    return report


async def _decision_notices(
    session: AsyncSession, settings: Settings, job: Job, period: str, now: datetime
) -> list[Notice]:
    """The decision messages that go with a manual ``open`` or ``remind`` run."""
    cfg, lang = settings.calendar, settings.language
    if job is Job.OPEN:
        return await plan_decision_prompts(session, period=period, now=now, calendar=cfg,
                                           lang=lang)
    return await plan_decision_reminders(session, now=now, calendar=cfg, lang=lang)


@dataclass(frozen=True)
class _Target:
    """Who gets which message (the notice is composed only when it is new)."""

    kind: str
    person: NoticeRecipient
    unit_id: int | None
    unit_ids: tuple[int, ...]

    def key(self, period: str) -> str:
        return outbox.dedupe_key(self.kind, self.person.person_id, period, self.unit_id)


def _one_per_person(kind: str, unit_messages: list[reconcile.UnitMessage],
                    allowed: Mapping[int, NoticeRecipient]) -> list[_Target]:
    """One prompt (or reminder) per person listing all their units (issue 17 §8), not one
    per unit. A person with a single unit keeps the unit's own outbox key (and the skip
    when that unit's report is submitted before the message goes out). ``allowed``: the
    recipients the notice policy let through."""
    by_person: dict[int, list[int]] = {}
    for m in unit_messages:
        if m.person_id in allowed:
            by_person.setdefault(m.person_id, []).append(m.unit_id)
    return [
        _Target(kind, allowed[person_id], units[0] if len(units) == 1 else None, tuple(units))
        for person_id, units in by_person.items()
    ]


class _NoticeBuilder:
    """Composes the round's notices: the report feature's prompt card (with a reminder
    banner for reminders) when it can build one, else the plain card."""

    def __init__(
        self,
        settings: Settings,
        schedule: PeriodSchedule,
        tree: OrgTree,
        goals: dict[int, Any],
        states: dict[int, str],
        window: Window,
        moment: datetime,
    ) -> None:
        self._settings = settings
        self._schedule = schedule
        self._tree = tree
        self._goals = goals
        self._states = states
        self._moment = moment
        self._expires = window.end
        self._deadline = schedule.deadline_at.astimezone(settings.calendar.zone)

    async def notice(
        self, session: AsyncSession, target: _Target, people: dict[int, PersonInfo]
    ) -> Notice:
        if target.kind == reconcile.KIND_ESCALATION:
            return self._escalation(target, people)
        return await self._unit_notice(session, target)

    async def _unit_notice(self, session: AsyncSession, target: _Target) -> Notice:
        lang = target.person.lang
        units = target.unit_ids
        goal_counts: dict[str, int] = {}
        for unit_id in units:
            for perspective, count in dict(self._goals.get(unit_id, {})).items():
                goal_counts[perspective] = goal_counts.get(perspective, 0) + int(count)
        states = {reconcile.report_status_of(u, self._states) for u in units}
        prompt = UnitPrompt(
            person_name=target.person.name,
            unit_name=join_names([self._tree.units[u].name for u in units], lang),
            period=self._schedule.period,
            deadline=self._deadline,
            goal_counts=goal_counts,
            state="draft" if "draft" in states else "not_started",
        )
        if target.kind != reconcile.KIND_PROMPT and prompt.state == "draft":
            prompt = dataclasses.replace(prompt, only_anmalan=await only_anmalan_missing(
                session, target.person.person_id, list(units), self._schedule.period,
                self._moment, self._moment.astimezone(self._settings.calendar.zone).date(),
                self._settings.calendar))
        try:
            report_card = await prompt_card_for(
                session, person_id=target.person.person_id, period=self._schedule.period,
                now=self._moment, cfg=self._settings.calendar, lang=lang,
                unit_ids=list(units),
            )
        except Exception:  # the plain card still goes out; the failure is logged in full
            logger.exception("the report prompt card failed for units %s", units)
            await session.rollback()
            report_card = None
        if target.kind == reconcile.KIND_PROMPT:
            return notices.compose_prompt(
                target.person, prompt, unit_id=target.unit_id, report_card=report_card,
                not_before=self._moment, expires_at=self._expires)
        return notices.compose_reminder(
            target.person, prompt, kind=target.kind, unit_id=target.unit_id,
            report_card=report_card, not_before=self._moment, expires_at=self._expires)

    def _escalation(self, target: _Target, people: dict[int, PersonInfo]) -> Notice:
        on = self._moment.astimezone(self._settings.calendar.zone).date()
        late = []
        for unit_id in target.unit_ids:
            charge = self._tree.responsible(unit_id, on)
            manager = charge.person_id if charge is not None else None
            late.append(
                LateUnit(
                    name=self._tree.units[unit_id].name,
                    manager_name=people[manager].name if manager in people else None,
                    state=reconcile.report_status_of(unit_id, self._states),
                )
            )
        return notices.compose_escalation(
            target.person, period=self._schedule.period, deadline=self._deadline,
            late=late, not_before=self._moment, expires_at=self._expires)


