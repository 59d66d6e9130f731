"""Conversation flows: thin route modules that collect input and call domain services.

Each feature module exposes ``register(app, services, commands)``; list it in
``FEATURE_MODULES`` (invoke/card routes are registered before the catch-all message route).
"""

FEATURE_MODULES: tuple[str, ...] = (
    "dialogs.report",  # the monthly report: prompt, card steps, receipt (Action.Execute)
    "dialogs.report_text",  # the same report as a text dialog (waterfall prompts)
    "dialogs.summary",  # leader summaries, drill-down
    "dialogs.level_analysis",  # the leader's own analysis of their level
    "dialogs.decisions",  # beslut: list, monthly status, nytt beslut
    "dialogs.admin_status",  # status for admins
    "dialogs.export",  # exportera: signed download link
    "dialogs.document",  # rapport dokument / Skapa rapport: the report as PDF/A or Word
    "dialogs.individual",  # mina mål, medarbetarsamtal, checka in, mitt team
)
