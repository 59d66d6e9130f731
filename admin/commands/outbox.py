"""``python -m admin outbox``: what the proactive outbox holds (counts and rows).

``failed`` means the bot gave up after real errors (bounded attempts; a 429 is the
service pacing us and never counts), ``expired`` that the message's window (a reminder's
deadline, the period) passed before it could go out; the error column says why.

Filters: ``--status`` (repeatable), ``--kind`` (prompt, reminder, escalation),
``--period``. ``--requeue`` puts failed and unreachable messages (of ``--period`` when
given) back in the queue, e.g. after the app has been installed for those users.
"""

from __future__ import annotations

import argparse
from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from admin.cli import AdminError
from config import Settings, SettingsError, load_settings
from followup.calendar import parse_period
from i18n import t
from scheduler.delivery import utc_now
from services.admin_outbox import OUTBOX_STATUSES

if TYPE_CHECKING:
    from services import Sessions
    from services.admin_outbox import OutboxOverview

NAME = "outbox"
HELP = "Show the proactive outbox: counts per status and the messages (filters, --requeue)"

KINDS = ("prompt", "reminder", "escalation")
#: Characters of a message's error/reason shown per row.
ERROR_WIDTH = 160


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--status",
        action="append",
        choices=OUTBOX_STATUSES,
        help="only messages with this status (may be repeated); default: all",
    )
    parser.add_argument("--kind", choices=KINDS, help="only this kind of message")
    parser.add_argument("--period", help="only this period, e.g. 2026-10")
    parser.add_argument(
        "--limit", type=int, default=50, help="how many messages to list (default 50, 0 = none)"
    )
    parser.add_argument(
        "--requeue",
        action="store_true",
        help="put failed and unreachable messages back in the queue first",
    )


def _settings() -> Settings:
    try:
        return load_settings()
    except SettingsError as exc:
        raise AdminError(str(exc)) from exc


def _local(dt: datetime | None, zone: ZoneInfo) -> str:
    return dt.astimezone(zone).strftime("%Y-%m-%d %H:%M") if dt is not None else "-"


def run(args: argparse.Namespace) -> int:
    settings = _settings()
    if args.period is not None:
        try:
            parse_period(args.period)
        except ValueError as exc:
            raise AdminError(str(exc)) from None
    if args.limit < 0:
        raise AdminError("--limit must be 0 or more")
    from admin.runtime import run_with_database
    from services.admin_outbox import outbox_overview, requeue_failed

    async def work(sessions: Sessions) -> tuple[int | None, OutboxOverview]:
        count = (await requeue_failed(sessions, now=utc_now(), period=args.period)
                 if args.requeue else None)
        return count, await outbox_overview(sessions, statuses=args.status or (),
                                            period=args.period, kind=args.kind,
                                            limit=args.limit)

    count, overview = run_with_database(settings, work)
    _show(settings, args, count, overview)
    return 0


def _show(settings: Settings, args: argparse.Namespace, requeued: int | None,
          overview: OutboxOverview) -> None:
    lang = settings.language
    zone = settings.calendar.zone
    if requeued is not None:
        print(t(lang, "cli.outbox.requeued", count=requeued))
    counts, rows = overview.counts, overview.rows
    filters = [f for f in (args.period, args.kind, *(args.status or ())) if f]
    print(t(lang, "cli.outbox.title", filters=f" ({', '.join(filters)})" if filters else ""))
    print(t(lang, "cli.outbox.counts", **{k: str(v) for k, v in counts.items()}))
    if counts.get("failed") or counts.get("expired"):
        print(t(lang, "cli.outbox.legend"))
    if not rows:
        if args.limit:
            print(t(lang, "cli.outbox.none"))
        return
    header = ("id", "kind", "status", "person", "period", "try", "next/sent", "error")
    table = [header]
    for r in rows:
        when = r.sent_at if r.sent_at is not None else r.next_attempt_at
        table.append((
            str(r.id), r.kind, r.status, (r.person_name or "-")[:30], r.period or "-",
            str(r.attempts), _local(when, zone), (r.last_error or "")[:ERROR_WIDTH],
        ))
    widths = [max(len(row[i]) for row in table) for i in range(len(header) - 1)]
    for row in table:
        cells = [c.ljust(w) for c, w in zip(row[:-1], widths, strict=True)]
        print("  ".join([*cells, row[-1]]).rstrip())
