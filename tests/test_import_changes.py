"""Issue 11: what imports change is counted, shown and audited; deactivation rules;
formulas without a value; Entra ids; the wording and exit codes of the import."""

# ruff: noqa: F401, F811  (the ``admin`` fixture is imported and requested by name)
from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from sqlalchemy import select

from storage.models import AuditEntry, ManagerAssignment, OrgUnit, Person
from tests.test_import import (
    ORG_HEADER,
    ORG_ROWS,
    Admin,
    admin,  # the fixture, shared with test_import
)

ORG_FULL = ["Enhetskod", "Namn", "Typ", "Överordnad enhet", "Sortering", "Aktiv"]


def _unit(admin: Admin, code: str) -> Any:
    return admin.rows(select(OrgUnit).where(OrgUnit.code == code))[0]


# --------------------------------------------------------------------------- defect 1


def test_org_reimport_counts_shows_and_audits_every_change(admin: Admin) -> None:
    admin.run("import", "org", str(admin.csv("org.csv", ORG_HEADER, ORG_ROWS)))
    audits = admin.count(AuditEntry)
    edited = admin.csv("org2.csv", ORG_FULL, [
        ["KOM", "Sjöviks kommun", "kommun", "", "", ""],               # unchanged
        ["SOC", "Social- och omsorgsförvaltningen", "förvaltning", "KOM", "", ""],  # rename
        ["SOC-HT1", "Hemtjänst Norr", "avdelning", "SOC", "5", ""],   # type and sort
        ["SOC-HT2", "Hemtjänst Söder", "enhet", "SOC-HT1", "", "nej"],  # moved, deactivated
    ])
    code, out, err = admin.run("import", "org", str(edited), "--dry-run")
    assert code == 0, err
    assert "Resultat: 0 nya, 3 ändrade, 1 oförändrade." in out
    assert ("Ändrad enhet SOC: Namn ”Socialförvaltningen” → ”Social- och "
            "omsorgsförvaltningen”") in out
    assert "Ändrad enhet SOC-HT1: Typ ”enhet” → ”avdelning”; Sortering 0 → 5" in out
    assert ("Ändrad enhet SOC-HT2: Aktiv ja → nej; Överordnad enhet ”SOC” → ”SOC-HT1”"
            in out)
    assert _unit(admin, "SOC").name == "Socialförvaltningen"  # a dry run saves nothing
    assert admin.count(AuditEntry) == audits

    code, out, err = admin.run("import", "org", str(edited))
    assert code == 0, err
    assert "Klart: 0 nya, 3 ändrade, 1 oförändrade." in out
    ht2 = _unit(admin, "SOC-HT2")
    assert not ht2.active and ht2.parent_id == _unit(admin, "SOC-HT1").id
    entries = {e.entity_id: e for e in admin.rows(
        select(AuditEntry).where(AuditEntry.entity == "unit")
        .where(AuditEntry.action != "import.org.created"))}
    assert entries["SOC"].before == {"name": "Socialförvaltningen"}
    assert entries["SOC"].after == {"name": "Social- och omsorgsförvaltningen"}
    assert entries["SOC-HT1"].before == {"kind": "enhet", "sort_order": 0}
    assert entries["SOC-HT1"].after == {"kind": "avdelning", "sort_order": 5}
    assert entries["SOC-HT2"].before == {"active": True, "parent_code": "SOC"}
    assert entries["SOC-HT2"].after == {"active": False, "parent_code": "SOC-HT1"}
    assert entries["SOC"].action == "import.org.updated"
    assert "KOM" not in entries  # only what changed

    code, out, _ = admin.run("import", "org", str(edited))
    assert code == 0 and "Klart: 0 nya, 0 ändrade, 4 oförändrade." in out


def test_the_kommun_can_never_be_deactivated(admin: Admin) -> None:
    admin.run("import", "org", str(admin.csv("org.csv", ORG_HEADER, ORG_ROWS)))
    path = admin.csv("off.csv", ORG_FULL, [["KOM", "Sjöviks kommun", "kommun", "", "", "nej"]])
    for extra in ((), ("--force",)):
        code, _, err = admin.run("import", "org", str(path), *extra)
        assert code == 1
        assert ("Rad 2, kolumn ”Aktiv”: ”KOM” är kommunen (översta enheten) och kan inte "
                "inaktiveras") in err
        assert "Inget har importerats" in err
    assert _unit(admin, "KOM").active


def test_a_unit_in_use_is_deactivated_only_with_force(admin: Admin) -> None:
    admin.seed()
    managers = admin.csv("chefer.csv", ["Enhetskod", "E-post", "Roll", "Från och med"],
                         [["SOC-HT1", "bert@sjovik.se", "chef", "2026-01-01"]])
    assert admin.run("import", "managers", str(managers))[0] == 0
    goals = admin.csv("mal.csv", ["Målreferens", "Enhetskod", "Perspektiv", "Mål",
                                  "Gäller från"],
                      [["HT1-M1", "SOC-HT1", "Medborgare", "Nöjda brukare", "2026-01-01"],
                       ["HT1-M2", "SOC-HT1", "Ekonomi", "Budget i balans", "2026-01-01"]])
    assert admin.run("import", "goals", str(goals))[0] == 0
    decisions = admin.csv("beslut.csv", ["Diarienummer", "Beslutsdatum", "Beslutat av",
                                         "Rubrik", "Enhetskod"],
                          [["KS 2026/1", "2026-02-01", "KS", "Signering", "SOC-HT1"]])
    assert admin.run("import", "decisions", str(decisions))[0] == 0

    path = admin.csv("off.csv", ORG_FULL, [
        ["SOC", "Socialförvaltningen", "förvaltning", "KOM", "", "nej"],
        ["SOC-HT1", "Hemtjänst Norr", "enhet", "SOC", "", "nej"],
    ])
    code, _, err = admin.run("import", "org", str(path))
    assert code == 1
    assert ("Rad 2, kolumn ”Aktiv”: ”SOC” kan inte inaktiveras: aktiva enheter ligger under "
            "den (SOC-HT2) – flytta eller inaktivera dem först, eller kör med --force") in err
    assert "Rad 3, kolumn ”Aktiv”: ”SOC-HT1” kan inte inaktiveras: den har 2 mål som " \
           "fortfarande gäller" in err
    assert "”SOC-HT1” kan inte inaktiveras: den har en chef (Bert Berg)" in err
    assert "”SOC-HT1” kan inte inaktiveras: den har 1 öppet beslut" in err
    assert _unit(admin, "SOC-HT1").active and _unit(admin, "SOC").active

    code, out, err = admin.run("import", "org", str(path), "--force")
    assert code == 0, err
    assert "0 nya, 2 ändrade" in out
    assert not _unit(admin, "SOC-HT1").active and not _unit(admin, "SOC").active


# --------------------------------------------------------------------------- defect 5


def _formula_workbook(path: Path, rows: list[list[object]]) -> Path:
    """Written by openpyxl: formulas are saved without a computed value, as scripts do."""
    book = Workbook()
    sheet = book.active
    sheet.append(["Enhetskod", "E-post", "Roll", "Från och med", "Till och med"])
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_simple_formulas_without_a_value_are_evaluated(admin: Admin) -> None:
    admin.seed()
    path = _formula_workbook(admin.folder / "chefer.xlsx", [
        ["SOC-HT1", "bert@sjovik.se", "chef", "2026-01-01", None],
        ["SOC-HT1", '=LOWER("X")', "ställföreträdare", "=DATE(2026,11,1)",
         "=DATE(2027,1,31)"],
        ["SOC-HT2", "cecilia@sjovik.se", '="chef"', "=D3+31", "=E3"],
    ])
    code, _, err = admin.run("import", "managers", str(path))
    # LOWER is not a simple formula: refused, with row and column named
    assert code == 1
    assert ("Rad 3, kolumn ”E-post”: formel utan värde (=LOWER(\"X\")) – spara filen i Excel "
            "eller skriv värdet") in err
    assert "Rad 3, kolumn ”E-post”: värde saknas" not in err  # one error per problem
    assert admin.count(ManagerAssignment) == 0

    book_rows: list[list[object]] = [
        ["SOC-HT1", "bert@sjovik.se", "chef", "2026-01-01", None],
        ["SOC-HT1", "cecilia@sjovik.se", "ställföreträdare", "=DATE(2026,11,1)",
         "=DATE(2027,1,31)"],
        ["SOC-HT2", "cecilia@sjovik.se", '="chef"', "=D3+31", "=E3"],
    ]
    path = _formula_workbook(admin.folder / "chefer2.xlsx", book_rows)
    code, out, err = admin.run("import", "managers", str(path))
    assert code == 0, err
    assert "3 nya" in out
    acting = admin.rows(select(ManagerAssignment).where(ManagerAssignment.role == "acting"))
    assert [(a.valid_from, a.valid_to) for a in acting] == [(date(2026, 11, 1),
                                                            date(2027, 1, 31))]
    ht2 = _unit(admin, "SOC-HT2")
    other = admin.rows(select(ManagerAssignment).where(ManagerAssignment.unit_id == ht2.id))
    assert [(a.role, a.valid_from, a.valid_to) for a in other] == [
        ("manager", date(2026, 12, 2), date(2027, 1, 31))]


# --------------------------------------------------------------------------- defect 6


def test_entra_ids_must_be_guids_and_are_stored_lower_case(admin: Admin) -> None:
    header = ["E-post", "Namn", "Entra-id"]
    path = admin.csv("personer.csv", header, [
        ["asa@sjovik.se", "Åsa Öberg", "Åsa Öberg"],
        ["bo@sjovik.se", "Bo Ek", "0F8FAD5B-D9CB-469F-A165-70867728950E"],
        ["cy@sjovik.se", "Cy Ek", "{1b4e28ba-2fa1-11d2-883f-0016d3cca427}"],
        ["di@sjovik.se", "Di Ek", "1b4e28ba-2fa1-11d2-883f"],
    ])
    code, _, err = admin.run("import", "people", str(path))
    assert code == 1
    assert ("Rad 2, kolumn ”Entra-id”: ”Åsa Öberg” är inte ett Entra-objekt-id – det är ett "
            "GUID") in err
    assert "Rad 5, kolumn ”Entra-id”: ”1b4e28ba-2fa1-11d2-883f” är inte ett Entra-objekt-id" \
        in err
    assert "2 fel på 2 rader:" in err
    assert admin.count(Person) == 0
    code, _, err = admin.run("import", "people", str(path), "--skip-invalid",
                             "--allow-skipped")
    assert code == 0, err
    stored = dict(admin.rows(select(Person.email, Person.aad_object_id)))
    assert stored == {"bo@sjovik.se": "0f8fad5b-d9cb-469f-a165-70867728950e",
                      "cy@sjovik.se": "1b4e28ba-2fa1-11d2-883f-0016d3cca427"}


# --------------------------------------------------------------------------- defect 8


def test_one_error_is_one_error_on_one_row(admin: Admin) -> None:
    admin.run("import", "people", str(admin.csv("p.csv", ["E-post", "Namn", "Entra-id"], [
        ["bo@sjovik.se", "Bo Ek", "0f8fad5b-d9cb-469f-a165-70867728950e"]])))
    # a bad e-mail next to an Entra id someone else has: only the e-mail is wrong
    path = admin.csv("bad.csv", ["E-post", "Namn", "Entra-id"], [
        ["bo(at)sjovik.se", "Bo Ek", "0f8fad5b-d9cb-469f-a165-70867728950e"]])
    code, _, err = admin.run("import", "people", str(path))
    assert code == 1
    assert "1 fel på 1 rad:" in err
    assert "Rad 2, kolumn ”E-post”: ”bo(at)sjovik.se” är inte en e-postadress" in err
    assert "tillhör redan" not in err
    assert "error" not in err.lower()


def test_admin_errors_have_no_english_prefix(admin: Admin) -> None:
    code, _, err = admin.run("import", "org", str(admin.folder / "finns-inte.csv"))
    assert code == 2
    assert err.strip().startswith("Filen ") and "finns inte" in err
    assert "error:" not in err


def test_skipped_rows_are_named_and_exit_non_zero(admin: Admin) -> None:
    path = admin.csv("mixed.csv", ORG_HEADER, [
        ["KOM", "Sjöviks kommun", "kommun", ""],
        ["SOC", "Socialförvaltningen", "galaxy", "KOM"],
    ])
    code, out, err = admin.run("import", "org", str(path), "--skip-invalid")
    assert code == 1
    assert "1 rad hoppades över på grund av 1 fel (--skip-invalid):" in err
    assert "1 rad med fel hoppades över och importerades inte: rad 3." in out
    assert "Klart: 1 nya" in out
    code, out, err = admin.run("import", "org", str(path), "--skip-invalid",
                               "--allow-skipped")
    assert code == 0
    assert "Slutkod 1" not in err
