"""Decisions (beslut): list, status updates, the monthly step, registration, reminders,
and the ``exportera`` download link."""

SV: dict[str, str] = {
    # statuses (GLOSSARY)
    "decision.status.not_started": "Ej påbörjat",
    "decision.status.in_progress": "Pågår",
    "decision.status.done": "Genomfört",
    "decision.status.cancelled": "Avslutat utan genomförande",
    # facts
    "decision.fact.decided": "Beslutat",
    "decision.fact.unit": "Ansvarig enhet",
    "decision.fact.due": "Klart senast",
    "decision.fact.status": "Status",
    "decision.fact.latest_comment": "Senaste kommentar",
    "decision.no_due_date": "Inget slutdatum",
    "decision.overdue": "försenat",
    "decision.overdue_days.one": "1 dag försenat",
    "decision.overdue_days.many": "{count} dagar försenat",
    # list
    "decision.list.title": "Dina öppna beslut",
    "decision.list.title_leader": "Öppna beslut i din del av organisationen",
    "decision.list.title_all": "Alla öppna beslut",
    "decision.list.counts": "Öppna: {count} · Försenade: {overdue}",
    "decision.list.more": "… och {count} beslut till. Skriv **exportera** för hela listan i Excel.",
    "decision.list.text.one": "Du har ett öppet beslut att följa upp.",
    "decision.list.text.many": "Du har {count} öppna beslut att följa upp.",
    "decision.list.text_overdue.one": "Ett av dem är försenat.",
    "decision.list.text_overdue.many": "{count} av dem är försenade.",
    "decision.list.none": "Du har inga öppna beslut att verkställa just nu.",
    "decision.list.none_leader": (
        "Det finns inga öppna beslut i din del av organisationen just nu."
    ),
    "decision.list.not_manager": (
        "Du är inte chef för någon enhet just nu, så du har inga beslut att följa upp."
    ),
    "decision.not_found_reference": (
        "Jag hittar inget beslut med diarienummer ”{reference}” bland dina beslut."
    ),
    # buttons and inputs
    "decision.button.update": "Uppdatera status",
    "decision.button.save": "Spara",
    "decision.button.save_round": "Spara status för besluten",
    "decision.button.back": "Visa mina beslut",
    "decision.button.continue": "Fortsätt med nästa beslut",
    "decision.button.open_round": "Följ upp beslut ({count})",
    "decision.button.report_status": "Rapportera status",
    "decision.button.register": "Registrera beslutet",
    "decision.button.register_another": "Registrera ett till beslut",
    "decision.input.status": "Status",
    "decision.input.status_required": "Välj en status.",
    "decision.input.comment": "Kommentar",
    "decision.input.comment_placeholder": (
        "Vad har hänt sedan sist? Vid genomfört: vad gjordes. Vid avslutat: varför inte."
    ),
    "decision.input.reference": "Diarienummer",
    "decision.input.decided_on": "Beslutsdatum",
    "decision.input.decided_by": "Beslutat av",
    "decision.input.decided_by_placeholder": "KF, KS, nämnd eller ledningsgrupp",
    "decision.input.title": "Rubrik",
    "decision.input.assignment": "Uppdrag",
    "decision.input.unit": "Ansvarig enhet",
    "decision.input.unit_code": "Ansvarig enhet (enhetskod)",
    "decision.input.due_date": "Klart senast (valfritt)",
    # one decision
    "decision.update.title": "Uppdatera beslutets status",
    "decision.update.closed": "Beslutet är avslutat och kan inte ändras. Kontakta administratören "
    "om det behöver öppnas igen.",
    "decision.saved": "Status för {reference} är sparad.",
    # monthly round
    "decision.round.title": "Beslut att följa upp – {unit}, {period}",
    "decision.role_leader": "Enheten saknar chef – du ansvarar för den som närmaste chef",
    "decision.round.intro": (
        "Ange status för varje öppet beslut och skriv en kort kommentar. "
        "Genomfört och avslutat utan genomförande kräver en kommentar."
    ),
    "decision.round.has_errors": "Rätta {count} beslut nedan – inget är sparat än.",
    "decision.round.none": "Enheten har inga öppna beslut.",
    "decision.round.remaining": "{count} beslut till väntar på status den här perioden.",
    "decision.round.none_unit": "{unit} har inga öppna beslut att följa upp.",
    "decision.round.saved": "Tack! Status för besluten för {unit}, {period}, är sparad:",
    # reminders and prompts (outbox)
    "decision.reminder.title": "Försenade beslut – {unit}",
    "decision.reminder.intro": (
        "De här besluten har passerat sitt slutdatum. Rapportera hur det går, eller markera "
        "dem som genomförda eller avslutade med en kommentar."
    ),
    "decision.reminder.text": "{count} beslut för {unit} har passerat sitt slutdatum.",
    "decision.prompt.text.one": "Dags att följa upp ett öppet beslut för {unit}.",
    "decision.prompt.text.many": "Dags att följa upp {count} öppna beslut för {unit}.",
    # registration
    "decision.new.title": "Registrera ett beslut",
    "decision.new.intro": "Ansvarig enhets chef får beslutet i sin månadsuppföljning.",
    "decision.new.has_errors": "Rätta fälten nedan – beslutet är inte registrerat än.",
    "decision.new.created": "Beslutet är registrerat.",
    # errors
    "decision.error.not_allowed": (
        "Du kan inte ändra det här beslutet. Bara ansvarig enhets chef, ställföreträdare "
        "eller en administratör kan det."
    ),
    "decision.error.not_allowed_unit": "Du kan inte följa upp besluten för {unit}.",
    "decision.error.unknown_status": "Välj en av statusarna i listan.",
    "decision.error.comment_required": (
        "Skriv en kommentar: vad som gjordes, eller varför beslutet inte genomförs."
    ),
    "decision.error.comment_too_long": "Kommentaren är för lång (högst 2 000 tecken).",
    "decision.error.backwards": "Ett påbörjat beslut kan inte sättas tillbaka till ej påbörjat.",
    "decision.error.closed": "Beslutet är redan avslutat och kan inte ändras.",
    "decision.error.not_found": "Jag hittar inte det beslutet längre. Skriv **beslut** för listan.",
    "decision.error.unknown_unit": "Jag hittar inte den enheten.",
    "decision.error.stale": (
        "Någon annan har ändrat status sedan kortet visades. Kontrollera och spara igen."
    ),
    "decision.field.required": "Fältet måste fyllas i.",
    "decision.field.too_long": "Texten är för lång.",
    "decision.field.due_before_decided": "Slutdatumet kan inte ligga före beslutsdatumet.",
    "decision.field.future_decision": "Beslutsdatumet kan inte ligga i framtiden.",
    "decision.field.bad_date": "Skriv datumet som ÅÅÅÅ-MM-DD.",
    "decision.field.unknown_unit": "Okänd enhet.",
    "decision.field.duplicate": "Det finns redan ett beslut med det diarienumret.",
    # exportera
    "export.link": (
        "Här är resultaten för {period} för {scope} som Excel: [Ladda ner]({url})\n\n"
        "Länken gäller i {minutes} minuter (till {until}); dela den inte – den som har "
        "länken kan ladda ner filen."
    ),
    "export.scope_all": "hela kommunen",
    "export.not_allowed": (
        "Exportera är till för chefer och administratörer. Du är inte chef för någon enhet "
        "just nu."
    ),
    "export.bad_period": "Skriv perioden som ÅÅÅÅ-MM, till exempel **exportera 2026-10**.",
    "export.no_period": (
        "Det finns ingen period att exportera än. Skriv till exempel **exportera 2026-10**."
    ),
}

EN: dict[str, str] = {
    "decision.status.not_started": "Not started",
    "decision.status.in_progress": "In progress",
    "decision.status.done": "Done",
    "decision.status.cancelled": "Cancelled (not carried out)",
    "decision.fact.decided": "Decided",
    "decision.fact.unit": "Responsible unit",
    "decision.fact.due": "Due",
    "decision.fact.status": "Status",
    "decision.fact.latest_comment": "Latest comment",
    "decision.no_due_date": "No due date",
    "decision.overdue": "overdue",
    "decision.overdue_days.one": "1 day overdue",
    "decision.overdue_days.many": "{count} days overdue",
    "decision.list.title": "Your open decisions",
    "decision.list.title_leader": "Open decisions in your part of the organisation",
    "decision.list.title_all": "All open decisions",
    "decision.list.counts": "Open: {count} · Overdue: {overdue}",
    "decision.list.more": "… and {count} more. Type **export** for the full list in Excel.",
    "decision.list.text.one": "You have one open decision to follow up.",
    "decision.list.text.many": "You have {count} open decisions to follow up.",
    "decision.list.text_overdue.one": "One of them is overdue.",
    "decision.list.text_overdue.many": "{count} of them are overdue.",
    "decision.list.none": "You have no open decisions to carry out right now.",
    "decision.list.none_leader": "There are no open decisions in your part of the organisation.",
    "decision.list.not_manager": (
        "You don't manage any unit at the moment, so you have no decisions to follow up."
    ),
    "decision.not_found_reference": (
        "I can't find a decision with reference “{reference}” among your decisions."
    ),
    "decision.button.update": "Update status",
    "decision.button.save": "Save",
    "decision.button.save_round": "Save the decisions' status",
    "decision.button.back": "Show my decisions",
    "decision.button.continue": "Continue with the next decisions",
    "decision.button.open_round": "Follow up decisions ({count})",
    "decision.button.report_status": "Report status",
    "decision.button.register": "Register the decision",
    "decision.button.register_another": "Register another decision",
    "decision.input.status": "Status",
    "decision.input.status_required": "Choose a status.",
    "decision.input.comment": "Comment",
    "decision.input.comment_placeholder": (
        "What has happened since last time? If done: what was done. If cancelled: why not."
    ),
    "decision.input.reference": "Reference number",
    "decision.input.decided_on": "Decision date",
    "decision.input.decided_by": "Decided by",
    "decision.input.decided_by_placeholder": "Council, executive board, committee or management",
    "decision.input.title": "Title",
    "decision.input.assignment": "Assignment",
    "decision.input.unit": "Responsible unit",
    "decision.input.unit_code": "Responsible unit (unit code)",
    "decision.input.due_date": "Due date (optional)",
    "decision.update.title": "Update the decision's status",
    "decision.update.closed": "The decision is closed and cannot be changed. Ask the "
    "administrator if it needs to be reopened.",
    "decision.saved": "The status of {reference} is saved.",
    "decision.round.title": "Decisions to follow up – {unit}, {period}",
    "decision.role_leader": (
        "The unit has no manager – you are responsible for it as the nearest manager above"
    ),
    "decision.round.intro": (
        "Give the status of each open decision with a short comment. Done and cancelled "
        "need a comment."
    ),
    "decision.round.has_errors": "Correct {count} decision(s) below – nothing is saved yet.",
    "decision.round.none": "The unit has no open decisions.",
    "decision.round.remaining": "{count} more decision(s) await their status this period.",
    "decision.round.none_unit": "{unit} has no open decisions to follow up.",
    "decision.round.saved": "Thank you! The decisions' status for {unit}, {period}, is saved:",
    "decision.reminder.title": "Overdue decisions – {unit}",
    "decision.reminder.intro": (
        "These decisions are past their due date. Report how it is going, or mark them done "
        "or cancelled with a comment."
    ),
    "decision.reminder.text": "{count} decision(s) for {unit} are past their due date.",
    "decision.prompt.text.one": "Time to follow up one open decision for {unit}.",
    "decision.prompt.text.many": "Time to follow up {count} open decisions for {unit}.",
    "decision.new.title": "Register a decision",
    "decision.new.intro": "The responsible unit's manager gets it in their monthly follow-up.",
    "decision.new.has_errors": "Correct the fields below – the decision is not registered yet.",
    "decision.new.created": "The decision is registered.",
    "decision.error.not_allowed": (
        "You cannot change this decision. Only the responsible unit's manager, acting manager "
        "or an administrator can."
    ),
    "decision.error.not_allowed_unit": "You cannot follow up the decisions of {unit}.",
    "decision.error.unknown_status": "Choose one of the statuses in the list.",
    "decision.error.comment_required": (
        "Write a comment: what was done, or why the decision is not carried out."
    ),
    "decision.error.comment_too_long": "The comment is too long (at most 2,000 characters).",
    "decision.error.backwards": "A decision in progress cannot go back to not started.",
    "decision.error.closed": "The decision is already closed and cannot be changed.",
    "decision.error.not_found": "I can't find that decision any more. Type **decisions** for "
    "the list.",
    "decision.error.unknown_unit": "I can't find that unit.",
    "decision.error.stale": (
        "Someone else changed the status after the card was shown. Check and save again."
    ),
    "decision.field.required": "This field is required.",
    "decision.field.too_long": "The text is too long.",
    "decision.field.due_before_decided": "The due date cannot be before the decision date.",
    "decision.field.future_decision": "The decision date cannot be in the future.",
    "decision.field.bad_date": "Write the date as YYYY-MM-DD.",
    "decision.field.unknown_unit": "Unknown unit.",
    "decision.field.duplicate": "A decision with that reference number already exists.",
    "export.link": (
        "Here are the results for {period} for {scope} as Excel: [Download]({url})\n\n"
        "The link works for {minutes} minutes (until {until}); do not share it – anyone "
        "who has it can download the file."
    ),
    "export.scope_all": "the whole municipality",
    "export.not_allowed": (
        "Export is for managers and administrators. You don't manage any unit at the moment."
    ),
    "export.bad_period": "Write the period as YYYY-MM, for example **export 2026-10**.",
    "export.no_period": "There is no period to export yet. Type e.g. **export 2026-10**.",
}
