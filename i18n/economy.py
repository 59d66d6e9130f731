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
}
