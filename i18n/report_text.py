"""Texts of the text-only report dialog (``rapportera text``): prompts, summary, receipt."""

SV: dict[str, str] = {
    "report_text.start": (
        "Vi går igenom målen för **{unit}**, {period}, ett i taget – {count} mål i "
        "perspektiven Medborgare, Verksamhet, Ekonomi och Medarbetare. Varje svar sparas "
        "direkt som utkast. Skriv **hoppa över** för att gå till nästa mål, **tillbaka** "
        "för att gå till föregående och **avbryt** för att pausa."
    ),
    "report_text.resume": (
        "Välkommen tillbaka! Du fortsätter där du slutade: mål {number} av {count} för "
        "**{unit}**, {period}."
    ),
    "report_text.resume_incomplete": (
        "Du har redan svarat på {done} av {count} mål för **{unit}**, {period}. "
        "Vi börjar med mål {number}."
    ),
    "report_text.resume_summary": (
        "Välkommen tillbaka! Du var framme vid sammanfattningen för **{unit}**, {period}."
    ),
    "report_text.all_answered": (
        "Du har redan svarat på alla mål för **{unit}**, {period}. Här är sammanfattningen "
        "– skriv **tillbaka** om du vill ändra något."
    ),
    "report_text.already_submitted": (
        "Rapporten för **{unit}**, {period}, är redan inskickad. Ändringar du gör nu sparas "
        "direkt i den inskickade rapporten."
    ),
    "report_text.no_goals": "**{unit}** har inga mål att rapportera för {period}.",
    "report_text.personal_only": (
        "Textrapporten fungerar bara i din egen chatt med Målbot. Skriv **rapportera text** "
        "där."
    ),
    "report_text.choose_unit": "Vilken enhet vill du rapportera för?",
    "report_text.choose_unit_retry": "Välj en av enheterna i listan, eller skriv **avbryt**.",
    "report_text.goal_header": "**{perspective}** – mål {number} av {count}",
    "report_text.indicator": "Indikator: {name}{target}{baseline}",
    "report_text.target": " – målvärde {value}",
    "report_text.baseline": ", utgångsvärde {value}",
    "report_text.last_month": "Förra månaden ({period}): {status}{value}",
    "report_text.draft": "Sparat hittills: {status}{value}",
    "report_text.no_status": "ingen status",
    "report_text.status_prompt": "Hur går det för målet?",
    "report_text.status_retry": (
        "Välj **uppfylls**, **uppfylls delvis** eller **uppfylls inte** – eller skriv "
        "**hoppa över**, **tillbaka** eller **avbryt**."
    ),
    "report_text.value_prompt": (
        "Vilket utfall har indikatorn **{name}**{unit} för {period}? Skriv ett tal, "
        "till exempel 12,5."
    ),
    "report_text.value_keep_hint": " Skriv **behåll** för att behålla {value}.",
    "report_text.value_none_hint": " Skriv **-** om du inte har något utfall.",
    "report_text.value_retry": "Skriv utfallet som ett tal, till exempel 12,5 (eller **-**).",
    "report_text.value_retry_after_error": (
        "Försök igen – eller skriv **-** om du inte har något utfall."
    ),
    "report_text.analysis_prompt": (
        "**Resultat och analys:** vad har hänt och varför? Skriv **-** om du inte vill "
        "skriva något."
    ),
    "report_text.text_keep_hint": " Skriv **behåll** för att behålla det du skrev förut: "
    "”{text}”",
    "report_text.analysis_retry": "Skriv resultat och analys (högst {max} tecken), eller **-**.",
    "report_text.actions_prompt": (
        "**Utveckling – åtgärder:** vad gör ni för att nå målet? Åtgärder krävs när "
        "statusen är ”{status}”."
    ),
    "report_text.actions_required": (
        "Du behöver skriva vilka åtgärder ni gör, eftersom statusen är ”{status}”."
    ),
    "report_text.actions_retry": "Skriv vilka åtgärder ni gör (högst {max} tecken).",
    "report_text.text_too_long": (
        "Texten är {length} tecken lång. Den får vara högst {max} tecken – korta den och "
        "försök igen."
    ),
    "report_text.saved": "Sparat som utkast ({done} av {count} mål klara).",
    "report_text.saved_submitted": "Ändringen är sparad i den inskickade rapporten.",
    "report_text.unchanged": "Inget ändrades för det målet.",
    "report_text.skipped": "Du hoppade över målet – inget sparades för det.",
    "report_text.first_goal": "Det här är det första målet.",
    "report_text.not_saved": "Svaret sparades inte:",
    "report_text.conflict": (
        "{who} ändrade rapporten {when} medan du skrev, så ditt svar sparades inte för att "
        "inte skriva över det. Här är målet igen med de senaste uppgifterna."
    ),
    "report_text.conflict_unknown": "någon annan",
    "report_text.closed": (
        "Perioden {period} är stängd, så inget mer kan sparas i den rapporten.{current}"
    ),
    "report_text.closed_current": " Skriv **rapportera text** för att rapportera för {period}.",
    "report_text.forbidden": (
        "Du kan inte rapportera för **{unit}** just nu. Kontakta målbotsadministratören om "
        "det är fel."
    ),
    "report_text.not_found": "Jag hittar inte den rapporten längre. Skriv **rapportera text** "
    "för att börja om.",
    "report_text.cancelled": (
        "Okej, vi pausar här. Allt du har svarat är sparat som utkast. Skriv "
        "**rapportera text** när du vill fortsätta där du slutade."
    ),
    "report_text.summary_title": "**Sammanfattning – {unit}, {period}**",
    "report_text.summary_perspective": "{perspective}: {done} av {total} mål klara",
    "report_text.summary_counts": (
        "Status: {green} uppfylls, {yellow} uppfylls delvis, {red} uppfylls inte."
    ),
    "report_text.summary_missing": "Det här saknas innan du kan skicka in:",
    "report_text.summary_missing_status": "- {title} ({perspective}): status",
    "report_text.summary_missing_actions": "- {title} ({perspective}): åtgärder",
    "report_text.summary_ready": "Allt är ifyllt. Vill du skicka in rapporten?",
    "report_text.read_only_submitted": "Rapporten är inskickad.",
    "report_text.summary_submitted": (
        "Rapporten är redan inskickad och dina ändringar är sparade."
    ),
    "report_text.summary_prompt": "Vad vill du göra?",
    "report_text.summary_retry": "Välj ett av alternativen, eller skriv **avbryt**.",
    "report_text.receipt": (
        "Tack, {name}! Rapporten för **{unit}**, {period}, är inskickad {date} {time}. "
        "{green} uppfylls, {yellow} uppfylls delvis, {red} uppfylls inte."
    ),
    "report_text.receipt_late": (
        " Den kom in efter sista dag för rapportering och är markerad som sen."
    ),
    "report_text.receipt_edit": (
        " Vill du ändra något skriver du **rapportera text** igen, så länge perioden är öppen."
    ),
    "report_text.no_units": (
        "Du är inte chef för någon enhet som rapporterar just nu, så det finns inget att "
        "rapportera."
    ),
    "report_text.unknown_unit": (
        "Jag hittar ingen enhet ”{text}” som du rapporterar för. Dina enheter: {units}."
    ),
    "report_text.no_period": (
        "Ingen period är öppen för rapportering just nu. Nästa period, {period}, öppnar "
        "{opens}."
    ),
    "report_text.choice.green": "Uppfylls",
    "report_text.choice.yellow": "Uppfylls delvis",
    "report_text.choice.red": "Uppfylls inte",
    "report_text.choice.skip": "Hoppa över",
    "report_text.choice.back": "Tillbaka",
    "report_text.choice.cancel": "Avbryt",
    "report_text.choice.submit": "Skicka in",
    "report_text.choice.missing": "Fyll i det som saknas",
    "report_text.choice.done": "Klar",
    "report_text.status.green": "uppfylls",
    "report_text.status.yellow": "uppfylls delvis",
    "report_text.status.red": "uppfylls inte",
}

EN: dict[str, str] = {
    "report_text.start": (
        "Let's go through the goals of **{unit}**, {period}, one at a time – {count} goals in "
        "the perspectives Citizens, Operations, Economy and Employees. Every answer is saved "
        "as a draft straight away. Type **skip** to move to the next goal, **back** for the "
        "previous one and **cancel** to pause."
    ),
    "report_text.resume": (
        "Welcome back! You continue where you stopped: goal {number} of {count} for "
        "**{unit}**, {period}."
    ),
    "report_text.resume_incomplete": (
        "You have already answered {done} of {count} goals for **{unit}**, {period}. "
        "We start with goal {number}."
    ),
    "report_text.resume_summary": (
        "Welcome back! You had reached the summary for **{unit}**, {period}."
    ),
    "report_text.all_answered": (
        "You have already answered every goal for **{unit}**, {period}. Here is the summary "
        "– type **back** to change something."
    ),
    "report_text.already_submitted": (
        "The report for **{unit}**, {period}, has already been submitted. Changes you make "
        "now are saved straight into the submitted report."
    ),
    "report_text.no_goals": "**{unit}** has no goals to report for {period}.",
    "report_text.personal_only": (
        "The text report only works in your own chat with Målbot. Type **rapportera text** "
        "there."
    ),
    "report_text.choose_unit": "Which unit do you want to report for?",
    "report_text.choose_unit_retry": "Pick one of the units in the list, or type **cancel**.",
    "report_text.goal_header": "**{perspective}** – goal {number} of {count}",
    "report_text.indicator": "Indicator: {name}{target}{baseline}",
    "report_text.target": " – target {value}",
    "report_text.baseline": ", baseline {value}",
    "report_text.last_month": "Last month ({period}): {status}{value}",
    "report_text.draft": "Saved so far: {status}{value}",
    "report_text.no_status": "no status",
    "report_text.status_prompt": "How is the goal going?",
    "report_text.status_retry": (
        "Pick **met**, **partly met** or **not met** – or type **skip**, **back** or "
        "**cancel**."
    ),
    "report_text.value_prompt": (
        "What is the outcome of the indicator **{name}**{unit} for {period}? Type a number, "
        "for example 12.5."
    ),
    "report_text.value_keep_hint": " Type **keep** to keep {value}.",
    "report_text.value_none_hint": " Type **-** if you have no outcome.",
    "report_text.value_retry": "Type the outcome as a number, for example 12.5 (or **-**).",
    "report_text.value_retry_after_error": "Try again – or type **-** if you have no outcome.",
    "report_text.analysis_prompt": (
        "**Result and analysis:** what happened and why? Type **-** to leave it empty."
    ),
    "report_text.text_keep_hint": " Type **keep** to keep what you wrote before: ”{text}”",
    "report_text.analysis_retry": "Type the result and analysis (at most {max} characters), "
    "or **-**.",
    "report_text.actions_prompt": (
        "**Improvement actions:** what are you doing to reach the goal? Actions are required "
        "when the status is ”{status}”."
    ),
    "report_text.actions_required": (
        "Please describe your improvement actions, since the status is ”{status}”."
    ),
    "report_text.actions_retry": "Type your improvement actions (at most {max} characters).",
    "report_text.text_too_long": (
        "The text is {length} characters long. At most {max} are allowed – shorten it and try "
        "again."
    ),
    "report_text.saved": "Saved as a draft ({done} of {count} goals done).",
    "report_text.saved_submitted": "The change is saved in the submitted report.",
    "report_text.unchanged": "Nothing changed for that goal.",
    "report_text.skipped": "You skipped the goal – nothing was saved for it.",
    "report_text.first_goal": "This is the first goal.",
    "report_text.not_saved": "The answer was not saved:",
    "report_text.conflict": (
        "{who} changed the report {when} while you were typing, so your answer was not saved "
        "to avoid overwriting it. Here is the goal again with the latest values."
    ),
    "report_text.conflict_unknown": "someone else",
    "report_text.closed": "The period {period} is closed, so nothing more can be saved in that "
    "report.{current}",
    "report_text.closed_current": " Type **rapportera text** to report for {period}.",
    "report_text.forbidden": (
        "You cannot report for **{unit}** at the moment. Contact the Målbot administrator if "
        "this is wrong."
    ),
    "report_text.not_found": "I can no longer find that report. Type **rapportera text** to "
    "start again.",
    "report_text.cancelled": (
        "OK, let's pause here. Everything you answered is saved as a draft. Type "
        "**rapportera text** when you want to continue where you stopped."
    ),
    "report_text.summary_title": "**Summary – {unit}, {period}**",
    "report_text.summary_perspective": "{perspective}: {done} of {total} goals done",
    "report_text.summary_counts": "Status: {green} met, {yellow} partly met, {red} not met.",
    "report_text.summary_missing": "Missing before you can submit:",
    "report_text.summary_missing_status": "- {title} ({perspective}): status",
    "report_text.summary_missing_actions": "- {title} ({perspective}): improvement actions",
    "report_text.summary_ready": "Everything is filled in. Do you want to submit the report?",
    "report_text.read_only_submitted": "The report has been submitted.",
    "report_text.summary_submitted": (
        "The report has already been submitted and your changes are saved."
    ),
    "report_text.summary_prompt": "What do you want to do?",
    "report_text.summary_retry": "Pick one of the options, or type **cancel**.",
    "report_text.receipt": (
        "Thank you, {name}! The report for **{unit}**, {period}, was submitted {date} {time}. "
        "{green} met, {yellow} partly met, {red} not met."
    ),
    "report_text.receipt_late": " It arrived after the deadline and is marked as late.",
    "report_text.receipt_edit": (
        " To change something, type **rapportera text** again while the period is open."
    ),
    "report_text.no_units": (
        "You don't manage any unit that reports at the moment, so there is nothing to report."
    ),
    "report_text.unknown_unit": (
        "I can't find a unit ”{text}” that you report for. Your units: {units}."
    ),
    "report_text.no_period": (
        "No period is open for reporting right now. The next period, {period}, opens {opens}."
    ),
    "report_text.choice.green": "Met",
    "report_text.choice.yellow": "Partly met",
    "report_text.choice.red": "Not met",
    "report_text.choice.skip": "Skip",
    "report_text.choice.back": "Back",
    "report_text.choice.cancel": "Cancel",
    "report_text.choice.submit": "Submit",
    "report_text.choice.missing": "Fill in what is missing",
    "report_text.choice.done": "Done",
    "report_text.status.green": "met",
    "report_text.status.yellow": "partly met",
    "report_text.status.red": "not met",
}
