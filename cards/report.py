"""Cards of the monthly report: prompt, one step per perspective, review, receipt,
closed period, conflict – plus reading the data a card sends back.

Pure functions: report data (``storage.reports`` dataclasses) → Adaptive Card dicts.
Every button is ``Action.Execute`` with an ``Action.Submit`` fallback (see
:mod:`cards.common`). Verbs and the data every button carries:

==========================  ====================================================
``report.open``             ``unit`` (optional: none → the prompt), ``period``, ``step``
``report.step``             save this step's inputs, then the next step (or review)
``report.save``             save this step's inputs, stay (``Spara utkast``)
``report.back``             save this step's inputs, then the previous step
``report.prefill_last``     fill empty fields from last month (nothing saved)
``report.submit``           submit the report (review step)
``report.edit``             ``Ändra`` on the receipt: reopen the steps
``report.decisions``        the receipt's decision button: the receipt stays, the
                            unit's open decisions come as a message of their own
==========================  ====================================================

Step/review buttons carry ``unit``, ``period``, ``step`` (a :class:`ReportStep` key or
``"review"``) and ``version`` (the ``UnitReport.version`` the card shows). Inputs are
named ``g<goal id>.<field>`` with field ``status``/``value``/``analysis``/``actions``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, Any

from cards.common import (
    NotText,
    action_set,
    card,
    card_int,
    card_text,
    choice_set,
    clip,
    container,
    execute,
    facts,
    fits_in_message,
    input_text,
    largest_count,
    largest_fitting,
    text,
)
from followup.period import Period, PeriodError
from followup.perspectives import perspective_label
from followup.report_kinds import ReportKind, known_goal_fields
from followup.report_rules import (
    EMPTY,
    FIELDS,
    MAX_TEXT_CHARS,
    STATUS_ORDER,
    FieldError,
    GoalForm,
    RawGoalInput,
    ReportStep,
    ResultValues,
    missing_for_submit,
    shown_description,
)
from followup.sv_format import (
    format_date,
    format_deadline,
    format_number,
    format_percent,
    format_period,
    unit_after_number,
)
from i18n import t, t_kind

if TYPE_CHECKING:
    from followup.report_forms import PeriodInfo, ReportForm, StandIn, UnitOverview

VERB_OPEN = "report.open"
VERB_STEP = "report.step"
VERB_SAVE = "report.save"
VERB_BACK = "report.back"
VERB_PREFILL = "report.prefill_last"
VERB_SUBMIT = "report.submit"
VERB_EDIT = "report.edit"
VERB_DECISIONS = "report.decisions"
VERBS: tuple[str, ...] = (VERB_OPEN, VERB_STEP, VERB_SAVE, VERB_BACK, VERB_PREFILL,
                          VERB_SUBMIT, VERB_EDIT, VERB_DECISIONS)
REVIEW_STEP = "review"

# g<goal id>.<field>: the four fields, or another field of the report's kind
_INPUT_RE = re.compile(r"^g(\d{1,12})\.([a-z][a-z0-9_]{0,31})$")
_CONFIRM_RE = re.compile(r"^g(\d{1,12})\.confirm$")
#: Longest text of a goal's analysis/actions shown on the review step.
REVIEW_TEXT_CHARS = 160
_STATUS_COLOURS = {"green": "good", "yellow": "warning", "red": "attention"}
_STATUS_SYMBOLS = {"green": "●", "yellow": "◐", "red": "○"}


# --------------------------------------------------------------------------- reading data


@dataclass(frozen=True)
class ActionData:
    """What a report button sends back (besides the inputs)."""

    unit_id: int | None
    period: str | None
    step: str | None
    version: int | None


def read_action_data(data: object) -> ActionData | None:
    """Parse a button's data; None when it is not a report card's data at all."""
    if not isinstance(data, Mapping):
        return None
    period = data.get("period")
    if period is not None:
        if not isinstance(period, str):
            return None
        try:
            Period.parse(period)
        except PeriodError:
            return None
    step = data.get("step")
    if step is not None and (not isinstance(step, str) or len(step) > 40):
        return None
    unit = data.get("unit")
    unit_id = card_int(unit)
    if unit is not None and unit_id is None:
        return None
    version = data.get("version")
    version_int = card_int(version)
    if version is not None and version_int is None:
        return None
    return ActionData(unit_id, period, step, version_int)


def read_goal_inputs(data: object) -> dict[int, RawGoalInput]:
    """The ``g<id>.<field>`` inputs of a card, per goal id: the fields of a known report
    kind (:func:`followup.report_kinds.known_goal_fields`); other keys are ignored."""
    if not isinstance(data, Mapping):
        return {}
    fields: dict[int, dict[str, str]] = {}
    refused: dict[int, set[str]] = {}
    known = known_goal_fields()
    for key, value in data.items():
        match = _INPUT_RE.match(str(key))
        if match is None:
            continue
        gid, field = int(match.group(1)), match.group(2)
        if field not in known:
            continue
        try:
            text_value = card_text(value)
        except NotText:
            refused.setdefault(gid, set()).add(field)
            continue
        if text_value is not None:
            fields.setdefault(gid, {})[field] = text_value
    out: dict[int, RawGoalInput] = {}
    for gid in {**fields, **refused}:
        typed = fields.get(gid, {})
        core = {k: v for k, v in typed.items() if k in FIELDS}
        extra = tuple(sorted((k, v) for k, v in typed.items() if k not in FIELDS))
        out[gid] = RawGoalInput(**core, extra=extra, refused=frozenset(refused.get(gid, ())))
    return out


def read_confirmations(data: object) -> dict[int, str]:
    """The ticked "Stämmer, spara ändå" toggles (``g<id>.confirm``): goal id → the
    :func:`followup.report_rules.confirmation_token` the toggle was shown for."""
    if not isinstance(data, Mapping):
        return {}
    out: dict[int, str] = {}
    for key, value in data.items():
        match = _CONFIRM_RE.match(str(key))
        if match is not None and isinstance(value, str) and value and len(value) <= 80:
            out[int(match.group(1))] = value
    return out


def input_id(goal_id: int, field: str) -> str:
    return f"g{goal_id}.{field}"


# --------------------------------------------------------------------------- formatting


def when(dt: datetime, lang: str, tz: tzinfo) -> str:
    """``"onsdag 4 november kl. 10.30"`` in the local zone."""
    return format_deadline(dt.astimezone(tz), lang)


def status_word(status: str | None, lang: str) -> str:
    return t(lang, f"report.status.{status}") if status else t(lang, "report.status.none")


def format_indicator_value(value: float, unit: str | None, lang: str) -> str:
    if unit and unit.strip() == "%":
        return format_percent(value, lang)
    number = format_number(value, lang=lang)
    shown = unit_after_number(unit, lang)
    return f"{number} {shown}" if shown else number


def error_text(error: FieldError, lang: str) -> str:
    params: dict[str, Any] = {}
    for key, value in error.params.items():
        if key == "label_key":  # a field of the report's kind: its label, translated
            params["label"] = t(lang, str(value))
            continue
        params[key] = format_number(value, lang=lang) if isinstance(value, float) else value
    return t(lang, error.key, **params)


def kind_period_title(form: ReportForm, key: str, lang: str, **params: Any) -> str:
    """A text of the form's report kind (``<key>@<kind>``, else ``key``)."""
    return t_kind(lang, key, form.kind.key, **params)


def _error_block(error: FieldError, lang: str) -> dict[str, Any]:
    return text(t(lang, "report.error.prefix", message=error_text(error, lang)),
                color="attention", weight="bolder", spacing="small")


def _step_label(step: ReportStep, lang: str) -> str:
    label = perspective_label(step.perspective, lang)
    if step.parts > 1:
        return t(lang, "report.step.part", perspective=label, part=step.part, parts=step.parts)
    return label


def _header(form: ReportForm, lang: str, tz: tzinfo) -> list[dict[str, Any]]:
    return [
        text(t_kind(lang, "report.step.title", form.kind.key,
                    period=format_period(form.period.period, lang), unit=form.unit.name),
             weight="bolder", size="medium", style="heading"),
        text(t(lang, "report.step.deadline", deadline=when(form.period.deadline_at, lang, tz)),
             subtle=True, spacing="none"),
    ]


def _notice(message: str | None, color: str | None) -> list[dict[str, Any]]:
    if not message:
        return []
    return [container([text(message, color=color, weight="bolder" if color else None)],
                      style="emphasis")]


def _base_data(form: ReportForm, step: str) -> dict[str, Any]:
    return {"unit": form.unit.id, "period": form.period.period, "step": step,
            "version": form.state.version}


# --------------------------------------------------------------------------- prompt


def stand_in_line(stand_in: StandIn, lang: str) -> str:
    """"Ülle Kask är ställföreträdande chef till och med 31 januari 2027 och rapporterar
    för enheten": what the ordinary manager sees instead of the report's buttons."""
    if stand_in.until is None:
        return t(lang, "report.stand_in_open", name=stand_in.acting_name)
    return t(lang, "report.stand_in", name=stand_in.acting_name,
             until=format_date(stand_in.until, lang))


def prompt_card(overviews: Sequence[UnitOverview], *, lang: str, tz: tzinfo) -> dict[str, Any]:
    """The monthly prompt: period, deadline, per unit its goals per perspective, progress
    and a ``Rapportera`` button. One card lists every unit the manager reports for."""
    if not overviews:
        raise ValueError("a prompt needs at least one unit")
    period = overviews[0].period
    period_text = format_period(period.period, lang)
    kind = period.kind.key
    body: list[dict[str, Any]] = [
        text(t_kind(lang, "report.prompt.title", kind, period=period_text), weight="bolder",
             size="medium", style="heading"),
        text(t_kind(lang, "report.prompt.intro", kind, period=period_text,
                    deadline=when(period.deadline_at, lang, tz))),
    ]
    many = len(overviews) > 1
    summary = t_kind(lang, "report.prompt.summary", kind, period=period_text)

    def build(shown: int) -> dict[str, Any]:
        units = [_prompt_unit(ov, period, many, lang, tz) for ov in overviews[:shown]]
        more = len(overviews) - shown
        tail = [text(t(lang, "report.prompt.more", count=more), subtle=True)] if more else []
        return card([*body, *units, *tail], fallback_text=summary)

    # A manager of very many units: as many as one message holds, then "+N till" (room
    # kept for the outbox's text and reminder banner around this card).
    return largest_fitting(build, len(overviews), text=summary, least=1,
                           reserve=PROMPT_RESERVE_BYTES)


# What the outbox adds around a prompt card: its text (names, period, deadline) as the
# message summary and, for a reminder, a banner.
PROMPT_RESERVE_BYTES = 4_000


def _prompt_unit(ov: UnitOverview, period: PeriodInfo, many: bool, lang: str,
                 tz: tzinfo) -> dict[str, Any]:
    items: list[dict[str, Any]] = [text(ov.unit.name, weight="bolder")]
    role = ov.role.value if ov.role is not None else None
    if role in ("acting", "admin", "leader"):
        items.append(text(t(lang, f"report.prompt.role_{role}"), subtle=True,
                          spacing="none"))
    elif role is None and ov.stand_in is not None:
        items.append(text(stand_in_line(ov.stand_in, lang), weight="bolder",
                          spacing="small"))
    if ov.goals_per_perspective:
        items.append(facts(
            (perspective_label(p, lang), t(lang, "report.prompt.goals_count", count=n))
            for p, n in _ordered(ov.goals_per_perspective)
        ))
    else:
        items.append(text(t(lang, "report.prompt.no_goals"), subtle=True))
    state = ov.state
    if state.submitted and state.submitted_at is not None:
        key = "report.prompt.submitted_late" if state.late else "report.prompt.submitted"
        items.append(text(t(lang, key, when=when(state.submitted_at, lang, tz)),
                          color="good"))
    elif state.status == "draft":
        items.append(text(t(lang, "report.prompt.draft", done=ov.progress.done,
                            total=ov.progress.total)))
    else:
        items.append(text(t(lang, "report.prompt.not_started", total=ov.progress.total)))
    if role is None:  # read only: the report as it stands, no editing
        title = (t(lang, "report.button.view_unit", unit=ov.unit.name) if many
                 else t(lang, "report.button.view"))
        items.append(action_set([execute(title, VERB_OPEN,
                                         {"unit": ov.unit.id, "period": period.period},
                                         inputs=False)]))
    else:
        title = (t(lang, "report.button.report_unit", unit=ov.unit.name) if many
                 else t(lang, "report.button.report"))
        items.append(action_set([execute(title, VERB_OPEN,
                                         {"unit": ov.unit.id, "period": period.period},
                                         style="positive", inputs=False)]))
    return container(items, separator=True, spacing="medium")


def _ordered(per: Mapping[str, int]) -> list[tuple[str, int]]:
    from followup.perspectives import PERSPECTIVE_ORDER

    order = [p.value for p in PERSPECTIVE_ORDER]
    return sorted(per.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else 99)


# --------------------------------------------------------------------------- steps


def _goal_facts(goal: GoalForm, last: ResultValues | None, last_period: str | None,
                lang: str) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    if goal.indicator_name:
        name = goal.indicator_name
        if goal.direction in ("higher", "lower"):
            name = f"{name} ({t(lang, f'report.goal.{goal.direction}')})"
        pairs.append((t(lang, "report.goal.indicator"), name))
        if goal.target is not None:
            pairs.append((t(lang, "report.goal.target"),
                          format_indicator_value(goal.target, goal.indicator_unit, lang)))
        if goal.baseline is not None:
            pairs.append((t(lang, "report.goal.baseline"),
                          format_indicator_value(goal.baseline, goal.indicator_unit, lang)))
    if last is not None and last_period is not None and not last.is_empty:
        parts = [status_word(last.status, lang)]
        if last.value is not None:
            parts.append(format_indicator_value(last.value, goal.indicator_unit, lang))
        pairs.append((t_kind(lang, "report.goal.last_month", _period_kind(last_period),
                             period=format_period(last_period, lang)), ", ".join(parts)))
    return pairs


def _field_label(goal: GoalForm, field: str, lang: str) -> str:
    if field == "value":
        return (t(lang, "report.field.value", unit=goal.indicator_unit)
                if goal.indicator_unit else t(lang, "report.field.value_plain"))
    return t(lang, f"report.field.{field}")


def _period_kind(code: str) -> str | None:
    """``"month"``, ``"tertial"``, … of a period code (texts about an earlier period)."""
    try:
        return Period.parse(code).kind
    except PeriodError:
        return None


def _extra_input(spec_name: str, kind: ReportKind, gid: int, shown: Mapping[str, str],
                 lang: str) -> dict[str, Any] | None:
    """The input of one of the kind's other fields (a choice or a text)."""
    spec = kind.goal_field(spec_name)
    if spec is None:
        return None
    if spec.type == "choice":
        choices = [(t(lang, spec.choice_key(v)), v) for v in spec.choices]
        return choice_set(input_id(gid, spec.name), choices, shown.get(spec.name, ""))
    return input_text(input_id(gid, spec.name), shown.get(spec.name, ""), multiline=True,
                      placeholder=t(lang, f"report.placeholder.{spec.name}"))


def _warning_block(warning: FieldError, lang: str) -> dict[str, Any]:
    # default colour, not "warning": yellow text falls below a 4.5:1 contrast
    return text(t(lang, "report.warning.prefix", message=error_text(warning, lang)),
                weight="bolder", spacing="small")


def _details_id(goal_id: int) -> str:
    return f"g{goal_id}.details"


# After a conflict, the user's own unsaved text is echoed under each field up to this long
# (COMPACT: when the step would not fit in one message otherwise).
ECHO_CHARS = 600
COMPACT_ECHO_CHARS = 120
COMPACT_DESCRIPTION_CHARS = 200
# A step that fits neither way (a refused step: many problems, long texts typed): the
# problem summaries list this many lines (titles cut) and count the rest ("+N till").
TIGHT_PROBLEM_LINES = 6
TIGHT_TITLE_CHARS = 80


def _goal_block(goal: GoalForm, form: ReportForm, shown: Mapping[str, str],
                errors: Mapping[str, FieldError], yours: Mapping[str, str] | None,
                lang: str, warnings: Sequence[FieldError] = (),
                confirm_token: str | None = None, *, compact: bool = False,
                clipped: Mapping[str, int] | None = None) -> dict[str, Any]:
    """One goal: its title, its details (description, indicator, target, last month;
    folded away behind a button unless something about the goal needs attention) and
    the four inputs, each with a label, the client's own check and the server's error.
    ``compact``: shorter description and echoes, when the step would not fit otherwise.
    ``clipped``: texts shown shortened in their inputs (field -> typed length), each
    said at its field."""
    gid = goal.goal_id
    items: list[dict[str, Any]] = [text(goal.title, weight="bolder", size="medium")]
    details: list[dict[str, Any]] = []
    if goal.description:
        description = (clip(goal.description, COMPACT_DESCRIPTION_CHARS) if compact
                       else shown_description(goal.description))
        details.append(text(description, spacing="none"))
    pairs = _goal_facts(goal, form.last.get(gid), form.last_period, lang)
    if pairs:
        details.append(facts(pairs))
    if details:
        open_now = bool(errors) or bool(warnings)
        box = container(details, spacing="none")
        box["id"] = _details_id(gid)
        if not open_now:
            box["isVisible"] = False
            items.append({
                "type": "ActionSet",
                "actions": [{"type": "Action.ToggleVisibility",
                             "title": t(lang, "report.goal.show_details"),
                             "targetElements": [_details_id(gid)]}],
                # a client without ActionSet (before 1.2) ignores isVisible as well,
                # so it shows the details anyway: only say where they are
                "fallback": text(t(lang, "report.goal.details_hint"), spacing="none"),
            })
        items.append(box)
    by_field: dict[str, list[FieldError]] = {}
    for warning in warnings:
        by_field.setdefault(warning.field or "", []).append(warning)

    def add_field(field: str, element: dict[str, Any], rule: str) -> None:
        element["label"] = _field_label(goal, field, lang)
        element["errorMessage"] = rule
        items.append(element)
        if clipped and field in clipped:
            items.append(text(t(lang, "report.step.text_clipped",
                                shown=len(shown.get(field, "")), length=clipped[field]),
                              color="attention", spacing="none"))
        if field in errors:
            items.append(_error_block(errors[field], lang))
        items.extend(_warning_block(w, lang) for w in by_field.get(field, ()))
        if yours is not None and yours.get(field, "") != shown.get(field, ""):
            mine = yours.get(field, "")
            if field == "status":
                mine = status_word(mine or None, lang) if mine in _STATUS_COLOURS else mine
            mine = clip(mine, COMPACT_ECHO_CHARS if compact else ECHO_CHARS)
            items.append(text(t(lang, "report.conflict.yours", text=mine or "–"),
                              subtle=True, spacing="none"))

    choices = [(f"{_STATUS_SYMBOLS[s.value]} {status_word(s.value, lang)}", s.value)
               for s in STATUS_ORDER]
    status_input = choice_set(input_id(gid, "status"), choices, shown.get("status", ""))
    if form.state.submitted:  # a change to a submitted report keeps every status
        status_input["isRequired"] = True
    add_field("status", status_input, t(lang, "report.input.status_error"))
    if goal.has_indicator:
        add_field("value",
                  input_text(input_id(gid, "value"), shown.get("value", ""), max_length=40,
                             placeholder=t(lang, "report.placeholder.value")),
                  t(lang, "report.input.value_error"))
    elif "value" in errors:
        items.append(_error_block(errors["value"], lang))
    # No maxLength on the texts: a client cuts a longer text silently; the server refuses
    # it with a message naming the field and the length instead (nothing is lost).
    kind = form.kind
    add_field("analysis",
              input_text(input_id(gid, "analysis"), shown.get("analysis", ""), multiline=True,
                         placeholder=t_kind(lang, "report.placeholder.analysis", kind.key)),
              t(lang, "report.input.text_error", max=kind.max_length("analysis",
                                                                     MAX_TEXT_CHARS)))
    actions_input = input_text(input_id(gid, "actions"), shown.get("actions", ""),
                               multiline=True,
                               placeholder=t(lang, "report.placeholder.actions"))
    if shown.get("status") in ("yellow", "red"):
        actions_input["isRequired"] = True
    add_field("actions", actions_input, t(lang, "report.input.actions_error"))
    for spec in kind.extra_fields:  # the kind's own fields, as declared
        element = _extra_input(spec.name, kind, gid, shown, lang)
        if element is not None:
            add_field(spec.name, element, t(lang, f"report.input.{spec.type}_error",
                                            max=spec.max_length or MAX_TEXT_CHARS))
    if warnings and confirm_token is not None:
        items.append({"type": "Input.Toggle", "id": input_id(gid, "confirm"),
                      "title": t(lang, "report.warning.confirm"),
                      "label": t(lang, "report.warning.confirm"),
                      "valueOn": confirm_token, "valueOff": "", "value": "", "wrap": True})
    return container(items, separator=True, spacing="large")


def _problem_lines(form: ReportForm, problems: Sequence[FieldError], lang: str,
                   limit: int | None = None) -> str:
    """``- Mål – Utfall (%): ”abc” är inte ett tal …`` for each problem (with ``limit``:
    the first ``limit``, goal titles cut, and "+N till" for the rest)."""
    lines = []
    shown = problems if limit is None else problems[:limit]
    for problem in shown:
        goal = form.goal(problem.goal_id) if problem.goal_id is not None else None
        message = error_text(problem, lang)
        if goal is None:
            lines.append(f"- {t(lang, 'report.step.general_error', message=message)}")
            continue
        field = _field_label(goal, problem.field, lang) if problem.field else ""
        title = goal.title if limit is None else clip(goal.title, TIGHT_TITLE_CHARS)
        line = t(lang, "report.step.error_line", goal=title, field=field,
                 message=message)
        lines.append(f"- {line}")
    if len(shown) < len(problems):
        lines.append(t(lang, "report.review.missing_more", count=len(problems) - len(shown)))
    return "\n".join(lines)


def _problem_summary(form: ReportForm, errors: Sequence[FieldError],
                     warnings: Sequence[FieldError], lang: str,
                     heading: str = "report.step.errors_short",
                     limit: int | None = None) -> list[dict[str, Any]]:
    """What needs fixing or confirming, goal by goal – shown at the top of the step and
    again just above its buttons (where the user is when they press Nästa); ``limit``:
    see :func:`_problem_lines`."""
    out: list[dict[str, Any]] = []
    if errors:
        out.append(container([
            text(t(lang, heading), color="attention", weight="bolder"),
            text(_problem_lines(form, errors, lang, limit), color="attention",
                 spacing="none"),
        ], style="emphasis"))
    if warnings:
        out.append(container([
            text(t(lang, "report.warning.prefix",
                   message=t(lang, "report.warning.summary", count=len(warnings))),
                 weight="bolder"),
            text(_problem_lines(form, warnings, lang, limit), spacing="none"),
            text(t(lang, "report.warning.confirm_hint"), spacing="small"),
        ], style="emphasis"))
    return out


def step_card(
    form: ReportForm,
    step_index: int,
    *,
    lang: str,
    tz: tzinfo,
    typed: Mapping[int, RawGoalInput] | None = None,
    errors: Sequence[FieldError] = (),
    notice: str | None = None,
    notice_color: str | None = None,
    yours: Mapping[int, RawGoalInput] | None = None,
    warnings: Sequence[FieldError] = (),
    extra_steps: int = 0,
) -> dict[str, Any]:
    """One step: the goals of (part of) a perspective with their inputs.

    ``typed``: what the user typed (shown instead of stored values – keeps invalid input).
    ``errors``: shown at their fields; request-level errors at the top.
    ``yours``: after a conflict, the user's own unsaved input, shown under each field.
    ``warnings``: plausibility warnings, at their fields, with a "Stämmer, spara ändå"
    toggle for the values warned about (the warning's ``params["token"]``).
    Errors and warnings are also summarised at the top and just above the buttons.
    """
    steps = form.steps()
    if not steps:
        return message_card(t_kind(lang, "report.step.title", form.kind.key,
                              period=format_period(form.period.period, lang),
                              unit=form.unit.name), t(lang, "report.step.no_goals"))
    step_index = max(0, min(step_index, len(steps) - 1))
    step = steps[step_index]
    typed = typed or {}
    head = _header(form, lang, tz)
    head.append(text(t(lang, "report.step.of", n=step_index + 1,
                       total=len(steps) + 1 + extra_steps,
                       label=_step_label(step, lang)), weight="bolder", color="accent"))
    if form.state.submitted:
        head.append(text(t(lang, "report.step.submitted_note"), subtle=True))

    def body(limit: int | None = None) -> list[dict[str, Any]]:
        # at the top: the long explanation ("… nothing has been saved, what you typed is
        # kept"); above the buttons: the short one – both list goal, field and message
        return [*head, *_problem_summary(form, errors, warnings, lang,
                                         heading="report.step.errors", limit=limit),
                *_notice(notice, notice_color)]
    warned: dict[int, list[FieldError]] = {}
    for warning in warnings:
        if warning.goal_id is not None:
            warned.setdefault(warning.goal_id, []).append(warning)
    by_goal: dict[int, dict[str, FieldError]] = {}
    for error in errors:
        if error.goal_id is not None:
            by_goal.setdefault(error.goal_id, {})[error.field or ""] = error

    def goal_blocks(compact: bool, limit: int | None = None,
                    text_chars: int | None = None) -> list[dict[str, Any]]:
        blocks = []
        for gid in step.goal_ids:
            goal = form.goal(gid)
            if goal is None:
                continue
            stored = form.results.get(gid, EMPTY)
            shown = _within_inputs(typed.get(gid, RawGoalInput()).as_strings(stored, lang),
                                   form.kind)
            clipped: dict[str, int] = {}
            if text_chars is not None:
                for name in [f.name for f in form.kind.goal_fields if f.type == "text"]:
                    if len(shown.get(name, "")) > text_chars:
                        clipped[name] = len(shown[name])
                        shown[name] = shown[name][:text_chars]
            mine = None
            if yours is not None:
                mine = yours.get(gid, RawGoalInput()).as_strings(stored, lang)
            tokens = [str(w.params["token"]) for w in warned.get(gid, ()) if "token" in w.params]
            blocks.append(_goal_block(goal, form, shown, by_goal.get(gid, {}), mine, lang,
                                      warned.get(gid, ()), tokens[0] if tokens else None,
                                      compact=compact, clipped=clipped))
        # again beside the buttons
        blocks.extend(_problem_summary(form, errors, warnings, lang, limit=limit))
        return blocks

    data = _base_data(form, step.key)
    actions = [execute(t(lang, "report.button.next"), VERB_STEP, data, style="positive"),
               execute(t(lang, "report.button.save"), VERB_SAVE, data)]
    if any(form.last.get(gid) for gid in step.goal_ids):
        actions.append(execute(t(lang, "report.button.prefill"), VERB_PREFILL, data))
    if step_index > 0:
        actions.append(execute(t(lang, "report.button.back"), VERB_BACK, data))
    fallback = t_kind(lang, "report.step.title", form.kind.key,
                      period=format_period(form.period.period, lang), unit=form.unit.name)
    # Steps are planned to fit (plan_steps); what the user typed or an echo after a
    # conflict can be heavier than what is stored: then shorter descriptions and echoes.
    full = card([*body(), *goal_blocks(False)], actions, fallback_text=fallback)
    if fits_in_message(full):
        return full
    compact = card([*body(), *goal_blocks(True)], actions, fallback_text=fallback)
    if fits_in_message(compact):
        return compact
    # A refused step with many problems and long texts typed: the summaries list the
    # first problems and count the rest; texts that still do not fit are shown shortened
    # in their inputs, each with a line saying so (nothing cut without a word).
    limit = TIGHT_PROBLEM_LINES

    def tight(text_chars: int | None) -> dict[str, Any]:
        return card([*body(limit), *goal_blocks(True, limit, text_chars)], actions,
                    fallback_text=fallback)

    tightest = tight(None)
    if fits_in_message(tightest):
        return tightest
    chars = largest_count(lambda n: fits_in_message(tight(n)), 2 * MAX_TEXT_CHARS)
    return tight(chars)


def _within_inputs(shown: dict[str, str], kind: ReportKind) -> dict[str, str]:
    """What is shown back in the inputs: a value no longer than a number, texts bounded."""
    # Texts are not cut to their maximum: the server refuses a longer text and shows it
    # back, so the person can shorten it themselves (nothing cut silently).
    out: dict[str, str] = {}
    for k, v in shown.items():
        spec = kind.goal_field(k)
        if k == "value":
            out[k] = v[:40]
        elif spec is not None and spec.type == "text":
            out[k] = v[:2 * (spec.max_length or MAX_TEXT_CHARS)]
        elif spec is not None and spec.type == "choice":
            out[k] = v[:80]
        else:
            out[k] = v
    return out


def conflict_card(form: ReportForm, step_index: int, *, lang: str, tz: tzinfo,
                  yours: Mapping[int, RawGoalInput], changed_by: str | None,
                  changed_at: datetime | None) -> dict[str, Any]:
    """The step again with what is stored now, a notice naming who changed the report,
    and the user's own unsaved input under each field."""
    name = changed_by or t(lang, "report.conflict.someone")
    moment = when(changed_at, lang, tz) if changed_at else ""
    message = t(lang, "report.conflict.body", name=name, when=moment)
    notice = f"**{t(lang, 'report.conflict.title')}**\n\n{message}"
    if step_index >= len(form.steps()):
        return review_card(form, lang=lang, tz=tz, notice=notice, notice_color="attention")
    return step_card(form, step_index, lang=lang, tz=tz, notice=notice,
                     notice_color="attention", yours=yours)


# --------------------------------------------------------------------------- review & receipt


_MISSING_KEYS = {"report.error.status_required": "report.review.missing_status",
                 "report.error.actions_required": "report.review.missing_actions",
                 "report.error.field_required": "report.review.missing_field"}


def _review_line(error: FieldError, goal_title: str, lang: str) -> str:
    """What stops the goal from being submitted: "saknas" only for what is missing, the
    real problem (e.g. "”abc” är inte ett tal") for a value that is wrong."""
    missing = _MISSING_KEYS.get(error.key)
    if missing is not None:
        label = t(lang, str(error.params["label_key"])) if "label_key" in error.params else ""
        return t(lang, missing, goal=goal_title, label=label)
    field = t(lang, f"report.review.field.{error.field}") if error.field in (
        "status", "value", "analysis", "actions") else (
        t(lang, f"report.field.{error.field}") if error.field else "")
    return t(lang, "report.review.field_problem", goal=goal_title, field=field,
             message=error_text(error, lang))


def _counts_line(form: ReportForm, lang: str) -> str:
    counts = form.status_counts()
    return t(lang, "report.review.counts", **counts)


def _short(value: str, limit: int = REVIEW_TEXT_CHARS) -> str:
    """A text cut at a word near ``limit`` characters, with "…" (one line of a card)."""
    flat = " ".join(value.split())
    if len(flat) <= limit:
        return flat
    if limit <= 1:
        return "…"
    cut = flat[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,.;:–-") + "…"


def _review_goal(goal: GoalForm, values: ResultValues, lang: str,
                 limit: int = REVIEW_TEXT_CHARS, title_chars: int = 300,
                 kind: ReportKind | None = None) -> dict[str, Any]:
    """A goal on the review step: title, status in colour and words, value, and the
    beginning of its analysis and actions."""
    shown = f"{_STATUS_SYMBOLS.get(values.status or '', '–')} {status_word(values.status, lang)}"
    if values.value is not None:
        shown += ", " + t(lang, "report.review.value", value=format_indicator_value(
            values.value, goal.indicator_unit, lang))
    no_text = t(lang, "report.review.no_text")
    items = [
        text(clip(goal.title, title_chars), weight="bolder", spacing="small"),
        text(shown, color=_STATUS_COLOURS.get(values.status or ""), spacing="none"),
        text(t(lang, "report.review.analysis", text=_short(values.analysis, limit) or no_text),
             spacing="none"),
    ]
    if values.actions.strip() or values.status in ("yellow", "red"):
        items.append(text(t(lang, "report.review.actions",
                            text=_short(values.actions, limit) or no_text), spacing="none"))
    for spec in kind.extra_fields if kind is not None else ():
        stored = values.get(spec.name)
        shown_value = (t(lang, spec.choice_key(stored)) if stored and spec.type == "choice"
                       else _short(stored or "", limit))
        items.append(text(t(lang, "report.review.extra", label=t(lang, spec.label_key),
                            text=shown_value or no_text), spacing="none"))
    return container(items, spacing="small")


def review_card(form: ReportForm, *, lang: str, tz: tzinfo, errors: Sequence[FieldError] = (),
                notice: str | None = None, notice_color: str | None = None,
                extra_actions: Sequence[dict[str, Any]] = (),
                sections: Sequence[dict[str, Any]] = (),
                section_missing: Sequence[FieldError] = ()) -> dict[str, Any]:
    """Summary of every goal's status per perspective, what is missing, ``Skicka in``.

    ``sections``: the review blocks of the report-level sections (one step each before
    the review); ``section_missing``: what they still need to submit."""
    steps = form.steps()
    total = len(steps) + len(sections) + 1
    body = _header(form, lang, tz)
    body.append(text(t(lang, "report.step.of", n=total, total=total,
                       label=t(lang, "report.review.title")), weight="bolder", color="accent"))
    body.extend(_notice(notice, notice_color))
    body.append(text(t(lang, "report.review.intro")))
    missing = [*(list(errors) or missing_for_submit(form.goals, form.results, form.kind)),
               *(e for e in section_missing if e not in errors)]

    def build(title_chars: int, missing_shown: int, text_chars: int | None) -> dict[str, Any]:
        return card([*body, *_review_body(form, steps, missing, lang, title_chars,
                                          missing_shown, text_chars), *sections],
                    actions, fallback_text=t(lang, "report.review.title"))

    data = _base_data(form, REVIEW_STEP)
    actions = [execute(t(lang, "report.button.submit"), VERB_SUBMIT, data, style="positive",
                       inputs=False),
               execute(t(lang, "report.button.back"), VERB_BACK, data, inputs=False),
               *extra_actions]
    # Long goal titles in many goals: shorter titles, then fewer missing lines ("+N till").
    for title_chars, missing_shown, text_chars in _REVIEW_STAGES:
        built = build(title_chars, min(missing_shown, len(missing)), text_chars)
        if fits_in_message(built):
            return built
    return built


# (characters of a goal title, lines of the "missing" list, characters of each text excerpt
# – None: as many as the goals leave room for) tried in turn on the review.
_REVIEW_STAGES: tuple[tuple[int, int, int | None], ...] = (
    (300, 10_000, None), (120, 40, 60), (60, 20, 40), (40, 10, 24), (24, 5, 0), (16, 0, 0))


def _review_body(form: ReportForm, steps: Sequence[ReportStep], missing: Sequence[FieldError],
                 lang: str, title_chars: int, missing_shown: int,
                 text_chars: int | None = None) -> list[dict[str, Any]]:
    body: list[dict[str, Any]] = []
    if missing:
        lines = []
        for error in missing[:missing_shown]:
            goal = form.goal(error.goal_id) if error.goal_id is not None else None
            if goal is None:
                lines.append(f"- {error_text(error, lang)}")
                continue
            lines.append(f"- {_review_line(error, clip(goal.title, title_chars), lang)}")
        if len(missing) > missing_shown:
            lines.append(t(lang, "report.review.missing_more", count=len(missing) - missing_shown))
        body.append(container([
            text(t(lang, "report.review.missing", count=len(missing)), color="attention",
                 weight="bolder"),
            text("\n".join(lines), color="attention", spacing="none"),
        ], style="emphasis"))
    else:
        body.append(text(t(lang, "report.review.complete", total=len(form.goals)),
                         color="good", weight="bolder"))
    body.append(text(_counts_line(form, lang)))
    # texts get shorter as goals get more: 40 goals of å-only text still fit in a card
    limit = max(40, min(REVIEW_TEXT_CHARS, 3000 // max(1, len(form.goals))))
    if text_chars is not None:
        limit = min(limit, text_chars)
    for perspective in dict.fromkeys(s.perspective for s in steps):
        goal_items: list[dict[str, Any]] = [text(perspective_label(perspective, lang),
                                                 weight="bolder", size="medium")]
        for goal in form.goals:
            if goal.perspective != perspective:
                continue
            goal_items.append(_review_goal(goal, form.results.get(goal.goal_id, EMPTY), lang,
                                           limit, title_chars, form.kind))
        body.append(container(goal_items, separator=True))
    return body


def decisions_action(form: ReportForm, title: str) -> dict[str, Any]:
    """The receipt's decision button (:data:`VERB_DECISIONS`): the receipt stays."""
    return execute(title, VERB_DECISIONS, _base_data(form, REVIEW_STEP), inputs=False)


def receipt_card(form: ReportForm, *, lang: str, tz: tzinfo, viewer_name: str,
                 notice: str | None = None,
                 extra_actions: Sequence[dict[str, Any]] = ()) -> dict[str, Any]:
    """Thanks the manager: the report is submitted, by whom, when, statuses; ``Ändra``."""
    state = form.state
    period_text = format_period(form.period.period, lang)
    first_name = viewer_name.split()[0] if viewer_name.strip() else viewer_name
    body: list[dict[str, Any]] = [
        text(t(lang, "report.receipt.title", name=first_name), weight="bolder",
             size="medium", color="good", style="heading"),
        text(t_kind(lang, "report.receipt.body", form.kind.key, unit=form.unit.name,
                    period=period_text)),
    ]
    body.extend(_notice(notice, None))
    by = state.submitted_by or viewer_name
    if state.submitted_by_role == "acting":
        by = t(lang, "report.receipt.as_acting", name=by)
    elif state.submitted_by_role == "leader":
        by = t(lang, "report.receipt.as_leader", name=by)
    elif state.submitted_by_role == "admin":
        by = t(lang, "report.receipt.as_admin", name=by)
    pairs = [(t(lang, "report.receipt.by"), by)]
    if state.submitted_at is not None:
        pairs.append((t(lang, "report.receipt.at"), when(state.submitted_at, lang, tz)))
    pairs.append((t(lang, "report.receipt.status"), _counts_line(form, lang)))
    body.append(facts(pairs))
    if state.late:
        body.append(text(t(lang, "report.receipt.late",
                           deadline=when(form.period.deadline_at, lang, tz)),
                         color="warning"))
    else:
        body.append(text(t(lang, "report.receipt.on_time"), subtle=True))
    actions: list[dict[str, Any]] = []
    if form.period.is_open:
        body.append(text(t(lang, "report.receipt.edit_until",
                           until=when(form.period.open_until, lang, tz)), subtle=True))
        actions.append(execute(t(lang, "report.button.edit"), VERB_EDIT,
                               _base_data(form, REVIEW_STEP), inputs=False))
    actions = [*actions, *extra_actions]
    return card(body, actions, fallback_text=t(lang, "report.receipt.title", name=first_name))


# --------------------------------------------------------------------------- closed & messages


def closed_card(form: ReportForm | None, *, lang: str, tz: tzinfo,
                current_period: str | None, next_period: str | None = None,
                next_opens: datetime | None = None) -> dict[str, Any]:
    """"Perioden är stängd" – and how to reach the period open now (or when the next
    one opens)."""
    body: list[dict[str, Any]] = [
        text(t(lang, "report.closed.title"), weight="bolder", size="medium",
             color="attention", style="heading"),
    ]
    if form is not None:
        body.append(text(t(lang, "report.closed.body",
                           period=format_period(form.period.period, lang),
                           unit=form.unit.name)))
    actions: list[dict[str, Any]] = []
    if current_period:
        body.append(text(t(lang, "report.closed.current",
                           period=format_period(current_period, lang))))
        actions.append(execute(t(lang, "report.button.report"), VERB_OPEN,
                               {"period": current_period}, style="positive", inputs=False))
    elif next_period and next_opens is not None:
        body.append(text(t(lang, "report.closed.next", period=format_period(next_period, lang),
                           opens=when(next_opens, lang, tz))))
    return card(body, actions, fallback_text=t(lang, "report.closed.title"))


def message_card(title: str, message: str,
                 actions: Sequence[dict[str, Any]] = ()) -> dict[str, Any]:
    """A short card with a title and a message (refusals, errors)."""
    return card([text(title, weight="bolder", size="medium", style="heading"), text(message)],
                actions, fallback_text=message)
