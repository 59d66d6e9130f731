"""Texts of the economy: budget/utfall imports, the Ekonomi step and its roll-up."""

SV: dict[str, str] = {
    "economy.kind.budget": "budget",
    "economy.kind.utfall": "utfall",
    "economy.reason.bad_month": "”{value}” är ingen månad – skriv 1–12 eller ÅÅÅÅ-MM",
    "economy.reason.bad_year": "”{value}” är inget rimligt år",
    "economy.reason.period_year": "perioden ”{value}” hör inte till år {year}",
    "economy.reason.utfall_per_month": "utfall anges per månad (1–12), inte för helår",
    "economy.reason.duplicate": "samma enhet, månad och kontogrupp finns också på rad {rows}",
    "economy.reason.annual_and_monthly": (
        "enheten har både ett helårsbelopp här och månadsbelopp (rad {rows}) för samma år"
    ),
    "economy.mapping.error": "{file} rad {row}, kolumn ”{column}”: {reason}",
    "economy.mapping.duplicate": "{file} rad {row}: objektet ”{value}” finns redan på rad {other}",
    "economy.sie.header": (
        "Import av {kind} från {file} (SIE 4, dimension {dimension}{name}): {rows} "
        "periodbelopp."
    ),
    "economy.sie.problem": "{problem}",
    "economy.sie.no_dimension": (
        "dimensionen {dimension} finns inte i filen (#DIM). Filens dimensioner: {known}. "
        "Välj med --dimension."
    ),
    "economy.sie.unknown_unit": (
        "mappningsfilen kopplar objekt ”{object}” till enhetskoden ”{value}”, som inte finns "
        "i Målbot"
    ),
    "economy.sie.unmapped": (
        "rad {lines}: objekt ”{object}”{name} i dimension {dimension} hör inte till någon "
        "enhet i Målbot (lägg till det i mappningsfilen, --mapping, eller kör med "
        "--ignore-unmapped)"
    ),
    "economy.sie.nothing": (
        "filen innehåller inga {label}-poster på resultatkonton med objekt i dimension "
        "{dimension}"
    ),
    "economy.sie.errors": "Filen har {count} fel:",
    "economy.sie.nothing_imported": "Inget har importerats eftersom filen innehåller fel.",
    "economy.sie.counts": (
        "{created} nya, {updated} ändrade, {unchanged} oförändrade enhetsmånader "
        "({units} enheter; {months})."
    ),
    "economy.step.title": "Ekonomi",
    "economy.step.sign": "Nettokostnad i tkr: kostnader positiva, intäkter negativa.",
    "economy.fact.annual_budget": "Årsbudget",
    "economy.fact.budget_to_date": "Budget t.o.m. {month}",
    "economy.fact.actual_to_date": "Utfall t.o.m. {month}",
    "economy.fact.deviation": "Avvikelse (budget − utfall)",
    "economy.fact.previous_forecast": "Förra månadens prognos",
    "economy.input.forecast": "Helårsprognos (tkr)",
    "economy.input.forecast_placeholder": "t.ex. 12 400,5 eller ”samma som förra månaden”",
    "economy.input.comment": "Kommentar till prognosen",
    "economy.input.comment_hint": (
        "Kommentaren krävs när prognosen avviker från årsbudgeten med mer än {percent} % "
        "eller {tkr} tkr."
    ),
    "economy.problem.missing": "Skriv helårsprognosen i tkr.",
    "economy.problem.bad_amount": (
        "”{value}” är inget belopp. Skriv prognosen i tkr, t.ex. 12 400,5."
    ),
    "economy.problem.no_previous": (
        "Det finns ingen prognos från förra månaden. Skriv prognosen i tkr."
    ),
    "economy.problem.comment_required": (
        "Prognosen avviker från årsbudgeten med mer än {percent} % eller {tkr} tkr: skriv en "
        "kommentar."
    ),
    "economy.problem.comment_too_long": "Kommentaren får vara högst {max} tecken.",
    "economy.problem.not_allowed": "Du kan inte lämna prognos för den här enheten.",
    "economy.action.save": "Spara prognosen",
    "economy.saved": "Prognosen är sparad.",
    "economy.text.ask": (
        "Skriv helårsprognosen i tkr och en kommentar, t.ex. ”12 400 ökade "
        "placeringskostnader”, eller ”samma som förra månaden”. Kommentar krävs vid mer än "
        "{percent} % eller {tkr} tkr avvikelse."
    ),
    "document.economy.heading": "Ekonomiskt utfall och prognos",
    "document.economy.intro": (
        "Nettokostnad i tkr, t.o.m. {month}; avvikelser är budget minus utfall respektive "
        "prognos (minus = underskott). Prognosen summerar de enheter som lämnat en."
    ),
    "document.economy.unit": "Enhet",
    "document.economy.budget": "Årsbudget",
    "document.economy.budget_to_date": "Budget hittills",
    "document.economy.actual_to_date": "Utfall hittills",
    "document.economy.deviation": "Avvikelse",
    "document.economy.forecast": "Helårsprognos",
    "document.economy.forecast_deviation": "Prognosavvikelse",
    "help.economy": (
        "**prognos** – se budget och utfall för din enhet och lämna helårsprognosen "
        "(”prognos 12 400 kommentar” eller ”prognos samma”)"
    ),
    "economy.none": (
        "Du har ingen enhet med budget att lämna helårsprognos för just nu."
    ),
    "economy.choose": "Du ansvarar för flera enheter med budget: skriv ”prognos KOD”, t.ex. "
    "en av {units}.",
    "economy.bad_action": "Knappen känns inte igen. Skriv ”prognos” för att börja om.",
    "economy.summary.title": "Ekonomi",
    "economy.summary.forecast": "Helårsprognos ({units} enheter)",
    "economy.summary.forecast_deviation": "Prognosavvikelse (budget − prognos)",
    "economy.summary.no_forecast": "ingen prognos lämnad",
    "economy.summary.trend": "Helårsprognos per månad (tkr)",
    "economy.summary.worst": "Störst negativ avvikelse",
}

EN: dict[str, str] = {
    "economy.kind.budget": "budget",
    "economy.kind.utfall": "actual outcome",
    "economy.reason.bad_month": "“{value}” is not a month – write 1–12 or YYYY-MM",
    "economy.reason.bad_year": "“{value}” is not a plausible year",
    "economy.reason.period_year": "the period “{value}” is not in {year}",
    "economy.reason.utfall_per_month": "actual outcome is given per month (1–12), not annual",
    "economy.reason.duplicate": "the same unit, month and account group is also on row {rows}",
    "economy.reason.annual_and_monthly": (
        "the unit has an annual amount here and monthly amounts (row {rows}) for the same year"
    ),
    "economy.mapping.error": "{file} row {row}, column “{column}”: {reason}",
    "economy.mapping.duplicate": "{file} row {row}: the object “{value}” is already on row "
    "{other}",
    "economy.sie.header": (
        "Import of {kind} from {file} (SIE 4, dimension {dimension}{name}): {rows} period "
        "amounts."
    ),
    "economy.sie.problem": "{problem}",
    "economy.sie.no_dimension": (
        "the file has no dimension {dimension} (#DIM). Its dimensions: {known}. Choose one "
        "with --dimension."
    ),
    "economy.sie.unknown_unit": (
        "the mapping file maps object “{object}” to the unit code “{value}”, which Målbot "
        "does not have"
    ),
    "economy.sie.unmapped": (
        "line {lines}: object “{object}”{name} of dimension {dimension} belongs to no unit in "
        "Målbot (add it to the mapping file, --mapping, or run with --ignore-unmapped)"
    ),
    "economy.sie.nothing": (
        "the file has no {label} records on result accounts with an object of dimension "
        "{dimension}"
    ),
    "economy.sie.errors": "The file has {count} problems:",
    "economy.sie.nothing_imported": "Nothing was imported because the file has problems.",
    "economy.sie.counts": (
        "{created} new, {updated} changed, {unchanged} unchanged unit-months ({units} units; "
        "{months})."
    ),
    "economy.step.title": "Economy",
    "economy.step.sign": "Net cost in tkr: costs positive, income negative.",
    "economy.fact.annual_budget": "Annual budget",
    "economy.fact.budget_to_date": "Budget to end of {month}",
    "economy.fact.actual_to_date": "Actual to end of {month}",
    "economy.fact.deviation": "Deviation (budget − actual)",
    "economy.fact.previous_forecast": "Last month's forecast",
    "economy.input.forecast": "Full-year forecast (tkr)",
    "economy.input.forecast_placeholder": "e.g. 12,400.5 or “same as last month”",
    "economy.input.comment": "Comment on the forecast",
    "economy.input.comment_hint": (
        "A comment is required when the forecast deviates from the annual budget by more "
        "than {percent} % or {tkr} tkr."
    ),
    "economy.problem.missing": "Enter the full-year forecast in tkr.",
    "economy.problem.bad_amount": "“{value}” is not an amount. Enter the forecast in tkr.",
    "economy.problem.no_previous": "There is no forecast from last month. Enter it in tkr.",
    "economy.problem.comment_required": (
        "The forecast deviates from the annual budget by more than {percent} % or {tkr} tkr: "
        "add a comment."
    ),
    "economy.problem.comment_too_long": "The comment may be at most {max} characters.",
    "economy.problem.not_allowed": "You cannot give a forecast for this unit.",
    "economy.action.save": "Save the forecast",
    "economy.saved": "The forecast is saved.",
    "economy.text.ask": (
        "Type the full-year forecast in tkr and a comment, e.g. “12400 more placements”, "
        "or “same as last month”. A comment is required beyond {percent} % or {tkr} tkr."
    ),
    "document.economy.heading": "Financial outcome and forecast",
    "document.economy.intro": (
        "Net cost in tkr, to the end of {month}; deviations are budget minus actual and "
        "forecast (minus = overspend). The forecast sums the units that gave one."
    ),
    "document.economy.unit": "Unit",
    "document.economy.budget": "Annual budget",
    "document.economy.budget_to_date": "Budget to date",
    "document.economy.actual_to_date": "Actual to date",
    "document.economy.deviation": "Deviation",
    "document.economy.forecast": "Forecast",
    "document.economy.forecast_deviation": "Forecast deviation",
    "help.economy": (
        "**forecast** (prognos) – see your unit's budget and actual outcome and give the "
        "full-year forecast (“forecast 12400 comment” or “forecast same”)"
    ),
    "economy.none": "You have no unit with a budget to give a forecast for right now.",
    "economy.choose": "You are in charge of several units with a budget: write “forecast "
    "CODE”, e.g. one of {units}.",
    "economy.bad_action": "The button is not recognised. Write “forecast” to start again.",
    "economy.summary.title": "Economy",
    "economy.summary.forecast": "Full-year forecast ({units} units)",
    "economy.summary.forecast_deviation": "Forecast deviation (budget − forecast)",
    "economy.summary.no_forecast": "no forecast given",
    "economy.summary.trend": "Full-year forecast by month (tkr)",
    "economy.summary.worst": "Largest negative deviations",
}
