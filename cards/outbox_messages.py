"""Proactive messages as outbox payloads: ``{"text": ..., "card": {...}}``.

Pure functions (data in, dict out). The text repeats the card's essentials so clients
that show only the notification text, or no cards at all, still tell the whole story.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cards.common import fits_in_message, largest_count
from followup.perspectives import PERSPECTIVE_ORDER, perspective_label
from followup.sv_format import format_deadline, format_period
from i18n import t

CARD_VERSION = "1.5"
REPORT_COMMAND = {"sv": "rapportera", "en": "report"}
#: Longest list of late units in one escalation (fewer when long names would not fit).
MAX_LISTED_UNITS = 60


@dataclass(frozen=True)
class UnitPrompt:
    """What a manager is asked to report: one unit, one period."""

    person_name: str
    unit_name: str
    period: str
    deadline: datetime  # aware, in the local zone
    goal_counts: Mapping[str, int]
    state: str = "not_started"  # "draft" | "not_started"
    #: every goal is filled in; only the anmälan av delegationsbeslut is missing
    only_anmalan: bool = False


@dataclass(frozen=True)
class LateUnit:
    name: str
    manager_name: str | None
    state: str  # "draft" | "not_started"


def _card(
    body: list[dict[str, Any]], actions: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    card: dict[str, Any] = {
        "type": "AdaptiveCard",
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "version": CARD_VERSION,
        "body": body,
    }
    if actions:
        card["actions"] = actions
    return card


def _title(text: str) -> dict[str, Any]:
    return {"type": "TextBlock", "text": text, "weight": "Bolder", "size": "Medium", "wrap": True}


def _text(text: str, **extra: Any) -> dict[str, Any]:
    return {"type": "TextBlock", "text": text, "wrap": True, **extra}


def _facts(pairs: Sequence[tuple[str, str]]) -> dict[str, Any]:
    return {"type": "FactSet", "facts": [{"title": k, "value": v} for k, v in pairs]}


def _report_action(lang: str) -> dict[str, Any]:
    # An imBack submit: Teams posts the command word as the user's own message, so the
    # button works in every client and starts the same flow as typing it.
    command = REPORT_COMMAND.get(lang, REPORT_COMMAND["sv"])
    return {
        "type": "Action.Submit",
        "title": t(lang, "sched.prompt.button"),
        "data": {"msteams": {"type": "imBack", "value": command}},
    }


def _goal_facts(counts: Mapping[str, int], lang: str) -> dict[str, Any]:
    pairs = [
        (perspective_label(p, lang), t(lang, "sched.prompt.goal_count", count=counts[p.value]))
        for p in PERSPECTIVE_ORDER
        if counts.get(p.value)
    ]
    return _facts(pairs)


def _unit_card(prompt: UnitPrompt, lang: str, *, title: str, intro: str) -> dict[str, Any]:
    period = format_period(prompt.period, lang)
    facts = [
        (t(lang, "sched.fact.unit"), prompt.unit_name),
        (t(lang, "sched.fact.period"), period),
        (t(lang, "sched.fact.deadline"), format_deadline(prompt.deadline, lang)),
    ]
    body = [_title(title), _text(intro), _facts(facts)]
    if prompt.goal_counts:
        body += [_text(t(lang, "sched.prompt.goals"), weight="Bolder", spacing="Medium"),
                 _goal_facts(prompt.goal_counts, lang)]
    return _card(body, [_report_action(lang)])


def prompt_payload(prompt: UnitPrompt, lang: str) -> dict[str, Any]:
    """The monthly prompt for one unit."""
    period = format_period(prompt.period, lang)
    deadline = format_deadline(prompt.deadline, lang)
    text = t(lang, "sched.prompt.text", name=prompt.person_name, period=period,
             unit=prompt.unit_name, deadline=deadline)
    card = _unit_card(prompt, lang, title=t(lang, "sched.prompt.title", period=period),
                      intro=t(lang, "sched.prompt.intro"))
    return {"text": text, "card": card}


def reminder_payload(prompt: UnitPrompt, lang: str) -> dict[str, Any]:
    """A reminder for a unit that has not submitted."""
    period = format_period(prompt.period, lang)
    deadline = format_deadline(prompt.deadline, lang)
    text = t(lang, "sched.reminder.text", period=period, unit=prompt.unit_name,
             deadline=deadline)
    state = _reminder_state(prompt, lang)
    card = _unit_card(prompt, lang, title=t(lang, "sched.reminder.title", period=period),
                      intro=f"{t(lang, 'sched.reminder.intro')} {state}")
    return {"text": f"{text} {state}", "card": card}


def _reminder_state(prompt: UnitPrompt, lang: str) -> str:
    if prompt.only_anmalan:
        return t(lang, "sched.reminder.only_anmalan")
    return t(lang, "sched.reminder.draft" if prompt.state == "draft" else "sched.reminder.none")


def with_reminder_banner(card: dict[str, Any], prompt: UnitPrompt, lang: str) -> dict[str, Any]:
    """The report feature's prompt card with a reminder on top (a new dict)."""
    state = _reminder_state(prompt, lang)
    banner = _text(
        f"{t(lang, 'sched.reminder.title', period=format_period(prompt.period, lang))}. "
        f"{t(lang, 'sched.reminder.intro')} {state}",
        weight="Bolder", color="Attention",
    )
    return {**card, "body": [banner, *card.get("body", [])]}


def escalation_payload(
    *, leader_name: str, period: str, deadline: datetime, late: Sequence[LateUnit], lang: str
) -> dict[str, Any]:
    """One message to a leader listing their late units."""
    period_text = format_period(period, lang)
    deadline_text = format_deadline(deadline, lang)
    intro = t(lang, "sched.escalation.text", name=leader_name, period=period_text,
              deadline=deadline_text, count=len(late))
    footer = t(lang, "sched.escalation.footer")
    title = t(lang, "sched.escalation.title", period=period_text)

    def payload(count: int) -> dict[str, Any]:
        return _escalation(lang, title, intro, footer, late, count)

    # Long unit and manager names: as many as one message (card and text) holds.
    count = largest_count(lambda n: payload_fits(payload(n)),
                          min(len(late), MAX_LISTED_UNITS))
    return payload(count)


def payload_fits(payload: Mapping[str, Any]) -> bool:
    """An outbox payload within one Teams message (its text travels as the summary)."""
    card = payload.get("card")
    text = str(payload.get("text") or "")
    if isinstance(card, dict):
        return fits_in_message(card, text)
    return fits_in_message({}, text)


def _escalation(lang: str, title: str, intro: str, footer: str, late: Sequence[LateUnit],
                count: int) -> dict[str, Any]:
    shown = late[:count]
    lines = [
        t(lang, "sched.escalation.line", unit=u.name,
          manager=u.manager_name or t(lang, "sched.no_manager"),
          status=t(lang, f"sched.state.{u.state}"))
        for u in shown
    ]
    more = len(late) - len(shown)
    if more:
        lines.append(t(lang, "status.more", count=more))
    text = "\n\n".join([intro, "\n".join(lines), footer])
    rows = [
        (u.name, f"{u.manager_name or t(lang, 'sched.no_manager')} – "
                 f"{t(lang, f'sched.state.{u.state}')}")
        for u in shown
    ]
    body = [_title(title), _text(intro), _facts(rows)]
    if more:
        body.append(_text(t(lang, "status.more", count=more)))
    body.append(_text(footer, isSubtle=True))
    card = _card(body)
    return {"text": text, "card": card}
