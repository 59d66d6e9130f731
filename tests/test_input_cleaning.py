"""Bad input is refused at its field or cleaned, never stored oddly (issue 10 §3).

* card inputs are typed: a text field takes a string only - a number, list or object
  gets a Swedish message at that field, and nothing is stored (it used to be saved as
  Python text such as ``"{'$gt': ''}"``);
* text cleaning removes control, bidi and zero-width characters and keeps Swedish and
  Sami letters, so a stored text displays as it reads;
* numbers are ASCII digits with comma or point (no Arabic-Indic or full-width digits);
* the review card names the real problem of a bad value, not "måluppfyllelse saknas".

Pure rules first, then the same over real HTTP against the app (BotHarness).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy import create_engine, func, select

from cards.report import read_goal_inputs
from followup.report_rules import GoalForm, RawGoalInput, validate_goal
from followup.sv_format import parse_decimal
from followup.text_input import clean_text
from storage.db import sync_url
from storage.models import AuditEntry, Decision, DecisionUpdate, GoalResult
from testing.db_snapshot import DOMAIN_TABLES, table_digests
from testing.decision_fixtures import ADMIN_AAD, DecisionOrg, seed_decision_org
from testing.harness import ADELE, ALEX, BotHarness, ChatUser, make_settings
from tests.conftest import fixed_clock
from tests.test_report_flow import (
    fill_green,
    goal_ids,
    has_value_input,
    input_values,
    start_report,
    to_review,
)

HOSTILE_OBJECT = {"$gt": ""}
SAMI_AND_SWEDISH = "Sámi: áčđŋšŧž ÁČĐŊŠŦŽ – svenska: åäö ÅÄÖ é ü"


# --------------------------------------------------------------------------- pure rules


@pytest.mark.parametrize(("typed", "stored"), [
    ("Bra\u202e resultat", "Bra resultat"),  # right-to-left override
    ("\u2066isolerad\u2069 text\u200f", "isolerad text"),  # isolates, RLM
    ("noll\u200bbredd\u200c\u200d\u2060\ufeff", "nollbredd"),  # zero-width, BOM
    ("C1\x85rad\x9bx\x80", "C1\nradx"),  # NEL is a line break, other C1 go
    ("klocka\x07 och\x1b esc\x7f", "klocka och esc"),
    ("tab\toch\r\nrad\rny\u2028sep", "tab\toch\nrad\nny\nsep"),
    ("lone \ud800 surrogate", "lone  surrogate"),
    ("mjuk\u00adbindestreck", "mjukbindestreck"),
    ("a\u030angström", "ångström"),  # composed (NFC)
    (SAMI_AND_SWEDISH, SAMI_AND_SWEDISH),
    ("  emoji 👩\u200d💻 kvar  ", "emoji 👩💻 kvar"),
])
def test_clean_text(typed: str, stored: str) -> None:
    assert clean_text(typed) == stored


@pytest.mark.parametrize("text", ["١٢", "۱۲", "１２", "१२", "12,٥", "٣.5", "1 ٢٣٤", "𝟙𝟚"])
def test_numbers_are_ascii_digits_only(text: str) -> None:
    with pytest.raises(ValueError, match="inte ett tal"):
        parse_decimal(text)
    assert parse_decimal("12,5") == 12.5 and parse_decimal("12.5") == 12.5


GOAL = GoalForm(goal_id=7, perspective="citizens", title="Nöjda brukare",
                indicator_name="Andel", indicator_unit="%", target=90.0)


@pytest.mark.parametrize("field", ["analysis", "actions", "value", "status"])
@pytest.mark.parametrize("sent", [HOSTILE_OBJECT, ["a", "b"], 12, 1.5, True])
def test_a_text_field_takes_a_string_only(field: str, sent: Any) -> None:
    inputs = read_goal_inputs({f"g7.{field}": sent, "g7.analysis2": "ignored"})
    assert inputs == {7: RawGoalInput(refused=frozenset({field}))}
    merged, errors = validate_goal(GOAL, inputs[7])
    assert [(e.field, e.key) for e in errors] == [
        (field, "report.error.status_invalid" if field == "status"
         else "report.error.not_text")]
    assert "{" not in merged.analysis + merged.actions


# --------------------------------------------------------------------------- report cards over HTTP


def _count(url: str, model: type) -> int:
    engine = create_engine(sync_url(url))
    with engine.connect() as conn:
        n = int(conn.execute(select(func.count()).select_from(model)).scalar_one())
    engine.dispose()
    return n


async def _step(bot: BotHarness, card: dict[str, Any], verb: str,
                fill: dict[str, Any]) -> dict[str, Any]:
    action = next(a for a in _actions(card) if a["verb"] == verb)
    data = {**action["data"], **input_values(card), **fill}
    reply = await bot.execute(ALEX, verb, data)
    assert reply.status == 200, reply.body
    assert reply.invoke_card is not None, reply.body
    return reply.invoke_card


def _actions(node: Any) -> list[dict[str, Any]]:
    if isinstance(node, dict):
        own = [node] if node.get("type") == "Action.Execute" else []
        return own + [a for k, v in node.items() if k != "fallback" for a in _actions(v)]
    if isinstance(node, list):
        return [a for v in node for a in _actions(v)]
    return []


def _texts(card: dict[str, Any]) -> str:
    if isinstance(card, dict):
        own = [str(card.get("text", ""))] if card.get("type") == "TextBlock" else []
        return "\n".join(own + [_texts(v) for v in card.values()])
    if isinstance(card, list):
        return "\n".join(_texts(v) for v in card)
    return ""


async def test_objects_and_lists_in_text_fields_are_refused_at_the_field(
    demo_bot: BotHarness
) -> None:
    url = demo_bot.settings.database_url
    card = await start_report(demo_bot)
    before = table_digests(url, DOMAIN_TABLES)
    first, second = goal_ids(card)[:2]
    fill = {**fill_green(card), f"g{first}.analysis": HOSTILE_OBJECT,
            f"g{second}.actions": ["Åtgärd 1", "Åtgärd 2"]}
    back = await _step(demo_bot, card, "report.step", fill)
    text = _texts(back)
    assert "Steg 1 av 6: Medborgare" in text
    # at each of the two fields (the error summaries at the top and above the buttons
    # name the same two)
    assert text.count("⚠ Fältet tar bara emot text. Skriv in texten igen.") == 2
    assert "$gt" not in str(back) and "Åtgärd 1" not in str(back)
    assert table_digests(url, DOMAIN_TABLES) == before


async def test_invisible_characters_are_not_stored(demo_bot: BotHarness) -> None:
    url = demo_bot.settings.database_url
    card = await start_report(demo_bot)
    first = goal_ids(card)[0]
    fill = {**fill_green(card),
            f"g{first}.analysis": f"Bra\u202e läge\u200b {SAMI_AND_SWEDISH}\x9b"}
    after = await _step(demo_bot, card, "report.save", fill)
    assert "Utkastet sparades" in _texts(after)
    engine = create_engine(sync_url(url))
    with engine.connect() as conn:
        analyses = set(conn.execute(select(GoalResult.analysis)).scalars())
        audited = [str(a) for a in conn.execute(select(AuditEntry.after)).scalars()]
    engine.dispose()
    assert f"Bra läge {SAMI_AND_SWEDISH}" in analyses
    assert not any(ch in "".join(analyses) + "".join(audited)
                   for ch in "\u202e\u200b\x9b")


async def test_digits_of_other_scripts_are_not_a_number(demo_bot: BotHarness) -> None:
    url = demo_bot.settings.database_url
    card = await start_report(demo_bot)
    before = table_digests(url, DOMAIN_TABLES)
    first = next(g for g in goal_ids(card) if has_value_input(card, g))
    back = await _step(demo_bot, card, "report.step",
                       {**fill_green(card), f"g{first}.value": "١٢"})
    assert "”١٢” är inte ett tal" in _texts(back)
    assert table_digests(url, DOMAIN_TABLES) == before


async def test_the_review_card_names_the_real_problem_of_a_bad_value(
    demo_bot: BotHarness
) -> None:
    """A submit that carries a bad value (a client may send inputs with it): the review
    card says what is wrong with the value, not that the goal attainment is missing."""
    # every goal filled in, the Delegationsbeslut step answered (Alex holds points)
    card = await to_review(demo_bot, ALEX, await start_report(demo_bot))
    submit = next(a for a in _actions(card) if a["verb"] == "report.submit")
    reply = await demo_bot.execute(ALEX, "report.submit", {
        **submit["data"], **{f"g{g}.value": "abc" for g in _first_value_goal(demo_bot)}})
    review = reply.invoke_card
    assert review is not None
    text = _texts(review)
    assert "utfall – ”abc” är inte ett tal" in text
    assert "måluppfyllelse saknas" not in text


def _first_value_goal(bot: BotHarness) -> list[int]:
    from storage.models import Goal, OrgUnit

    engine = create_engine(sync_url(bot.settings.database_url))
    with engine.connect() as conn:
        gid = conn.execute(select(Goal.id).join(OrgUnit, OrgUnit.id == Goal.unit_id)
                           .where(OrgUnit.code == "BUF", Goal.indicator_name.is_not(None))
                           .order_by(Goal.id).limit(1)).scalar_one()
    engine.dispose()
    return [int(gid)]


def test_review_card_lines_for_missing_and_for_wrong_values() -> None:
    """Pure: the lines of the review card's list of problems."""
    from cards.report import _review_line
    from followup.report_rules import FieldError

    assert _review_line(FieldError(7, "status", "report.error.status_required"),
                        "Nöjda brukare", "sv") == "Nöjda brukare – måluppfyllelse saknas"
    assert _review_line(FieldError(7, "value", "report.error.value_not_number",
                                   {"text": "abc"}), "Nöjda brukare", "sv") == \
        "Nöjda brukare: utfall – ”abc” är inte ett tal. Skriv till exempel 12,5."


# --------------------------------------------------------------------------- decisions over HTTP

ADMIN = ChatUser("Ada Admin", ADMIN_AAD)


@pytest.fixture
def decision_org(any_db_url: str) -> tuple[str, DecisionOrg]:
    return any_db_url, seed_decision_org(any_db_url)


@pytest.fixture
async def decision_bot(decision_org: tuple[str, DecisionOrg]) -> AsyncIterator[BotHarness]:
    async with BotHarness(make_settings(decision_org[0], ADMIN_AAD_IDS=ADMIN_AAD),
                          clock=fixed_clock()) as harness:
        yield harness


async def test_decision_texts_are_typed_and_cleaned(
    decision_bot: BotHarness, decision_org: tuple[str, DecisionOrg]
) -> None:
    url, org = decision_org
    ks10 = org.decisions["KS 2026/10"]
    await decision_bot.execute(ADELE, "decision.edit", {"decision_id": ks10})  # period row
    await decision_bot.send(ADMIN, "hej")  # first contact links the Teams ids
    before = table_digests(url, DOMAIN_TABLES)
    reply = await decision_bot.execute(ADELE, "decision.update", {
        "decision_id": ks10, "expected": "in_progress", "status": "done",
        "comment": HOSTILE_OBJECT})
    assert "Fältet tar bara emot text" in _texts(reply.invoke_card or {})
    assert "$gt" not in str(reply.invoke_card)

    reply = await decision_bot.execute(ADMIN, "decision.create", {
        "reference": "KS 2026/500", "decided_on": "2026-10-01", "decided_by": "KS",
        "title": ["Ny", "rutin"], "unit": "HEM-N", "assignment": {"a": 1}})
    text = _texts(reply.invoke_card or {})
    assert text.count("Fältet tar bara emot text") == 2
    assert "Fältet måste fyllas i" not in text
    assert table_digests(url, DOMAIN_TABLES) == before

    reply = await decision_bot.execute(ADELE, "decision.update", {
        "decision_id": ks10, "expected": "in_progress", "status": "done",
        "comment": "Klart\u202e och\u200b signerat\x9b"})
    assert "är sparad" in _texts(reply.invoke_card or {})
    reply = await decision_bot.execute(ADMIN, "decision.create", {
        "reference": "KS 2026/501\u200b", "decided_on": "2026-10-01", "decided_by": "KS",
        "title": "\u2066Ny rutin\u2069", "unit": "HEM-N"})
    assert "Beslutet är registrerat." in _texts(reply.invoke_card or {})
    engine = create_engine(sync_url(url))
    with engine.connect() as conn:
        comments = set(conn.execute(select(DecisionUpdate.comment).where(
            DecisionUpdate.decision_id == ks10)).scalars())
        created = conn.execute(select(Decision.reference, Decision.title).where(
            Decision.reference == "KS 2026/501")).one()
    engine.dispose()
    assert "Klart och signerat" in comments
    assert tuple(created) == ("KS 2026/501", "Ny rutin")


async def test_a_monthly_round_refuses_a_comment_that_is_not_text(
    decision_bot: BotHarness, decision_org: tuple[str, DecisionOrg]
) -> None:
    url, org = decision_org
    from testing.decision_fixtures import CIA_AAD

    cia = ChatUser("Cia Carlsson", CIA_AAD)
    skola, bun = org.units["SKOLA"], org.decisions["BUN 2026/7"]
    reply = await decision_bot.execute(cia, "decision.open",
                                       {"unit_id": skola, "period": "2026-10"})
    save = _actions(reply.invoke_card or {})[-1]
    before = table_digests(url, DOMAIN_TABLES)  # (the open round created the period row)
    data = {**save["data"], f"status_{bun}": "done", f"comment_{bun}": HOSTILE_OBJECT}
    reply = await decision_bot.execute(cia, "decision.round", data)
    text = _texts(reply.invoke_card or {})
    assert "Fältet tar bara emot text" in text
    assert "$gt" not in str(reply.invoke_card)
    assert table_digests(url, DOMAIN_TABLES) == before
