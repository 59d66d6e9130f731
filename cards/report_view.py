"""A read-only view of one unit's report (of any kind), for leaders opening it from a summary."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import tzinfo
from typing import Any

from cards.common import card, clip, container, execute, facts, fits_in_message, text
from cards.report import format_indicator_value, status_word, when
from followup.perspectives import PERSPECTIVE_ORDER, perspective_label
from followup.report_forms import ReportForm
from followup.report_rules import EMPTY
from followup.sv_format import format_period
from i18n import t

SYMBOLS = {"green": "●", "yellow": "◐", "red": "○"}
MAX_TEXT = 600  # per analysis/actions text on the view; the full text is in the export
# (characters of each text, of each goal title) tried in turn until the view fits in one
# Teams message: many goals with long texts and titles get shorter excerpts.
_STAGES = ((MAX_TEXT, 300), (300, 150), (150, 80), (60, 60), (0, 40))


def _short(value: str, limit: int = MAX_TEXT) -> str:
    return clip(value.strip(), limit)


def _state_line(form: ReportForm, lang: str, tz: tzinfo) -> str:
    state = form.state
    if state.status == "submitted" and state.submitted_at is not None:
        key = "report_view.state.submitted_late" if state.late else "report_view.state.submitted"
        return t(lang, key, when=when(state.submitted_at, lang, tz),
                 who=state.submitted_by or "–")
    if state.status == "draft":
        return t(lang, "report_view.state.draft")
    return t(lang, "report_view.state.not_started")


def report_view_card(form: ReportForm, *, lang: str, tz: tzinfo,
                     back: Mapping[str, Any] | None = None,
                     notice: str | None = None) -> dict[str, Any]:
    """Every goal's status, value against target, analysis and actions; no inputs.

    ``back``: Action.Execute data for a "back to the summary" button (verb summary.show).
    ``notice``: a line under the title (e.g. who reports for the unit instead).
    """
    actions = []
    if back is not None:
        actions.append(execute(t(lang, "report_view.back"), "summary.show", dict(back),
                               inputs=False))
    built: dict[str, Any] = {}
    for text_chars, title_chars in _STAGES:
        built = _view(form, lang, tz, actions, text_chars, title_chars, notice)
        if fits_in_message(built):
            break
    return built


def _view(form: ReportForm, lang: str, tz: tzinfo, actions: list[dict[str, Any]],
          text_chars: int, title_chars: int, notice: str | None) -> dict[str, Any]:
    body: list[dict[str, Any]] = [
        text(t(lang, "report_view.title", unit=form.unit.name,
               period=format_period(form.period.period, lang)),
             weight="bolder", size="medium", style="heading"),
        text(_state_line(form, lang, tz), subtle=True, spacing="none"),
    ]
    if notice:
        body.append(container([text(notice, weight="bolder")], style="emphasis"))
    for perspective in PERSPECTIVE_ORDER:
        goals = [g for g in form.goals if g.perspective == perspective]
        if not goals:
            continue
        items: list[dict[str, Any]] = [text(perspective_label(perspective, lang),
                                            weight="bolder")]
        for goal in goals:
            values = form.results.get(goal.goal_id, EMPTY)
            status = f"{SYMBOLS.get(values.status or '', '–')} {status_word(values.status, lang)}"
            pairs = [(t(lang, "report_view.status"), status)]
            if values.value is not None:
                shown = format_indicator_value(values.value, goal.indicator_unit, lang)
                if goal.target is not None:
                    shown += " " + t(lang, "report_view.target", target=format_indicator_value(
                        goal.target, goal.indicator_unit, lang))
                label = clip(goal.indicator_name, title_chars) if goal.indicator_name \
                    else t(lang, "report_view.value")
                pairs.append((label, shown))
            if values.analysis.strip() and text_chars:
                pairs.append((t(lang, "report_view.analysis"),
                              _short(values.analysis, text_chars)))
            if values.actions.strip() and text_chars:
                pairs.append((t(lang, "report_view.actions"), _short(values.actions, text_chars)))
            for spec in form.kind.extra_fields:  # the kind's own fields (year_end …)
                stored = values.get(spec.name)
                if stored:
                    shown_extra = (t(lang, spec.choice_key(stored)) if spec.type == "choice"
                                   else _short(stored, text_chars))
                    pairs.append((t(lang, spec.label_key), shown_extra))
            items.append(text(clip(goal.title, title_chars), weight="bolder", spacing="small"))
            items.append(facts(pairs))
        body.append(container(items, separator=True))
    return card(body, actions, fallback_text=t(lang, "report_view.title", unit=form.unit.name,
                                               period=format_period(form.period.period, lang)))
