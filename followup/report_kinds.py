"""Report kinds: what a report asks, declared once (DESIGN.md §9 "Report kinds").

A :class:`ReportKind` declares

* ``key`` – stored on the period (``reporting_periods.kind``) and used for texts;
* ``cadence`` – which kinds of :class:`followup.period.Period` it is asked for;
* ``subject`` – what reports (``"unit"`` for now; ``"person"`` later);
* ``sections`` – the parts of the form, each with its ``fields``
  (:class:`FieldSpec`: name, type, when required, max length, choices).

Two kinds are declared here: :data:`MONTHLY` (the monthly report: status, value,
"Resultat och analys", "Utveckling – åtgärder") and :data:`STEERING` (tertial, delår and
helår: the same fields with a longer analysis, and per goal ``year_end`` – *bedömd
måluppfyllelse vid årets slut*: uppfylls / delvis / uppfylls inte).

Everything that shows, reads, checks or stores a report walks the kind's declaration:
the card wizard (:mod:`cards.report`), the text dialog (:mod:`dialogs.report_text`),
validation (:mod:`followup.report_rules`), storage (:mod:`storage.reports`; fields that
are not one of the four :data:`CORE_FIELDS` go to ``goal_results.extra``, a JSON object)
and the export.

Adding a kind
    Declare a ``ReportKind`` (reuse :data:`STATUS`, :data:`VALUE`, … and add your
    ``FieldSpec`` s), :func:`register_kind` it, and add its texts: a field's label
    ``report.field.<name>`` (and ``report.choice.<name>.<value>`` for each choice) in an
    ``i18n`` module. Texts that differ per kind are looked up as ``<key>@<kind key>``
    first (:func:`i18n.catalog.t_kind`), e.g. ``report.step.title@steering``. A period row whose
    ``kind`` is the new key is then asked with the new form; see
    ``tests/test_report_kinds.py`` for a throw-away kind driven through the card wizard.

Adding a section (economy, mandate, …)
    Declare a :class:`SectionSpec` with its own ``key`` and ``fields`` and add it to a
    kind's ``sections`` (``dataclasses.replace(STEERING, sections=(*STEERING.sections,
    ECONOMY))``). Sections with ``per="goal"`` are walked per goal by the wizard and the
    text dialog (their fields appear after the goal's own and are stored in ``extra``);
    a section with ``per="report"`` is asked once per report – its owner provides the
    step (card and storage) and reads its fields from ``ReportKind.section(key)``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

from followup.period import Period, PeriodKind
from followup.vocabulary import RESULT_CHOICE_SYNONYMS, RESULT_WORDS, normalise_word

FieldType = Literal["status", "number", "text", "choice"]
#: ``never``; ``submit`` (must be set to submit); ``not_green`` (needed to submit when
#: the goal's status is delvis / uppfylls inte: the improvement actions).
Required = Literal["never", "submit", "not_green"]

#: Fields with a column of their own in ``goal_results``; every other field is stored
#: in the row's ``extra`` JSON object.
CORE_FIELDS: tuple[str, ...] = ("status", "value", "analysis", "actions")


@dataclass(frozen=True)
class FieldSpec:
    """One input of a report, per goal (or per report).

    ``choices`` are the stored values of a ``choice`` field, shown as
    ``report.choice.<name>.<value>``; ``words`` are what a person may type or a client
    send for each choice (besides the value itself and its 1-based number).
    """

    name: str
    type: FieldType
    required: Required = "never"
    max_length: int | None = None
    choices: tuple[str, ...] = ()
    words: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    #: Synonyms a text dialog's choice prompt offers for each choice (it matches words
    #: inside the answer, so none may start another choice's phrase).
    prompt_words: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def label_key(self) -> str:
        return f"report.field.{self.name}"

    @property
    def core(self) -> bool:
        return self.name in CORE_FIELDS

    def choice_key(self, value: str) -> str:
        return f"report.choice.{self.name}.{value}"

    def parse_choice(self, text: str) -> str | None:
        """The stored value a typed choice means (``"delvis"`` -> ``"yellow"``); None for
        text that is no choice. Empty text is for the caller (no value)."""
        needle = normalise_word(text)
        for number, value in enumerate(self.choices, start=1):
            if needle in (value.lower(), str(number)) or needle in self.words.get(value, ()):
                return value
        return None


@dataclass(frozen=True)
class SectionSpec:
    """A part of a report: ``per="goal"`` fields are asked for every goal."""

    key: str
    fields: tuple[FieldSpec, ...]
    per: Literal["goal", "report"] = "goal"

    def field(self, name: str) -> FieldSpec | None:
        return next((f for f in self.fields if f.name == name), None)


@dataclass(frozen=True)
class ReportKind:
    """What a report asks for which periods (see the module docstring)."""

    key: str
    cadence: tuple[PeriodKind, ...]
    sections: tuple[SectionSpec, ...]
    subject: Literal["unit", "person"] = "unit"

    def section(self, key: str) -> SectionSpec | None:
        return next((s for s in self.sections if s.key == key), None)

    @property
    def report_sections(self) -> tuple[SectionSpec, ...]:
        """The sections asked once per report, in the order declared."""
        return tuple(s for s in self.sections if s.per == "report")

    @cached_property
    def goal_fields(self) -> tuple[FieldSpec, ...]:
        """Every per-goal field, in the order asked."""
        return tuple(f for s in self.sections if s.per == "goal" for f in s.fields)

    @cached_property
    def extra_fields(self) -> tuple[FieldSpec, ...]:
        """The per-goal fields stored in ``goal_results.extra``."""
        return tuple(f for f in self.goal_fields if not f.core)

    def goal_field(self, name: str) -> FieldSpec | None:
        return next((f for f in self.goal_fields if f.name == name), None)

    def asks(self, name: str) -> bool:
        return self.goal_field(name) is not None

    def max_length(self, name: str, default: int) -> int:
        spec = self.goal_field(name)
        return spec.max_length if spec is not None and spec.max_length else default


# --------------------------------------------------------------------------- fields

#: Words for the three levels of goal attainment (uppfylls / delvis / uppfylls inte), and
#: those the text dialog's choice prompt offers (from the one vocabulary).
ATTAINMENT_WORDS: Mapping[str, tuple[str, ...]] = {
    status.value: words for status, words in RESULT_WORDS.items()}
ATTAINMENT_PROMPT_WORDS: Mapping[str, tuple[str, ...]] = {
    status.value: words for status, words in RESULT_CHOICE_SYNONYMS.items()}
ATTAINMENT_CHOICES: tuple[str, ...] = ("green", "yellow", "red")

MONTHLY_TEXT_CHARS = 2000
LONG_ANALYSIS_CHARS = 4000

STATUS = FieldSpec("status", "status", required="submit", choices=ATTAINMENT_CHOICES,
                   words=ATTAINMENT_WORDS)
VALUE = FieldSpec("value", "number", max_length=40)
ANALYSIS = FieldSpec("analysis", "text", max_length=MONTHLY_TEXT_CHARS)
ACTIONS = FieldSpec("actions", "text", required="not_green", max_length=MONTHLY_TEXT_CHARS)
LONG_ANALYSIS = FieldSpec("analysis", "text", max_length=LONG_ANALYSIS_CHARS)
#: Bedömd måluppfyllelse vid årets slut.
YEAR_END = FieldSpec("year_end", "choice", required="submit", choices=ATTAINMENT_CHOICES,
                     words=ATTAINMENT_WORDS, prompt_words=ATTAINMENT_PROMPT_WORDS)

GOALS = "goals"

#: The Ekonomi step (units with a budget): helårsprognos in tkr and its comment, asked
#: once per report; :mod:`dialogs.report_sections` provides the step.
ECONOMY = SectionSpec("economy", (
    FieldSpec("economy_forecast", "text", required="submit", max_length=40),
    FieldSpec("economy_comment", "text", max_length=2000),
), per="report")
#: Anmälan av delegationsbeslut (managers holding delegation points): the decisions of
#: what the report covers, or "inga beslut"; :mod:`dialogs.report_sections` provides the
#: step. In every built-in kind (a T1, the delår and the helår replace the month's report;
#: :mod:`followup.anmalan` says which decision dates each anmälan covers).
MANDATE = SectionSpec("mandate", (
    FieldSpec("mandate_decisions", "text", required="submit"),
), per="report")

MONTHLY = ReportKind(
    key="monthly", cadence=("month",),
    sections=(SectionSpec(GOALS, (STATUS, VALUE, ANALYSIS, ACTIONS)), ECONOMY, MANDATE),
)
STEERING = ReportKind(
    key="steering", cadence=("tertial", "delar", "year"),
    sections=(SectionSpec(GOALS, (STATUS, VALUE, LONG_ANALYSIS, ACTIONS, YEAR_END)),
              ECONOMY, MANDATE),
)

_KINDS: dict[str, ReportKind] = {MONTHLY.key: MONTHLY, STEERING.key: STEERING}


def register_kind(kind: ReportKind) -> ReportKind:
    """Make ``kind`` known by its key (a period row naming it is asked with its form)."""
    existing = _KINDS.get(kind.key)
    if existing is not None and existing != kind:
        raise ValueError(f"report kind {kind.key!r} is already declared")
    _KINDS[kind.key] = kind
    return kind


def unregister_kind(key: str) -> None:
    """Forget a kind registered by :func:`register_kind` (tests' throw-away kinds)."""
    if key in (MONTHLY.key, STEERING.key):
        raise ValueError(f"report kind {key!r} is built in")
    _KINDS.pop(key, None)


def known_goal_fields() -> frozenset[str]:
    """The names of every per-goal field of every known kind (what a card may send)."""
    return frozenset(f.name for kind in _KINDS.values() for f in kind.goal_fields)


def kind_by_key(key: str | None) -> ReportKind | None:
    return _KINDS.get(key) if key else None


def kind_for_period(code: str, stored: str | None = None) -> ReportKind:
    """The kind asked for the period ``code``: the one stored on its row, else the first
    built-in kind whose cadence has the period's kind (a month: :data:`MONTHLY`)."""
    known = kind_by_key(stored)
    if known is not None:
        return known
    if len(code) == 7 and code[4] == "-" and code[5:].isdigit():  # a month: the usual case
        return MONTHLY
    try:
        period_kind = Period.parse(code).kind
    except ValueError:
        return MONTHLY
    return STEERING if period_kind in STEERING.cadence else MONTHLY

