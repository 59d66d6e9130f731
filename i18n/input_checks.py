"""Messages for card inputs of the wrong kind and for problems named on the review card."""

SV: dict[str, str] = {
    "report.error.not_text": "Fältet tar bara emot text. Skriv in texten igen.",
    "report.review.field_problem": "{goal}: {field} – {message}",
    "report.review.field.status": "måluppfyllelse",
    "report.review.field.value": "utfall",
    "report.review.field.analysis": "resultat och analys",
    "report.review.field.actions": "åtgärder",
    "decision.field.not_text": "Fältet tar bara emot text. Skriv in texten igen.",
}

EN: dict[str, str] = {
    "report.error.not_text": "This field accepts text only. Please type the text again.",
    "report.review.field_problem": "{goal}: {field} – {message}",
    "report.review.field.status": "goal attainment",
    "report.review.field.value": "outcome",
    "report.review.field.analysis": "results and analysis",
    "report.review.field.actions": "actions",
    "decision.field.not_text": "This field accepts text only. Please type the text again.",
}
