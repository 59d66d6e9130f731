"""Rules of the monthly report, as pure functions on plain dataclasses.

A manager reports, per goal, a status (``green`` uppfylls / ``yellow`` uppfylls delvis /
``red`` uppfylls inte), an optional indicator value, "Resultat och analys" and
"Utveckling – åtgärder" (required when the status is not green).

What the user typed arrives as :class:`RawGoalInput` (strings; ``None`` = "field not
sent, keep what is stored"). :func:`validate_inputs` merges it with the stored
:class:`ResultValues` and returns the clean values or :class:`FieldError` s that name
the goal, the field and an i18n key (texts live in ``i18n/report.py``), so every client –
card or text dialog – can show the message at the field.

The report is walked in steps: one per perspective, a large perspective split into
several steps (:func:`plan_steps`) so that a card stays well under Teams' size limit.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from json.encoder import encode_basestring_ascii
from typing import Any

from followup.perspectives import PERSPECTIVE_ORDER, Perspective
from followup.report_kinds import MONTHLY, FieldSpec, ReportKind
from followup.sv_format import parse_decimal
from followup.text_input import clean_text
from followup.vocabulary import RESULT_ORDER, ResultStatus, parse_result

MAX_TEXT_CHARS = 2000
MAX_ABS_VALUE = 1e12
DEFAULT_GOALS_PER_STEP = 3  # a step card stays under two screens, its errors in reach
# A step card's budget in bytes as Teams counts a message: the JSON as posted (non-ASCII
# as six-character escapes) in UTF-16, two bytes a character. 80 KB per message, less the
# card's header and buttons, notices and the activity's envelope.
DEFAULT_STEP_BYTE_BUDGET = 80 * 1024 - 14_000
# One goal's block without its texts: labels, status choices, inputs, ids, facts.
GOAL_BLOCK_BYTES = 3_400
# How much of a goal's description (up to 4,000 characters) a step card shows.
STEP_DESCRIPTION_CHARS = 1_000

FIELDS = ("status", "value", "analysis", "actions")


STATUS_ORDER: tuple[ResultStatus, ...] = RESULT_ORDER

_MONEY_UNITS = {"kr", "tkr", "mkr", "sek", "tsek", "msek", "kronor"}
_PERCENT_UNITS = {"%", "procent", "percent"}


# --------------------------------------------------------------------------- data


@dataclass(frozen=True)
class GoalForm:
    """A goal as the report form shows it (what to report on)."""

    goal_id: int
    perspective: str
    title: str
    description: str = ""
    indicator_name: str | None = None
    indicator_unit: str | None = None
    target: float | None = None
    baseline: float | None = None
    direction: str | None = None  # "higher" | "lower" | None
    sort_order: int = 0

    @property
    def has_indicator(self) -> bool:
        return bool(self.indicator_name)


@dataclass(frozen=True)
class ResultValues:
    """A goal's result values (stored draft, last month's, or clean new input)."""

    status: str | None = None
    value: float | None = None
    analysis: str = ""
    actions: str = ""
    #: The kind's other fields (``year_end`` …) as sorted (name, value) pairs; a field
    #: without a value is left out.
    extra: tuple[tuple[str, str], ...] = ()

    @property
    def is_empty(self) -> bool:
        return (self.status is None and self.value is None and not self.analysis
                and not self.actions and not self.extra)

    def get(self, name: str) -> str | None:
        """An extra field's value (None: not set)."""
        return next((v for k, v in self.extra if k == name), None)

    def complete_for(self, kind: ReportKind) -> bool:
        """Ready to submit in a report of ``kind``: :attr:`is_complete`, and every extra
        field the kind requires at submit is set."""
        return self.is_complete and all(
            self.get(f.name) for f in kind.extra_fields if f.required == "submit")

    @property
    def is_complete(self) -> bool:
        """Ready to submit: a status, and improvement actions when not green."""
        if self.status is None:
            return False
        return self.status == ResultStatus.GREEN or bool(self.actions.strip())

    def as_dict(self) -> dict[str, Any]:
        """JSON-safe form, used for the audit log's before/after."""
        out: dict[str, Any] = {
            "status": self.status,
            "value": self.value,
            "analysis": self.analysis,
            "actions": self.actions,
        }
        if self.extra:
            out["extra"] = dict(self.extra)
        return out


def extra_pairs(values: Mapping[str, Any] | None) -> tuple[tuple[str, str], ...]:
    """``{"year_end": "green"}`` (as stored, or typed) -> sorted pairs without empty ones."""
    if not values:
        return ()
    return tuple(sorted((str(k), v) for k, v in values.items() if isinstance(v, str) and v))


EMPTY = ResultValues()


@dataclass(frozen=True)
class RawGoalInput:
    """One goal's fields as typed; ``None`` means "not sent: keep the stored value"."""

    status: str | None = None
    value: str | None = None
    analysis: str | None = None
    actions: str | None = None
    #: The kind's other fields as typed, (name, text) pairs.
    extra: tuple[tuple[str, str], ...] = ()
    #: Fields the client sent with another JSON type than text (a number, a list, an
    #: object): refused with a message at the field, never stored.
    refused: frozenset[str] = frozenset()

    def as_strings(self, current: ResultValues, lang: str = "sv") -> dict[str, str]:
        """The text to show in each field: the typed input, else the stored value."""
        from followup.sv_format import format_number

        stored_value = "" if current.value is None else format_number(current.value, lang=lang)
        shown = {
            "status": self.status if self.status is not None else (current.status or ""),
            "value": self.value if self.value is not None else stored_value,
            "analysis": self.analysis if self.analysis is not None else current.analysis,
            "actions": self.actions if self.actions is not None else current.actions,
        }
        shown.update(current.extra)
        shown.update(self.extra)
        return shown

    def typed_extra(self, name: str) -> str | None:
        return next((v for k, v in self.extra if k == name), None)


@dataclass(frozen=True)
class FieldError:
    """A problem with one field of one goal (``goal_id`` None: the whole request).

    ``key`` is an i18n key; ``params`` fill its placeholders.
    """

    goal_id: int | None
    field: str | None
    key: str
    params: Mapping[str, Any] = dataclasses.field(default_factory=dict)


@dataclass(frozen=True)
class Validation:
    """Result of :func:`validate_inputs`: clean values per goal, or errors."""

    values: dict[int, ResultValues]
    errors: tuple[FieldError, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.errors

    def errors_for(self, goal_id: int) -> dict[str, FieldError]:
        return {e.field or "": e for e in self.errors if e.goal_id == goal_id}


@dataclass(frozen=True)
class ReportStep:
    """One card step: (part of) a perspective's goals. ``key`` e.g. ``"economy"`` or
    ``"economy.2"`` when a perspective is split into several parts."""

    key: str
    perspective: str
    goal_ids: tuple[int, ...]
    part: int = 1
    parts: int = 1


# --------------------------------------------------------------------------- parsing


def parse_status(text: str | None) -> ResultStatus | None:
    """``"uppfylls delvis"``, ``"gul"``, ``"yellow"`` … → ``ResultStatus.YELLOW``.

    Empty text → None. Raises ValueError for anything not recognised.
    """
    return parse_result(text)


def value_bounds(goal: GoalForm) -> tuple[float, float]:
    """The accepted range of a goal's indicator value.

    Percent: 0–100. Other units: not below 0. A negative baseline or target (e.g. a
    budget deviation) allows negative values (percent then −100–100); money (kr, tkr,
    mkr) also when the target is 0 or less. Never beyond ±10¹².
    """
    unit = (goal.indicator_unit or "").strip().lower()
    refs = [x for x in (goal.baseline, goal.target) if x is not None]
    negative_ok = any(x < 0 for x in refs)
    if unit in _MONEY_UNITS and goal.target is not None and goal.target <= 0:
        negative_ok = True
    if unit in _PERCENT_UNITS:
        high = 100.0 if all(x <= 100 for x in refs) else MAX_ABS_VALUE
        return (-100.0 if negative_ok else 0.0), high
    return (-MAX_ABS_VALUE if negative_ok else 0.0), MAX_ABS_VALUE


def parse_value(goal: GoalForm, text: str) -> tuple[float | None, FieldError | None]:
    """Parse an indicator value typed by a person (``"12,5"``); empty → None."""
    if not text.strip():
        return None, None
    if not goal.has_indicator:
        return None, FieldError(goal.goal_id, "value", "report.error.value_no_indicator")
    try:
        value = parse_decimal(text, goal.indicator_unit)
    except ValueError:
        return None, FieldError(goal.goal_id, "value", "report.error.value_not_number",
                                {"text": clean_text(text)[:40]})
    if not math.isfinite(value) or abs(value) >= MAX_ABS_VALUE:
        return None, FieldError(goal.goal_id, "value", "report.error.value_too_large")
    low, high = value_bounds(goal)
    if value < low:
        return None, FieldError(goal.goal_id, "value", "report.error.value_too_small",
                                {"low": low})
    if value > high:
        return None, FieldError(goal.goal_id, "value", "report.error.value_too_high",
                                {"high": high})
    return value, None


# --------------------------------------------------------------------------- validation


def validate_goal(
    goal: GoalForm,
    raw: RawGoalInput,
    current: ResultValues = EMPTY,
    *,
    require_status: bool = False,
    kind: ReportKind = MONTHLY,
) -> tuple[ResultValues, list[FieldError]]:
    """Merge ``raw`` into ``current`` and check the result against the fields ``kind``
    declares (texts' maximum lengths, choices of its other fields).

    Returns the merged values (meaningful only without errors) and the errors.
    ``require_status``: a status must be set (when a submitted report is being changed).
    """
    errors: list[FieldError] = [
        FieldError(goal.goal_id, name, "report.error.status_invalid") if name == "status"
        else FieldError(goal.goal_id, name, "report.error.choice_invalid",
                        {"label_key": f"report.field.{name}"}) if _is_choice(kind, name)
        else FieldError(goal.goal_id, name, "report.error.not_text")
        for name in (*FIELDS, *(f.name for f in kind.extra_fields)) if name in raw.refused
    ]
    status: str | None = current.status
    if raw.status is not None:
        try:
            parsed = parse_status(raw.status)
            status = parsed.value if parsed is not None else None
        except ValueError:
            errors.append(FieldError(goal.goal_id, "status", "report.error.status_invalid"))
    if status is None and require_status and not any(e.field == "status" for e in errors):
        errors.append(FieldError(goal.goal_id, "status", "report.error.status_required"))

    value = current.value
    if raw.value is not None:
        value, error = parse_value(goal, raw.value)
        if error is not None:
            errors.append(error)

    texts: dict[str, str] = {}
    for name in ("analysis", "actions"):
        typed: str | None = getattr(raw, name)
        text = clean_text(typed) if typed is not None else getattr(current, name)
        limit = kind.max_length(name, MAX_TEXT_CHARS)
        if len(text) > limit:
            errors.append(FieldError(goal.goal_id, name, "report.error.text_too_long",
                                     {"max": limit, "length": len(text)}))
        texts[name] = text

    if status in (ResultStatus.YELLOW, ResultStatus.RED) and not texts["actions"] and not any(
        e.field == "actions" for e in errors
    ):
        errors.append(FieldError(goal.goal_id, "actions", "report.error.actions_required"))
    extra = dict(current.extra)
    for spec in kind.extra_fields:
        if spec.name in raw.refused:
            continue
        typed_extra = raw.typed_extra(spec.name)
        if typed_extra is None:
            continue
        cleaned, error = _extra_value(goal, spec, typed_extra)
        if error is not None:
            errors.append(error)
        elif cleaned:
            extra[spec.name] = cleaned
        else:
            extra.pop(spec.name, None)
    merged = ResultValues(status=status, value=value, analysis=texts["analysis"],
                          actions=texts["actions"], extra=extra_pairs(extra))
    return merged, errors


def _is_choice(kind: ReportKind, name: str) -> bool:
    spec = kind.goal_field(name)
    return spec is not None and spec.type == "choice"


def _extra_value(goal: GoalForm, spec: FieldSpec, typed: str) -> tuple[str, FieldError | None]:
    """A typed value of one of the kind's other fields, cleaned and checked."""
    if spec.type == "choice":
        if not typed.strip():
            return "", None
        value = spec.parse_choice(typed)
        if value is None:
            return "", FieldError(goal.goal_id, spec.name, "report.error.choice_invalid",
                                  {"label_key": spec.label_key})
        return value, None
    text = clean_text(typed)
    limit = spec.max_length or MAX_TEXT_CHARS
    if len(text) > limit:
        return "", FieldError(goal.goal_id, spec.name, "report.error.text_too_long",
                              {"max": limit, "length": len(text)})
    return text, None


def validate_inputs(
    goals: Sequence[GoalForm],
    inputs: Mapping[int, RawGoalInput],
    current: Mapping[int, ResultValues],
    *,
    require_status: bool = False,
    kind: ReportKind = MONTHLY,
) -> Validation:
    """Validate the inputs of one step (or any set of goals) against the unit's goals.

    A goal id that is not one of ``goals`` (unknown, or another unit's) is an error of the
    whole request (``goal_id=None``, key ``report.error.unknown_goal``).
    """
    by_id = {g.goal_id: g for g in goals}
    unknown = sorted(gid for gid in inputs if gid not in by_id)
    if unknown:
        return Validation({}, (FieldError(None, None, "report.error.unknown_goal",
                                          {"ids": ", ".join(str(i) for i in unknown)}),))
    values: dict[int, ResultValues] = {}
    errors: list[FieldError] = []
    for gid, raw in inputs.items():
        merged, goal_errors = validate_goal(
            by_id[gid], raw, current.get(gid, EMPTY), require_status=require_status,
            kind=kind,
        )
        values[gid] = merged
        errors.extend(goal_errors)
    return Validation(values, tuple(errors))


def missing_for_submit(
    goals: Sequence[GoalForm], results: Mapping[int, ResultValues],
    kind: ReportKind = MONTHLY,
) -> list[FieldError]:
    """What stops a report from being submitted: goals without a status, or without
    improvement actions although the status is delvis / uppfylls inte, or without a field
    ``kind`` requires (``year_end``)."""
    errors: list[FieldError] = []
    required = [f for f in kind.extra_fields if f.required == "submit"]
    for goal in goals:
        values = results.get(goal.goal_id, EMPTY)
        if values.status is None:
            errors.append(FieldError(goal.goal_id, "status", "report.error.status_required"))
        elif not values.is_complete:
            errors.append(FieldError(goal.goal_id, "actions", "report.error.actions_required"))
        errors.extend(FieldError(goal.goal_id, f.name, "report.error.field_required",
                                 {"label_key": f.label_key})
                      for f in required if not values.get(f.name))
    return errors


def changed_goals(
    new: Mapping[int, ResultValues], current: Mapping[int, ResultValues]
) -> dict[int, ResultValues]:
    """The subset of ``new`` that differs from what is stored (nothing to write otherwise)."""
    return {gid: v for gid, v in new.items() if v != current.get(gid, EMPTY)}


# --------------------------------------------------------------------------- prefill


def prefill_from_last(
    goal_ids: Iterable[int],
    typed: Mapping[int, RawGoalInput],
    current: Mapping[int, ResultValues],
    last: Mapping[int, ResultValues],
) -> dict[int, RawGoalInput]:
    """"Samma som förra månaden": every empty field of the given goals takes last
    month's value; what the user has typed (or what is stored) is kept. Nothing is saved.
    """
    from followup.sv_format import format_number

    out: dict[int, RawGoalInput] = {}
    for gid in goal_ids:
        raw = typed.get(gid, RawGoalInput())
        shown = raw.as_strings(current.get(gid, EMPTY))
        previous = last.get(gid)
        if previous is not None:
            if not shown["status"] and previous.status:
                shown["status"] = previous.status
            if not shown["value"].strip() and previous.value is not None:
                shown["value"] = format_number(previous.value)
            if not shown["analysis"].strip():
                shown["analysis"] = previous.analysis
            if not shown["actions"].strip():
                shown["actions"] = previous.actions
            for name, value in previous.extra:
                if not shown.get(name, "").strip():
                    shown[name] = value
        extra = tuple(sorted((k, v) for k, v in shown.items() if k not in FIELDS))
        out[gid] = RawGoalInput(status=shown["status"], value=shown["value"],
                                analysis=shown["analysis"], actions=shown["actions"],
                                extra=extra)
    return out


# --------------------------------------------------------------------------- steps & progress


def sort_goals(goals: Iterable[GoalForm]) -> list[GoalForm]:
    """Perspective order (Medborgare, Verksamhet, Ekonomi, Medarbetare), then sort order."""
    order = {p.value: i for i, p in enumerate(PERSPECTIVE_ORDER)}
    return sorted(goals, key=lambda g: (order.get(g.perspective, 99), g.sort_order, g.goal_id))


def wire_bytes(text: str) -> int:
    """Bytes of ``text`` in a message as Teams counts it (escaped as posted, UTF-16)."""
    # json.dumps(text) for a string is exactly this (its quoted ASCII escape), without
    # the encoder's per-call dispatch: a step plan measures every text of every goal.
    return 2 * (len(encode_basestring_ascii(text)) - 2)


def shown_description(description: str) -> str:
    """The part of a goal's description a step card shows."""
    if len(description) <= STEP_DESCRIPTION_CHARS:
        return description
    return description[: STEP_DESCRIPTION_CHARS - 1].rstrip() + "…"


def _goal_weight(goal: GoalForm, values: ResultValues | None,
                 last: ResultValues | None) -> int:
    """What the goal adds to its step card, with the heavier of this month's and last
    month's texts (prefilling copies last month's into the inputs)."""
    weight = GOAL_BLOCK_BYTES + wire_bytes(goal.title)
    weight += wire_bytes(shown_description(goal.description))
    for field in ("analysis", "actions"):
        weight += max(wire_bytes(getattr(v, field)) if v is not None else 0
                      for v in (values, last))
    return weight


def plan_steps(
    goals: Sequence[GoalForm],
    results: Mapping[int, ResultValues] | None = None,
    *,
    last: Mapping[int, ResultValues] | None = None,
    max_goals: int = DEFAULT_GOALS_PER_STEP,
    byte_budget: int = DEFAULT_STEP_BYTE_BUDGET,
) -> list[ReportStep]:
    """One step per perspective that has goals, in perspective order; a perspective with
    more than ``max_goals`` goals, or more than ``byte_budget`` of card (this month's or
    last month's texts, whichever is heavier), is split."""
    results = results or {}
    last = last or {}
    by_perspective: dict[str, list[GoalForm]] = {}
    for goal in sort_goals(goals):
        by_perspective.setdefault(goal.perspective, []).append(goal)
    steps: list[ReportStep] = []
    for perspective in [p.value for p in PERSPECTIVE_ORDER] + sorted(
        set(by_perspective) - {p.value for p in Perspective}
    ):
        chunk_list: list[list[int]] = []
        chunk: list[int] = []
        used = 0
        for goal in by_perspective.get(perspective, []):
            weight = _goal_weight(goal, results.get(goal.goal_id), last.get(goal.goal_id))
            if chunk and (len(chunk) >= max_goals or used + weight > byte_budget):
                chunk_list.append(chunk)
                chunk, used = [], 0
            chunk.append(goal.goal_id)
            used += weight
        if chunk:
            chunk_list.append(chunk)
        parts = len(chunk_list)
        for i, ids in enumerate(chunk_list, start=1):
            key = perspective if parts == 1 else f"{perspective}.{i}"
            steps.append(ReportStep(key, perspective, tuple(ids), i, parts))
    return steps


def step_index(steps: Sequence[ReportStep], *, key: str | None = None,
               goal_ids: Iterable[int] = ()) -> int | None:
    """Index of the step with ``key``; else of the step holding the first of ``goal_ids``."""
    if key:
        for i, step in enumerate(steps):
            if step.key == key:
                return i
    for gid in goal_ids:
        for i, step in enumerate(steps):
            if gid in step.goal_ids:
                return i
    return None


@dataclass(frozen=True)
class Progress:
    """How far a report has come: goals with a complete answer, per perspective."""

    done: int
    total: int
    per_perspective: dict[str, tuple[int, int]]

    @property
    def complete(self) -> bool:
        return self.done == self.total


def progress(goals: Sequence[GoalForm], results: Mapping[int, ResultValues],
             kind: ReportKind = MONTHLY) -> Progress:
    per: dict[str, tuple[int, int]] = {}
    done = 0
    for goal in sort_goals(goals):
        ok = results.get(goal.goal_id, EMPTY).complete_for(kind)
        d, t = per.get(goal.perspective, (0, 0))
        per[goal.perspective] = (d + int(ok), t + 1)
        done += int(ok)
    return Progress(done, len(goals), per)


def status_counts(results: Iterable[ResultValues]) -> dict[str, int]:
    """``{"green": 5, "yellow": 2, "red": 1}`` (all three keys always present)."""
    counts = {s.value: 0 for s in STATUS_ORDER}
    for values in results:
        if values.status in counts:
            counts[values.status] += 1
    return counts


def with_status(values: ResultValues, status: ResultStatus | None) -> ResultValues:
    """A copy with another status (helper for text dialogs)."""
    return replace(values, status=status.value if status else None)


# --------------------------------------------------------------------------- plausibility

# A value is "far" from a reference when it differs by more than this share of the
# indicator's scale (the largest of |last month|, |target|, |baseline|) – for percent
# with references within 0–100: by more than this many percentage points.
FAR_SHARE = 0.5
FAR_PERCENT_POINTS = 25.0
# "Uppfylls" although the value misses the target by more than this share / these points.
MISS_SHARE = 0.2
MISS_PERCENT_POINTS = 10.0


def goal_direction(goal: GoalForm) -> str | None:
    """``"higher"`` or ``"lower"`` is better: the goal's own, else from baseline → target."""
    if goal.direction in ("higher", "lower"):
        return goal.direction
    if goal.target is not None and goal.baseline is not None and goal.target != goal.baseline:
        return "higher" if goal.target > goal.baseline else "lower"
    return None


def _is_percent(goal: GoalForm, refs: Sequence[float]) -> bool:
    unit = (goal.indicator_unit or "").strip().lower()
    return unit in _PERCENT_UNITS and all(abs(x) <= 100 for x in refs)


def _far(goal: GoalForm, value: float, ref: float, refs: Sequence[float], *,
         share: float, points: float) -> bool:
    if _is_percent(goal, refs):
        return abs(value - ref) > points
    scale = max((abs(x) for x in refs), default=0.0)
    return scale > 0 and abs(value - ref) > share * scale


def plausibility_warnings(goal: GoalForm, values: ResultValues,
                          last: ResultValues | None = None) -> list[FieldError]:
    """Warnings (not errors) about a goal's new values that look like a slip:

    * ``report.warning.value_far`` (field ``value``): the value is far from every
      reference there is – last month's value and the target (12,5 % against a 93 %
      target after 91,4 % last month);
    * ``report.warning.green_missed`` (field ``status``): "uppfylls" although the value
      misses the target clearly, on the wrong side for the goal's direction;
    * ``report.warning.red_met`` (field ``status``): "uppfylls inte" although the value
      reaches the target.

    The manager may confirm and save anyway. Direction: the goal's own, else from
    baseline → target; without one the status is not compared with the value.
    """
    if values.value is None or not goal.has_indicator:
        return []
    value = values.value
    refs = [x for x in (goal.target, goal.baseline) if x is not None]
    last_value = last.value if last is not None else None
    if last_value is not None:
        refs.append(last_value)
    warnings: list[FieldError] = []
    references = [x for x in (last_value, goal.target) if x is not None]
    if references and all(_far(goal, value, ref, refs, share=FAR_SHARE,
                               points=FAR_PERCENT_POINTS) for ref in references):
        params: dict[str, Any] = {"value": value, "unit": goal.indicator_unit or ""}
        if goal.target is not None:
            params["target"] = goal.target
        if last_value is not None:
            params["last"] = last_value
        key = ("report.warning.value_far_last" if last_value is not None
               else "report.warning.value_far")
        warnings.append(FieldError(goal.goal_id, "value", key, params))
    direction = goal_direction(goal)
    if goal.target is not None and direction is not None:
        target = goal.target
        met = value >= target if direction == "higher" else value <= target
        if values.status == ResultStatus.GREEN and not met and _far(
            goal, value, target, refs, share=MISS_SHARE, points=MISS_PERCENT_POINTS
        ):
            warnings.append(FieldError(goal.goal_id, "status", "report.warning.green_missed",
                                       {"value": value, "target": target,
                                        "unit": goal.indicator_unit or ""}))
        elif values.status == ResultStatus.RED and met:
            warnings.append(FieldError(goal.goal_id, "status", "report.warning.red_met",
                                       {"value": value, "target": target,
                                        "unit": goal.indicator_unit or ""}))
    return warnings


def confirmation_token(values: ResultValues) -> str:
    """What a "Stämmer, spara ändå" confirmation is for: the status and value warned
    about. A confirmation of other values (changed after the warning) does not count."""
    value = "" if values.value is None else repr(float(values.value))
    return f"{values.status or ''}|{value}"


def unconfirmed_warnings(
    goals: Sequence[GoalForm],
    changes: Mapping[int, ResultValues],
    last: Mapping[int, ResultValues],
    confirmed: Mapping[int, str],
) -> tuple[FieldError, ...]:
    """The plausibility warnings of the changed goals that the manager has not confirmed
    (``confirmed``: goal id → :func:`confirmation_token` of the values they confirmed).
    Each warning carries the token to confirm in ``params["token"]``."""
    by_id = {g.goal_id: g for g in goals}
    out: list[FieldError] = []
    for gid, values in changes.items():
        goal = by_id.get(gid)
        if goal is None:
            continue
        found = plausibility_warnings(goal, values, last.get(gid))
        token = confirmation_token(values)
        if found and confirmed.get(gid) != token:
            out.extend(replace(w, params={**w.params, "token": token}) for w in found)
    return tuple(out)
