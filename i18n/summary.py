"""Texts of the leader's summary (sammanställning): card and command."""

SV: dict[str, str] = {
    # card: header
    "summary.title": "Sammanställning {period}",
    "summary.subtitle_one": "{unit} · 1 enhet",
    "summary.subtitle_many": "{unit} · {count} enheter",
    "summary.more": "+{count} till",
    # reporting
    "summary.reporting.heading": "Rapportering",
    "summary.reporting.summary": "{reported} av {expected} enheter har rapporterat.",
    "summary.reporting.summary_one": "{reported} av 1 enhet har rapporterat.",
    "summary.reporting.none_expected": "Inga enheter har mål att rapportera den här perioden.",
    "summary.reporting.on_time": "I tid",
    "summary.reporting.late": "Sent",
    "summary.reporting.missing": "Inte rapporterat",
    "summary.reporting.missing_list": "Har inte rapporterat: {units}",
    "summary.without_manager": "Utan chef",
    "summary.without_manager_list": "Utan chef ({count}): {units}",
    "summary.text_without_manager": "{count} enheter saknar chef.",
    "summary.text_without_manager_one": "{count} enhet saknar chef.",
    "summary.reporting.draft": "utkast",
    # perspectives
    "summary.perspectives.heading": "Måluppfyllelse per perspektiv",
    "summary.status.green": "Uppfylls",
    "summary.status.yellow": "Uppfylls delvis",
    "summary.status.red": "Uppfylls inte",
    "summary.status.not_reported": "Ej rapporterat",
    "summary.perspective.no_goals": "Inga mål",
    "summary.perspective.line": "{green} av {total} mål uppfylls",
    # trend
    "summary.trend.heading": "Utveckling",
    "summary.trend.previous": "Mot {period}",
    "summary.trend.last_year": "Mot {period}",
    "summary.trend.line": (
        "{improved} bättre · {worsened} sämre · {newly_red} nya som inte uppfylls"
    ),
    "summary.trend.none": "Inga jämförbara resultat",
    # attention
    "summary.attention.heading": "Behöver uppmärksamhet ({count})",
    "summary.attention.none": "Inget mål har bedömts som ”uppfylls inte” den här perioden.",
    "summary.attention.streak_one": "Uppfylls inte den här perioden",
    "summary.attention.streak_many": "Uppfylls inte {count} perioder i rad",
    "summary.attention.streak_capped": "Uppfylls inte minst {count} perioder i rad",
    "summary.attention.units": "{count} enheter berörs",
    "summary.attention.in_charge": "Ansvarig: {name}",
    "summary.attention.analysis": "Analys: {text}",
    "summary.attention.actions": "Åtgärder: {text}",
    "summary.attention.no_text": "–",
    # indicators
    "summary.indicators.heading": "Indikatorer",
    "summary.indicators.value": "Utfall {value}, målvärde {target} – {verdict}",
    "summary.indicators.no_value": "Inget utfall rapporterat, målvärde {target}",
    "summary.indicators.met": "når målvärdet",
    "summary.indicators.not_met": "når inte målvärdet",
    "summary.indicators.cascade": (
        "Nedbrutet i {goals} mål: {reported} har rapporterat utfall, {met} når sitt målvärde."
    ),
    "summary.indicators.cascade_mean": "Medel för samma indikator: {value} ({count} mål).",
    "summary.indicators.cascade_sum": "Summa för samma indikator: {value} ({count} mål).",
    # decisions
    "summary.decisions.heading": "Öppna beslut ({count})",
    "summary.decisions.heading_overdue": "Öppna beslut ({count}, varav {overdue} försenade)",
    "summary.decisions.heading_overdue_one": "Öppna beslut ({count}, varav 1 försenat)",
    "summary.decisions.line": "{reference} – {title}",
    "summary.decisions.due": "senast {date}",
    "summary.decisions.overdue": "försenat, skulle vara klart {date}",
    "summary.decisions.no_due": "inget slutdatum",
    "summary.decisions.not_started": "ej påbörjat",
    "summary.decisions.in_progress": "pågår",
    "summary.decisions.heading_none_open": "Beslut",
    "summary.decisions.balance": (
        "Ärendebalans: öppna {open} · försenade {overdue} · klara denna månad {done}"
    ),
    "summary.decisions.balance_oldest": "Äldsta öppna: {reference}, beslutat {date}",
    # children
    "summary.children.heading": "Enheter under {unit}",
    "summary.children.goals": (
        "{green} uppfylls · {yellow} delvis · {red} uppfylls inte · {not_reported} ej rapporterat"
    ),
    "summary.children.no_goals": "Inga mål",
    "summary.children.reported": "{reported} av {expected} enheter har rapporterat",
    "summary.own.on_time": "Rapporten inskickad i tid",
    "summary.own.late": "Rapporten inskickad sent",
    "summary.own.draft": "Rapporten är ett utkast",
    "summary.own.missing": "Har inte rapporterat",
    "summary.own.none": "Inga egna mål",
    # buttons
    "summary.action.drill": "Visa",
    "summary.action.report": "Rapporten",
    "summary.action.open_report": "Visa rapporten",
    "summary.action.own_report": "Rapporten för {unit}",
    "summary.action.previous": "‹ {period}",
    "summary.action.next": "{period} ›",
    "summary.action.up": "↑ {unit}",
    # the text beside a card (notifications, clients without cards)
    "summary.text": (
        "Sammanställning {period} för {unit}: {reported} av {expected} enheter har "
        "rapporterat och {red} mål uppfylls inte."
    ),
    # the command
    "summary.not_registered": (
        "Jag hittar dig inte bland kommunens chefer i Målbot, så jag kan inte visa någon "
        "sammanställning. Be målbotsadministratören att lägga in dig."
    ),
    "summary.not_leader": (
        "Du är inte chef för någon enhet just nu, så det finns ingen sammanställning att visa. "
        "Skriv **vem är jag** för att se vad Målbot vet om dig."
    ),
    "summary.unknown_unit": (
        "Jag hittar ingen enhet som heter eller har koden ”{query}”. Kontrollera stavningen, "
        "eller skriv bara **sammanställning** för att se hela din del av organisationen."
    ),
    "summary.ambiguous_unit": (
        "Flera enheter passar in på ”{query}”: {units}. Skriv enhetens kod eller hela namnet, "
        "till exempel **sammanställning {example}**."
    ),
    "summary.not_allowed": (
        "Du kan bara se sammanställningar för din egen del av organisationen, och {unit} "
        "ligger utanför den. Skriv **sammanställning** för att se din egen."
    ),
    "summary.bad_period": (
        "”{period}” är ingen giltig period. Skriv år och månad som ÅÅÅÅ-MM, "
        "till exempel **sammanställning 2026-10**."
    ),
    "summary.unit_query_too_long": (
        "Det där blev för långt för ett enhetsnamn. Skriv enhetens namn eller kod."
    ),
    "summary.not_followed": (
        "{period} följs inte upp, så det finns ingen sammanställning för den månaden."
    ),
    "summary.not_opened": (
        "Rapporteringen för {period} har inte börjat ännu. Den senaste perioden är {latest}: "
        "skriv **sammanställning {latest_code}**."
    ),
    "summary.bad_action": (
        "Jag kunde inte tolka knappen. Skriv **sammanställning** så får du ett nytt kort."
    ),
}

EN: dict[str, str] = {
    "summary.title": "Summary {period}",
    "summary.subtitle_one": "{unit} · 1 unit",
    "summary.subtitle_many": "{unit} · {count} units",
    "summary.more": "+{count} more",
    "summary.reporting.heading": "Reporting",
    "summary.reporting.summary": "{reported} of {expected} units have reported.",
    "summary.reporting.summary_one": "{reported} of 1 unit has reported.",
    "summary.reporting.none_expected": "No unit has goals to report this period.",
    "summary.reporting.on_time": "On time",
    "summary.reporting.late": "Late",
    "summary.reporting.missing": "Not reported",
    "summary.reporting.missing_list": "Not reported yet: {units}",
    "summary.without_manager": "Without a manager",
    "summary.without_manager_list": "Without a manager ({count}): {units}",
    "summary.text_without_manager": "{count} units have no manager.",
    "summary.text_without_manager_one": "{count} unit has no manager.",
    "summary.reporting.draft": "draft",
    "summary.perspectives.heading": "Goal attainment per perspective",
    "summary.status.green": "Met",
    "summary.status.yellow": "Partly met",
    "summary.status.red": "Not met",
    "summary.status.not_reported": "Not reported",
    "summary.perspective.no_goals": "No goals",
    "summary.perspective.line": "{green} of {total} goals met",
    "summary.trend.heading": "Trend",
    "summary.trend.previous": "Against {period}",
    "summary.trend.last_year": "Against {period}",
    "summary.trend.line": "{improved} better · {worsened} worse · {newly_red} newly not met",
    "summary.trend.none": "No comparable results",
    "summary.attention.heading": "Needs attention ({count})",
    "summary.attention.none": "No goal is marked not met this period.",
    "summary.attention.streak_one": "Not met this period",
    "summary.attention.streak_many": "Not met {count} periods in a row",
    "summary.attention.streak_capped": "Not met at least {count} periods in a row",
    "summary.attention.units": "{count} units affected",
    "summary.attention.in_charge": "Responsible: {name}",
    "summary.attention.analysis": "Analysis: {text}",
    "summary.attention.actions": "Actions: {text}",
    "summary.attention.no_text": "–",
    "summary.indicators.heading": "Indicators",
    "summary.indicators.value": "Outcome {value}, target {target} – {verdict}",
    "summary.indicators.no_value": "No outcome reported, target {target}",
    "summary.indicators.met": "target reached",
    "summary.indicators.not_met": "target not reached",
    "summary.indicators.cascade": (
        "Broken down into {goals} goals: {reported} have reported an outcome, {met} reach "
        "their target."
    ),
    "summary.indicators.cascade_mean": "Average for the same indicator: {value} ({count} goals).",
    "summary.indicators.cascade_sum": "Total for the same indicator: {value} ({count} goals).",
    "summary.decisions.heading": "Open decisions ({count})",
    "summary.decisions.heading_overdue": "Open decisions ({count}, {overdue} overdue)",
    "summary.decisions.heading_overdue_one": "Open decisions ({count}, 1 overdue)",
    "summary.decisions.line": "{reference} – {title}",
    "summary.decisions.due": "due {date}",
    "summary.decisions.overdue": "overdue, was due {date}",
    "summary.decisions.no_due": "no due date",
    "summary.decisions.not_started": "not started",
    "summary.decisions.in_progress": "in progress",
    "summary.decisions.heading_none_open": "Decisions",
    "summary.decisions.balance": (
        "Decision balance: {open} open · {overdue} overdue · {done} done this month"
    ),
    "summary.decisions.balance_oldest": "Oldest open: {reference}, decided {date}",
    "summary.children.heading": "Units under {unit}",
    "summary.children.goals": (
        "{green} met · {yellow} partly · {red} not met · {not_reported} not reported"
    ),
    "summary.children.no_goals": "No goals",
    "summary.children.reported": "{reported} of {expected} units have reported",
    "summary.own.on_time": "Report submitted on time",
    "summary.own.late": "Report submitted late",
    "summary.own.draft": "Report is a draft",
    "summary.own.missing": "Has not reported",
    "summary.own.none": "No goals of its own",
    "summary.action.drill": "Open",
    "summary.action.report": "Report",
    "summary.action.open_report": "Open the report",
    "summary.action.own_report": "Report of {unit}",
    "summary.action.previous": "‹ {period}",
    "summary.action.next": "{period} ›",
    "summary.action.up": "↑ {unit}",
    "summary.text": (
        "Summary {period} for {unit}: {reported} of {expected} units have reported and "
        "{red} goals are not met."
    ),
    "summary.not_registered": (
        "I can't find you among the municipality's managers in Målbot, so I can't show a "
        "summary. Ask the Målbot administrator to add you."
    ),
    "summary.not_leader": (
        "You are not the manager of any unit right now, so there is no summary to show. "
        "Type **who am i** to see what Målbot knows about you."
    ),
    "summary.unknown_unit": (
        "I can't find a unit named or coded “{query}”. Check the spelling, or type just "
        "**summary** to see your whole part of the organisation."
    ),
    "summary.ambiguous_unit": (
        "Several units match “{query}”: {units}. Type the unit's code or full name, "
        "for example **summary {example}**."
    ),
    "summary.not_allowed": (
        "You can only see summaries of your own part of the organisation, and {unit} is "
        "outside it. Type **summary** to see your own."
    ),
    "summary.bad_period": (
        "“{period}” is not a valid period. Write year and month as YYYY-MM, "
        "for example **summary 2026-10**."
    ),
    "summary.unit_query_too_long": (
        "That is too long for a unit name. Type the unit's name or code."
    ),
    "summary.not_followed": "{period} is not followed up, so there is no summary for that month.",
    "summary.not_opened": (
        "Reporting for {period} has not started yet. The latest period is {latest}: "
        "type **summary {latest_code}**."
    ),
    "summary.bad_action": "I couldn't read that button. Type **summary** to get a new card.",
}
