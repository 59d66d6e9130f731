"""How an indicator's values of several units combine into one figure (the roll-up).

Amounts are summed — money (``kr``, ``tkr``, ``mkr``) and counts (``antal``, ``st``):
five förskolor's budget deviations of -20 tkr each are -100 tkr for the förvaltning, not
-20 tkr. Rates and everything else (``%``, days, index, points) are averaged. A goal may
name its rule explicitly (import column *Aggregering*); without one the unit of measure
decides (:func:`default_aggregation`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal, get_args

Aggregation = Literal["sum", "mean"]
AGGREGATIONS: tuple[Aggregation, ...] = get_args(Aggregation)

# Units of measure (lower case, without spaces around) whose values are amounts.
_SUMMED_UNITS = frozenset({
    "kr", "kronor", "sek", ":-", "tkr", "tsek", "mkr", "msek", "miljoner kronor",
    "antal", "st", "stycken", "st.", "personer", "pers", "ärenden",
})

# The words the import accepts (besides the rule's own key), per rule.
SYNONYMS: dict[Aggregation, tuple[str, ...]] = {
    "sum": ("summa", "summera", "summeras", "total"),
    "mean": ("medel", "medelvärde", "medelvarde", "snitt", "genomsnitt", "average", "avg"),
}
_WORDS: dict[str, Aggregation] = {
    word: rule for rule, words in SYNONYMS.items() for word in (rule, *words)
}
WORDS_SV: dict[str, str] = {"sum": "summa", "mean": "medel"}
WORDS_EN: dict[str, str] = {"sum": "sum", "mean": "mean"}


def default_aggregation(unit_of_measure: str | None) -> Aggregation:
    """``"tkr"`` -> ``"sum"``, ``"antal"`` -> ``"sum"``, ``"%"`` -> ``"mean"``; an
    unknown or missing unit -> ``"mean"`` (the safe choice for rates and scores)."""
    unit = (unit_of_measure or "").strip().lower()
    return "sum" if unit in _SUMMED_UNITS else "mean"


def effective_aggregation(rule: str | None, unit_of_measure: str | None) -> Aggregation:
    """The goal's own rule when it has a valid one, else the unit of measure's default."""
    if rule == "sum":
        return "sum"
    if rule == "mean":
        return "mean"
    return default_aggregation(unit_of_measure)


def parse_aggregation(word: str) -> Aggregation | None:
    """The rule a person wrote (``"Summa"``, ``"medelvärde"``, ``"mean"``), or ``None``
    when the word is not one of them."""
    return _WORDS.get(word.strip().lower())


def aggregation_word(rule: str, lang: str = "sv") -> str:
    """``"sum"`` -> ``"summa"`` (sv) / ``"sum"`` (en)."""
    words = WORDS_EN if lang == "en" else WORDS_SV
    return words.get(rule, rule)


def aggregate(values: Iterable[float | None], rule: Aggregation) -> float | None:
    """The values (``None`` left out) summed or averaged; ``None`` when there are none."""
    known = [float(v) for v in values if v is not None]
    if not known:
        return None
    total = sum(known)
    return total if rule == "sum" else total / len(known)
