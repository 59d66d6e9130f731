"""The chefsuppdrag: mandate resolution on dates, the delegation import (versions, bad
rows, roles), "får jag besluta om …?" (search quality), the anmälan av
delegationsbeslut in cards and text, and the nämnd's list."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from cards.common import compat_problems
from cards.mandate import committee_list_lines
from dialogs.mandate import parse_report_line
from followup.delegation_text import Analyzer
from followup.mandate import (
    OrderVersion,
    Point,
    RoleGrant,
    check_decision,
    holders,
    holds,
    roles_on,
    version_on,
)
from followup.org import Assignment, OrgTree, Unit
from services import mandate as service
from services.importing import get_kind
from services.importing.runner import format_report, run_import
from storage.db import make_async_engine, make_sessionmaker
from storage.delegation import load_versions
from storage.models import AuditEntry, DelegatedDecision, DelegationOrder, DelegationPoint
from testing.delegation_questions import QUESTIONS
from testing.harness import ADELE, ALEX, BotHarness
from tests.conftest import DEMO_NOW

TODAY = date(2026, 11, 4)


# --- pure mandate resolution ----------------------------------------------------

def _tree() -> OrgTree:
    units = [Unit(1, "K", "Kommun", "kommun", None), Unit(2, "BUF", "BUF", "förvaltning", 1),
             Unit(3, "GR", "Grundskola", "avdelning", 2), Unit(4, "S1", "Skola 1", "enhet", 3),
             Unit(5, "FS", "Förskola", "avdelning", 2), Unit(6, "F1", "Förskola 1", "enhet", 5)]
    return OrgTree.build(units, [
        Assignment(4, 10, "manager", date(2026, 1, 1)),
        Assignment(4, 11, "acting", date(2026, 11, 1), date(2026, 11, 30)),
        Assignment(6, 12, "manager", date(2026, 1, 1)),
    ])


GRANTS = [
    RoleGrant(10, 4, False, date(2026, 1, 1), None, "Rektor"),
    RoleGrant(11, 4, True, date(2026, 11, 1), date(2026, 11, 30), None),
    RoleGrant(12, 6, False, date(2026, 1, 1), None, None),  # role from the job title
]


def _point(role: str, limit: int | None = None, amount: int | None = None) -> Point:
    return Point(1, 1, "BUN", "5.6", "Elevärenden", "Avstängning av elev", "", role, limit,
                 "", amount, False, True, "")


def test_an_acting_manager_holds_the_mandate_during_the_acting_period_only() -> None:
    tree = _tree()
    point = _point("rektor", limit=3)  # case-insensitive role, limited to grundskolan
    on_acting = date(2026, 11, 10)
    assert holds(point, roles_on(11, on_acting, GRANTS, None, tree), tree) is not None
    assert holds(point, roles_on(10, on_acting, GRANTS, None, tree), tree) is None
    assert holders(point, on_acting, GRANTS, {}, tree) == [11]
    after = date(2026, 12, 1)
    assert holders(point, after, GRANTS, {}, tree) == [10]
    assert roles_on(11, after, GRANTS, None, tree) == []


def test_a_role_limited_to_part_of_the_org_and_the_job_title_mapping() -> None:
    tree = _tree()
    on = date(2026, 10, 1)
    in_grundskola = _point("Rektor", limit=3)
    anywhere = _point("Rektor")
    titled = roles_on(12, on, GRANTS, "Rektor", tree)  # förskola, role from the title
    assert holds(anywhere, titled, tree) is not None
    assert holds(in_grundskola, titled, tree) is None
    assert roles_on(12, on, GRANTS, None, tree) == []  # no role at all without a title


def test_amount_limit_flags_and_the_version_applying_on_a_date() -> None:
    tree = _tree()
    held = roles_on(10, date(2026, 10, 1), GRANTS, None, tree)
    point = _point("Rektor", amount=100_000)
    assert check_decision(point, held, tree, 99_000).flag is None
    assert check_decision(point, held, tree, 150_000).flag == "above_amount"
    assert check_decision(_point("Förvaltningschef"), held, tree, None).flag == "not_held"
    versions = [OrderVersion(1, "BUN", 1, date(2026, 1, 1), date(2026, 6, 30)),
                OrderVersion(2, "BUN", 2, date(2026, 7, 1), None)]
    assert version_on(versions, "BUN", date(2026, 6, 30)).id == 1  # type: ignore[union-attr]
    assert version_on(versions, "BUN", date(2026, 7, 1)).id == 2  # type: ignore[union-attr]
    assert version_on(versions, "BUN", date(2025, 12, 31)) is None


def test_swedish_inflections_particle_verbs_and_typos_meet() -> None:
    analyzer = Analyzer()
    target = set(analyzer.index_text("Beslut om tillfällig avstängning av elev"))
    for question in ("avstänga elev", "avstängning av elever", "stänga av en elev"):
        terms = set(analyzer.index_text(question).split())
        assert {"avstäng", "elev"} <= terms, question
    del target
    vocab = Analyzer(vocabulary=frozenset({"trygghetslarm", "skolskjut"}))
    assert vocab.correct("tryghetslarm") == "trygghetslarm"


# --- search quality ------------------------------------------------------------

async def test_search_quality_on_the_demo_ordning(demo_url: str,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    engine = make_async_engine(demo_url)
    sessions = make_sessionmaker(engine)
    try:
        async with sessions() as session:
            versions = [v for v in await load_versions(session) if v.covers(TODAY)]
            points = {p.id: p for p in await service.store.load_points(session, versions)}
            assert len(points) >= 150
            hits = 0
            misses = []
            for question, committee, number in QUESTIONS:
                ids = await service.ranked_points(session, versions, question, 3)
                found = [(points[i].committee, points[i].number) for i in ids]
                if (committee, number) in found:
                    hits += 1
                else:
                    misses.append((question, committee, number, found))
    finally:
        await engine.dispose()
    share = hits / len(QUESTIONS)
    with capsys.disabled():
        print(f"\nsearch quality ({demo_url.split(':')[0]}): {hits}/{len(QUESTIONS)} = "
              f"{share:.1%} right point in the top 3; misses: {misses}")
    assert len(QUESTIONS) >= 40
    assert share >= 0.9, misses


# --- import --------------------------------------------------------------------

HEADER = ("Nämnd;Nämndens namn;Punkt;Ärendegrupp;Ärende;Lagrum;Delegat;Begränsad till enhet;"
          "Ersättare;Beloppsgräns (kr);Vidaredelegation;Anmälan;Anmärkning;Gäller från\n")


def _file(tmp_path: Path, name: str, rows: list[str]) -> Path:
    path = tmp_path / name
    path.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    return path


async def _import(url: str, path: Path, today: date = TODAY) -> Any:
    engine = make_async_engine(url)
    try:
        return await run_import(make_sessionmaker(engine), get_kind("delegation"), path,
                                now=DEMO_NOW, today=today)
    finally:
        await engine.dispose()


async def test_import_versions_and_history(any_db_url: str, tmp_path: Path) -> None:
    rows = ["KN;Kulturnämnden;1.2;Allmänt;Yttrande i remissärenden;;Kulturchef;;;;nej;ja;;"
            "2026-01-01",
            "KN;;1.10;Allmänt;Beslut om bidrag till föreningar;;Kulturchef;;;50000;nej;ja;;"
            "2026-01-01",
            "KN;;1.9;Allmänt;Beslut om öppettider;;Kulturchef;;;;nej;nej;;2026-01-01"]
    first = await _import(any_db_url, _file(tmp_path, "v1.csv", rows))
    assert first.status == "applied" and first.counts.created == 3
    again = await _import(any_db_url, _file(tmp_path, "v1b.csv", rows))
    assert again.status == "applied" and again.counts.changed == 0
    changed = [r.replace("50000", "75000").replace("2026-01-01", "2026-07-01") for r in rows]
    second = await _import(any_db_url, _file(tmp_path, "v2.csv", changed))
    assert second.counts.created == 3 and second.counts.extra["ended"] == 1
    out, _err = format_report(second, "sv")
    assert "Avslutad delegationsordning KN 2026-01-01" in out
    assert "Ny delegationsordning KN 2026-07-01" in out
    engine = make_async_engine(any_db_url)
    sessions = make_sessionmaker(engine)
    try:
        async with sessions() as session:
            orders = list((await session.execute(select(DelegationOrder).order_by(
                DelegationOrder.version))).scalars())
            assert [(o.version, o.valid_from, o.valid_to) for o in orders] == [
                (1, date(2026, 1, 1), date(2026, 6, 30)), (2, date(2026, 7, 1), None)]
            versions = await load_versions(session)
            june = version_on(versions, "KN", date(2026, 6, 15))
            assert june is not None and june.version == 1
            numbers = [p.number for p in (await session.execute(
                select(DelegationPoint).where(DelegationPoint.order_id == orders[1].id)
                .order_by(DelegationPoint.sort_order))).scalars()]
            assert numbers == ["1.2", "1.9", "1.10"]
            audited = [a.action for a in (await session.execute(select(AuditEntry))).scalars()]
            assert "import.delegation" in audited and "import.delegation.ended" in audited
    finally:
        await engine.dispose()


async def test_bad_rows_are_refused_with_row_numbers_and_nothing_is_imported(
        any_db_url: str, tmp_path: Path) -> None:
    rows = ["KN;Kulturnämnden;1.1;Allmänt;Yttrande;;Kulturchef;;;;nej;ja;;2026-01-01",
            "KN;;1.1;Allmänt;Dubblett;;Kulturchef;;;;nej;ja;;2026-01-01",
            "KN;;1.3;Allmänt;;;Kulturchef;NOPE;;-5;nej;ja;;2026-01-01",
            "KN;;x.y!;Allmänt;Konstigt nummer;;;;;;nej;ja;;2026-02-01"]
    report = await _import(any_db_url, _file(tmp_path, "bad.csv", rows))
    assert report.status == "failed"
    _out, err = format_report(report, "sv")
    for row in (3, 4, 5):
        assert f"Rad {row}" in err or f"rad {row}" in err, err
    assert "Inget har importerats" in err, err
    assert "inget punktnummer" in err and "okänd enhet" in err
    engine = make_async_engine(any_db_url)
    try:
        async with make_sessionmaker(engine)() as session:
            assert (await session.execute(select(DelegationOrder))).first() is None
    finally:
        await engine.dispose()


# --- the conversation: mitt uppdrag, får jag besluta, anmäl beslut ------------------

def _card_text(card: dict[str, Any]) -> str:
    return json.dumps(card, ensure_ascii=False)


async def test_mitt_uppdrag_card_with_paging_in_place(demo_bot: BotHarness) -> None:
    reply = await demo_bot.send(ALEX, "mitt uppdrag")
    assert reply.cards, reply.text
    card = reply.cards[0]
    assert not compat_problems(card)
    body = _card_text(card)
    assert "Förvaltningschef" in body and "BUN" in body and "Visa alla" in body
    refreshed = await demo_bot.execute(ALEX, "mandate.group",
                                       {"group": "BUN · Personal", "page": 0})
    assert refreshed.invoke_card is not None
    assert "Visa färre" in _card_text(refreshed.invoke_card)


async def test_far_jag_besluta_says_who_holds_a_point_i_do_not(demo_bot: BotHarness) -> None:
    mine = await demo_bot.send(ADELE, "får jag besluta om placering i förskola")
    assert "Ja, du får besluta" in _card_text(mine.cards[0])
    other = await demo_bot.send(ADELE, "får jag besluta om att stänga av en elev")
    text = _card_text(other.cards[0])
    assert "5.6" in text and "Nej – delegat är Rektor" in text
    assert "Karin" in text  # a grundskola rektor holds it
    nothing = await demo_bot.send(ADELE, "får jag besluta om rymdfärjor")
    assert "hittar inget" in _card_text(nothing.cards[0])
    assert "Lena Bergström" in _card_text(nothing.cards[0])  # her manager: whom to ask


async def test_anmalan_in_text_and_card_with_flags(demo_bot: BotHarness) -> None:
    saved = await demo_bot.send(
        ADELE, "anmäl beslut BUN 4.1 2026-10-12 Plats i förskola från januari dnr BUN "
        "2026/77")
    assert "är anmält" in saved.text and "markerat" not in saved.text
    flagged = await demo_bot.send(ADELE, "anmäl beslut BUN 5.6 2026-10-13 Avstängning "
                                  "av elev två dagar")
    assert "markerat" in flagged.text
    form = await demo_bot.send(ADELE, "anmäl beslut")
    card = form.cards[0]
    assert not compat_problems(card)
    chooser = next(e for e in _walk(card) if e.get("type") == "Input.ChoiceSet")
    assert chooser["choices.data"] == {"type": "Data.Query", "dataset": "delegation.points"}
    search = await demo_bot.post(demo_bot.activity(
        ADELE, type="invoke", name="application/search",
        value={"kind": "search", "queryText": "skolskjuts", "dataset": "delegation.points",
               "queryOptions": {"top": 5, "skip": 0}}))
    assert search.status == 200
    results = search.body["value"]["results"]
    assert any("5.3" in r["title"] for r in results), results
    point_id = next(r["value"] for r in results if "5.3" in r["title"])
    answer = await demo_bot.execute(ADELE, "mandate.report", {
        "period": "2026-10", "point": point_id, "decided_on": "2026-10-20",
        "description": "Skolskjuts för elev", "amount": "2000"})
    refreshed = _card_text(answer.invoke_card or {})
    assert "markerat" in refreshed  # Adele is no verksamhetschef
    none = await demo_bot.execute(ADELE, "mandate.none", {"period": "2026-10"})
    assert "inga beslut" in _card_text(none.invoke_card or {}).lower()
    engine = make_async_engine(demo_bot.settings.database_url)
    try:
        async with make_sessionmaker(engine)() as session:
            rows = list((await session.execute(select(DelegatedDecision).where(
                DelegatedDecision.description.like("%elev%")))).scalars())
    finally:
        await engine.dispose()
    flags = {r.description: r.flag for r in rows}
    assert flags["Avstängning av elev två dagar"] == "not_held"
    assert flags["Skolskjuts för elev"] == "not_held"


def _walk(node: Any) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    if isinstance(node, dict):
        out.append(node)
        for value in node.values():
            out += _walk(value)
    elif isinstance(node, list):
        for value in node:
            out += _walk(value)
    return out


def test_report_line_parsing() -> None:
    parsed = parse_report_line("BUN 5.8 2026-10-2 Ledighet för elev dnr BUN 2026/12 "
                               "belopp 5 000")
    assert parsed is not None
    assert (parsed.committee, parsed.number, parsed.decided_on) == ("BUN", "5.8",
                                                                   date(2026, 10, 2))
    assert (parsed.description, parsed.reference, parsed.amount_kr) == (
        "Ledighet för elev", "BUN 2026/12", 5000)
    assert parse_report_line("något helt annat") is None
    bad = parse_report_line("5.8 2026-13-40 Fel datum")
    assert bad is not None and bad.problem == "mandate.report.bad_date"


async def test_the_committee_list_is_complete_and_in_point_order(demo_url: str) -> None:
    engine = make_async_engine(demo_url)
    sessions = make_sessionmaker(engine)
    try:
        result = await service.committee_list(sessions, "bun", date(2026, 8, 1),
                                              date(2026, 10, 31))
        assert result is not None
        async with sessions() as session:
            stored = list((await session.execute(select(DelegatedDecision).where(
                DelegatedDecision.committee == "BUN",
                DelegatedDecision.decided_on >= date(2026, 8, 1),
                DelegatedDecision.decided_on <= date(2026, 10, 31)))).scalars())
        assert len(result.lines) == len(stored) > 0
        keys = [tuple(int(x) for x in ln.point.number.split(".")) for ln in result.lines]
        assert keys == sorted(keys)
        lines = committee_list_lines(result, "sv")
        assert lines[0].startswith("Barn- och utbildningsnämnden")
        assert await service.committee_list(sessions, "XYZ", date(2026, 8, 1),
                                            date(2026, 10, 31)) is None
    finally:
        await engine.dispose()
    assert datetime.now(UTC) > DEMO_NOW


async def test_anmalan_text_path_answers_in_swedish(demo_bot: BotHarness) -> None:
    ambiguous = await demo_bot.send(ADELE, "anmäl beslut 4.1 2026-10-12 Plats i förskola")
    assert "flera nämnders" in ambiguous.text
    future = await demo_bot.send(ADELE, "anmäl beslut BUN 4.1 2027-01-12 Plats")
    assert "framtiden" in future.text
    usage = await demo_bot.send(ADELE, "anmäl beslut något annat")
    assert "anmäl beslut BUN 5.8" in usage.text
    none = await demo_bot.send(ADELE, "anmäl beslut inga")
    assert "inga beslut på delegation oktober 2026" in none.text
    again = await demo_bot.send(ADELE, "anmäl beslut inga")
    assert "redan bekräftat" in again.text
