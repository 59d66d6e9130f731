"""The leader's analysis card: the children's results in view, one text per perspective.

Pure: a :class:`LevelCardData` in, an Adaptive Card dict out. Buttons ``level.save`` and
``level.done`` carry the unit, the period and the version the card was built from.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import tzinfo
from typing import Any

from cards.common import action_set, card, container, execute, input_text, text
from followup.level_progress import AnalysisState, LevelProgress, StoredAnalysis
from followup.perspectives import PERSPECTIVE_ORDER, perspective_label
from followup.summary import StatusCounts, Summary
from followup.sv_format import format_date, format_period
from i18n import t

VERB_SAVE = "level.save"
VERB_DONE = "level.done"
INPUT_PREFIX = "analysis."
MAX_ANALYSIS_CHARS = 4000
MAX_PENDING_NAMES = 8
MAX_RED_PER_PERSPECTIVE = 3
RED_TEXT_CHARS = 200


@dataclass(frozen=True)
class LevelCardData:
    unit_id: int
    unit_name: str
    unit_kind: str
    period: str
    progress: LevelProgress
    analysis: StoredAnalysis
    summary: Summary | None
    pending: tuple[str, ...] = ()
    may_edit: bool = True
    errors: Mapping[str, str] = field(default_factory=dict)
    notice: str | None = None


def level_genitive(kind: str, lang: str) -> str:
    key = f"level.genitive.{kind}"
    try:
        return t(lang, key)
    except KeyError:
        return t(lang, "level.genitive.enhet")


def progress_line(progress: LevelProgress, kind: str, lang: str) -> str:
    """``"3 av 5 enheter klara, förvaltningens analys ej påbörjad"``."""
    key = "level.progress_one" if progress.children_total == 1 else "level.progress"
    return t(lang, key, done=progress.children_done, total=progress.children_total,
             level_genitive=level_genitive(kind, lang),
             state=t(lang, f"level.state.{progress.analysis.value}"))


def _short(value: str, limit: int) -> str:
    value = " ".join(value.split())
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"


def _names(names: Sequence[str], lang: str) -> str:
    shown = ", ".join(names[:MAX_PENDING_NAMES])
    extra = len(names) - MAX_PENDING_NAMES
    return f"{shown} {t(lang, 'level.more', count=extra)}" if extra > 0 else shown


def _counts(counts: StatusCounts, lang: str) -> str:
    return t(lang, "level.counts", green=counts.green, yellow=counts.yellow, red=counts.red,
             not_reported=counts.not_reported)


def _perspective_block(data: LevelCardData, perspective: str, lang: str) -> dict[str, Any]:
    label = perspective_label(perspective, lang)
    items: list[dict[str, Any]] = [text(label, weight="Bolder", style="heading")]
    counts = data.summary.perspectives.get(perspective) if data.summary else None
    if data.summary is not None:
        items.append(text(_counts(counts, lang) if counts else t(lang, "level.no_goals")))
        red = [a for a in data.summary.attention if a.perspective == perspective]
        for item in red[:MAX_RED_PER_PERSPECTIVE]:
            analysis = _short(item.analysis, RED_TEXT_CHARS)
            key = "level.red_goal" if analysis else "level.red_goal_no_text"
            items.append(text(t(lang, key, goal=item.goal_title, unit=item.unit.name,
                                analysis=analysis), spacing="Small"))
    stored = data.analysis.texts.get(perspective, "")
    error = data.errors.get(perspective)
    if data.may_edit:
        field_input = input_text(
            f"{INPUT_PREFIX}{perspective}", stored, multiline=True,
            max_length=MAX_ANALYSIS_CHARS,
            placeholder=t(lang, "level.placeholder",
                          level_genitive=level_genitive(data.unit_kind, lang)))
        field_input["label"] = t(lang, "level.input_label", perspective=label)
        if error:
            field_input["errorMessage"] = error
        items.append(field_input)
        if error:
            items.append(text(error, color="Attention", spacing="Small"))
    elif stored:
        items.append(text(stored))
    return container(items, separator=True)


def level_card(data: LevelCardData, *, lang: str = "sv",
               zone: tzinfo | None = None) -> dict[str, Any]:
    genitive = level_genitive(data.unit_kind, lang)
    body: list[dict[str, Any]] = [
        text(t(lang, "level.title", unit=data.unit_name), weight="Bolder", size="Medium",
             style="heading"),
        text(t(lang, "level.subtitle", period=format_period(data.period, lang),
               level_genitive=genitive), spacing="Small"),
        text(progress_line(data.progress, data.unit_kind, lang), weight="Bolder"),
    ]
    if data.notice:
        body.append(text(data.notice, color="Good"))
    if data.pending:
        body.append(text(t(lang, "level.pending", units=_names(data.pending, lang))))
    analysis = data.analysis
    if analysis.state is AnalysisState.DONE and analysis.done_at is not None:
        done_day = analysis.done_at.astimezone(zone).date() if zone else analysis.done_at.date()
        body.append(text(t(lang, "level.done_by", date=format_date(done_day, lang),
                           name=analysis.done_by or "–")))
    if not data.may_edit:
        body.append(text(t(lang, "level.read_only", unit=data.unit_name)))
    body.extend(_perspective_block(data, p, lang) for p in PERSPECTIVE_ORDER)
    if data.may_edit:
        payload = {"unit": data.unit_id, "period": data.period, "version": analysis.version}
        buttons = [execute(t(lang, "level.save"), VERB_SAVE, payload)]
        if analysis.state is not AnalysisState.DONE:
            buttons.append(execute(t(lang, "level.mark_done"), VERB_DONE, payload,
                                   style="positive"))
        body.append(action_set(buttons))
    return card(body, fallback_text=progress_line(data.progress, data.unit_kind, lang))


# --------------------------------------------------------------------------- in summaries

VERB_OPEN = "level.open"


def _analysis_texts(texts: Mapping[str, str], lang: str, limit: int) -> list[dict[str, Any]]:
    return [text(f"**{perspective_label(p, lang)}:** {_short(texts[p], limit)}", spacing="Small")
            for p in PERSPECTIVE_ORDER if texts.get(p)]


def summary_level_elements(summary: Summary, lang: str, text_chars: int) -> list[dict[str, Any]]:
    """What a summary shows first: the root level's progress and its leader's own analysis
    (or that it is not written yet), then the analyses of the levels just below."""
    progress = summary.level_progress
    if progress is None:
        return []
    own = summary.own_analysis
    kind = own.kind if own is not None else _root_kind(summary)
    genitive = level_genitive(kind, lang)
    items: list[dict[str, Any]] = [text(progress_line(progress, kind, lang), weight="Bolder")]
    if own is not None and any(own.texts.values()):
        items.append(text(t(lang, "level.summary_heading",
                            level_genitive_cap=genitive[:1].upper() + genitive[1:]),
                          weight="Bolder", spacing="Small"))
        items.extend(_analysis_texts(own.texts, lang, text_chars))
    elif progress.children_total:
        items.append(text(t(lang, "level.summary_missing",
                            level_genitive_cap=genitive[:1].upper() + genitive[1:]),
                          spacing="Small"))
    for child in summary.child_analyses:
        if not any(child.texts.values()):
            continue
        state = t(lang, f"level.state.{child.state.value}")
        items.append(text(f"**{child.unit.name}** ({state})", spacing="Medium"))
        items.extend(_analysis_texts(child.texts, lang, max(40, text_chars // 2)))
    return [container(items, style="emphasis", spacing="Medium")]


def _root_kind(summary: Summary) -> str:
    return "kommun" if not summary.ancestors else "forvaltning"


def write_analysis_action(summary: Summary, lang: str) -> dict[str, Any]:
    kind = summary.own_analysis.kind if summary.own_analysis else _root_kind(summary)
    return execute(t(lang, "level.write_button", level_genitive=level_genitive(kind, lang)),
                   VERB_OPEN, {"unit": summary.root.id, "period": summary.period},
                   inputs=False)
