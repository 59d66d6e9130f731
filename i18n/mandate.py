"""The chefsuppdrag: mitt uppdrag, "får jag besluta om …?", anmälan av
delegationsbeslut, the nämnd's list and the delegation import."""

SV: dict[str, str] = {
    "import.reason.delegation_number": "”{value}” är inget punktnummer (t.ex. 3.2)",
    "import.reason.delegation_amount": "beloppsgränsen kan inte vara negativ",
    "import.reason.delegation_start": (
        "nämnden har redan ”Gäller från” {start} på rad {row}: en nämnds ordning gäller "
        "från en dag"),
    "import.reason.delegation_before": (
        "”Gäller från” är före den ordning som gäller nu (från {start})"),
    "import.change.created.delegation": "Ny delegationsordning {key}",
    "import.change.updated.delegation": "Ersatt delegationsordning {key}: {fields}",
    "import.change.ended.delegation": "Avslutad delegationsordning {key}: {fields}",
    "import.change.created.role_title": "Ny befattning {key}",
    "import.change.updated.role_title": "Ändrad befattning {key}: {fields}",
    "mandate.title": "Chefsuppdrag – {name}",
    "mandate.on": "Gäller {date}",
    "mandate.no_units": (
        "Du är inte chef eller ställföreträdare för någon enhet i dag, så du har inget "
        "delegerat uppdrag."),
    "mandate.unit_label": "Enhet och roll",
    "mandate.acting_label": "Ställföreträdare för",
    "mandate.role_missing": "ingen roll i delegationsordningen",
    "mandate.leader": "Din chef",
    "mandate.acting_for": "Du är ställföreträdare",
    "mandate.acting_line": "{unit} (för {name}) {period}",
    "mandate.deputy": "Din ställföreträdare",
    "mandate.deputy_line": "{name} för {unit} {period}",
    "mandate.from": "från {start}",
    "mandate.between": "{start} – {end}",
    "mandate.goals": "Mål per perspektiv",
    "mandate.decisions": "Öppna beslut du ansvarar för: {count}",
    "mandate.due": "klart senast {date}",
    "mandate.points": "Beslut du får fatta på delegation: {count} punkter",
    "mandate.no_points": "Inga punkter i delegationsordningarna gäller din roll.",
    "mandate.show_all": "Visa alla ({count})",
    "mandate.show_less": "Visa färre",
    "mandate.next": "Nästa",
    "mandate.previous": "Föregående",
    "mandate.up_to": "högst {amount}",
    "mandate.no_limit": "ingen beloppsgräns",
    "mandate.no_report": "anmäls inte",
    "mandate.duties": "Det här ska du rapportera",
    "mandate.duty_report": "Månadsrapporten för dina enheter senast {deadline}.",
    "mandate.duty_anmalan": (
        "Beslut du fattar på delegation anmäls till nämnden varje månad ({count} av dina "
        "punkter ska anmälas). Skriv **anmäl beslut**."),
    "mandate.report_button": "Anmäl delegationsbeslut",
    "mandate.search.title": "Får du besluta om ”{question}”?",
    "mandate.search.none": (
        "Jag hittar inget i delegationsordningarna om det. Fråga din chef eller nämndens "
        "sekreterare."),
    "mandate.search.none_ask": (
        "Jag hittar inget i delegationsordningarna om det. Fråga {name}."),
    "mandate.search.yes": "Ja, du får besluta om detta.",
    "mandate.search.yes_amount": "Ja, du får besluta om detta upp till {amount}.",
    "mandate.search.no": "Nej – delegat är {role}: {names}.",
    "mandate.search.nobody": "ingen har den rollen just nu",
    "mandate.search.ask": "Vad vill du besluta om? Skriv t.ex. **får jag besluta om "
                          "skolskjuts**.",
    "mandate.form.title": "Delegationsbeslut {period}",
    "mandate.form.intro": (
        "Beslut du fattat på delegation anmäls till nämnden (KL 7 kap. 8 §). Välj punkt, "
        "datum och en kort beskrivning – eller bekräfta att du inte fattat några beslut."),
    "mandate.form.point": "Punkt i delegationsordningen",
    "mandate.form.point_needed": "Välj en punkt.",
    "mandate.form.point_placeholder": "Skriv punktnummer eller ord, t.ex. skolskjuts",
    "mandate.form.point_text": "Punkt (t.ex. BUN 5.3)",
    "mandate.form.date": "Beslutsdatum",
    "mandate.form.description": "Kort beskrivning",
    "mandate.form.reference": "Diarienummer (valfritt)",
    "mandate.form.amount": "Belopp i kr (om beslutet gäller ett belopp)",
    "mandate.form.add": "Anmäl beslutet",
    "mandate.form.none": "Inga beslut denna månad",
    "mandate.form.reported": "Anmälda beslut denna månad: {count}",
    "mandate.form.none@steering": "Inga beslut denna period",
    "mandate.form.reported@steering": "Anmälda beslut denna period: {count}",
    "mandate.report.need_description": "Skriv en kort beskrivning av beslutet.",
    "mandate.report.too_long": "Beskrivningen får vara högst 500 tecken.",
    "mandate.report.future": "Beslutsdatumet kan inte vara i framtiden.",
    "mandate.report.unknown_point": "Jag hittar ingen sådan punkt i delegationsordningen.",
    "mandate.report.point_not_valid": (
        "Punkten gällde inte på beslutsdatumet – välj en punkt ur den ordning som gällde då."),
    "mandate.report.bad_date": "Skriv datumet som ÅÅÅÅ-MM-DD.",
    "mandate.report.bad_amount": "Skriv beloppet i hela kronor, t.ex. 25 000.",
    "mandate.report.ambiguous": (
        "Punkt {number} finns i flera nämnders ordning: skriv nämnden också, t.ex. "
        "**anmäl beslut BUN {number} …**."),
    "mandate.saved": "Beslutet på punkt {point} är anmält.",
    "mandate.saved.not_held": (
        "Beslutet på punkt {point} är anmält, men markerat: delegat är {role} och du har "
        "inte den rollen. Kontrollera med din chef."),
    "mandate.saved.above": (
        "Beslutet på punkt {point} är anmält, men markerat: beloppet är över "
        "beloppsgränsen {amount}."),
    "mandate.none_saved": "Noterat: inga beslut på delegation {period}.",
    "mandate.none_already": "Du har redan bekräftat inga beslut för {period}.",
    "mandate.text.usage": (
        "Skriv **anmäl beslut** för formuläret, eller på en rad: **anmäl beslut BUN 5.8 "
        "2026-10-12 Ledighet för elev, fem dagar dnr BUN 2026/12 belopp 5000** – eller "
        "**anmäl beslut inga**."),
    "mandate.flag.not_held": "delegat saknas",
    "mandate.flag.above_amount": "över beloppsgräns",
    "mandate.list.header": "{name}: anmälda delegationsbeslut {start} – {end} ({count})",
    "mandate.list.nil": "Inga beslut: {names}",
    "mandate.list.unknown": "Ingen delegationsordning för nämnden {committee}.",
    "help.mandate": (
        "**mitt uppdrag** – ditt chefsuppdrag: enheter, mål och vad du får besluta om"),
    "help.can_i_decide": "**får jag besluta om** … – sök i delegationsordningarna",
    "help.report_decisions": "**anmäl beslut** – anmäl beslut du fattat på delegation",
}

EN: dict[str, str] = {
    "import.reason.delegation_number": "“{value}” is not a point number (e.g. 3.2)",
    "import.reason.delegation_amount": "the amount limit cannot be negative",
    "import.reason.delegation_start": (
        "the committee already has “Valid from” {start} on row {row}: one committee's "
        "rules start on one day"),
    "import.reason.delegation_before": (
        "“Valid from” is before the rules in force (from {start})"),
    "import.change.created.delegation": "New delegation rules {key}",
    "import.change.updated.delegation": "Replaced delegation rules {key}: {fields}",
    "import.change.ended.delegation": "Ended delegation rules {key}: {fields}",
    "import.change.created.role_title": "New job title {key}",
    "import.change.updated.role_title": "Changed job title {key}: {fields}",
    "mandate.title": "Manager's mandate – {name}",
    "mandate.on": "On {date}",
    "mandate.no_units": (
        "You are not the manager or acting manager of any unit today, so you hold no "
        "delegated mandate."),
    "mandate.unit_label": "Unit and role",
    "mandate.acting_label": "Acting manager of",
    "mandate.role_missing": "no role in the delegation rules",
    "mandate.leader": "Your manager",
    "mandate.acting_for": "You are acting",
    "mandate.acting_line": "{unit} (for {name}) {period}",
    "mandate.deputy": "Your deputy",
    "mandate.deputy_line": "{name} for {unit} {period}",
    "mandate.from": "from {start}",
    "mandate.between": "{start} – {end}",
    "mandate.goals": "Goals per perspective",
    "mandate.decisions": "Open decisions you are responsible for: {count}",
    "mandate.due": "due {date}",
    "mandate.points": "Decisions you may take under delegation: {count} points",
    "mandate.no_points": "No point of the delegation rules applies to your role.",
    "mandate.show_all": "Show all ({count})",
    "mandate.show_less": "Show fewer",
    "mandate.next": "Next",
    "mandate.previous": "Previous",
    "mandate.up_to": "up to {amount}",
    "mandate.no_limit": "no amount limit",
    "mandate.no_report": "not reported",
    "mandate.duties": "What you must report",
    "mandate.duty_report": "The monthly report of your units by {deadline}.",
    "mandate.duty_anmalan": (
        "Decisions taken under delegation are reported to the committee every month "
        "({count} of your points are reported). Type **report decisions**."),
    "mandate.report_button": "Report delegated decisions",
    "mandate.search.title": "May you decide on “{question}”?",
    "mandate.search.none": (
        "I find nothing about that in the delegation rules. Ask your manager or the "
        "committee's secretary."),
    "mandate.search.none_ask": "I find nothing about that in the delegation rules. Ask {name}.",
    "mandate.search.yes": "Yes, you may decide on this.",
    "mandate.search.yes_amount": "Yes, you may decide on this up to {amount}.",
    "mandate.search.no": "No – the delegate is {role}: {names}.",
    "mandate.search.nobody": "nobody holds that role now",
    "mandate.search.ask": "What do you want to decide on? E.g. **may i decide school "
                          "transport**.",
    "mandate.form.title": "Delegated decisions {period}",
    "mandate.form.intro": (
        "Decisions taken under delegation are reported to the committee (KL 7:8). Pick the "
        "point, date and a short description – or confirm you took no decisions."),
    "mandate.form.point": "Point of the delegation rules",
    "mandate.form.point_needed": "Pick a point.",
    "mandate.form.point_placeholder": "Type a number or words, e.g. skolskjuts",
    "mandate.form.point_text": "Point (e.g. BUN 5.3)",
    "mandate.form.date": "Decision date",
    "mandate.form.description": "Short description",
    "mandate.form.reference": "Reference number (optional)",
    "mandate.form.amount": "Amount in kr (if the decision concerns an amount)",
    "mandate.form.add": "Report the decision",
    "mandate.form.none": "No decisions this month",
    "mandate.form.reported": "Decisions reported this month: {count}",
    "mandate.form.none@steering": "No decisions this period",
    "mandate.form.reported@steering": "Decisions reported this period: {count}",
    "mandate.report.need_description": "Write a short description of the decision.",
    "mandate.report.too_long": "The description may be at most 500 characters.",
    "mandate.report.future": "The decision date cannot be in the future.",
    "mandate.report.unknown_point": "I find no such point in the delegation rules.",
    "mandate.report.point_not_valid": (
        "The point did not apply on the decision date – pick one from the rules then in force."),
    "mandate.report.bad_date": "Write the date as YYYY-MM-DD.",
    "mandate.report.bad_amount": "Write the amount in whole kronor, e.g. 25000.",
    "mandate.report.ambiguous": (
        "Point {number} exists in several committees' rules: add the committee, e.g. "
        "**report decisions BUN {number} …**."),
    "mandate.saved": "The decision on point {point} is reported.",
    "mandate.saved.not_held": (
        "The decision on point {point} is reported, but flagged: the delegate is {role} and "
        "you do not hold that role. Check with your manager."),
    "mandate.saved.above": (
        "The decision on point {point} is reported, but flagged: the amount is above the "
        "limit {amount}."),
    "mandate.none_saved": "Noted: no delegated decisions in {period}.",
    "mandate.none_already": "You already confirmed no decisions for {period}.",
    "mandate.text.usage": (
        "Type **report decisions** for the form, or on one line: **report decisions BUN 5.8 "
        "2026-10-12 Leave for a pupil dnr BUN 2026/12 amount 5000** – or **report decisions "
        "none**."),
    "mandate.flag.not_held": "not delegated",
    "mandate.flag.above_amount": "above amount limit",
    "mandate.list.header": "{name}: delegated decisions {start} – {end} ({count})",
    "mandate.list.nil": "No decisions: {names}",
    "mandate.list.unknown": "No delegation rules for the committee {committee}.",
    "help.mandate": "**my mandate** (mitt uppdrag) – your mandate: units, goals and what you "
                    "may decide",
    "help.can_i_decide": "**may i decide on** … (får jag besluta om) – search the delegation "
                         "rules",
    "help.report_decisions": "**report decisions** (anmäl beslut) – report decisions taken "
                             "under delegation",
}
