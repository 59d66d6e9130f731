"""``python -m admin person export|erase EMAIL``: GDPR register extract and erasure.

``export`` writes everything Målbot holds about a person as JSON (to ``--output`` or
stdout): the person, their manager assignments, reports and results they wrote, their
decision comments, audit entries about or by them, how the bot reaches them and the
messages queued for them.

``erase`` removes the personal data and keeps the follow-up intact: the person row is
kept but anonymised — its name becomes the role it held (e.g. "Enhetschef, Hemtjänst
Norr"), e-mail and Teams/Entra ids are removed — so results, reports and decision
comments stay attributed to the role, not the person. Conversation references, the
bot's stored state for them and unsent messages are deleted, sent messages' contents
blanked, current manager assignments ended, and their name and e-mail replaced in the
audit log. Anmälda delegationsbeslut are kept (the nämnd's record of decisions taken
under delegation, KL 7 kap. 8 §, is an allmän handling) and stand on the role; the output
says how many. The erasure itself is audited (without personal data). ``--dry-run`` shows the
role label and changes nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from admin.cli import AdminError
from admin.runtime import (
    ConfigurationError,
    admin_settings,
    local_today,
    now_utc,
    run_with_database,
)
from i18n import t

if TYPE_CHECKING:
    from services import Sessions

NAME = "person"
HELP = "GDPR: export (register extract as JSON) or erase a person's data, by e-mail"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", choices=("export", "erase"), metavar="ACTION",
                        help="export or erase")
    parser.add_argument("email", metavar="EMAIL", help="the person's e-mail address")
    parser.add_argument("--output", "-o", type=Path,
                        help="export: write the JSON here (default: print it)")
    parser.add_argument("--dry-run", action="store_true",
                        help="erase: show what would happen, change nothing")


# --------------------------------------------------------------------------- command


def run(args: argparse.Namespace) -> int:
    try:
        settings = admin_settings()
    except ConfigurationError as exc:
        raise AdminError(str(exc)) from exc
    lang = settings.language
    email = args.email.strip()
    if "@" not in email:
        raise AdminError(f"ange en e-postadress, inte {email!r}")
    now = now_utc()

    async def work(sessions: Sessions) -> Any:
        from services.people_admin import erase_person_data, export_person_data

        if args.action == "export":
            return await export_person_data(sessions, email, now=now)
        return await erase_person_data(sessions, email, lang=lang, now=now,
                                       today=local_today(settings, now), dry_run=args.dry_run)

    result = run_with_database(settings, work)
    if result is None:
        raise AdminError(t(lang, "admin.person.not_found", email=email))
    if args.action == "export":
        text = json.dumps(result, ensure_ascii=False, indent=2)
        if args.output:
            args.output.write_text(text + "\n", encoding="utf-8")
            print(t(lang, "admin.person.exported", email=email, file=args.output))
        else:
            sys.stdout.write(text + "\n")
        return 0
    key = "admin.person.erase_preview" if args.dry_run else "admin.person.erased"
    print(t(lang, key, email=email, label=result.label))
    if result.kept_decisions:
        print(t(lang, "admin.person.kept_decisions", count=result.kept_decisions,
                label=result.label))
    return 0
