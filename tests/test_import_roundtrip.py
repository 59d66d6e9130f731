"""Issue 11, what administrators asked for: export in the import format (round trip),
``import all FOLDER``, templates that help, and ``admin audit``."""

# ruff: noqa: F401, F811  (the ``admin`` fixture is imported and requested by name)
from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from storage.models import AuditEntry, Decision, Goal, ManagerAssignment, OrgUnit, Person
from tests.test_import import (
    ORG_HEADER,
    ORG_ROWS,
    PEOPLE_HEADER,
    PEOPLE_ROWS,
    Admin,
    admin,  # the fixture, shared with test_import
)

KINDS = ("org", "people", "managers", "goals", "decisions")
MODELS = (OrgUnit, Person, ManagerAssignment, Goal, Decision, AuditEntry)


def _seed_demo(admin: Admin) -> None:
    code, _, err = admin.run("seed-demo", "--now", "2026-11-04T10:30")
    assert code == 0, err


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_export_of_the_demo_kommun_imports_with_no_changes(admin: Admin, suffix: str) -> None:
    _seed_demo(admin)
    before = {model: admin.count(model) for model in MODELS}
    for kind in KINDS:
        path = admin.folder / f"{kind}{suffix}"
        code, out, err = admin.run("export", kind, str(path))
        assert code == 0, err
        assert "rader sparade" in out
        code, out, err = admin.run("import", kind, str(path))
        assert code == 0, (kind, err)
        assert "Klart: 0 nya, 0 ändrade," in out, (kind, out)
        assert "känns inte igen" not in err  # exactly the import's columns
    assert {model: admin.count(model) for model in MODELS} == before


def test_an_edited_cell_is_exactly_the_change(admin: Admin) -> None:
    _seed_demo(admin)
    org = admin.folder / "org.xlsx"
    assert admin.run("export", "org", str(org))[0] == 0
    book = load_workbook(org)
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    assert header == ["Enhetskod", "Namn", "Typ", "Överordnad enhet", "Sortering", "Aktiv"]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[2].value == "enhet")
    code, old_name = row[0].value, row[1].value
    row[1].value = "Nytt namn"
    book.save(org)
    result, out, err = admin.run("import", "org", str(org), "--dry-run")
    assert result == 0, err
    assert "Resultat: 0 nya, 1 ändrade," in out
    changes = [line.strip() for line in out.splitlines() if line.startswith("  ")]
    assert changes == [f"Ändrad enhet {code}: Namn ”{old_name}” → ”Nytt namn”"]

    goals = admin.folder / "mal.csv"
    assert admin.run("export", "goals", str(goals))[0] == 0
    rows = list(csv.reader(io.StringIO(goals.read_text(encoding="utf-8-sig")), delimiter=";"))
    target = rows[0].index("Målvärde")
    edited = next(r for r in rows[1:] if r[target])
    ref, old_target = edited[0], edited[target]
    edited[target] = "12,5"
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows(rows)
    goals.write_text(buffer.getvalue(), encoding="utf-8-sig")
    result, out, err = admin.run("import", "goals", str(goals))
    assert result == 0, err
    assert "Klart: 0 nya, 1 ändrade," in out
    changes = [line.strip() for line in out.splitlines() if line.startswith("  ")]
    assert changes == [f"Ändrat mål {ref}: Målvärde {old_target} → 12,5"]
    assert admin.scalars(select(Goal.target).where(Goal.ref == ref)) == [12.5]


def _write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    lines = [";".join(header)] + [";".join(r) for r in rows]
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8-sig")
    return path


def _folder(admin: Admin) -> Path:
    folder = admin.folder / "kommun"
    folder.mkdir()
    _write_csv(folder / "01-org.csv", ORG_HEADER, [[str(c) for c in r] for r in ORG_ROWS])
    _write_csv(folder / "personer.csv", PEOPLE_HEADER, [[str(c) for c in r]
                                                         for r in PEOPLE_ROWS])
    _write_csv(folder / "chefer.csv", ["Enhetskod", "E-post", "Roll", "Från och med"],
               [["SOC-HT1", "bert@sjovik.se", "chef", "2026-01-01"],
                ["SOC", "anna@sjovik.se", "chef", "2026-01-01"]])
    _write_csv(folder / "mål 2026.csv", ["Målreferens", "Enhetskod", "Perspektiv", "Mål",
                                         "Överordnat mål", "Gäller från"],
               [["SOC-M1", "SOC", "Medborgare", "Nöjda brukare", "", "2026-01-01"],
                ["HT1-M1", "SOC-HT1", "Medborgare", "Nöjda i hemtjänsten", "SOC-M1",
                 "2026-01-01"]])
    _write_csv(folder / "beslut.csv", ["Diarienummer", "Beslutsdatum", "Beslutat av",
                                       "Rubrik", "Enhetskod"],
               [["KS 2026/1", "2026-02-01", "KS", "Signering", "SOC-HT1"]])
    (folder / "anteckningar.csv").write_text("x;y\r\n", encoding="utf-8")
    return folder


def test_import_all_dry_run_on_an_empty_database(admin: Admin) -> None:
    folder = _folder(admin)
    code, out, err = admin.run("import", "all", str(folder), "--dry-run")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].endswith(
        "i ordningen org → people → managers → goals → decisions → delegation → roles → "
        "budget → utfall.")
    headers = [line for line in lines if line.startswith("Import av ") and " från " in line]
    assert [h.split(" från ")[1].split(" (")[0] for h in headers] == [
        "01-org.csv", "personer.csv", "chefer.csv", "mål 2026.csv", "beslut.csv"]
    assert "Resultat: 4 nya" in out and "Resultat: 2 nya" in out and "Resultat: 1 nya" in out
    assert "Provkörning (--dry-run), inget har sparats." in out
    assert "filen anteckningar.csv känns inte igen" in err
    assert all(admin.count(model) == 0 for model in MODELS)

    # a problem in an early file is reported with the rows that depend on it
    _write_csv(folder / "personer.csv", PEOPLE_HEADER, [
        ["anna@sjovik.se", "Anna Andersson", "", ""], ["bert(at)sjovik.se", "Bert", "", ""]])
    code, out, err = admin.run("import", "all", str(folder), "--dry-run")
    assert code == 1
    assert "personer.csv:" in err and "är inte en e-postadress" in err
    assert "chefer.csv:" in err and "okänd person ”bert@sjovik.se”" in err
    assert "Inget har importerats eftersom personer.csv, chefer.csv innehåller fel." in err
    assert all(admin.count(model) == 0 for model in MODELS)


def test_import_all_saves_everything_or_nothing(admin: Admin) -> None:
    folder = _folder(admin)
    code, out, err = admin.run("import", "all", str(folder))
    assert code == 0, err
    assert "Klart: alla filer importerade i samma omgång." in out
    assert admin.count(OrgUnit) == 4 and admin.count(Goal) == 2 and admin.count(Decision) == 1
    code, out, _ = admin.run("import", "all", str(admin.folder / "saknas"))
    assert code == 2


# --------------------------------------------------------------------------- templates


def test_templates_have_drop_downs_an_example_row_and_correct_instructions(
        admin: Admin) -> None:
    expected = {"org": {"Typ"}, "goals": {"Perspektiv", "Riktning"},
                "decisions": {"Beslutat av", "Status"}}
    for kind, columns in expected.items():
        path = admin.folder / f"{kind}.xlsx"
        assert admin.run("template", kind, str(path))[0] == 0
        book = load_workbook(path)
        sheet = book.worksheets[0]
        header = [c.value for c in sheet[1]]
        lists = {}
        for validation in sheet.data_validations.dataValidation:
            letter = str(validation.sqref).split(":")[0].rstrip("0123456789")
            lists[header[ord(letter) - 65]] = validation
        assert columns <= set(lists), (kind, lists)
        assert all(v.type == "list" for v in lists.values())
        assert sheet.max_row == 2  # the header and one example row
    org = load_workbook(admin.folder / "org.xlsx")
    data = org.worksheets[0]
    typ = next(v for v in data.data_validations.dataValidation
               if str(v.sqref).startswith("C2"))
    assert typ.formula1 == '"kommun,förvaltning,avdelning,enhet"'
    decided_by = next(v for v in load_workbook(admin.folder / "decisions.xlsx")
                      .worksheets[0].data_validations.dataValidation
                      if str(v.sqref).startswith("C2"))
    assert decided_by.formula1 == '"KF,KS,Nämnd,Ledningsgrupp"'
    assert not decided_by.showErrorMessage  # a suggestion: "Socialnämnden" is fine too
    help_rows = {r[0]: r for r in org.worksheets[1].iter_rows(min_row=2, values_only=True)
                 if r[0]}
    assert help_rows["Överordnad enhet"][1] == "ja – tom bara för kommunen (översta enheten)"
    assert help_rows["Typ"][4] == "kommun, förvaltning, avdelning, enhet"
    assert help_rows["Sortering"][1] == "nej"

    # the template left unchanged imports nothing: its example row is recognised
    code, out, err = admin.run("import", "org", str(admin.folder / "org.xlsx"))
    assert code == 0
    assert "Rad 2 är mallens exempelrad och importeras inte." in err
    assert "0 nya, 0 ändrade, 0 oförändrade" in out


def test_csv_templates_get_instructions_beside_them(admin: Admin) -> None:
    path = admin.folder / "chefer.csv"
    code, out, _ = admin.run("template", "managers", str(path))
    assert code == 0
    readme = admin.folder / "chefer_anvisningar.txt"
    assert str(readme) in out
    text = readme.read_text(encoding="utf-8")
    assert "python -m admin import managers chefer.csv --dry-run" in text
    assert "Roll\n    Obligatorisk: nej" in text
    assert "Tillåtna värden: chef, ställföreträdare" in text
    assert "Från och med\n    Obligatorisk: ja" in text
    en = admin.folder / "org_en.csv"
    assert admin.run("template", "org", str(en), "--lang", "en")[0] == 0
    en_text = (admin.folder / "org_en_instructions.txt").read_text(encoding="utf-8")
    assert "Parent unit\n    Required: yes – empty only for the municipality" in en_text


# --------------------------------------------------------------------------- audit


def test_audit_shows_what_each_import_changed(admin: Admin) -> None:
    admin.seed()
    rename = admin.csv("org2.csv", ORG_HEADER, [["SOC-HT1", "Hemtjänst Nord", "enhet", "SOC"]])
    assert admin.run("import", "org", str(rename))[0] == 0
    people = admin.csv("p2.csv", ["E-post", "Namn", "Titel"],
                       [["bert@sjovik.se", "Bert Berg", "Områdeschef"]])
    assert admin.run("import", "people", str(people))[0] == 0

    code, out, err = admin.run("audit", "--since", "2000-01-01", "--entity", "unit")
    assert code == 0, err
    assert "Ny enhet KOM: Namn ”Sjöviks kommun”; Typ ”kommun”" in out
    assert "Ändrad enhet SOC-HT1: Namn ”Hemtjänst Norr” → ”Hemtjänst Nord”  (org2.csv)" in out
    assert "bert@sjovik.se" not in out  # another entity
    code, out, _ = admin.run("audit", "--since", "2000-01-01", "--entity", "person")
    assert "Ändrad person bert@sjovik.se: Titel ”Enhetschef” → ”Områdeschef”" in out
    code, out, _ = admin.run("audit", "--since", "2999-01-01")
    assert code == 0 and "Inga ändringar sedan 2999-01-01." in out
    code, _, err = admin.run("audit", "--since", "igår")
    assert code == 2 and "”igår” är inget datum" in err
