"""Cards of the chefsuppdrag: ``mitt uppdrag``, the answer to "får jag besluta om …?"
and the anmälan av delegationsbeslut (a self-contained section: point by typeahead,
date, description, dnr, amount — or "inga beslut"). Pure: data in, card dict out."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from cards.common import action_set, card, container, execute, facts, input_text, text
from followup.mandate import Point
from followup.mandate_views import CommitteeList, MandateView, ReportOutcome, SearchAnswer
from followup.perspectives import PERSPECTIVE_ORDER, perspective_label
from followup.report_kinds import kind_for_period
from followup.sv_format import format_date, format_number, format_period
from i18n import t, t_kind

Card = dict[str, Any]
TOP_POINTS = 3  # points per ärendegrupp before "visa alla"
PAGE_SIZE = 10
POINT_DATASET = "delegation.points"
VERB_GROUP = "mandate.group"
VERB_REPORT = "mandate.report"
VERB_NONE = "mandate.none"
VERB_FORM = "mandate.form"
VERBS = (VERB_GROUP, VERB_REPORT, VERB_NONE, VERB_FORM)


def kr(amount: int | None, lang: str) -> str:
    if amount is None:
        return t(lang, "mandate.no_limit")
    return f"{format_number(amount, 0, lang)} kr"


def point_line(point: Point, lang: str) -> str:
    """"BUN 5.6 Beslut om tillfällig avstängning … (SkolL 5 kap. 14 §) · högst 100 000 kr"."""
    line = f"**{point.committee} {point.number}** {point.matter}"
    if point.legal_ref:
        line += f" ({point.legal_ref})"
    if point.amount_limit_kr is not None:
        line += " · " + t(lang, "mandate.up_to", amount=kr(point.amount_limit_kr, lang))
    if not point.report_required:
        line += " · " + t(lang, "mandate.no_report")
    return line


def _period_text(start: date, end: date | None, lang: str) -> str:
    if end is None:
        return t(lang, "mandate.from", start=format_date(start, lang))
    return t(lang, "mandate.between", start=format_date(start, lang),
             end=format_date(end, lang))


def mandate_card(view: MandateView, lang: str, *, open_group: str | None = None,
                 page: int = 0, deadline_text: str | None = None) -> Card:
    body: list[dict[str, Any]] = [
        text(t(lang, "mandate.title", name=view.person_name), weight="Bolder", size="Large",
             style="heading"),
        text(t(lang, "mandate.on", date=format_date(view.on, lang)), subtle=True,
             spacing="None"),
    ]
    if not view.units:
        body.append(text(t(lang, "mandate.no_units")))
        return card(body)
    unit_facts = []
    for u in view.units:
        role = u.role or t(lang, "mandate.role_missing")
        label = t(lang, "mandate.acting_label") if u.acting else t(lang, "mandate.unit_label")
        unit_facts.append((label, f"{u.unit_name} – {role}"))
    if view.leader_name:
        unit_facts.append((t(lang, "mandate.leader"), view.leader_name))
    for s in view.my_acting:
        unit_facts.append((t(lang, "mandate.acting_for"),
                           t(lang, "mandate.acting_line", unit=s.unit_name, name=s.person_name,
                             period=_period_text(s.valid_from, s.valid_to, lang))))
    for s in view.my_deputies:
        unit_facts.append((t(lang, "mandate.deputy"),
                           t(lang, "mandate.deputy_line", unit=s.unit_name, name=s.person_name,
                             period=_period_text(s.valid_from, s.valid_to, lang))))
    body.append(facts(unit_facts))
    goal_facts = [(perspective_label(p, lang), str(view.goals_per_perspective.get(p, 0)))
                  for p in PERSPECTIVE_ORDER]
    body.append(text(t(lang, "mandate.goals"), weight="Bolder", separator=True))
    body.append(facts(goal_facts))
    body.append(text(t(lang, "mandate.decisions", count=len(view.open_decisions)),
                     weight="Bolder", separator=True))
    for reference, title, due in view.open_decisions[:5]:
        due_text = f" – {t(lang, 'mandate.due', date=format_date(due, lang))}" if due else ""
        body.append(text(f"{reference} {title}{due_text}", spacing="Small"))
    body.append(text(t(lang, "mandate.points", count=len(view.points)), weight="Bolder",
                     separator=True))
    if not view.points:
        body.append(text(t(lang, "mandate.no_points")))
    for group, held in view.groups():
        items: list[dict[str, Any]] = [text(f"{group} ({len(held)})", weight="Bolder")]
        if group == open_group:
            shown = held[page * PAGE_SIZE:(page + 1) * PAGE_SIZE]
        else:
            shown = held[:TOP_POINTS]
        items += [text(point_line(h.point, lang), spacing="Small") for h in shown]
        buttons = []
        if group == open_group:
            if page > 0:
                buttons.append(execute(t(lang, "mandate.previous"), VERB_GROUP,
                                       {"group": group, "page": page - 1}, inputs=False))
            if (page + 1) * PAGE_SIZE < len(held):
                buttons.append(execute(t(lang, "mandate.next"), VERB_GROUP,
                                       {"group": group, "page": page + 1}, inputs=False))
            buttons.append(execute(t(lang, "mandate.show_less"), VERB_GROUP, {"group": ""},
                                   inputs=False))
        elif len(held) > TOP_POINTS:
            buttons.append(execute(t(lang, "mandate.show_all", count=len(held)), VERB_GROUP,
                                   {"group": group, "page": 0}, inputs=False))
        if buttons:
            items.append(action_set(buttons))
        body.append(container(items, spacing="Medium"))
    body.append(text(t(lang, "mandate.duties"), weight="Bolder", separator=True))
    if deadline_text:
        body.append(text(t(lang, "mandate.duty_report", deadline=deadline_text)))
    body.append(text(t(lang, "mandate.duty_anmalan", count=view.reported_points)))
    return card(body, [execute(t(lang, "mandate.report_button"), VERB_FORM, {},
                               inputs=False)])


def search_card(answer: SearchAnswer, lang: str) -> Card:
    body: list[dict[str, Any]] = [
        text(t(lang, "mandate.search.title", question=answer.question), weight="Bolder",
             style="heading")]
    if not answer.matches:
        key = "mandate.search.none_ask" if answer.ask_name else "mandate.search.none"
        body.append(text(t(lang, key, name=answer.ask_name or "")))
        return card(body)
    for m in answer.matches:
        lines = [text(point_line(m.point, lang), spacing="Small"),
                 text(f"{m.committee_name} · {m.point.group}", subtle=True, spacing="None")]
        if m.held:
            verdict = t(lang, "mandate.search.yes")
            if m.point.amount_limit_kr is not None:
                verdict = t(lang, "mandate.search.yes_amount",
                            amount=kr(m.point.amount_limit_kr, lang))
        else:
            names = ", ".join(m.holder_names) or t(lang, "mandate.search.nobody")
            verdict = t(lang, "mandate.search.no", role=m.point.delegate_role, names=names)
        lines.append(text(verdict, color="Good" if m.held else "Attention", spacing="None"))
        body.append(container(lines, separator=True))
    return card(body)


def search_text_answer(answer: SearchAnswer, lang: str) -> str:
    """The same answer as plain text (the text path)."""
    if not answer.matches:
        key = "mandate.search.none_ask" if answer.ask_name else "mandate.search.none"
        return t(lang, key, name=answer.ask_name or "")
    lines = []
    for m in answer.matches:
        if m.held:
            verdict = t(lang, "mandate.search.yes") if m.point.amount_limit_kr is None else \
                t(lang, "mandate.search.yes_amount", amount=kr(m.point.amount_limit_kr, lang))
        else:
            verdict = t(lang, "mandate.search.no", role=m.point.delegate_role,
                        names=", ".join(m.holder_names) or t(lang, "mandate.search.nobody"))
        lines.append(f"- {point_line(m.point, lang)}: {verdict}")
    return "\n".join(lines)


def point_choice(point: Point) -> tuple[str, str]:
    """(title, value) of a point in the typeahead."""
    title = f"{point.committee} {point.number} {point.matter}"
    return (title[:120], str(point.id))


def decision_section(lang: str, period: str, *, today: date,
                     initial: Sequence[Point] = (), problem: str | None = None,
                     values: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """The *Delegationsbeslut* section: a point picked by typeahead (Input.ChoiceSet with
    ``choices.data`` Data.Query, answered by the ``application/search`` handler), date,
    description, dnr and amount; buttons to add one or confirm "inga beslut"."""
    values = values or {}
    choices = [{"title": title, "value": value}
               for title, value in (point_choice(p) for p in initial)]
    chooser: dict[str, Any] = {
        "type": "Input.ChoiceSet", "id": "point", "style": "filtered",
        "label": t(lang, "mandate.form.point"), "isRequired": True,
        "errorMessage": t(lang, "mandate.form.point_needed"),
        "placeholder": t(lang, "mandate.form.point_placeholder"),
        "choices": choices,
        "choices.data": {"type": "Data.Query", "dataset": POINT_DATASET},
        "value": values.get("point", ""),
        "fallback": {"type": "Input.Text", "id": "point_text",
                     "placeholder": t(lang, "mandate.form.point_text")},
    }
    items: list[dict[str, Any]] = [
        text(t(lang, "mandate.form.title", period=format_period(period, lang)),
             weight="Bolder", style="heading"),
        text(t(lang, "mandate.form.intro"), subtle=True, spacing="None"),
    ]
    if problem:
        items.append(text(t(lang, problem), color="Attention"))
    items += [
        chooser,
        {"type": "Input.Date", "id": "decided_on", "label": t(lang, "mandate.form.date"),
         "value": values.get("decided_on", today.isoformat()), "max": today.isoformat()},
        {**input_text("description", values.get("description", ""), max_length=500),
         "label": t(lang, "mandate.form.description")},
        {**input_text("reference", values.get("reference", ""), max_length=64),
         "label": t(lang, "mandate.form.reference")},
        {"type": "Input.Number", "id": "amount", "label": t(lang, "mandate.form.amount"),
         "min": 0, **({"value": values["amount"]} if values.get("amount") else {})},
        action_set([
            execute(t(lang, "mandate.form.add"), VERB_REPORT, {"period": period}),
            execute(t_kind(lang, "mandate.form.none", kind_for_period(period).key), VERB_NONE,
                    {"period": period}, inputs=False),
        ]),
    ]
    return [container(items)]


def decision_form_card(lang: str, period: str, *, today: date,
                       reported: Sequence[tuple[Point, str]] = (),
                       initial: Sequence[Point] = (), problem: str | None = None,
                       values: dict[str, str] | None = None,
                       notice: str | None = None) -> Card:
    body: list[dict[str, Any]] = []
    if notice:
        body.append(text(notice, color="Good"))
    body += decision_section(lang, period, today=today, initial=initial, problem=problem,
                             values=values)
    if reported:
        body.append(text(t_kind(lang, "mandate.form.reported", kind_for_period(period).key,
                                count=len(reported)),
                         weight="Bolder", separator=True))
        body += [text(f"{p.committee} {p.number} – {line}", spacing="Small")
                 for p, line in reported]
    return card(body)


def outcome_text(outcome: ReportOutcome, lang: str) -> str:
    point = outcome.point
    name = f"{point.committee} {point.number}" if point else ""
    if outcome.flag == "not_held":
        return t(lang, "mandate.saved.not_held", point=name,
                 role=point.delegate_role if point else "")
    if outcome.flag == "above_amount":
        return t(lang, "mandate.saved.above", point=name,
                 amount=kr(point.amount_limit_kr if point else None, lang))
    return t(lang, "mandate.saved", point=name)


def committee_list_lines(result: CommitteeList, lang: str) -> list[str]:
    """The nämnd's list as text lines (the admin command prints them)."""
    lines = [t(lang, "mandate.list.header", name=result.committee_name,
               start=format_date(result.start, lang), end=format_date(result.end, lang),
               count=len(result.lines))]
    for ln in result.lines:
        d = ln.decision
        flag = f" [{t(lang, 'mandate.flag.' + d.flag)}]" if d.flag else ""
        ref = f" ({d.reference})" if d.reference else ""
        lines.append(f"{ln.point.number}\t{d.decided_on.isoformat()}\t{d.person_name}\t"
                     f"{d.description}{ref}{flag}")
    if result.nil_reports:
        lines.append(t(lang, "mandate.list.nil", names=", ".join(result.nil_reports)))
    return lines
