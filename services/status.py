"""``status`` (admins): a period's reporting state per unit and its outbox, in one read."""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

from followup.calendar import CalendarConfig
from followup.org import OrgTree
from followup.period import Period
from services import Sessions
from storage import outbox
from storage.org_queries import load_org_tree
from storage.periods import current_period, ensure_period
from storage.report_status import goal_counts_by_unit, late_units, people_info, report_states

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PeriodStatus:
    """One period's state, as the admin's overview shows it."""

    period: str
    deadline_at: datetime
    tree: OrgTree
    goals: dict[int, Counter[str]]  # units with goals in the period: perspective counts
    states: dict[int, str]  # unit id -> submitted | draft (absent: not started)
    late: set[int]  # units that submitted after the deadline
    manager_names: dict[int, str]  # person id -> name, for the managers in charge today
    outbox_counts: dict[str, int]  # the period's outbox by state


async def period_status(sessions: Sessions, *, period: str | None, now: datetime,
                        today: date, calendar: CalendarConfig) -> PeriodStatus | None:
    """The given period's state (its row made from the calendar if missing), or the open
    period's when ``period`` is None; None when no period is open."""
    async with sessions() as session, session.begin():
        if period is not None:
            row = await ensure_period(session, period, calendar)
        else:
            found = await current_period(session, now, calendar)
            if found is None:
                return None
            row = found
        parsed = Period.parse(row.period)
        goals = await goal_counts_by_unit(session, parsed.first_day, parsed.last_day)
        tree = await load_org_tree(session)
        states = await report_states(session, row.id)
        late = await late_units(session, row.id)
        managers = {p for u in goals if (p := tree.manager_in_charge(u, today)) is not None}
        people = await people_info(session, managers)
        counts = await outbox.status_counts(session, period=row.period)
        return PeriodStatus(period=row.period, deadline_at=row.deadline_at, tree=tree,
                            goals=goals, states=states, late=late,
                            manager_names={pid: p.name for pid, p in people.items()},
                            outbox_counts=counts)
