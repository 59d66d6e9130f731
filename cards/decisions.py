"""Adaptive Cards for decisions (beslut): list, status update, monthly round, registration.

Pure functions: domain data → card dict (schema 1.5). Every button is an
``Action.Execute`` with an ``Action.Submit`` fallback carrying the same ``verb`` and data,
so older clients work too. Verbs (all handled in ``dialogs/decisions.py``):

* ``decision.open``   {unit_id, period?}       → the monthly status card of a unit
* ``decision.edit``   {decision_id}            → one decision's status card
* ``decision.update`` {decision_id, expected, status, comment, period?}
* ``decision.round``  {unit_id, period, expected_<id>…, status_<id>, comment_<id>}
* ``decision.create`` {reference, decided_on, decided_by, title, assignment, unit, due_date}
* ``decision.list``   {}                       → the ``beslut`` list again

Status is always written as a word (never only a colour or an icon).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from cards.common import fits_in_message, largest_fitting, localized
from followup.decision_rules import (
    DecisionInfo,
    DecisionRole,
    DecisionStatus,
    allowed_targets,
    field_limit,
)
from followup.sv_format import format_date, format_period
from i18n import t

SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"
VERSION = "1.5"
# Keep cards far below Teams' 100 KB limit: long lists are cut with a note.
MAX_LIST_ITEMS = 40
MAX_ROUND_ITEMS = 20
MAX_UNIT_CHOICES = 300

Card = dict[str, Any]

_STATUS_COLOUR = {
    DecisionStatus.NOT_STARTED: "Default",
    DecisionStatus.IN_PROGRESS: "Accent",
    DecisionStatus.DONE: "Good",
    DecisionStatus.CANCELLED: "Default",
}


# --------------------------------------------------------------------------- helpers


def tn(lang: str, key: str, count: int, **kwargs: object) -> str:
    """A counted text: ``key.one`` for 1, ``key.many`` otherwise (``count`` is passed on)."""
    return t(lang, f"{key}.{'one' if count == 1 else 'many'}", count=count, **kwargs)


def status_label(lang: str, status: DecisionStatus | str) -> str:
    return t(lang, f"decision.status.{DecisionStatus(status).value}")


def _card(body: list[dict[str, Any]], actions: list[dict[str, Any]] | None = None) -> Card:
    card: Card = {
        "type": "AdaptiveCard",
        "$schema": SCHEMA,
        "version": VERSION,
        "body": body,
    }
    if actions:
        card["actions"] = actions
    return card


def _text(text: str, **extra: Any) -> dict[str, Any]:
    return {"type": "TextBlock", "text": text, "wrap": True, **extra}


def action(title: str, verb: str, data: Mapping[str, Any] | None = None,
           *, style: str | None = None) -> dict[str, Any]:
    """An ``Action.Execute`` with an ``Action.Submit`` fallback (same verb and data)."""
    payload = dict(data or {})
    result: dict[str, Any] = {
        "type": "Action.Execute",
        "title": title,
        "verb": verb,
        "data": payload,
        "fallback": {"type": "Action.Submit", "title": title, "data": {"verb": verb, **payload}},
    }
    if style:
        result["style"] = style
    return result


def _due_text(lang: str, decision: DecisionInfo, today: date) -> str:
    if decision.due_date is None:
        return t(lang, "decision.no_due_date")
    text = format_date(decision.due_date, lang)
    if decision.is_overdue(today):
        days = (today - decision.due_date).days
        text += " – " + tn(lang, "decision.overdue_days", days)
    return text


def _facts(lang: str, decision: DecisionInfo, today: date, *, show_unit: bool) -> dict[str, Any]:
    facts = [
        {
            "title": t(lang, "decision.fact.decided"),
            "value": f"{format_date(decision.decided_on, lang)} ({decision.decided_by})",
        },
    ]
    if show_unit:
        facts.append({"title": t(lang, "decision.fact.unit"), "value": decision.unit_name})
    facts.append({"title": t(lang, "decision.fact.due"), "value": _due_text(lang, decision, today)})
    facts.append({"title": t(lang, "decision.fact.status"),
                  "value": status_label(lang, decision.status)})
    if decision.last_comment:
        when = (
            format_date(decision.last_comment_at.date(), lang)
            if decision.last_comment_at is not None
            else ""
        )
        who = f", {decision.last_comment_by}" if decision.last_comment_by else ""
        facts.append(
            {
                "title": t(lang, "decision.fact.latest_comment"),
                "value": f"{_clip(decision.last_comment, 300)} ({when}{who})",
            }
        )
    return {"type": "FactSet", "facts": facts}


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _heading(lang: str, decision: DecisionInfo, today: date) -> dict[str, Any]:
    marker = f" – {t(lang, 'decision.overdue')}" if decision.is_overdue(today) else ""
    return _text(
        f"**{decision.reference}** – {decision.title}{marker}",
        color="Attention" if decision.is_overdue(today) else "Default",
    )


def _status_choices(lang: str, current: DecisionStatus,
                    role: DecisionRole | None) -> list[dict[str, str]]:
    return [
        {"title": status_label(lang, s), "value": s.value}
        for s in allowed_targets(current, role)
    ]


# --------------------------------------------------------------------------- list


def decision_list_card(
    lang: str,
    decisions: Sequence[DecisionInfo],
    today: date,
    *,
    title: str,
    editable_ids: set[int] | frozenset[int] = frozenset(),
    show_unit: bool = True,
) -> Card:
    """The ``beslut`` list: one container per decision, "Uppdatera status" where allowed."""
    overdue = sum(1 for d in decisions if d.is_overdue(today))
    head: list[dict[str, Any]] = [
        _text(title, size="Large", weight="Bolder"),
        _text(t(lang, "decision.list.counts", count=len(decisions), overdue=overdue),
              isSubtle=True, spacing="None"),
    ]

    def build(shown: int) -> Card:
        body = head + [_list_item(lang, d, today, editable_ids, show_unit)
                       for d in decisions[:shown]]
        if len(decisions) > shown:
            body.append(_text(t(lang, "decision.list.more", count=len(decisions) - shown),
                              isSubtle=True))
        return _card(body)

    return largest_fitting(build, min(len(decisions), MAX_LIST_ITEMS))


def _list_item(lang: str, decision: DecisionInfo, today: date,
               editable_ids: set[int] | frozenset[int], show_unit: bool) -> dict[str, Any]:
    items: list[dict[str, Any]] = [
        _heading(lang, decision, today),
        _facts(lang, decision, today, show_unit=show_unit),
    ]
    if decision.id in editable_ids:
        items.append(
            {
                "type": "ActionSet",
                "actions": [
                    action(t(lang, "decision.button.update"), "decision.edit",
                           {"decision_id": decision.id})
                ],
            }
        )
    return {"type": "Container", "separator": True, "spacing": "Medium", "items": items}


# --------------------------------------------------------------------------- one decision


def decision_update_card(
    lang: str,
    decision: DecisionInfo,
    today: date,
    *,
    role: DecisionRole | None,
    period: str | None = None,
    status: str | None = None,
    comment: str | None = None,
    error: str | None = None,
    notice: str | None = None,
) -> Card:
    """A status report for one decision: status choice + comment (required for done /
    cancelled). ``error``/``notice`` are already translated texts."""
    body: list[dict[str, Any]] = [
        _text(t(lang, "decision.update.title"), size="Medium", weight="Bolder"),
        _heading(lang, decision, today),
    ]
    if decision.assignment:
        body.append(_text(_clip(decision.assignment, 1500), isSubtle=True))
    body.append(_facts(lang, decision, today, show_unit=True))
    body += _leader_line(lang, role)
    if notice:
        body.append(_text(notice, color="Good", weight="Bolder"))
    if error:
        body.append(_text(error, color="Attention", weight="Bolder"))
    choices = _status_choices(lang, decision.status, role)
    if not choices:
        body.append(_text(t(lang, "decision.update.closed"), isSubtle=True))
        return _card(body, [action(t(lang, "decision.button.back"), "decision.list")])
    body += [
        {
            "type": "Input.ChoiceSet",
            "id": "status",
            "label": t(lang, "decision.input.status"),
            "style": "expanded",
            "isRequired": True,
            "errorMessage": t(lang, "decision.input.status_required"),
            "value": status or decision.status.value,
            "choices": choices,
        },
        {
            "type": "Input.Text",
            "id": "comment",
            "label": t(lang, "decision.input.comment"),
            "placeholder": t(lang, "decision.input.comment_placeholder"),
            "isMultiline": True,
            "maxLength": field_limit("comment"),
            "value": comment or "",
        },
    ]
    data: dict[str, Any] = {"decision_id": decision.id, "expected": decision.status.value}
    if period:
        data["period"] = period
    return _card(body, [action(t(lang, "decision.button.save"), "decision.update", data,
                               style="positive")])


def decision_saved_card(lang: str, decision: DecisionInfo, today: date, *,
                        notice: str) -> Card:
    """Receipt after a status report: what is stored now."""
    return _card(
        [
            _text(notice, color="Good", weight="Bolder"),
            _heading(lang, decision, today),
            _facts(lang, decision, today, show_unit=True),
        ],
        [action(t(lang, "decision.button.back"), "decision.list")],
    )


# --------------------------------------------------------------------------- monthly round


def round_action(lang: str, unit_id: int, period: str | None, count: int) -> dict[str, Any]:
    """The button other cards (the monthly report's last step) show to open the decision
    step of a unit: verb ``decision.open`` with ``unit_id`` and ``period``."""
    data: dict[str, Any] = {"unit_id": unit_id}
    if period:
        data["period"] = period
    return action(t(lang, "decision.button.open_round", count=count), "decision.open", data)


def decision_round_card(
    lang: str,
    unit_name: str,
    unit_id: int,
    period: str,
    decisions: Sequence[DecisionInfo],
    today: date,
    *,
    values: Mapping[str, Any] | None = None,
    errors: Mapping[int, str] | None = None,
    notice: str | None = None,
    role: DecisionRole | None = DecisionRole.MANAGER,
) -> Card:
    """The monthly decision step: each open decision of the unit with a status choice and
    a comment; one "Spara" for all. ``errors`` maps decision id → translated message."""
    given_values: Mapping[str, Any] = values or {}
    given_errors: Mapping[int, str] = errors or {}

    def build(count: int) -> Card:
        return _round_card(lang, unit_name, unit_id, period, decisions, today, count,
                           given_values, given_errors, notice, role)

    # Long titles, assignments and comments: as many decisions as one message holds.
    return largest_fitting(build, min(len(decisions), MAX_ROUND_ITEMS), least=min(
        len(decisions), 1))


def _round_card(lang: str, unit_name: str, unit_id: int, period: str,
                decisions: Sequence[DecisionInfo], today: date, count: int,
                values: Mapping[str, Any], errors: Mapping[int, str], notice: str | None,
                role: DecisionRole | None) -> Card:
    shown = list(decisions[:count])
    body: list[dict[str, Any]] = [
        _text(t(lang, "decision.round.title", unit=unit_name, period=format_period(period, lang)),
              size="Large", weight="Bolder"),
        _text(t(lang, "decision.round.intro"), spacing="Small"),
        *_leader_line(lang, role),
    ]
    if notice:
        body.append(_text(notice, color="Good", weight="Bolder"))
    if errors:
        body.append(_text(t(lang, "decision.round.has_errors", count=len(errors)),
                          color="Attention", weight="Bolder"))
    data: dict[str, Any] = {"unit_id": unit_id, "period": period}
    for decision in shown:
        key = str(decision.id)
        items: list[dict[str, Any]] = [_heading(lang, decision, today)]
        if decision.assignment:
            items.append(_text(_clip(decision.assignment, 400), isSubtle=True, spacing="None"))
        items.append(_facts(lang, decision, today, show_unit=False))
        if decision.id in errors:
            items.append(_text(errors[decision.id], color="Attention", weight="Bolder"))
        items += [
            {
                "type": "Input.ChoiceSet",
                "id": f"status_{key}",
                "label": t(lang, "decision.input.status"),
                "style": "compact",
                "isRequired": True,
                "errorMessage": t(lang, "decision.input.status_required"),
                "value": str(values.get(f"status_{key}") or decision.status.value),
                "choices": _status_choices(lang, decision.status, role),
            },
            {
                "type": "Input.Text",
                "id": f"comment_{key}",
                "label": t(lang, "decision.input.comment"),
                "placeholder": t(lang, "decision.input.comment_placeholder"),
                "isMultiline": True,
                "maxLength": field_limit("comment"),
                "value": str(values.get(f"comment_{key}") or ""),
            },
        ]
        body.append({"type": "Container", "separator": True, "spacing": "Medium",
                     "items": items})
        data[f"expected_{key}"] = decision.status.value
    if len(decisions) > len(shown):
        body.append(_text(t(lang, "decision.list.more", count=len(decisions) - len(shown)),
                          isSubtle=True))
    if not shown:
        body.append(_text(t(lang, "decision.round.none")))
        return _card(body)
    return _card(body, [action(t(lang, "decision.button.save_round"), "decision.round", data,
                               style="positive")])


def decision_round_done_card(
    lang: str, unit_name: str, period: str, decisions: Sequence[DecisionInfo], today: date,
    *, remaining: int = 0, unit_id: int | None = None,
) -> Card:
    """Receipt of the monthly decision step (with "continue" when more are open)."""
    body: list[dict[str, Any]] = [
        _text(t(lang, "decision.round.saved", unit=unit_name,
                period=format_period(period, lang)), color="Good", weight="Bolder"),
    ]
    for decision in decisions:
        body.append(
            _text(f"**{decision.reference}** – {status_label(lang, decision.status)}",
                  spacing="Small")
        )
    actions = [action(t(lang, "decision.button.back"), "decision.list")]
    if remaining and unit_id is not None:
        body.append(_text(t(lang, "decision.round.remaining", count=remaining)))
        actions.insert(0, action(t(lang, "decision.button.continue"), "decision.open",
                                 {"unit_id": unit_id, "period": period}, style="positive"))
    return _card(body, actions)


def _leader_line(lang: str, role: DecisionRole | None) -> list[dict[str, Any]]:
    """"Enheten saknar chef – du ansvarar för den som närmaste chef" for the leader who
    stands in for a unit without a manager."""
    if role is not DecisionRole.LEADER:
        return []
    return [_text(t(lang, "decision.role_leader"), weight="Bolder", spacing="Small")]


def decision_reminder_card(
    lang: str, unit_name: str, unit_id: int, decisions: Sequence[DecisionInfo], today: date,
    *, role: DecisionRole | None = None,
) -> Card:
    """Reminder about overdue decisions of a unit, with a button to report their status."""
    head: list[dict[str, Any]] = [
        _text(t(lang, "decision.reminder.title", unit=unit_name), size="Medium",
              weight="Bolder"),
        _text(t(lang, "decision.reminder.intro")),
        *_leader_line(lang, role),
    ]

    def build(shown: int) -> Card:
        body = head + [
            {
                "type": "Container",
                "separator": True,
                "items": [_heading(lang, decision, today),
                          _facts(lang, decision, today, show_unit=False)],
            }
            for decision in decisions[:shown]
        ]
        if len(decisions) > shown:
            body.append(_text(t(lang, "decision.list.more", count=len(decisions) - shown),
                              isSubtle=True))
        return _card(body, [action(t(lang, "decision.button.report_status"), "decision.open",
                                   {"unit_id": unit_id})])

    return largest_fitting(build, min(len(decisions), MAX_LIST_ITEMS))


# --------------------------------------------------------------------------- registration


def new_decision_card(
    lang: str,
    units: Sequence[tuple[str, str]],
    *,
    values: Mapping[str, Any] | None = None,
    errors: Mapping[str, str] | None = None,
) -> Card:
    """Admins register a decision. ``units`` are (code, label) pairs; ``errors`` maps a
    field name to a translated message shown at that field."""
    values = values or {}
    errors = errors or {}

    def value(name: str) -> str:
        raw = values.get(name)
        return "" if raw is None else str(raw)

    def field(element: dict[str, Any]) -> list[dict[str, Any]]:
        name = element["id"]
        out = [element]
        if name in errors:
            out.append(_text(errors[name], color="Attention", size="Small", spacing="None"))
        return out

    body: list[dict[str, Any]] = [
        _text(t(lang, "decision.new.title"), size="Large", weight="Bolder"),
        _text(t(lang, "decision.new.intro"), isSubtle=True),
    ]
    if errors:
        body.append(_text(t(lang, "decision.new.has_errors"), color="Attention",
                          weight="Bolder"))
    body += field({"type": "Input.Text", "id": "reference", "isRequired": True,
                   "label": t(lang, "decision.input.reference"),
                   "placeholder": "KS 2026/123", "maxLength": field_limit("reference"),
                   "errorMessage": t(lang, "decision.field.required"),
                   "value": value("reference")})
    body += field({"type": "Input.Date", "id": "decided_on", "isRequired": True,
                   "label": t(lang, "decision.input.decided_on"),
                   "errorMessage": t(lang, "decision.field.required"),
                   "value": value("decided_on")})
    body += field({"type": "Input.Text", "id": "decided_by", "isRequired": True,
                   "label": t(lang, "decision.input.decided_by"),
                   "placeholder": t(lang, "decision.input.decided_by_placeholder"),
                   "maxLength": field_limit("decided_by"),
                   "errorMessage": t(lang, "decision.field.required"),
                   "value": value("decided_by")})
    body += field({"type": "Input.Text", "id": "title", "isRequired": True,
                   "label": t(lang, "decision.input.title"),
                   "maxLength": field_limit("title"),
                   "errorMessage": t(lang, "decision.field.required"),
                   "value": value("title")})
    body += field({"type": "Input.Text", "id": "assignment", "isMultiline": True,
                   "label": t(lang, "decision.input.assignment"),
                   "maxLength": field_limit("assignment"), "value": value("assignment")})
    tail = [action(t(lang, "decision.button.register"), "decision.create", style="positive")]
    due = field({"type": "Input.Date", "id": "due_date",
                 "label": t(lang, "decision.input.due_date"), "value": value("due_date")})
    if len(units) <= MAX_UNIT_CHOICES:
        with_choices = _card(body + field({
            "type": "Input.ChoiceSet", "id": "unit", "isRequired": True,
            "label": t(lang, "decision.input.unit"), "style": "filtered",
            "errorMessage": t(lang, "decision.field.required"),
            "choices": [{"title": label, "value": code} for code, label in units],
            "value": value("unit"),
        }) + due, tail)
        if fits_in_message(with_choices):
            return localized(with_choices, lang)
    # A very large organisation (or very long unit names): type the unit code instead.
    body += field({
        "type": "Input.Text", "id": "unit", "isRequired": True,
        "label": t(lang, "decision.input.unit_code"), "maxLength": 64,
        "placeholder": units[0][0] if units else "",
        "errorMessage": t(lang, "decision.field.required"), "value": value("unit"),
    })
    return localized(_card(body + due, tail), lang)


def decision_created_card(lang: str, decision: DecisionInfo, today: date) -> Card:
    return _card(
        [
            _text(t(lang, "decision.new.created"), color="Good", weight="Bolder"),
            _heading(lang, decision, today),
            _facts(lang, decision, today, show_unit=True),
        ],
        [action(t(lang, "decision.button.register_another"), "decision.new")],
    )


def status_help_lines(lang: str) -> list[str]:
    """Plain-text lines explaining the statuses (for text replies)."""
    return [f"- {status_label(lang, s)}" for s in DecisionStatus]
