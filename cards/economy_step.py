"""Card parts of the economy: the Ekonomi step of a unit's report and the Ekonomi section
of a leader's (or the kommunchef's) summary. Pure: followup data in, card elements out.

* :func:`economy_section` — årsbudget, periodiserad budget hittills, utfall hittills,
  avvikelse (kr and %), last month's prognos, and the inputs helårsprognos (tkr) and
  kommentar; the report wizard places it as one of its sections.
* :func:`economy_card` — the section as a card of its own with a Spara button (verb
  :data:`SAVE_VERB`), for the dialog hook until the wizard walks sections.
* :func:`economy_summary_section` — the subtree's prognosavvikelse, the forecast's trend
  month by month (a ``Chart.VerticalBar`` with a FactSet fallback) and the units with the
  largest negative deviations with their comments.
* :func:`economy_text` / :func:`summary_text` — the same for the text path.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from cards.common import card, clip, container, execute, facts, input_text, text
from followup.economy_step import (
    COMMENT_MAX,
    FIELD_COMMENT,
    FIELD_FORECAST,
    EconomyStep,
    ForecastProblem,
    SubtreeEconomy,
)
from followup.sv_format import format_number, format_percent, month_name
from i18n import t

SAVE_VERB = "economy.save"


def tkr(kronor: int, lang: str) -> str:
    """Kronor shown in tkr with one decimal at most: ``12 400,5 tkr``."""
    value = (Decimal(kronor) / 1000).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{format_number(value, 1, lang)}\u00a0tkr"


def tkr_input(kronor: int | None, lang: str) -> str:
    """A value for the input field (no unit, no no-break spaces)."""
    if kronor is None:
        return ""
    value = (Decimal(kronor) / 1000).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return format_number(value, 1, lang).replace("\u00a0", " ")


def _signed_tkr(kronor: int, lang: str) -> str:
    return ("+" if kronor > 0 else "") + tkr(kronor, lang)


def problem_text(problem: ForecastProblem, detail: str, step: EconomyStep, lang: str) -> str:
    return t(lang, f"economy.problem.{problem.value}", value=detail,
             percent=step.comment_percent, tkr=step.comment_tkr, max=COMMENT_MAX)


def position_facts(step: EconomyStep, lang: str) -> list[tuple[str, str]]:
    p = step.position
    month = month_name(step.month, lang)
    percent = p.deviation_percent
    deviation = _signed_tkr(p.deviation_to_date, lang)
    if percent is not None:
        deviation += f" ({'+' if percent > 0 else ''}{format_percent(percent, lang)})"
    rows = [
        (t(lang, "economy.fact.annual_budget"), tkr(p.annual_budget, lang)),
        (t(lang, "economy.fact.budget_to_date", month=month), tkr(p.budget_to_date, lang)),
        (t(lang, "economy.fact.actual_to_date", month=month), tkr(p.actual_to_date, lang)),
        (t(lang, "economy.fact.deviation"), deviation),
    ]
    if p.previous_forecast is not None:
        rows.append((t(lang, "economy.fact.previous_forecast"),
                     tkr(p.previous_forecast, lang)))
    return rows


def economy_section(step: EconomyStep, lang: str, *,
                    values: Mapping[str, str] | None = None,
                    problems: Mapping[str, tuple[ForecastProblem, str]] | None = None
                    ) -> list[dict[str, Any]]:
    """The step's body elements (heading, facts, inputs with their problems)."""
    values = values or {}
    problems = problems or {}
    forecast_value = values.get(FIELD_FORECAST, tkr_input(step.position.forecast, lang))
    comment_value = values.get(FIELD_COMMENT, step.comment)
    body: list[dict[str, Any]] = [
        text(t(lang, "economy.step.title"), weight="Bolder", size="Medium", style="heading"),
        text(t(lang, "economy.step.sign"), subtle=True, spacing="None"),
        facts(position_facts(step, lang)),
    ]
    forecast_input = input_text(FIELD_FORECAST, forecast_value, max_length=40,
                                placeholder=t(lang, "economy.input.forecast_placeholder"))
    forecast_input["label"] = t(lang, "economy.input.forecast")
    body.append(forecast_input)
    if FIELD_FORECAST in problems:
        body.append(text(problem_text(*problems[FIELD_FORECAST], step, lang),
                         color="Attention", spacing="None"))
    comment_input = input_text(FIELD_COMMENT, comment_value, multiline=True,
                               max_length=COMMENT_MAX)
    comment_input["label"] = t(lang, "economy.input.comment")
    body.append(comment_input)
    body.append(text(t(lang, "economy.input.comment_hint", percent=step.comment_percent,
                       tkr=step.comment_tkr), subtle=True, spacing="None"))
    if FIELD_COMMENT in problems:
        body.append(text(problem_text(*problems[FIELD_COMMENT], step, lang),
                         color="Attention", spacing="None"))
    return body


def economy_card(step: EconomyStep, lang: str, *, period: str,
                 values: Mapping[str, str] | None = None,
                 problems: Mapping[str, tuple[ForecastProblem, str]] | None = None,
                 saved: bool = False) -> dict[str, Any]:
    body = [text(step.unit_name, subtle=True)] if step.unit_name else []
    body += economy_section(step, lang, values=values, problems=problems)
    if saved:
        body.append(text(t(lang, "economy.saved"), color="Good"))
    data = {"unit_id": step.unit_id, "period": period}
    return card(body, [execute(t(lang, "economy.action.save"), SAVE_VERB, data,
                               style="positive")],
                fallback_text=t(lang, "economy.step.title"))


def economy_text(step: EconomyStep, lang: str) -> str:
    """The text path's question: the position, then how to answer."""
    lines = [f"**{t(lang, 'economy.step.title')}** – {step.unit_name}".rstrip(" –")]
    lines += [f"{k}: {v}" for k, v in position_facts(step, lang)]
    lines.append(t(lang, "economy.text.ask", percent=step.comment_percent,
                   tkr=step.comment_tkr))
    return "\n\n".join(lines)


# -- the summary's Ekonomi section -----------------------------------------------------


def _trend_chart(economy: SubtreeEconomy, lang: str) -> dict[str, Any]:
    """The forecast month by month as bars (Teams desktop and web); the months as facts
    where charts do not render (mobile)."""
    points = [{"x": month_name(m.month, lang)[:3], "y": round(m.forecast_kr / 1000)}
              for m in economy.trend]
    fallback = facts([(month_name(m.month, lang).capitalize(),
                       f"{tkr(m.forecast_kr, lang)} ({_signed_tkr(m.deviation_kr, lang)})")
                      for m in economy.trend])
    return {
        "type": "Chart.VerticalBar",
        "title": t(lang, "economy.summary.trend"),
        "yAxisTitle": "tkr",
        "data": points,
        "fallback": fallback,
    }


def economy_summary_section(economy: SubtreeEconomy, lang: str, *,
                            comment_limit: int = 200) -> dict[str, Any]:
    """A Container for the summary card."""
    p = economy.position
    rows = [
        (t(lang, "economy.fact.annual_budget"), tkr(p.annual_budget, lang)),
        (t(lang, "economy.fact.actual_to_date", month=month_name(economy.month, lang)),
         f"{tkr(p.actual_to_date, lang)} ({_signed_tkr(p.deviation_to_date, lang)})"),
    ]
    deviation = economy.forecast_deviation
    if deviation is not None and p.forecast is not None:
        rows.append((t(lang, "economy.summary.forecast", units=economy.forecast_units),
                     tkr(p.forecast, lang)))
        rows.append((t(lang, "economy.summary.forecast_deviation"),
                     _signed_tkr(deviation, lang)))
    else:
        rows.append((t(lang, "economy.summary.forecast", units=0),
                     t(lang, "economy.summary.no_forecast")))
    items: list[dict[str, Any]] = [
        text(t(lang, "economy.summary.title"), weight="Bolder", style="heading"),
        facts(rows),
    ]
    if len(economy.trend) >= 2:
        items.append(_trend_chart(economy, lang))
    if economy.worst:
        items.append(text(t(lang, "economy.summary.worst"), weight="Bolder"))
        for unit in economy.worst:
            line = f"**{unit.name}**: {_signed_tkr(unit.deviation_kr, lang)}"
            if unit.comment:
                line += f" – {clip(unit.comment, comment_limit)}"
            items.append(text(line, spacing="Small"))
    return container(items, separator=True)


def summary_text(economy: SubtreeEconomy, lang: str) -> str:
    section = economy_summary_section(economy, lang)
    lines: list[str] = []
    for item in section["items"]:
        if item["type"] == "TextBlock":
            lines.append(item["text"])
        elif item["type"] == "FactSet":
            lines += [f"{f['title']}: {f['value']}" for f in item["facts"]]
        elif item["type"] == "Chart.VerticalBar":
            lines.append(item["title"] + ":")
            lines += [f"{f['title']}: {f['value']}" for f in item["fallback"]["facts"]]
    return "\n\n".join(lines)
