"""Cards of the individual goals: goal form, approval, check-in, team view, underlag,
and the upward aggregate. Pure: data in, Adaptive Card dict (or outbox payload) out."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from cards.common import (
    card,
    choice_set,
    clip,
    container,
    execute,
    facts,
    fits_in_message,
    input_text,
    text,
)
from followup.individual import COMMENT_MAX, MAX_GOALS, GroupAggregate
from followup.period import Period
from followup.sv_format import format_deadline
from i18n import t

VERB_GOALS_SAVE = "ind.goals.save"
VERB_GOALS_APPROVE = "ind.goals.approve"
VERB_CHECKIN_SAVE = "ind.checkin.save"
VERB_CHECKIN_SAME = "ind.checkin.same"
VERB_TALK = "ind.talk.prepare"
VERBS = (VERB_GOALS_SAVE, VERB_GOALS_APPROVE, VERB_CHECKIN_SAVE, VERB_CHECKIN_SAME, VERB_TALK)


def _submit(title: str, verb: str, data: dict[str, Any] | None = None,
            style: str | None = None) -> dict[str, Any]:
    """A button: ``Action.Execute`` with its ``Action.Submit`` fallback (same data + verb)."""
    return execute(title, verb, data or {}, style=style)


def _label(element: dict[str, Any], label: str) -> dict[str, Any]:
    return {**element, "label": label}


def status_word(lang: str, status: str) -> str:
    return t(lang, f"summary.status.{status}")


def period_label(lang: str, code: str) -> str:
    period = Period.parse(code)
    if period.kind == "tertial":
        return t(lang, "ind.period.tertial", n=(period.first_month - 1) // 4 + 1,
                 year=period.year)
    from followup.sv_format import format_period

    return format_period(code, lang)


# --------------------------------------------------------------------------- goals


def goal_lines(lang: str, goals: Sequence[Any]) -> list[dict[str, Any]]:
    out = []
    for g in goals:
        line = f"**{g.slot}. {g.title}**"
        if g.unit_goal_title:
            line += "\n\n" + t(lang, "ind.goal.serves", goal=g.unit_goal_title)
        if g.indicator_name:
            target = f" – {g.indicator_target}" if g.indicator_target else ""
            line += "\n\n" + t(lang, "ind.goal.indicator", name=g.indicator_name, target=target)
        out.append(text(line))
    return out


def goal_state_text(lang: str, goals: Sequence[Any]) -> str:
    if not goals:
        return t(lang, "ind.state.none")
    if all(g.agreed for g in goals):
        return t(lang, "ind.state.agreed")
    if all(g.manager_ok for g in goals):
        return t(lang, "ind.state.wait_employee")
    return t(lang, "ind.state.wait_manager")


def goal_form_card(lang: str, *, subject_id: int, subject_name: str, year: int,
                   goals: Sequence[Any], options: Sequence[Any], for_manager: bool,
                   ) -> dict[str, Any]:
    """1–3 goals, each linked to one of the unit's goals, an optional personal indicator."""
    title = t(lang, "ind.form.title_manager" if for_manager else "ind.form.title_own",
              name=subject_name, year=year)
    body: list[dict[str, Any]] = [text(title, weight="Bolder", size="Medium"),
                                  text(t(lang, "ind.form.intro"), subtle=True)]
    if goals:
        body.append(text(goal_state_text(lang, goals), weight="Bolder"))
    by_slot = {g.slot: g for g in goals}
    choices = [(clip(o.title, 120), str(o.id)) for o in options]
    for slot in range(1, MAX_GOALS + 1):
        g = by_slot.get(slot)
        body.append(container([
            text(t(lang, "ind.form.goal_n", n=slot), weight="Bolder"),
            _label(input_text(f"g{slot}_title", g.title if g else "", max_length=300,
                              placeholder=t(lang, "ind.form.title_ph")),
                   t(lang, "ind.form.goal_text")),
            _label(choice_set(f"g{slot}_link", choices,
                              str(g.unit_goal_id) if g and g.unit_goal_id else "",
                              expanded=False), t(lang, "ind.form.link")),
            _label(input_text(f"g{slot}_ind", (g.indicator_name or "") if g else "",
                              max_length=200, placeholder=t(lang, "ind.form.indicator_ph")),
                   t(lang, "ind.form.indicator")),
            _label(input_text(f"g{slot}_target", (g.indicator_target or "") if g else "",
                              max_length=100, placeholder=t(lang, "ind.form.target_ph")),
                   t(lang, "ind.form.target")),
        ], separator=True))
    actions = [_submit(t(lang, "ind.form.save"), VERB_GOALS_SAVE, {"subject": subject_id},
                       style="positive")]
    waiting_for_me = goals and not all(
        g.manager_ok if for_manager else g.employee_ok for g in goals)
    if waiting_for_me:
        actions.append(_submit(t(lang, "ind.form.approve_manager" if for_manager
                                 else "ind.form.confirm"), VERB_GOALS_APPROVE,
                               {"subject": subject_id}))
    return card(body, actions)


def approve_notice(lang: str, *, by_name: str, for_employee: bool, subject_name: str,
                   subject_id: int) -> dict[str, Any]:
    """Outbox payload: the other party is asked to look at and approve the goals."""
    key = "ind.notice.confirm" if for_employee else "ind.notice.agree"
    message = t(lang, key, by=by_name, name=subject_name)
    command = t(lang, "ind.cmd.own" if for_employee else "ind.cmd.talk", name=subject_name)
    body = [text(message, weight="Bolder"), text(t(lang, "ind.notice.how", command=command))]
    return {"text": message, "card": card(body, [
        {"type": "Action.Submit", "title": t(lang, "ind.notice.open"),
         "data": {"msteams": {"type": "imBack", "value": command}}}])}


# --------------------------------------------------------------------------- check-in


def checkin_prompt(lang: str, period: Period, closes_at: datetime, *,
                   reminder: bool) -> dict[str, Any]:
    """Outbox payload: the short nudge to check in (one reminder, no escalation)."""
    label = period_label(lang, period.code)
    key = "ind.prompt.reminder" if reminder else "ind.prompt.text"
    message = t(lang, key, period=label, until=format_deadline(closes_at, lang))
    command = t(lang, "ind.cmd.checkin")
    return {"text": message, "expires_at": closes_at.isoformat(),
            "card": card([text(message)], [
                {"type": "Action.Submit", "title": t(lang, "ind.prompt.button"),
                 "data": {"msteams": {"type": "imBack", "value": command}}}])}


def checkin_card(lang: str, *, period: str, goals: Sequence[Any],
                 last: dict[int, Any], current: dict[int, Any]) -> dict[str, Any]:
    """Per goal: the status (same three words) and one comment line; "som förra gången"."""
    body: list[dict[str, Any]] = [
        text(t(lang, "ind.checkin.title", period=period_label(lang, period)), weight="Bolder",
             size="Medium"),
        text(t(lang, "ind.checkin.intro"), subtle=True)]
    choices = [(status_word(lang, s), s) for s in ("green", "yellow", "red")]
    for g in goals:
        now = current.get(g.id)
        body.append(container([
            text(f"**{g.title}**"),
            _label(choice_set(f"s_{g.id}", choices, now.status if now else ""),
                   t(lang, "ind.checkin.status")),
            _label(input_text(f"c_{g.id}", now.comment if now else "", max_length=COMMENT_MAX,
                              placeholder=t(lang, "ind.checkin.comment_ph")),
                   t(lang, "ind.checkin.comment")),
        ], separator=True))
    actions = [_submit(t(lang, "ind.checkin.save"), VERB_CHECKIN_SAVE, style="positive")]
    if goals and all(g.series_id in last for g in goals):
        actions.append(_submit(t(lang, "ind.checkin.same"), VERB_CHECKIN_SAME))
    return card(body, actions)


# --------------------------------------------------------------------------- team


def team_card(lang: str, view: Any) -> dict[str, Any]:
    """Who checked in, statuses and comments; per person a button to prepare the talk.
    Listed by name: no ranking."""
    checked = sum(1 for m in view.members if m.checkins)
    body: list[dict[str, Any]] = [
        text(t(lang, "ind.team.title", period=period_label(lang, view.period)),
             weight="Bolder", size="Medium"),
        text(t(lang, "ind.team.count", checked=checked, total=len(view.members)), subtle=True)]
    for m in view.members:
        by_goal = {c.goal_id: c for c in m.checkins}
        items: list[dict[str, Any]] = [text(f"**{m.name}** – " + (
            t(lang, "ind.team.checked_in") if m.checkins else t(lang, "ind.team.not_checked_in")))]
        if not m.goals:
            items.append(text(t(lang, "ind.state.none"), subtle=True))
        elif not m.agreed:
            items.append(text(goal_state_text(lang, m.goals), subtle=True))
        lines = []
        for g in m.goals:
            c = by_goal.get(g.id)
            value = status_word(lang, c.status) + (f" – {c.comment}" if c and c.comment else "") \
                if c else "–"
            lines.append((clip(g.title, 60), value))
        if lines:
            items.append(facts(lines))
        items.append({"type": "ActionSet", "actions": [
            _submit(t(lang, "ind.team.prepare"), VERB_TALK, {"subject": m.person_id})]})
        body.append(container(items, separator=True))
    return card(body)


def talk_card(lang: str, person: Any, link: str | None, *,
              pdf_link: str | None = None) -> dict[str, Any]:
    """Underlag for the medarbetarsamtal: the year's goals and check-ins per goal, with
    download links (Excel, and PDF beside it)."""
    body: list[dict[str, Any]] = [
        text(t(lang, "ind.talk.title", name=person.name, year=person.year), weight="Bolder",
             size="Medium")]
    by_goal: dict[int, list[Any]] = {}
    for c in person.checkins:
        by_goal.setdefault(c.goal_id, []).append(c)
    versions = {g.id: g for g in [*person.goals, *person.history]}
    for g in person.goals:
        series = [v.id for v in versions.values() if v.series_id == g.series_id]
        rows = sorted((c for gid in series for c in by_goal.get(gid, [])),
                      key=lambda c: c.period)
        items = goal_lines(lang, [g])
        items.append(facts([(period_label(lang, c.period), status_word(lang, c.status)
                             + (f" – {c.comment}" if c.comment else "")) for c in rows]
                           or [(t(lang, "ind.talk.no_checkins"), "–")]))
        body.append(container(items, separator=True))
    if person.history:
        body.append(text(t(lang, "ind.talk.history", count=len(person.history)), subtle=True))
    if link and pdf_link:
        body.append(text(t(lang, "ind.talk.links", url=link, pdf_url=pdf_link)))
    elif link:
        body.append(text(t(lang, "ind.talk.link", url=link)))
    return card(body)


# --------------------------------------------------------------------------- upward


def aggregate_text(lang: str, aggregate: GroupAggregate) -> str:
    if aggregate.suppressed:
        return t(lang, "ind.up.suppressed")
    return t(lang, "ind.up.line", checked=aggregate.checked_in, people=aggregate.people,
             green=aggregate.green, yellow=aggregate.yellow, red=aggregate.red)


def upward_card(lang: str, unit_name: str, summary: Any) -> dict[str, Any]:
    return card(upward_items(lang, unit_name, summary))


def extend_within_budget(summary_card: dict[str, Any], items: list[dict[str, Any]]) -> None:
    """Append the aggregate elements to a summary card as far as the message budget
    allows: all of them, else the total only (the first three), else nothing."""
    for count in (len(items), 3):
        trial = {**summary_card, "body": [*summary_card["body"], *items[:count]]}
        if fits_in_message(trial):
            summary_card["body"].extend(items[:count])
            return


def upward_items(lang: str, unit_name: str, summary: Any) -> list[dict[str, Any]]:
    """Card elements: the subtree's total and one line per child unit (no people)."""
    body = [text(t(lang, "ind.up.title", unit=unit_name,
                   period=period_label(lang, summary.period)), weight="Bolder",
                 separator=True),
            text(aggregate_text(lang, summary.total)),
            text(t(lang, "ind.up.note"), subtle=True)]
    if summary.groups:
        body.append(facts([(clip(g.name, 60), aggregate_text(lang, g.aggregate))
                           for g in summary.groups[:40]]))
    return body
