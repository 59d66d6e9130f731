"""The steering year: which kinds of follow-up run, when, and what the law asks of them.

Defaults (DESIGN.md §10): a monthly report for every followed-up month (all but January
and July), the tertialrapport T1 after April, the delårsrapport after August and the
helår after December. A month that also ends a longer period (April: T1; August: delår;
December: helår) asks once, with the longer form; :func:`form_period` says which.

Law checked here:

* LKBR 13 kap. 1 §: a delårsrapport covers at least half and at most two thirds of the
  financial year, so it ends after month 6, 7 or 8 (:class:`SteeringYearConfig` refuses
  anything else).
* KL 11 kap. 16 §: the delårsrapport goes to KF (and the revisorer) within two months after
  the period; :func:`kl_deadline_warning` warns when the reporting schedule cannot reach KF
  in time.

Pure functions and frozen values; the reporting calendar (working days, send window)
lives in :mod:`followup.calendar`.
"""

from __future__ import annotations

import calendar
import dataclasses
from datetime import date

from followup.calendar import CalendarConfig, PeriodSchedule, schedule_for
from followup.period import Period, PeriodKind
from followup.steering_config import (  # re-exported: the settings are imported from here
    DELAR_MAX_MONTHS as DELAR_MAX_MONTHS,
)
from followup.steering_config import (
    DELAR_MIN_MONTHS as DELAR_MIN_MONTHS,
)
from followup.steering_config import (
    SteeringYearConfig as SteeringYearConfig,
)
from followup.steering_config import (
    SteeringYearError as SteeringYearError,
)

#: KL 11 kap. 16 §: to KF within two months after the period.
KL_MONTHS_TO_KF = 2

#: Kinds with the longer form (bedömd måluppfyllelse vid årets slut, longer analysis).
LONG_FORM_KINDS: frozenset[PeriodKind] = frozenset({"tertial", "delar", "year"})

_KIND_RANK: dict[PeriodKind, int] = {"month": 0, "tertial": 1, "delar": 2, "year": 3}


def periods_ending_in(year: int, month: int, calendar_cfg: CalendarConfig,
                      cfg: SteeringYearConfig) -> tuple[Period, ...]:
    """Every followed-up period that ends with ``month`` of ``year``, shortest first."""
    found: list[Period] = []
    if cfg.monthly and month in calendar_cfg.followed_months:
        found.append(Period.month(year, month))
    if month % 4 == 0 and month // 4 in cfg.tertials:
        found.append(Period.tertial(year, month // 4))
    if cfg.delar_end_month == month:
        found.append(Period.delar(year, month))
    if cfg.year and month == 12:
        found.append(Period.year_of(year))
    return tuple(found)


def form_period(year: int, month: int, calendar_cfg: CalendarConfig,
                cfg: SteeringYearConfig) -> Period | None:
    """The one period asked for after ``month``: the longest that ends then (a month that is
    also a tertial asks once, with the tertial's longer form), or None."""
    periods = periods_ending_in(year, month, calendar_cfg, cfg)
    return max(periods, key=lambda p: _KIND_RANK[p.kind]) if periods else None


def periods_of_year(year: int, calendar_cfg: CalendarConfig,
                    cfg: SteeringYearConfig) -> tuple[Period, ...]:
    """The periods asked for in ``year``, one per month at most, in order."""
    asked = (form_period(year, m, calendar_cfg, cfg) for m in range(1, 13))
    return tuple(p for p in asked if p is not None)


def is_long_form(period: Period) -> bool:
    return period.kind in LONG_FORM_KINDS


def schedule_for_period(period: Period, calendar_cfg: CalendarConfig,
                        cfg: SteeringYearConfig) -> PeriodSchedule:
    """The timetable of ``period``: it opens like the month it ends with; the longer forms
    have ``long_deadline_workday`` as deadline (reminders, escalation and summary follow it)."""
    month_code = Period.month(period.year, period.last_month).code
    followed = calendar_cfg.followed_months
    if period.last_month not in followed:
        followed = (*followed, period.last_month)
    deadline = calendar_cfg.deadline_workday
    if is_long_form(period):
        deadline = max(cfg.long_deadline_workday, calendar_cfg.open_workday)
    adjusted = dataclasses.replace(calendar_cfg, followed_months=followed,
                                   deadline_workday=deadline, steering=None)
    return dataclasses.replace(schedule_for(month_code, adjusted), period=period.code)


def _add_months(day: date, months: int) -> date:
    """``day`` moved ``months`` months on; the month's last day when it has no such day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def kl_deadline(period: Period) -> date:
    """The last day the delårsrapport may reach KF (KL 11 kap. 16 §)."""
    return _add_months(period.last_day, KL_MONTHS_TO_KF)


def kl_deadline_warning(period: Period, schedule: PeriodSchedule, *,
                        kf_meeting: date | None = None) -> str | None:
    """A Swedish warning when the delår's schedule cannot reach KF within two months.

    Without a planned KF meeting the check is that the reports are complete (the summary
    goes out) before the limit; with one, that the meeting itself is on time and after the
    summary.
    """
    if period.kind != "delar":
        return None
    limit = kl_deadline(period)
    ready = schedule.summary_at.date()
    if kf_meeting is not None:
        if kf_meeting > limit:
            return (f"Delårsrapporten {period.code} ska behandlas av fullmäktige senast "
                    f"{limit.isoformat()} (KL 11 kap. 16 §), men KF-mötet är planerat till "
                    f"{kf_meeting.isoformat()}.")
        if kf_meeting <= ready:
            return (f"KF-mötet {kf_meeting.isoformat()} ligger före sammanställningen av "
                    f"delårsrapporten {period.code} ({ready.isoformat()}).")
        return None
    if ready > limit:
        return (f"Delårsrapporten {period.code} blir klar {ready.isoformat()}, efter den sista "
                f"dagen för fullmäktige {limit.isoformat()} (KL 11 kap. 16 §). Korta tidplanen.")
    return None
