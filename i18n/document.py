"""Texts of the report document (PDF/DOCX) and of ``rapport dokument``."""

SV: dict[str, str] = {
    # cover and contents
    "document.cover.period": "Period",
    "document.cover.unit": "Organisation",
    "document.cover.date": "Datum",
    "document.cover.prepared_by": "Upprättad av",
    "document.cover.units": "Enheter",
    "document.cover.note": "Sammanställd av Målbot från enheternas rapporter.",
    "document.contents": "Innehåll",
    "document.page": "Sida {page} av {pages}",
    "document.subject": "Uppföljning av mål och resultat, {period}",
    # summary and overview
    "document.summary.heading": "Sammanfattande analys",
    "document.summary.by": "{unit} · {author}",
    "document.summary.draft": "(utkast, inte markerad klar)",
    "document.summary.none": (
        "Någon sammanfattande analys för {unit} har inte skrivits för perioden."
    ),
    "document.overview.heading": "Översikt",
    "document.overview.perspective": "Perspektiv",
    "document.overview.goals": "Mål",
    "document.overview.total": "Totalt",
    "document.overview.reporting": (
        "{reported} av {expected} enheter har rapporterat ({late} efter sista dag)."
    ),
    "document.overview.no_reporting": "Inga enheter har mål att rapportera för perioden.",
    "document.overview.legend": (
        "Status anges med ord och symbol: ● uppfylls, ◐ uppfylls delvis, ○ uppfylls inte, "
        "– ej rapporterat."
    ),
    # perspective sections
    "document.perspective.counts": (
        "{total} mål: {green} uppfylls, {yellow} uppfylls delvis, {red} uppfylls inte, "
        "{missing} ej rapporterade."
    ),
    "document.indicators.heading": "Mål och indikatorer",
    "document.indicators.goal": "Mål",
    "document.indicators.unit": "Enhet",
    "document.indicators.indicator": "Indikator",
    "document.indicators.value": "Utfall",
    "document.indicators.target": "Målvärde",
    "document.indicators.baseline": "Utgångs\u00advärde",
    "document.indicators.previous": "Mot {period}",
    "document.indicators.previous_none": "Mot föregående period",
    "document.indicators.last_year": "Mot {period}",
    "document.own.heading": "Mål för {unit}",
    "document.levels.heading": "Analyser i verksamheterna",
    "document.details.heading": "Resultat i enheterna",
    "document.details.red_first": "Mål som inte uppfylls visas först.",
    "document.details.omitted": (
        "Ytterligare {count} mål i perspektivet redovisas i tabellerna per enhet "
        "och i Excel-exporten."
    ),
    "document.goal.status": "Status",
    "document.goal.reported_by": "Rapporterat av {author}, {date}",
    "document.goal.reported_by_acting": "Rapporterat av {author} (ställföreträdande), {date}",
    "document.goal.late": "efter sista dag",
    "document.goal.not_reported": "Enheten har inte rapporterat målet för perioden.",
    "document.goal.analysis": "Analys",
    "document.goal.actions": "Åtgärder",
    "document.goal.no_text": "Ingen analys angiven.",
    "document.goal.year_end": "Bedömd måluppfyllelse vid årets slut",
    # children
    "document.children.heading": "Enheternas resultat",
    "document.children.intro": (
        "En rad per enhet: rapportens läge och målen per status."
    ),
    "document.children.unit": "Enhet",
    "document.children.report": "Rapport",
    "document.children.in_charge": "Ansvarig",
    "document.children.reports_of": "{done} av {expected} rapporterade ({units} enheter)",
    "document.children.summed": (
        "Enheterna längre ned i organisationen räknas in på raden för den enhet de hör till "
        "(”med underliggande”); var och en redovisas i sin förvaltnings egen rapport."
    ),
    "document.children.with_below": "{unit} med underliggande",
    "document.report.on_time": "I tid",
    "document.report.late": "Sen",
    "document.report.draft": "Utkast",
    "document.report.missing": "Saknas",
    "document.report.none": "Inga mål",
    # decisions
    "document.decisions.heading": "Beslut",
    "document.decisions.overdue": "Försenade beslut",
    "document.decisions.open": "Pågående beslut",
    "document.decisions.done": "Verkställda under perioden",
    "document.decisions.none": "Inga.",
    "document.decisions.reference": "Diarienummer",
    "document.decisions.title": "Beslut",
    "document.decisions.unit": "Enhet",
    "document.decisions.due": "Ska vara klart",
    "document.decisions.status": "Status",
    "document.decisions.completed": "Verkställt",
    "document.decision.not_started": "Ej påbörjat",
    "document.decision.in_progress": "Pågår",
    "document.decision.done": "Klart",
    "document.decision.overdue": "försenat",
    # appendix
    "document.missing.heading": "Bilaga: Enheter som inte har rapporterat",
    "document.missing.none": "Alla enheter har rapporterat.",
    "document.missing.unit": "Enhet",
    "document.missing.in_charge": "Ansvarig chef",
    "document.missing.state": "Läge",
    "document.chart.series_target": "Målvärde",
    # the command
    "document.link": (
        "Här är **{title}** för {unit} som {format}: [Hämta dokumentet]({url}) "
        "(länken gäller till {until}; dela den inte)."
    ),
    "document.bad_period": (
        "”{period}” är ingen period. Skriv till exempel 2026-10, 2026-T1 eller 2026-D."
    ),
    "document.no_period": "Det finns ingen uppföljning för {period} ännu.",
    "document.unknown_unit": "Jag hittar ingen enhet som heter ”{query}”.",
    "document.not_allowed": "Du kan bara skapa rapporter för din egen del av organisationen"
    " – inte för {unit}.",
    "document.not_leader": "Du är inte chef för någon enhet, så det finns ingen rapport att skapa.",
    "document.ambiguous_unit": "”{query}” passar flera enheter: {units}. Skriv enhetens kod.",
    "document.bad_format": "Formatet ”{format}” finns inte. Välj pdf eller word.",
    "document.no_period_open": "Det finns ingen uppföljningsperiod ännu.",
    "document.action.create": "Skapa rapport",
    "document.action.sent": "Länken till rapporten kommer i chatten.",
    "document.bad_action": "Knappen gick inte att läsa. Skriv **rapport dokument** i stället.",
    "help.document": "**rapport dokument** – hämta uppföljningen som rapport (PDF/A eller Word)"
    ", t.ex. `rapport dokument 2026-T1` eller `rapport dokument word`",
}

EN: dict[str, str] = {
    "document.cover.period": "Period",
    "document.cover.unit": "Organisation",
    "document.cover.date": "Date",
    "document.cover.prepared_by": "Prepared by",
    "document.cover.units": "Units",
    "document.cover.note": "Compiled by Målbot from the units' reports.",
    "document.contents": "Contents",
    "document.page": "Page {page} of {pages}",
    "document.subject": "Follow-up of goals and results, {period}",
    "document.summary.heading": "Summary analysis",
    "document.summary.by": "{unit} · {author}",
    "document.summary.draft": "(draft, not marked done)",
    "document.summary.none": "No summary analysis has been written for {unit} for the period.",
    "document.overview.heading": "Overview",
    "document.overview.perspective": "Perspective",
    "document.overview.goals": "Goals",
    "document.overview.total": "Total",
    "document.overview.reporting": (
        "{reported} of {expected} units have reported ({late} after the deadline)."
    ),
    "document.overview.no_reporting": "No unit has goals to report for the period.",
    "document.overview.legend": (
        "Statuses are given in words and symbols: ● met, ◐ partly met, ○ not met, "
        "– not reported."
    ),
    "document.perspective.counts": (
        "{total} goals: {green} met, {yellow} partly met, {red} not met, "
        "{missing} not reported."
    ),
    "document.indicators.heading": "Goals and indicators",
    "document.indicators.goal": "Goal",
    "document.indicators.unit": "Unit",
    "document.indicators.indicator": "Indicator",
    "document.indicators.value": "Result",
    "document.indicators.target": "Target",
    "document.indicators.baseline": "Baseline",
    "document.indicators.previous": "vs {period}",
    "document.indicators.previous_none": "vs previous period",
    "document.indicators.last_year": "vs {period}",
    "document.own.heading": "Goals of {unit}",
    "document.levels.heading": "Analyses of the levels below",
    "document.details.heading": "Results in the units",
    "document.details.red_first": "Goals that are not met come first.",
    "document.details.omitted": (
        "A further {count} goals of the perspective are in the per-unit tables and the "
        "Excel export."
    ),
    "document.goal.status": "Status",
    "document.goal.reported_by": "Reported by {author}, {date}",
    "document.goal.reported_by_acting": "Reported by {author} (acting), {date}",
    "document.goal.late": "after the deadline",
    "document.goal.not_reported": "The unit has not reported this goal for the period.",
    "document.goal.analysis": "Analysis",
    "document.goal.actions": "Actions",
    "document.goal.no_text": "No analysis given.",
    "document.goal.year_end": "Expected goal attainment at year end",
    "document.children.heading": "Results per unit",
    "document.children.intro": "One line per unit: the report's state and the goals by status.",
    "document.children.unit": "Unit",
    "document.children.report": "Report",
    "document.children.in_charge": "In charge",
    "document.children.reports_of": "{done} of {expected} reported ({units} units)",
    "document.children.summed": (
        "Units further down are counted in the line of the unit they belong to "
        "(“with the units below”); each is shown in its own förvaltning's report."
    ),
    "document.children.with_below": "{unit} with the units below",
    "document.report.on_time": "On time",
    "document.report.late": "Late",
    "document.report.draft": "Draft",
    "document.report.missing": "Missing",
    "document.report.none": "No goals",
    "document.decisions.heading": "Decisions",
    "document.decisions.overdue": "Overdue decisions",
    "document.decisions.open": "Decisions in progress",
    "document.decisions.done": "Carried out in the period",
    "document.decisions.none": "None.",
    "document.decisions.reference": "Reference",
    "document.decisions.title": "Decision",
    "document.decisions.unit": "Unit",
    "document.decisions.due": "Due",
    "document.decisions.status": "Status",
    "document.decisions.completed": "Carried out",
    "document.decision.not_started": "Not started",
    "document.decision.in_progress": "In progress",
    "document.decision.done": "Done",
    "document.decision.overdue": "overdue",
    "document.missing.heading": "Appendix: Units that have not reported",
    "document.missing.none": "Every unit has reported.",
    "document.missing.unit": "Unit",
    "document.missing.in_charge": "Manager in charge",
    "document.missing.state": "State",
    "document.chart.series_target": "Target",
    "document.link": (
        "Here is **{title}** for {unit} as {format}: [Download the document]({url}) "
        "(the link works until {until}; do not share it)."
    ),
    "document.bad_period": "“{period}” is not a period. Write e.g. 2026-10, 2026-T1 or 2026-D.",
    "document.no_period": "There is no follow-up for {period} yet.",
    "document.unknown_unit": "I cannot find a unit called “{query}”.",
    "document.not_allowed": "You can only create reports for your own part of the "
    "organisation – not for {unit}.",
    "document.not_leader": "You are not the manager of any unit, so there is no report to create.",
    "document.ambiguous_unit": "“{query}” matches several units: {units}. Write the unit's code.",
    "document.bad_format": "There is no format “{format}”. Choose pdf or word.",
    "document.no_period_open": "There is no follow-up period yet.",
    "document.action.create": "Create report",
    "document.action.sent": "The link to the report is in the chat.",
    "document.bad_action": "I could not read that button. Write **report document** instead.",
    "help.document": "**report document** – get the follow-up as a report (PDF/A or Word), "
    "e.g. `report document 2026-T1` or `report document word`",
}
