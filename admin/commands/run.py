"""``python -m admin run open|remind|escalate [--period 2026-10] [--dry-run]``.

Queues the monthly prompts, reminders or escalations in the outbox right away (the
running bot's delivery worker sends them, inside the allowed send window); ``open`` also
queues the monthly decision cards of units without goals, ``remind`` the reminders of
overdue decisions. ``--dry-run`` writes nothing and lists every message the run would
queue. Without
``--period`` it does what the scheduler would do now for the open period; with it, it
sends for that period even after the regular window (never a reminder after the
deadline, never an escalation before it). Nothing is ever queued twice.
"""

from __future__ import annotations

import argparse
import asyncio
from datetime import datetime
from typing import TYPE_CHECKING

from admin.cli import AdminError
from config import Settings, SettingsError, load_settings
from followup.calendar import parse_period
from followup.sv_format import format_deadline
from i18n import t

if TYPE_CHECKING:  # the scheduler (SDK, SQLAlchemy) loads only when a job runs
    from scheduler.jobs import JobReport
    from services.round_rules import Job

#: services.round_rules.Job's values (tests/test_admin_startup.py checks they agree), so
#: that ``run --help`` needs no scheduler import.
JOB_NAMES = ("open", "remind", "escalate")

NAME = "run"
HELP = "Queue prompts (open), reminders (remind) or escalations (escalate) now"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("job", choices=JOB_NAMES, help="what to send")
    parser.add_argument("--period", help="the period, e.g. 2026-10 (default: the open one)")
    parser.add_argument(
        "--dry-run", action="store_true", help="only list who would get what; save nothing"
    )
    parser.add_argument(
        "--now", action="store_true",
        help="local mode only (no Microsoft credentials, e.g. the Agents Playground): send at "
        "once, also outside the send window (weekends, evenings)",
    )


def _settings() -> Settings:
    try:
        return load_settings()
    except SettingsError as exc:
        raise AdminError(str(exc)) from exc


def print_report(report: JobReport, lang: str, settings: Settings, *,
                 send_now: bool = False) -> None:
    zone = settings.calendar.zone
    for planned in report.planned:
        marker = "" if planned.new else " (finns redan)" if lang == "sv" else " (exists)"
        units = ", ".join(planned.unit_names)
        when = format_deadline(planned.not_before.astimezone(zone), lang)
        print(f"  {planned.kind:<12} {planned.person_name:<32} {units}  [{when}]{marker}")
    if report.stood_in_units:
        print(t(lang, "cli.run.stood_in", units=", ".join(
            f"{unit} ({leader})" for unit, leader in report.stood_in_units)))
    if report.orphan_units:
        print(t(lang, "cli.run.orphans", units=", ".join(report.orphan_units)))
    reason = report.reason_text(lang)
    if reason is not None:
        print(t(lang, "cli.run.nothing", job=report.job.value, reason=reason))
    elif report.dry_run:
        print(t(lang, "cli.run.planned", job=report.job.value, period=report.period,
                count=sum(1 for p in report.planned if p.new)))
    else:
        print(t(lang, "cli.run.queued", job=report.job.value, period=report.period,
                queued=report.queued, existing=report.existing))
        if report.queued and send_now:
            print(t(lang, "cli.run.hint_now"))
        elif report.queued:
            cfg = settings.calendar
            sep = ":" if lang == "en" else "."
            start, end = cfg.send_window_start, cfg.send_window_end
            print(t(lang, "cli.run.hint", start=f"{start.hour:02d}{sep}{start.minute:02d}",
                    end=f"{end.hour:02d}{sep}{end.minute:02d}"))


def run(args: argparse.Namespace) -> int:
    settings = _settings()
    period = args.period
    if period is not None:
        try:
            parse_period(period)
        except ValueError as exc:
            raise AdminError(str(exc)) from None
    send_now = bool(getattr(args, "now", False))
    if send_now and settings.production_auth:
        raise AdminError(t(settings.language, "cli.run.now_local_only"))
    from scheduler.clock import clock_from_env
    from scheduler.delivery import utc_now
    from scheduler.jobs import JobError
    from services.round_rules import Job

    try:
        clock = clock_from_env(settings.env, utc_now)
    except ValueError as exc:
        raise AdminError(str(exc)) from None
    from storage.migrate import upgrade

    upgrade(settings.database_url)
    try:
        report = asyncio.run(_run(settings, Job(args.job), period, args.dry_run, clock(),
                                  send_now=send_now))
    except JobError as exc:
        raise AdminError(str(exc)) from None
    print_report(report, settings.language, settings, send_now=send_now)
    return 0


async def _run(
    settings: Settings, job: Job, period: str | None, dry_run: bool, now: datetime,
    *, send_now: bool = False,
) -> JobReport:
    from storage.db import make_async_engine, make_sessionmaker

    engine = make_async_engine(settings.database_url)
    try:
        from scheduler.jobs import run_job

        return await run_job(make_sessionmaker(engine), settings, job, now=now, period=period,
                             dry_run=dry_run, include_decisions=True, send_now=send_now)
    finally:
        await engine.dispose()
