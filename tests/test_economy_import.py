"""``python -m admin import budget|utfall``: the template (kr/tkr, annual amounts spread by
BUDGET_PROFILE) and SIE 4 files (dimensions, mapping, CP437), bad files refused by row or
line with nothing imported, re-imports replacing the month, audited."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from followup.sie4 import encode_lines
from storage.models import AuditEntry, EconomyLine, OrgUnit
from tests.test_import import Admin
from tests.test_import import admin as admin

ORG = [
    ["KOM", "Sjöviks kommun", "kommun", ""],
    ["BUF", "Barn- och utbildningsförvaltningen", "förvaltning", "KOM"],
    ["BUF-FS1", "Förskolan Solrosen", "enhet", "BUF"],
    ["BUF-FS2", "Ängens förskola", "enhet", "BUF"],
]
HEADER = ["Enhetskod", "År", "Månad", "Belopp", "Beloppsenhet", "Kontogrupp"]

SIE_HEAD = [
    "#FLAGGA 0",
    "#FORMAT PC8",
    "#SIETYP 4",
    '#PROGRAM "Raindance Ekonomi" 2026.1',
    '#FNAMN "Sjöviks kommun"',
    "#RAR 0 20260101 20261231",
    "#RAR -1 20250101 20251231",
    '#DIM 1 "Ansvar"',
    '#DIM 6 "Projekt"',
    '#OBJEKT 1 "4100" "Förskolan Solrosen"',
    '#OBJEKT 1 "4200" "Ängens förskola \\"Lilla\\""',
    '#OBJEKT 6 "P12" "Utbyggnad"',
    '#KONTO 1930 "Bank"',
    '#KONTO 3010 "Försäljning"',
    '#KONTO 7010 "Löner"',
]
SIE_BODY = [
    # account totals ({}) and project cuts are other views of the same money: left out
    "#PSALDO 0 202610 7010 {} 2312456.75",
    '#PSALDO 0 202610 7010 {1 "4100"} 1312456.75',
    '#PSALDO 0 202610 7010 {1 "4100" 6 "P12"} 100000',
    '#PSALDO 0 202610 7010 {1 "4200"} 1000000',
    '#PSALDO 0 202610 3010 {1 "4100" 6 "P12"} -45000.40',  # only as a combination: used
    '#PSALDO 0 202610 1930 {1 "4100"} -999999',  # a balance account: not nettokostnad
    '#PSALDO -1 202510 7010 {1 "4200"} 998000.50',
    '#PBUDGET 0 202610 7010 {1 "4100"} 1250000',
    '#VER A 17 20261012 "Hyra oktober"',
    "{",
    '#TRANS 7010 {1 "4100"} 85000.00',
    "}",
]


def _mapping(cli: Admin) -> Path:
    return cli.csv("mappning.csv", ["Objekt", "Enhetskod"],
                     [["4100", "BUF-FS1"], ["4200", "BUF-FS2"]])


def _sie(cli: Admin, lines: list[str], name: str = "utfall.se", *,
         checksum: bool = False) -> Path:
    path = cli.folder / name
    path.write_bytes(encode_lines(lines, with_checksum=checksum))
    return path


def _lines(cli: Admin, kind: str) -> dict[tuple[str, int, int, str], int]:
    rows = cli.rows(select(OrgUnit.code, EconomyLine.year, EconomyLine.month,
                             EconomyLine.account_group, EconomyLine.amount_kr)
                      .join(OrgUnit, OrgUnit.id == EconomyLine.unit_id)
                      .where(EconomyLine.kind == kind))
    return {(code, year, month, group): amount for code, year, month, group, amount in rows}


@pytest.fixture
def org(admin: Admin) -> Admin:
    assert admin.run("import", "org", str(admin.csv("org.csv", ["Enhetskod", "Namn", "Typ",
                                                                 "Överordnad enhet"], ORG)))[0] == 0
    return admin


def test_the_budget_template_spreads_annual_amounts_by_the_profile(
        org: Admin, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BUDGET_PROFILE", "1,1,1,1,1,1,0,1,1,1,1,2")
    path = org.csv("budget.csv", HEADER, [
        ["BUF-FS1", 2026, "", "12 000", "tkr", ""],
        ["BUF-FS2", 2026, "2026-10", "1 500 000,40", "kr", "Personal"],
        ["BUF-FS2", 2026, "november", "250", "tkr", "Lokaler"],
    ])
    code, out, err = org.run("import", "budget", str(path))
    assert code == 0, err
    assert "14 nya" in out
    lines = _lines(org, "budget")
    assert lines[("BUF-FS1", 2026, 7, "")] == 0  # July has no share
    assert lines[("BUF-FS1", 2026, 12, "")] == 2_000_000
    assert sum(v for k, v in lines.items() if k[0] == "BUF-FS1") == 12_000_000
    assert lines[("BUF-FS2", 2026, 10, "Personal")] == 1_500_000
    assert lines[("BUF-FS2", 2026, 11, "Lokaler")] == 250_000


def test_bad_rows_are_named_and_nothing_is_imported(org: Admin) -> None:
    path = org.csv("utfall.csv", HEADER, [
        ["BUF-FS1", 2026, 10, "100", "tkr", ""],
        ["BUF-XX", 2026, 13, "abc", "mkr2", ""],
        ["BUF-FS2", 2026, "", "100", "", ""],  # utfall needs a month
        ["BUF-FS1", 2026, "okt", "5", "tkr", ""],  # the same month as row 2
    ])
    code, _out, err = org.run("import", "utfall", str(path))
    assert code == 1
    assert "Rad 3, kolumn ”Enhetskod”: okänd enhet ”BUF-XX”" in err
    assert "Rad 3, kolumn ”Månad”: ”13” är ingen månad" in err
    assert "Rad 3, kolumn ”Belopp”: ”abc” är inte ett tal" in err
    assert "Rad 3, kolumn ”Beloppsenhet”" in err
    assert "Rad 4, kolumn ”Månad”: värde saknas" in err
    assert "Rad 5, kolumn ”Månad”: samma enhet, månad och kontogrupp finns också på rad 2" \
        in err
    assert "Inget har importerats" in err
    assert org.count(EconomyLine) == 0


def test_reimporting_a_month_replaces_it_and_is_audited(org: Admin) -> None:
    first = org.csv("utfall.csv", HEADER, [["BUF-FS1", 2026, 9, "900", "tkr", ""],
                                           ["BUF-FS1", 2026, 10, "1000", "tkr", ""]])
    assert org.run("import", "utfall", str(first))[0] == 0
    assert org.run("import", "utfall", str(first))[1].count("2 oförändrade") == 1
    october = org.csv("utfall-okt.csv", HEADER, [["BUF-FS1", 2026, 10, "1100", "tkr", ""]])
    code, out, _err = org.run("import", "utfall", str(october))
    assert code == 0 and "1 ändrade" in out
    assert _lines(org, "utfall") == {("BUF-FS1", 2026, 9, ""): 900_000,
                                     ("BUF-FS1", 2026, 10, ""): 1_100_000}
    entries = org.rows(select(AuditEntry.before, AuditEntry.after)
                       .where(AuditEntry.action == "economy.utfall.replace"))
    assert entries == [({"": 1_000_000}, {"": 1_100_000})]


def test_a_sie_file_through_a_mapping_file(org: Admin) -> None:
    path = _sie(org, SIE_HEAD + SIE_BODY, checksum=True)
    code, out, err = org.run("import", "utfall", str(path), "--mapping", str(_mapping(org)))
    assert code == 0, err
    assert "dimension 1 ”Ansvar”" in out
    assert _lines(org, "utfall") == {
        ("BUF-FS1", 2026, 10, ""): 1_267_456,  # 1 312 456,75 - 45 000,40
        ("BUF-FS2", 2026, 10, ""): 1_000_000,
        ("BUF-FS2", 2025, 10, ""): 998_001,
    }
    code, out, err = org.run("import", "budget", str(path), "--mapping", str(_mapping(org)),
                             "--year", "2026")
    assert code == 0, err
    assert _lines(org, "budget") == {("BUF-FS1", 2026, 10, ""): 1_250_000}
    actions = org.scalars(select(AuditEntry.action).where(AuditEntry.entity == "import"))
    assert actions == ["import.org", "import.utfall.sie", "import.budget.sie"]
    # the same file again changes nothing
    code, out, _err = org.run("import", "utfall", str(path), "--mapping", str(_mapping(org)))
    assert code == 0 and "0 nya, 0 ändrade, 3 oförändrade" in out


def test_object_codes_can_be_the_unit_codes(org: Admin) -> None:
    lines = [*SIE_HEAD, '#OBJEKT 1 "BUF-FS1" "Förskolan Solrosen"',
             '#PSALDO 0 202603 7010 {1 "BUF-FS1"} -12.50']
    code, _out, err = org.run("import", "utfall", str(_sie(org, lines, "export.SI")),
                             "--ignore-unmapped")
    assert code == 0, err
    assert _lines(org, "utfall") == {("BUF-FS1", 2026, 3, ""): -13}


def test_objects_without_a_unit_refuse_the_file(org: Admin) -> None:
    lines = [*SIE_HEAD, *SIE_BODY, '#PSALDO 0 202610 7010 {1 "9999"} 5']
    code, _out, err = org.run("import", "utfall", str(_sie(org, lines)),
                              "--mapping", str(_mapping(org)))
    assert code == 1
    line = len(lines)
    assert f"rad {line}: objekt ”9999” i dimension 1 hör inte till någon enhet" in err
    assert "Inget har importerats" in err
    assert org.count(EconomyLine) == 0


def test_bad_sie_files_are_refused_with_line_numbers(org: Admin) -> None:
    lines = [*SIE_HEAD, '#PSALDO 0 202613 7010 {1 "4100"} 5',
             '#PSALDO 0 202610 7010 {1 "4100"} 1,5',
             '#PSALDO 0 202610 7010 {1 "4100" 5']
    code, _out, err = org.run("import", "utfall", str(_sie(org, lines)),
                              "--mapping", str(_mapping(org)))
    n = len(SIE_HEAD)
    assert code == 1
    assert f"rad {n + 1}: #PSALDO: perioden ”202613” ska vara ÅÅÅÅMM" in err
    assert f"rad {n + 2}: #PSALDO: beloppet ”1,5” är inte ett belopp" in err
    assert f"rad {n + 3}: ett citattecken eller en klammer saknar sin avslutning" in err
    assert org.count(EconomyLine) == 0
    # a tampered checksum, and a file saved as UTF-8, are refused too
    good = encode_lines(SIE_HEAD + SIE_BODY, with_checksum=True)
    tampered = org.folder / "tampered.se"
    tampered.write_bytes(good.replace(b"1000000", b"1000001"))
    code, _out, err = org.run("import", "utfall", str(tampered), "--mapping",
                              str(_mapping(org)))
    assert code == 1 and "kontrollsumman (#KSUMMA) stämmer inte" in err
    utf8 = org.folder / "utf8.se"
    utf8.write_bytes(("\r\n".join(SIE_HEAD + SIE_BODY) + "\r\n").encode("utf-8"))
    code, _out, err = org.run("import", "utfall", str(utf8), "--mapping", str(_mapping(org)))
    assert code == 1 and "UTF-8" in err
    assert org.count(EconomyLine) == 0


def test_a_mapping_to_an_unknown_unit_and_an_unknown_dimension(org: Admin) -> None:
    mapping = org.csv("map.csv", ["Objekt", "Enhetskod"], [["4100", "NOPE"], ["4200", ""]])
    code, _out, err = org.run("import", "utfall", str(_sie(org, SIE_HEAD + SIE_BODY)),
                              "--mapping", str(mapping))
    assert code == 1
    assert "map.csv rad 3, kolumn ”Enhetskod”: värde saknas" in err
    assert "kopplar objekt ”4100” till enhetskoden ”NOPE”, som inte finns i Målbot" in err
    code, _out, err = org.run("import", "utfall", str(_sie(org, SIE_HEAD + SIE_BODY)),
                              "--dimension", "2")
    assert code == 1 and "dimensionen 2 finns inte i filen" in err


def test_import_all_takes_budget_and_utfall_files(org: Admin) -> None:
    folder = org.folder / "alla"
    folder.mkdir()
    org.folder, old = folder, org.folder
    org.csv("budget 2026.csv", HEADER, [["BUF-FS1", 2026, "", "1200", "tkr", ""]])
    org.csv("utfall.csv", HEADER, [["BUF-FS1", 2026, 1, "95", "tkr", ""]])
    org.folder = old
    code, _out, err = org.run("import", "all", str(folder))
    assert code == 0, err
    assert len(_lines(org, "budget")) == 12 and len(_lines(org, "utfall")) == 1
