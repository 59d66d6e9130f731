"""Round trip: template → fill in → import → export (Excel and Swedish CSV)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from admin.cli import main
from followup.calendar import CalendarConfig, schedule_for
from storage.db import sync_url
from storage.models import Goal, GoalResult, OrgUnit, Person, ReportingPeriod, UnitReport


@pytest.fixture
def env(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    monkeypatch.setenv("SEED_DEMO", "false")
    monkeypatch.delenv("LANGUAGE", raising=False)
    yield sqlite_url


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def fill_xlsx(path: Path, rows: list[list[Any]]) -> None:
    book = load_workbook(path)
    sheet = book.worksheets[0]
    for row in rows:
        sheet.append(row)
    book.save(path)


def fill_csv(path: Path, rows: list[list[str]]) -> None:
    with path.open("a", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerows(rows)


def xlsx_rows(path: Path, sheet: int = 0) -> list[dict[str, Any]]:
    book = load_workbook(path)
    values = list(book.worksheets[sheet].iter_rows(values_only=True))
    return [dict(zip(values[0], r, strict=True)) for r in values[1:]]


def test_templates_have_the_expected_columns(env: str, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "goals.xlsx"
    code, out, _ = run(capsys, "template", "goals", str(path))
    assert code == 0 and "15 kolumner" in out
    book = load_workbook(path)
    assert [c.value for c in book.worksheets[0][1]] == [
        "Målreferens", "Enhetskod", "Perspektiv", "Mål", "Beskrivning", "Indikator",
        "Måttenhet", "Målvärde", "Utgångsvärde", "Riktning", "Överordnat mål", "Gäller från",
        "Gäller till", "Sortering", "Aggregering"]
    # one example row, in grey italics; left in the file it is not imported (see below)
    assert book.worksheets[0].max_row == 2
    assert book.worksheets[0]["A2"].value == "SOC-HT1-M1" and book.worksheets[0]["A2"].font.i
    help_rows = xlsx_rows(path, 1)
    assert book.worksheets[1].title == "Anvisningar"
    perspective = next(r for r in help_rows if r["Kolumn"] == "Perspektiv")
    assert perspective["Obligatorisk"] == "ja" and "Medarbetare" in perspective["Beskrivning"]

    csv_path = tmp_path / "org.csv"
    assert run(capsys, "template", "org", str(csv_path))[0] == 0
    raw = csv_path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw[3:].decode().splitlines() == [
        "Enhetskod;Namn;Typ;Överordnad enhet;Sortering;Aktiv",
        "SOC-HT1;Hemtjänst Norr;enhet;SOC-VO;10;ja"]

    en = tmp_path / "decisions.csv"
    assert run(capsys, "template", "decisions", str(en), "--lang", "en")[0] == 0
    assert en.read_text(encoding="utf-8-sig").startswith("Reference,Decision date,Decided by")

    code, _, err = run(capsys, "template", "goals", str(tmp_path / "goals.txt"))
    assert code == 2 and ".xlsx eller .csv" in err


def _add_results(url: str) -> None:
    """October results for Hemtjänst Norr, as the monthly report would store them."""
    engine = create_engine(sync_url(url))
    with Session(engine) as session, session.begin():
        schedule = schedule_for("2026-10", CalendarConfig())
        period = ReportingPeriod(period="2026-10", opens_at=schedule.opens_at,
                                 deadline_at=schedule.deadline_at, closes_at=schedule.closes_at)
        session.add(period)
        unit = session.execute(select(OrgUnit).where(OrgUnit.code == "SOC-HT1")).scalar_one()
        bert = session.execute(select(Person).where(Person.email == "bert@sjovik.se")
                               ).scalar_one()
        session.flush()
        report = UnitReport(unit_id=unit.id, period_id=period.id, status="submitted",
                            version=2, late=True, submitted_by_id=bert.id,
                            submitted_at=datetime(2026, 11, 9, 8, 15, tzinfo=UTC))
        session.add(report)
        session.flush()
        for goal in session.execute(select(Goal).where(Goal.unit_id == unit.id)).scalars():
            green = goal.ref == "HT1-M1"
            session.add(GoalResult(
                goal_id=goal.id, period_id=period.id, unit_id=unit.id, report_id=report.id,
                perspective=goal.perspective, status="green" if green else "red",
                value=92.5 if green else -250.75,
                analysis="Fler nöjda efter nya rutiner." if green else "Höga vikariekostnader.",
                actions="" if green else "Ny bemanningsplan i december.",
                updated_by_id=bert.id, updated_at=datetime(2026, 11, 9, 8, 10, tzinfo=UTC)))
    engine.dispose()


def test_round_trip_template_import_export(env: str, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    org = tmp_path / "org.xlsx"
    run(capsys, "template", "org", str(org))
    fill_xlsx(org, [["KOM", "Sjöviks kommun", "kommun", None],
                    ["SOC", "Socialförvaltningen", "förvaltning", "KOM"],
                    ["SOC-HT1", "Hemtjänst Norr", "enhet", "SOC"],
                    ["KFF", "Kultur- och fritidsförvaltningen", "förvaltning", "KOM"]])
    assert run(capsys, "import", "org", str(org))[0] == 0

    people = tmp_path / "people.csv"
    run(capsys, "template", "people", str(people))
    fill_csv(people, [["bert@sjovik.se", "Bert Berg", "Enhetschef", "sv", "nej", ""]])
    assert run(capsys, "import", "people", str(people))[0] == 0

    managers = tmp_path / "managers.csv"
    run(capsys, "template", "managers", str(managers))
    fill_csv(managers, [["SOC-HT1", "bert@sjovik.se", "chef", "2026-01-01", ""]])
    assert run(capsys, "import", "managers", str(managers))[0] == 0

    goals = tmp_path / "goals.xlsx"
    run(capsys, "template", "goals", str(goals))
    year = (date(2026, 1, 1), date(2026, 12, 31))
    fill_xlsx(goals, [
        ["SOC-M1", "SOC", "Medborgare", "Nöjda brukare", None, "Andel nöjda", "%", 90, 84,
         "högre", None, *year, 1],
        ["HT1-M1", "SOC-HT1", "Medborgare", "Nöjda brukare i hemtjänsten", None,
         "Andel nöjda", "%", 92, 88, "högre", "SOC-M1", *year, 1],
        ["HT1-M2", "SOC-HT1", "Ekonomi", "Budget i balans", None, "Avvikelse", "tkr", 0, None,
         "högre", None, *year, 2],
        ["KFF-M1", "KFF", "Verksamhet", "Fler besökare", None, "Besök", "st", 1500.5, None,
         "högre", None, *year, 1],
    ])
    code, out, err = run(capsys, "import", "goals", str(goals))
    assert code == 0 and "4 nya" in out, err

    decisions = tmp_path / "decisions.csv"
    run(capsys, "template", "decisions", str(decisions))
    fill_csv(decisions, [
        ["KS 2026/10", "2026-02-10", "KS", "Digital signering", "Inför signering.", "SOC-HT1",
         "2026-10-15", "Pågår", "Upphandling startad."],
        ["KF 2026/3", "2026-01-28", "KF", "Handlingsplan", "", "KFF", "", "", ""],
    ])
    assert run(capsys, "import", "decisions", str(decisions))[0] == 0
    _add_results(env)

    # results, the whole kommun, Excel
    out_xlsx = tmp_path / "resultat.xlsx"
    code, out, err = run(capsys, "export", "results", "--period", "2026-10", "--output",
                         str(out_xlsx))
    assert code == 0, err
    assert "4 rader sparade" in out
    rows = xlsx_rows(out_xlsx)
    # tree order (siblings by name), then perspective
    assert [r["Målreferens"] for r in rows] == ["KFF-M1", "SOC-M1", "HT1-M1", "HT1-M2"]
    ht1 = {r["Målreferens"]: r for r in rows}
    first = ht1["HT1-M1"]
    assert first["Enhet"] == "Sjöviks kommun › Socialförvaltningen › Hemtjänst Norr"
    assert first["Perspektiv"] == "Medborgare" and first["Målvärde"] == 92
    assert first["Utfall"] == 92.5 and first["Status"] == "Uppfylls"
    assert first["Resultat och analys"] == "Fler nöjda efter nya rutiner."
    assert first["Rapporterad av"] == "Bert Berg" and first["Rapportstatus"] == "Inskickad"
    assert first["Sen rapport"] == "Ja"
    assert first["Senast ändrad"] == datetime(2026, 11, 9, 9, 10)  # local time
    assert ht1["HT1-M2"]["Status"] == "Uppfylls inte"
    assert ht1["HT1-M2"]["Åtgärder"] == "Ny bemanningsplan i december."
    assert ht1["SOC-M1"]["Status"] is None and ht1["SOC-M1"]["Rapportstatus"] == "Ej påbörjad"

    # one subtree, Swedish CSV with decimal commas
    out_csv = tmp_path / "ht1.csv"
    code, _, _ = run(capsys, "export", "results", "--period", "2026-10", "--unit", "soc-ht1",
                     "--output", str(out_csv))
    assert code == 0
    text = out_csv.read_bytes()
    assert text.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(text.decode("utf-8-sig")), delimiter=";"))
    assert table[0][:4] == ["Period", "Enhetskod", "Enhet", "Perspektiv"]
    assert {r[1] for r in table[1:]} == {"SOC-HT1"}
    by_ref = {r[4]: r for r in table[1:]}
    assert by_ref["HT1-M1"][10] == "92,5" and by_ref["HT1-M2"][10] == "-250,75"
    assert by_ref["HT1-M1"][18] == "2026-11-09 09:10"

    # decisions: export, then import the export again — nothing changes
    out_dec = tmp_path / "beslut.csv"
    assert run(capsys, "export", "decisions", "--details", "--output", str(out_dec))[0] == 0
    code, out, err = run(capsys, "import", "decisions", str(out_dec))
    assert code == 0, err
    assert "0 nya, 0 ändrade, 2 oförändrade" in out
    assert "kolumnen ”Ansvarig enhet” känns inte igen" in err  # extra columns are only noted
    dec_rows = list(csv.reader(io.StringIO(out_dec.read_text(encoding="utf-8-sig")),
                               delimiter=";"))
    ks = next(r for r in dec_rows if r[0] == "KS 2026/10")
    assert ks[7] == "Pågår" and ks[8] == "Upphandling startad." and ks[10] == "Ja"


def test_export_refuses_bad_input(env: str, tmp_path: Path,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "export", "results", "--output", str(tmp_path / "x.xlsx"))
    assert code == 2 and "--period" in err
    code, _, err = run(capsys, "export", "results", "--period", "2026-13", "--output",
                       str(tmp_path / "x.xlsx"))
    assert code == 2 and "Ogiltig period" in err
    code, _, err = run(capsys, "export", "results", "--period", "2026-10", "--unit", "NOPE",
                       "--output", str(tmp_path / "x.xlsx"))
    assert code == 2 and "okänd enhet: NOPE" in err
    code, _, err = run(capsys, "export", "decisions", "--output", str(tmp_path / "x.pdf"))
    assert code == 2 and ".xlsx eller .csv" in err
