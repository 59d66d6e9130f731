"""Every card Målbot sends fits in one Teams message as Teams counts it.

Teams refuses a bot message over 100 KB counted on the whole activity encoded as UTF-16;
80 KB is the budget (cards/common.py). Worst cases per card kind: 40 goals, every text at
its longest and all in å, ä and ö (each a six-character escape in the posted JSON, twelve
bytes in UTF-16), the biggest summary, hundreds of decisions and late units. What does
not fit is cut and counted ("+N till" / "+N more"), never dropped silently. The last test
sends the biggest cards through the real SDK to the fake Bot Connector and measures the
activities as they arrive.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from cards.common import (
    ENVELOPE_ALLOWANCE_CHARS,
    MAX_MESSAGE_BYTES,
    activity_bytes,
    message_bytes,
    utf16_bytes,
)
from cards.decisions import (
    decision_list_card,
    decision_reminder_card,
    decision_round_card,
    decision_saved_card,
    decision_update_card,
    new_decision_card,
)
from cards.outbox_messages import (
    LateUnit,
    UnitPrompt,
    escalation_payload,
    prompt_payload,
    reminder_payload,
    with_reminder_banner,
)
from cards.report import conflict_card, prompt_card, receipt_card, review_card, step_card
from cards.report_view import report_view_card
from cards.summary import summary_card, summary_text
from followup.decision_rules import (
    MAX_ASSIGNMENT_CHARS,
    MAX_COMMENT_CHARS,
    MAX_TITLE_CHARS,
    DecisionInfo,
    DecisionRole,
    DecisionStatus,
)
from followup.org import ReportRole
from followup.report_rules import (
    MAX_TEXT_CHARS,
    FieldError,
    GoalForm,
    Progress,
    RawGoalInput,
    ResultValues,
)
from followup.summary import (
    AttentionItem,
    ChildLine,
    DecisionLine,
    IndicatorLine,
    MissingUnit,
    ReportingCounts,
    StatusCounts,
    UnitRef,
)
from scheduler.delivery import AgentsTransport
from storage.reports import PeriodInfo, ReportForm, ReportState, UnitInfo, UnitOverview
from testing.adaptive_card_check import card_problems, text_of
from testing.fake_connector import ConnectorLimits, FakeConnector
from testing.harness import make_settings
from tests.test_summary_cards import NAV, sample

TZ = ZoneInfo("Europe/Stockholm")
NOW = datetime(2026, 11, 4, 9, 0, tzinfo=UTC)
TODAY = date(2026, 11, 4)
PERSPECTIVES = ("citizens", "operations", "economy", "employees")
PERIOD = PeriodInfo(period="2026-10", opens_at=datetime(2026, 11, 2, 7, 0, tzinfo=UTC),
                    deadline_at=datetime(2026, 11, 6, 15, 0, tzinfo=UTC),
                    closes_at=datetime(2026, 11, 30, 22, 59, tzinfo=UTC), is_open=True,
                    open_until=datetime(2026, 11, 30, 22, 59, tzinfo=UTC))


def aao(n: int, seed: str = "åäö ÅÄÖ ") -> str:
    """``n`` characters of Swedish letters: the heaviest text for the posted JSON."""
    return (seed * (n // len(seed) + 1))[:n]


def goals(n: int, *, perspectives: tuple[str, ...] = PERSPECTIVES) -> tuple[GoalForm, ...]:
    return tuple(
        GoalForm(goal_id=1000 + i, perspective=perspectives[i % len(perspectives)],
                 title=aao(300), description=aao(4000), indicator_name=aao(200),
                 indicator_unit="%", target=90.0, baseline=84.0, direction="higher",
                 sort_order=i)
        for i in range(n)
    )


def longest(gs: tuple[GoalForm, ...]) -> dict[int, ResultValues]:
    return {g.goal_id: ResultValues(status="red", value=99.5, analysis=aao(MAX_TEXT_CHARS),
                                    actions=aao(MAX_TEXT_CHARS, "öäå ")) for g in gs}


def form(gs: tuple[GoalForm, ...], results: dict[int, ResultValues] | None = None,
         last: dict[int, ResultValues] | None = None, state: ReportState | None = None
         ) -> ReportForm:
    return ReportForm(unit=UnitInfo(7, "BUF", aao(200)), period=PERIOD, goals=gs,
                      results=results or {}, last=last or {}, last_period="2026-09",
                      state=state or ReportState(status="draft", version=3),
                      role=ReportRole.MANAGER)


def assert_fits(card: dict[str, Any], text: str = "") -> None:
    size = message_bytes(card, text)
    assert size <= MAX_MESSAGE_BYTES, f"{size} bytes in UTF-16 > {MAX_MESSAGE_BYTES}"


def counted_rest(card: dict[str, Any], total: int, lang: str = "sv") -> int:
    """How many items the card says it left out ("+N till", "… och N till")."""
    word = "till" if lang == "sv" else "more"
    found = re.findall(rf"\+(\d+) {word}|och (\d+) (?:beslut )?{word}|and (\d+) {word}",
                       text_of(card))
    assert found, f"the card does not say how many are left out of {total}"
    return sum(int(x) for group in found for x in group if x)


# --------------------------------------------------------------------------- report


def test_every_step_fits_with_40_goals_and_every_text_at_its_longest() -> None:
    for perspectives in (PERSPECTIVES, ("economy",)):
        gs = goals(40, perspectives=perspectives)
        worst = form(gs, longest(gs), last=longest(gs))
        steps = worst.steps()
        assert sum(len(s.goal_ids) for s in steps) == 40  # every goal is in a step
        for i in range(len(steps)):
            assert_fits(step_card(worst, i, lang="sv", tz=TZ))
            assert_fits(step_card(worst, i, lang="en", tz=TZ))


def test_a_step_prefilled_from_last_month_fits_when_this_month_is_empty() -> None:
    gs = goals(40)
    last = longest(gs)
    worst = form(gs, results={}, last=last)
    for i, step in enumerate(worst.steps()):
        prefilled = {gid: RawGoalInput(status="red", value="99,5", analysis=last[gid].analysis,
                                       actions=last[gid].actions) for gid in step.goal_ids}
        assert_fits(step_card(worst, i, lang="sv", tz=TZ, typed=prefilled))


def test_a_conflict_with_every_text_changed_fits() -> None:
    gs = goals(40)
    worst = form(gs, longest(gs), last=longest(gs))
    yours = {g.goal_id: RawGoalInput(status="green", value="1", analysis=aao(2000, "äå "),
                                     actions=aao(2000, "öå ")) for g in gs}
    for i in range(len(worst.steps())):
        card = conflict_card(worst, i, lang="sv", tz=TZ, yours=yours, changed_by=aao(100),
                             changed_at=NOW)
        assert_fits(card)


def test_review_receipt_and_view_fit_with_40_long_goals() -> None:
    gs = goals(40)
    unanswered = form(gs)  # every goal still missing: the longest "missing" list
    card = review_card(unanswered, lang="sv", tz=TZ)
    assert_fits(card)
    assert counted_rest(card, 40) >= 1
    for lang in ("sv", "en"):
        assert_fits(review_card(form(gs, longest(gs), last=longest(gs)), lang=lang, tz=TZ))
    submitted = form(gs, longest(gs), state=ReportState(
        status="submitted", version=4, late=True, submitted_at=NOW, submitted_by=aao(200),
        submitted_by_role="acting"))
    assert_fits(receipt_card(submitted, lang="sv", tz=TZ, viewer_name=aao(200)))
    view = report_view_card(submitted, lang="sv", tz=TZ,
                            back={"unit": 1, "period": "2026-10"})
    assert_fits(view)
    assert "●" in text_of(view) or "○" in text_of(view)  # statuses are still shown


def test_a_manager_of_many_units_gets_one_prompt_that_counts_the_rest() -> None:
    overviews = [UnitOverview(UnitInfo(i, f"U{i}", aao(200)), PERIOD,
                              {"citizens": 10, "economy": 5}, Progress(0, 15, {}),
                              ReportState(), ReportRole.ACTING) for i in range(300)]
    for lang in ("sv", "en"):
        card = prompt_card(overviews, lang=lang, tz=TZ)
        assert_fits(card)
        shown = sum(1 for e in _buttons(card))
        assert 1 <= shown < 300
        assert shown + counted_rest(card, 300, lang) == 300
        prompt = UnitPrompt(aao(200), aao(200), "2026-10", NOW, {"citizens": 3}, "draft")
        banner = with_reminder_banner(card, prompt, lang)
        assert_fits(banner, reminder_payload(prompt, lang)["text"])


def _buttons(card: dict[str, Any]) -> Iterator[dict[str, Any]]:
    from cards.common import iter_elements

    return (e for e in iter_elements(card.get("body", [])) if e.get("type") == "Action.Execute")


# --------------------------------------------------------------------------- summary


def test_the_biggest_summary_fits_and_counts_what_it_leaves_out() -> None:
    long_text = aao(2000)
    attention = tuple(
        AttentionItem(i, aao(300), PERSPECTIVES[i % 4], UnitRef(1000 + i, f"U{i}", aao(200)),
                      aao(100), i % 7 + 1, i % 3 + 1, long_text, long_text)
        for i in range(500))
    children = tuple(ChildLine(UnitRef(5000 + i, f"C{i}", aao(200)), True,
                               StatusCounts(1, 2, 3, 4), ReportingCounts(1, 1, 1), "late")
                     for i in range(400))
    missing = tuple(MissingUnit(UnitRef(9000 + i, f"M{i}", aao(200)), aao(100), False)
                    for i in range(300))
    indicators = tuple(IndicatorLine(20 + i, aao(300), UnitRef(2, "B", aao(200)), aao(200),
                                     "%", 80.0, "higher", 82.5) for i in range(200))
    decisions = tuple(DecisionLine(30 + i, f"KS 2026/{i}", aao(300), UnitRef(2, "B", aao(200)),
                                   date(2026, 11, 3), "in_progress", True) for i in range(300))
    summary = sample(root=UnitRef(1, "K", aao(200)), attention=attention,
                     attention_total=5000, children=children, children_total=400,
                     reporting=ReportingCounts(1, 1, 300, missing), indicators=indicators,
                     indicators_total=200, decisions=decisions, decisions_total=300)
    for lang in ("sv", "en"):
        card = summary_card(summary, NAV, lang=lang)
        assert_fits(card, summary_text(summary, lang=lang))
        assert card_problems(card) == []
        assert counted_rest(card, 5000, lang) > 0


# --------------------------------------------------------------------------- decisions


def decisions(n: int) -> list[DecisionInfo]:
    return [DecisionInfo(id=i, reference=f"KS 2026/{i:04d}", decided_on=date(2026, 1, 1),
                         decided_by=aao(64), title=aao(MAX_TITLE_CHARS),
                         assignment=aao(MAX_ASSIGNMENT_CHARS), unit_id=1, unit_code="HEM",
                         unit_name=aao(200), due_date=date(2026, 6, 30),
                         status=DecisionStatus.IN_PROGRESS, created_at=NOW,
                         last_comment=aao(MAX_COMMENT_CHARS), last_comment_at=NOW,
                         last_comment_by=aao(100)) for i in range(n)]


def test_decision_cards_fit_with_many_long_decisions() -> None:
    many = decisions(200)
    listed = decision_list_card("sv", many, TODAY, title=aao(100),
                                editable_ids={d.id for d in many})
    assert_fits(listed)
    shown = text_of(listed).count("**KS 2026/")
    assert shown >= 1 and shown + counted_rest(listed, 200) == 200
    values = {f"comment_{d.id}": aao(MAX_COMMENT_CHARS) for d in many}
    round_card = decision_round_card("sv", aao(200), 1, "2026-10", many, TODAY, values=values,
                                     errors={d.id: aao(200) for d in many})
    assert_fits(round_card)
    in_round = text_of(round_card).count("**KS 2026/")
    assert in_round >= 1 and in_round + counted_rest(round_card, 200) == 200
    reminder = decision_reminder_card("en", aao(200), 1, many, TODAY)
    assert_fits(reminder)
    assert counted_rest(reminder, 200, "en") > 0
    one = many[0]
    assert_fits(decision_update_card("sv", one, TODAY, role=DecisionRole.MANAGER,
                                     comment=aao(MAX_COMMENT_CHARS), error=aao(300),
                                     notice=aao(300)))
    assert_fits(decision_saved_card("sv", one, TODAY, notice=aao(300)))


def test_registering_a_decision_in_an_organisation_with_long_unit_names() -> None:
    units = [(f"U{i:03d}", aao(200)) for i in range(300)]
    card = new_decision_card("sv", units, values={"title": aao(300), "assignment": aao(4000)})
    assert_fits(card)
    unit_input = next(e for e in card["body"] if e.get("id") == "unit")
    assert unit_input["type"] == "Input.Text"  # 300 long names do not fit: type the code


# --------------------------------------------------------------------------- outbox


def test_outbox_prompts_reminders_and_escalations_fit() -> None:
    prompt = UnitPrompt(aao(200), aao(200), "2026-10", NOW,
                        dict.fromkeys(PERSPECTIVES, 40), "draft")
    for lang in ("sv", "en"):
        for payload in (prompt_payload(prompt, lang), reminder_payload(prompt, lang)):
            assert_fits(payload["card"], payload["text"])
        late = [LateUnit(aao(200), aao(100), "not_started") for _ in range(500)]
        escalation = escalation_payload(leader_name=aao(100), period="2026-10", deadline=NOW,
                                        late=late, lang=lang)
        assert_fits(escalation["card"], escalation["text"])
        assert counted_rest(escalation["card"], 500, lang) > 0


# --------------------------------------------------------------------------- on the wire


@pytest.fixture
async def fake() -> Any:
    async with FakeConnector(limits=ConnectorLimits(enabled=False)) as connector:
        yield connector


async def test_activities_as_posted_stay_within_budget_and_the_envelope_allowance(
    fake: FakeConnector, sqlite_url: str,
) -> None:
    """The real SDK posts the biggest cards; the fake measures them as Teams would (and
    refuses anything over 100 KB in UTF-16). Teams-length ids and names."""
    gs = goals(40)
    worst = form(gs, longest(gs), last=longest(gs))
    many = decisions(200)
    late = [LateUnit(aao(200), aao(100), "not_started") for _ in range(500)]
    escalation = escalation_payload(leader_name=aao(100), period="2026-10", deadline=NOW,
                                    late=late, lang="sv")
    payloads = [
        {"text": aao(300), "card": step_card(worst, 0, lang="sv", tz=TZ)},
        {"text": aao(300), "card": review_card(form(gs), lang="sv", tz=TZ)},
        {"text": aao(300), "card": decision_round_card("sv", aao(200), 1, "2026-10", many,
                                                       TODAY)},
        escalation,
    ]
    user_id = "29:1" + "x" * 200
    reference = {
        "channelId": "msteams", "serviceUrl": fake.url,
        "conversation": {"id": "a:1" + "y" * 250, "conversationType": "personal",
                         "tenantId": "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d"},
        "user": {"id": user_id, "name": aao(100), "aadObjectId": "0" * 36},
        "bot": {"id": "28:5f0c1a9e-1d2b-4c3d-8e4f-a1b2c3d4e5f6", "name": aao(100)},
        "locale": "sv-SE",
    }
    transport = AgentsTransport(None, make_settings(sqlite_url))
    try:
        for payload in payloads:
            assert await transport.send(reference, payload)
    finally:
        await transport.close()
    records = fake.messages()
    assert len(records) == len(payloads) and fake.count_status(413) == 0
    for record, payload in zip(records, payloads, strict=True):
        posted = activity_bytes(record.body)
        assert posted <= MAX_MESSAGE_BYTES
        # The estimate the cards are built with is never below what was posted.
        assert posted <= message_bytes(payload["card"], payload["text"])
        envelope = posted - utf16_bytes(payload["card"]) - utf16_bytes(payload["text"])
        assert envelope < 2 * ENVELOPE_ALLOWANCE_CHARS


async def test_the_fake_connector_refuses_what_teams_refuses(fake: FakeConnector) -> None:
    """60,000 characters are 60 KB in UTF-8 but 120 KB in UTF-16: refused like Teams."""
    import aiohttp

    url = f"{fake.url}v3/conversations/a:1/activities"
    async with aiohttp.ClientSession() as http:
        for chars, status in ((60_000, 413), (40_000, 201)):
            body = {"type": "message", "text": "x" * chars}
            async with http.post(url, json=body) as response:
                assert response.status == status
    assert len(fake.messages()) == 1


def test_the_admin_status_text_fits_with_many_long_unit_names() -> None:
    from cards.common import text_fits
    from dialogs.admin_status import UnitStatus, status_text

    units = [UnitStatus(aao(200), aao(100), ("not_started", "draft", "submitted")[i % 3],
                        i % 2 == 0) for i in range(900)]
    text = status_text(lang="sv", period="2026-10", deadline=NOW, units=units,
                       outbox_counts={"pending": 3})
    assert text_fits(text)
    left_out = sum(int(n) for n in re.findall(r"och (\d+) till", text))
    assert 0 < left_out < 900 and text.count(aao(200)) + left_out == 900


def _step_problems(gs: tuple[GoalForm, ...], key: str) -> list[FieldError]:
    """A problem at every field of every goal sent (a card may send any goal's fields),
    and one about the request."""
    out = [FieldError(None, None, "report.error.unknown_goal")]
    for g in gs:
        out += [FieldError(g.goal_id, "status", "report.error.status_invalid"),
                FieldError(g.goal_id, "value", key, {"text": aao(40), "value": "99,5",
                                                      "unit": "%", "target": "90",
                                                      "last": "84", "token": "t"}),
                FieldError(g.goal_id, "analysis", "report.error.text_too_long",
                           {"max": MAX_TEXT_CHARS, "length": 2 * MAX_TEXT_CHARS}),
                FieldError(g.goal_id, "actions", "report.error.actions_required")]
    return out


def test_a_refused_step_with_errors_everywhere_and_long_texts_typed_fits() -> None:
    gs = goals(40)
    for stored in (longest(gs), {}):  # steps planned for long texts, or for none at all
        worst = form(gs, stored, last=longest(gs) if stored else {})
        for i, step in enumerate(worst.steps()):
            typed = {gid: RawGoalInput(status="?", value=aao(40),
                                       analysis=aao(MAX_TEXT_CHARS, "äå "),
                                       actions=aao(MAX_TEXT_CHARS, "öå "))
                     for gid in step.goal_ids}
            for errors in (_step_problems(tuple(g for g in gs if g.goal_id in step.goal_ids),
                                          "report.error.value_not_number"),
                           _step_problems(gs, "report.error.value_not_number")):
                card = step_card(worst, i, lang="sv", tz=TZ, typed=typed, errors=errors)
                assert_fits(card)
                assert not card_problems(card)
                shown = text_of(card)
                assert "Något behöver rättas" in shown
                if len(errors) > 10:
                    assert counted_rest(card, len(errors)) >= 1
                # a text the card cannot carry in full is shortened with a word at its field
                values = [e.get("value", "") for e in _inputs(card)
                          if str(e.get("id", "")).endswith((".analysis", ".actions"))]
                assert len(values) == 2 * len(step.goal_ids)
                if any(len(v) < MAX_TEXT_CHARS for v in values):
                    assert "Texten är för lång för att visas här i sin helhet" in shown


def test_a_step_with_warnings_at_every_goal_and_long_texts_typed_fits() -> None:
    gs = goals(40)
    worst = form(gs, {}, last={})
    for i, step in enumerate(worst.steps()):
        typed = {gid: RawGoalInput(status="red", value="99,5",
                                   analysis=aao(MAX_TEXT_CHARS, "äå "),
                                   actions=aao(MAX_TEXT_CHARS, "öå ")) for gid in step.goal_ids}
        warnings = [FieldError(gid, "value", "report.warning.value_far",
                               {"value": "99,5", "unit": "%", "target": "90", "token": "t"})
                    for gid in (g.goal_id for g in gs)]
        card = step_card(worst, i, lang="sv", tz=TZ, typed=typed, warnings=warnings)
        assert_fits(card)
        assert not card_problems(card)


def _inputs(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        if str(node.get("type", "")).startswith("Input."):
            yield node
        for value in node.values():
            yield from _inputs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _inputs(value)
