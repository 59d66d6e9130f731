"""Reconcile steps beyond the report round: when the leader summaries and decision
follow-up are due.

The scheduler decides only when; each round (:mod:`services.followup_rounds`) runs at
most once per natural key (summary: once per period, on or after the summary moment;
decision prompts: once per period after it opens; decision reminders: once per local
day) and records its run.
"""

from __future__ import annotations

from datetime import datetime

from config import Settings
from followup.calendar import current_open_period, schedule_for
from followup.individual import open_checkin
from services import Sessions, followup_rounds
from services.followup_rounds import (
    CHECKIN_JOB,
    DECISION_PROMPT_JOB,
    DECISION_REMINDER_JOB,
    LEVEL_PROMPT_JOB,
    SUMMARY_JOB,
)

__all__ = ["CHECKIN_JOB", "DECISION_PROMPT_JOB", "DECISION_REMINDER_JOB", "LEVEL_PROMPT_JOB",
           "SUMMARY_JOB", "reconcile_followups"]


async def reconcile_followups(
    sessionmaker: Sessions, settings: Settings, now: datetime
) -> dict[str, int | None]:
    """Queue what is due now: summaries and the leaders' analysis prompts (on the summary
    day), decision prompts, decision reminders."""
    cfg = settings.calendar
    lang = settings.language
    done: dict[str, int | None] = {}
    period = current_open_period(now, cfg)
    if period is not None:
        schedule = schedule_for(period, cfg)
        if schedule.summary_at <= now:
            done[SUMMARY_JOB] = await followup_rounds.summary_round(
                sessionmaker, period=period, now=now, calendar=cfg, lang=lang)
            done[LEVEL_PROMPT_JOB] = await followup_rounds.level_prompt_round(
                sessionmaker, period=period, now=now, calendar=cfg, lang=lang)
        done[DECISION_PROMPT_JOB] = await followup_rounds.decision_prompt_round(
            sessionmaker, period=period, now=now, calendar=cfg, lang=lang)

    checkin = open_checkin(now, settings.individual_cadence, cfg.zone)
    if checkin is not None:
        # Once for the card and once more (only those not checked in) for the reminder.
        phase = "reminder" if now >= checkin.reminder_at else "open"
        done[CHECKIN_JOB] = await followup_rounds.checkin_round(
            sessionmaker, phase=phase, period=checkin.period.code, now=now,
            cadence=settings.individual_cadence, zone=cfg.zone, lang=lang)

    today = now.astimezone(cfg.zone).date().isoformat()
    done[DECISION_REMINDER_JOB] = await followup_rounds.decision_reminder_round(
        sessionmaker, today=today, now=now, calendar=cfg, lang=lang)
    return done
