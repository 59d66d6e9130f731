"""``python -m admin period list|reopen|close``: reporting periods and admin reopening.

A period is open for reports from its opening until it closes (the day before the next
followed-up period opens). An administrator can reopen a period until a given date, e.g.
for a unit that needs to correct its report; closing ends such a reopening. Audited.
"""

from __future__ import annotations

import argparse
from datetime import UTC, date, datetime, time

from admin.cli import AdminError
from config import SettingsError, load_settings
from followup.calendar import parse_period, schedule_for
from followup.sv_format import format_deadline

NAME = "period"
HELP = "List reporting periods, or reopen/close one for changes (admins)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", choices=["list", "reopen", "close"])
    parser.add_argument("period", nargs="?", help="the period, e.g. 2026-10")
    parser.add_argument("--until", help="reopen until this date (YYYY-MM-DD), end of day")


def _local_end_of_day(day: date, zone: object) -> datetime:
    return datetime.combine(day, time(23, 59), tzinfo=zone)  # type: ignore[arg-type]


def run(args: argparse.Namespace) -> int:
    from admin.runtime import run_with_database
    from services.periods_admin import (
        PeriodNotOpenYet,
        close_reopening,
        recent_periods,
        reopen_period,
    )

    try:
        settings = load_settings()
    except SettingsError as exc:
        raise AdminError(str(exc)) from exc
    cfg = settings.calendar
    zone = cfg.zone
    now = datetime.now(UTC)
    if args.action == "list":
        rows = run_with_database(settings, recent_periods)
        if not rows:
            print("Inga rapportperioder ännu.")
        for item in rows:
            open_until = max(item.closes_at, item.reopened_until or item.closes_at)
            state = "öppen" if item.opens_at <= now < open_until else "stängd"
            extra = ""
            if item.reopened_until is not None:
                until_text = format_deadline(item.reopened_until.astimezone(zone))
                extra = f", återöppnad till {until_text}"
            print(f"{item.period}  {state:<7} sista dag "
                  f"{format_deadline(item.deadline_at.astimezone(zone))}, stänger "
                  f"{format_deadline(item.closes_at.astimezone(zone))}{extra}")
        return 0
    if not args.period:
        raise AdminError("ange perioden, t.ex. 2026-10")
    try:
        parse_period(args.period)
        schedule = schedule_for(args.period, cfg)
    except ValueError as exc:
        raise AdminError(str(exc)) from exc
    if args.action == "reopen":
        if not args.until:
            raise AdminError("ange --until ÅÅÅÅ-MM-DD")
        try:
            until = _local_end_of_day(date.fromisoformat(args.until), zone)
        except ValueError as exc:
            raise AdminError(f"ogiltigt datum: {args.until!r} (ÅÅÅÅ-MM-DD)") from exc
        if until <= now:
            raise AdminError("--until måste ligga i framtiden")
        try:
            row = run_with_database(
                settings, lambda sessions: reopen_period(sessions, schedule, until=until, now=now))
        except PeriodNotOpenYet as exc:
            raise AdminError(f"perioden {exc.args[0]} har inte öppnat ännu") from None
        message = (f"Perioden {row.period} är öppen för ändringar till "
                   f"{format_deadline(until)}.")
    else:
        row = run_with_database(
            settings, lambda sessions: close_reopening(sessions, schedule, now=now))
        state = "öppen" if row.opens_at <= now < row.closes_at else "stängd"
        message = f"Återöppningen av {row.period} är borttagen; perioden är {state}."
    print(message)
    return 0
