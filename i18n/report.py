"""Texts of the monthly report: prompt, step cards, review, receipt, errors."""

SV: dict[str, str] = {
    # prompt
    "report.prompt.title": "Dags för månadsuppföljning – {period}",
    "report.prompt.intro": (
        "Rapportera hur det går med målen för {period}: måluppfyllelse, resultat och "
        "analys och utveckling. Sista dag för rapportering är {deadline}."
    ),
    "report.prompt.role_acting": "Du är ställföreträdande chef",
    "report.prompt.role_leader": "Enheten saknar chef – du ansvarar för den som närmaste chef",
    "report.stand_in": (
        "{name} är ställföreträdande chef till och med {until} och rapporterar för enheten"
    ),
    "report.stand_in_open": "{name} är ställföreträdande chef och rapporterar för enheten",
    "report.button.view": "Visa rapporten",
    "report.button.view_unit": "Visa – {unit}",
    "report.prompt.role_admin": "Du rapporterar som administratör för enhetens räkning",
    "report.prompt.goals_count": "{count} mål",
    "report.prompt.no_goals": "Enheten har inga mål för perioden.",
    "report.prompt.not_started": "Inte påbörjad – {total} mål att rapportera.",
    "report.prompt.draft": "Utkast sparat – {done} av {total} mål klara.",
    "report.prompt.submitted": "Inskickad {when}.",
    "report.prompt.submitted_late": "Inskickad {when} (försenad).",
    "report.prompt.summary": "Månadsuppföljning {period}: dags att rapportera",
    "report.prompt.more": "+{count} till",
    "report.review.missing_more": "+{count} till",
    # buttons
    "report.button.report": "Rapportera",
    "report.button.report_unit": "Rapportera – {unit}",
    "report.button.next": "Nästa",
    "report.button.back": "Tillbaka",
    "report.button.save": "Spara utkast",
    "report.button.prefill": "Samma som förra månaden",
    "report.button.submit": "Skicka in",
    "report.button.edit": "Ändra",
    "report.button.reload": "Visa det som är sparat",
    # step
    "report.step.title": "Månadsrapport {period} – {unit}",
    "report.step.of": "Steg {n} av {total}: {label}",
    "report.step.part": "{perspective} (del {part} av {parts})",
    "report.step.deadline": "Sista dag för rapportering: {deadline}.",
    "report.step.submitted_note": (
        "Rapporten är inskickad. Ändringar sparas när du trycker Nästa eller Spara utkast."
    ),
    "report.step.saved": "Utkastet sparades {when}. Du kan fortsätta nu eller senare.",
    "report.step.unchanged": "Inget nytt att spara – allt var redan sparat.",
    "report.step.prefilled": (
        "Tomma fält har fyllts i med värdena från {period}. Kontrollera dem och tryck "
        "Nästa eller Spara utkast för att spara."
    ),
    "report.step.prefill_none": "Det finns inga värden från förra månaden att hämta.",
    "report.step.errors": (
        "Något behöver rättas – se markeringarna nedan. Inget i det här steget har sparats "
        "och det du skrev finns kvar."
    ),
    "report.step.no_goals": "Enheten har inga mål att rapportera för perioden.",
    "report.goal.indicator": "Indikator",
    "report.goal.target": "Målvärde",
    "report.goal.baseline": "Utgångsvärde",
    "report.goal.last_month": "Förra månaden ({period})",
    "report.goal.higher": "högre är bättre",
    "report.goal.lower": "lägre är bättre",
    "report.field.status": "Måluppfyllelse",
    "report.field.value": "Utfall ({unit})",
    "report.field.value_plain": "Utfall",
    "report.field.analysis": "Resultat och analys",
    "report.field.actions": "Utveckling – åtgärder (krävs vid uppfylls delvis och uppfylls inte)",
    "report.placeholder.value": "t.ex. 12,5",
    "report.placeholder.analysis": "Vad har hänt och varför?",
    "report.placeholder.actions": "Vad gör ni för att nå målet?",
    "report.status.green": "Uppfylls",
    "report.status.yellow": "Uppfylls delvis",
    "report.status.red": "Uppfylls inte",
    "report.status.none": "Ej angiven",
    "report.error.prefix": "⚠ {message}",
    "report.error.status_invalid": "Välj uppfylls, uppfylls delvis eller uppfylls inte.",
    "report.error.status_required": "Välj måluppfyllelse för målet.",
    "report.error.value_not_number": "”{text}” är inte ett tal. Skriv till exempel 12,5.",
    "report.error.value_too_large": "Talet är för stort.",
    "report.error.value_too_small": "Utfallet kan inte vara lägre än {low}.",
    "report.error.value_too_high": "Utfallet kan inte vara högre än {high}.",
    "report.error.value_no_indicator": "Målet har ingen indikator – lämna utfallet tomt.",
    "report.error.text_too_long": "Texten har {length} tecken; högst {max} tecken får plats.",
    "report.error.actions_required": (
        "Beskriv vilka åtgärder ni vidtar – det krävs när målet uppfylls delvis "
        "eller inte uppfylls."
    ),
    "report.error.unknown_goal": (
        "Kortet innehöll mål som inte hör till enheten ({ids}). Inget har sparats. "
        "Skriv **rapportera** för att få ett nytt kort."
    ),
    # review
    "report.review.title": "Granska och skicka in",
    "report.review.intro": "Kontrollera rapporten och tryck Skicka in när allt stämmer.",
    "report.review.complete": "Alla {total} mål är ifyllda.",
    "report.review.missing": (
        "{count} mål behöver kompletteras innan rapporten kan skickas in. "
        "Gå tillbaka och fyll i det som saknas:"
    ),
    "report.review.missing_status": "{goal} – måluppfyllelse saknas",
    "report.review.missing_actions": "{goal} – åtgärder saknas",
    "report.review.counts": "{green} uppfylls · {yellow} uppfylls delvis · {red} uppfylls inte",
    "report.review.value": "utfall {value}",
    # receipt
    "report.receipt.title": "Tack, {name}! Rapporten är inskickad.",
    "report.receipt.body": "Månadsrapporten för {unit}, {period}, är inskickad.",
    "report.receipt.by": "Inskickad av",
    "report.receipt.at": "Tidpunkt",
    "report.receipt.status": "Måluppfyllelse",
    "report.receipt.as_acting": "{name} (ställföreträdande chef)",
    "report.receipt.as_leader": "{name} (närmaste chef)",
    "report.receipt.as_admin": "{name} (administratör för enhetens räkning)",
    "report.receipt.late": (
        "Rapporten kom in efter sista dag för rapportering ({deadline}) och är markerad "
        "som försenad."
    ),
    "report.receipt.on_time": "Rapporten kom in i tid.",
    "report.receipt.edit_until": "Du kan ändra rapporten till och med {until} med knappen Ändra.",
    "report.receipt.already": "Rapporten var redan inskickad – inget nytt behövde sparas.",
    "report.receipt.changed": "Dina ändringar är sparade.",
    # closed / conflict / refusals
    "report.closed.title": "Perioden är stängd",
    "report.closed.body": (
        "Perioden {period} är stängd, så rapporten för {unit} kan inte längre ändras. "
        "Inget har sparats."
    ),
    "report.closed.current": (
        "Rapporteringen för {period} är öppen nu. Tryck Rapportera eller skriv "
        "**rapportera** i chatten."
    ),
    "report.closed.next": "Nästa period, {period}, öppnar {opens}. Då får du ett meddelande här.",
    "report.conflict.title": "Någon annan har ändrat rapporten",
    "report.conflict.body": (
        "{name} ändrade rapporten {when} medan du fyllde i. Dina ändringar i det här steget "
        "har inte sparats. Fälten visar nu det som är sparat; det du skrev står under "
        "fälten. Ändra det du vill och tryck Nästa för att spara."
    ),
    "report.conflict.someone": "Någon annan",
    "report.conflict.yours": "Du skrev: {text}",
    "report.refused.title": "Det gick inte",
    "report.refused.forbidden": (
        "Du kan inte rapportera för den här enheten. Det kan bara enhetens chef, en "
        "ställföreträdare eller en administratör göra. Inget har sparats."
    ),
    "report.refused.not_found": (
        "Jag hittar inte den rapporten. Skriv **rapportera** för att börja om."
    ),
    "report.refused.bad_card": (
        "Kortet kunde inte läsas. Skriv **rapportera** för att få ett nytt kort."
    ),
    "report.no_units": (
        "Du har ingen enhet att rapportera för i {period}. Skriv **vem är jag** för att se "
        "dina enheter."
    ),
    "report.unknown_unit": (
        "Jag hittar ingen enhet med koden ”{code}” som du kan rapportera för. "
        "Dina enheter: {codes}."
    ),
    "report.no_period": (
        "Ingen rapportperiod är öppen just nu. Nästa period, {period}, öppnar {opens}. "
        "Då får du ett meddelande här."
    ),
}

EN: dict[str, str] = {
    "report.prompt.title": "Time for the monthly follow-up – {period}",
    "report.prompt.intro": (
        "Report how the goals are doing for {period}: goal attainment, result and analysis "
        "and improvement actions. The deadline is {deadline}."
    ),
    "report.prompt.role_acting": "You are the acting manager",
    "report.prompt.role_leader": (
        "The unit has no manager – you are responsible for it as the nearest manager above"
    ),
    "report.stand_in": "{name} is the acting manager until {until} and reports for the unit",
    "report.stand_in_open": "{name} is the acting manager and reports for the unit",
    "report.button.view": "Show the report",
    "report.button.view_unit": "Show – {unit}",
    "report.prompt.role_admin": "You report as an administrator on the unit's behalf",
    "report.prompt.goals_count": "{count} goals",
    "report.prompt.no_goals": "The unit has no goals for the period.",
    "report.prompt.not_started": "Not started – {total} goals to report.",
    "report.prompt.draft": "Draft saved – {done} of {total} goals done.",
    "report.prompt.submitted": "Submitted {when}.",
    "report.prompt.submitted_late": "Submitted {when} (late).",
    "report.prompt.summary": "Monthly follow-up {period}: time to report",
    "report.prompt.more": "+{count} more",
    "report.review.missing_more": "+{count} more",
    "report.button.report": "Report (Rapportera)",
    "report.button.report_unit": "Report – {unit}",
    "report.button.next": "Next",
    "report.button.back": "Back",
    "report.button.save": "Save draft",
    "report.button.prefill": "Same as last month",
    "report.button.submit": "Submit",
    "report.button.edit": "Change",
    "report.button.reload": "Show what is saved",
    "report.step.title": "Monthly report {period} – {unit}",
    "report.step.of": "Step {n} of {total}: {label}",
    "report.step.part": "{perspective} (part {part} of {parts})",
    "report.step.deadline": "Deadline: {deadline}.",
    "report.step.submitted_note": (
        "The report has been submitted. Changes are saved when you press Next or Save draft."
    ),
    "report.step.saved": "Draft saved {when}. You can continue now or later.",
    "report.step.unchanged": "Nothing new to save – everything was already saved.",
    "report.step.prefilled": (
        "Empty fields have been filled in with the values from {period}. Check them and "
        "press Next or Save draft to save."
    ),
    "report.step.prefill_none": "There are no values from last month to copy.",
    "report.step.errors": (
        "Something needs fixing – see the marks below. Nothing in this step has been saved "
        "and what you typed is kept."
    ),
    "report.step.no_goals": "The unit has no goals to report for the period.",
    "report.goal.indicator": "Indicator",
    "report.goal.target": "Target",
    "report.goal.baseline": "Baseline",
    "report.goal.last_month": "Last month ({period})",
    "report.goal.higher": "higher is better",
    "report.goal.lower": "lower is better",
    "report.field.status": "Goal attainment",
    "report.field.value": "Outcome ({unit})",
    "report.field.value_plain": "Outcome",
    "report.field.analysis": "Result and analysis",
    "report.field.actions": "Improvement actions (required when partly met or not met)",
    "report.placeholder.value": "e.g. 12.5",
    "report.placeholder.analysis": "What happened and why?",
    "report.placeholder.actions": "What are you doing to reach the goal?",
    "report.status.green": "Met",
    "report.status.yellow": "Partly met",
    "report.status.red": "Not met",
    "report.status.none": "Not given",
    "report.error.prefix": "⚠ {message}",
    "report.error.status_invalid": "Choose met, partly met or not met.",
    "report.error.status_required": "Choose the goal attainment for this goal.",
    "report.error.value_not_number": "“{text}” is not a number. Type e.g. 12.5.",
    "report.error.value_too_large": "The number is too large.",
    "report.error.value_too_small": "The outcome cannot be lower than {low}.",
    "report.error.value_too_high": "The outcome cannot be higher than {high}.",
    "report.error.value_no_indicator": "The goal has no indicator – leave the outcome empty.",
    "report.error.text_too_long": "The text has {length} characters; at most {max} fit.",
    "report.error.actions_required": (
        "Describe the improvement actions – required when the goal is partly met or not met."
    ),
    "report.error.unknown_goal": (
        "The card contained goals that do not belong to the unit ({ids}). Nothing was "
        "saved. Type **report** to get a new card."
    ),
    "report.review.title": "Review and submit",
    "report.review.intro": "Check the report and press Submit when everything is right.",
    "report.review.complete": "All {total} goals are filled in.",
    "report.review.missing": (
        "{count} goals need completing before the report can be submitted. "
        "Go back and fill in what is missing:"
    ),
    "report.review.missing_status": "{goal} – goal attainment missing",
    "report.review.missing_actions": "{goal} – improvement actions missing",
    "report.review.counts": "{green} met · {yellow} partly met · {red} not met",
    "report.review.value": "outcome {value}",
    "report.receipt.title": "Thank you, {name}! The report has been submitted.",
    "report.receipt.body": "The monthly report for {unit}, {period}, has been submitted.",
    "report.receipt.by": "Submitted by",
    "report.receipt.at": "Time",
    "report.receipt.status": "Goal attainment",
    "report.receipt.as_acting": "{name} (acting manager)",
    "report.receipt.as_leader": "{name} (nearest manager above)",
    "report.receipt.as_admin": "{name} (administrator on the unit's behalf)",
    "report.receipt.late": (
        "The report arrived after the deadline ({deadline}) and is marked as late."
    ),
    "report.receipt.on_time": "The report arrived on time.",
    "report.receipt.edit_until": "You can change the report until {until} with the Change button.",
    "report.receipt.already": "The report was already submitted – nothing new needed saving.",
    "report.receipt.changed": "Your changes have been saved.",
    "report.closed.title": "The period is closed",
    "report.closed.body": (
        "The period {period} is closed, so the report for {unit} can no longer be changed. "
        "Nothing was saved."
    ),
    "report.closed.current": (
        "Reporting for {period} is open now. Press Report or type **report** in the chat."
    ),
    "report.closed.next": "The next period, {period}, opens {opens}. You will get a message here.",
    "report.conflict.title": "Someone else has changed the report",
    "report.conflict.body": (
        "{name} changed the report {when} while you were filling it in. Your changes in this "
        "step have not been saved. The fields now show what is saved; what you typed is "
        "shown below them. Change what you want and press Next to save."
    ),
    "report.conflict.someone": "Someone else",
    "report.conflict.yours": "You typed: {text}",
    "report.refused.title": "That didn't work",
    "report.refused.forbidden": (
        "You cannot report for this unit. Only its manager, an acting manager or an "
        "administrator can. Nothing was saved."
    ),
    "report.refused.not_found": "I can't find that report. Type **report** to start again.",
    "report.refused.bad_card": "I couldn't read the card. Type **report** to get a new one.",
    "report.no_units": (
        "You have no unit to report for in {period}. Type **who am i** to see your units."
    ),
    "report.unknown_unit": (
        "I can't find a unit with the code “{code}” that you can report for. "
        "Your units: {codes}."
    ),
    "report.no_period": (
        "No reporting period is open right now. The next period, {period}, opens {opens}. "
        "You will get a message here then."
    ),
}
