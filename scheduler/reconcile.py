"""Old home of the round rules, now :mod:`services.round_rules`.

Kept as a re-export for ``admin`` and ``dialogs.admin_status``, which import it from here
(their own modules move with their owners' changes).
"""

from services.round_rules import (
    KIND_ESCALATION,
    KIND_PROMPT,
    KIND_REMINDER,
    Job,
    UnitMessage,
    Window,
    current_reminder_slot,
    escalation_window,
    late_units_by_leader,
    managers_to_prompt,
    month_bounds,
    prompt_window,
    reminder_kind,
    reminder_windows,
    report_status_of,
    send_moment,
)

__all__ = [
    "KIND_ESCALATION",
    "KIND_PROMPT",
    "KIND_REMINDER",
    "Job",
    "UnitMessage",
    "Window",
    "current_reminder_slot",
    "escalation_window",
    "late_units_by_leader",
    "managers_to_prompt",
    "month_bounds",
    "prompt_window",
    "reminder_kind",
    "reminder_windows",
    "report_status_of",
    "send_moment",
]
