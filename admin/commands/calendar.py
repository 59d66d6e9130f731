"""``python -m admin calendar YEAR``: print the reporting calendar of a year.

Reads the calendar settings (REPORT_MONTHS, REPORT_DEADLINE_WORKDAY, QUIET_HOURS, ...)
and LANGUAGE through :func:`config.load_settings` (the environment and ``.env``), like
the bot does. Needs no database.
"""

from __future__ import annotations

import argparse
import dataclasses
from datetime import datetime

from admin.cli import AdminError
from config import Settings, SettingsError, load_settings
from followup.calendar import (
    MAX_YEAR,
    MIN_YEAR,
    PeriodSchedule,
    schedules_for_year,
)
from followup.steering_year import (
    is_long_form,
    kl_deadline_warning,
    periods_of_year,
    schedule_for_period,
)

NAME = "calendar"
HELP = "Print a year's reporting calendar (opens, deadline, reminders, escalation, closes)"

_HEADERS: dict[str, tuple[str, ...]] = {
    "sv": (
        "Period",
        "Öppnar",
        "Sista dag",
        "Påminnelser",
        "Eskalering / sammanställning",
        "Stänger",
    ),
    "en": ("Period", "Opens", "Deadline", "Reminders", "Escalation / summary", "Closes"),
}
_TITLE = {
    "sv": "Rapporteringskalender {year} (tider i {zone})",
    "en": "Reporting calendar {year} (times in {zone})",
}
_FOOTER = {
    "sv": "{count} perioder. Uppföljda månader: {months}.",
    "en": "{count} periods. Followed-up months: {months}.",
}
_NO_REMINDERS = {"sv": "inga", "en": "none"}
_LONG_TITLE = {
    "sv": "Tertial, delår och helår (längre form, sista dag arbetsdag {workday}):",
    "en": "Tertial, interim and annual reports (longer form, deadline working day {workday}):",
}
_NO_LONG = {"sv": "Inga tertial-, delårs- eller helårsrapporter.",
            "en": "No tertial, interim or annual reports."}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("year", help=f"calendar year, {MIN_YEAR}–{MAX_YEAR} (e.g. 2026)")
    parser.add_argument(
        "--lang",
        choices=("sv", "en"),
        default=None,
        help="language of the headings (default: LANGUAGE, else sv)",
    )


def _iso(dt: datetime) -> str:
    return dt.strftime("%Y-%m-%d %H:%M")


def _row(schedule: PeriodSchedule, lang: str) -> tuple[str, ...]:
    reminders = ", ".join(_iso(r) for r in schedule.reminders) or _NO_REMINDERS[lang]
    if schedule.summary_at.date() == schedule.escalation_at.date():
        follow_up = f"{_iso(schedule.escalation_at)} / {schedule.summary_at:%H:%M}"
    else:
        follow_up = f"{_iso(schedule.escalation_at)} / {_iso(schedule.summary_at)}"
    return (
        schedule.period,
        _iso(schedule.opens_at),
        _iso(schedule.deadline_at),
        reminders,
        follow_up,
        _iso(schedule.closes_at),
    )


def _parse_year(text: str) -> int:
    try:
        year = int(text.strip())
    except ValueError:
        raise AdminError(f"year must be a number such as 2026, got {text!r}") from None
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise AdminError(f"year must be between {MIN_YEAR} and {MAX_YEAR}, got {year}")
    return year


def _settings() -> Settings:
    try:
        return load_settings()
    except SettingsError as exc:
        raise AdminError(f"invalid settings: {exc}") from None


def _print_table(schedules: list[PeriodSchedule], lang: str) -> None:
    rows = [_HEADERS[lang], *(_row(s, lang) for s in schedules)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        )


def run(args: argparse.Namespace) -> int:
    year = _parse_year(args.year)
    settings = _settings()
    lang = args.lang or settings.language
    cfg = settings.calendar
    # every followed-up month first (April too, although it is asked as T1 when the
    # steering year has one); the longer kinds below
    schedules = list(schedules_for_year(year, dataclasses.replace(cfg, steering=None)))

    print(_TITLE[lang].format(year=year, zone=cfg.timezone))
    _print_table(schedules, lang)
    months = ", ".join(str(m) for m in cfg.followed_months)
    print(_FOOTER[lang].format(count=len(schedules), months=months))

    steering = settings.steering_year
    longer = [p for p in periods_of_year(year, cfg, steering) if is_long_form(p)]
    print()
    if not longer:
        print(_NO_LONG[lang])
        return 0
    print(_LONG_TITLE[lang].format(workday=steering.long_deadline_workday))
    long_schedules = [schedule_for_period(p, cfg, steering) for p in longer]
    _print_table(long_schedules, lang)
    for period, schedule in zip(longer, long_schedules, strict=True):
        warning = kl_deadline_warning(period, schedule)
        if warning:
            print(f"{'Varning' if lang == 'sv' else 'Warning'}: {warning}")
    return 0
