"""The card of a report-level section step (Ekonomi, Delegationsbeslut, …) in the report
wizard: the report's header, "Steg n av N", the section's own body and the wizard's
buttons (Nästa / Spara / Tillbaka, carrying the section's step key). Pure.

A section's body comes from its owner (``cards.economy_step.economy_section``,
``cards.mandate``); this module only frames it so it walks like the goal steps.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, tzinfo
from typing import Any

from cards.common import card, clip, container, execute, fits_in_message, iter_elements, text
from cards.mandate import decision_section
from cards.report import (
    VERB_BACK,
    VERB_SAVE,
    VERB_STEP,
    _base_data,
    _header,
    _notice,
)
from followup.anmalan import format_span
from followup.mandate import Point
from followup.mandate_views import AnmalanStatus, ReportedDecision
from followup.report_forms import ReportForm
from followup.sv_format import format_date, format_period
from i18n import t, t_kind

SECTION_STEP_PREFIX = "section."


def section_step_key(section_key: str) -> str:
    """The wizard's step key of a section ("section.economy")."""
    return SECTION_STEP_PREFIX + section_key


def section_of_step(step: str | None) -> str | None:
    """The section key a step key names; None for a goal step or the review."""
    if step and step.startswith(SECTION_STEP_PREFIX):
        return step[len(SECTION_STEP_PREFIX):]
    return None


def section_step_card(form: ReportForm, section_key: str, section_body: Sequence[dict[str, Any]],
                      *, number: int, total: int, lang: str, tz: tzinfo,
                      notice: str | None = None, notice_color: str | None = None,
                      buttons: bool = True) -> dict[str, Any]:
    """One section as a step of the wizard (``number`` of ``total``, the review counted).
    ``buttons`` False: the section's body brings its own actions besides Tillbaka."""
    body = _header(form, lang, tz)
    body.append(text(t(lang, "report.step.of", n=number, total=total,
                       label=t(lang, f"report.section.{section_key}.label")),
                     weight="bolder", color="accent"))
    body.extend(_notice(notice, notice_color))
    body.extend(section_body)
    data = _base_data(form, section_step_key(section_key))
    actions = []
    if buttons:
        actions += [execute(t(lang, "report.button.next"), VERB_STEP, data, style="positive"),
                    execute(t(lang, "report.button.save"), VERB_SAVE, data)]
    actions.append(execute(t(lang, "report.button.back"), VERB_BACK, data))
    fallback = t_kind(lang, "report.step.title", form.kind.key,
                      period=format_period(form.period.period, lang), unit=form.unit.name)
    built = card(body, actions, fallback_text=fallback)
    if not fits_in_message(built):  # the section's body is bounded; never cut silently
        built = card([*body[:2], text(t(lang, "report.section.too_big"), color="attention")],
                     actions, fallback_text=fallback)
    return built


def section_review_block(section_key: str, lines: Sequence[tuple[str, str]], lang: str,
                         note: str | None = None) -> dict[str, Any]:
    """A section in the review step: its label and a few "label: value" lines."""
    items: list[dict[str, Any]] = [
        text(t(lang, f"report.section.{section_key}.label"), weight="bolder", size="medium")]
    if lines:
        items.append(text("\n".join(f"- {k}: {v}" for k, v in lines), spacing="none"))
    if note:
        items.append(text(note, color="attention", spacing="none"))
    return container(items, separator=True)


# --------------------------------------------------------------------------- Delegationsbeslut

MANDATE_ACTION = "mandate_action"  # the wizard's own buttons in the section: add | none


def mandate_step_body(form: ReportForm, status: AnmalanStatus, lang: str, *, today: date,
                      problem: str | None = None,
                      values: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """The Delegationsbeslut section in the wizard: :func:`cards.mandate.decision_section`
    with the wizard's buttons (they keep the report's card), and the month's decisions."""
    body = decision_section(lang, status.period, today=today, initial=status.held_points[:10],
                            problem=problem, values=values)
    if status.span is not None:
        body.insert(1, text(covered_line(status, lang), weight="bolder"))
    data = _base_data(form, section_step_key("mandate"))
    for element in list(iter_elements({"body": body})):
        if element.get("type") == "Input.ChoiceSet":
            element["isRequired"] = False  # Nästa / Tillbaka must not be blocked by it
        if element.get("type") == "ActionSet":
            element["actions"] = [
                execute(t(lang, "mandate.form.add"), VERB_SAVE,
                        {**data, MANDATE_ACTION: "add"}),
                execute(t_kind(lang, "mandate.form.none", form.kind.key), VERB_SAVE,
                        {**data, MANDATE_ACTION: "none"}, inputs=False),
            ]
    lines = [mandate_decision_line(point, decision, lang)
             for point, decision in status.decisions]
    if lines:
        body.append(text(t_kind(lang, "mandate.form.reported", form.kind.key,
                                count=len(lines)), weight="bolder", separator=True))
        body.append(text("\n".join(f"- {line}" for line in lines), spacing="small"))
    elif status.none_confirmed:
        body.append(text(t(lang, "report.section.mandate.none_confirmed",
                           period=format_period(status.period, lang)), color="good"))
    return body


def covered_line(state: AnmalanStatus, lang: str) -> str:
    """"Beslut fattade 1 juli–31 augusti 2026" (what the anmälan covers)."""
    assert state.span is not None
    return t(lang, "report.section.mandate.covers", span=format_span(state.span, lang))


def answered_elsewhere_line(state: AnmalanStatus, lang: str) -> str:
    """The line another unit's report shows once the person has answered the anmälan."""
    span = format_span(state.span, lang) if state.span is not None else \
        format_period(state.period, lang)
    key = ("report.section.mandate.elsewhere_none" if not state.decisions
           else "report.section.mandate.elsewhere")
    return t(lang, key, span=span, count=len(state.decisions))


def mandate_answered_body(status: AnmalanStatus, lang: str) -> list[dict[str, Any]]:
    """The Delegationsbeslut step of another unit's report once the person has answered."""
    return [text(answered_elsewhere_line(status, lang), color="good")]


def mandate_decision_line(point: Point, decision: ReportedDecision, lang: str) -> str:
    """"BUN 4.1 · 12 oktober 2026 · Plats i förskola (⚠ …)"."""
    line = (f"{point.committee} {point.number} · {format_date(decision.decided_on, lang)} · "
            f"{clip(decision.description, 120)}")
    if decision.flag:
        line += f" ({t(lang, f'report.section.mandate.flag.{decision.flag}')})"
    return line
