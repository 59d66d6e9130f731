"""The monthly report as a text dialog, for clients where Adaptive Cards do not work.

``rapportera text`` (or ``textrapport``, optionally followed by a unit code) walks the
unit's goals perspective by perspective with waterfall prompts: a status choice, the
indicator's value (a Swedish decimal, checked like the card does), "Resultat och analys"
and "Utveckling – åtgärder" (required for delvis / uppfylls inte). Every goal is saved as
a draft through :mod:`services.reports` (one transaction a turn; the same validation,
permission and version checks as the cards). ``hoppa över`` skips a goal, ``tillbaka``
goes to the previous one, ``avbryt`` pauses (the draft is kept) and ``rapportera text``
resumes where it stopped. At the end a summary and ``Skicka in``.

The dialog stack lives in the SDK's ConversationState (property
:data:`DIALOG_STATE_PROPERTY`), which the bot persists through
:class:`storage.agent_storage.SqlAgentStorage`: a restart loses nothing. Only plain JSON
values are kept in dialog state.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any, cast

from microsoft_agents.activity import (
    Activity,
    ActivityTypes,
    InputHints,
)
from microsoft_agents.hosting.core import (
    AgentApplication,
    CardFactory,
    ConversationState,
    RouteRank,
    TurnContext,
    TurnState,
)
from microsoft_agents.hosting.core.state.agent_state import CachedAgentState
from microsoft_agents.hosting.dialogs import (
    ChoicePrompt,
    ComponentDialog,
    DialogExtensions,
    DialogSet,
    DialogState,
    DialogTurnResult,
    PromptOptions,
    PromptValidatorContext,
    TextPrompt,
    WaterfallDialog,
    WaterfallStepContext,
)
from microsoft_agents.hosting.dialogs.choices import Choice, FoundChoice, ListStyle

from bot_services import BotServices
from cards.common import answer_buttons
from cards.report import stand_in_line
from dialogs.commands import normalise
from dialogs.context import TurnUser, current_user
from dialogs.features import Command, Feature, Wiring
from dialogs.report_sections import (
    OpenSection,
    Saved,
    SectionContext,
    open_sections,
    section_review_text,
    sections_missing,
)
from followup.calendar import next_opening
from followup.perspectives import perspective_label
from followup.report_forms import (
    Actor,
    Outcome,
    ReportForm,
    ReportResult,
    StandIn,
    UnitInfo,
)
from followup.report_kinds import kind_by_key
from followup.report_rules import (
    MAX_TEXT_CHARS,
    FieldError,
    GoalForm,
    RawGoalInput,
    ResultStatus,
    ResultValues,
    extra_pairs,
    missing_for_submit,
    parse_value,
)
from followup.sv_format import (
    format_date,
    format_deadline,
    format_number,
    format_percent,
    format_period,
    format_time,
)
from followup.text_input import clean_text
from followup.vocabulary import RESULT_CHOICE_SYNONYMS
from i18n import t
from services.reports import ReportTx, in_transaction, resolve_unit

logger = logging.getLogger(__name__)

DIALOG_ID = "report_text"
MAIN = "report_text.main"
WALK = "report_text.walk"
REVIEW = "report_text.review"
EXTRA = "report_text.extra"  # the report kind's own fields of one goal, one by one
UNIT_PROMPT = "report_text.unit_prompt"
STATUS_PROMPT = "report_text.status_prompt"
VALUE_PROMPT = "report_text.value_prompt"
ANALYSIS_PROMPT = "report_text.analysis_prompt"
ACTIONS_PROMPT = "report_text.actions_prompt"
REVIEW_PROMPT = "report_text.review_prompt"
CONFIRM_PROMPT = "report_text.confirm_prompt"
EXTRA_CHOICE_PROMPT = "report_text.extra_choice_prompt"
EXTRA_TEXT_PROMPT = "report_text.extra_text_prompt"
SECTIONS = "report_text.sections"  # the report's own sections (Ekonomi, …), one by one
SECTION_PROMPT = "report_text.section_prompt"

#: ConversationState property holding the dialog stack.
DIALOG_STATE_PROPERTY = "report_text_dialog"
#: ConversationState property: where the walk stopped ({unit_id, period, goal_id, index}).
POSITION_PROPERTY = "report_text_position"

#: ``rapportera text [enhet]`` starts (or resumes) the dialog.
START_COMMAND = Command("text_report", sv=("rapportera text", "textrapport"),
                        en=("text report", "textreport"))
START_PATTERN = re.compile(
    r"\s*(?:" + "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in START_COMMAND.phrases)
    + r")(?:\s+(?P<unit>\S.*?))?\s*[.!]?\s*",
    re.IGNORECASE | re.DOTALL,
)

SKIP, BACK, CANCEL, SUBMIT, MISSING, DONE = "skip", "back", "cancel", "submit", "missing", "done"
_CONTROL_WORDS: dict[str, tuple[str, ...]] = {
    SKIP: ("hoppa över", "hoppa over", "hoppa", "skip"),
    BACK: ("tillbaka", "föregående", "foregaende", "back", "previous"),
    CANCEL: ("avbryt", "pausa", "paus", "cancel", "pause", "stop"),
}
_KEEP_WORDS = ("behåll", "behall", "keep")
#: "Vill du skicka in rapporten?" – a yes is as good as the button.
_YES_WORDS = ["ja", "j", "japp", "jepp", "jo", "yes", "y", "skicka", "skicka in", "ok"]
_NO_WORDS = ["nej", "nä", "ändra", "andra", "no", "change"]
_NONE_WORDS = ("-", "–", "inget", "ingen", "none")
#: Marker values a validator hands to the next step (never shown to the user).
_KEEP = {"keep": True}


def control_word(text: str | None) -> str | None:
    """``"Hoppa över"`` → ``"skip"``; ``"tillbaka"`` → ``"back"``; ``"avbryt"`` → ``"cancel"``."""
    clean = normalise(text or "")
    for key, words in _CONTROL_WORDS.items():
        if clean in words:
            return key
    return None


def _is_keep(text: str) -> bool:
    return normalise(text) in _KEEP_WORDS


def _is_none(text: str) -> bool:
    return normalise(text) in _NONE_WORDS or text.strip() in _NONE_WORDS


# --------------------------------------------------------------------------- formatting


def format_indicator_value(value: float, unit: str | None, lang: str) -> str:
    """``12.5, "%"`` → ``"12,5 %"``; ``3, "st"`` → ``"3 st"``."""
    if (unit or "").strip() == "%":
        return format_percent(value, lang)
    number = format_number(value, lang=lang)
    return f"{number} {unit}" if unit else number


def _status_word(status: str | None, lang: str) -> str:
    if status in {s.value for s in ResultStatus}:
        return t(lang, f"report_text.status.{status}")
    return t(lang, "report_text.no_status")


def _values_line(values: ResultValues, goal: GoalForm, lang: str) -> tuple[str, str]:
    status = _status_word(values.status, lang)
    value = (
        f", {format_indicator_value(values.value, goal.indicator_unit, lang)}"
        if values.value is not None
        else ""
    )
    return status, value


def goal_text(form: ReportForm, index: int, lang: str) -> str:
    """The goal as a message: perspective, number, title, description, indicator, last
    month's and the stored values."""
    goal = form.goals[index]
    lines = [
        t(lang, "report_text.goal_header",
          perspective=perspective_label(goal.perspective, lang), number=index + 1,
          count=len(form.goals)),
        f"**{goal.title}**",
    ]
    if goal.description.strip():
        lines.append(goal.description.strip())
    if goal.has_indicator:
        target = (
            t(lang, "report_text.target",
              value=format_indicator_value(goal.target, goal.indicator_unit, lang))
            if goal.target is not None
            else ""
        )
        baseline = (
            t(lang, "report_text.baseline",
              value=format_indicator_value(goal.baseline, goal.indicator_unit, lang))
            if goal.baseline is not None
            else ""
        )
        lines.append(t(lang, "report_text.indicator", name=goal.indicator_name,
                       target=target, baseline=baseline))
    last = form.last.get(goal.goal_id)
    if last is not None and not last.is_empty and form.last_period:
        status, value = _values_line(last, goal, lang)
        lines.append(t(lang, "report_text.last_month",
                       period=format_period(form.last_period, lang), status=status, value=value))
    current = form.results.get(goal.goal_id)
    if current is not None and not current.is_empty:
        status, value = _values_line(current, goal, lang)
        lines.append(t(lang, "report_text.draft", status=status, value=value))
    return "\n\n".join(lines)


def summary_text(form: ReportForm, lang: str) -> str:
    lines = [t(lang, "report_text.summary_title", unit=form.unit.name,
               period=format_period(form.period.period, lang))]
    progress = form.progress()
    for perspective, (done, total) in progress.per_perspective.items():
        lines.append(t(lang, "report_text.summary_perspective",
                       perspective=perspective_label(perspective, lang), done=done, total=total))
    lines.append(t(lang, "report_text.summary_counts", **form.status_counts()))
    missing = missing_for_submit(form.goals, form.results, form.kind)
    if missing:
        lines.append(t(lang, "report_text.summary_missing"))
        for error in missing:
            goal = form.goal(error.goal_id) if error.goal_id is not None else None
            if goal is None:
                continue
            if error.field not in ("status", "actions") and "label_key" in error.params:
                lines.append(t(lang, "report_text.summary_missing_field", title=goal.title,
                               perspective=perspective_label(goal.perspective, lang),
                               label=t(lang, str(error.params["label_key"]))))
                continue
            key = ("report_text.summary_missing_status" if error.field == "status"
                   else "report_text.summary_missing_actions")
            lines.append(t(lang, key, title=goal.title,
                           perspective=perspective_label(goal.perspective, lang)))
    elif form.state.submitted:
        lines.append(t(lang, "report_text.summary_submitted"))
    else:
        lines.append(t(lang, "report_text.summary_ready"))
    return "\n\n".join(lines)


def read_only_text(form: ReportForm, stand_in: StandIn, lang: str) -> str:
    """What the ordinary manager sees while someone else acts: who reports, and the
    report's progress and statuses (nothing to fill in)."""
    lines = [stand_in_line(stand_in, lang),
             t(lang, "report_text.summary_title", unit=form.unit.name,
               period=format_period(form.period.period, lang))]
    progress = form.progress()
    for perspective, (done, total) in progress.per_perspective.items():
        lines.append(t(lang, "report_text.summary_perspective",
                       perspective=perspective_label(perspective, lang), done=done, total=total))
    lines.append(t(lang, "report_text.summary_counts", **form.status_counts()))
    if form.state.submitted:
        lines.append(t(lang, "report_text.read_only_submitted"))
    return "\n\n".join(lines)


def receipt_text(form: ReportForm, name: str, now: datetime, tz: tzinfo, lang: str) -> str:
    """"Tack, Alex! Rapporten … är inskickad 4 november 2026 kl. 10.30. …"."""
    at = (form.state.submitted_at or now).astimezone(tz)
    text = t(lang, "report_text.receipt", name=name.split(" ")[0], unit=form.unit.name,
             period=format_period(form.period.period, lang), date=format_date(at.date(), lang),
             time=format_time(at, lang), **form.status_counts())
    if form.state.late:
        text += t(lang, "report_text.receipt_late")
    return text + t(lang, "report_text.receipt_edit")


def field_error_text(error: FieldError, lang: str) -> str:
    """One of the service's field errors in the user's language (``i18n/report.py``)."""
    params = {k: (format_number(v, lang=lang) if isinstance(v, float) else v)
              for k, v in error.params.items()}
    return t(lang, error.key, **params)


def error_text(errors: tuple[FieldError, ...], lang: str) -> str:
    lines = [t(lang, "report_text.not_saved")]
    lines += [f"- {field_error_text(error, lang)}" for error in errors]
    return "\n".join(lines)


def next_incomplete(form: ReportForm, *, after: int = -1) -> int:
    """Index of the first goal after ``after`` without a complete answer (len(goals) when
    there is none)."""
    for i, goal in enumerate(form.goals):
        if i > after and not form.results.get(goal.goal_id, ResultValues()).is_complete:
            return i
    return len(form.goals)


def first_incomplete(form: ReportForm) -> int:
    return next_incomplete(form)


def _goal_dict(goal: GoalForm) -> dict[str, Any]:
    """A goal's checking data as plain JSON (kept in prompt options across turns)."""
    return {
        "goal_id": goal.goal_id, "perspective": goal.perspective, "title": goal.title,
        "indicator_name": goal.indicator_name, "indicator_unit": goal.indicator_unit,
        "target": goal.target, "baseline": goal.baseline, "direction": goal.direction,
    }


_NOTES_KEY = "report_text.notes"


def _note(context: TurnContext, text: str) -> None:
    """Queue a line for this turn's next message (one message per turn, not three)."""
    notes = cast(list[str], context.turn_state.setdefault(_NOTES_KEY, []))
    notes.append(text)


def _with_notes(context: TurnContext, text: str) -> str:
    notes = cast(list[str], context.turn_state.pop(_NOTES_KEY, None) or [])
    return "\n\n".join([*notes, text])


def _message(text: str, buttons: list[str] | None = None) -> Activity:
    """A prompt: Markdown text, and the choices as buttons that post their word as the
    user's answer (cards.common.answer_buttons; the prompt's own list style is off)."""
    activity = Activity(type=ActivityTypes.message, text=text,
                        input_hint=InputHints.expecting_input)
    if buttons:
        activity.attachments = [CardFactory.adaptive_card(answer_buttons(buttons))]
    return activity


async def _say(context: TurnContext, text: str) -> None:
    await context.send_activity(_with_notes(context, text))


def _choice_options(context: TurnContext, text: str, retry: str,
                    choices: list[Choice]) -> PromptOptions:
    buttons = [c.value for c in choices]
    return PromptOptions(prompt=_message(_with_notes(context, text), buttons),
                         retry_prompt=_message(retry, buttons), choices=choices,
                         style=ListStyle.none)


def _text_options(context: TurnContext, text: str, retry: str,
                  validations: dict[str, Any]) -> PromptOptions:
    return PromptOptions(prompt=_message(_with_notes(context, text)),
                         retry_prompt=_message(retry), validations=validations)


def _choice(value: str, synonyms: list[str] | None = None) -> Choice:
    return Choice(value=value, synonyms=synonyms or [])


@dataclass(frozen=True)
class _Walk:
    """The walk's position, as kept in the waterfall's options."""

    unit_id: int
    period: str
    index: int
    #: After "Fyll i det som saknas": go from one incomplete goal to the next.
    missing_only: bool = False

    @classmethod
    def of(cls, options: Any) -> _Walk:
        data = options if isinstance(options, dict) else {}
        return cls(int(data["unit_id"]), str(data["period"]), int(data.get("index") or 0),
                   bool(data.get("missing_only")))

    def at(self, index: int) -> dict[str, Any]:
        return {"unit_id": self.unit_id, "period": self.period, "index": max(index, 0),
                "missing_only": self.missing_only}

    def next_index(self, form: ReportForm | None) -> int:
        if not self.missing_only or form is None:
            return self.index + 1
        return next_incomplete(form, after=self.index)


# --------------------------------------------------------------------------- the dialog


class ReportTextDialog(ComponentDialog):
    """MAIN (pick unit, begin) → WALK (one goal per instance, replaced goal by goal) →
    REVIEW (summary, Skicka in)."""

    def __init__(self, services: BotServices) -> None:
        super().__init__(DIALOG_ID)
        self._services = services
        self.add_dialog(WaterfallDialog(MAIN, [self._main_unit, self._main_begin,
                                               self._main_sections, self._main_review,
                                               self._main_after_review]))
        self.add_dialog(WaterfallDialog(WALK, [self._ask_status, self._ask_value,
                                               self._ask_analysis, self._ask_actions,
                                               self._ask_extra, self._save_goal,
                                               self._after_confirm]))
        self.add_dialog(WaterfallDialog(REVIEW, [self._show_summary, self._decide]))
        self.add_dialog(WaterfallDialog(EXTRA, [self._extra_ask, self._extra_take]))
        self.add_dialog(WaterfallDialog(SECTIONS, [self._section_ask, self._section_take]))
        self.add_dialog(TextPrompt(SECTION_PROMPT))
        self.add_dialog(ChoicePrompt(UNIT_PROMPT))
        self.add_dialog(ChoicePrompt(STATUS_PROMPT))
        self.add_dialog(ChoicePrompt(REVIEW_PROMPT))
        self.add_dialog(ChoicePrompt(CONFIRM_PROMPT))
        self.add_dialog(TextPrompt(VALUE_PROMPT, self._validate_value))
        self.add_dialog(TextPrompt(ANALYSIS_PROMPT, self._validate_analysis))
        self.add_dialog(TextPrompt(ACTIONS_PROMPT, self._validate_actions))
        self.add_dialog(ChoicePrompt(EXTRA_CHOICE_PROMPT))
        self.add_dialog(TextPrompt(EXTRA_TEXT_PROMPT, self._validate_analysis))

    # ----------------------------------------------------------------- services

    def _actor(self, user: TurnUser) -> Actor:
        assert user.person_id is not None
        return Actor(user.person_id, user.display_name, user.is_admin)

    async def _form(self, context: TurnContext, walk: _Walk) -> ReportResult:
        services = self._services
        actor = self._actor(current_user(context))

        async def load(tx: ReportTx) -> ReportResult:
            return await tx.load_form(unit_id=walk.unit_id, period=walk.period, actor=actor,
                                      now=services.now(), cfg=services.calendar)
        return await in_transaction(services.sessionmaker, load)

    async def _stop(self, step: WaterfallStepContext, result: ReportResult,
                    walk: _Walk) -> DialogTurnResult:
        """The report can no longer be written (closed, forbidden, gone): say so, end."""
        lang = current_user(step.context).lang
        if result.outcome is Outcome.CLOSED:
            current = (
                t(lang, "report_text.closed_current",
                  period=format_period(result.current_period, lang))
                if result.current_period and result.current_period != walk.period
                else ""
            )
            text = t(lang, "report_text.closed", period=format_period(walk.period, lang),
                     current=current)
        elif result.outcome is Outcome.FORBIDDEN:
            name = result.form.unit.name if result.form else str(walk.unit_id)
            text = t(lang, "report_text.forbidden", unit=name)
        else:
            text = t(lang, "report_text.not_found")
        await _say(step.context, text)
        _set_position(step, None)
        return await step.cancel_all_dialogs()

    # ----------------------------------------------------------------- MAIN

    async def _main_unit(self, step: WaterfallStepContext) -> DialogTurnResult:
        options = step.options if isinstance(step.options, dict) else {}
        units: list[list[Any]] = options.get("units") or []
        _vals(step)["units"] = units
        _vals(step)["period"] = options["period"]
        if options.get("unit_id") is not None:
            return await step.next(int(options["unit_id"]))
        lang = current_user(step.context).lang
        choices = [_choice(str(label)) for _uid, label in units]
        choices.append(_choice(t(lang, "report_text.choice.cancel"),
                               list(_CONTROL_WORDS[CANCEL])))
        return await step.prompt(UNIT_PROMPT, _choice_options(
            step.context, t(lang, "report_text.choose_unit"),
            t(lang, "report_text.choose_unit_retry"), choices))

    async def _main_begin(self, step: WaterfallStepContext) -> DialogTurnResult:
        user = current_user(step.context)
        lang = user.lang
        result = step.result
        units: list[list[Any]] = _vals(step)["units"]
        if isinstance(result, FoundChoice):
            if result.index >= len(units):  # "Avbryt"
                await _say(step.context, t(lang, "report_text.cancelled"))
                return await step.cancel_all_dialogs()
            unit_id = int(units[result.index][0])
        else:
            unit_id = int(cast(Any, result))
        options = step.options if isinstance(step.options, dict) else {}
        walk = _Walk(unit_id, str(_vals(step)["period"]), 0,
                     bool(options.get("missing_only")))
        _vals(step)["unit_id"] = unit_id
        loaded = await self._form(step.context, walk)
        if not loaded.ok or loaded.form is None:
            return await self._stop(step, loaded, walk)
        form = loaded.form
        count = len(form.goals)
        unit, period = form.unit.name, format_period(form.period.period, lang)
        if count == 0:
            await _say(step.context, t(lang, "report_text.no_goals", unit=unit, period=period))
            return await step.cancel_all_dialogs()
        if options.get("index") is not None:
            index = int(options["index"])
        else:
            index, intro = _start_position(form, _get_position(step), lang)
            _note(step.context, intro)
            # straight to the summary: a section already answered is not asked again
            _vals(step)["sections_missing_only"] = index >= count
        return await step.begin_dialog(WALK, walk.at(min(index, count)))

    async def _main_sections(self, step: WaterfallStepContext) -> DialogTurnResult:
        options = step.options if isinstance(step.options, dict) else {}
        walk = _Walk(int(_vals(step)["unit_id"]), str(_vals(step)["period"]), 0,
                     bool(options.get("missing_only"))
                     or bool(_vals(step).get("sections_missing_only")))
        return await step.begin_dialog(SECTIONS, walk.at(0))

    async def _main_review(self, step: WaterfallStepContext) -> DialogTurnResult:
        walk = _Walk(int(_vals(step)["unit_id"]), str(_vals(step)["period"]), 0)
        return await step.begin_dialog(REVIEW, walk.at(0))

    async def _main_after_review(self, step: WaterfallStepContext) -> DialogTurnResult:
        result = step.result if isinstance(step.result, dict) else {}
        if result.get("index") is None:
            return await step.end_dialog(result)
        return await step.replace_dialog(MAIN, {
            "units": _vals(step)["units"], "period": _vals(step)["period"],
            "unit_id": _vals(step)["unit_id"], "index": int(result["index"]),
            "missing_only": bool(result.get("missing_only")),
        })

    # ----------------------------------------------------------------- WALK

    async def _ask_status(self, step: WaterfallStepContext) -> DialogTurnResult:
        walk = _Walk.of(step.options)
        lang = current_user(step.context).lang
        loaded = await self._form(step.context, walk)
        if not loaded.ok or loaded.form is None:
            return await self._stop(step, loaded, walk)
        form = loaded.form
        if walk.index >= len(form.goals):
            _set_position(step, {**walk.at(len(form.goals)), "goal_id": None})
            return await step.end_dialog({"review": True})
        goal = form.goals[walk.index]
        current = form.results.get(goal.goal_id, ResultValues())
        _set_position(step, {**walk.at(walk.index), "goal_id": goal.goal_id})
        _vals(step).update({
            "goal": _goal_dict(goal), "version": form.state.version,
            "count": len(form.goals), "submitted": form.state.submitted,
            "current": current.as_dict(), "kind": form.kind.key,
            "max_analysis": form.kind.max_length("analysis", MAX_TEXT_CHARS),
        })
        choices = [
            _choice(t(lang, f"report_text.choice.{s.value}"), list(RESULT_CHOICE_SYNONYMS[s]))
            for s in ResultStatus
        ]
        for key in (SKIP, BACK, CANCEL):
            choices.append(_choice(t(lang, f"report_text.choice.{key}"),
                                   list(_CONTROL_WORDS[key])))
        text = f"{goal_text(form, walk.index, lang)}\n\n{t(lang, 'report_text.status_prompt')}"
        return await step.prompt(STATUS_PROMPT, _choice_options(
            step.context, text, t(lang, "report_text.status_retry"), choices))

    async def _ask_value(self, step: WaterfallStepContext) -> DialogTurnResult:
        found = step.result
        assert isinstance(found, FoundChoice)
        keys = [s.value for s in ResultStatus] + [SKIP, BACK, CANCEL]
        key = keys[found.index]
        if key in (SKIP, BACK, CANCEL):
            return await self._control(step, key)
        _vals(step)["status"] = key
        goal = _vals(step)["goal"]
        if not goal["indicator_name"]:
            return await step.next(None)
        lang = current_user(step.context).lang
        current = _current(step)
        unit = f" ({goal['indicator_unit']})" if goal["indicator_unit"] else ""
        text = t(lang, "report_text.value_prompt", name=goal["indicator_name"], unit=unit,
                 period=format_period(_Walk.of(step.options).period, lang))
        if current.value is not None:
            text += t(lang, "report_text.value_keep_hint",
                      value=format_indicator_value(current.value, goal["indicator_unit"], lang))
        text += t(lang, "report_text.value_none_hint")
        return await step.prompt(VALUE_PROMPT, _text_options(
            step.context, text, t(lang, "report_text.value_retry"),
            {"goal": goal, "keep": current.value is not None}))

    async def _ask_analysis(self, step: WaterfallStepContext) -> DialogTurnResult:
        answer = step.result
        if isinstance(answer, str) and control_word(answer):
            return await self._control(step, control_word(answer) or "")
        _vals(step)["value"] = _raw_field(answer)
        lang = current_user(step.context).lang
        current = _current(step)
        text = t(lang, "report_text.analysis_prompt")
        if current.analysis:
            text += t(lang, "report_text.text_keep_hint", text=_excerpt(current.analysis))
        limit = int(_vals(step).get("max_analysis") or MAX_TEXT_CHARS)
        return await step.prompt(ANALYSIS_PROMPT, _text_options(
            step.context, text, t(lang, "report_text.analysis_retry", max=limit),
            {"keep": bool(current.analysis), "max": limit}))

    async def _ask_actions(self, step: WaterfallStepContext) -> DialogTurnResult:
        answer = step.result
        if isinstance(answer, str) and control_word(answer):
            return await self._control(step, control_word(answer) or "")
        _vals(step)["analysis"] = _raw_field(answer)
        status = _vals(step)["status"]
        if status == ResultStatus.GREEN.value:
            return await step.next(None)
        lang = current_user(step.context).lang
        current = _current(step)
        text = t(lang, "report_text.actions_prompt", status=_status_word(status, lang))
        if current.actions:
            text += t(lang, "report_text.text_keep_hint", text=_excerpt(current.actions))
        return await step.prompt(ACTIONS_PROMPT, _text_options(
            step.context, text, t(lang, "report_text.actions_retry", max=MAX_TEXT_CHARS),
            {"keep": bool(current.actions.strip()), "status": status}))

    async def _ask_extra(self, step: WaterfallStepContext) -> DialogTurnResult:
        """The report kind's own fields after the four (the steering year's year_end:
        bedömd måluppfyllelse vid årets slut), one prompt each in :data:`EXTRA`, in the
        order the kind declares them. A kind without any goes on to saving."""
        answer = step.result
        if isinstance(answer, str) and control_word(answer):
            return await self._control(step, control_word(answer) or "")
        _vals(step)["actions"] = _raw_field(answer)
        kind = kind_by_key(_vals(step).get("kind"))
        if kind is None or not kind.extra_fields:
            return await step.next(None)
        return await step.begin_dialog(EXTRA, {"kind": kind.key, "i": 0, "answers": {},
                                               "current": _vals(step)["current"]})

    async def _extra_ask(self, step: WaterfallStepContext) -> DialogTurnResult:
        options = cast(dict[str, Any], dict(cast(dict[str, Any], step.options or {})))
        kind = kind_by_key(options.get("kind"))
        index = int(options.get("i", 0))
        if kind is None or index >= len(kind.extra_fields):
            return await step.end_dialog({"answers": options.get("answers") or {}})
        spec = kind.extra_fields[index]
        lang = current_user(step.context).lang
        stored = _stored_extra(options.get("current"), spec.name)
        label = t(lang, spec.label_key)
        if spec.type == "choice":
            text = t(lang, "report_text.extra_choice_prompt", label=label)
            if stored:
                text += t(lang, "report_text.text_keep_hint",
                          text=t(lang, spec.choice_key(stored)))
            choices = [_choice(t(lang, spec.choice_key(v)), list(spec.prompt_words.get(v, ())))
                       for v in spec.choices]
            for key in (SKIP, BACK, CANCEL):
                choices.append(_choice(t(lang, f"report_text.choice.{key}"),
                                       list(_CONTROL_WORDS[key])))
            return await step.prompt(EXTRA_CHOICE_PROMPT, _choice_options(
                step.context, text, t(lang, "report_text.extra_choice_retry", label=label),
                choices))
        text = t(lang, "report_text.extra_text_prompt", label=label)
        if stored:
            text += t(lang, "report_text.text_keep_hint", text=_excerpt(stored))
        limit = spec.max_length or MAX_TEXT_CHARS
        return await step.prompt(EXTRA_TEXT_PROMPT, _text_options(
            step.context, text, t(lang, "report_text.analysis_retry", max=limit),
            {"keep": bool(stored), "max": limit}))

    async def _extra_take(self, step: WaterfallStepContext) -> DialogTurnResult:
        """Keep the answer and ask the next field; a control word ends the loop with it."""
        options = cast(dict[str, Any], dict(cast(dict[str, Any], step.options or {})))
        kind = kind_by_key(options.get("kind"))
        index = int(options.get("i", 0))
        assert kind is not None
        spec = kind.extra_fields[index]
        answer = step.result
        answers = dict(options.get("answers") or {})
        if isinstance(answer, FoundChoice):
            if answer.index >= len(spec.choices):  # hoppa över / tillbaka / avbryt
                controls = (SKIP, BACK, CANCEL)
                return await step.end_dialog({"control": controls[answer.index
                                                                  - len(spec.choices)]})
            answers[spec.name] = spec.choices[answer.index]
        elif isinstance(answer, str) and control_word(answer):
            return await step.end_dialog({"control": control_word(answer)})
        elif (typed := _raw_field(answer)) is not None:
            answers[spec.name] = typed
        return await step.replace_dialog(EXTRA, {**options, "i": index + 1,
                                                 "answers": answers})

    async def _save_goal(self, step: WaterfallStepContext) -> DialogTurnResult:
        answer = step.result
        if isinstance(answer, str) and control_word(answer):
            return await self._control(step, control_word(answer) or "")
        if isinstance(answer, dict):
            if answer.get("control"):
                return await self._control(step, str(answer["control"]))
            _vals(step)["extra"] = dict(answer.get("answers") or {})
        return await self._save(step, {})

    async def _save(self, step: WaterfallStepContext,
                    confirmed: dict[str, str]) -> DialogTurnResult:
        """Save the goal's answers; values that look like a slip are asked about first."""
        walk = _Walk.of(step.options)
        user = current_user(step.context)
        lang = user.lang
        goal_id = int(_vals(step)["goal"]["goal_id"])
        raw = RawGoalInput(status=_vals(step)["status"], value=_vals(step).get("value"),
                           analysis=_vals(step).get("analysis"),
                           actions=_vals(step).get("actions"),
                           extra=tuple(sorted((_vals(step).get("extra") or {}).items())))
        services = self._services
        expected = int(_vals(step)["version"])

        async def save(tx: ReportTx) -> ReportResult:
            saved = await tx.save_step(
                unit_id=walk.unit_id, period=walk.period, actor=self._actor(user),
                inputs={goal_id: raw}, expected_version=expected,
                now=services.now(), cfg=services.calendar,
                confirmed={int(k): v for k, v in confirmed.items()})
            if (saved.outcome is Outcome.OK and saved.changed_ids
                    and saved.form is not None and saved.form.state.submitted):
                from dialogs.report import tell_leaders_of_change

                await tell_leaders_of_change(services, tx, user, saved.form,
                                             saved.changed_ids, services.now())
            return saved
        result = await in_transaction(services.sessionmaker, save)
        if result.outcome is Outcome.UNLIKELY:
            tokens = {str(w.goal_id): str(w.params.get("token", "")) for w in result.warnings}
            _vals(step)["pending_confirm"] = tokens
            lines = [t(lang, "report_text.unlikely")]
            lines += [f"- {field_error_text(w, lang)}" for w in result.warnings]
            lines.append(t(lang, "report_text.unlikely_prompt"))
            choices = [_choice(t(lang, "report_text.choice.confirm"), [*_YES_WORDS, "stämmer",
                                                                         "stammer"]),
                       _choice(t(lang, "report_text.choice.change"), list(_NO_WORDS))]
            return await step.prompt(CONFIRM_PROMPT, _choice_options(
                step.context, "\n\n".join(lines), t(lang, "report_text.unlikely_retry"),
                choices))
        if result.outcome is Outcome.OK and result.form is not None:
            if result.changed == 0:
                text = t(lang, "report_text.unchanged")
            elif result.form.state.submitted:
                text = t(lang, "report_text.saved_submitted_at")
            else:
                progress = result.form.progress()
                text = t(lang, "report_text.saved", done=progress.done, count=progress.total)
            _note(step.context, text)
            return await step.replace_dialog(WALK, walk.at(walk.next_index(result.form)))
        if result.outcome is Outcome.INVALID:
            _note(step.context, error_text(result.errors, lang))
            return await step.replace_dialog(WALK, walk.at(walk.index))
        if result.outcome is Outcome.CONFLICT:
            when = ""
            if result.conflict_at is not None:
                local = result.conflict_at.astimezone(services.tz)
                when = format_time(local, lang)
            _note(step.context, t(
                lang, "report_text.conflict",
                who=result.conflict_by or t(lang, "report_text.conflict_unknown"), when=when))
            return await step.replace_dialog(WALK, walk.at(walk.index))
        return await self._stop(step, result, walk)

    async def _after_confirm(self, step: WaterfallStepContext) -> DialogTurnResult:
        """"Stämmer, spara ändå" saves as typed; "Ändra" asks the goal again."""
        found = step.result
        walk = _Walk.of(step.options)
        if isinstance(found, FoundChoice) and found.index == 0:
            return await self._save(step, dict(_vals(step).get("pending_confirm") or {}))
        return await step.replace_dialog(WALK, walk.at(walk.index))

    async def _control(self, step: WaterfallStepContext, key: str) -> DialogTurnResult:
        walk = _Walk.of(step.options)
        lang = current_user(step.context).lang
        if key == SKIP:
            _note(step.context, t(lang, "report_text.skipped"))
            form = (await self._form(step.context, walk)).form if walk.missing_only else None
            return await step.replace_dialog(WALK, walk.at(walk.next_index(form)))
        if key == BACK:
            if walk.index == 0:
                _note(step.context, t(lang, "report_text.first_goal"))
            return await step.replace_dialog(WALK, walk.at(walk.index - 1))
        await _say(step.context, t(lang, "report_text.cancelled"))
        return await step.cancel_all_dialogs()

    # ----------------------------------------------------------------- validators

    async def _validate_value(self, prompt: PromptValidatorContext) -> bool:
        text = str(prompt.recognized.value or "") if prompt.recognized.succeeded else ""
        options = prompt.options.validations if isinstance(prompt.options.validations,
                                                           dict) else {}
        if control_word(text):
            return True
        if _is_keep(text) and options.get("keep"):
            prompt.recognized.value = _KEEP
            return True
        if _is_none(text):
            prompt.recognized.value = ""
            return True
        goal = GoalForm(**options["goal"])
        _value, error = parse_value(goal, text)
        if error is not None:
            lang = current_user(prompt.context).lang
            _retry_with(prompt, field_error_text(error, lang),
                        t(lang, "report_text.value_retry_after_error"))
            return False
        prompt.recognized.value = text  # the service parses it again, the same way
        return True

    async def _validate_analysis(self, prompt: PromptValidatorContext) -> bool:
        return await self._validate_text(prompt, required=False)

    async def _validate_actions(self, prompt: PromptValidatorContext) -> bool:
        return await self._validate_text(prompt, required=True)

    async def _validate_text(self, prompt: PromptValidatorContext, *, required: bool) -> bool:
        text = str(prompt.recognized.value or "") if prompt.recognized.succeeded else ""
        options = prompt.options.validations if isinstance(prompt.options.validations,
                                                           dict) else {}
        lang = current_user(prompt.context).lang
        if control_word(text):
            return True
        if _is_keep(text) and options.get("keep"):
            prompt.recognized.value = _KEEP
            return True
        if _is_none(text):
            if required:
                _retry_with(prompt, t(lang, "report_text.actions_required",
                                      status=_status_word(options.get("status"), lang)))
                return False
            prompt.recognized.value = ""
            return True
        cleaned = clean_text(text)
        if required and not cleaned:
            _retry_with(prompt, t(lang, "report_text.actions_required",
                                  status=_status_word(options.get("status"), lang)))
            return False
        limit = int(options.get("max") or MAX_TEXT_CHARS)
        if len(cleaned) > limit:
            _retry_with(prompt, t(lang, "report_text.text_too_long", length=len(cleaned),
                                  max=limit))
            return False
        prompt.recognized.value = cleaned
        return True

    # ----------------------------------------------------------------- SECTIONS

    async def _open_sections(self, context: TurnContext, walk: _Walk,
                             tx: ReportTx) -> tuple[ReportResult, list[OpenSection]]:
        services = self._services
        loaded = await tx.load_form(
            unit_id=walk.unit_id, period=walk.period,
            actor=self._actor(current_user(context)), now=services.now(), cfg=services.calendar)
        if not loaded.ok or loaded.form is None:
            return loaded, []
        ctx = SectionContext(services, tx, current_user(context), loaded.form)
        return loaded, await open_sections(ctx)

    async def _section_ask(self, step: WaterfallStepContext) -> DialogTurnResult:
        """The report's section at ``index`` (after the goals): its question."""
        walk = _Walk.of(step.options)
        user = current_user(step.context)
        async def ask(tx: ReportTx) -> tuple[ReportResult, str | None, str | None, bool]:
            """(the form, the section's key and question; or None and whether it is done)"""
            loaded, opened = await self._open_sections(step.context, walk, tx)
            if not loaded.ok or loaded.form is None or walk.index >= len(opened):
                return loaded, None, None, False
            section, state = opened[walk.index]
            ctx = SectionContext(self._services, tx, user, loaded.form)
            if walk.missing_only and section.missing(ctx, state) is None:
                return loaded, None, None, True
            return loaded, section.key, section.question(ctx, state), False
        loaded, key, question, answered = await in_transaction(self._services.sessionmaker,
                                                                ask)
        if not loaded.ok or loaded.form is None:
            return await self._stop(step, loaded, walk)
        if answered:
            return await step.replace_dialog(SECTIONS, walk.at(walk.index + 1))
        if key is None:
            return await step.end_dialog({"review": True})
        _vals(step)["section"] = key
        text = f"{question}\n\n{t(user.lang, 'report_text.section_hint')}"
        return await step.prompt(SECTION_PROMPT, _text_options(
            step.context, text, t(user.lang, "report_text.section_hint"), {}))

    async def _section_take(self, step: WaterfallStepContext) -> DialogTurnResult:
        walk = _Walk.of(step.options)
        user = current_user(step.context)
        answer = str(step.result or "")
        word = control_word(answer)
        if word == CANCEL:
            await _say(step.context, t(user.lang, "report_text.cancelled"))
            return await step.cancel_all_dialogs()
        if word == SKIP:
            _note(step.context, t(user.lang, "report_text.skipped"))
            return await step.replace_dialog(SECTIONS, walk.at(walk.index + 1))
        if word == BACK:
            return await step.replace_dialog(SECTIONS, walk.at(walk.index - 1))
        key = str(_vals(step).get("section") or "")

        async def take(tx: ReportTx) -> tuple[ReportResult, int, Saved | None]:
            """(the form, the section's index and what its answer saved; None: no such
            section any more)"""
            loaded, opened = await self._open_sections(step.context, walk, tx)
            keys = [section.key for section, _state in opened]
            if not loaded.ok or loaded.form is None or key not in keys:
                return loaded, -1, None
            index = keys.index(key)
            section, state = opened[index]
            ctx = SectionContext(self._services, tx, user, loaded.form)
            return loaded, index, await section.answer(ctx, state, answer)
        loaded, index, saved = await in_transaction(self._services.sessionmaker, take)
        if not loaded.ok or loaded.form is None:
            return await self._stop(step, loaded, walk)
        if saved is None:
            return await step.replace_dialog(SECTIONS, walk.at(walk.index))
        if saved.message:
            _note(step.context, saved.message)
        if saved.again:  # one more (the section is answered now, yet asked again)
            return await step.replace_dialog(SECTIONS, {**walk.at(index), "missing_only": False})
        if saved.problems is not None:
            return await step.replace_dialog(SECTIONS, walk.at(index))
        return await step.replace_dialog(SECTIONS, walk.at(index + 1))

    # ----------------------------------------------------------------- REVIEW

    async def _show_summary(self, step: WaterfallStepContext) -> DialogTurnResult:
        walk = _Walk.of(step.options)
        lang = current_user(step.context).lang
        loaded = await self._form(step.context, walk)
        if not loaded.ok or loaded.form is None:
            return await self._stop(step, loaded, walk)
        form = loaded.form

        async def review(tx: ReportTx) -> tuple[list[str], list[FieldError]]:
            ctx = SectionContext(self._services, tx, current_user(step.context), form)
            opened = await open_sections(ctx)
            return ([section_review_text(section.key, section.review(ctx, state), lang)
                     for section, state in opened], sections_missing(ctx, opened))
        section_lines, section_missing = await in_transaction(self._services.sessionmaker,
                                                              review)
        missing = [*missing_for_submit(form.goals, form.results), *section_missing]
        first_missing = first_incomplete(form)
        _vals(step).update({"version": form.state.version, "count": len(form.goals),
                            "first_missing": first_missing})
        if missing:
            keys = [MISSING, BACK, CANCEL]
        elif form.state.submitted:
            keys = [DONE, BACK]
        else:
            keys = [SUBMIT, BACK, CANCEL]
        _vals(step)["keys"] = keys
        choices = [_choice(t(lang, f"report_text.choice.{k}"),
                           list(_CONTROL_WORDS.get(k, ())) + (_YES_WORDS if k == SUBMIT else []))
                   for k in keys]
        parts = [summary_text(form, lang), *section_lines,
                 *(f"- {field_error_text(e, lang)}" for e in section_missing)]
        text = "\n\n".join([*parts, t(lang, "report_text.summary_prompt")])
        return await step.prompt(REVIEW_PROMPT, _choice_options(
            step.context, text, t(lang, "report_text.summary_retry"), choices))

    async def _decide(self, step: WaterfallStepContext) -> DialogTurnResult:
        found = step.result
        assert isinstance(found, FoundChoice)
        key = _vals(step)["keys"][found.index]
        walk = _Walk.of(step.options)
        user = current_user(step.context)
        lang = user.lang
        if key == CANCEL:
            await _say(step.context, t(lang, "report_text.cancelled"))
            return await step.cancel_all_dialogs()
        if key == BACK:
            return await step.end_dialog({"index": int(_vals(step)["count"]) - 1})
        if key == MISSING:
            return await step.end_dialog({"index": int(_vals(step)["first_missing"]),
                                          "missing_only": True})
        if key == DONE:
            _set_position(step, None)
            return await step.end_dialog({"done": True})
        services = self._services
        expected = int(_vals(step)["version"])

        async def submit(tx: ReportTx) -> ReportResult:
            submitted = await tx.submit(
                unit_id=walk.unit_id, period=walk.period, actor=self._actor(user),
                expected_version=expected, now=services.now(), cfg=services.calendar)
            if (submitted.outcome is Outcome.OK and submitted.form is not None
                    and not submitted.already):
                await tx.ask_leaders_when_ready(
                    unit_id=walk.unit_id, period=walk.period, now=services.now(),
                    calendar=services.calendar, lang=services.settings.language)
            return submitted
        result = await in_transaction(services.sessionmaker, submit)
        if result.outcome is Outcome.OK and result.form is not None:
            await _say(step.context,
                       receipt_text(result.form, user.display_name, services.now(),
                                    services.tz, lang))
            _set_position(step, None)
            return await step.end_dialog({"submitted": True})
        if result.outcome is Outcome.INVALID:
            _note(step.context, error_text(result.errors, lang))
            return await step.replace_dialog(REVIEW, walk.at(0))
        if result.outcome is Outcome.CONFLICT:
            _note(step.context, t(
                lang, "report_text.conflict",
                who=result.conflict_by or t(lang, "report_text.conflict_unknown"), when=""))
            return await step.replace_dialog(REVIEW, walk.at(0))
        return await self._stop(step, result, walk)


def _retry_with(prompt: PromptValidatorContext, *lines: str) -> None:
    """Make the prompt's retry say what was wrong (one message, not two)."""
    prompt.options.retry_prompt = _message("\n\n".join(lines))


def _vals(step: WaterfallStepContext) -> dict[str, Any]:
    """The waterfall's persisted values (plain JSON only)."""
    return cast(dict[str, Any], step.values)


def _current(step: WaterfallStepContext) -> ResultValues:
    """The goal's stored values, as kept in the waterfall (``ResultValues.as_dict``)."""
    stored = dict(_vals(step)["current"])
    extra = extra_pairs(stored.pop("extra", None))
    return ResultValues(**stored, extra=extra)


def _stored_extra(current: Any, name: str) -> str | None:
    """A stored extra field's value from the waterfall's ``current`` (``as_dict``)."""
    extra = current.get("extra") if isinstance(current, dict) else None
    value = extra.get(name) if isinstance(extra, dict) else None
    return value if isinstance(value, str) and value else None


def _raw_field(answer: Any) -> str | None:
    """A prompt's answer as a RawGoalInput field: None keeps the stored value."""
    if answer is None or answer == _KEEP:
        return None
    return str(answer)


def _excerpt(text: str, limit: int = 120) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def _start_position(form: ReportForm, position: dict[str, Any] | None,
                    lang: str) -> tuple[int, str]:
    """Where a (re)started walk begins, and the message that says so."""
    count = len(form.goals)
    unit, period = form.unit.name, format_period(form.period.period, lang)
    if (
        position is not None
        and position.get("unit_id") == form.unit.id
        and position.get("period") == form.period.period
    ):
        ids = [g.goal_id for g in form.goals]
        goal_id = position.get("goal_id")
        index = ids.index(goal_id) if goal_id in ids else min(int(position.get("index") or 0),
                                                              count)
        if index >= count:
            return count, t(lang, "report_text.resume_summary", unit=unit, period=period)
        return index, t(lang, "report_text.resume", number=index + 1, count=count,
                        unit=unit, period=period)
    if form.state.submitted:
        return 0, t(lang, "report_text.already_submitted", unit=unit, period=period)
    index = first_incomplete(form)
    if index >= count:
        return count, t(lang, "report_text.all_answered", unit=unit, period=period)
    if index > 0:
        return index, t(lang, "report_text.resume_incomplete", done=form.progress().done,
                        count=count, number=index + 1, unit=unit, period=period)
    return 0, t(lang, "report_text.start", unit=unit, period=period, count=count)


# --------------------------------------------------------------------------- state helpers


def _conversation_memory(context: TurnContext) -> dict[str, Any] | None:
    """The ConversationState loaded for this turn (the SDK caches it in turn_state)."""
    cached = context.turn_state.get(ConversationState.CONTEXT_SERVICE_KEY)
    if isinstance(cached, CachedAgentState):
        return cached.state
    return None


def _get_position(step: WaterfallStepContext) -> dict[str, Any] | None:
    memory = _conversation_memory(step.context)
    value = memory.get(POSITION_PROPERTY) if memory is not None else None
    return value if isinstance(value, dict) else None


def _set_position(step: WaterfallStepContext, position: dict[str, Any] | None) -> None:
    memory = _conversation_memory(step.context)
    if memory is None:
        return
    if position is None:
        memory.pop(POSITION_PROPERTY, None)
    else:
        memory[POSITION_PROPERTY] = position


def has_active_dialog(context: TurnContext) -> bool:
    """True when this conversation is in the middle of a text report."""
    memory = _conversation_memory(context)
    state = memory.get(DIALOG_STATE_PROPERTY) if memory is not None else None
    return isinstance(state, DialogState) and bool(state.dialog_stack)


def _is_personal(context: TurnContext) -> bool:
    conversation = context.activity.conversation
    kind = getattr(conversation, "conversation_type", None) if conversation else None
    return kind in (None, "", "personal")


# --------------------------------------------------------------------------- routes


async def _read_only(tx: ReportTx, services: BotServices, user: TurnUser,
                     unit_id: int, period: str) -> str | None:
    """The read-only text of a unit whose ordinary manager ``user`` is while someone else
    acts; None when the user is not stood in for there."""
    assert user.person_id is not None
    stand_in = await tx.stand_in(user.person_id, unit_id, services.today(),
                                 active_only=False)
    if stand_in is None:
        return None
    view = await tx.load_view(
        unit_id=unit_id, period=period,
        actor=Actor(user.person_id, user.display_name, user.is_admin), now=services.now(),
        cfg=services.calendar)
    if view.form is None:
        return None
    return read_only_text(view.form, stand_in, user.lang)


async def _begin_options(services: BotServices, user: TurnUser, unit_text: str,
                         position: dict[str, Any] | None) -> dict[str, Any] | str:
    """The dialog's start options, or the message that says why it cannot start."""
    lang = user.lang
    assert user.person_id is not None
    now = services.now()
    person_id = user.person_id

    async def begin(tx: ReportTx) -> tuple[str | None, list[UnitInfo], UnitInfo | None,
                                           str | None]:
        """(the open period, the user's units, the unit chosen, or the read-only text)"""
        period = await tx.current_period(now, services.calendar)
        units = await tx.units_to_report(person_id, services.today())
        chosen: UnitInfo | None = None
        if unit_text:
            chosen = resolve_unit(units, unit_text)
            if chosen is None and user.is_admin:
                chosen = await tx.unit_by_code(unit_text)
        if period is not None and chosen is None and (unit_text or not units):
            # The ordinary manager while someone else acts: read only, and who reports.
            stood = [u for u in await tx.units_to_report(person_id, services.today(),
                                                         include_stood_in=True)
                     if u.id not in {m.id for m in units}]
            if unit_text:
                stood = [u for u in [resolve_unit(stood, unit_text)] if u is not None]
            texts = [text for u in stood
                     if (text := await _read_only(tx, services, user, u.id, period))
                     is not None]
            if texts:
                return period, units, chosen, "\n\n".join(texts)
        return period, units, chosen, None
    period, units, chosen, read_only = await in_transaction(services.sessionmaker, begin)
    if read_only is not None:
        return read_only
    if period is None:
        upcoming = next_opening(now, services.calendar)
        return t(lang, "report_text.no_period", period=format_period(upcoming.period, lang),
                 opens=format_deadline(upcoming.opens_at.astimezone(services.tz), lang))
    if unit_text and chosen is None:
        names = ", ".join(f"{u.name} ({u.code})" for u in units) or "–"
        return t(lang, "report_text.unknown_unit", text=unit_text, units=names)
    if chosen is None and not units:
        return t(lang, "report_text.no_units")
    if chosen is None and len(units) == 1:
        chosen = units[0]
    if chosen is None and position is not None and position.get("period") == period:
        chosen = next((u for u in units if u.id == position.get("unit_id")), None)
    return {
        "period": period,
        "units": [[u.id, f"{u.name} ({u.code})"] for u in units],
        "unit_id": chosen.id if chosen is not None else None,
    }


def setup(services: BotServices) -> Wiring:
    """``rapportera text`` / ``textrapport`` starts (or resumes) the dialog (a command);
    while a text report is active, ordinary text replies go to it (a route ranked before
    the catch-all)."""
    dialog = ReportTextDialog(services)

    def accessor(state: TurnState) -> Any:
        return state.conversation.create_property(DIALOG_STATE_PROPERTY)

    def continue_selector(context: TurnContext) -> bool:
        activity = context.activity
        return (
            activity.type == ActivityTypes.message
            and bool((activity.text or "").strip())
            and _is_personal(context)
            and START_PATTERN.fullmatch(activity.text or "") is None
            and has_active_dialog(context)
        )

    async def on_start(context: TurnContext, state: TurnState, args: str) -> None:
        user = current_user(context)
        if not user.known:
            await context.send_activity(t(user.lang, "error.not_registered"))
            return
        if not _is_personal(context):
            await context.send_activity(t(user.lang, "report_text.personal_only"))
            return
        match = START_PATTERN.fullmatch(context.activity.text or "")
        unit_text = (match.group("unit") or "").strip() if match else args.strip()
        memory = _conversation_memory(context)
        position = memory.get(POSITION_PROPERTY) if memory is not None else None
        options = await _begin_options(services, user, unit_text,
                                       position if isinstance(position, dict) else None)
        if isinstance(options, str):
            await context.send_activity(options)
            return
        dialog_set = DialogSet(accessor(state))
        dialog_set.add(dialog)
        dc = await dialog_set.create_context(context)
        if dc.stack:
            await dc.cancel_all_dialogs()  # a fresh start resumes at the stored position
        await dc.begin_dialog(DIALOG_ID, options)

    async def on_continue(context: TurnContext, state: TurnState) -> None:
        user = current_user(context)
        if not user.known:
            await context.send_activity(t(user.lang, "error.not_registered"))
            return
        await DialogExtensions.run_dialog(dialog, context, accessor(state))

    def routes(app: AgentApplication[TurnState]) -> None:
        app.add_route(continue_selector, on_continue, rank=RouteRank.FIRST)

    return Wiring(commands={START_COMMAND.key: on_start}, routes=routes)


FEATURE = Feature(
    name="dialogs.report_text",
    setup=setup,
    commands=(START_COMMAND,),
    help=("help.text_report",),
)
