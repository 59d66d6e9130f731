"""The report's cards are valid Adaptive Cards 1.5 for Teams, small enough, and say
what they mean in Swedish words (not only colours)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from cards.common import (
    ENVELOPE_ALLOWANCE_CHARS,
    MAX_MESSAGE_BYTES,
    compat_problems,
    iter_elements,
    message_bytes,
)
from cards.report import (
    VERBS,
    closed_card,
    conflict_card,
    prompt_card,
    read_action_data,
    read_confirmations,
    read_goal_inputs,
    receipt_card,
    review_card,
    step_card,
)
from followup.org import ReportRole
from followup.report_rules import (
    MAX_TEXT_CHARS,
    FieldError,
    GoalForm,
    RawGoalInput,
    ResultValues,
    progress,
)
from storage.reports import (
    PeriodInfo,
    ReportForm,
    ReportState,
    UnitInfo,
    UnitOverview,
)
from testing.adaptive_card_check import card_problems, text_of

TZ = ZoneInfo("Europe/Stockholm")
PERIOD = PeriodInfo(
    period="2026-10",
    opens_at=datetime(2026, 11, 2, 7, 0, tzinfo=UTC),
    deadline_at=datetime(2026, 11, 6, 15, 0, tzinfo=UTC),
    closes_at=datetime(2026, 11, 30, 22, 59, tzinfo=UTC),
    is_open=True,
    open_until=datetime(2026, 11, 30, 22, 59, tzinfo=UTC),
)
PERSPECTIVES = ("citizens", "operations", "economy", "employees")


def make_goals(n: int, *, perspectives: tuple[str, ...] = PERSPECTIVES) -> tuple[GoalForm, ...]:
    return tuple(
        GoalForm(
            goal_id=1000 + i, perspective=perspectives[i % len(perspectives)],
            title=f"Mål {i}: fler nöjda medborgare i kommunens verksamheter",
            description="Nämndmål: andelen nöjda ska öka varje år. " * 4,
            indicator_name="Andel nöjda brukare", indicator_unit="%", target=90.0,
            baseline=84.0, direction="higher", sort_order=i,
        )
        for i in range(n)
    )


def make_form(goals: tuple[GoalForm, ...], *, results: dict[int, ResultValues] | None = None,
              last: dict[int, ResultValues] | None = None,
              state: ReportState | None = None, is_open: bool = True) -> ReportForm:
    period = PERIOD if is_open else PeriodInfo(**{**PERIOD.__dict__, "is_open": False})
    return ReportForm(
        unit=UnitInfo(7, "BUF", "Barn- och utbildningsförvaltningen"), period=period,
        goals=goals, results=results or {}, last=last or {}, last_period="2026-09",
        state=state or ReportState(), role=ReportRole.MANAGER,
    )


def typical(goals: tuple[GoalForm, ...], text_len: int = 300) -> dict[int, ResultValues]:
    return {
        g.goal_id: ResultValues(status=("green", "yellow", "red")[i % 3], value=80.5,
                                analysis="Analys av läget. " * (text_len // 17),
                                actions="" if i % 3 == 0 else "Åtgärd. " * (text_len // 8))
        for i, g in enumerate(goals)
    }


def all_cards(form: ReportForm) -> list[dict[str, Any]]:
    cards = [step_card(form, i, lang="sv", tz=TZ) for i in range(len(form.steps()))]
    cards.append(review_card(form, lang="sv", tz=TZ))
    submitted = make_form(form.goals, results=form.results, last=form.last, state=ReportState(
        status="submitted", version=3, late=True, submitted_at=datetime(2026, 11, 9, 9, 0,
                                                                         tzinfo=UTC),
        submitted_by="Alex Wilber", submitted_by_role="manager"))
    cards.append(receipt_card(submitted, lang="sv", tz=TZ, viewer_name="Alex Wilber"))
    cards.append(closed_card(form, lang="sv", tz=TZ, current_period="2026-11"))
    cards.append(conflict_card(form, 0, lang="sv", tz=TZ, yours={}, changed_by="Lee Gu",
                               changed_at=datetime(2026, 11, 4, 9, 0, tzinfo=UTC)))
    return cards


def buttons(card: dict[str, Any]) -> list[dict[str, Any]]:
    return [e for e in iter_elements(card) if e.get("type") == "Action.Execute"]


def test_every_card_is_valid_for_teams_with_40_goals() -> None:
    goals = make_goals(40)
    form = make_form(goals, results=typical(goals), last=typical(goals))
    cards = all_cards(form)
    for card in cards:
        assert card["version"] == "1.5"
        assert compat_problems(card) == []
        for action in buttons(card):
            assert action["verb"] in VERBS
            fallback = action["fallback"]
            assert fallback["type"] == "Action.Submit"
            assert fallback["data"] == {**action["data"], "verb": action["verb"]}
    assert max(message_bytes(c) for c in cards) <= MAX_MESSAGE_BYTES


def test_a_perspective_with_40_goals_is_split_into_steps_under_80_kb() -> None:
    goals = make_goals(40, perspectives=("economy",))
    form = make_form(goals, results=typical(goals, 600), last=typical(goals, 600))
    steps = form.steps()
    assert len(steps) >= 4
    assert sum(len(s.goal_ids) for s in steps) == 40
    for i in range(len(steps)):
        card = step_card(form, i, lang="sv", tz=TZ)
        assert compat_problems(card) == []
        assert "Ekonomi (del" in str(card)


def test_worst_case_texts_still_fit() -> None:
    goals = make_goals(40, perspectives=("citizens",))
    longest = {g.goal_id: ResultValues(status="red", value=99.5, analysis="ö" * MAX_TEXT_CHARS,
                                       actions="å" * MAX_TEXT_CHARS) for g in goals}
    form = make_form(goals, results=longest, last=longest)
    sizes = [message_bytes(step_card(form, i, lang="sv", tz=TZ))
             for i in range(len(form.steps()))]
    assert max(sizes) <= MAX_MESSAGE_BYTES
    assert message_bytes(review_card(form, lang="sv", tz=TZ)) <= MAX_MESSAGE_BYTES


def test_the_checker_catches_what_teams_would_reject() -> None:
    bad = {"type": "AdaptiveCard", "version": "1.5", "body": [
        {"type": "Table", "columns": [], "rows": []},
        {"type": "ActionSet", "actions": [{"type": "Action.Execute", "verb": "x", "title": "X"}]},
    ]}
    problems = compat_problems(bad)
    assert any("Table" in p for p in problems)
    assert any("Action.Execute" in p for p in problems)


def test_step_card_buttons_are_swedish_and_status_has_words() -> None:
    goals = make_goals(8)
    form = make_form(goals, last=typical(goals))
    first = step_card(form, 0, lang="sv", tz=TZ)
    titles = [b["title"] for b in buttons(first)]
    assert titles == ["Nästa", "Spara utkast", "Samma som förra månaden"]
    second = step_card(form, 1, lang="sv", tz=TZ)
    assert "Tillbaka" in [b["title"] for b in buttons(second)]
    choice = next(e for e in iter_elements(first) if e.get("type") == "Input.ChoiceSet")
    assert [c["title"].split(" ", 1)[1] for c in choice["choices"]] == [
        "Uppfylls", "Uppfylls delvis", "Uppfylls inte"]
    data = buttons(first)[0]["data"]
    assert data == {"unit": 7, "period": "2026-10", "step": "citizens", "version": 0}
    assert "Steg 1 av 5: Medborgare" in str(first)
    assert "Sista dag för rapportering: fredag 6 november kl. 16.00." in str(first)


def test_field_errors_are_shown_at_the_field_with_the_input_kept() -> None:
    goals = make_goals(4)
    gid = goals[0].goal_id
    card = step_card(make_form(goals), 0, lang="sv", tz=TZ,
                     typed={gid: RawGoalInput(status="red", value="abc", analysis="Min text",
                                              actions="")},
                     errors=[FieldError(gid, "value", "report.error.value_not_number",
                                        {"text": "abc"}),
                             FieldError(gid, "actions", "report.error.actions_required")])
    elements = list(iter_elements(card))
    ids = [e.get("id") for e in elements]
    value_at = ids.index(f"g{gid}.value")
    assert elements[value_at]["value"] == "abc"
    assert "inte ett tal" in elements[value_at + 1]["text"]
    actions_at = ids.index(f"g{gid}.actions")
    assert "Beskriv vilka åtgärder" in elements[actions_at + 1]["text"]
    assert elements[ids.index(f"g{gid}.analysis")]["value"] == "Min text"
    assert elements[ids.index(f"g{gid}.status")]["value"] == "red"


def test_review_lists_what_is_missing_and_counts_statuses_in_words() -> None:
    goals = make_goals(4)
    results = {goals[0].goal_id: ResultValues(status="green"),
               goals[1].goal_id: ResultValues(status="red")}
    card = review_card(make_form(goals, results=results), lang="sv", tz=TZ)
    content = str(card)
    assert "3 mål behöver kompletteras" in content
    assert "1 uppfylls · 0 uppfylls delvis · 1 uppfylls inte" in content
    assert "åtgärder saknas" in content and "måluppfyllelse saknas" in content
    assert [b["title"] for b in buttons(card)] == ["Skicka in", "Tillbaka"]


def test_receipt_thanks_says_submitted_and_offers_change() -> None:
    goals = make_goals(3)
    state = ReportState(status="submitted", version=4, late=True,
                        submitted_at=datetime(2026, 11, 9, 9, 15, tzinfo=UTC),
                        submitted_by="Lee Gu", submitted_by_role="acting")
    form = make_form(goals, results=typical(goals), state=state)
    card = receipt_card(form, lang="sv", tz=TZ, viewer_name="Lee Gu")
    content = str(card)
    assert "Tack, Lee! Rapporten är inskickad." in content
    assert "Lee Gu (ställföreträdande chef)" in content
    assert "måndag 9 november kl. 10.15" in content
    assert "försenad" in content
    assert [b["title"] for b in buttons(card)] == ["Ändra"]
    closed = receipt_card(make_form(goals, results=typical(goals), state=state, is_open=False),
                          lang="sv", tz=TZ, viewer_name="Lee Gu")
    assert buttons(closed) == []


def test_closed_card_points_to_the_current_period() -> None:
    form = make_form(make_goals(2), is_open=False)
    card = closed_card(form, lang="sv", tz=TZ, current_period="2026-11")
    assert "Perioden är stängd" in str(card) and "november 2026" in str(card)
    (button,) = buttons(card)
    assert button["title"] == "Rapportera" and button["data"] == {"period": "2026-11"}
    later = closed_card(form, lang="sv", tz=TZ, current_period=None, next_period="2026-12",
                        next_opens=datetime(2027, 1, 4, 7, 0, tzinfo=UTC))
    assert "måndag 4 januari kl. 08.00" in str(later) and buttons(later) == []


def test_prompt_card_lists_each_unit_with_its_own_button() -> None:
    goals = make_goals(6)
    overviews = [
        UnitOverview(unit=UnitInfo(7, "BUF", "Barn- och utbildningsförvaltningen"),
                     period=PERIOD, goals_per_perspective={"citizens": 2, "economy": 1},
                     progress=progress(goals, {}), state=ReportState(),
                     role=ReportRole.MANAGER),
        UnitOverview(unit=UnitInfo(9, "BUF-FS-03", "Förskolan Sjöstjärnan"), period=PERIOD,
                     goals_per_perspective={"employees": 3}, progress=progress(goals, {}),
                     state=ReportState(status="draft", version=2), role=ReportRole.ACTING),
    ]
    card = prompt_card(overviews, lang="sv", tz=TZ)
    content = str(card)
    assert compat_problems(card) == []
    assert "oktober 2026" in content and "fredag 6 november kl. 16.00" in content
    assert "Medborgare" in content and "2 mål" in content
    assert "ställföreträdande" in content and "Utkast sparat" in content
    assert [b["data"]["unit"] for b in buttons(card)] == [7, 9]
    assert all(b["title"].startswith("Rapportera") for b in buttons(card))


@pytest.mark.parametrize("data", [
    None, "x", {"unit": "sju", "period": "2026-10"}, {"unit": 1, "period": "oktober"},
    {"unit": 1, "period": "2026-10", "version": -1}, {"unit": True, "period": "2026-10"},
])
def test_malformed_card_data_is_refused(data: object) -> None:
    assert read_action_data(data) is None


def test_inputs_are_read_per_goal() -> None:
    inputs = read_goal_inputs({"unit": 1, "g5.status": "red", "g5.value": "12,5",
                               "g6.analysis": "Text", "other": "x", "gx.status": "green"})
    assert inputs == {5: RawGoalInput(status="red", value="12,5"),
                      6: RawGoalInput(analysis="Text")}


def test_a_step_shows_each_goal_with_description_indicator_target_baseline_and_last_month(
) -> None:
    goals = make_goals(4, perspectives=("citizens",))
    last = {goals[0].goal_id: ResultValues(status="yellow", value=86.5,
                                           analysis="Fler svar i år.", actions="")}
    form = make_form(goals, last=last)
    text = text_of(step_card(form, 0, lang="sv", tz=TZ))
    assert "Mål 0: fler nöjda medborgare i kommunens verksamheter" in text
    assert "Nämndmål: andelen nöjda ska öka varje år." in text
    assert "Andel nöjda brukare" in text
    assert "Målvärde" in text and "Utgångsvärde" in text
    assert "90" in text and "84" in text
    assert "Förra månaden (september 2026)" in text and "86,5" in text


def test_card_sizes_are_measured_as_sent_in_utf16() -> None:
    """The SDK serialises with json.dumps defaults: å, ä and ö travel as \\u escapes, and
    Teams counts the message in UTF-16 (two bytes per character), envelope included."""
    card = {"type": "AdaptiveCard", "body": [{"type": "TextBlock", "text": "åäö"}]}
    posted = json.dumps(card)
    assert message_bytes(card) == len(posted.encode("utf-16-le")) + 2 * ENVELOPE_ALLOWANCE_CHARS
    assert len(posted.encode("utf-16-le")) == 2 * len(posted) > len(
        json.dumps(card, ensure_ascii=False).encode("utf-8"))


# --------------------------------------------------------------------------- issue 17


def test_errors_are_summarised_at_the_top_and_again_beside_the_buttons() -> None:
    goals = make_goals(4, perspectives=("citizens",))
    gid = goals[2].goal_id
    card = step_card(make_form(goals), 0, lang="sv", tz=TZ,
                     typed={gid: RawGoalInput(status="red", value="abc")},
                     errors=[FieldError(gid, "value", "report.error.value_not_number",
                                        {"text": "abc"}),
                             FieldError(gid, "actions", "report.error.actions_required")])
    body = card["body"]
    last = text_of(body[-1])  # the element right above Nästa / Spara utkast
    assert "Något behöver rättas" in last
    assert f"{goals[2].title} – Utfall (%): ”abc” är inte ett tal" in last
    assert f"{goals[2].title} – Utveckling – åtgärder" in last
    assert "Något behöver rättas" in text_of({"body": body[:5]})  # and at the top
    assert card_problems(card) == []


def test_inputs_have_labels_required_marks_and_error_messages() -> None:
    goals = make_goals(2, perspectives=("citizens",))
    gid = goals[0].goal_id
    submitted = ReportState(status="submitted", version=2)
    card = step_card(make_form(goals, state=submitted), 0, lang="sv", tz=TZ,
                     typed={gid: RawGoalInput(status="yellow")})
    inputs = {e["id"]: e for e in iter_elements(card)
              if str(e.get("type", "")).startswith("Input.")}
    assert inputs[f"g{gid}.status"]["label"] == "Måluppfyllelse"
    assert inputs[f"g{gid}.value"]["label"] == "Utfall (%)"
    assert inputs[f"g{gid}.analysis"]["label"] == "Resultat och analys"
    assert all(i.get("errorMessage") for i in inputs.values())
    # a submitted report keeps every status; delvis needs the actions
    assert inputs[f"g{gid}.status"].get("isRequired") is True
    assert inputs[f"g{gid}.actions"].get("isRequired") is True
    other = goals[1].goal_id
    assert not inputs[f"g{other}.actions"].get("isRequired")
    # no maxLength: a client would cut a longer text silently; the server says so instead
    assert "maxLength" not in inputs[f"g{gid}.analysis"]
    assert "maxLength" not in inputs[f"g{gid}.actions"]
    assert card_problems(card) == []


def test_goal_details_fold_away_and_open_in_place() -> None:
    goals = make_goals(2, perspectives=("citizens",))
    gid = goals[0].goal_id
    card = step_card(make_form(goals), 0, lang="sv", tz=TZ)
    details = next(e for e in iter_elements(card) if e.get("id") == f"g{gid}.details")
    assert details["isVisible"] is False
    assert "Nämndmål" in text_of(details) and "Målvärde" in text_of(details)
    toggles = [e for e in iter_elements(card) if e.get("type") == "Action.ToggleVisibility"
               and e["targetElements"] == [f"g{gid}.details"]]
    assert len(toggles) == 1 and toggles[0]["title"] == "Visa målbeskrivning och värden"
    # a goal with a problem shows its details open
    flagged = step_card(make_form(goals), 0, lang="sv", tz=TZ, errors=[
        FieldError(gid, "status", "report.error.status_required")])
    opened = next(e for e in iter_elements(flagged) if e.get("id") == f"g{gid}.details")
    assert opened.get("isVisible", True) is True
    assert card_problems(card) == [] and card_problems(flagged) == []


def test_a_warning_offers_a_confirmation_for_the_values_warned_about() -> None:
    goals = make_goals(2, perspectives=("citizens",))
    gid = goals[0].goal_id
    warning = FieldError(gid, "value", "report.warning.value_far_last",
                         {"value": 12.5, "last": 91.4, "unit": "%", "token": "green|12.5"})
    card = step_card(make_form(goals), 0, lang="sv", tz=TZ,
                     typed={gid: RawGoalInput(status="green", value="12,5")},
                     warnings=[warning])
    toggle = next(e for e in iter_elements(card) if e.get("id") == f"g{gid}.confirm")
    assert toggle["type"] == "Input.Toggle" and toggle["title"] == "Stämmer, spara ändå"
    assert toggle["valueOn"] == "green|12.5" and toggle["value"] == ""
    last = text_of(card["body"][-1])
    assert "12,5 % ligger långt från förra månadens 91,4 %" in last
    assert "Stämmer, spara ändå" in last
    assert read_confirmations({f"g{gid}.confirm": "green|12.5", "g9.confirm": ""}) == {
        gid: "green|12.5"}
    assert card_problems(card) == []


def test_review_shows_the_texts_not_only_the_statuses() -> None:
    goals = make_goals(3)
    long_text = "Vi har infört nya rutiner för uppföljning och ser en tydlig förbättring. " * 6
    results = {goals[0].goal_id: ResultValues(status="yellow", value=88.0,
                                              analysis=long_text,
                                              actions="Veckovisa avstämningar."),
               goals[1].goal_id: ResultValues(status="green", analysis="Enligt plan.")}
    text = text_of(review_card(make_form(goals, results=results), lang="sv", tz=TZ))
    assert "Analys: Vi har infört nya rutiner" in text
    assert "Åtgärder: Veckovisa avstämningar." in text
    assert "Analys: Enligt plan." in text
    shown = next(line for line in text.splitlines() if line.startswith("Analys: Vi har"))
    assert shown.endswith("…") and len(shown) < 200  # cut at a word, not the whole text
