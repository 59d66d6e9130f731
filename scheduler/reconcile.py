"""Old home of the round's pure rules, now :mod:`services.round_rules`.

Kept for the callers still importing from here (``admin run``, ``dialogs.admin_status``).
"""

from services.round_rules import Job, month_bounds, report_status_of

__all__ = ["Job", "month_bounds", "report_status_of"]
