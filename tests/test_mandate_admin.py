"""The chefsuppdrag's admin side on the demo kommun: templates, roles through the manager
import and the job-title table, the acting manager's mandate, and ``delegation-list``."""

from __future__ import annotations

import asyncio
import json
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from admin.cli import main
from services import mandate as service
from storage.db import make_async_engine, make_sessionmaker, sync_url
from storage.models import ManagerAssignment, OrgUnit, Person

TODAY = date(2026, 11, 4)


@pytest.fixture
def cli(demo_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("DATABASE_URL", demo_url)
    monkeypatch.setenv("SEED_DEMO", "false")
    monkeypatch.delenv("LANGUAGE", raising=False)
    return demo_url


def _person(url: str, email: str) -> tuple[int, str, date]:
    """(person id, code of the unit they manage, that assignment's first day)."""
    engine = create_engine(sync_url(url))
    with Session(engine) as session:
        person = session.execute(select(Person).where(Person.email == email)).scalar_one()
        a, code = session.execute(
            select(ManagerAssignment, OrgUnit.code).join(
                OrgUnit, OrgUnit.id == ManagerAssignment.unit_id)
            .where(ManagerAssignment.person_id == person.id,
                   ManagerAssignment.role == "manager")).first()  # type: ignore[misc]
        result = (person.id, code, a.valid_from)
    engine.dispose()
    return result


def _points(url: str, person_id: int, on: date = TODAY) -> int:
    async def count() -> int:
        engine = make_async_engine(url)
        try:
            view = await service.mandate(make_sessionmaker(engine), person_id, on)
        finally:
            await engine.dispose()
        return len(view.points)

    return asyncio.run(count())


def test_templates_for_delegation_and_roles(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["template", "delegation", str(tmp_path / "d.xlsx")]) == 0
    sheet = load_workbook(tmp_path / "d.xlsx").worksheets[0]
    headers = [c.value for c in sheet[1]]
    assert headers[:5] == ["Nämnd", "Nämndens namn", "Punkt", "Ärendegrupp", "Ärende"]
    assert "Beloppsgräns (kr)" in headers and "Gäller från" in headers
    assert main(["template", "roles", str(tmp_path / "r.csv")]) == 0
    capsys.readouterr()


def test_roles_from_the_manager_import_and_the_job_title_table(
        cli: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    person_id, code, since = _person(cli, "adelev@example.com")
    assert _points(cli, person_id) > 0  # demo: Rektor via her assignment
    managers = tmp_path / "chefer.csv"
    managers.write_text("Enhetskod;E-post;Roll;Från och med;Till och med;"
                        "Roll i delegationsordningen\n"
                        f"{code};adelev@example.com;chef;{since.isoformat()};;\n",
                        encoding="utf-8")
    assert main(["import", "managers", str(managers)]) == 0
    assert "Roll i delegationsordningen" in capsys.readouterr().out
    assert _points(cli, person_id) == 0  # no role now: nothing delegated
    roles = tmp_path / "roller.csv"
    roles.write_text("Befattning;Roll i delegationsordningen\n"
                     "Förskolechef,  Förskolan Solrosen;Rektor\n", encoding="utf-8")
    assert main(["import", "roles", str(roles)]) == 0
    assert _points(cli, person_id) > 0  # the job title gives Rektor again
    bad = tmp_path / "roller2.csv"
    bad.write_text("Befattning;Roll i delegationsordningen\nRektor;\nRektor;Rektor\n",
                   encoding="utf-8")
    assert main(["import", "roles", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "Rad 2" in err and "Rad 3" in err


async def test_the_acting_manager_holds_the_mandate_during_the_acting_period(
        demo_url: str) -> None:
    engine = make_async_engine(demo_url)
    sessions = make_sessionmaker(engine)
    try:
        async with sessions() as session:
            jonas = (await session.execute(select(Person.id).where(
                Person.name == "Jonas Ek"))).scalar_one()
            unit = (await session.execute(select(OrgUnit.id).where(
                OrgUnit.code == "BUF-FS-03"))).scalar_one()
            manager = (await session.execute(select(ManagerAssignment.person_id).where(
                ManagerAssignment.unit_id == unit, ManagerAssignment.role == "manager",
                ManagerAssignment.valid_to.is_(None)))).scalar_one()
        acting = await service.mandate(sessions, jonas, TODAY)
        assert [u.acting for u in acting.units] == [True]
        assert acting.units[0].role == "Rektor"  # the role of the manager he stands in for
        assert any(p.point.number == "4.1" for p in acting.points)
        ordinary = await service.mandate(sessions, manager, TODAY)
        assert ordinary.points == [] and ordinary.my_deputies
        later = await service.mandate(sessions, jonas, date(2027, 3, 1))
        assert later.points == []
        assert (await service.mandate(sessions, manager, date(2027, 3, 1))).points
    finally:
        await engine.dispose()


def test_delegation_list_command(cli: str, tmp_path: Path,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    out_file = tmp_path / "bun.xlsx"
    code = main(["delegation-list", "--nämnd", "BUN", "--from", "2026-10-01", "--to",
                 "2026-10-31", "--excel", str(out_file)])
    out = capsys.readouterr().out
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("Barn- och utbildningsnämnden: anmälda delegationsbeslut")
    numbers = [tuple(int(x) for x in ln.split("\t")[0].split(".")) for ln in lines[1:]
               if "\t" in ln]
    assert numbers and numbers == sorted(numbers)
    rows = list(load_workbook(out_file).worksheets[0].iter_rows(values_only=True))
    assert rows[0][0] == "Punkt" and len(rows) - 1 == len(numbers)
    assert main(["delegation-list", "--nämnd", "XYZ", "--from", "2026-10-01", "--to",
                 "2026-10-31"]) != 0
    assert "XYZ" in capsys.readouterr().err


def test_the_register_extract_holds_the_anmalda_beslut(cli: str,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["person", "export", "karin.nystrom@example.com"]) == 0
    extract = json.loads(capsys.readouterr().out)
    assert extract["delegated_decisions"]
    assert {d["committee"] for d in extract["delegated_decisions"]} == {"BUN"}
    assert extract["manager_assignments"][0]["delegation_role"] == "Rektor"
