"""Texts of the read-only report view."""

SV: dict[str, str] = {
    "report_view.title": "{unit} – rapport för {period}",
    "report_view.state.submitted": "Inskickad {when} av {who}.",
    "report_view.state.submitted_late": "Inskickad {when} av {who}, efter sista dag.",
    "report_view.state.draft": "Utkast – inte inskickad ännu.",
    "report_view.state.not_started": "Inte påbörjad.",
    "report_view.status": "Måluppfyllelse",
    "report_view.value": "Utfall",
    "report_view.target": "(målvärde {target})",
    "report_view.analysis": "Resultat och analys",
    "report_view.actions": "Utveckling – åtgärder",
    "report_view.back": "Tillbaka till sammanställningen",
}

EN: dict[str, str] = {
    "report_view.title": "{unit} – report for {period}",
    "report_view.state.submitted": "Submitted {when} by {who}.",
    "report_view.state.submitted_late": "Submitted {when} by {who}, after the deadline.",
    "report_view.state.draft": "Draft – not submitted yet.",
    "report_view.state.not_started": "Not started.",
    "report_view.status": "Goal attainment",
    "report_view.value": "Outcome",
    "report_view.target": "(target {target})",
    "report_view.analysis": "Result and analysis",
    "report_view.actions": "Improvement actions",
    "report_view.back": "Back to the summary",
}
