"""``python -m admin person export|erase EMAIL``: register extract and erasure."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session

from admin.cli import main
from storage.db import sync_url
from storage.models import (
    AgentStateItem,
    AuditEntry,
    ConversationRef,
    DecisionUpdate,
    GoalResult,
    ManagerAssignment,
    OutboxMessage,
    Person,
)
from testing.decision_fixtures import ADELE_AAD, DecisionOrg, seed_decision_org
from testing.harness import ADELE, BotHarness, make_settings
from tests.conftest import fixed_clock

NOW = datetime(2026, 11, 4, 9, 30, tzinfo=UTC)


@pytest.fixture
def org(any_db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, DecisionOrg]]:
    """The decision organisation with traces of Adele everywhere (SQLite and PostgreSQL)."""
    url = any_db_url
    seeded = seed_decision_org(url)
    engine = create_engine(sync_url(url))
    adele = seeded.people["adele"]
    with Session(engine) as session, session.begin():
        session.add(ConversationRef(
            user_key=ADELE_AAD, person_id=adele, conversation_id="a:1on1-adele",
            service_url="https://smba.example/emea/", channel_id="msteams", tenant_id="t",
            reference={"user": {"id": "29:adele", "name": "Adele Vance"}}, updated_at=NOW))
        session.get(Person, adele).teams_user_id = "29:adele"  # type: ignore[union-attr]
        session.add(AgentStateItem(key="msteams/users/29:adele", data={"x": 1}, updated_at=NOW))
        session.add(AgentStateItem(key="msteams/conversations/a:1on1-adele", data={"y": 2},
                                   updated_at=NOW))
        session.add(AgentStateItem(key="msteams/users/29:alex", data={"z": 3}, updated_at=NOW))
        for status in ("pending", "sent"):
            session.add(OutboxMessage(
                dedupe_key=f"prompt:{adele}:2026-10:{status}", kind="prompt", person_id=adele,
                period="2026-10", payload={"text": "Hej Adele Vance! Dags att rapportera."},
                status=status, next_attempt_at=NOW, created_at=NOW,
                sent_at=NOW if status == "sent" else None))
        session.add(AuditEntry(at=NOW, actor_person_id=adele, actor_label="Adele Vance",
                               action="goal_result.update", entity="goal_result",
                               entity_id="1", before={"status": None},
                               after={"status": "green", "by": "adelev@example.com"}))
    engine.dispose()
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("SEED_DEMO", "false")
    monkeypatch.delenv("LANGUAGE", raising=False)
    yield url, seeded


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _session(url: str) -> Session:
    return Session(create_engine(sync_url(url)))


def test_export_is_a_complete_register_extract(org: tuple[str, DecisionOrg], tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "adele.json"
    code, out, _ = run(capsys, "person", "export", "AdeleV@example.com", "--output",
                       str(target))
    assert code == 0 and "Registerutdrag för AdeleV@example.com" in out
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["person"]["email"] == "adelev@example.com"
    assert data["person"]["aad_object_id"] == ADELE_AAD
    assert [a["unit_code"] for a in data["manager_assignments"]] == ["HEM-N"]
    assert {r["goal_ref"] for r in data["results_written"]} == {"G-HEM-N-1", "G-HEM-N-2"}
    assert data["reports"][0]["period"] == "2026-10" and data["reports"][0]["submitted_by_me"]
    assert {c["comment"] for c in data["decision_comments"]} == {
        "Upphandling pågår.", "Rutinen är införd."}
    assert data["teams_conversations"][0]["conversation_id"] == "a:1on1-adele"
    assert len(data["messages"]) == 2
    assert data["audit_entries"][0]["action"] == "goal_result.update"
    # to stdout as well
    code, out, _ = run(capsys, "person", "export", "adelev@example.com")
    assert code == 0 and json.loads(out)["person"]["name"] == "Adele Vance"


def test_unknown_person(org: tuple[str, DecisionOrg], capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "person", "erase", "nobody@example.com")
    assert code == 2 and "Ingen person med e-postadressen nobody@example.com" in err
    code, _, err = run(capsys, "person", "export", "not-an-address")
    assert code == 2 and "e-postadress" in err


def test_dry_run_changes_nothing(org: tuple[str, DecisionOrg],
                                 capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "person", "erase", "adelev@example.com", "--dry-run")
    assert code == 0 and "”Enhetschef, Hemtjänst Norr”" in out
    with _session(org[0]) as session:
        assert session.execute(select(Person.name).where(
            Person.email == "adelev@example.com")).scalar_one() == "Adele Vance"


def test_erase_removes_personal_data_and_keeps_results_by_role(
    org: tuple[str, DecisionOrg], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url, seeded = org
    adele_id = seeded.people["adele"]
    code, out, err = run(capsys, "person", "erase", "adelev@example.com")
    assert code == 0, err
    assert "står nu på ”Enhetschef, Hemtjänst Norr”" in out
    with _session(url) as session:
        person = session.get(Person, adele_id)
        assert person is not None
        assert person.name == "Enhetschef, Hemtjänst Norr"
        assert (person.email, person.aad_object_id, person.teams_user_id) == (None, None, None)
        assert person.erased_at is not None
        assert session.execute(select(func.count()).select_from(ConversationRef)).scalar_one() \
            == 0
        keys = set(session.execute(select(AgentStateItem.key)).scalars())
        assert keys == {"msteams/users/29:alex"}
        messages = session.execute(select(OutboxMessage)).scalars().all()
        assert [(m.status, m.payload) for m in messages] == [("sent", {"erased": True})]
        # results and comments stay, attributed to the anonymised row
        assert session.execute(select(func.count()).select_from(GoalResult).where(
            GoalResult.updated_by_id == adele_id)).scalar_one() == 2
        assert session.execute(select(func.count()).select_from(DecisionUpdate).where(
            DecisionUpdate.person_id == adele_id)).scalar_one() == 2
        # she no longer manages the unit from today
        assignment = session.execute(select(ManagerAssignment).where(
            ManagerAssignment.person_id == adele_id)).scalar_one()
        assert assignment.valid_to is not None
        audit_text = json.dumps([
            [a.actor_label, a.before, a.after, a.details]
            for a in session.execute(select(AuditEntry)).scalars()], ensure_ascii=False)
        assert "Adele" not in audit_text and "adelev@example.com" not in audit_text
        erase = session.execute(select(AuditEntry).where(
            AuditEntry.action == "person.erase")).scalar_one()
        assert erase.entity_id == str(adele_id)
        assert erase.after == {"erased": True, "attributed_to": "Enhetschef, Hemtjänst Norr"}

    # the results export shows the role, not the person
    target = tmp_path / "res.xlsx"
    assert run(capsys, "export", "results", "--period", "2026-10", "--unit", "HEM-N",
               "--output", str(target))[0] == 0
    rows = list(load_workbook(target).worksheets[0].iter_rows(values_only=True))
    header = rows[0]
    who = header.index("Rapporterad av")
    assert {r[who] for r in rows[1:]} == {"Enhetschef, Hemtjänst Norr"}

    # erased people cannot be found again, and the bot no longer knows her
    code, _, err = run(capsys, "person", "erase", "adelev@example.com")
    assert code == 2

    async def ask() -> str:
        async with BotHarness(make_settings(url), clock=fixed_clock()) as bot:
            return (await bot.send(ADELE, "vem är jag")).text

    assert "inte registrerad" in asyncio.run(ask())


def test_role_labels() -> None:
    from services.people_admin import role_label

    assert role_label([("acting", "enhet", "Hemtjänst Syd"), ("manager", "forvaltning",
                                                              "Socialförvaltningen")], "sv") \
        == "Tf. enhetschef, Hemtjänst Syd; Förvaltningschef, Socialförvaltningen"
    assert role_label([], "sv") == "Raderad person"
    assert role_label([("manager", "kommun", "Sjöviks kommun")], "en") == \
        "Municipal manager, Sjöviks kommun"


def test_export_and_erase_cover_individual_goals_checkins_and_reads(
        org: tuple[str, DecisionOrg], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    from storage.models import (
        Employment,
        Goal,
        HrRole,
        IndividualAccess,
        IndividualCheckin,
        IndividualGoal,
    )

    url, seeded = org
    with _session(url) as session, session.begin():
        goal = session.execute(select(Goal).limit(1)).scalar_one()
        emp = Person(name="Erik Medarbetare", email="erik@example.com")
        session.add(emp)
        session.flush()
        session.add(Employment(person_id=emp.id, unit_id=goal.unit_id,
                               valid_from=NOW.date().replace(month=1, day=1), source="import"))
        session.add(HrRole(person_id=emp.id, unit_id=None, valid_from=NOW.date()))
        mine = IndividualGoal(person_id=emp.id, unit_id=goal.unit_id, year=2026, slot=1,
                              unit_goal_id=goal.id, title="Mitt eget mål", created_at=NOW,
                              manager_ok_at=NOW, employee_ok_at=NOW)
        session.add(mine)
        session.flush()
        session.add(IndividualCheckin(person_id=emp.id, unit_id=goal.unit_id, goal_id=mine.id,
                                      period="2026-T3", status="yellow",
                                      comment="Det går framåt", created_at=NOW))
        session.add(IndividualAccess(at=NOW, reader_person_id=seeded.people["adele"],
                                     subject_person_id=emp.id, basis="manager",
                                     what="team_view"))
        emp_id = emp.id
    target = tmp_path / "erik.json"
    code, _, _ = run(capsys, "person", "export", "erik@example.com", "--output", str(target))
    assert code == 0
    data = json.loads(target.read_text(encoding="utf-8"))["individual"]
    assert data["individual_goals"][0]["title"] == "Mitt eget mål"
    assert data["checkins"][0]["comment"] == "Det går framåt"
    assert data["reads_of_my_individual_data"][0]["what"] == "team_view"
    assert data["employments"] and data["hr_roles"]
    code, _, _ = run(capsys, "person", "erase", "erik@example.com")
    assert code == 0
    with _session(url) as session:
        for model in (IndividualGoal, IndividualCheckin, HrRole):
            assert session.execute(select(func.count()).select_from(model)
                                   .where(model.person_id == emp_id)).scalar_one() == 0
        assert session.execute(select(func.count()).select_from(IndividualAccess).where(
            IndividualAccess.subject_person_id == emp_id)).scalar_one() == 0
        open_jobs = session.execute(select(Employment).where(
            Employment.person_id == emp_id, Employment.valid_to.is_(None))).scalars().all()
        assert open_jobs == []


def test_erase_keeps_the_anmalda_delegationsbeslut_and_says_so(
    org: tuple[str, DecisionOrg], capsys: pytest.CaptureFixture[str]
) -> None:
    """The nämnd's list of decisions taken under delegation is an allmän handling: the
    erasure keeps Adele's anmälda beslut (on her role) and the output says so."""
    from datetime import date

    from storage.models import DelegatedDecision, DelegationOrder, DelegationPoint

    url, seeded = org
    adele_id = seeded.people["adele"]
    with _session(url) as session, session.begin():
        order = DelegationOrder(committee="SN", committee_name="Socialnämnden", version=1,
                                valid_from=date(2026, 1, 1), valid_to=None, source="test",
                                imported_at=NOW)
        session.add(order)
        session.flush()
        point = DelegationPoint(order_id=order.id, number="2.1", sort_order=1,
                                matter_group="Bistånd", matter="Beslut om hemtjänst",
                                delegate_role="enhetschef")
        session.add(point)
        session.flush()
        for day in (3, 17):
            session.add(DelegatedDecision(
                point_id=point.id, committee="SN", person_id=adele_id, period="2026-10",
                decided_on=date(2026, 10, day), description="Hemtjänst beviljad",
                reference=None, amount_kr=None, flag=None, created_at=NOW))
    code, out, _ = run(capsys, "person", "erase", "adelev@example.com", "--dry-run")
    assert code == 0 and "2 anmälda delegationsbeslut finns kvar" in out
    code, out, err = run(capsys, "person", "erase", "adelev@example.com")
    assert code == 0, err
    assert ("2 anmälda delegationsbeslut finns kvar: de är nämndens förteckning över beslut "
            "fattade på delegation (KL 7 kap. 8 §) och allmän handling, och står nu på "
            "”Enhetschef, Hemtjänst Norr”.") in out
    with _session(url) as session:
        kept = session.execute(select(DelegatedDecision.person_id)).scalars().all()
        assert kept == [adele_id, adele_id]
        person = session.get(Person, adele_id)
        assert person is not None and person.name == "Enhetschef, Hemtjänst Norr"
