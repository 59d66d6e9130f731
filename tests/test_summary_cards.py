"""The summary card: valid Adaptive Card 1.5 with fallbacks, Swedish formats, size bound."""

from __future__ import annotations

from datetime import date

from cards.common import MAX_MESSAGE_BYTES, message_bytes
from cards.summary import VERB_REPORT, VERB_SHOW, summary_card
from followup.summary import (
    AttentionItem,
    ChildLine,
    DecisionLine,
    IndicatorLine,
    MissingUnit,
    ReportingCounts,
    StatusCounts,
    Summary,
    SummaryNav,
    Trend,
    UnitRef,
)
from followup.sv_format import NBSP
from testing.adaptive_card_check import card_problems, iter_actions, iter_elements, text_of

KOMMUN = UnitRef(1, "K", "Exempelkommunen")
BOU = UnitRef(2, "BOU", "Barn- och utbildningsförvaltningen")
SKOLA = UnitRef(5, "SK1", "Norrskolan")


def sample(**changes: object) -> Summary:
    base = Summary(
        period="2026-10",
        root=KOMMUN,
        ancestors=(),
        units=1234,
        perspectives={
            "citizens": StatusCounts(green=10, yellow=3, red=2, not_reported=1),
            "operations": StatusCounts(green=4),
            "economy": None,
            "employees": StatusCounts(not_reported=2),
        },
        reporting=ReportingCounts(
            on_time=20, late=3, missing=4,
            missing_units=(MissingUnit(SKOLA, "Vera Vikarie", True),
                           MissingUnit(UnitRef(6, "SK2", "Söderskolan"), None, False)),
        ),
        own_report="none",
        trends=(Trend("previous", "2026-09", 12, 3, 2, 1), Trend("last_year", "2025-10")),
        attention=(
            AttentionItem(10, "Trygg skolväg", "citizens", SKOLA, "Vera Vikarie", 3, 1,
                          "Vägarbete.", "Skolvärdar."),
        ),
        attention_total=2,
        indicators=(
            IndicatorLine(20, "Nöjda brukare", BOU, "Andel nöjda", "%", 80.0, "higher", 82.5,
                          child_goals=4, child_reported=3, child_aggregate=71.25,
                          child_aggregated=2,
                          child_met=1),
            IndicatorLine(21, "Budget", BOU, "Avvikelse", "tkr", 0.0, "higher", -1234.5),
        ),
        indicators_total=2,
        decisions=(
            DecisionLine(30, "KS 2026/123", "Ny skolplan", BOU, date(2026, 11, 3),
                         "in_progress", True),
            DecisionLine(31, "KS 2026/124", "Översyn", SKOLA, None, "not_started", False),
        ),
        decisions_total=5,
        decisions_overdue=1,
        decisions_done_this_month=2,
        oldest_open_decision=("KS 2025/88", date(2025, 12, 9)),
        children=(
            ChildLine(BOU, True, StatusCounts(5, 1, 2, 0), ReportingCounts(10, 1, 2), "on_time"),
            ChildLine(UnitRef(3, "KLK", "Kommunledningskontoret"), False, StatusCounts(),
                      ReportingCounts(), "none"),
        ),
        children_total=2,
    )
    fields = {**base.__dict__, **changes}
    return Summary(**fields)  # type: ignore[arg-type]


NAV = SummaryNav(previous_period="2026-09", next_period=None, up=None, drill_down=True)


def test_card_is_valid_1_5_with_fallbacks_for_charts_and_execute() -> None:
    card = summary_card(sample(), NAV)
    assert card_problems(card) == []
    donuts = iter_elements(card, "Chart.Donut")
    # Economy has no goals: no chart but a dash.
    assert len(donuts) == 3
    for donut in donuts:
        assert donut["fallback"]["type"] == "FactSet"
    executes = [a for a in iter_actions(card) if a["type"] == "Action.Execute"]
    assert executes and all(a["fallback"]["type"] == "Action.Submit" for a in executes)


def test_fallback_factset_shows_the_same_numbers_with_words() -> None:
    card = summary_card(sample(), NAV)
    citizens = iter_elements(card, "Chart.Donut")[0]
    facts = {f["title"]: f["value"] for f in citizens["fallback"]["facts"]}
    assert facts == {"Uppfylls": "10", "Uppfylls delvis": "3", "Uppfylls inte": "2",
                     "Ej rapporterat": "1"}
    legends = [d["legend"] for d in citizens["data"]]
    assert legends == ["Uppfylls", "Uppfylls delvis", "Uppfylls inte", "Ej rapporterat"]


def test_perspective_without_goals_shows_a_dash_not_zero() -> None:
    card = summary_card(sample(), NAV)
    text = text_of(card)
    assert "Ekonomi\n–\nInga mål" in text
    employees = iter_elements(card, "Chart.Donut")[2]
    assert [d["legend"] for d in employees["data"]] == ["Ej rapporterat"]


def test_swedish_formats_for_numbers_percent_and_dates() -> None:
    text = text_of(summary_card(sample(), NAV))
    assert "Sammanställning oktober 2026" in text
    assert f"Exempelkommunen · 1{NBSP}234 enheter" in text
    assert f"Utfall 82,5{NBSP}%, målvärde 80{NBSP}% – når målvärdet" in text
    assert "Nedbrutet i 4 mål: 3 har rapporterat utfall, 1 når sitt målvärde." in text
    assert f"Medel för samma indikator: 71,3{NBSP}% (2 mål)" in text  # rounded half up
    assert f"-1{NBSP}234,5{NBSP}tkr" in text
    assert "försenat, skulle vara klart 3 november 2026" in text
    assert "23 av 27 enheter har rapporterat." in text
    assert "Norrskolan (Vera Vikarie, utkast)" in text and "+2 till" in text
    assert "Mot september 2026: 3 bättre · 2 sämre · 1 nya som inte uppfylls" in text
    assert "Mot oktober 2025: Inga jämförbara resultat" in text
    assert "Öppna beslut (5, varav 1 försenat)" in text  # ett beslut: försenat
    assert "Ärendebalans: öppna 5 · försenade 1 · klara denna månad 2" in text
    assert "Äldsta öppna: KS 2025/88, beslutat 9 december 2025" in text


def test_decision_balance_shows_when_nothing_is_open_but_some_were_done() -> None:
    text = text_of(summary_card(sample(decisions=(), decisions_total=0, decisions_overdue=0,
                                       oldest_open_decision=None), NAV))
    assert "Beslut" in text and "Öppna beslut" not in text
    assert "Ärendebalans: öppna 0 · försenade 0 · klara denna månad 2" in text
    assert "Äldsta öppna" not in text
    quiet = text_of(summary_card(sample(decisions=(), decisions_total=0, decisions_overdue=0,
                                        decisions_done_this_month=0,
                                        oldest_open_decision=None), NAV))
    assert "Ärendebalans" not in quiet


def test_english_card() -> None:
    text = text_of(summary_card(sample(), NAV, lang="en"))
    assert "Summary October 2026" in text and "Not met" in text
    assert "Outcome 82.5%, target 80% – target reached" in text


def test_buttons_drill_down_report_and_periods_carry_unit_and_period() -> None:
    nav = SummaryNav(previous_period="2026-09", next_period="2026-11", up=UnitRef(9, "X", "Över"))
    card = summary_card(sample(), nav)
    actions = iter_actions(card)
    show = [(a["data"]["unit"], a["data"]["period"], a["title"]) for a in actions
            if a.get("verb") == VERB_SHOW]
    assert (2, "2026-10", "Visa") in show  # drill into BOU (it has children)
    assert (3, "2026-10", "Visa") not in show  # a unit without children has nothing below
    assert (1, "2026-09", "‹ september 2026") in show
    assert (1, "2026-11", "november 2026 ›") in show
    assert (9, "2026-10", "↑ Över") in show
    reports = {(a["data"]["unit"], a["data"]["period"]) for a in actions
               if a.get("verb") == VERB_REPORT}
    assert (5, "2026-10") in reports  # from the attention list
    assert (2, "2026-10") in reports  # the child's own report
    for action in actions:
        if action["type"] == "Action.Execute":
            assert action["fallback"]["data"] == {"verb": action["verb"], **{
                k: v for k, v in action["data"].items() if k != "verb"}}


def test_no_drill_buttons_when_drill_down_is_off() -> None:
    card = summary_card(sample(), SummaryNav(drill_down=False))
    assert not [a for a in iter_actions(card)
                if a.get("verb") == VERB_SHOW and a["data"]["unit"] == 2]


def test_card_stays_under_80_kb_with_many_red_goals_and_long_texts() -> None:
    long_text = "Mycket lång analys med många ord. " * 200
    many = tuple(
        AttentionItem(i, f"Mål nummer {i} med en lång titel " * 5, "economy",
                      UnitRef(1000 + i, f"U{i}", f"Enhet {i} med ett långt namn " * 3),
                      "Namn Namnsson", i % 7 + 1, i % 3 + 1, long_text, long_text)
        for i in range(500)
    )
    children = tuple(
        ChildLine(UnitRef(5000 + i, f"C{i}", f"Underenhet {i} " * 6), True,
                  StatusCounts(1, 2, 3, 4), ReportingCounts(1, 1, 1), "late")
        for i in range(400)
    )
    missing = tuple(MissingUnit(UnitRef(9000 + i, f"M{i}", f"Saknad enhet {i} " * 5),
                                "Någon Annan", False) for i in range(300))
    summary = sample(
        attention=many, attention_total=5000, children=children, children_total=400,
        reporting=ReportingCounts(1, 1, 300, missing),
    )
    card = summary_card(summary, NAV)
    assert message_bytes(card) <= MAX_MESSAGE_BYTES
    assert card_problems(card) == []
    text = text_of(card)
    assert "Behöver uppmärksamhet (5" in text
    assert "+4" in text and " till" in text  # the rest is counted, not dropped silently


def test_unreasonably_long_names_still_give_a_card_under_the_limit() -> None:
    huge = UnitRef(1, "K", "Ö" * 30_000)
    summary = sample(root=huge, ancestors=(UnitRef(7, "A", "Å" * 30_000),))
    card = summary_card(summary, NAV)
    assert message_bytes(card) <= MAX_MESSAGE_BYTES
    assert card_problems(card) == []


# --------------------------------------------------------------------------- one screen


def _many_attention(n: int) -> Summary:
    items = tuple(
        AttentionItem(100 + i, f"Mål {i} som inte uppfylls", "citizens", SKOLA, "Vera Vikarie",
                      2, 1, "Analys. " * 30, "Åtgärd. " * 30)
        for i in range(n)
    )
    return sample(attention=items[:10], attention_total=n)


def _visible(card: dict[str, object]) -> list[dict[str, object]]:
    body = card["body"]
    assert isinstance(body, list)
    return [e for e in body if e.get("isVisible") is not False]


def test_the_overview_fits_one_screen_and_the_details_open_in_place() -> None:
    from testing.adaptive_card_check import visible_height

    card = summary_card(_many_attention(14), NAV)
    assert card_problems(card) == []  # every toggle's target exists
    shown = text_of({"body": _visible(card)})
    assert "23 av 27 enheter har rapporterat. (3 sent, 4 saknas)" in shown
    for perspective in ("Medborgare", "Verksamhet", "Ekonomi", "Medarbetare"):
        assert f"{perspective}: " in shown
    assert "Behöver uppmärksamhet (14)" in shown
    assert sum("Mål " in line and "som inte uppfylls" in line
               for line in shown.splitlines()) == 3
    assert "Analys." not in shown  # the long texts are in the details
    assert visible_height(card) < 700  # one screen; the old card was ~2,000 px here
    # "+11 till" opens the rest of the attention list in place
    more = next(a for a in iter_actions(card) if a.get("title") == "+11 till")
    assert more["type"] == "Action.ToggleVisibility"
    (target,) = more["targetElements"]
    rest = next(e for e in card["body"] if e.get("id") == target)
    assert rest["isVisible"] is False and "Mål 9 som inte uppfylls" in text_of(rest)
    toggles = [a for a in iter_actions(card) if a["type"] == "Action.ToggleVisibility"]
    titles = {a["title"] for a in toggles}
    assert {"Rapportering", "Diagram", "Indikatorer (2)", "Beslut (5)",
            "Enheter (2)"} <= titles


def test_no_row_of_buttons_is_clipped() -> None:
    card = summary_card(_many_attention(14), NAV)
    sets = iter_elements(card, "ActionSet")
    assert sets and all(len(s["actions"]) <= 3 for s in sets)
    assert len(card.get("actions", [])) <= 4


def test_statuses_have_colour_and_word_and_no_text_is_pale() -> None:
    card = summary_card(sample(), NAV)
    runs = [i for block in iter_elements(card, "RichTextBlock") for i in block["inlines"]]
    # each count: a glyph in its colour, then the count with its word (default colour:
    # green and yellow text would fall below 4.5:1 contrast)
    pairs = {runs[i + 1]["text"]: runs[i].get("color") for i in range(len(runs) - 1)
             if runs[i].get("color") and runs[i]["text"].strip() in ("●", "◐", "○")}
    assert pairs["10 uppfylls"] == "Good"
    assert pairs["3 uppfylls delvis"] == "Warning"
    assert pairs["2 uppfylls inte"] == "Attention"
    words = [r for r in runs if "uppfylls" in r["text"] and r["text"][0].isdigit()]
    assert words and all(r.get("color") in (None, "Default") for r in words)
    red = next(r for r in runs if r["text"] == "Uppfylls inte: ")
    assert red["color"] == "Attention"  # red text has the contrast
    assert "isSubtle" not in str(card)  # pale text is below 4.5:1 contrast


def test_amounts_show_a_sum_and_counts_read_as_st() -> None:
    # Issue 17 §3/§8: money is summed ("Summa", not "Medel"), "15 antal" reads "15 st",
    # a goal red for the first time is "Uppfylls inte den här perioden".
    money = IndicatorLine(22, "Budget i balans", BOU, "Avvikelse", "tkr", 0.0, "higher", -10.0,
                          child_goals=5, child_reported=5, aggregation="sum",
                          child_aggregate=-84.86, child_aggregated=5)
    count = IndicatorLine(23, "Färre fallolyckor", BOU, "Antal fallolyckor", "antal", 10.0,
                          "lower", 15.0)
    red_once = AttentionItem(11, "Nöjda elever", "citizens", SKOLA, None, 1, 1, "", "")
    text = text_of(summary_card(sample(indicators=(money, count), indicators_total=2,
                                       attention=(red_once,), attention_total=1), NAV))
    assert f"Summa för samma indikator: -84,86{NBSP}tkr (5 mål)." in text
    assert "Medel för samma indikator" not in text
    assert f"Utfall 15{NBSP}st, målvärde 10{NBSP}st" in text and "antal" not in text
    assert "Uppfylls inte den här perioden" in text and "sedan den här" not in text
