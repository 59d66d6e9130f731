"""The rules of a report round (what should have been sent by now): pure decisions over
the calendar and the org tree.

Each kind of message has a *window* in which it makes sense:

* the prompt: from the period's opening until its deadline;
* reminder *n*: from its reminder time until the next reminder (or the deadline), so a
  reminder whose moment passed while the bot was down is skipped, never sent late;
* the escalation: from its time until the period closes.

A reconcile step asks, at ``now``, which window is open and who should get a message in
it. The first moment the message may go out is the next allowed send time (working day,
inside the send window); when that moment lies beyond the window's end the message is
not worth sending any more.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from followup.calendar import (
    CalendarConfig,
    PeriodSchedule,
    next_allowed_send_time,
)
from followup.org import OrgTree
from followup.period import Period
from services.notices import KIND_ESCALATION as KIND_ESCALATION
from services.notices import KIND_PROMPT as KIND_PROMPT
from services.notices import KIND_REMINDER as KIND_REMINDER


class Job(StrEnum):
    OPEN = "open"
    REMIND = "remind"
    ESCALATE = "escalate"


def reminder_kind(slot: int) -> str:
    """``reminder-1`` for the first configured reminder, ``reminder-2`` for the next…"""
    return f"{KIND_REMINDER}-{slot}"


def month_bounds(period: str) -> tuple[date, date]:
    """First and last day of the period (a month, or a tertial/delår/helår code)."""
    parsed = Period.parse(period)
    return parsed.first_day, parsed.last_day


@dataclass(frozen=True)
class Window:
    """A half-open interval ``[start, end)`` in which a message makes sense."""

    start: datetime
    end: datetime

    def state(self, now: datetime) -> str:
        """``"not_yet"``, ``"open"`` or ``"past"``."""
        if now < self.start:
            return "not_yet"
        return "open" if now < self.end else "past"


def prompt_window(schedule: PeriodSchedule) -> Window:
    return Window(schedule.opens_at, schedule.deadline_at)


def reminder_windows(schedule: PeriodSchedule) -> list[Window]:
    """One window per configured reminder, in order."""
    times = list(schedule.reminders)
    ends = [*times[1:], schedule.deadline_at]
    return [Window(start, end) for start, end in zip(times, ends, strict=True)]


def escalation_window(schedule: PeriodSchedule) -> Window:
    return Window(schedule.escalation_at, schedule.closes_at)


def current_reminder_slot(schedule: PeriodSchedule, now: datetime) -> tuple[int, Window] | None:
    """The 1-based reminder whose window holds ``now``, or None."""
    for slot, window in enumerate(reminder_windows(schedule), start=1):
        if window.state(now) == "open":
            return slot, window
    return None


def send_moment(now: datetime, window: Window, cfg: CalendarConfig) -> datetime | None:
    """When a message for ``window`` may go out, decided at ``now``; None if never."""
    moment = next_allowed_send_time(max(now, window.start), cfg)
    return moment if moment < window.end else None


# --------------------------------------------------------------------------- recipients


@dataclass(frozen=True)
class UnitMessage:
    """One message about one unit to the person in charge of it."""

    unit_id: int
    person_id: int


def managers_to_prompt(
    tree: OrgTree,
    units_with_goals: Iterable[int],
    submitted: Iterable[int],
    on: date,
) -> tuple[list[UnitMessage], list[int]]:
    """Who gets the prompt (or a reminder) for which unit on ``on``.

    Every unit with goals that has not submitted goes to whoever acts for it on that day
    (``OrgTree.responsible``: an acting manager wins over the manager; a unit without a
    manager goes to the nearest leader above). Returns the messages and the units that
    have nobody in charge, not even above.
    """
    done = set(submitted)
    messages: list[UnitMessage] = []
    orphans: list[int] = []
    for unit_id in sorted(set(units_with_goals)):
        if unit_id in done or unit_id not in tree.units:
            continue
        charge = tree.responsible(unit_id, on)
        if charge is None:
            orphans.append(unit_id)
        else:
            messages.append(UnitMessage(unit_id=unit_id, person_id=charge.person_id))
    return messages, orphans


def late_units_by_leader(
    tree: OrgTree,
    units_with_goals: Iterable[int],
    submitted: Iterable[int],
    on: date,
) -> dict[int, list[int]]:
    """leader's person id -> their late units (no submitted report), in tree order.

    A unit without a manager is escalated past the leader who stands in for it, to the
    one above them (``OrgTree.escalation_leader``)."""
    done = set(submitted)
    wanted = {u for u in units_with_goals if u not in done and u in tree.units}
    out: dict[int, list[int]] = {}
    for unit in tree.iter_units():
        if unit.id not in wanted:
            continue
        leader = tree.escalation_leader(unit.id, on)
        if leader is not None:
            out.setdefault(leader, []).append(unit.id)
    return out


def report_status_of(unit_id: int, states: Mapping[int, str]) -> str:
    """``"submitted"``, ``"draft"`` or ``"not_started"``."""
    return states.get(unit_id, "not_started")
