"""The rounds beyond the report round: leader summaries, the leaders' analysis prompts,
decision follow-up and the employees' check-ins.

Each round runs at most once per natural key (``scheduler.followup_jobs`` decides when):
in one transaction it queues its notices and records the finished run in ``job_runs``,
so the (costly) card rendering is not repeated every minute; the outbox's unique keys
make a rerun harmless anyway.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from followup.calendar import CalendarConfig
from followup.individual import Cadence
from services import Sessions
from storage.models import JobRun

logger = logging.getLogger(__name__)

SUMMARY_JOB = "summaries"
DECISION_PROMPT_JOB = "decision_prompts"
DECISION_REMINDER_JOB = "decision_reminders"
CHECKIN_JOB = "individual_checkins"  # employees' check-in cards and their one reminder
LEVEL_PROMPT_JOB = "level_prompts"  # leaders not yet done with their analysis, at the deadline


async def _already_ran(session: AsyncSession, job: str, period: str | None) -> bool:
    same_period = JobRun.period.is_(None) if period is None else JobRun.period == period
    row = (
        await session.execute(
            select(JobRun.id)
            .where(JobRun.job == job, same_period, JobRun.error.is_(None))
            .where(JobRun.finished_at.is_not(None))
            .limit(1)
        )
    ).first()
    return row is not None


async def _run_once(
    sessions: Sessions,
    job: str,
    period: str | None,
    now: datetime,
    step: Callable[[AsyncSession], Awaitable[int]],
) -> int | None:
    """Run ``step(session)`` in one transaction unless (job, period) already finished."""
    async with sessions() as session, session.begin():
        if await _already_ran(session, job, period):
            return None
        queued = await step(session)
        session.add(JobRun(job=job, period=period, started_at=now, finished_at=now,
                           queued=int(queued)))
    # INFO only when something was queued: the jobs run every few minutes.
    logger.log(logging.INFO if queued else logging.DEBUG, "%s (%s): %d message(s) queued",
               job, period or "-", queued)
    return int(queued)


async def summary_round(sessions: Sessions, *, period: str, now: datetime,
                        calendar: CalendarConfig, lang: str) -> int | None:
    """The leaders' summaries of ``period``; None when already sent."""
    from services.summaries import queue_summaries

    async def step(session: AsyncSession) -> int:
        return await queue_summaries(session, period=period, now=now, lang=lang,
                                     calendar=calendar)

    return await _run_once(sessions, SUMMARY_JOB, period, now, step)


async def level_prompt_round(sessions: Sessions, *, period: str, now: datetime,
                             calendar: CalendarConfig, lang: str) -> int | None:
    """At the deadline: leaders not yet done with their analysis of ``period``."""
    from services.level_analysis import queue_level_prompts

    async def step(session: AsyncSession) -> int:
        return await queue_level_prompts(session, period=period, now=now, calendar=calendar,
                                         lang=lang, at_deadline=True)

    return await _run_once(sessions, LEVEL_PROMPT_JOB, period, now, step)


async def decision_prompt_round(sessions: Sessions, *, period: str, now: datetime,
                                calendar: CalendarConfig, lang: str) -> int | None:
    """The decision cards of ``period``, once after it opens."""
    from services.decisions import queue_decision_prompts

    async def step(session: AsyncSession) -> int:
        return await queue_decision_prompts(session, period=period, now=now,
                                            calendar=calendar, lang=lang)

    return await _run_once(sessions, DECISION_PROMPT_JOB, period, now, step)


async def checkin_round(sessions: Sessions, *, phase: str, period: str, now: datetime,
                        cadence: Cadence, zone: ZoneInfo, lang: str) -> int | None:
    """The employees' check-in cards (``phase`` ``open``) or their one reminder
    (``reminder``: only those not checked in) for the check-in ``period``."""
    from services.individual import queue_checkin_prompts

    async def step(session: AsyncSession) -> int:
        return await queue_checkin_prompts(session, now=now, cadence=cadence, zone=zone,
                                           lang=lang)

    return await _run_once(sessions, f"{CHECKIN_JOB}:{phase}", period, now, step)


async def decision_reminder_round(sessions: Sessions, *, today: str, now: datetime,
                                  calendar: CalendarConfig, lang: str) -> int | None:
    """Reminders of overdue decisions, once per local day ``today`` (ISO date)."""
    from services.decisions import queue_decision_reminders

    async def step(session: AsyncSession) -> int:
        return await queue_decision_reminders(session, now=now, calendar=calendar, lang=lang)

    return await _run_once(sessions, f"{DECISION_REMINDER_JOB}@{today}", None, now, step)
