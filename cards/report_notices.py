"""The leader's notice that a submitted report changed after their summary was sent
(an outbox payload ``{"text": ..., "card": {...}}``; pure)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from cards.common import action_set, card, execute, text
from followup.sv_format import format_period
from i18n import t

VERB_OPEN_REPORT = "report.open"
MAX_LISTED_GOALS = 10


def report_changed_payload(*, lang: str, unit_id: int, unit_name: str, period: str,
                           changed_by: str, goal_titles: Sequence[str]) -> dict[str, Any]:
    """``{"text", "card"}``: who changed which unit's report, which goals, and a button
    that opens the report (read-only for a leader above the unit)."""
    body_text = t(lang, "report.changed_notice.body", who=changed_by, unit=unit_name,
                  period=format_period(period, lang))
    titles = [title[:120] for title in goal_titles[:MAX_LISTED_GOALS]]
    if len(goal_titles) > MAX_LISTED_GOALS:
        titles.append(t(lang, "summary.more", count=len(goal_titles) - MAX_LISTED_GOALS))
    body: list[dict[str, Any]] = [
        text(t(lang, "report.changed_notice.title"), weight="bolder", size="medium",
             style="heading"),
        text(body_text),
    ]
    if titles:
        body.append(text(t(lang, "report.changed_notice.goals", goals="; ".join(titles))))
    body.append(action_set([execute(t(lang, "report.changed_notice.button"),
                                    VERB_OPEN_REPORT, {"unit": unit_id, "period": period},
                                    inputs=False)]))
    title = t(lang, "report.changed_notice.title")
    return {"text": f"{title}: {body_text}",
            "card": card(body, fallback_text=f"{title}: {body_text}")}
