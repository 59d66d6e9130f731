"""Texts of the report's plausibility checks, error summaries, collapsible details and
the notices around a submitted report (receipt, changes, the leader's notice)."""

SV: dict[str, str] = {
    # plausibility warnings (followup.report_rules.plausibility_warnings)
    "report.warning.value_far": (
        "Utfallet {value} {unit} ligger långt från målvärdet {target} {unit}. Stämmer det?"
    ),
    "report.warning.value_far_last": (
        "Utfallet {value} {unit} ligger långt från förra månadens {last} {unit} och från "
        "målvärdet. Stämmer det?"
    ),
    "report.warning.green_missed": (
        "Du har valt Uppfylls, men utfallet {value} {unit} når inte målvärdet {target} "
        "{unit}. Stämmer bedömningen?"
    ),
    "report.warning.red_met": (
        "Du har valt Uppfylls inte, men utfallet {value} {unit} når målvärdet {target} "
        "{unit}. Stämmer bedömningen?"
    ),
    "report.warning.prefix": "⚠ {message}",
    "report.warning.summary": (
        "Kontrollera {count} uppgift(er) innan de sparas – inget i det här steget har "
        "sparats ännu:"
    ),
    "report.warning.confirm": "Stämmer, spara ändå",
    "report.warning.confirm_hint": (
        "Rätta värdet, eller kryssa i ”Stämmer, spara ändå” och tryck på knappen igen."
    ),
    # the error summary at the top and beside the buttons
    "report.step.errors_short": "Något behöver rättas innan steget kan sparas:",
    "report.step.text_clipped": (
        "Texten är för lång för att visas här i sin helhet: de första {shown} av {length} "
        "tecknen visas. Korta den innan du sparar – det som står i rutan är det som sparas."
    ),
    "report.step.error_line": "{goal} – {field}: {message}",
    "report.step.general_error": "{message}",
    # collapsible goal details
    "report.goal.show_details": "Visa målbeskrivning och värden",
    "report.goal.details_hint": "Målbeskrivning, målvärde och förra månaden finns ovan.",
    # input validation messages shown by the client
    "report.input.status_error": "Välj uppfylls, uppfylls delvis eller uppfylls inte.",
    "report.input.value_error": "Skriv ett tal, till exempel 12,5.",
    "report.input.text_error": "Skriv högst {max} tecken.",
    "report.input.actions_error": (
        "Beskriv åtgärderna – de krävs när målet uppfylls delvis eller inte uppfylls."
    ),
    # a submitted report changed
    "report.step.saved_submitted": (
        "Ändringen är sparad i den inskickade rapporten {when}. Den syns direkt i "
        "sammanställningar och exporter."
    ),
    "report.receipt.decisions_sent": (
        "Enheten har öppna beslut att följa upp – de kommer i ett eget meddelande nedan."
    ),
    # the review step's texts
    "report.review.analysis": "Analys: {text}",
    "report.review.actions": "Åtgärder: {text}",
    "report.review.no_text": "–",
    # the leader's notice (outbox kind report_changed)
    "report.changed_notice.title": "En inskickad rapport har ändrats",
    "report.changed_notice.body": (
        "{who} har ändrat {unit}s rapport för {period} efter att din sammanställning "
        "skickades. Sammanställningen du fick visar inte ändringen; skriv "
        "**sammanställning** för att se läget nu."
    ),
    "report.changed_notice.goals": "Ändrade mål: {goals}",
    "report.changed_notice.button": "Visa rapporten",
    # text dialog
    "report_text.unlikely": "Innan jag sparar – kontrollera:",
    "report_text.unlikely_prompt": "Vill du spara ändå?",
    "report_text.unlikely_retry": "Svara **Stämmer, spara ändå** eller **Ändra**.",
    "report_text.choice.confirm": "Stämmer, spara ändå",
    "report_text.choice.change": "Ändra",
    "report_text.saved_submitted_at": (
        "Ändringen är sparad i den inskickade rapporten. Den syns direkt i "
        "sammanställningar och exporter."
    ),
}

EN: dict[str, str] = {
    "report.warning.value_far": (
        "The outcome {value} {unit} is far from the target {target} {unit}. Is that right?"
    ),
    "report.warning.value_far_last": (
        "The outcome {value} {unit} is far from last month's {last} {unit} and from the "
        "target. Is that right?"
    ),
    "report.warning.green_missed": (
        "You chose Met, but the outcome {value} {unit} does not reach the target {target} "
        "{unit}. Is the assessment right?"
    ),
    "report.warning.red_met": (
        "You chose Not met, but the outcome {value} {unit} reaches the target {target} "
        "{unit}. Is the assessment right?"
    ),
    "report.warning.prefix": "⚠ {message}",
    "report.warning.summary": (
        "Check {count} item(s) before they are saved – nothing in this step has been "
        "saved yet:"
    ),
    "report.warning.confirm": "That is right, save anyway",
    "report.warning.confirm_hint": (
        "Correct the value, or tick “That is right, save anyway” and press the button again."
    ),
    "report.step.errors_short": "Something needs fixing before the step can be saved:",
    "report.step.text_clipped": (
        "The text is too long to be shown here in full: the first {shown} of {length} "
        "characters are shown. Shorten it before saving – what is in the box is what is saved."
    ),
    "report.step.error_line": "{goal} – {field}: {message}",
    "report.step.general_error": "{message}",
    "report.goal.show_details": "Show goal description and values",
    "report.goal.details_hint": "Goal description, target and last month are shown above.",
    "report.input.status_error": "Choose met, partly met or not met.",
    "report.input.value_error": "Type a number, e.g. 12.5.",
    "report.input.text_error": "Type at most {max} characters.",
    "report.input.actions_error": (
        "Describe the actions – they are required when the goal is partly met or not met."
    ),
    "report.step.saved_submitted": (
        "The change is saved in the submitted report {when}. It shows at once in "
        "summaries and exports."
    ),
    "report.receipt.decisions_sent": (
        "The unit has open decisions to follow up – they come in a message of their own "
        "below."
    ),
    "report.review.analysis": "Analysis: {text}",
    "report.review.actions": "Actions: {text}",
    "report.review.no_text": "–",
    "report.changed_notice.title": "A submitted report has changed",
    "report.changed_notice.body": (
        "{who} changed the report of {unit} for {period} after your summary was sent. "
        "The summary you got does not show the change; type **summary** to see the "
        "situation now."
    ),
    "report.changed_notice.goals": "Changed goals: {goals}",
    "report.changed_notice.button": "Show the report",
    "report_text.unlikely": "Before I save – please check:",
    "report_text.unlikely_prompt": "Do you want to save anyway?",
    "report_text.unlikely_retry": "Answer **That is right, save anyway** or **Change**.",
    "report_text.choice.confirm": "That is right, save anyway",
    "report_text.choice.change": "Change",
    "report_text.saved_submitted_at": (
        "The change is saved in the submitted report. It shows at once in summaries and "
        "exports."
    ),
}
