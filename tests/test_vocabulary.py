"""Every status word parses back to its status, and so does every label the bot shows."""

from __future__ import annotations

import pytest

from followup import vocabulary as v
from followup.decision_rules import STATUS_ORDER as DECISION_STATUS_ORDER
from followup.decision_rules import DecisionStatus
from followup.report_rules import STATUS_ORDER, ResultStatus, parse_status
from i18n import t
from services.importing.columns import normalise_choice
from services.importing.decisions import STATUSES


@pytest.mark.parametrize("status", list(v.ResultStatus))
def test_every_result_word_parses_back_to_its_status(status: v.ResultStatus) -> None:
    for word in v.RESULT_WORDS[status]:
        assert v.parse_result(word) is status, word
        assert parse_status(word.upper()) is status, word  # the rules' parser, any case
    for lang in ("sv", "en"):
        for key in ("report_text.status", "summary.status"):
            label = t(lang, f"{key}.{status.value}")
            assert v.parse_result(label) is status, label


def test_result_words_are_not_shared_and_choice_synonyms_are_result_words_or_safe() -> None:
    seen: dict[str, v.ResultStatus] = {}
    for status, words in v.RESULT_WORDS.items():
        for word in words:
            assert word not in seen, f"{word!r} names {seen.get(word)} and {status}"
            seen[word] = status
    for status, synonyms in v.RESULT_CHOICE_SYNONYMS.items():
        for word in synonyms:
            assert seen.get(word, status) is status, word
    with pytest.raises(ValueError, match="kanske"):
        v.parse_result("kanske")
    assert v.parse_result("  ") is None


@pytest.mark.parametrize("status", list(v.DecisionStatus))
def test_every_decision_word_parses_back_to_its_status(status: v.DecisionStatus) -> None:
    for word in (*v.DECISION_WORDS[status], status.value):
        assert v.parse_decision_word(word.capitalize()) is status, word
        assert STATUSES[normalise_choice(word)] == status.value, word  # the import's map
    for lang in ("sv", "en"):
        label = t(lang, f"decision.status.{status.value}")
        assert label.lower().startswith(tuple(v.DECISION_WORDS[status])), label
    assert v.parse_decision_word("kanske") is None


def test_the_old_homes_re_export_the_one_vocabulary() -> None:
    assert ResultStatus is v.ResultStatus and STATUS_ORDER == v.RESULT_ORDER
    assert DecisionStatus is v.DecisionStatus and DECISION_STATUS_ORDER == v.DECISION_ORDER
    assert [s.value for s in v.REPORT_ORDER] == ["not_started", "draft", "submitted"]
