"""``python -m admin period list|reopen|close``: reporting periods and admin reopening.

A period is open for reports from its opening until it closes (the day before the next
followed-up period opens). An administrator can reopen a period until a given date, e.g.
for a unit that needs to correct its report; closing ends such a reopening. Audited.
"""

from __future__ import annotations

import argparse
from datetime import UTC, date, datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from admin.cli import AdminError
from config import SettingsError, load_settings
from followup.calendar import parse_period, schedule_for
from followup.sv_format import format_deadline
from storage.db import make_sync_engine
from storage.models import AuditEntry, ReportingPeriod

NAME = "period"
HELP = "List reporting periods, or reopen/close one for changes (admins)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", choices=["list", "reopen", "close"])
    parser.add_argument("period", nargs="?", help="the period, e.g. 2026-10")
    parser.add_argument("--until", help="reopen until this date (YYYY-MM-DD), end of day")


def _local_end_of_day(day: date, zone: object) -> datetime:
    return datetime.combine(day, time(23, 59), tzinfo=zone)  # type: ignore[arg-type]


def run(args: argparse.Namespace) -> int:
    from storage.migrate import upgrade

    try:
        settings = load_settings()
    except SettingsError as exc:
        raise AdminError(str(exc)) from exc
    cfg = settings.calendar
    zone = cfg.zone
    now = datetime.now(UTC)
    upgrade(settings.database_url)
    engine = make_sync_engine(settings.database_url)
    try:
        with Session(engine) as session, session.begin():
            if args.action == "list":
                rows = session.scalars(
                    select(ReportingPeriod).order_by(ReportingPeriod.period.desc()).limit(24)
                ).all()
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
            row = session.scalar(
                select(ReportingPeriod).where(ReportingPeriod.period == schedule.period))
            if row is None:
                row = ReportingPeriod(period=schedule.period, opens_at=schedule.opens_at,
                                      deadline_at=schedule.deadline_at,
                                      closes_at=schedule.closes_at)
                session.add(row)
            before = {"reopened_until": row.reopened_until.isoformat()
                      if row.reopened_until else None}
            if args.action == "reopen":
                if not args.until:
                    raise AdminError("ange --until ÅÅÅÅ-MM-DD")
                try:
                    until = _local_end_of_day(date.fromisoformat(args.until), zone)
                except ValueError as exc:
                    raise AdminError(f"ogiltigt datum: {args.until!r} (ÅÅÅÅ-MM-DD)") from exc
                if until <= now:
                    raise AdminError("--until måste ligga i framtiden")
                if now < row.opens_at:
                    raise AdminError(f"perioden {row.period} har inte öppnat ännu")
                row.reopened_until = until
                message = (f"Perioden {row.period} är öppen för ändringar till "
                           f"{format_deadline(until)}.")
            else:
                row.reopened_until = None
                state = "öppen" if row.opens_at <= now < row.closes_at else "stängd"
                message = f"Återöppningen av {row.period} är borttagen; perioden är {state}."
            session.add(AuditEntry(
                at=now, actor_person_id=None, actor_label="admin (kommandorad)",
                action=f"period.{args.action}", entity="reporting_period", entity_id=row.period,
                before=before,
                after={"reopened_until": row.reopened_until.isoformat()
                       if row.reopened_until else None}))
        print(message)
        return 0
    finally:
        engine.dispose()
