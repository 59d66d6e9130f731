"""Every status of the follow-up and the words that name it — in one place.

* ``ResultStatus``: a goal's result (uppfylls / uppfylls delvis / uppfylls inte).
* ``ReportStatus``: a unit report's state (ej påbörjad / utkast / inskickad).
* ``DecisionStatus``: a decision's state (ej påbörjat / pågår / genomfört / avslutat).
* ``AnalysisState``: a leader's level analysis (ej påbörjad / utkast / klar).

The words are what a person may type (text dialog, imports) or a client may send; they
are lower case and normalised. The labels *shown* are i18n texts (``report_text.status.*``,
``decision.status.*``, …); each of those parses back to its status here too.
"""

from __future__ import annotations

from enum import StrEnum


class ResultStatus(StrEnum):
    GREEN = "green"  # uppfylls
    YELLOW = "yellow"  # uppfylls delvis
    RED = "red"  # uppfylls inte


RESULT_ORDER: tuple[ResultStatus, ...] = (ResultStatus.GREEN, ResultStatus.YELLOW,
                                          ResultStatus.RED)

#: Words for a result status (exact match after normalising; see ``parse_result``).
RESULT_WORDS: dict[ResultStatus, tuple[str, ...]] = {
    ResultStatus.GREEN: ("green", "grön", "gron", "uppfylls", "uppfyllt", "met", "1"),
    ResultStatus.YELLOW: (
        "yellow", "gul", "delvis", "uppfylls delvis", "delvis uppfyllt", "partly met",
        "partially met", "2",
    ),
    ResultStatus.RED: (
        "red", "röd", "rod", "uppfylls inte", "inte", "ej uppfyllt", "not met", "3",
    ),
}

#: Synonyms the text dialog's choice prompt offers next to each shown choice. The prompt
#: matches words inside the answer, so these avoid words that start another status's
#: phrase ("uppfylls" is in "uppfylls delvis"); numbers are the prompt's own.
RESULT_CHOICE_SYNONYMS: dict[ResultStatus, tuple[str, ...]] = {
    ResultStatus.GREEN: ("grön", "gron", "green", "uppfyllt", "met"),
    ResultStatus.YELLOW: ("gul", "yellow", "delvis", "partly", "partly met"),
    ResultStatus.RED: ("röd", "rod", "red", "inte", "not met", "uppfylls ej"),
}


class ReportStatus(StrEnum):
    NOT_STARTED = "not_started"  # no row yet
    DRAFT = "draft"
    SUBMITTED = "submitted"


REPORT_ORDER: tuple[ReportStatus, ...] = (ReportStatus.NOT_STARTED, ReportStatus.DRAFT,
                                          ReportStatus.SUBMITTED)


class DecisionStatus(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    CANCELLED = "cancelled"


DECISION_ORDER: tuple[DecisionStatus, ...] = (
    DecisionStatus.NOT_STARTED,
    DecisionStatus.IN_PROGRESS,
    DecisionStatus.DONE,
    DecisionStatus.CANCELLED,
)
OPEN_DECISION: tuple[DecisionStatus, ...] = (DecisionStatus.NOT_STARTED,
                                             DecisionStatus.IN_PROGRESS)
CLOSED_DECISION: tuple[DecisionStatus, ...] = (DecisionStatus.DONE, DecisionStatus.CANCELLED)

#: Words for a decision status (imports and typed text; the key itself is accepted too).
DECISION_WORDS: dict[DecisionStatus, tuple[str, ...]] = {
    DecisionStatus.NOT_STARTED: ("ej påbörjat", "ej påbörjad", "ej startat", "inte påbörjat",
                                 "not started"),
    DecisionStatus.IN_PROGRESS: ("pågår", "pågående", "påbörjat", "in progress"),
    DecisionStatus.DONE: ("genomfört", "genomförd", "klart", "klar", "done", "completed"),
    DecisionStatus.CANCELLED: ("avslutat utan genomförande", "avslutat", "avbrutet",
                               "makulerat", "cancelled", "canceled"),
}


class AnalysisState(StrEnum):
    NOT_STARTED = "not_started"
    DRAFT = "draft"
    DONE = "done"


def normalise_word(text: str) -> str:
    """Lower case, dashes as spaces, spaces collapsed: ``"Uppfylls – delvis"``."""
    return " ".join(text.strip().lower().replace("–", " ").replace("-", " ").split())


def parse_result(text: str | None) -> ResultStatus | None:
    """``"uppfylls delvis"``, ``"gul"``, ``"yellow"`` … → ``ResultStatus.YELLOW``.

    Empty text → None. Raises ValueError for anything not recognised.
    """
    if text is None or not text.strip():
        return None
    needle = normalise_word(text)
    for status, words in RESULT_WORDS.items():
        if needle in words:
            return status
    raise ValueError(f"unknown status {text!r}")


def parse_decision_word(text: str | None) -> DecisionStatus | None:
    """``"Pågår"``, ``"in progress"``, ``"in_progress"`` → ``IN_PROGRESS``; None if unknown."""
    if text is None:
        return None
    needle = " ".join(str(text).strip().lower().split())
    for status in DECISION_ORDER:
        if needle == status.value or needle in DECISION_WORDS[status]:
            return status
    return None
