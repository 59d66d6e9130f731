"""The reporting calendar: Swedish working days and each period's schedule.

Everything here is a pure function of its arguments (holiday tables are cached per
year on first use, never at import time).

Working days (arbetsdagar) are Monday–Friday except

* Swedish public holidays (allmänna helgdagar) from the ``holidays`` package, and
* the de facto days off midsommarafton, julafton and nyårsafton. Recent versions of
  ``holidays`` list them only in the optional ``DE_FACTO`` category and older ones not
  at all, so they are computed here and added either way.

Some versions of ``holidays`` list every Sunday as a Swedish holiday (``include_sundays``);
that is harmless because weekends are never working days anyway.

A reporting period is a month, written ``"YYYY-MM"``. With the defaults the period
``2026-10`` opens on the 1st working day of November 08:00, has its deadline on the 5th
working day 16:00, reminders two working days before the deadline and on the deadline's
morning at 09:00, escalation and summary on the next working day at 09:00 and 10:00, and
closes at 23:59 on the day before the next followed-up period opens. The summary goes out
on the escalation day (REPORT_ESCALATION_WORKDAYS working days after the deadline) at
REPORT_SUMMARY_TIME; it has no working-day setting of its own.

Every time at which a message is sent (opens, reminders, escalation, summary) is moved to
the next allowed moment when it would fall outside the send window or on a day off.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays

from followup.period import DEFAULT_DELAR_END_MONTH, Period, PeriodError
from followup.steering_config import SteeringYearConfig

MIN_YEAR = 2000
MAX_YEAR = 2100

DEFAULT_FOLLOWED_MONTHS: tuple[int, ...] = (2, 3, 4, 5, 6, 8, 9, 10, 11, 12)
DEFAULT_TIMEZONE = "Europe/Stockholm"

# Longest search for the next/previous working day; Sweden never has more than a few
# consecutive days off, so hitting this means a bug.
_MAX_DAYS_OFF_IN_A_ROW = 14
# Periods searched backwards/forwards when looking for an open or opening period.
_MAX_PERIOD_STEPS = 36

# Field name -> environment variable, so validation errors name what the admin set.
_ENV_NAMES: dict[str, str] = {
    "followed_months": "REPORT_MONTHS",
    "open_workday": "REPORT_OPEN_WORKDAY",
    "open_time": "REPORT_OPEN_TIME",
    "deadline_workday": "REPORT_DEADLINE_WORKDAY",
    "deadline_time": "REPORT_DEADLINE_TIME",
    "reminder_workdays_before_deadline": "REPORT_REMINDER_WORKDAYS",
    "reminder_time": "REPORT_REMINDER_TIME",
    "escalation_workdays_after_deadline": "REPORT_ESCALATION_WORKDAYS",
    "escalation_time": "REPORT_ESCALATION_TIME",
    "summary_time": "REPORT_SUMMARY_TIME",
    "send_window_start": "QUIET_HOURS",
    "send_window_end": "QUIET_HOURS",
    "timezone": "TIMEZONE",
}


# --------------------------------------------------------------------------- working days


def _midsummer_eve(year: int) -> date:
    """Midsommarafton: the Friday between 19 and 25 June."""
    june_19 = date(year, 6, 19)
    return june_19 + timedelta(days=(4 - june_19.weekday()) % 7)


def de_facto_days_off(year: int) -> frozenset[date]:
    """Midsommarafton, julafton and nyårsafton of ``year``."""
    return frozenset({_midsummer_eve(year), date(year, 12, 24), date(year, 12, 31)})


@functools.lru_cache(maxsize=256)
def _days_off(year: int) -> frozenset[date]:
    public = holidays.country_holidays("SE", years=year)
    return frozenset(public.keys()) | de_facto_days_off(year)


def is_working_day(d: date) -> bool:
    """Mon–Fri and neither a public holiday nor midsommarafton, julafton or nyårsafton."""
    if isinstance(d, datetime):
        d = d.date()
    return d.weekday() < 5 and d not in _days_off(d.year)


def next_working_day(d: date, *, inclusive: bool = False) -> date:
    """The first working day after ``d`` (or ``d`` itself when ``inclusive`` and it is one)."""
    if inclusive and is_working_day(d):
        return d
    return add_working_days(d, 1)


def add_working_days(d: date, n: int) -> date:
    """Move ``n`` working days from ``d``: forwards for n > 0, backwards for n < 0.

    ``n == 0`` returns ``d`` unchanged (even when it is not a working day). Days off are
    skipped, so ``add_working_days(date(2026, 6, 18), 1)`` is Monday 22 June (19 June is
    midsommarafton).
    """
    if isinstance(d, datetime):
        d = d.date()
    step = timedelta(days=1 if n > 0 else -1)
    remaining = abs(n)
    current = d
    while remaining:
        current = _step_to_working_day(current, step)
        remaining -= 1
    return current


def _step_to_working_day(d: date, step: timedelta) -> date:
    current = d
    for _ in range(_MAX_DAYS_OFF_IN_A_ROW):
        current += step
        if is_working_day(current):
            return current
    raise RuntimeError(f"no working day within {_MAX_DAYS_OFF_IN_A_ROW} days of {d}")


def working_days_in_month(year: int, month: int) -> list[date]:
    """All working days of the month, in order."""
    first = date(year, month, 1)
    days: list[date] = []
    current = first
    while current.month == month:
        if is_working_day(current):
            days.append(current)
        current += timedelta(days=1)
    return days


def nth_working_day_of_month(year: int, month: int, n: int) -> date:
    """The ``n``-th (1-based) working day of the month; ValueError if there is none."""
    if n < 1:
        raise ValueError(f"n must be 1 or more, got {n}")
    days = working_days_in_month(year, month)
    if n > len(days):
        raise ValueError(f"{year:04d}-{month:02d} has only {len(days)} working days, not {n}")
    return days[n - 1]


# --------------------------------------------------------------------------- periods

_PERIOD_RE = re.compile(r"^(\d{4})-(\d{2})$")


def period_for_month(year: int, month: int) -> str:
    """``(2026, 10)`` -> ``"2026-10"``."""
    if not 1 <= month <= 12:
        raise ValueError(f"Ogiltig månad {month}: månaden måste vara 1–12.")
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"Ogiltigt år {year}: året måste vara {MIN_YEAR}–{MAX_YEAR}.")
    return f"{year:04d}-{month:02d}"


def parse_period(text: str) -> tuple[int, int]:
    """``"2026-10"`` -> ``(2026, 10)``. ValueError with a message for the user otherwise.

    A tertial, delår or helår code gives its last month, the month it is asked after
    (``"2026-T1"`` -> ``(2026, 4)``): month-based code treats it as that month (the month
    after ``2026-T1`` is ``2026-05``). Its own bounds come from :class:`Period`."""
    cleaned = text.strip() if isinstance(text, str) else ""
    match = _PERIOD_RE.match(cleaned)
    if match is None and cleaned:
        try:
            longer = Period.parse(cleaned)
        except PeriodError:
            longer = None
        if longer is not None and longer.kind != "month":
            return longer.year, longer.last_month
    if match is None:
        raise ValueError(
            f"Ogiltig period ”{text}”. Skriv år och månad som ÅÅÅÅ-MM, till exempel 2026-10."
        )
    year, month = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12:
        raise ValueError(f"Ogiltig period ”{text}”: månaden måste vara 01–12.")
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"Ogiltig period ”{text}”: året måste vara {MIN_YEAR}–{MAX_YEAR}.")
    return year, month


def _month_after(year: int, month: int) -> tuple[int, int]:
    return (year + 1, 1) if month == 12 else (year, month + 1)


def _month_before(year: int, month: int) -> tuple[int, int]:
    return (year - 1, 12) if month == 1 else (year, month - 1)


def previous_period(period: str) -> str:
    """The calendar month before ``period`` (followed up or not)."""
    return period_for_month(*_month_before(*parse_period(period)))


def next_period(period: str) -> str:
    """The calendar month after ``period`` (followed up or not)."""
    return period_for_month(*_month_after(*parse_period(period)))


def parse_code(period: str, cfg: CalendarConfig) -> Period:
    """The :class:`Period` of a code of any kind (the delår ends as configured)."""
    end = cfg.steering.delar_end_month if cfg.steering is not None else None
    return Period.parse(period, delar_end_month=end or DEFAULT_DELAR_END_MONTH)


def asked_period(year: int, month: int, cfg: CalendarConfig) -> str | None:
    """The code of the one period asked for after ``month`` of ``year``, or None.

    Without a steering year (``cfg.steering`` None) the followed-up month. With one, the
    longest period that ends with the month: helår after December, the delår after its
    last month, a followed-up tertial after April/August/December, else the month (a
    month that is also a tertial asks once, with the longer form)."""
    steering = cfg.steering
    if steering is None:
        return period_for_month(year, month) if month in cfg.followed_months else None
    if steering.year and month == 12:
        return Period.year_of(year).code
    if steering.delar_end_month == month:
        return Period.delar(year, month).code
    if month % 4 == 0 and month // 4 in steering.tertials:
        return Period.tertial(year, month // 4).code
    if steering.monthly and month in cfg.followed_months:
        return period_for_month(year, month)
    return None


def is_followed_period(period: str, cfg: CalendarConfig) -> bool:
    """Whether ``period`` is asked for (:func:`asked_period` of the month it ends with)."""
    try:
        parsed = parse_code(period, cfg)
    except PeriodError:
        return False
    return asked_period(parsed.year, parsed.last_month, cfg) == parsed.code


def previous_followed_period(period: str, cfg: CalendarConfig) -> str:
    """The last period asked for before ``period`` (``2026-08`` -> ``2026-06`` by default;
    before ``2026-05`` with a steering year: ``2026-T1``)."""
    year, month = parse_period(period)
    for _ in range(_MAX_PERIOD_STEPS):
        year, month = _month_before(year, month)
        asked = asked_period(year, month, cfg)
        if asked is not None:
            return asked
    raise RuntimeError(f"no period is asked for within {_MAX_PERIOD_STEPS} months of {period}")


def next_followed_period(period: str, cfg: CalendarConfig) -> str:
    """The first period asked for after ``period`` (``2026-06`` -> ``2026-08`` by default;
    after ``2026-T1``: ``2026-05``)."""
    year, month = parse_period(period)
    for _ in range(_MAX_PERIOD_STEPS):
        year, month = _month_after(year, month)
        asked = asked_period(year, month, cfg)
        if asked is not None:
            return asked
    raise RuntimeError(f"no period is asked for within {_MAX_PERIOD_STEPS} months of {period}")


# --------------------------------------------------------------------------- configuration


def _hhmm(t: time) -> str:
    return f"{t.hour:02d}:{t.minute:02d}"


@dataclass(frozen=True)
class CalendarConfig:
    """When periods open, close, and when messages may be sent.

    ``send_window_start``/``send_window_end`` are the hours in which messages may be sent
    on working days (start inclusive, end exclusive); the variable ``QUIET_HOURS`` sets
    this window ("07:00-18:00"). Workday numbers count working days of the month after
    the period's month (1 = the first working day after month end). The escalation comes
    ``escalation_workdays_after_deadline`` working days after the deadline day, and the
    summary goes out on that same day at ``summary_time``.
    """

    followed_months: tuple[int, ...] = DEFAULT_FOLLOWED_MONTHS
    open_workday: int = 1
    open_time: time = time(8, 0)
    deadline_workday: int = 5
    deadline_time: time = time(16, 0)
    reminder_workdays_before_deadline: tuple[int, ...] = (2, 0)
    reminder_time: time = time(9, 0)
    escalation_workdays_after_deadline: int = 1
    escalation_time: time = time(9, 0)
    summary_time: time = time(10, 0)
    send_window_start: time = time(7, 0)
    send_window_end: time = time(18, 0)
    close_days_before_next_open: int = 1
    close_time: time = time(23, 59)
    timezone: str = DEFAULT_TIMEZONE
    #: Which longer periods (tertial, delår, helår) are asked and their deadline; None:
    #: the followed-up months only. ``load_settings`` sets it from the REPORT_* variables.
    steering: SteeringYearConfig | None = None
    _zone: ZoneInfo = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        months = tuple(sorted(set(self.followed_months)))
        if not months:
            raise ValueError(_bad("followed_months", "at least one month is required"))
        if any(not isinstance(m, int) or not 1 <= m <= 12 for m in months):
            raise ValueError(_bad("followed_months", f"months must be 1–12, got {months}"))
        object.__setattr__(self, "followed_months", months)

        if not 1 <= self.open_workday <= 15:
            raise ValueError(_bad("open_workday", f"must be 1–15, got {self.open_workday}"))
        if not self.open_workday <= self.deadline_workday <= 15:
            raise ValueError(
                _bad(
                    "deadline_workday",
                    f"must be between the open workday ({self.open_workday}) and 15, "
                    f"got {self.deadline_workday}",
                )
            )
        if self.open_workday == self.deadline_workday and self.deadline_time <= self.open_time:
            raise ValueError(
                _bad(
                    "deadline_time",
                    f"must be after the opening time ({_ENV_NAMES['open_time']}, "
                    f"{_hhmm(self.open_time)}) when both are on one day, "
                    f"got {_hhmm(self.deadline_time)}",
                )
            )

        reminders = tuple(sorted(set(self.reminder_workdays_before_deadline), reverse=True))
        if any(n < 0 or n > 10 for n in reminders):
            raise ValueError(
                _bad("reminder_workdays_before_deadline", f"values must be 0–10, got {reminders}")
            )
        object.__setattr__(self, "reminder_workdays_before_deadline", reminders)
        # Reminders at or after the deadline are dropped, so a deadline-day reminder that
        # is due later than the deadline would silently never be sent.
        if 0 in reminders and self.reminder_time >= self.deadline_time:
            raise ValueError(
                _bad(
                    "reminder_time",
                    f"must be before the deadline time ({_ENV_NAMES['deadline_time']}, "
                    f"{_hhmm(self.deadline_time)}) when reminding on the deadline day "
                    f"(0 in {_ENV_NAMES['reminder_workdays_before_deadline']}), "
                    f"got {_hhmm(self.reminder_time)}",
                )
            )

        if not 1 <= self.escalation_workdays_after_deadline <= 10:
            raise ValueError(
                _bad(
                    "escalation_workdays_after_deadline",
                    "must be 1–10 (working days after the deadline day), "
                    f"got {self.escalation_workdays_after_deadline}",
                )
            )
        if not self.send_window_start < self.send_window_end:
            raise ValueError(
                _bad(
                    "send_window_start",
                    f"start must be before end, got {_hhmm(self.send_window_start)}-"
                    f"{_hhmm(self.send_window_end)}",
                )
            )
        if self.close_days_before_next_open < 1:
            raise ValueError(_bad("close_days_before_next_open", "must be 1 or more"))
        try:
            zone = ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(_bad("timezone", f"unknown time zone {self.timezone!r}")) from exc
        object.__setattr__(self, "_zone", zone)

    @property
    def zone(self) -> ZoneInfo:
        return self._zone

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> CalendarConfig:
        """Read the optional variables; unset or empty ones keep their defaults.

        REPORT_MONTHS ("2,3,4,5,6,8,9,10,11,12"), REPORT_OPEN_WORKDAY ("1"),
        REPORT_OPEN_TIME ("08:00"), REPORT_DEADLINE_WORKDAY ("5"),
        REPORT_DEADLINE_TIME ("16:00"),
        REPORT_REMINDER_WORKDAYS ("2,0"; "none" for no reminders),
        REPORT_REMINDER_TIME ("09:00"),
        REPORT_ESCALATION_WORKDAYS ("1", working days after the deadline day, 1–10),
        REPORT_ESCALATION_TIME ("09:00"),
        REPORT_SUMMARY_TIME ("10:00"; the summary goes out on the escalation day),
        QUIET_HOURS ("07:00-18:00", the window in which sending is allowed),
        TIMEZONE ("Europe/Stockholm"). Invalid values raise ValueError naming the variable.
        Times outside QUIET_HOURS are moved to the next allowed moment.
        """
        kwargs: dict[str, object] = {}

        def value(name: str) -> str | None:
            raw = env.get(name)
            if raw is None or not raw.strip():
                return None
            return raw.strip()

        if (raw := value("REPORT_MONTHS")) is not None:
            kwargs["followed_months"] = _parse_int_list("REPORT_MONTHS", raw)
        if (raw := value("REPORT_OPEN_WORKDAY")) is not None:
            kwargs["open_workday"] = _parse_int("REPORT_OPEN_WORKDAY", raw)
        if (raw := value("REPORT_OPEN_TIME")) is not None:
            kwargs["open_time"] = _parse_time("REPORT_OPEN_TIME", raw)
        if (raw := value("REPORT_DEADLINE_WORKDAY")) is not None:
            kwargs["deadline_workday"] = _parse_int("REPORT_DEADLINE_WORKDAY", raw)
        if (raw := value("REPORT_DEADLINE_TIME")) is not None:
            kwargs["deadline_time"] = _parse_time("REPORT_DEADLINE_TIME", raw)
        if (raw := value("REPORT_REMINDER_WORKDAYS")) is not None:
            kwargs["reminder_workdays_before_deadline"] = (
                () if raw.lower() == "none" else _parse_int_list("REPORT_REMINDER_WORKDAYS", raw)
            )
        if (raw := value("REPORT_REMINDER_TIME")) is not None:
            kwargs["reminder_time"] = _parse_time("REPORT_REMINDER_TIME", raw)
        if (raw := value("REPORT_ESCALATION_WORKDAYS")) is not None:
            kwargs["escalation_workdays_after_deadline"] = _parse_int(
                "REPORT_ESCALATION_WORKDAYS", raw
            )
        if (raw := value("REPORT_ESCALATION_TIME")) is not None:
            kwargs["escalation_time"] = _parse_time("REPORT_ESCALATION_TIME", raw)
        if (raw := value("REPORT_SUMMARY_TIME")) is not None:
            kwargs["summary_time"] = _parse_time("REPORT_SUMMARY_TIME", raw)
        if (raw := value("QUIET_HOURS")) is not None:
            start, end = _parse_window("QUIET_HOURS", raw)
            kwargs["send_window_start"] = start
            kwargs["send_window_end"] = end
        if (raw := value("TIMEZONE")) is not None:
            kwargs["timezone"] = raw
        return cls(**kwargs)  # type: ignore[arg-type]


def _bad(field_name: str, problem: str) -> str:
    env_name = _ENV_NAMES.get(field_name)
    where = f"{env_name} ({field_name})" if env_name else field_name
    return f"{where}: {problem}"


def _parse_int(var: str, raw: str) -> int:
    try:
        return int(raw)
    except ValueError:
        raise ValueError(f"{var}: expected a whole number, got {raw!r}") from None


def _parse_int_list(var: str, raw: str) -> tuple[int, ...]:
    parts = [p.strip() for p in raw.split(",")]
    if any(not p for p in parts):
        raise ValueError(f"{var}: expected comma-separated whole numbers, got {raw!r}")
    return tuple(_parse_int(var, p) for p in parts)


_TIME_RE = re.compile(r"^(\d{1,2})[:.](\d{2})$")


def _parse_time(var: str, raw: str) -> time:
    match = _TIME_RE.match(raw.strip())
    if match is None:
        raise ValueError(f"{var}: expected a time like 16:00, got {raw!r}")
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 23 or minute > 59:
        raise ValueError(f"{var}: {raw!r} is not a valid time of day")
    return time(hour, minute)


def _parse_window(var: str, raw: str) -> tuple[time, time]:
    parts = re.split(r"\s*[-–]\s*", raw.strip())
    if len(parts) != 2:
        raise ValueError(f"{var}: expected a range like 07:00-18:00, got {raw!r}")
    start, end = _parse_time(var, parts[0]), _parse_time(var, parts[1])
    if not start < end:
        raise ValueError(f"{var}: the start must be before the end, got {raw!r}")
    return start, end


# --------------------------------------------------------------------------- send window


def _require_aware(dt: datetime, name: str = "dt") -> None:
    if dt.tzinfo is None or dt.utcoffset() is None:
        raise ValueError(f"{name} must be a timezone-aware datetime, got {dt!r}")


def is_allowed_send_time(dt: datetime, cfg: CalendarConfig) -> bool:
    """A working day, within the send window (start inclusive, end exclusive), local time."""
    _require_aware(dt)
    local = dt.astimezone(cfg.zone)
    return (
        is_working_day(local.date()) and cfg.send_window_start <= local.time() < cfg.send_window_end
    )


def next_allowed_send_time(dt: datetime, cfg: CalendarConfig) -> datetime:
    """``dt`` itself if sending is allowed then, else the next allowed moment (local zone)."""
    _require_aware(dt)
    local = dt.astimezone(cfg.zone)
    if is_allowed_send_time(local, cfg):
        return local
    day = local.date()
    if not (is_working_day(day) and local.time() < cfg.send_window_start):
        day = next_working_day(day)
    return _local(day, cfg.send_window_start, cfg)


def _local(d: date, t: time, cfg: CalendarConfig) -> datetime:
    # Round-trip through UTC so a wall time inside a DST gap gets a valid offset.
    naive = datetime.combine(d, t)
    return naive.replace(tzinfo=cfg.zone).astimezone(ZoneInfo("UTC")).astimezone(cfg.zone)


def _send_time(d: date, t: time, cfg: CalendarConfig) -> datetime:
    return next_allowed_send_time(_local(d, t, cfg), cfg)


# --------------------------------------------------------------------------- schedules


@dataclass(frozen=True)
class PeriodSchedule:
    """One period's timetable; all datetimes are aware, in the configured zone."""

    period: str
    opens_at: datetime
    deadline_at: datetime
    reminders: tuple[datetime, ...]
    escalation_at: datetime
    summary_at: datetime
    closes_at: datetime

    def is_open(self, now: datetime) -> bool:
        """Reports can be submitted or changed: ``opens_at <= now < closes_at``."""
        _require_aware(now, "now")
        return self.opens_at <= now < self.closes_at

    def is_late(self, at: datetime) -> bool:
        """A submission at ``at`` is after the deadline."""
        _require_aware(at, "at")
        return at > self.deadline_at


def schedule_for(period: str, cfg: CalendarConfig) -> PeriodSchedule:
    """The timetable of a period asked for (a month, or with a steering year a tertial,
    delår or helår: it opens like the month it ends with and has the longer forms'
    deadline, working day ``steering.long_deadline_workday``); ValueError otherwise."""
    try:
        parsed = parse_code(period, cfg)
    except PeriodError as exc:
        raise ValueError(str(exc)) from None
    year, month = parsed.year, parsed.last_month
    if not is_followed_period(parsed.code, cfg):
        if parsed.kind != "month":
            raise ValueError(f"Perioden {parsed.code} följs inte upp.")
        months = ", ".join(str(m) for m in cfg.followed_months)
        raise ValueError(f"Perioden {period} följs inte upp (uppföljda månader: {months}).")
    deadline_workday = cfg.deadline_workday
    if parsed.kind != "month" and cfg.steering is not None:
        deadline_workday = max(cfg.steering.long_deadline_workday, cfg.open_workday)
    report_year, report_month = _month_after(year, month)
    open_day = nth_working_day_of_month(report_year, report_month, cfg.open_workday)
    deadline_day = nth_working_day_of_month(report_year, report_month, deadline_workday)

    opens_at = _send_time(open_day, cfg.open_time, cfg)
    deadline_at = _local(deadline_day, cfg.deadline_time, cfg)

    reminders = sorted(
        {
            _send_time(add_working_days(deadline_day, -n), cfg.reminder_time, cfg)
            for n in cfg.reminder_workdays_before_deadline
        }
    )
    reminders = [r for r in reminders if opens_at < r < deadline_at]

    escalation_day = add_working_days(deadline_day, cfg.escalation_workdays_after_deadline)
    escalation_at = _send_time(escalation_day, cfg.escalation_time, cfg)
    summary_at = _send_time(escalation_day, cfg.summary_time, cfg)

    following = next_followed_period(parsed.code, cfg)
    next_open_day = nth_working_day_of_month(
        *_month_after(*parse_period(following)), cfg.open_workday
    )
    close_day = next_open_day - timedelta(days=cfg.close_days_before_next_open)
    closes_at = _local(close_day, cfg.close_time, cfg)

    return PeriodSchedule(
        period=parsed.code,
        opens_at=opens_at,
        deadline_at=deadline_at,
        reminders=tuple(reminders),
        escalation_at=escalation_at,
        summary_at=summary_at,
        closes_at=closes_at,
    )


def schedules_for_year(year: int, cfg: CalendarConfig) -> tuple[PeriodSchedule, ...]:
    """The schedules of the periods asked for in ``year``, in month order."""
    asked = (asked_period(year, m, cfg) for m in range(1, 13))
    return tuple(schedule_for(p, cfg) for p in asked if p is not None)


def _followed_periods(start: str, cfg: CalendarConfig, *, backwards: bool) -> Iterator[str]:
    """The periods asked for, from the month ``start`` on (or back)."""
    current = start
    for _ in range(_MAX_PERIOD_STEPS):
        year, month = parse_period(current)
        asked = asked_period(year, month, cfg)
        if asked is not None:
            yield asked
        current = previous_period(current) if backwards else next_period(current)


def current_open_period(now: datetime, cfg: CalendarConfig) -> str | None:
    """The period with ``opens_at <= now < closes_at``, or None between periods."""
    _require_aware(now, "now")
    local = now.astimezone(cfg.zone)
    # A period opens after its own month, so the newest period that has opened is found
    # by walking back from the current month; periods open in order.
    for period in _followed_periods(period_for_month(local.year, local.month), cfg, backwards=True):
        schedule = schedule_for(period, cfg)
        if schedule.opens_at <= now:
            return period if now < schedule.closes_at else None
    return None


def next_opening(now: datetime, cfg: CalendarConfig) -> PeriodSchedule:
    """The schedule of the first period that opens strictly after ``now``."""
    _require_aware(now, "now")
    local = now.astimezone(cfg.zone)
    start = period_for_month(*_month_before(*_month_before(local.year, local.month)))
    for period in _followed_periods(start, cfg, backwards=False):
        schedule = schedule_for(period, cfg)
        if schedule.opens_at > now:
            return schedule
    raise RuntimeError(f"no period opens within {_MAX_PERIOD_STEPS} months of {now}")
