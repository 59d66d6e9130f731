"""Texts of the report kinds (followup.report_kinds): the steering year's longer form and
the fields a kind adds. ``<key>@<kind>`` is a kind's own wording of ``<key>``."""

SV: dict[str, str] = {
    # the steering year's fields
    "report.field.year_end": "Bedömd måluppfyllelse vid årets slut",
    "report.choice.year_end.green": "Uppfylls",
    "report.choice.year_end.yellow": "Uppfylls delvis",
    "report.choice.year_end.red": "Uppfylls inte",
    "report.input.choice_error": "Välj ett av alternativen.",
    "report.error.choice_invalid": "Välj ett av alternativen för {label}.",
    "report.error.field_required": "{label} saknas.",
    "report.review.missing_field": "{goal} – {label} saknas",
    "report.review.extra": "{label}: {text}",
    # the tertial, delår and helår report (kind "steering")
    "report.step.title@steering": "Rapport för {period} – {unit}",
    "report.prompt.title@steering": "Dags för uppföljningen av {period}",
    "report.prompt.intro@steering": (
        "Rapportera hur det går med målen för {period}: måluppfyllelse, resultat och "
        "analys, utveckling och bedömd måluppfyllelse vid årets slut. Sista dag för "
        "rapportering är {deadline}."
    ),
    "report.prompt.summary@steering": "Uppföljning av {period}: dags att rapportera",
    "report.receipt.body@steering": "Rapporten för {unit}, {period}, är inskickad.",
    "report.placeholder.analysis@steering": (
        "Sammanfatta resultatet för hela perioden och analysera orsakerna"
    ),
    "report.goal.last_month@tertial": "Förra perioden ({period})",
    "report.goal.last_month@delar": "Förra perioden ({period})",
    "report.goal.last_month@year": "Förra perioden ({period})",
    # the text dialog
    "report_text.extra_choice_prompt": "**{label}?**",
    "report_text.extra_choice_retry": "Välj ett av alternativen för {label}.",
    "report_text.extra_text_prompt": "**{label}** (skriv **ingen** för att lämna tomt)",
    "report_text.summary_missing_field": "- {title} ({perspective}): {label}",
}

EN: dict[str, str] = {
    "report.field.year_end": "Expected goal attainment at year end",
    "report.choice.year_end.green": "Met",
    "report.choice.year_end.yellow": "Partly met",
    "report.choice.year_end.red": "Not met",
    "report.input.choice_error": "Choose one of the options.",
    "report.error.choice_invalid": "Choose one of the options for {label}.",
    "report.error.field_required": "{label} is missing.",
    "report.review.missing_field": "{goal} – {label} missing",
    "report.review.extra": "{label}: {text}",
    "report.step.title@steering": "Report for {period} – {unit}",
    "report.prompt.title@steering": "Time for the follow-up of {period}",
    "report.prompt.intro@steering": (
        "Report how the goals are doing for {period}: goal attainment, result and analysis, "
        "improvement actions and the expected goal attainment at year end. The deadline is "
        "{deadline}."
    ),
    "report.prompt.summary@steering": "Follow-up of {period}: time to report",
    "report.receipt.body@steering": "The report for {unit}, {period}, has been submitted.",
    "report.placeholder.analysis@steering": (
        "Summarise the result for the whole period and analyse the causes"
    ),
    "report.goal.last_month@tertial": "Previous period ({period})",
    "report.goal.last_month@delar": "Previous period ({period})",
    "report.goal.last_month@year": "Previous period ({period})",
    "report_text.extra_choice_prompt": "**{label}?**",
    "report_text.extra_choice_retry": "Choose one of the options for {label}.",
    "report_text.extra_text_prompt": "**{label}** (type **none** to leave it empty)",
    "report_text.summary_missing_field": "- {title} ({perspective}): {label}",
}
