"""``python -m admin audit --since DATE [--entity unit|person|goal|…]``: what changed.

One line per audit entry since DATE (local midnight), oldest first: when, who, and what
changed, field by field before → after — "Ändrad enhet SOC-HT1: Namn ”Hemtjänst Norr” →
”Hemtjänst Nord”". Imports write one entry per row they change (and one for the import),
reports and decision follow-ups one per save.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from admin.cli import AdminError
from i18n import t

if TYPE_CHECKING:
    from datetime import date
    from zoneinfo import ZoneInfo

    from services import Sessions

NAME = "audit"
HELP = "Show what imports and edits changed (before → after) since a date"
ENTITIES = ("unit", "person", "manager", "goal", "decision", "goal_result", "unit_report",
            "reporting_period", "import")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--since", required=True, metavar="DATE",
                        help="first day to show, YYYY-MM-DD")
    parser.add_argument("--entity", metavar="ENTITY",
                        help="only this kind of row: " + ", ".join(ENTITIES))
    parser.add_argument("--key", metavar="KEY",
                        help="only this row (unit code, e-mail, goal or decision reference)")
    parser.add_argument("--limit", type=int, default=1000,
                        help="at most this many entries (default 1000, the newest)")


def entry_text(action: str, entity: str, key: str, before: dict[str, Any] | None,
               after: dict[str, Any] | None, details: str | None, lang: str) -> str:
    """What one audit entry says, for the admin."""
    from services.importing.changes import ENTITY_KINDS, describe_change, describe_fields

    parts = action.split(".")
    if parts[0] == "import" and len(parts) == 3 and entity in ENTITY_KINDS:
        text = describe_change(entity, key, parts[2], before, after, lang)
        if parts[2] == "created":
            fields = describe_fields(entity, None, after, lang)
            text = f"{text}: {fields}" if fields else text
    else:
        text = t(lang, "admin.audit.generic", action=action, entity=entity, key=key,
                 fields=describe_fields(entity, before, after, lang))
    if details:
        text += f"  ({details})"
    return text


def run(args: argparse.Namespace) -> int:
    from zoneinfo import ZoneInfo

    from admin.runtime import ConfigurationError, admin_settings, run_with_database
    from services.importing.columns import parse_date

    try:
        settings = admin_settings()
    except ConfigurationError as exc:
        raise AdminError(str(exc)) from exc
    lang = settings.language
    since = parse_date(args.since)
    if since is None:
        raise AdminError(t(lang, "admin.audit.bad_date", value=args.since))
    zone = ZoneInfo(settings.timezone)
    lines = run_with_database(
        settings, lambda sessions: _lines(sessions, args, since, zone, lang))
    entity = t(lang, "admin.audit.entity", entity=args.entity) if args.entity else ""
    if not lines:
        print(t(lang, "admin.audit.none", since=since.isoformat(), entity=entity))
        return 0
    print(t(lang, "admin.audit.header", since=since.isoformat(), entity=entity,
            count=len(lines)))
    for line in lines:
        print(line)
    return 0


async def _lines(sessions: Sessions, args: argparse.Namespace, since: date, zone: ZoneInfo,
                 lang: str) -> list[str]:
    from datetime import UTC, datetime, time

    from services.admin_audit import audit_entries

    start = datetime.combine(since, time(0), tzinfo=zone).astimezone(UTC)
    entries = await audit_entries(sessions, since=start, entity=args.entity, key=args.key,
                                  limit=args.limit)
    out = []
    for entry in entries:
        at = entry.at.astimezone(zone).strftime("%Y-%m-%d %H:%M")
        text = entry_text(entry.action, entry.entity, entry.entity_id, entry.before,
                          entry.after, entry.details, lang)
        out.append(t(lang, "admin.audit.line", at=at, actor=entry.actor_label, text=text))
    return out
