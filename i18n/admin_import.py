"""Texts of the admin commands: import, template, export, sync-people, person."""

SV: dict[str, str] = {
    "import.header": "Import av {kind} från {file} ({rows}).",
    "import.errors": "{errors} på {rows}:",
    "import.error_line": "Rad {row}, kolumn ”{column}”: {reason}",
    "import.counts": "{created} nya, {updated} ändrade, {unchanged} oförändrade.",
    "import.counts_ended": "{ended} tidigare chefsuppdrag avslutade.",
    "import.nothing_imported": (
        "Inget har importerats eftersom filen innehåller fel. Rätta raderna ovan, eller kör "
        "med --skip-invalid för att importera de felfria raderna."
    ),
    "import.dry_run": "Provkörning (--dry-run), inget har sparats. Resultat: {summary}",
    "import.done": "Klart: {summary}",
    "import.warning.unknown_column": "Varning: kolumnen ”{column}” känns inte igen och används "
    "inte.",
    "import.file.not_found": "Filen {path} finns inte.",
    "import.file.bad_type": "Filtypen {suffix} stöds inte. Använd .xlsx eller .csv.",
    "import.file.unreadable": "Filen går inte att läsa som text.",
    "import.file.empty": "Filen är tom – den saknar rubrikrad.",
    "import.file.too_many_rows": "Filen har fler än {max} rader.",
    "import.file.bad_csv": "Filen är inte en giltig CSV-fil: {detail}",
    "import.file.bad_xlsx": "Filen går inte att öppna som Excel-fil (.xlsx).",
    "import.file.missing_columns": (
        "Filen saknar kolumnerna {missing}. Förväntade kolumner: {expected}. "
        "Tips: python -m admin template KIND FIL ger en mall."
    ),
    "import.file.duplicate_columns": "Kolumnerna {columns} förekommer mer än en gång.",
    "import.reason.required": "värde saknas",
    "import.reason.too_long": "texten är för lång (högst {max} tecken)",
    "import.reason.bad_date": "”{value}” är inte ett datum – skriv ÅÅÅÅ-MM-DD",
    "import.reason.bad_number": "”{value}” är inte ett tal",
    "import.reason.bad_integer": "”{value}” är inte ett heltal",
    "import.reason.bad_boolean": "”{value}” ska vara ja eller nej",
    "import.reason.bad_email": "”{value}” är inte en e-postadress",
    "import.reason.bad_choice": "”{value}” är inte tillåtet – använd något av: {allowed}",
    "import.reason.duplicate": "”{value}” förekommer också på rad {rows}",
    "import.reason.code_spaces": "koden ”{value}” får inte innehålla mellanslag",
    "import.reason.own_parent": "”{value}” kan inte ligga under sig själv",
    "import.reason.unknown_parent": (
        "överordnad enhet ”{value}” finns varken i filen eller i Målbot"
    ),
    "import.reason.cycle": "organisationen blir en cirkel: {cycle}",
    "import.reason.two_roots": (
        "det får bara finnas en översta enhet (kommunen), men det blir flera: {units}"
    ),
    "import.reason.aad_taken": "Entra-id {value} tillhör redan {name}",
    "import.reason.unknown_unit": "okänd enhet ”{value}”",
    "import.reason.unknown_person": (
        "okänd person ”{value}” – importera personer först (python -m admin import people)"
    ),
    "import.reason.end_before_start": "slutdatumet ligger före startdatumet",
    "import.reason.overlap_rows": "överlappar samma roll för enheten på rad {rows}",
    "import.reason.overlap_existing": (
        "överlappar {name}s uppdrag som börjar {start} – rätta datumen"
    ),
    "import.reason.number_too_big": "talet är orimligt stort",
    "import.reason.unknown_goal": "överordnat mål ”{value}” finns varken i filen eller i Målbot",
    "import.reason.parent_goal_not_above": (
        "överordnat mål ”{value}” måste tillhöra en enhet högre upp i samma gren"
    ),
    "import.reason.due_before_decided": "datumet ligger före beslutsdatumet",
    "import.reason.future_decision": "beslutsdatumet ligger i framtiden",
    "import.reason.comment_required": (
        "Genomfört och Avslutat utan genomförande kräver en kommentar"
    ),
    "import.reason.comment_too_long": "kommentaren är för lång (högst 2 000 tecken)",
    "import.reason.unknown_status": "okänd status",
    # template / export
    "admin.template.written": "Mallen för {kind} är sparad i {file} ({columns} kolumner).",
    "admin.export.written": "{rows} rader sparade i {file}.",
    # sync-people
    "admin.sync.placed": "{count} medarbetare placerade på sin chefs enhet (chef enligt Entra ID).",
    "admin.sync.summary": (
        "Katalogen: {found} personer hittade, {updated} uppdaterade, {missing} saknas i "
        "katalogen, {unchanged} oförändrade."
    ),
    "admin.sync.missing_line": "  Saknas i katalogen: {email}",
    "admin.sync.conflict_line": "  ! {email}: Entra-id:t används redan av en annan person.",
    "admin.sync.apps": "Teams-appen: {installed} installerade, {already} hade den redan, "
    "{failed} misslyckades.",
    "admin.sync.dry_run": "Provkörning (--dry-run), inget har sparats.",
    # person
    "admin.person.not_found": "Ingen person med e-postadressen {email}.",
    "admin.person.exported": "Registerutdrag för {email} sparat i {file}.",
    "admin.person.erased": (
        "Personuppgifterna för {email} är raderade. Rapporter och kommentarer står nu på "
        "”{label}”."
    ),
    "admin.person.erase_preview": (
        "Provkörning: personuppgifterna för {email} skulle raderas och rapporterna stå på "
        "”{label}”."
    ),
    "admin.person.kept_decisions": (
        "{count} anmälda delegationsbeslut finns kvar: de är nämndens förteckning över "
        "beslut fattade på delegation (KL 7 kap. 8 §) och allmän handling, och står nu på "
        "”{label}”."
    ),
}

EN: dict[str, str] = {
    "import.header": "Import of {kind} from {file} ({rows}).",
    "import.errors": "{errors} in {rows}:",
    "import.error_line": "Row {row}, column “{column}”: {reason}",
    "import.counts": "{created} new, {updated} changed, {unchanged} unchanged.",
    "import.counts_ended": "{ended} earlier manager assignment(s) ended.",
    "import.nothing_imported": (
        "Nothing was imported because the file has errors. Correct the rows above, or run "
        "with --skip-invalid to import the rows without errors."
    ),
    "import.dry_run": "Dry run (--dry-run), nothing was saved. Result: {summary}",
    "import.done": "Done: {summary}",
    "import.warning.unknown_column": "Warning: the column “{column}” is not recognised and is "
    "not used.",
    "import.file.not_found": "The file {path} does not exist.",
    "import.file.bad_type": "File type {suffix} is not supported. Use .xlsx or .csv.",
    "import.file.unreadable": "The file cannot be read as text.",
    "import.file.empty": "The file is empty – it has no header row.",
    "import.file.too_many_rows": "The file has more than {max} rows.",
    "import.file.bad_csv": "The file is not valid CSV: {detail}",
    "import.file.bad_xlsx": "The file cannot be opened as an Excel file (.xlsx).",
    "import.file.missing_columns": (
        "The file lacks the columns {missing}. Expected columns: {expected}. "
        "Tip: python -m admin template KIND FILE writes a template."
    ),
    "import.file.duplicate_columns": "The columns {columns} appear more than once.",
    "import.reason.required": "value missing",
    "import.reason.too_long": "the text is too long (at most {max} characters)",
    "import.reason.bad_date": "“{value}” is not a date – write YYYY-MM-DD",
    "import.reason.bad_number": "“{value}” is not a number",
    "import.reason.bad_integer": "“{value}” is not a whole number",
    "import.reason.bad_boolean": "“{value}” must be yes or no",
    "import.reason.bad_email": "“{value}” is not an e-mail address",
    "import.reason.bad_choice": "“{value}” is not allowed – use one of: {allowed}",
    "import.reason.duplicate": "“{value}” also appears on row {rows}",
    "import.reason.code_spaces": "the code “{value}” must not contain spaces",
    "import.reason.own_parent": "“{value}” cannot be placed under itself",
    "import.reason.unknown_parent": (
        "parent unit “{value}” is neither in the file nor in Målbot"
    ),
    "import.reason.cycle": "the organisation becomes a cycle: {cycle}",
    "import.reason.two_roots": (
        "there may be only one top unit (the municipality), but there would be several: "
        "{units}"
    ),
    "import.reason.aad_taken": "Entra id {value} already belongs to {name}",
    "import.reason.unknown_unit": "unknown unit “{value}”",
    "import.reason.unknown_person": (
        "unknown person “{value}” – import people first (python -m admin import people)"
    ),
    "import.reason.end_before_start": "the end date is before the start date",
    "import.reason.overlap_rows": "overlaps the same role for the unit on row {rows}",
    "import.reason.overlap_existing": (
        "overlaps {name}'s assignment starting {start} – correct the dates"
    ),
    "import.reason.number_too_big": "the number is unreasonably large",
    "import.reason.unknown_goal": "parent goal “{value}” is neither in the file nor in Målbot",
    "import.reason.parent_goal_not_above": (
        "parent goal “{value}” must belong to a unit higher up in the same branch"
    ),
    "import.reason.due_before_decided": "the date is before the decision date",
    "import.reason.future_decision": "the decision date is in the future",
    "import.reason.comment_required": "Done and Cancelled need a comment",
    "import.reason.comment_too_long": "the comment is too long (at most 2,000 characters)",
    "import.reason.unknown_status": "unknown status",
    "admin.template.written": "The {kind} template is saved in {file} ({columns} columns).",
    "admin.export.written": "{rows} rows saved in {file}.",
    "admin.sync.placed": "{count} employees placed in their manager's unit (from Entra ID).",
    "admin.sync.summary": (
        "Directory: {found} people found, {updated} updated, {missing} missing from the "
        "directory, {unchanged} unchanged."
    ),
    "admin.sync.missing_line": "  Missing from the directory: {email}",
    "admin.sync.conflict_line": "  ! {email}: the object id is already used by another person.",
    "admin.sync.apps": "Teams app: {installed} installed, {already} already had it, "
    "{failed} failed.",
    "admin.sync.dry_run": "Dry run (--dry-run), nothing was saved.",
    "admin.person.not_found": "No person with the e-mail address {email}.",
    "admin.person.exported": "Data export for {email} saved in {file}.",
    "admin.person.erased": (
        "The personal data of {email} is erased. Reports and comments are now attributed "
        "to “{label}”."
    ),
    "admin.person.erase_preview": (
        "Dry run: the personal data of {email} would be erased and the reports attributed "
        "to “{label}”."
    ),
    "admin.person.kept_decisions": (
        "{count} reported delegated decisions are kept: they are the committee's record of "
        "decisions taken under delegation (KL 7 kap. 8 §), a public document, and are now "
        "attributed to “{label}”."
    ),
}
