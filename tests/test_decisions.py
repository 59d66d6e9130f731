"""Decisions (beslut): status flow, permissions, the Teams conversation, balance, reminders."""

from __future__ import annotations

import importlib.util
import logging
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from followup.decision_rules import (
    ChangeError,
    DecisionRole,
    DecisionStatus,
    check_status_change,
    update_permission,
    visible_unit_ids,
)
from services.decisions import queue_decision_prompts, queue_decision_reminders
from storage.db import make_async_engine, make_sessionmaker, sync_url
from storage.decisions import decision_balance, open_decision_count
from storage.models import AuditEntry, Decision, DecisionUpdate, OrgUnit, OutboxMessage
from storage.org_queries import load_org_tree
from testing.decision_fixtures import ADMIN_AAD, CIA_AAD, DecisionOrg, seed_decision_org
from testing.harness import ADELE, ALEX, MEGAN, STRANGER, BotHarness, ChatUser, make_settings
from tests.conftest import DEMO_NOW, fixed_clock

ADMIN = ChatUser("Ada Admin", ADMIN_AAD)
CIA = ChatUser("Cia Carlsson", CIA_AAD)
TODAY = date(2026, 11, 4)
S, IP, D, C = (DecisionStatus.NOT_STARTED, DecisionStatus.IN_PROGRESS, DecisionStatus.DONE,
               DecisionStatus.CANCELLED)


@pytest.fixture
def org_url(any_db_url: str) -> tuple[str, DecisionOrg]:
    """The decision organisation on SQLite, and PostgreSQL when TEST_POSTGRES_URL is set."""
    return any_db_url, seed_decision_org(any_db_url)


@pytest.fixture
async def decision_bot(org_url: tuple[str, DecisionOrg]) -> AsyncIterator[BotHarness]:
    async with BotHarness(make_settings(org_url[0]), clock=fixed_clock()) as harness:
        yield harness


def _card_text(card: dict[str, Any]) -> str:
    """All visible text of a card (TextBlocks and facts), for assertions."""
    out: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "TextBlock":
                out.append(str(node.get("text", "")))
            if node.get("type") == "FactSet":
                out.extend(f"{f['title']}: {f['value']}" for f in node.get("facts", []))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(card)
    return "\n".join(out)


def _actions(card: dict[str, Any]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "Action.Execute":
                found.append(node)
            for key, value in node.items():
                if key != "fallback":
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(card)
    return found


def _db(url: str) -> Any:
    return create_engine(sync_url(url))


# --------------------------------------------------------------------------- pure rules


@pytest.mark.parametrize(
    ("current", "new", "comment", "role", "expected"),
    [
        (S, IP, "", DecisionRole.MANAGER, None),
        (S, S, "", DecisionRole.MANAGER, None),
        (IP, IP, "Pågår enligt plan", DecisionRole.ACTING, None),
        (IP, S, "Backa", DecisionRole.MANAGER, ChangeError.BACKWARDS),
        (IP, D, "", DecisionRole.MANAGER, ChangeError.COMMENT_REQUIRED),
        (IP, D, "   ", DecisionRole.MANAGER, ChangeError.COMMENT_REQUIRED),
        (IP, D, "Infört i alla grupper", DecisionRole.MANAGER, None),
        (S, C, "", DecisionRole.ACTING, ChangeError.COMMENT_REQUIRED),
        (S, C, "Ersatt av nytt beslut", DecisionRole.ACTING, None),
        (D, IP, "Fel", DecisionRole.MANAGER, ChangeError.CLOSED),
        (D, IP, "", DecisionRole.ADMIN, ChangeError.COMMENT_REQUIRED),
        (D, IP, "Återöppnat enligt KS", DecisionRole.ADMIN, None),
        (IP, S, "Rättelse", DecisionRole.ADMIN, None),
        (S, "klart", "x", DecisionRole.MANAGER, ChangeError.UNKNOWN_STATUS),
        (S, IP, "x" * 2001, DecisionRole.MANAGER, ChangeError.COMMENT_TOO_LONG),
        (S, IP, "", None, ChangeError.NOT_ALLOWED),
    ],
)
def test_status_flow(current: DecisionStatus, new: str, comment: str,
                     role: DecisionRole | None, expected: ChangeError | None) -> None:
    assert check_status_change(current, new, comment, role=role) == expected


async def test_who_may_update_and_who_sees(org_url: tuple[str, DecisionOrg]) -> None:
    url, org = org_url
    engine = make_async_engine(url)
    async with make_sessionmaker(engine)() as session:
        tree = await load_org_tree(session)
    await engine.dispose()
    u, p = org.units, org.people
    assert update_permission(tree, p["adele"], u["HEM-N"], TODAY).role is DecisionRole.MANAGER
    # the leader sees the subtree but does not report for the units below
    assert not update_permission(tree, p["alex"], u["HEM-N"], TODAY).allowed
    assert update_permission(tree, p["alex"], u["HEM-S"], TODAY).role is DecisionRole.ACTING
    assert update_permission(tree, p["alex"], u["HEM-S"], date(2026, 12, 1)).allowed is False
    # The ordinary manager only reads while someone else is acting (issue 11, item 4).
    assert update_permission(tree, p["lee"], u["HEM-S"], TODAY).allowed is False
    assert update_permission(tree, p["lee"], u["HEM-S"], date(2026, 12, 1)).role is (
        DecisionRole.MANAGER)
    assert not update_permission(tree, p["cia"], u["HEM-N"], TODAY).allowed
    assert update_permission(tree, p["cia"], u["HEM-N"], TODAY,
                             is_admin=True).role is DecisionRole.ADMIN
    assert visible_unit_ids(tree, p["alex"], TODAY) == {u["SOC"], u["HEM-N"], u["HEM-S"]}
    assert visible_unit_ids(tree, p["adele"], TODAY) == {u["HEM-N"]}
    assert visible_unit_ids(tree, p["adele"], TODAY, is_admin=True) is None


# --------------------------------------------------------------------------- beslut


async def test_manager_lists_own_open_decisions(decision_bot: BotHarness) -> None:
    reply = await decision_bot.send(ADELE, "beslut")
    assert "Du har 2 öppna beslut" in reply.text
    assert "Ett av dem är försenat" in reply.text
    assert len(reply.cards) == 1
    text = _card_text(reply.cards[0])
    assert "KS 2026/10" in text and "KS 2026/11" in text
    assert "KF 2025/5" not in text  # done
    assert "KF 2026/3" not in text and "BUN 2026/7" not in text  # other units
    assert "20 dagar försenat" in text  # due 15 October, today 4 November
    assert "Upphandling pågår." in text  # latest comment
    assert "Pågår" in text and "Ej påbörjat" in text
    verbs = [a["verb"] for a in _actions(reply.cards[0])]
    assert verbs == ["decision.edit", "decision.edit"]
    # the overdue one comes first
    assert text.index("KS 2026/10") < text.index("KS 2026/11")


async def test_leader_sees_subtree_but_updates_only_own(
    decision_bot: BotHarness, org_url: tuple[str, DecisionOrg]
) -> None:
    org = org_url[1]
    reply = await decision_bot.send(ALEX, "beslut")
    text = _card_text(reply.cards[0])
    assert "Öppna beslut i din del av organisationen" in text
    for ref in ("KS 2026/10", "KS 2026/11", "KS 2026/20", "KF 2026/3"):
        assert ref in text
    assert "BUN 2026/7" not in text
    editable = {a["data"]["decision_id"] for a in _actions(reply.cards[0])}
    assert editable == {org.decisions["KF 2026/3"], org.decisions["KS 2026/20"]}


async def test_stranger_and_unknown_reference(decision_bot: BotHarness) -> None:
    reply = await decision_bot.send(STRANGER, "beslut")
    assert "Jag hittar dig inte" in reply.text
    reply = await decision_bot.send(ADELE, "beslut BUN 2026/7")  # not hers
    assert "hittar inget beslut" in reply.text
    reply = await decision_bot.send(ADELE, "beslut ks 2026/11")
    assert reply.cards and "Utred nattpatrull" in _card_text(reply.cards[0])


async def test_update_one_decision(decision_bot: BotHarness, org_url: tuple[str, DecisionOrg]
                                   ) -> None:
    url, org = org_url
    ks10 = org.decisions["KS 2026/10"]
    reply = await decision_bot.execute(ADELE, "decision.edit", {"decision_id": ks10})
    card = reply.invoke_card
    assert card is not None
    choices = next(e for e in card["body"] if e.get("id") == "status")["choices"]
    # in progress cannot go back to not started
    assert [c["value"] for c in choices] == ["in_progress", "done", "cancelled"]

    # done without a comment is refused, nothing written
    reply = await decision_bot.execute(
        ADELE, "decision.update",
        {"decision_id": ks10, "expected": "in_progress", "status": "done", "comment": ""},
    )
    assert reply.invoke_card is not None
    assert "Skriv en kommentar" in _card_text(reply.invoke_card)
    # a forged backwards move is refused too
    reply = await decision_bot.execute(
        ADELE, "decision.update",
        {"decision_id": ks10, "expected": "in_progress", "status": "not_started"},
    )
    assert "kan inte sättas tillbaka" in _card_text(reply.invoke_card or {})
    engine = _db(url)
    with engine.connect() as conn:
        assert conn.execute(select(Decision.status).where(Decision.id == ks10)).scalar_one() \
            == "in_progress"
    # with a comment it is saved, dated and audited
    reply = await decision_bot.execute(
        ADELE, "decision.update",
        {"decision_id": ks10, "expected": "in_progress", "status": "done",
         "comment": "Alla brukare signerar digitalt."},
    )
    assert "Status för KS 2026/10 är sparad" in _card_text(reply.invoke_card or {})
    with engine.connect() as conn:
        row = conn.execute(select(Decision).where(Decision.id == ks10)).one()
        assert row.status == "done" and row.completed_at is not None
        updates = conn.execute(select(DecisionUpdate).where(
            DecisionUpdate.decision_id == ks10).order_by(DecisionUpdate.id)).all()
        assert updates[-1].comment == "Alla brukare signerar digitalt."
        assert updates[-1].person_id == org.people["adele"]
        assert updates[-1].period == "2026-10"  # the open period
        audit = conn.execute(select(AuditEntry).where(AuditEntry.entity == "decision")).all()
        assert [(a.before, a.after["status"]) for a in audit] == [
            ({"status": "in_progress"}, "done")]
    engine.dispose()
    # once done, the manager cannot change it
    reply = await decision_bot.execute(
        ADELE, "decision.update",
        {"decision_id": ks10, "expected": "done", "status": "in_progress", "comment": "Oj"},
    )
    assert "redan avslutat" in _card_text(reply.invoke_card or {})


async def test_other_units_decision_is_forbidden(
    decision_bot: BotHarness, org_url: tuple[str, DecisionOrg]
) -> None:
    org = org_url[1]
    reply = await decision_bot.execute(
        ADELE, "decision.update",
        {"decision_id": org.decisions["KF 2026/3"], "expected": "not_started",
         "status": "in_progress", "comment": "hack"},
    )
    assert "Du kan inte ändra" in _card_text(reply.invoke_card or {})
    reply = await decision_bot.execute(ADELE, "decision.open", {"unit_id": org.units["SOC"]})
    assert "Du kan inte följa upp besluten för Socialförvaltningen" in _card_text(
        reply.invoke_card or {})


async def test_stale_card_is_refused(decision_bot: BotHarness,
                                     org_url: tuple[str, DecisionOrg]) -> None:
    org = org_url[1]
    ks11 = org.decisions["KS 2026/11"]
    ok = await decision_bot.execute(
        ADELE, "decision.update",
        {"decision_id": ks11, "expected": "not_started", "status": "in_progress",
         "comment": "Utredningen har startat."})
    assert "sparad" in _card_text(ok.invoke_card or {})
    # a second, older card still believes "not started"
    stale = await decision_bot.execute(
        ADELE, "decision.update",
        {"decision_id": ks11, "expected": "not_started", "status": "cancelled",
         "comment": "Behövs inte."})
    assert "Någon annan har ändrat status" in _card_text(stale.invoke_card or {})
    # replaying the very same update (double click) is accepted without a second row
    replay = await decision_bot.execute(
        ADELE, "decision.update",
        {"decision_id": ks11, "expected": "not_started", "status": "in_progress",
         "comment": "Utredningen har startat."})
    assert "sparad" in _card_text(replay.invoke_card or {})
    engine = _db(decision_bot.settings.database_url)
    with engine.connect() as conn:
        rows = conn.execute(select(DecisionUpdate).where(DecisionUpdate.decision_id == ks11)).all()
    engine.dispose()
    assert len(rows) == 1


async def test_monthly_round_then_none_left(decision_bot: BotHarness,
                                            org_url: tuple[str, DecisionOrg]) -> None:
    org = org_url[1]
    skola, bun = org.units["SKOLA"], org.decisions["BUN 2026/7"]
    reply = await decision_bot.execute(CIA, "decision.open",
                                       {"unit_id": skola, "period": "2026-10"})
    card = reply.invoke_card
    assert card is not None
    assert "Beslut att följa upp – Skolan i Sjövik, oktober 2026" in _card_text(card)
    save = _actions(card)[-1]
    assert save["verb"] == "decision.round"
    data = {**save["data"], f"status_{bun}": "done", f"comment_{bun}": ""}
    reply = await decision_bot.execute(CIA, "decision.round", data)
    text = _card_text(reply.invoke_card or {})
    assert "inget är sparat" in text and "Skriv en kommentar" in text
    data[f"comment_{bun}"] = "Läxhjälp finns nu på alla skolor."
    reply = await decision_bot.execute(CIA, "decision.round", data)
    assert "Tack! Status för besluten" in _card_text(reply.invoke_card or {})
    assert "Genomfört" in _card_text(reply.invoke_card or {})
    reply = await decision_bot.send(CIA, "beslut")
    assert reply.text == "Du har inga öppna beslut att verkställa just nu."
    assert not reply.cards


async def test_round_cannot_smuggle_other_units_decisions(
    decision_bot: BotHarness, org_url: tuple[str, DecisionOrg]
) -> None:
    org = org_url[1]
    foreign = org.decisions["KF 2026/3"]
    reply = await decision_bot.execute(
        CIA, "decision.round",
        {"unit_id": org.units["SKOLA"], "period": "2026-10",
         f"expected_{foreign}": "not_started", f"status_{foreign}": "cancelled",
         f"comment_{foreign}": "x"})
    assert "hittar inte det beslutet" in _card_text(reply.invoke_card or {})


async def test_submit_fallback_sends_a_new_card(decision_bot: BotHarness) -> None:
    reply = await decision_bot.submit(ADELE, {"verb": "decision.list"})
    assert reply.cards and "Dina öppna beslut" in _card_text(reply.cards[0])


# --------------------------------------------------------------------------- nytt beslut


async def test_new_decision_is_admin_only(decision_bot: BotHarness,
                                          org_url: tuple[str, DecisionOrg],
                                          caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="dialogs.decisions")
    reply = await decision_bot.send(ADELE, "nytt beslut")
    assert "bara för administratörer" in reply.text
    assert not reply.cards
    forged = await decision_bot.execute(ADELE, "decision.create", {
        "reference": "KS 2026/99", "decided_on": "2026-10-01", "decided_by": "KS",
        "title": "Smygbeslut", "unit": "HEM-N"})
    assert "bara för administratörer" in _card_text(forged.invoke_card or {})
    engine = _db(org_url[0])
    with engine.connect() as conn:
        assert conn.execute(select(Decision).where(
            Decision.reference == "KS 2026/99")).first() is None
    engine.dispose()
    refusals = [r.getMessage() for r in caplog.records if r.name == "dialogs.decisions"]
    assert any(m.startswith("nytt beslut refused") for m in refusals)
    assert any(m.startswith("decision.create refused") for m in refusals)
    assert not any("Adele" in m for m in refusals)  # a person id, no name in the log


async def test_admin_registers_a_decision(decision_bot: BotHarness,
                                          org_url: tuple[str, DecisionOrg]) -> None:
    url = org_url[0]
    reply = await decision_bot.send(ADMIN, "nytt beslut")
    card = reply.cards[0]
    ids = {e.get("id") for e in card["body"]}
    assert {"reference", "decided_on", "decided_by", "title", "unit", "due_date"} <= ids
    unit_choices = next(e for e in card["body"] if e.get("id") == "unit")["choices"]
    assert {"title": "Sjöviks kommun › Socialförvaltningen › Hemtjänst Norr (HEM-N)",
            "value": "HEM-N"} in unit_choices

    bad = await decision_bot.execute(ADMIN, "decision.create", {
        "reference": "KS 2026/10", "decided_on": "2026-13-01", "decided_by": "",
        "title": "Ny rutin", "unit": "NOPE", "due_date": "2026-01-01"})
    text = _card_text(bad.invoke_card or {})
    assert "Skriv datumet som ÅÅÅÅ-MM-DD." in text
    assert "Okänd enhet." in text
    assert "Fältet måste fyllas i." in text
    dup = await decision_bot.execute(ADMIN, "decision.create", {
        "reference": "ks 2026/10", "decided_on": "2026-10-01", "decided_by": "KS",
        "title": "Ny rutin", "unit": "HEM-N"})
    assert "Det finns redan ett beslut med det diarienumret." in _card_text(dup.invoke_card or {})

    ok = await decision_bot.execute(ADMIN, "decision.create", {
        "reference": "KS 2026/101", "decided_on": "2026-10-20", "decided_by": "KS",
        "title": "Ny rutin för nyckelhantering", "assignment": "Ta fram en rutin.",
        "unit": "HEM-N", "due_date": "2027-03-31"})
    assert "Beslutet är registrerat." in _card_text(ok.invoke_card or {})
    engine = _db(url)
    with Session(engine) as session:
        decision, code = session.execute(select(Decision, OrgUnit.code).join(
            OrgUnit, OrgUnit.id == Decision.unit_id).where(
            Decision.reference == "KS 2026/101")).one()
        assert code == "HEM-N" and decision.status == "not_started"
        assert decision.due_date == date(2027, 3, 31)
        assert session.execute(select(AuditEntry.action).where(
            AuditEntry.entity == "decision").where(
            AuditEntry.entity_id == str(decision.id))).scalar_one() == "decision.create"
    engine.dispose()
    # Adele now has three open decisions
    reply = await decision_bot.send(ADELE, "beslut")
    assert "Du har 3 öppna beslut" in reply.text


# --------------------------------------------------------------------------- balance, queues


async def test_decision_balance(org_url: tuple[str, DecisionOrg]) -> None:
    url, _org = org_url
    engine = make_async_engine(url)
    async with make_sessionmaker(engine)() as session:
        soc_path = (await session.execute(
            select(OrgUnit.path).where(OrgUnit.code == "SOC"))).scalar_one()
        soc = await decision_balance(session, soc_path, DEMO_NOW)
        everything = await decision_balance(session, "/", DEMO_NOW)
        june = await decision_balance(session, "/", datetime(2026, 6, 25, 12, tzinfo=UTC),
                                      tz=ZoneInfo("Europe/Stockholm"))
    await engine.dispose()
    assert (soc.open, soc.overdue, soc.done_this_month) == (4, 1, 0)
    assert soc.oldest_open_reference == "KF 2026/3"
    assert soc.oldest_open_age_days(TODAY) == (TODAY - date(2026, 1, 28)).days
    assert (everything.open, everything.overdue) == (7, 2)  # KLK's two are not overdue
    assert june.done_this_month == 1  # KF 2025/5 was done 20 June


async def test_overdue_reminders_are_queued_once_in_allowed_hours(
    org_url: tuple[str, DecisionOrg]
) -> None:
    url, org = org_url
    from followup.calendar import CalendarConfig

    cfg = CalendarConfig()
    saturday = datetime(2026, 11, 7, 10, 0, tzinfo=UTC)
    engine = make_async_engine(url)
    async with make_sessionmaker(engine)() as session:
        assert await queue_decision_reminders(session, now=saturday, calendar=cfg,
                                              lang="sv") == 2
        await session.commit()
        assert await queue_decision_reminders(session, now=saturday, calendar=cfg,
                                              lang="sv") == 0
        rows = (await session.execute(
            select(OutboxMessage).order_by(OutboxMessage.person_id))).scalars().all()
    await engine.dispose()
    assert {(r.kind, r.person_id, r.unit_id) for r in rows} == {
        ("decision_reminder", org.people["adele"], org.units["HEM-N"]),
        ("decision_reminder", org.people["cia"], org.units["SKOLA"]),
    }
    monday_7 = datetime(2026, 11, 9, 6, 0, tzinfo=UTC)  # 07:00 in Stockholm
    assert all(r.next_attempt_at == monday_7 for r in rows)
    adele = next(r for r in rows if r.person_id == org.people["adele"])
    assert adele.payload["text"] == "1 beslut för Hemtjänst Norr har passerat sitt slutdatum."
    card = adele.payload["card"]
    assert "KS 2026/10" in _card_text(card) and "KS 2026/11" not in _card_text(card)
    assert _actions(card)[0]["verb"] == "decision.open"


async def test_monthly_prompt_goes_to_the_unit_without_goals(
    decision_bot: BotHarness, org_url: tuple[str, DecisionOrg]
) -> None:
    """KLK has open decisions but no goals: its manager gets a decision card of its own;
    the units with goals get theirs inside the monthly report instead."""
    url, org = org_url
    from followup.calendar import CalendarConfig

    cfg = CalendarConfig()
    engine = make_async_engine(url)
    async with make_sessionmaker(engine)() as session:
        assert await queue_decision_prompts(session, period="2026-10", now=DEMO_NOW,
                                            calendar=cfg, lang="sv") == 1
        await session.commit()
        assert await queue_decision_prompts(session, period="2026-10", now=DEMO_NOW,
                                            calendar=cfg, lang="sv") == 0  # once a period
        rows = (await session.execute(select(OutboxMessage))).scalars().all()
    await engine.dispose()
    assert [(r.kind, r.person_id, r.unit_id, r.period) for r in rows] == [
        ("decision_prompt", org.people["megan"], org.units["KLK"], "2026-10")]
    prompt = rows[0]
    assert prompt.next_attempt_at == DEMO_NOW  # a Wednesday morning: sent right away
    assert prompt.payload["text"] == (
        "Dags att följa upp 2 öppna beslut för Kommunledningskontoret.")
    card = prompt.payload["card"]
    text = _card_text(card)
    assert "Beslut att följa upp – Kommunledningskontoret, oktober 2026" in text
    assert "Ny arkivplan" in text and "Översyn av delegationsordningen" in text
    for other in ("KS 2026/10", "KS 2026/11", "KS 2026/20", "KF 2026/3", "BUN 2026/7"):
        assert other not in text
    save = _actions(card)[-1]
    klk30, klk31 = org.decisions["KS 2026/30"], org.decisions["KS 2026/31"]
    assert save["verb"] == "decision.round"
    assert save["data"] == {"unit_id": org.units["KLK"], "period": "2026-10",
                            f"expected_{klk30}": "in_progress",
                            f"expected_{klk31}": "not_started"}
    # the recipient can answer on the card itself
    data = {**save["data"], f"status_{klk30}": "in_progress",
            f"comment_{klk30}": "Remiss ute hos förvaltningarna.",
            f"status_{klk31}": "in_progress"}
    reply = await decision_bot.execute(MEGAN, "decision.round", data)
    assert "Tack! Status för besluten" in _card_text(reply.invoke_card or {})
    sync = _db(url)
    with sync.connect() as conn:
        periods = conn.execute(select(DecisionUpdate.period).where(
            DecisionUpdate.decision_id.in_([klk30, klk31]))).scalars().all()
    sync.dispose()
    assert periods == ["2026-10", "2026-10"]


async def test_monthly_prompts_skip_units_that_report_goals(
    org_url: tuple[str, DecisionOrg]
) -> None:
    url, org = org_url
    from followup.calendar import CalendarConfig

    cfg = CalendarConfig()
    engine = make_async_engine(url)
    async with make_sessionmaker(engine)() as session:
        assert await queue_decision_prompts(session, period="2026-10", now=DEMO_NOW,
                                            calendar=cfg, lang="sv") == 1  # KLK only
        assert await queue_decision_prompts(session, period="2026-10", now=DEMO_NOW,
                                            calendar=cfg, lang="sv",
                                            include_units_with_goals=True) == 4
        rows = (await session.execute(select(OutboxMessage))).scalars().all()
    await engine.dispose()
    assert {r.unit_id for r in rows} == {org.units[c] for c in
                                         ("KLK", "HEM-N", "HEM-S", "SOC", "SKOLA")}
    hem_s = next(r for r in rows if r.unit_id == org.units["HEM-S"])
    assert hem_s.person_id == org.people["alex"]  # the acting manager gets it
    assert hem_s.payload["text"] == "Dags att följa upp ett öppet beslut för Hemtjänst Syd."


async def test_open_count_for_the_report_button_can_leave_out_reported_ones(
    decision_bot: BotHarness, org_url: tuple[str, DecisionOrg]
) -> None:
    """``open_decision_count(..., period=)``: what is still without a status this month."""
    url, org = org_url
    hem_n = org.units["HEM-N"]
    ks10, ks11 = org.decisions["KS 2026/10"], org.decisions["KS 2026/11"]

    async def counts(period: str = "2026-10") -> tuple[int, int]:
        engine = make_async_engine(url)
        async with make_sessionmaker(engine)() as session:
            result = (await open_decision_count(session, hem_n),
                      await open_decision_count(session, hem_n, period=period))
        await engine.dispose()
        return result

    assert await counts() == (2, 2)  # KS 2026/10's comment is September's
    reply = await decision_bot.execute(
        ADELE, "decision.update",
        {"decision_id": ks10, "expected": "in_progress", "status": "in_progress",
         "comment": "Avtal klart i december."})
    assert "sparad" in _card_text(reply.invoke_card or {})
    assert await counts() == (2, 1)
    # "unchanged" is a status report too
    reply = await decision_bot.execute(
        ADELE, "decision.round",
        {"unit_id": hem_n, "period": "2026-10", f"expected_{ks11}": "not_started",
         f"status_{ks11}": "not_started"})
    assert "Tack! Status för besluten" in _card_text(reply.invoke_card or {})
    assert await counts() == (2, 0)
    assert await counts("2026-11") == (2, 2)  # next month starts over


async def test_hostile_card_data_gets_an_answer_and_writes_nothing(
    decision_bot: BotHarness, org_url: tuple[str, DecisionOrg]
) -> None:
    """Ids too big for the database, non-ASCII digits and malformed periods used to end
    in a server error (an overflow in the driver, ValueError from int() or from
    format_period); now they are unknown ids / the open period."""
    url, org = org_url
    skola, bun = org.units["SKOLA"], org.decisions["BUN 2026/7"]
    cases: list[tuple[str, dict[str, Any]]] = [
        ("decision.edit", {"decision_id": 2**65}),
        ("decision.edit", {"decision_id": 2**40}),  # beyond a PostgreSQL integer
        ("decision.edit", {"decision_id": "²"}),
        ("decision.edit", {"decision_id": "9" * 5000}),
        ("decision.edit", {"decision_id": 0}),
        ("decision.update", {"decision_id": 2**65, "status": "done", "comment": "x"}),
        ("decision.open", {"unit_id": 2**65}),
        ("decision.open", {"unit_id": skola, "period": "abc"}),
        ("decision.open", {"unit_id": skola, "period": "2026-13"}),
        ("decision.round", {"unit_id": skola, "period": "abc", f"expected_{bun}": "x",
                            f"status_{bun}": "done"}),
        ("decision.round", {"unit_id": skola, "period": "2026-10",
                            f"expected_{2**65}": "not_started"}),
        ("decision.round", {"unit_id": skola, "period": "2026-10", "expected_²": "x"}),
        ("decision.round", {"unit_id": skola, "period": "2026-13",
                            f"expected_{bun}": "not_started", f"status_{bun}": "in_progress"}),
    ]
    for verb, data in cases:
        reply = await decision_bot.execute(CIA, verb, data)
        assert reply.status == 200 and reply.invoke_card is not None, (verb, data)
    opened = await decision_bot.execute(CIA, "decision.open",
                                        {"unit_id": skola, "period": "2026-13"})
    assert "Skolan i Sjövik, oktober 2026" in _card_text(opened.invoke_card or {})
    engine = _db(url)
    with engine.connect() as conn:
        assert conn.execute(select(DecisionUpdate).where(
            DecisionUpdate.decision_id == bun)).first() is None
    # a forged period is not stored: the report is for the open period
    reply = await decision_bot.execute(
        CIA, "decision.update",
        {"decision_id": bun, "expected": "not_started", "status": "in_progress",
         "period": "x" * 40})
    assert "sparad" in _card_text(reply.invoke_card or {})
    with engine.connect() as conn:
        assert conn.execute(select(DecisionUpdate.period).where(
            DecisionUpdate.decision_id == bun)).scalars().all() == ["2026-10"]
    engine.dispose()


# --------------------------------------------------------------------------- demo kommun


@pytest.mark.skipif(importlib.util.find_spec("demo.seed") is None,
                    reason="demo.seed not available")
async def test_demo_manager_types_beslut(demo_bot: BotHarness) -> None:
    engine = _db(demo_bot.settings.database_url)
    from storage.models import ManagerAssignment, Person

    with Session(engine) as session:
        person = session.execute(select(Person).where(
            Person.aad_object_id == ADELE.aad_object_id)).scalar_one()
        unit_ids = [a.unit_id for a in session.execute(select(ManagerAssignment).where(
            ManagerAssignment.person_id == person.id)).scalars()]
        expected = sorted(session.execute(select(Decision.reference).where(
            Decision.unit_id.in_(unit_ids)).where(
            Decision.status.in_(["not_started", "in_progress"]))).scalars())
    engine.dispose()
    reply = await demo_bot.send(ADELE, "beslut")
    if not expected:
        assert "inga öppna beslut" in reply.text
    else:
        text = _card_text(reply.cards[0])
        for reference in expected:
            assert reference in text


# --------------------------------------------------------------------------- card size


def test_cards_stay_far_below_the_teams_size_limit() -> None:
    from cards.common import MAX_MESSAGE_BYTES, message_bytes
    from cards.decisions import decision_list_card, decision_round_card, new_decision_card
    from followup.decision_rules import DecisionInfo

    long = "Lång text " * 400
    many = [
        DecisionInfo(id=i, reference=f"KS 2026/{i}", decided_on=date(2026, 1, 1),
                     decided_by="Kommunstyrelsen", title=long[:300], assignment=long,
                     unit_id=1, unit_code="HEM-N", unit_name="Hemtjänst Norr",
                     due_date=date(2026, 6, 30), status=DecisionStatus.IN_PROGRESS,
                     created_at=DEMO_NOW, last_comment=long[:2000], last_comment_at=DEMO_NOW,
                     last_comment_by="Adele Vance")
        for i in range(200)
    ]
    for card in (
        decision_list_card("sv", many, TODAY, title="Beslut"),
        decision_round_card("sv", "Hemtjänst Norr", 1, "2026-10", many, TODAY),
        new_decision_card("sv", [(f"U{i}", "Kommun › Förvaltning › " + "x" * 80)
                                 for i in range(2000)]),
    ):
        assert message_bytes(card) <= MAX_MESSAGE_BYTES, message_bytes(card)
    listed = _card_text(decision_list_card("sv", many, TODAY, title="Beslut"))
    shown = listed.count("**KS 2026/")
    assert 10 <= shown < 40  # fewer than the 40 a list holds: the texts are long
    assert f"… och {200 - shown} beslut till" in listed


async def test_a_long_round_is_reported_in_parts(decision_bot: BotHarness,
                                                 org_url: tuple[str, DecisionOrg]) -> None:
    url, org = org_url
    engine = _db(url)
    with Session(engine) as session, session.begin():
        for i in range(22):
            session.add(Decision(reference=f"BUN 2026/{100 + i}", decided_on=date(2026, 3, 1),
                                 decided_by="BUN", title=f"Uppdrag {i}", assignment="",
                                 unit_id=org.units["SKOLA"], status="not_started",
                                 created_at=DEMO_NOW))
    engine.dispose()
    first = await decision_bot.execute(CIA, "decision.open",
                                       {"unit_id": org.units["SKOLA"], "period": "2026-10"})
    card = first.invoke_card or {}
    save = _actions(card)[-1]
    shown = [k[len("expected_"):] for k in save["data"] if k.startswith("expected_")]
    assert len(shown) == 20
    data = {**save["data"], **{f"status_{i}": "in_progress" for i in shown}}
    done = await decision_bot.execute(CIA, "decision.round", data)
    text = _card_text(done.invoke_card or {})
    assert "3 beslut till väntar på status" in text
    more = _actions(done.invoke_card or {})[0]
    assert more["verb"] == "decision.open"
    second = await decision_bot.execute(CIA, "decision.open", more["data"])
    rest = [k[len("expected_"):] for k in _actions(second.invoke_card or {})[-1]["data"]
            if k.startswith("expected_")]
    assert set(rest[:3]).isdisjoint(shown)
