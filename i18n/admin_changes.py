"""Texts of what imports change: the change lines, deactivation rules, formulas, Entra
ids, ``import all`` and ``python -m admin audit``."""

SV: dict[str, str] = {
    "import.count.rows_one": "1 rad",
    "import.count.rows_many": "{count} rader",
    "import.count.errors_one": "1 fel",
    "import.count.errors_many": "{count} fel",
    "import.skipped_errors": "{rows} hoppades över på grund av {errors} (--skip-invalid):",
    "import.skipped_rows": (
        "{rows} med fel hoppades över och importerades inte: rad {numbers}. Rätta dem och "
        "importera filen igen."
    ),
    "import.skipped_exit": (
        "Slutkod 1 eftersom rader hoppades över (använd --allow-skipped om det är avsikten)."
    ),
    "import.warning.example_row": "Rad {row} är mallens exempelrad och importeras inte.",
    "import.change.created.unit": "Ny enhet {key}",
    "import.change.created.person": "Ny person {key}",
    "import.change.created.manager": "Nytt chefsuppdrag {key}",
    "import.change.created.goal": "Nytt mål {key}",
    "import.change.created.decision": "Nytt beslut {key}",
    "import.change.updated.unit": "Ändrad enhet {key}: {fields}",
    "import.change.updated.person": "Ändrad person {key}: {fields}",
    "import.change.updated.manager": "Ändrat chefsuppdrag {key}: {fields}",
    "import.change.updated.goal": "Ändrat mål {key}: {fields}",
    "import.change.updated.decision": "Ändrat beslut {key}: {fields}",
    "import.change.ended.manager": "Avslutat chefsuppdrag {key}: {fields}",
    "import.changes.more": "… och {count} ändringar till.",
    "import.checked": "Utan fel, men inte sparad: {summary}",
    "import.reason.formula_without_value": (
        "formel utan värde ({formula}) – spara filen i Excel eller skriv värdet"
    ),
    "import.reason.bad_guid": (
        "”{value}” är inte ett Entra-objekt-id – det är ett GUID som "
        "0f8fad5b-d9cb-469f-a165-70867728950e (eller lämna tomt)"
    ),
    "import.reason.deactivate_root": (
        "”{value}” är kommunen (översta enheten) och kan inte inaktiveras"
    ),
    "import.reason.deactivate_children": (
        "”{value}” kan inte inaktiveras: aktiva enheter ligger under den ({units}) – "
        "flytta eller inaktivera dem först, eller kör med --force"
    ),
    "import.reason.deactivate_goals": (
        "”{value}” kan inte inaktiveras: den har {count} mål som fortfarande gäller – "
        "avsluta dem (Gäller till) först, eller kör med --force"
    ),
    "import.reason.deactivate_manager": (
        "”{value}” kan inte inaktiveras: den har en chef ({names}) – avsluta chefsuppdraget "
        "först, eller kör med --force"
    ),
    "import.reason.deactivate_decisions_one": (
        "”{value}” kan inte inaktiveras: den har 1 öppet beslut – flytta eller avsluta det "
        "först, eller kör med --force"
    ),
    "import.reason.deactivate_decisions_many": (
        "”{value}” kan inte inaktiveras: den har {count} öppna beslut – flytta eller avsluta "
        "dem först, eller kör med --force"
    ),
    # import all
    "import.all.header": "Import av alla filer i {folder}, i ordningen {order}.",
    "import.all.file": "{kind}: {file}",
    "import.all.not_found": "{kind}: ingen fil (väntade t.ex. {names})",
    "import.all.none_found": (
        "Inga importfiler i {folder}. Namnge dem efter innehållet, t.ex. org.xlsx, "
        "personer.xlsx, chefer.xlsx, mal.xlsx och beslut.xlsx."
    ),
    "import.all.ambiguous": "Flera filer för {kind} i {folder}: {files} – behåll en av dem.",
    "import.all.ignored": "Varning: filen {file} känns inte igen och används inte.",
    "import.all.not_folder": "{folder} är ingen mapp.",
    "import.all.dry_run": (
        "Provkörning (--dry-run), inget har sparats. Filerna kontrollerades tillsammans: "
        "varje fil mot raderna i filerna före den."
    ),
    "import.all.failed": (
        "Inget har importerats eftersom {files} innehåller fel. Rätta dem och kör igen."
    ),
    "import.all.done": "Klart: alla filer importerade i samma omgång.",
    "admin.template.instructions": "Anvisningarna för kolumnerna finns i {file}.",
    "admin.export.no_file": "Ange filen att skriva, t.ex. org.xlsx (eller --output FIL).",
    "admin.export.left_out": (
        "{count} rader kan inte importeras igen och är inte med (raderade personer, "
        "personer utan e-post, mål utan målreferens)."
    ),
    # audit
    "admin.audit.header": "Ändringar sedan {since}{entity}: {count}.",
    "admin.audit.entity": " för {entity}",
    "admin.audit.none": "Inga ändringar sedan {since}{entity}.",
    "admin.audit.line": "{at}  {actor}  {text}",
    "admin.audit.generic": "{action} {entity} {key}: {fields}",
    "admin.audit.bad_date": "”{value}” är inget datum – skriv ÅÅÅÅ-MM-DD.",
}

EN: dict[str, str] = {
    "import.count.rows_one": "1 row",
    "import.count.rows_many": "{count} rows",
    "import.count.errors_one": "1 error",
    "import.count.errors_many": "{count} errors",
    "import.skipped_errors": "{rows} skipped because of {errors} (--skip-invalid):",
    "import.skipped_rows": (
        "{rows} with errors were skipped and not imported: row {numbers}. Correct them and "
        "import the file again."
    ),
    "import.skipped_exit": (
        "Exit code 1 because rows were skipped (use --allow-skipped if that is intended)."
    ),
    "import.warning.example_row": "Row {row} is the template's example row and is not "
    "imported.",
    "import.change.created.unit": "New unit {key}",
    "import.change.created.person": "New person {key}",
    "import.change.created.manager": "New manager assignment {key}",
    "import.change.created.goal": "New goal {key}",
    "import.change.created.decision": "New decision {key}",
    "import.change.updated.unit": "Changed unit {key}: {fields}",
    "import.change.updated.person": "Changed person {key}: {fields}",
    "import.change.updated.manager": "Changed manager assignment {key}: {fields}",
    "import.change.updated.goal": "Changed goal {key}: {fields}",
    "import.change.updated.decision": "Changed decision {key}: {fields}",
    "import.change.ended.manager": "Ended manager assignment {key}: {fields}",
    "import.changes.more": "… and {count} more changes.",
    "import.checked": "No errors, but not saved: {summary}",
    "import.reason.formula_without_value": (
        "formula without a value ({formula}) – save the file in Excel or write the value"
    ),
    "import.reason.bad_guid": (
        "“{value}” is not an Entra object id – that is a GUID such as "
        "0f8fad5b-d9cb-469f-a165-70867728950e (or leave it empty)"
    ),
    "import.reason.deactivate_root": (
        "“{value}” is the municipality (the top unit) and cannot be deactivated"
    ),
    "import.reason.deactivate_children": (
        "“{value}” cannot be deactivated: active units are below it ({units}) – move or "
        "deactivate them first, or run with --force"
    ),
    "import.reason.deactivate_goals": (
        "“{value}” cannot be deactivated: it has {count} goal(s) still valid – end them "
        "(Valid to) first, or run with --force"
    ),
    "import.reason.deactivate_manager": (
        "“{value}” cannot be deactivated: it has a manager ({names}) – end the assignment "
        "first, or run with --force"
    ),
    "import.reason.deactivate_decisions_one": (
        "“{value}” cannot be deactivated: it has 1 open decision – move or close it first, "
        "or run with --force"
    ),
    "import.reason.deactivate_decisions_many": (
        "“{value}” cannot be deactivated: it has {count} open decisions – move or close "
        "them first, or run with --force"
    ),
    "import.all.header": "Import of every file in {folder}, in the order {order}.",
    "import.all.file": "{kind}: {file}",
    "import.all.not_found": "{kind}: no file (expected e.g. {names})",
    "import.all.none_found": (
        "No import files in {folder}. Name them after their content, e.g. org.xlsx, "
        "people.xlsx, managers.xlsx, goals.xlsx and decisions.xlsx."
    ),
    "import.all.ambiguous": "Several files for {kind} in {folder}: {files} – keep one.",
    "import.all.ignored": "Warning: the file {file} is not recognised and is not used.",
    "import.all.not_folder": "{folder} is not a folder.",
    "import.all.dry_run": (
        "Dry run (--dry-run), nothing was saved. The files were checked together: each "
        "file against the rows of the files before it."
    ),
    "import.all.failed": (
        "Nothing was imported because {files} have errors. Correct them and run again."
    ),
    "import.all.done": "Done: every file imported in one go.",
    "admin.template.instructions": "The instructions for the columns are in {file}.",
    "admin.export.no_file": "Name the file to write, e.g. org.xlsx (or --output FILE).",
    "admin.export.left_out": (
        "{count} rows cannot be imported again and are left out (erased people, people "
        "without an e-mail address, goals without a reference)."
    ),
    "admin.audit.header": "Changes since {since}{entity}: {count}.",
    "admin.audit.entity": " for {entity}",
    "admin.audit.none": "No changes since {since}{entity}.",
    "admin.audit.line": "{at}  {actor}  {text}",
    "admin.audit.generic": "{action} {entity} {key}: {fields}",
    "admin.audit.bad_date": "“{value}” is not a date – write YYYY-MM-DD.",
}
