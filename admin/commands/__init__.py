"""One module per admin command.

Each module exposes ``NAME`` (the sub-command), ``HELP`` (one line),
``add_arguments(parser)`` and ``run(args) -> int`` (exit code). Register a new
module in ``COMMAND_MODULES`` below.
"""

COMMAND_MODULES: tuple[str, ...] = (
    "admin.commands.migrate",
    "admin.commands.seed_demo",
    "admin.commands.calendar",
    "admin.commands.package",
    "admin.commands.outbox",
    "admin.commands.run",
    "admin.commands.period",
    "admin.commands.import_",
    "admin.commands.template",
    "admin.commands.export",
    "admin.commands.sync_people",
    "admin.commands.person",
)
