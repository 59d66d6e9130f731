"""Conversation flows: thin route modules that collect input and call domain services.

Each feature module declares ``FEATURE`` (:class:`dialogs.features.Feature`): its commands,
help lines, card verbs and an optional routes hook. List it in ``FEATURE_MODULES``; the
order is the order of the help text (invoke/card routes are registered before the
catch-all message route).
"""

FEATURE_MODULES: tuple[str, ...] = (
    "dialogs.report",  # the monthly report: prompt, card steps, receipt (Action.Execute)
    "dialogs.report_text",  # the same report as a text dialog (waterfall prompts)
    "dialogs.economy",  # prognos: the Ekonomi step (helårsprognos) on its own
    "dialogs.summary",  # leader summaries, drill-down
    "dialogs.level_analysis",  # the leader's own analysis of their level
    "dialogs.decisions",  # beslut: list, monthly status, nytt beslut
    "dialogs.basics",  # greeting, vem är jag, hjälp
    "dialogs.admin_status",  # status for admins
    "dialogs.export",  # exportera: signed download link
    "dialogs.document",  # rapport dokument / Skapa rapport: the report as PDF/A or Word
    "dialogs.individual",  # mina mål, medarbetarsamtal, checka in, mitt team
    "dialogs.mandate",  # mitt uppdrag, får jag besluta om …, anmäl beslut
)
