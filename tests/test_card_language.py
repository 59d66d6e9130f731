"""Issue 17 §8: date pickers in the user's language, answer buttons that work everywhere."""

from __future__ import annotations

from cards.common import answer_buttons
from cards.decisions import new_decision_card
from testing.adaptive_card_check import card_problems

UNITS = [("BUF", "Barn- och utbildningsförvaltningen"), ("SOC", "Socialförvaltningen")]


def test_the_new_decision_card_with_its_date_pickers_is_in_the_users_language() -> None:
    swedish = new_decision_card("sv", UNITS)
    assert swedish["lang"] == "sv-SE"
    assert new_decision_card("en", UNITS)["lang"] == "en-GB"
    assert not card_problems(swedish)
    dates = [e for e in _elements(swedish) if e.get("type") == "Input.Date"]
    assert len(dates) == 2


def test_answer_buttons_post_their_word_as_the_users_message() -> None:
    buttons = answer_buttons(["Uppfylls", "Uppfylls delvis"])
    assert not card_problems(buttons)
    assert buttons["lang"] == "sv-SE"
    assert [a["data"] for a in buttons["actions"]] == [
        {"msteams": {"type": "imBack", "value": "Uppfylls"}},
        {"msteams": {"type": "imBack", "value": "Uppfylls delvis"}},
    ]


def _elements(node: object) -> list[dict[str, object]]:
    found: list[dict[str, object]] = []
    if isinstance(node, dict):
        found.append(node)
        for value in node.values():
            found += _elements(value)
    elif isinstance(node, list):
        for value in node:
            found += _elements(value)
    return found
