"""Rounds beyond the report round: leader summaries, the leaders' analysis prompts,
decision follow-up and the employees' check-ins (each in its own transaction).

Each step runs at most once per natural key (summary: once per period, on or after the
summary moment; decision prompts: once per period after it opens; decision reminders:
once per local day). A finished run is recorded in ``job_runs`` so the (costly) card
rendering is not repeated every minute; the outbox's unique keys make a rerun harmless
anyway.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from config import Settings
from followup.calendar import current_open_period, schedule_for
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
    sessionmaker: Sessions,
    job: str,
    period: str | None,
    now: datetime,
    step: Callable[[AsyncSession], Awaitable[int]],
) -> int | None:
    """Run ``step(session)`` in one transaction unless (job, period) already finished."""
    async with sessionmaker() as session, session.begin():
        if await _already_ran(session, job, period):
            return None
        queued = await step(session)
        session.add(JobRun(job=job, period=period, started_at=now, finished_at=now,
                           queued=int(queued)))
    # INFO only when something was queued: the jobs run every few minutes.
    logger.log(logging.INFO if queued else logging.DEBUG, "%s (%s): %d message(s) queued",
               job, period or "-", queued)
    return int(queued)


async def reconcile_followups(
    sessionmaker: Sessions, settings: Settings, now: datetime
) -> dict[str, int | None]:
    """Queue what is due now: summaries and the leaders' analysis prompts (on the summary
    day), decision prompts, decision reminders."""
    from services.decisions import queue_decision_prompts, queue_decision_reminders
    from services.summaries import queue_summaries

    cfg = settings.calendar
    lang = settings.language
    done: dict[str, int | None] = {}
    period = current_open_period(now, cfg)
    if period is not None:
        schedule = schedule_for(period, cfg)
        if schedule.summary_at <= now:

            async def summaries(session: AsyncSession) -> int:
                return await queue_summaries(
                    session, period=period, now=now, lang=lang, calendar=cfg
                )

            done[SUMMARY_JOB] = await _run_once(
                sessionmaker, SUMMARY_JOB, period, now, summaries
            )

            async def level_prompts(session: AsyncSession) -> int:
                from services.level_analysis import queue_level_prompts

                return await queue_level_prompts(session, period=period, now=now,
                                                 calendar=cfg, lang=lang, at_deadline=True)

            done[LEVEL_PROMPT_JOB] = await _run_once(
                sessionmaker, LEVEL_PROMPT_JOB, period, now, level_prompts
            )

        async def decision_prompts(session: AsyncSession) -> int:
            return await queue_decision_prompts(
                session, period=period, now=now, calendar=cfg, lang=lang
            )

        done[DECISION_PROMPT_JOB] = await _run_once(
            sessionmaker, DECISION_PROMPT_JOB, period, now, decision_prompts
        )

    async def decision_reminders(session: AsyncSession) -> int:
        return await queue_decision_reminders(session, now=now, calendar=cfg, lang=lang)

    async def checkins(session: AsyncSession) -> int:
        from services.individual import queue_checkin_prompts

        return await queue_checkin_prompts(session, now=now, cadence=settings.individual_cadence,
                                           zone=cfg.zone, lang=lang)

    from followup.individual import open_checkin

    checkin = open_checkin(now, settings.individual_cadence, cfg.zone)
    if checkin is not None:
        # Once for the card and once more (only those not checked in) for the reminder.
        phase = "reminder" if now >= checkin.reminder_at else "open"
        done[CHECKIN_JOB] = await _run_once(
            sessionmaker, f"{CHECKIN_JOB}:{phase}", checkin.period.code, now, checkins)

    today = now.astimezone(cfg.zone).date().isoformat()
    done[DECISION_REMINDER_JOB] = await _run_once(
        sessionmaker, f"{DECISION_REMINDER_JOB}@{today}", None, now, decision_reminders
    )
    return done
