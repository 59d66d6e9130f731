"""The leader's summary as an Adaptive Card 1.5 (pure: data in, card dict out).

Teams desktop and web render the ``Chart.Donut`` per perspective; clients without charts
(mobile) get the ``fallback`` FactSet with the same numbers. Every ``Action.Execute``
falls back to an ``Action.Submit`` with the same data (``verb`` included), and only
elements of schema 1.2 are used otherwise, so older renderers show the whole card.
Lists are cut ("+N till") and the card is rebuilt with shorter lists until the message
(card and :func:`summary_text`) is within :data:`cards.common.MAX_MESSAGE_BYTES` as Teams
counts it (UTF-16).
"""

from __future__ import annotations

from typing import Any

from cards.common import fits_in_message
from cards.level_analysis import summary_level_elements, write_analysis_action
from followup.perspectives import PERSPECTIVE_ORDER, perspective_label
from followup.summary import (
    AttentionItem,
    ChildLine,
    DecisionLine,
    IndicatorLine,
    StatusCounts,
    Summary,
    SummaryLimits,
    SummaryNav,
    Trend,
    truncate_text,
)
from followup.sv_format import (
    format_date,
    format_number,
    format_percent,
    format_period,
    unit_after_number,
)
from i18n import t

SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"
VERB_SHOW = "summary.show"
VERB_REPORT = "report.open"
VERB_DOCUMENT = "document.create"  # Skapa rapport (dialogs.document)

Card = dict[str, Any]
Element = dict[str, Any]

# Chart colours by status (Teams chart colour names) – the legend always has the word too.
_STATUS_COLOURS = {
    "green": "good",
    "yellow": "warning",
    "red": "attention",
    "not_reported": "neutral",
}
_STATUSES = ("green", "yellow", "red", "not_reported")


def summary_card(summary: Summary, nav: SummaryNav, *, lang: str = "sv",
                 limits: SummaryLimits | None = None) -> Card:
    """The card, made smaller step by step until its message (with
    :func:`summary_text`) fits in one Teams message."""
    current: SummaryLimits | None = limits or SummaryLimits()
    card: Card = {}
    message_text = summary_text(summary, lang=lang)
    while current is not None:
        card = _build(summary, nav, lang, current)
        if fits_in_message(card, message_text):
            return card
        current = current.shrunk()
    # Even the smallest lists were too long (absurdly long names): keep only the essentials.
    return _build(summary, nav, lang, SummaryLimits(0, 0, 0, 0, 0, 40), essentials_only=True)


def summary_text(summary: Summary, *, lang: str = "sv") -> str:
    """One sentence for the message beside the card (notifications, clients without cards)."""
    text = t(
        lang,
        "summary.text",
        period=format_period(summary.period, lang),
        unit=truncate_text(summary.root.name, 100),
        reported=_n(summary.reporting.reported, lang),
        expected=_n(summary.reporting.expected, lang),
        red=_n(summary.goals.red, lang),
    )
    count = summary.without_manager_total
    if count:
        key = "summary.text_without_manager_one" if count == 1 else "summary.text_without_manager"
        text += " " + t(lang, key, count=_n(count, lang))
    return text


# --------------------------------------------------------------------------- building


def _build(summary: Summary, nav: SummaryNav, lang: str, limits: SummaryLimits,
           *, essentials_only: bool = False) -> Card:
    """One screen on top – reporting, the four perspectives, the top attention items –
    and every section's details folded away below it, opened in place by buttons
    (``Action.ToggleVisibility``)."""
    body: list[Element] = [*_header(summary, lang),
                           *summary_level_elements(summary, lang, limits.text_chars),
                           *_overview(summary, lang)]
    sections: list[tuple[str, str, list[Element]]] = [
        ("reporting", t(lang, "summary.section.reporting"),
         _reporting(summary, lang, limits)),
        ("perspectives", t(lang, "summary.section.perspectives"), _perspectives(summary, lang)),
    ]
    if not essentials_only:
        sections += [
            ("trends", t(lang, "summary.section.trends"), _trends(summary, lang)),
            ("attention", t(lang, "summary.section.attention",
                            count=_n(summary.attention_total, lang)),
             _attention(summary, lang, limits) if summary.attention_total else []),
            ("indicators", t(lang, "summary.section.indicators",
                             count=_n(summary.indicators_total, lang)),
             _indicators(summary, lang, limits)),
            ("decisions", t(lang, "summary.section.decisions",
                            count=_n(summary.decisions_total, lang)),
             _decisions(summary, lang, limits)),
            ("economy", t(lang, "economy.summary.title"), _economy(summary, lang, limits)),
            ("children", t(lang, "summary.section.children",
                           count=_n(summary.children_total, lang)),
             _children(summary, nav, lang, limits)),
        ]
    present = [(key, title, elements) for key, title, elements in sections if elements]
    body += _more_buttons(summary, present, lang)
    body += [_folded(key, elements) for key, _title, elements in present]
    return {
        "type": "AdaptiveCard",
        "$schema": SCHEMA,
        "version": "1.5",
        "msteams": {"width": "Full"},
        "body": body,
        "actions": _actions(summary, nav, lang),
    }


# --------------------------------------------------------------------------- overview

#: Attention items shown on the one-screen overview (the rest opens with "+N till").
OVERVIEW_ATTENTION = 3
#: Buttons per ActionSet: Teams shows about six on a row and clips the rest; three
#: titles of a dozen characters fit a phone's width.
BUTTONS_PER_ROW = 3
_RUN_COLOURS = {"green": "Good", "yellow": "Warning", "red": "Attention",
                "not_reported": "Default"}


def section_id(key: str) -> str:
    return f"summary.{key}"


def _folded(key: str, elements: list[Element]) -> Element:
    """A section's details, hidden until its button is pressed."""
    return {"type": "Container", "id": section_id(key), "isVisible": False,
            "items": elements, "spacing": "None"}


def toggle(title: str, *targets: str) -> Element:
    return {"type": "Action.ToggleVisibility", "title": title,
            "targetElements": list(targets)}


def button_rows(actions: list[Element], *, per_row: int = BUTTONS_PER_ROW) -> list[Element]:
    """Buttons as ActionSets of at most ``per_row`` (never clipped off a row)."""
    return [{"type": "ActionSet", "actions": actions[i : i + per_row],
             "spacing": "Small"} for i in range(0, len(actions), per_row)]


def _more_buttons(summary: Summary, present: list[tuple[str, str, list[Element]]],
                  lang: str) -> list[Element]:
    rows = [toggle(title, section_id(key)) for key, title, _elements in present]
    if not rows:
        return []
    return [_text(t(lang, "summary.overview.details"), weight="Bolder", spacing="Medium"),
            *button_rows(rows)]


_GLYPHS = {"green": "●", "yellow": "●", "red": "●", "not_reported": "–"}


def _status_runs(counts: StatusCounts, lang: str) -> list[Element]:
    """``● 10 uppfylls · ◐ 3 uppfylls delvis · …`` – each count with its colour (on the
    glyph) and its word (a colour, or a glyph, alone tells nothing to many readers). The
    words stay in the default colour: green and yellow text falls below a 4.5:1
    contrast on a light background."""
    values = {"green": counts.green, "yellow": counts.yellow, "red": counts.red,
              "not_reported": counts.not_reported}
    runs: list[Element] = []
    for status in _STATUSES:
        if values[status] == 0 and status != "green":
            continue
        if runs:
            runs.append({"type": "TextRun", "text": " · "})
        runs.append({"type": "TextRun", "color": _RUN_COLOURS[status], "weight": "Bolder",
                     "text": f"{_GLYPHS[status]}\u00a0"})
        runs.append({"type": "TextRun",
                     "weight": "Bolder" if status != "not_reported" else "Default",
                     "text": t(lang, f"summary.overview.{status}",
                               count=_n(values[status], lang))})
    return runs


def _overview(summary: Summary, lang: str) -> list[Element]:
    out: list[Element] = []
    r = summary.reporting
    if r.expected == 0:
        out.append(_text(t(lang, "summary.reporting.none_expected"), spacing="Medium"))
    else:
        key = "summary.reporting.summary_one" if r.expected == 1 else "summary.reporting.summary"
        line = t(lang, key, reported=_n(r.reported, lang), expected=_n(r.expected, lang))
        line += " " + t(lang, "summary.overview.reporting_detail", late=_n(r.late, lang),
                        missing=_n(r.missing, lang))
        out.append(_text(line, weight="Bolder", spacing="Medium",
                         color="Good" if r.missing == 0 else "Default"))
    for perspective in PERSPECTIVE_ORDER:
        counts = summary.perspectives.get(perspective.value)
        label = {"type": "TextRun", "text": f"{perspective_label(perspective.value, lang)}: ",
                 "weight": "Bolder"}
        if counts is None or counts.total == 0:
            runs = [label, {"type": "TextRun", "text": t(lang, "summary.perspective.no_goals")}]
        else:
            runs = [label, *_status_runs(counts, lang)]
        out.append({"type": "RichTextBlock", "inlines": runs, "spacing": "Small"})
    out += _overview_attention(summary, lang)
    return out


def _overview_attention(summary: Summary, lang: str) -> list[Element]:
    out: list[Element] = [_text(t(lang, "summary.overview.attention",
                                  count=_n(summary.attention_total, lang)),
                                weight="Bolder", spacing="Medium")]
    if summary.attention_total == 0:
        return [*out, _text(t(lang, "summary.attention.none"), color="Good", spacing="None")]
    for item in summary.attention[:OVERVIEW_ATTENTION]:
        out.append({"type": "RichTextBlock", "spacing": "Small", "inlines": [
            {"type": "TextRun", "text": f"{t(lang, 'summary.status.red')}: ",
             "color": "Attention", "weight": "Bolder"},
            {"type": "TextRun", "text": truncate_text(item.goal_title, 120),
             "weight": "Bolder"},
            {"type": "TextRun", "text": " – " + truncate_text(item.unit.name, 60)},
        ]})
    rest = summary.attention_total - min(len(summary.attention), OVERVIEW_ATTENTION)
    if rest > 0:
        out += button_rows([toggle(t(lang, "summary.more", count=_n(rest, lang)),
                                   section_id("attention"))])
    return out


def _n(value: int, lang: str) -> str:
    return format_number(value, 0, lang)


def _text(text: str, **extra: Any) -> Element:
    # Pale text (isSubtle) falls below a 4.5:1 contrast in Teams' themes: smaller size
    # and the order on the card set details apart instead.
    extra.pop("isSubtle", None)
    return {"type": "TextBlock", "text": text, "wrap": True, **extra}


def _heading(text: str) -> Element:
    return _text(text, weight="Bolder", size="Medium", spacing="Large", separator=True)


def _facts(pairs: list[tuple[str, str]]) -> Element:
    return {"type": "FactSet", "facts": [{"title": k, "value": v} for k, v in pairs]}


def _more(count: int, lang: str) -> list[Element]:
    if count <= 0:
        return []
    return [_text(t(lang, "summary.more", count=_n(count, lang)), isSubtle=True, spacing="Small")]


def execute(title: str, verb: str, data: dict[str, Any], *, style: str | None = None) -> Element:
    """``Action.Execute`` with an ``Action.Submit`` fallback carrying the same data."""
    payload = {"verb": verb, **data}
    action: Element = {
        "type": "Action.Execute",
        "title": title,
        "verb": verb,
        "data": payload,
        "fallback": {"type": "Action.Submit", "title": title, "data": payload},
    }
    if style:
        action["style"] = style
        action["fallback"]["style"] = style
    return action


def show_action(title: str, unit_id: int, period: str) -> Element:
    """Show the summary of ``unit_id`` for ``period`` (refreshes the card in place)."""
    return execute(title, VERB_SHOW, {"unit": unit_id, "period": period})


def report_action(title: str, unit_id: int, period: str) -> Element:
    """Open one unit's report (the verb belongs to the report feature)."""
    return execute(title, VERB_REPORT, {"unit": unit_id, "period": period})


def _header(summary: Summary, lang: str) -> list[Element]:
    path = " › ".join(
        truncate_text(u.name, 100) for u in (*summary.ancestors, summary.root)
    )
    key = "summary.subtitle_one" if summary.units == 1 else "summary.subtitle_many"
    return [
        _text(t(lang, "summary.title", period=format_period(summary.period, lang)),
              size="Large", weight="Bolder"),
        _text(t(lang, key, unit=path, count=_n(summary.units, lang)),
              isSubtle=True, spacing="None"),
    ]


def _reporting(summary: Summary, lang: str, limits: SummaryLimits) -> list[Element]:
    return [*_reported(summary, lang, limits), *_without_manager(summary, lang, limits)]


def _without_manager(summary: Summary, lang: str, limits: SummaryLimits) -> list[Element]:
    """"Utan chef: 2 – Hemtjänst Öster; Utvecklingsenheten": the subtree's units with
    nobody in charge (the nearest leader answers for them)."""
    total = summary.without_manager_total
    if total <= 0:
        return []
    shown = summary.without_manager[: limits.missing]
    text = "; ".join(truncate_text(u.name, 80) for u in shown)
    hidden = total - len(shown)
    if hidden > 0:
        text = (text + " " if text else "") + t(lang, "summary.more", count=_n(hidden, lang))
    return [_text(t(lang, "summary.without_manager_list", count=_n(total, lang), units=text),
                  color="Warning", spacing="Small")]


def _reported(summary: Summary, lang: str, limits: SummaryLimits) -> list[Element]:
    r = summary.reporting
    out: list[Element] = [_heading(t(lang, "summary.reporting.heading"))]
    if r.expected == 0:
        return [*out, _text(t(lang, "summary.reporting.none_expected"))]
    key = "summary.reporting.summary_one" if r.expected == 1 else "summary.reporting.summary"
    out.append(_text(t(lang, key, reported=_n(r.reported, lang), expected=_n(r.expected, lang))))
    out.append(_facts([
        (t(lang, "summary.reporting.on_time"), _n(r.on_time, lang)),
        (t(lang, "summary.reporting.late"), _n(r.late, lang)),
        (t(lang, "summary.reporting.missing"), _n(r.missing, lang)),
        *([(t(lang, "summary.without_manager"), _n(summary.without_manager_total, lang))]
          if summary.without_manager_total else []),
    ]))
    shown = r.missing_units[: limits.missing]
    if shown:
        names = []
        for m in shown:
            draft = t(lang, "summary.reporting.draft") if m.draft else None
            extra = [x for x in (truncate_text(m.in_charge or "", 80), draft) if x]
            label = truncate_text(m.unit.name, 80)
            names.append(f"{label} ({', '.join(extra)})" if extra else label)
        hidden = r.missing - len(shown)
        text = "; ".join(names)
        if hidden > 0:
            text += " " + t(lang, "summary.more", count=_n(hidden, lang))
        out.append(_text(t(lang, "summary.reporting.missing_list", units=text),
                         color="Warning", spacing="Small"))
    return out


def _status_label(status: str, lang: str) -> str:
    return t(lang, f"summary.status.{status}")


def _perspective_cell(perspective: str, counts: StatusCounts | None, lang: str) -> Element:
    label = perspective_label(perspective, lang)
    items: list[Element] = [_text(label, weight="Bolder")]
    if counts is None or counts.total == 0:
        items.append(_text("–", size="ExtraLarge", horizontalAlignment="Center"))
        items.append(_text(t(lang, "summary.perspective.no_goals"), isSubtle=True,
                           horizontalAlignment="Center", spacing="None"))
        return {"type": "Column", "width": "stretch", "items": items}
    values = {
        "green": counts.green,
        "yellow": counts.yellow,
        "red": counts.red,
        "not_reported": counts.not_reported,
    }
    fallback = _facts([(_status_label(s, lang), _n(values[s], lang)) for s in _STATUSES])
    chart: Element = {
        "type": "Chart.Donut",
        "title": label,
        "data": [
            {"legend": _status_label(s, lang), "value": values[s], "color": _STATUS_COLOURS[s]}
            for s in _STATUSES
            if values[s] > 0
        ],
        "fallback": fallback,
    }
    items.append(chart)
    items.append(_text(
        t(lang, "summary.perspective.line", green=_n(counts.green, lang),
          total=_n(counts.total, lang)),
        isSubtle=True, spacing="Small",
    ))
    return {"type": "Column", "width": "stretch", "items": items}


def _perspectives(summary: Summary, lang: str) -> list[Element]:
    out: list[Element] = [_heading(t(lang, "summary.perspectives.heading"))]
    cells = [
        _perspective_cell(p.value, summary.perspectives.get(p.value), lang)
        for p in PERSPECTIVE_ORDER
    ]
    for i in range(0, len(cells), 2):
        out.append({"type": "ColumnSet", "columns": cells[i : i + 2], "spacing": "Medium"})
    return out


def _trend_value(trend: Trend, lang: str) -> str:
    if trend.compared == 0:
        return t(lang, "summary.trend.none")
    return t(lang, "summary.trend.line", improved=_n(trend.improved, lang),
             worsened=_n(trend.worsened, lang), newly_red=_n(trend.newly_red, lang))


def _trends(summary: Summary, lang: str) -> list[Element]:
    if not summary.trends:
        return []
    pairs = [
        (t(lang, f"summary.trend.{trend.kind}", period=format_period(trend.period, lang)),
         _trend_value(trend, lang))
        for trend in summary.trends
    ]
    return [_heading(t(lang, "summary.trend.heading")), _facts(pairs)]


def _attention_item(item: AttentionItem, period: str, lang: str, limits: SummaryLimits,
                    first: bool) -> Element:
    if item.red_streak <= 1:
        streak = t(lang, "summary.attention.streak_one")
    elif item.streak_capped:
        streak = t(lang, "summary.attention.streak_capped", count=_n(item.red_streak, lang))
    else:
        streak = t(lang, "summary.attention.streak_many", count=_n(item.red_streak, lang))
    meta = [truncate_text(item.unit.name, 80), perspective_label(item.perspective, lang), streak]
    if item.units_affected > 1:
        meta.append(t(lang, "summary.attention.units", count=_n(item.units_affected, lang)))
    if item.in_charge:
        meta.append(t(lang, "summary.attention.in_charge",
                      name=truncate_text(item.in_charge, 80)))
    no_text = t(lang, "summary.attention.no_text")
    items: list[Element] = [
        _text(f"{t(lang, 'summary.status.red')}: {truncate_text(item.goal_title, 160)}",
              weight="Bolder", color="Attention"),
        _text(" · ".join(meta), isSubtle=True, spacing="None", size="Small"),
        _text(t(lang, "summary.attention.analysis",
                text=truncate_text(item.analysis, limits.text_chars) or no_text),
              spacing="Small"),
        _text(t(lang, "summary.attention.actions",
                text=truncate_text(item.actions, limits.text_chars) or no_text),
              spacing="None"),
        {
            "type": "ActionSet",
            "actions": [report_action(t(lang, "summary.action.open_report"),
                                      item.unit.id, period)],
        },
    ]
    return {"type": "Container", "items": items, "separator": not first, "spacing": "Medium"}


def _attention(summary: Summary, lang: str, limits: SummaryLimits) -> list[Element]:
    out: list[Element] = [
        _heading(t(lang, "summary.attention.heading", count=_n(summary.attention_total, lang)))
    ]
    if summary.attention_total == 0:
        return [*out, _text(t(lang, "summary.attention.none"), color="Good")]
    shown = summary.attention[: limits.attention]
    out += [
        _attention_item(item, summary.period, lang, limits, i == 0)
        for i, item in enumerate(shown)
    ]
    return out + _more(summary.attention_total - len(shown), lang)


def format_indicator(value: float, unit: str, lang: str) -> str:
    """``82.5, "%"`` -> ``"82,5 %"``; ``1234, "kr"`` -> ``"1 234 kr"``."""
    if unit == "%":
        return format_percent(value, lang, decimals=1)
    number = format_number(value, None, lang)
    shown = unit_after_number(unit, lang)
    return f"{number}\u00a0{shown}" if shown else number


def _indicator_item(line: IndicatorLine, lang: str) -> Element:
    target = (
        format_indicator(line.target, line.indicator_unit, lang) if line.target is not None
        else "–"
    )
    if line.value is None:
        own = t(lang, "summary.indicators.no_value", target=target)
        colour = "Default"
    else:
        verdict = t(lang, "summary.indicators.met" if line.met else "summary.indicators.not_met")
        own = t(lang, "summary.indicators.value",
                value=format_indicator(line.value, line.indicator_unit, lang),
                target=target, verdict=verdict)
        colour = "Good" if line.met else "Attention"
    items: list[Element] = [
        _text(f"{truncate_text(line.goal_title, 160)} ({truncate_text(line.unit.name, 80)})",
              weight="Bolder"),
        _text(f"{line.indicator_name}: {own}", spacing="None", color=colour),
    ]
    if line.cascades:
        text = t(lang, "summary.indicators.cascade", goals=_n(line.child_goals, lang),
                 reported=_n(line.child_reported, lang), met=_n(line.child_met, lang))
        if line.child_aggregate is not None:
            text += " " + t(
                lang, f"summary.indicators.cascade_{line.aggregation}",
                value=format_indicator(line.child_aggregate, line.indicator_unit, lang),
                count=_n(line.child_aggregated, lang),
            )
        items.append(_text(text, isSubtle=True, spacing="None", size="Small"))
    return {"type": "Container", "items": items, "spacing": "Small"}


def _indicators(summary: Summary, lang: str, limits: SummaryLimits) -> list[Element]:
    if summary.indicators_total == 0:
        return []
    shown = summary.indicators[: limits.indicators]
    return [
        _heading(t(lang, "summary.indicators.heading")),
        *(_indicator_item(line, lang) for line in shown),
        *_more(summary.indicators_total - len(shown), lang),
    ]


def _economy(summary: Summary, lang: str, limits: SummaryLimits) -> list[Element]:
    """The subtree's economy: prognosavvikelse, the forecast's trend, the worst units."""
    if summary.economy is None:
        return []
    from cards.economy_step import economy_summary_section

    section = economy_summary_section(summary.economy, lang,
                                      comment_limit=max(40, limits.text_chars))
    return list(section["items"][1:])  # the section button is the heading


def _decision_item(line: DecisionLine, lang: str) -> Element:
    if line.due_date is None:
        due = t(lang, "summary.decisions.no_due")
    elif line.overdue:
        due = t(lang, "summary.decisions.overdue", date=format_date(line.due_date, lang))
    else:
        due = t(lang, "summary.decisions.due", date=format_date(line.due_date, lang))
    status = t(lang, f"summary.decisions.{line.status}") if line.status in (
        "not_started", "in_progress") else line.status
    return {
        "type": "Container",
        "spacing": "Small",
        "items": [
            _text(t(lang, "summary.decisions.line", reference=truncate_text(line.reference, 64),
                    title=truncate_text(line.title, 160)), weight="Bolder"),
            _text(" · ".join([truncate_text(line.unit.name, 80), status, due]),
                  spacing="None", size="Small",
                  **({"color": "Attention"} if line.overdue else {"isSubtle": True})),
        ],
    }


def _decision_balance(summary: Summary, lang: str) -> list[Element]:
    """Ärendebalans: open, overdue, done this month and the oldest open decision."""
    lines = [t(lang, "summary.decisions.balance", open=_n(summary.decisions_total, lang),
               overdue=_n(summary.decisions_overdue, lang),
               done=_n(summary.decisions_done_this_month, lang))]
    if summary.oldest_open_decision is not None:
        reference, decided_on = summary.oldest_open_decision
        lines.append(t(lang, "summary.decisions.balance_oldest",
                       reference=truncate_text(reference, 64),
                       date=format_date(decided_on, lang)))
    return [_text(line, isSubtle=True, size="Small", spacing="None") for line in lines]


def _decisions(summary: Summary, lang: str, limits: SummaryLimits) -> list[Element]:
    if summary.decisions_total == 0 and summary.decisions_done_this_month == 0:
        return []
    if summary.decisions_total == 0:
        heading = t(lang, "summary.decisions.heading_none_open")
    elif summary.decisions_overdue == 1:
        heading = t(lang, "summary.decisions.heading_overdue_one",
                    count=_n(summary.decisions_total, lang))
    elif summary.decisions_overdue:
        heading = t(lang, "summary.decisions.heading_overdue",
                    count=_n(summary.decisions_total, lang),
                    overdue=_n(summary.decisions_overdue, lang))
    else:
        heading = t(lang, "summary.decisions.heading", count=_n(summary.decisions_total, lang))
    shown = summary.decisions[: limits.decisions]
    return [
        _heading(heading),
        *_decision_balance(summary, lang),
        *(_decision_item(line, lang) for line in shown),
        *_more(summary.decisions_total - len(shown), lang),
    ]


def _child_item(line: ChildLine, period: str, nav: SummaryNav, lang: str) -> Element:
    g = line.goals
    goals = (
        t(lang, "summary.children.no_goals") if g.total == 0
        else t(lang, "summary.children.goals", green=_n(g.green, lang),
               yellow=_n(g.yellow, lang), red=_n(g.red, lang),
               not_reported=_n(g.not_reported, lang))
    )
    details = [goals]
    if line.has_children and line.reporting.expected:
        details.append(t(lang, "summary.children.reported",
                         reported=_n(line.reporting.reported, lang),
                         expected=_n(line.reporting.expected, lang)))
    else:
        details.append(t(lang, f"summary.own.{line.own_report}"))
    actions: list[Element] = []
    if line.has_children and nav.drill_down:
        actions.append(show_action(t(lang, "summary.action.drill"), line.unit.id, period))
    if line.own_report != "none":
        actions.append(report_action(t(lang, "summary.action.report"), line.unit.id, period))
    text_column: Element = {
        "type": "Column",
        "width": "stretch",
        "items": [
            _text(truncate_text(line.unit.name, 100), weight="Bolder"),
            _text(" · ".join(details), isSubtle=True, spacing="None", size="Small"),
        ],
    }
    columns = [text_column]
    if actions:
        columns.append({
            "type": "Column",
            "width": "auto",
            "verticalContentAlignment": "Center",
            "items": [{"type": "ActionSet", "actions": actions}],
        })
    return {"type": "ColumnSet", "columns": columns, "spacing": "Small", "separator": True}


def _children(summary: Summary, nav: SummaryNav, lang: str,
              limits: SummaryLimits) -> list[Element]:
    if summary.children_total == 0:
        return []
    shown = summary.children[: limits.children]
    return [
        _heading(t(lang, "summary.children.heading", unit=truncate_text(summary.root.name, 100))),
        *(_child_item(line, summary.period, nav, lang) for line in shown),
        *_more(summary.children_total - len(shown), lang),
    ]


def _actions(summary: Summary, nav: SummaryNav, lang: str) -> list[Element]:
    unit_id = summary.root.id
    out: list[Element] = []
    if nav.previous_period:
        out.append(show_action(
            t(lang, "summary.action.previous", period=format_period(nav.previous_period, lang)),
            unit_id, nav.previous_period,
        ))
    if nav.next_period:
        out.append(show_action(
            t(lang, "summary.action.next", period=format_period(nav.next_period, lang)),
            unit_id, nav.next_period,
        ))
    if nav.up is not None:
        out.append(show_action(
            t(lang, "summary.action.up", unit=truncate_text(nav.up.name, 40)),
            nav.up.id, summary.period,
        ))
    if nav.write_analysis:
        out.append(write_analysis_action(summary, lang))
    if summary.root_has_goals:
        out.append(report_action(
            t(lang, "summary.action.own_report", unit=truncate_text(summary.root.name, 40)),
            unit_id, summary.period,
        ))
    out.append(execute(t(lang, "document.action.create"), VERB_DOCUMENT,
                       {"unit": unit_id, "period": summary.period}))
    return out
