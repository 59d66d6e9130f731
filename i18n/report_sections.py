"""Texts of the report-level sections of the report wizard (Ekonomi, Delegationsbeslut)."""

SV: dict[str, str] = {
    "report.section.economy.label": "Ekonomi",
    "report.section.economy.none": "ingen prognos ännu",
    "report.section.economy.missing": "Ekonomi: helårsprognosen saknas.",
    "report.section.mandate.label": "Delegationsbeslut",
    "report.section.mandate.missing": (
        "Delegationsbeslut: anmäl månadens beslut eller bekräfta ”inga beslut”."),
    "report.section.mandate.none_confirmed": "Du har bekräftat inga beslut på delegation {period}.",
    "report.section.mandate.none": "inga beslut",
    "report.section.mandate.covers": "Beslut fattade {span}",
    "report.section.mandate.elsewhere": (
        "Delegationsbeslut {span}: anmälda ({count} beslut) i en annan enhets rapport – "
        "inget mer behövs här."),
    "report.section.mandate.elsewhere_none": (
        "Delegationsbeslut {span}: ”inga beslut” bekräftat i en annan enhets rapport – "
        "inget mer behövs här."),
    "report.section.mandate.text_next": "Skriv ”klart” för att gå vidare.",
    "report.section.mandate.decision": "Beslut",
    "report.section.mandate.flag.not_held": "⚠ markerat: du har inte den delegationen",
    "report.section.mandate.flag.above_amount": "⚠ markerat: över punktens beloppsgräns",
    "report.section.mandate.text_ask": (
        "Anmäl ett beslut per meddelande, t.ex. ”BUN 4.1 2026-10-12 Plats i förskola dnr "
        "BUN 2026/77”, skriv ”inga beslut” om du inte fattat några, eller ”klart” när alla "
        "är anmälda."),
    "report.section.missing": "{message}",
    "report.section.saved": "Sparat.",
    "report.section.problems": "Inget har sparats i det här steget – rätta det som är markerat.",
    "report.section.too_big": "Steget får inte plats i ett meddelande.",
    "report_text.section_hint": (
        "Svara med ett meddelande – eller skriv ”hoppa över” (svara senare), ”tillbaka” "
        "eller ”avbryt”."),
}

EN: dict[str, str] = {
    "report.section.economy.label": "Finances",
    "report.section.economy.none": "no forecast yet",
    "report.section.economy.missing": "Finances: the full-year forecast is missing.",
    "report.section.mandate.label": "Delegated decisions",
    "report.section.mandate.missing": (
        "Delegated decisions: report this month's decisions or confirm “no decisions”."),
    "report.section.mandate.none_confirmed": "You confirmed no delegated decisions {period}.",
    "report.section.mandate.none": "no decisions",
    "report.section.mandate.covers": "Decisions taken {span}",
    "report.section.mandate.elsewhere": (
        "Delegated decisions {span}: reported ({count} decisions) in another unit's report – "
        "nothing more is needed here."),
    "report.section.mandate.elsewhere_none": (
        "Delegated decisions {span}: “no decisions” confirmed in another unit's report – "
        "nothing more is needed here."),
    "report.section.mandate.text_next": "Write “done” to go on.",
    "report.section.mandate.decision": "Decision",
    "report.section.mandate.flag.not_held": "⚠ flagged: you do not hold that delegation",
    "report.section.mandate.flag.above_amount": "⚠ flagged: above the point's amount limit",
    "report.section.mandate.text_ask": (
        "Report one decision per message, e.g. “BUN 4.1 2026-10-12 Place in preschool dnr "
        "BUN 2026/77”, write “no decisions” if you took none, or “done” when all are in."),
    "report.section.missing": "{message}",
    "report.section.saved": "Saved.",
    "report.section.problems": "Nothing was saved in this step – correct what is marked.",
    "report.section.too_big": "The step does not fit in one message.",
    "report_text.section_hint": (
        "Answer in one message – or write “skip” (answer later), “back” or “cancel”."),
}
