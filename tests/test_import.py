"""``python -m admin import KIND FILE``: every kind with good and bad files."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from sqlalchemy import create_engine, func, select
from sqlalchemy.engine import Engine

from admin.cli import main
from storage.db import sync_url
from storage.models import (
    AuditEntry,
    Decision,
    DecisionUpdate,
    Goal,
    ManagerAssignment,
    OrgUnit,
    Person,
)

ORG_HEADER = ["Enhetskod", "Namn", "Typ", "Överordnad enhet"]
ORG_ROWS = [
    ["KOM", "Sjöviks kommun", "kommun", ""],
    ["SOC", "Socialförvaltningen", "förvaltning", "KOM"],
    ["SOC-HT1", "Hemtjänst Norr", "enhet", "SOC"],
    ["SOC-HT2", "Hemtjänst Söder", "enhet", "SOC"],
]
PEOPLE_HEADER = ["E-post", "Namn", "Titel", "Administratör"]
PEOPLE_ROWS = [
    ["anna@sjovik.se", "Anna Andersson", "Förvaltningschef", "nej"],
    ["bert@sjovik.se", "Bert Berg", "Enhetschef", "nej"],
    ["cecilia@sjovik.se", "Cecilia Ek", "Enhetschef", ""],
    ["kim@sjovik.se", "Kim Kommunchef", "Kommunchef", "ja"],
]


@dataclass
class Admin:
    url: str
    folder: Path
    capsys: pytest.CaptureFixture[str]
    engine: Engine

    def run(self, *args: str) -> tuple[int, str, str]:
        code = main(list(args))
        captured = self.capsys.readouterr()
        return code, captured.out, captured.err

    def csv(self, name: str, header: Sequence[str], rows: Sequence[Sequence[object]], *,
            delimiter: str = ";", encoding: str = "utf-8-sig") -> Path:
        def cell(value: object) -> str:
            text = "" if value is None else str(value)
            return f'"{text}"' if delimiter in text else text

        lines = [delimiter.join(header)] + [delimiter.join(cell(v) for v in r) for r in rows]
        path = self.folder / name
        path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
        return path

    def xlsx(self, name: str, header: Sequence[str], rows: Sequence[Sequence[Any]]) -> Path:
        book = Workbook()
        sheet = book.active
        sheet.append(list(header))
        for row in rows:
            sheet.append(list(row))
        path = self.folder / name
        book.save(path)
        return path

    def count(self, model: Any) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(model)).scalar_one())

    def scalars(self, query: Any) -> list[Any]:
        with self.engine.connect() as conn:
            return list(conn.execute(query).scalars())

    def rows(self, query: Any) -> list[Any]:
        with self.engine.connect() as conn:
            return list(conn.execute(query).all())

    def seed(self) -> None:
        """Units and people through the import itself."""
        assert self.run("import", "org", str(self.csv("org.csv", ORG_HEADER, ORG_ROWS)))[0] == 0
        people = self.csv("people.csv", PEOPLE_HEADER, PEOPLE_ROWS)
        assert self.run("import", "people", str(people))[0] == 0


@pytest.fixture
def admin(any_db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
          monkeypatch: pytest.MonkeyPatch) -> Iterator[Admin]:
    """The admin CLI against SQLite, and PostgreSQL when TEST_POSTGRES_URL is set."""
    monkeypatch.setenv("DATABASE_URL", any_db_url)
    monkeypatch.setenv("SEED_DEMO", "false")
    monkeypatch.delenv("LANGUAGE", raising=False)
    engine = create_engine(sync_url(any_db_url))
    yield Admin(any_db_url, tmp_path, capsys, engine)
    engine.dispose()


def _unit(admin: Admin, code: str) -> Any:
    return admin.rows(select(OrgUnit).where(OrgUnit.code == code))[0]


# --------------------------------------------------------------------------- org


def test_org_import_builds_the_tree_and_is_idempotent(admin: Admin) -> None:
    path = admin.csv("org.csv", ORG_HEADER, ORG_ROWS)
    code, out, err = admin.run("import", "org", str(path))
    assert code == 0, err
    assert "Klart: 4 nya, 0 ändrade, 0 oförändrade." in out
    kom, soc, ht1 = (_unit(admin, c) for c in ("KOM", "SOC", "SOC-HT1"))
    assert ht1.path == f"/{kom.id}/{soc.id}/{ht1.id}/" and ht1.depth == 2
    assert kom.kind == "kommun" and soc.kind == "forvaltning" and ht1.kind == "enhet"
    audits = admin.count(AuditEntry)
    code, out, _ = admin.run("import", "org", str(path))
    assert code == 0 and "Klart: 0 nya, 0 ändrade, 4 oförändrade." in out
    assert admin.count(AuditEntry) == audits  # nothing changed, nothing audited


def test_org_move_recomputes_paths(admin: Admin) -> None:
    admin.run("import", "org", str(admin.csv("org.csv", ORG_HEADER, ORG_ROWS)))
    moved = admin.csv("move.csv", ORG_HEADER, [
        ["SOC-VO", "Vård och omsorg", "avdelning", "SOC"],
        ["SOC-HT1", "Hemtjänst Norr", "enhet", "SOC-VO"],
    ])
    code, out, _ = admin.run("import", "org", str(moved))
    assert code == 0 and "1 nya, 1 ändrade, 0 oförändrade" in out
    kom, soc, vo, ht1 = (_unit(admin, c) for c in ("KOM", "SOC", "SOC-VO", "SOC-HT1"))
    assert ht1.parent_id == vo.id
    assert ht1.path == f"/{kom.id}/{soc.id}/{vo.id}/{ht1.id}/" and ht1.depth == 3


def test_org_reports_every_bad_row_and_imports_nothing(admin: Admin) -> None:
    path = admin.csv("bad.csv", ORG_HEADER, [
        ["KOM", "Sjöviks kommun", "kommun", ""],
        ["SOC", "Socialförvaltningen", "förvaltning", "KOM"],
        ["X1", "Slinga A", "enhet", "X2"],
        ["X2", "Slinga B", "enhet", "X1"],
        ["SOC", "Dubblett", "förvaltning", "KOM"],
        ["HT9", "Hemtjänst Väst", "enhet", "FINNS-EJ"],
        ["HT8", "", "planet", "SOC"],
    ])
    code, _, err = admin.run("import", "org", str(path))
    assert code == 1
    assert "Rad 3, kolumn ”Enhetskod”: ”SOC” förekommer också på rad 6" in err
    assert "Rad 6, kolumn ”Enhetskod”: ”SOC” förekommer också på rad 3" in err
    assert "Rad 4, kolumn ”Överordnad enhet”: organisationen blir en cirkel: X1 → X2 → X1" in err
    assert "Rad 5, kolumn ”Överordnad enhet”: organisationen blir en cirkel" in err
    assert ("Rad 7, kolumn ”Överordnad enhet”: överordnad enhet ”FINNS-EJ” finns varken i "
            "filen eller i Målbot") in err
    assert "Rad 8, kolumn ”Namn”: värde saknas" in err
    assert "Rad 8, kolumn ”Typ”: ”planet” är inte tillåtet" in err
    assert "Inget har importerats" in err
    assert admin.count(OrgUnit) == 0


def test_org_skip_invalid_imports_the_rest_and_reports_dependants(admin: Admin) -> None:
    path = admin.csv("mixed.csv", ORG_HEADER, [
        ["KOM", "Sjöviks kommun", "kommun", ""],
        ["SOC", "Socialförvaltningen", "galaxy", "KOM"],
        ["SOC-HT1", "Hemtjänst Norr", "enhet", "SOC"],
        ["KFF", "Kultur och fritid", "förvaltning", "KOM"],
    ])
    code, out, err = admin.run("import", "org", str(path), "--skip-invalid")
    assert code == 1  # rows were skipped
    assert "2 rader med fel hoppades över och importerades inte: rad 3, 4." in out
    assert "Klart: 2 nya" in out
    assert "Slutkod 1 eftersom rader hoppades över (använd --allow-skipped" in err
    # the child of the skipped unit cannot be imported either, and says why
    assert "Rad 4, kolumn ”Överordnad enhet”: överordnad enhet ”SOC” finns varken" in err
    assert sorted(admin.scalars(select(OrgUnit.code))) == ["KFF", "KOM"]


def test_org_cycle_through_units_in_the_database(admin: Admin) -> None:
    admin.run("import", "org", str(admin.csv("org.csv", ORG_HEADER, ORG_ROWS)))
    path = admin.csv("cycle.csv", ORG_HEADER, [["SOC", "Socialförvaltningen", "förvaltning",
                                                "SOC-HT1"]])
    code, _, err = admin.run("import", "org", str(path))
    assert code == 1
    assert "organisationen blir en cirkel: SOC → SOC-HT1 → SOC" in err
    assert _unit(admin, "SOC").parent_id == _unit(admin, "KOM").id


def test_org_only_one_top_unit_and_own_parent(admin: Admin) -> None:
    admin.run("import", "org", str(admin.csv("org.csv", ORG_HEADER, ORG_ROWS)))
    path = admin.csv("roots.csv", ORG_HEADER, [
        ["ANNAN", "Annan kommun", "kommun", ""],
        ["SJÄLV", "Självrefererande", "enhet", "SJÄLV"],
    ])
    code, _, err = admin.run("import", "org", str(path))
    assert code == 1
    assert "det får bara finnas en översta enhet (kommunen), men det blir flera: ANNAN, KOM" \
        in err
    assert "”SJÄLV” kan inte ligga under sig själv" in err


def test_wrong_columns_are_named(admin: Admin) -> None:
    path = admin.csv("wrong.csv", ["Kod", "Benämning", "Typ"], [["KOM", "Kommun", "kommun"]])
    code, _, err = admin.run("import", "org", str(path))
    assert code == 2
    assert "saknar kolumnerna ”Namn”, ”Överordnad enhet”" in err
    assert "Förväntade kolumner: Enhetskod, Namn, Typ, Överordnad enhet" in err
    assert admin.count(OrgUnit) == 0


@pytest.mark.parametrize(
    ("kind", "header", "missing", "expected", "model"),
    [
        pytest.param(
            "people", ["Mejl", "Namn", "Titel"], "”E-post”",
            "E-post, Namn, Titel, Språk, Administratör, Entra-id, Enhet, HR-roll", Person,
            id="people"),
        pytest.param(
            "managers", ["Enhetskod", "Chefens e-post", "Roll", "Startar"],
            "”E-post”, ”Från och med”",
            "Enhetskod, E-post, Roll, Från och med, Till och med, Roll i delegationsordningen",
            ManagerAssignment,
            id="managers"),
        pytest.param(
            "goals", ["Målnummer", "Enhetskod", "Perspektiv", "Mål", "Startdag"],
            "”Målreferens”, ”Gäller från”",
            "Målreferens, Enhetskod, Perspektiv, Mål, Beskrivning, Indikator, Måttenhet, "
            "Målvärde, Utgångsvärde, Riktning, Överordnat mål, Gäller från, Gäller till, "
            "Sortering, Aggregering", Goal, id="goals"),
        pytest.param(
            "decisions", ["Diarienr", "Datum", "Beslutsorgan", "Rubrik", "Ansvarig"],
            "”Diarienummer”, ”Beslutat av”, ”Enhetskod”",
            "Diarienummer, Beslutsdatum, Beslutat av, Rubrik, Uppdrag, Enhetskod, "
            "Klart senast, Status, Kommentar", Decision, id="decisions"),
    ],
)
def test_wrong_columns_are_named_for_every_kind(admin: Admin, kind: str, header: list[str],
                                                missing: str, expected: str,
                                                model: Any) -> None:
    """A file with the wrong columns is refused as a whole (exit 2) before any row is
    read: the missing required columns and the expected ones are named, nothing is
    written (the units and people the rows would need exist)."""
    admin.seed()
    before = admin.count(model)
    path = admin.csv(f"{kind}.csv", header, [["x"] * len(header)])
    code, out, err = admin.run("import", kind, str(path))
    assert code == 2
    assert f"saknar kolumnerna {missing}." in err
    assert f"Förväntade kolumner: {expected}." in err
    assert "python -m admin template KIND FIL" in err
    assert "Klart" not in out
    assert admin.count(model) == before


def test_unknown_column_is_a_warning_and_headers_are_forgiving(admin: Admin) -> None:
    path = admin.csv("extra.csv", ["enhetskod", "NAMN", "typ", "Overordnad enhet",
                                   "Anteckning"],
                     [["KOM", "Sjöviks kommun", "Kommun", "", "hej"]])
    code, out, err = admin.run("import", "org", str(path))
    assert code == 0 and "1 nya" in out
    assert "kolumnen ”Anteckning” känns inte igen" in err


def test_unreadable_files(admin: Admin) -> None:
    missing = admin.folder / "nope.csv"
    assert admin.run("import", "org", str(missing))[0] == 2
    broken = admin.folder / "broken.xlsx"
    broken.write_bytes(b"this is not a zip file")
    code, _, err = admin.run("import", "org", str(broken))
    assert code == 2 and "Excel-fil" in err
    other = admin.folder / "org.json"
    other.write_text("{}")
    code, _, err = admin.run("import", "org", str(other))
    assert code == 2 and ".json stöds inte" in err
    empty = admin.folder / "empty.csv"
    empty.write_bytes(b"\xef\xbb\xbf\r\n")
    code, _, err = admin.run("import", "org", str(empty))
    assert code == 2 and "tom" in err


def test_messages_in_english(admin: Admin, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANGUAGE", "en")
    path = admin.csv("bad.csv", ["Unit code", "Name", "Type", "Parent unit"],
                     [["KOM", "Kommun", "kommun", "MISSING"]], delimiter=",")
    code, _, err = admin.run("import", "org", str(path))
    assert code == 1
    assert ("Row 2, column “Parent unit”: parent unit “MISSING” is neither in the file "
            "nor in Målbot") in err
    assert "Nothing was imported" in err


# --------------------------------------------------------------------------- people


def test_people_xlsx_good_bad_and_idempotent(admin: Admin) -> None:
    path = admin.xlsx("people.xlsx", PEOPLE_HEADER, PEOPLE_ROWS)
    code, out, err = admin.run("import", "people", str(path))
    assert code == 0, err
    assert "4 nya" in out
    assert admin.scalars(select(Person.is_admin).where(Person.email == "kim@sjovik.se")) \
        == [True]
    assert "0 nya, 0 ändrade, 4 oförändrade" in admin.run("import", "people", str(path))[1]
    changed = admin.xlsx("people2.xlsx", PEOPLE_HEADER,
                         [["ANNA@sjovik.se", "Anna Andersson-Ek", "Förvaltningschef", "nej"]])
    assert "0 nya, 1 ändrade" in admin.run("import", "people", str(changed))[1]
    assert admin.scalars(select(Person.name).where(Person.email == "anna@sjovik.se")) == [
        "Anna Andersson-Ek"]
    bad = admin.xlsx("bad.xlsx", PEOPLE_HEADER, [
        ["inte-en-adress", "Namnlös", "", ""],
        ["dora@sjovik.se", "Dora", "", "kanske"],
        ["eva@sjovik.se", "Eva", "", ""],
        ["EVA@sjovik.se", "Eva igen", "", ""],
    ])
    code, _, err = admin.run("import", "people", str(bad))
    assert code == 1
    assert "Rad 2, kolumn ”E-post”: ”inte-en-adress” är inte en e-postadress" in err
    assert "Rad 3, kolumn ”Administratör”: ”kanske” ska vara ja eller nej" in err
    assert "Rad 4, kolumn ”E-post”: ”eva@sjovik.se” förekommer också på rad 5" in err
    assert admin.count(Person) == 4


def test_people_unit_column_places_employees_and_moves_them(admin: Admin) -> None:
    from storage.models import Employment

    admin.seed()
    header = ["E-post", "Namn", "Enhet"]
    staff = admin.xlsx("staff.xlsx", header, [
        ["frida@sjovik.se", "Frida Fors", "SOC-HT1"],
        ["gustav@sjovik.se", "Gustav Gran", "SOC-HT1"],
    ])
    code, out, err = admin.run("import", "people", str(staff))
    assert code == 0, err
    assert "2 nya" in out
    assert len(admin.rows(select(Employment.unit_id).where(Employment.valid_to.is_(None)))) == 2
    assert "0 nya, 0 ändrade, 2 oförändrade" in admin.run("import", "people", str(staff))[1]
    moved = admin.xlsx("moved.xlsx", header, [["frida@sjovik.se", "Frida Fors", "SOC-HT2"]])
    code, out, _ = admin.run("import", "people", str(moved))
    assert code == 0 and "0 nya, 1 ändrade" in out
    rows = admin.rows(select(OrgUnit.code, Employment.valid_to)
                      .join(Employment, Employment.unit_id == OrgUnit.id)
                      .join(Person, Person.id == Employment.person_id)
                      .where(Person.email == "frida@sjovik.se").order_by(Employment.id))
    assert [r[0] for r in rows] == ["SOC-HT1", "SOC-HT2"] or [r[0] for r in rows] == ["SOC-HT2"]
    assert rows[-1][1] is None
    from storage.models import HrRole

    hr = admin.xlsx("hr.xlsx", ["E-post", "Namn", "HR-roll"],
                    [["gustav@sjovik.se", "Gustav Gran", "ja"]])
    code, out, _ = admin.run("import", "people", str(hr))
    assert code == 0 and "0 nya, 1 ändrade" in out
    assert admin.count(HrRole) == 1
    assert "0 nya, 0 ändrade" in admin.run("import", "people", str(hr))[1]
    bad = admin.xlsx("bad_unit.xlsx", header, [["frida@sjovik.se", "Frida Fors", "MÅNEN"]])
    code, _, err = admin.run("import", "people", str(bad))
    assert code == 1 and "okänd enhet ”MÅNEN”" in err


# --------------------------------------------------------------------------- managers

MANAGER_HEADER = ["Enhetskod", "E-post", "Roll", "Från och med", "Till och med"]


def test_managers_good_change_of_manager_and_errors(admin: Admin) -> None:
    admin.seed()
    path = admin.csv("managers.csv", MANAGER_HEADER, [
        ["KOM", "kim@sjovik.se", "chef", "2026-01-01", ""],
        ["SOC", "anna@sjovik.se", "chef", "2026-01-01", ""],
        ["SOC-HT1", "bert@sjovik.se", "chef", "2026-01-01", ""],
        ["SOC-HT1", "cecilia@sjovik.se", "ställföreträdare", "2026-07-01", "2026-08-15"],
    ])
    code, out, err = admin.run("import", "managers", str(path))
    assert code == 0, err
    assert "4 nya" in out
    assert "0 nya, 0 ändrade, 4 oförändrade" in admin.run("import", "managers", str(path))[1]
    # Cecilia takes over Hemtjänst Norr from 1 October: Bert's assignment ends 30 September
    change = admin.csv("change.csv", MANAGER_HEADER,
                       [["SOC-HT1", "cecilia@sjovik.se", "chef", "2026-10-01", ""]])
    code, out, _ = admin.run("import", "managers", str(change))
    assert code == 0 and "1 nya" in out and "1 tidigare chefsuppdrag avslutade" in out
    rows = admin.rows(select(ManagerAssignment.valid_to, Person.email).join(
        Person, Person.id == ManagerAssignment.person_id).where(
        ManagerAssignment.role == "manager").where(
        ManagerAssignment.unit_id == _unit(admin, "SOC-HT1").id))
    assert sorted(rows, key=lambda r: r.email) == [
        (date(2026, 9, 30), "bert@sjovik.se"), (None, "cecilia@sjovik.se")]
    assert "0 nya, 0 ändrade, 1 oförändrade." in admin.run("import", "managers",
                                                           str(change))[1]

    bad = admin.csv("bad.csv", MANAGER_HEADER, [
        ["NOPE", "anna@sjovik.se", "chef", "2026-01-01", ""],
        ["SOC", "okand@sjovik.se", "chef", "2026-01-01", ""],
        ["SOC-HT2", "bert@sjovik.se", "chef", "2026-13-01", ""],
        ["SOC-HT2", "bert@sjovik.se", "chef", "2026-05-01", "2026-04-01"],
        ["SOC-HT2", "anna@sjovik.se", "boss", "31/12/2026", ""],
        ["KOM", "anna@sjovik.se", "ställföreträdare", "2026-06-01", "2026-06-30"],
        ["KOM", "bert@sjovik.se", "ställföreträdare", "2026-06-15", "2026-07-15"],
        ["SOC-HT1", "bert@sjovik.se", "chef", "2026-09-01", ""],
    ])
    code, _, err = admin.run("import", "managers", str(bad))
    assert code == 1
    assert "Rad 2, kolumn ”Enhetskod”: okänd enhet ”NOPE”" in err
    assert "Rad 3, kolumn ”E-post”: okänd person ”okand@sjovik.se” – importera personer först" \
        in err
    assert "Rad 4, kolumn ”Från och med”: ”2026-13-01” är inte ett datum" in err
    assert "Rad 5, kolumn ”Till och med”: slutdatumet ligger före startdatumet" in err
    assert "Rad 6, kolumn ”Roll”: ”boss” är inte tillåtet" in err
    assert "Rad 6, kolumn ”Från och med”: ”31/12/2026” är inte ett datum" in err
    assert "Rad 7, kolumn ”Från och med”: överlappar samma roll för enheten på rad 8" in err
    assert "Rad 8, kolumn ”Från och med”: överlappar samma roll för enheten på rad 7" in err
    assert ("Rad 9, kolumn ”Från och med”: överlappar Cecilia Eks uppdrag som börjar "
            "2026-10-01") in err
    assert admin.count(ManagerAssignment) == 5


# --------------------------------------------------------------------------- goals

GOAL_HEADER = ["Målreferens", "Enhetskod", "Perspektiv", "Mål", "Indikator", "Måttenhet",
               "Målvärde", "Utgångsvärde", "Riktning", "Överordnat mål", "Gäller från",
               "Gäller till"]


def _goal_rows() -> list[list[object]]:
    return [
        ["SOC-M1", "SOC", "Medborgare", "Nöjda brukare i socialtjänsten", "Andel nöjda", "%",
         "90", "84,5", "högre", "", "2026-01-01", "2026-12-31"],
        ["HT1-M1", "SOC-HT1", "Medborgare", "Nöjda brukare i hemtjänsten", "Andel nöjda",
         "%", "92,5", "88", "högre", "SOC-M1", "2026-01-01", "2026-12-31"],
        ["HT1-M2", "SOC-HT1", "Ekonomi", "Budget i balans", "Budgetavvikelse", "tkr",
         "0", "-1 234,5", "högre", "", "2026-01-01", "2026-12-31"],
        ["HT1-M3", "SOC-HT1", "Medarbetare", "Låg sjukfrånvaro", "Sjukfrånvaro", "%",
         "6,5", "8,2", "lägre", "", "2026-01-01", ""],
    ]


def test_goals_swedish_csv_with_decimal_commas_in_cp1252(admin: Admin) -> None:
    admin.seed()
    path = admin.csv("mal.csv", GOAL_HEADER, _goal_rows(), encoding="cp1252")
    code, out, err = admin.run("import", "goals", str(path))
    assert code == 0, err
    assert "4 nya" in out
    goals = {g.ref: g for g in admin.rows(select(Goal))}
    assert goals["SOC-M1"].baseline == 84.5 and goals["SOC-M1"].target == 90.0
    assert goals["HT1-M1"].target == 92.5
    assert goals["HT1-M2"].baseline == -1234.5
    assert goals["HT1-M3"].direction == "lower" and goals["HT1-M3"].valid_to is None
    assert goals["HT1-M3"].perspective == "employees"
    assert goals["HT1-M1"].parent_goal_id == goals["SOC-M1"].id
    assert goals["HT1-M1"].title == "Nöjda brukare i hemtjänsten"  # cp1252 decoded
    assert "0 nya, 0 ändrade, 4 oförändrade" in admin.run("import", "goals", str(path))[1]


def test_goals_aggregation_column_with_a_default_from_the_unit(admin: Admin) -> None:
    # Issue 17 §3: "Aggregering" per indicator; empty = from the unit of measure.
    admin.seed()
    rows = [[*row, rule] for row, rule in zip(_goal_rows(), ["Medel", "", "summa", ""],
                                               strict=True)]
    path = admin.csv("mal.csv", [*GOAL_HEADER, "Aggregering"], rows)
    code, out, err = admin.run("import", "goals", str(path))
    assert code == 0, err
    goals = {g.ref: g for g in admin.rows(select(Goal))}
    assert goals["SOC-M1"].aggregation == "mean" and goals["HT1-M2"].aggregation == "sum"
    assert goals["HT1-M1"].aggregation is None  # the default follows Måttenhet (%: medel)
    bad = admin.csv("fel.csv", [*GOAL_HEADER, "Aggregering"],
                    [_goal_rows()[0] + ["största"]])
    code, out, err = admin.run("import", "goals", str(bad))
    assert code != 0
    assert "”största” är inte tillåtet – använd något av: summa, medel" in out + err
    export = admin.folder / "export.xlsx"
    code, _, err = admin.run("export", "goals", str(export))
    assert code == 0, err
    code, out, err = admin.run("import", "goals", str(export))
    assert code == 0 and "0 ändrade" in out, err


def test_goals_xlsx_with_excel_types(admin: Admin) -> None:
    admin.seed()
    rows = [
        ["SOC-M1", "SOC", "Verksamhet", "Trygg vård", "Avvikelser", "st", 5, 12.5, "lägre",
         None, datetime(2026, 1, 1), date(2026, 12, 31)],
    ]
    path = admin.xlsx("goals.xlsx", GOAL_HEADER, rows)
    code, _, err = admin.run("import", "goals", str(path))
    assert code == 0, err
    goal = admin.rows(select(Goal))[0]
    assert (goal.target, goal.baseline, goal.valid_from, goal.perspective) == (
        5.0, 12.5, date(2026, 1, 1), "operations")
    assert "0 nya, 0 ändrade, 1 oförändrade" in admin.run("import", "goals", str(path))[1]


def test_goals_errors_dry_run_and_skip_invalid(admin: Admin) -> None:
    admin.seed()
    rows: list[list[object]] = [*_goal_rows(),
            ["X-1", "OKÄND", "Medborgare", "Mål för okänd enhet", "", "", "", "", "", "",
             "2026-01-01", ""],
            ["X-2", "SOC-HT2", "Glädje", "Fel perspektiv", "", "", "tio", "", "", "",
             "2026-02-30", ""],
            ["X-3", "SOC", "Ekonomi", "Under sin egen enhet", "", "", "", "", "", "HT1-M1",
             "2026-01-01", ""],
            ["X-4", "SOC-HT2", "Ekonomi", "Okänd förälder", "", "", "", "", "", "INGEN",
             "2026-01-01", "2025-12-31"],
            ["HT1-M2", "SOC-HT2", "Ekonomi", "Dubblett", "", "", "", "", "", "",
             "2026-01-01", ""]]
    path = admin.csv("mal.csv", GOAL_HEADER, rows)
    code, _, err = admin.run("import", "goals", str(path), "--dry-run")
    assert code == 1
    assert "Rad 6, kolumn ”Enhetskod”: okänd enhet ”OKÄND”" in err
    assert "Rad 7, kolumn ”Perspektiv”: ”Glädje” är inte tillåtet – använd något av: " \
           "Medborgare, Verksamhet, Ekonomi, Medarbetare" in err
    assert "Rad 7, kolumn ”Målvärde”: ”tio” är inte ett tal" in err
    assert "Rad 7, kolumn ”Gäller från”: ”2026-02-30” är inte ett datum" in err
    assert ("Rad 8, kolumn ”Överordnat mål”: överordnat mål ”HT1-M1” måste tillhöra en enhet "
            "högre upp") in err
    assert "Rad 9, kolumn ”Överordnat mål”: överordnat mål ”INGEN” finns varken" in err
    assert "Rad 9, kolumn ”Gäller till”: slutdatumet ligger före startdatumet" in err
    assert "Rad 4, kolumn ”Målreferens”: ”HT1-M2” förekommer också på rad 10" in err
    assert admin.count(Goal) == 0

    code, out, _ = admin.run("import", "goals", str(path), "--dry-run", "--skip-invalid",
                             "--allow-skipped")
    assert code == 0
    assert "Provkörning (--dry-run), inget har sparats. Resultat: 3 nya" in out
    assert admin.count(Goal) == 0

    code, out, _ = admin.run("import", "goals", str(path), "--skip-invalid",
                             "--allow-skipped")
    assert code == 0 and "Klart: 3 nya" in out
    assert "6 rader med fel hoppades över och importerades inte: rad 4, 6, 7, 8, 9, 10." \
        in out
    assert sorted(admin.scalars(select(Goal.ref))) == ["HT1-M1", "HT1-M3", "SOC-M1"]


def test_goal_messages_in_english(admin: Admin, monkeypatch: pytest.MonkeyPatch) -> None:
    admin.seed()
    monkeypatch.setenv("LANGUAGE", "en")
    header = ["Goal reference", "Unit code", "Perspective", "Goal", "Target", "Parent goal",
              "Valid from", "Valid to"]
    path = admin.csv("goals.csv", header, [
        ["SOC-G1", "SOC", "Citizens", "Satisfied users", "90.5", "", "2026-01-01", ""],
        ["HT1-G1", "NOPE", "Economy", "Balanced budget", "0", "", "2026-01-01", ""],
        ["HT1-G2", "SOC-HT1", "Joy", "Happy staff", "ten", "", "2026-02-30", ""],
        ["HT1-G3", "SOC-HT1", "Employees", "Low sick leave", "", "MISSING", "2026-01-01",
         "2025-12-31"],
        ["HT1-G4", "SOC-HT1", "Operations", "", "", "", "", ""],
        ["SOC-G1", "SOC", "Citizens", "Twice", "", "", "2026-01-01", ""],
    ], delimiter=",")
    code, out, err = admin.run("import", "goals", str(path))
    assert code == 1
    assert "Import of goals from goals.csv (6 rows)." in out
    assert "10 errors in 6 rows:" in err
    assert "Row 2, column “Goal reference”: “SOC-G1” also appears on row 7" in err
    assert "Row 3, column “Unit code”: unknown unit “NOPE”" in err
    # the allowed perspectives are listed too (their names are Swedish in both languages)
    assert "Row 4, column “Perspective”: “Joy” is not allowed – use one of: " in err
    assert "Row 4, column “Target”: “ten” is not a number" in err
    assert "Row 4, column “Valid from”: “2026-02-30” is not a date – write YYYY-MM-DD" in err
    assert ("Row 5, column “Parent goal”: parent goal “MISSING” is neither in the file nor "
            "in Målbot") in err
    assert "Row 5, column “Valid to”: the end date is before the start date" in err
    assert "Row 6, column “Goal”: value missing" in err
    assert "Row 6, column “Valid from”: value missing" in err
    assert "Row 7, column “Goal reference”: “SOC-G1” also appears on row 2" in err
    assert "Nothing was imported because the file has errors" in err
    assert "Rad " not in err and "värde saknas" not in err  # no Swedish left
    assert admin.count(Goal) == 0

    wrong = admin.csv("wrong.csv", ["Goal ref", "Unit code", "Perspective"], [["A", "SOC", "x"]],
                      delimiter=",")
    code, _, err = admin.run("import", "goals", str(wrong))
    assert code == 2
    plain = err.replace("”", "").replace("“", "")  # the quote style is not the point
    assert "The file lacks the columns Goal, Valid from." in plain
    assert ("Expected columns: Goal reference, Unit code, Perspective, Goal, Description, "
            "Indicator, Unit of measure, Target, Baseline, Direction, Parent goal, "
            "Valid from, Valid to, Sort order, Aggregation.") in err


# --------------------------------------------------------------------------- decisions

DECISION_HEADER = ["Diarienummer", "Beslutsdatum", "Beslutat av", "Rubrik", "Uppdrag",
                   "Enhetskod", "Klart senast", "Status", "Kommentar"]


def test_decisions_good_status_flow_and_errors(admin: Admin) -> None:
    admin.seed()
    good = [
        ["KS 2026/10", "2026-02-10", "KS", "Digital signering", "Inför digital signering.",
         "SOC-HT1", "2026-10-15", "Pågår", "Upphandling startad."],
        ["KF 2026/3", "2026-01-28", "KF", "Handlingsplan mot ensamhet", "", "SOC",
         "2026-11-30", "", ""],
    ]
    path = admin.csv("beslut.csv", DECISION_HEADER, good)
    code, out, err = admin.run("import", "decisions", str(path))
    assert code == 0, err
    assert "2 nya" in out
    decisions = {d.reference: d for d in admin.rows(select(Decision))}
    assert decisions["KS 2026/10"].status == "in_progress"
    assert decisions["KF 2026/3"].status == "not_started"
    assert admin.scalars(select(DecisionUpdate.comment)) == ["Upphandling startad."]
    assert "0 nya, 0 ändrade, 2 oförändrade" in admin.run("import", "decisions",
                                                          str(path))[1]

    done_without_comment = admin.csv("klart.csv", DECISION_HEADER, [
        ["KS 2026/10", "2026-02-10", "KS", "Digital signering", "Inför digital signering.",
         "SOC-HT1", "2026-10-15", "Genomfört", ""]])
    code, _, err = admin.run("import", "decisions", str(done_without_comment))
    assert code == 1
    assert ("Rad 2, kolumn ”Kommentar”: Genomfört och Avslutat utan genomförande kräver en "
            "kommentar") in err
    done = admin.csv("klart2.csv", DECISION_HEADER, [
        ["KS 2026/10", "2026-02-10", "KS", "Digital signering", "Inför digital signering.",
         "SOC-HT1", "2026-10-15", "Genomfört", "Alla signerar digitalt."]])
    code, out, _ = admin.run("import", "decisions", str(done))
    assert code == 0 and "0 nya, 1 ändrade" in out
    row = admin.rows(select(Decision).where(Decision.reference == "KS 2026/10"))[0]
    assert row.status == "done" and row.completed_at is not None
    actions = admin.scalars(select(AuditEntry.action).where(AuditEntry.entity == "decision"))
    # the status changes have their own entries; the import's entries name the fields
    assert [a for a in actions if a.startswith("decision.")] == [
        "decision.status", "decision.status"]
    assert "import.decisions.created" in actions

    bad = admin.csv("fel.csv", DECISION_HEADER, [
        ["KS 2099/1", "2099-01-01", "KS", "Framtida beslut", "", "SOC", "", "", ""],
        ["KS 2026/50", "2026-03-01", "", "Utan instans", "", "FINNS-EJ", "2026-01-01",
         "Klar?", ""],
        ["KS 2026/51", "1 mars", "KS", "Datumfel", "", "SOC", "", "", ""],
    ])
    code, _, err = admin.run("import", "decisions", str(bad))
    assert code == 1
    assert "Rad 2, kolumn ”Beslutsdatum”: beslutsdatumet ligger i framtiden" in err
    assert "Rad 3, kolumn ”Beslutat av”: värde saknas" in err
    assert "Rad 3, kolumn ”Enhetskod”: okänd enhet ”FINNS-EJ”" in err
    assert "Rad 3, kolumn ”Klart senast”: datumet ligger före beslutsdatumet" in err
    assert "Rad 3, kolumn ”Status”: ”Klar?” är inte tillåtet" in err
    assert "Rad 4, kolumn ”Beslutsdatum”: ”1 mars” är inte ett datum" in err
    assert admin.count(Decision) == 2


def test_decisions_dry_run_reports_every_bad_row_and_writes_nothing(admin: Admin) -> None:
    admin.seed()
    existing = admin.csv("beslut.csv", DECISION_HEADER, [
        ["KS 2026/10", "2026-02-10", "KS", "Digital signering", "", "SOC-HT1", "2026-10-15",
         "Pågår", "Upphandling startad."]])
    assert admin.run("import", "decisions", str(existing))[0] == 0
    tables = (Decision, DecisionUpdate, AuditEntry)
    before = {model: admin.count(model) for model in tables}

    path = admin.csv("beslut2.csv", DECISION_HEADER, [
        # row 2: fine – a status change of the existing decision
        ["KS 2026/10", "2026-02-10", "KS", "Digital signering", "", "SOC-HT1", "2026-10-15",
         "Genomfört", "Alla signerar digitalt."],
        ["KS 2026/60", "2026-13-01", "KS", "Fel datum", "", "SOC", "", "", ""],
        ["KS 2026/61", "2026-03-01", "KS", "", "", "SOC", "", "Pågår", ""],
        ["KS 2026/62", "2026-03-01", "KS", "Klart utan kommentar", "", "SOC-HT2", "",
         "Genomfört", ""],
        ["KS 2026/63", "2026-03-01", "KS", "Okänd enhet", "", "NOPE", "2026-01-01", "Klar?",
         ""],
        ["KS 2026/64", "2026-03-01", "KS", "R" * 500, "", "SOC", "", "", ""],
        ["KS 2026/60", "2026-03-01", "KS", "Dubblett", "", "SOC", "", "", ""],
        # row 9: fine – a new decision
        ["KS 2026/65", "2026-03-01", "KS", "Ny rutin", "Ta fram en rutin.", "SOC-HT2",
         "2026-12-31", "", ""],
    ])
    code, out, err = admin.run("import", "decisions", str(path), "--dry-run")
    assert code == 1
    assert "Import av beslut från beslut2.csv (8 rader)." in out
    lines = [line.strip() for line in err.splitlines() if line.strip().startswith("Rad ")]
    assert lines == [
        "Rad 3, kolumn ”Beslutsdatum”: ”2026-13-01” är inte ett datum – skriv ÅÅÅÅ-MM-DD",
        "Rad 3, kolumn ”Diarienummer”: ”KS 2026/60” förekommer också på rad 8",
        "Rad 4, kolumn ”Rubrik”: värde saknas",
        "Rad 5, kolumn ”Kommentar”: Genomfört och Avslutat utan genomförande kräver en "
        "kommentar",
        "Rad 6, kolumn ”Enhetskod”: okänd enhet ”NOPE”",
        "Rad 6, kolumn ”Klart senast”: datumet ligger före beslutsdatumet",
        "Rad 6, kolumn ”Status”: ”Klar?” är inte tillåtet – använd något av: Ej påbörjat, "
        "Pågår, Genomfört, Avslutat utan genomförande",
        "Rad 7, kolumn ”Rubrik”: texten är för lång (högst 300 tecken)",
        "Rad 8, kolumn ”Diarienummer”: ”KS 2026/60” förekommer också på rad 3",
    ]
    assert "9 fel på 6 rader:" in err
    assert "Inget har importerats" in err
    assert {model: admin.count(model) for model in tables} == before

    # with --skip-invalid the dry run counts what would happen, and still saves nothing
    code, out, err = admin.run("import", "decisions", str(path), "--dry-run",
                               "--skip-invalid")
    assert code == 1  # rows were skipped: not a clean run (0 only with --allow-skipped)
    assert "6 rader med fel hoppades över och importerades inte: rad 3, 4, 5, 6, 7, 8." \
        in out
    assert "6 rader hoppades över på grund av 9 fel (--skip-invalid):" in err
    assert "Provkörning (--dry-run), inget har sparats. Resultat: 1 nya, 1 ändrade, " \
           "0 oförändrade." in out
    assert "Rad 5, kolumn ”Kommentar”" in err  # the bad rows are still reported
    assert {model: admin.count(model) for model in tables} == before
    assert admin.scalars(select(Decision.status).where(
        Decision.reference == "KS 2026/10")) == ["in_progress"]
