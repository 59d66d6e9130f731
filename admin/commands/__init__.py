"""One module per admin command.

Each module exposes ``NAME`` (the sub-command), ``HELP`` (one line),
``add_arguments(parser)`` and ``run(args) -> int`` (exit code). Register a new
module in ``COMMANDS`` below, with its name and help line: ``python -m admin --help``
lists the commands from this table alone, and a command's module is imported only when
that command is run (a test checks the table against the modules), so the help and the
small commands start without the SDK, SQLAlchemy or openpyxl. Command modules import
their heavy dependencies inside ``run``.
"""

from __future__ import annotations

from typing import NamedTuple


class CommandEntry(NamedTuple):
    name: str
    module: str
    help: str


COMMANDS: tuple[CommandEntry, ...] = (
    CommandEntry("migrate", "admin.commands.migrate",
                 "Create or upgrade the database schema (Alembic) for DATABASE_URL."),
    CommandEntry("seed-demo", "admin.commands.seed_demo",
                 "seed the demo organisation (Sjöviks kommun) when the database has none"),
    CommandEntry("calendar", "admin.commands.calendar",
                 "Print a year's reporting calendar (opens, deadline, reminders, escalation, "
                 "closes)"),
    CommandEntry("package", "admin.commands.package",
                 "Build the Teams app package (manifest.json, icons, localisation) from "
                 "BOT_ID, TEAMS_APP_ID and BOT_DOMAIN in the environment, validated against "
                 "the official schema."),
    CommandEntry("outbox", "admin.commands.outbox",
                 "Show the proactive outbox: counts per status and the messages (filters, "
                 "--requeue)"),
    CommandEntry("run", "admin.commands.run",
                 "Queue prompts (open), reminders (remind) or escalations (escalate) now"),
    CommandEntry("period", "admin.commands.period",
                 "List reporting periods, or reopen/close one for changes (admins)"),
    CommandEntry("import", "admin.commands.import_",
                 "Import org|people|managers|goals|decisions|delegation|roles|budget|utfall "
                 "from .xlsx or .csv (budget and utfall also from SIE 4), or all of them from a "
                 "folder (validates first; --dry-run, --skip-invalid)"),
    CommandEntry("template", "admin.commands.template",
                 "Write an import template (.xlsx or .csv) for "
                 "org|people|managers|goals|decisions|delegation|roles|budget|utfall"),
    CommandEntry("export", "admin.commands.export",
                 "Export results, economy, decisions, or org|people|managers|goals in the "
                 "import format, to .xlsx or .csv"),
    CommandEntry("document", "admin.commands.document",
                 "Write the report document of a unit and period as PDF/A-2b or Word (.docx)"),
    CommandEntry("audit", "admin.commands.audit",
                 "Show what imports and edits changed (before → after) since a date"),
    CommandEntry("sync-people", "admin.commands.sync_people",
                 "Match people to Entra ID (Microsoft Graph): object ids, names, people who "
                 "left"),
    CommandEntry("person", "admin.commands.person",
                 "GDPR: export (register extract as JSON) or erase a person's data, by "
                 "e-mail"),
    CommandEntry("delegation-list", "admin.commands.delegation_list",
                 "List a nämnd's anmälda delegationsbeslut between two dates, in point order "
                 "(--excel FILE)"),
    CommandEntry("hr-role", "admin.commands.hr_role",
                 "Grant, revoke or list HR roles (reading individual goals of a unit's subtree)"),
)

COMMAND_MODULES: tuple[str, ...] = tuple(entry.module for entry in COMMANDS)
