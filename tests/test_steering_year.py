"""The steering year: Period codes and arithmetic, which periods are asked for when, the
longer forms' schedule, and the law on the delårsrapport (LKBR 13 kap., KL 11 kap. 16 §)."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followup.calendar import CalendarConfig, is_working_day, schedule_for
from followup.period import Period, PeriodError, is_period_code
from followup.steering_year import (
    SteeringYearConfig,
    SteeringYearError,
    form_period,
    is_long_form,
    kl_deadline,
    kl_deadline_warning,
    periods_ending_in,
    periods_of_year,
    schedule_for_period,
)
from followup.sv_format import format_date

STOCKHOLM = ZoneInfo("Europe/Stockholm")
CAL = CalendarConfig()
YEAR = SteeringYearConfig()


@pytest.mark.parametrize(
    ("code", "kind", "first", "last"),
    [
        ("2026-10", "month", date(2026, 10, 1), date(2026, 10, 31)),
        ("2026-02", "month", date(2026, 2, 1), date(2026, 2, 28)),
        ("2028-02", "month", date(2028, 2, 1), date(2028, 2, 29)),
        ("2026-T1", "tertial", date(2026, 1, 1), date(2026, 4, 30)),
        ("2026-t2", "tertial", date(2026, 5, 1), date(2026, 8, 31)),
        ("2026-T3", "tertial", date(2026, 9, 1), date(2026, 12, 31)),
        ("2026-D", "delar", date(2026, 1, 1), date(2026, 8, 31)),
        ("2026", "year", date(2026, 1, 1), date(2026, 12, 31)),
    ],
)
def test_period_codes_from_real_dates(code: str, kind: str, first: date, last: date) -> None:
    period = Period.parse(code)
    assert period.kind == kind
    assert (period.first_day, period.last_day) == (first, last)
    assert period.code == code.upper()
    assert Period.parse(period.code) == period


def test_previous_and_same_last_year() -> None:
    assert Period.parse("2026-01").previous().code == "2025-12"
    assert Period.parse("2026-T1").previous().code == "2025-T3"
    assert Period.parse("2026-T3").previous().code == "2026-T2"
    assert Period.parse("2026-D").previous().code == "2025-D"
    assert Period.parse("2026-10").same_last_year().code == "2025-10"
    assert Period.parse("2026-T1").same_last_year().code == "2025-T1"
    assert Period.parse("2026-12").next().code == "2027-01"
    assert Period.parse("2026-T3").next().code == "2027-T1"


def test_a_tertial_covers_its_months() -> None:
    t1 = Period.parse("2026-T1")
    assert t1.month_codes() == ("2026-01", "2026-02", "2026-03", "2026-04")
    assert t1.covers(Period.parse("2026-04"))
    assert not t1.covers(Period.parse("2026-05"))
    assert not t1.covers(Period.parse("2025-04"))
    assert Period.parse("2026-D").contains(date(2026, 8, 31))


@pytest.mark.parametrize("bad", ["2026-13", "2026-00", "2026-T4", "1999-10", "26-10", "2026-X",
                                 "", "2026-10-01", "oktober"])
def test_bad_codes_are_refused_in_swedish(bad: str) -> None:
    with pytest.raises(PeriodError) as err:
        Period.parse(bad)
    assert "period" in str(err.value).lower() or "år" in str(err.value)
    assert not is_period_code(bad)


@given(st.integers(2001, 2099), st.integers(1, 12))
def test_month_arithmetic_round_trips(year: int, month: int) -> None:
    period = Period.month(year, month)
    assert period.next().previous() == period
    assert Period.parse(period.code) == period
    assert period.previous().last_day.toordinal() + 1 == period.first_day.toordinal()


def test_default_steering_year_asks_once_per_month_with_the_longer_form() -> None:
    asked = [p.code for p in periods_of_year(2026, CAL, YEAR)]
    assert asked == ["2026-02", "2026-03", "2026-T1", "2026-05", "2026-06", "2026-D",
                     "2026-09", "2026-10", "2026-11", "2026"]
    # April is both a month and the tertial: both end then, the tertial is the one asked.
    assert [p.code for p in periods_ending_in(2026, 4, CAL, YEAR)] == ["2026-04", "2026-T1"]
    april = form_period(2026, 4, CAL, YEAR)
    assert april is not None and april.code == "2026-T1" and is_long_form(april)
    assert form_period(2026, 1, CAL, YEAR) is None
    assert not is_long_form(Period.parse("2026-10"))


def test_delar_2026_is_january_to_august_with_its_deadline_in_working_days() -> None:
    delar = Period.parse("2026-D")
    schedule = schedule_for_period(delar, CAL, YEAR)
    assert schedule.period == "2026-D"
    # Opens the first working day of September 08:00; deadline the 8th working day 16:00.
    assert schedule.opens_at == datetime(2026, 9, 1, 8, 0, tzinfo=STOCKHOLM)
    assert schedule.deadline_at == datetime(2026, 9, 10, 16, 0, tzinfo=STOCKHOLM)
    assert is_working_day(schedule.deadline_at.date())
    assert format_date(schedule.deadline_at.date()) == "10 september 2026"
    # The monthly form of August would have had the 5th working day.
    assert schedule_for("2026-08", CAL).deadline_at.date() == date(2026, 9, 7)
    assert schedule.reminders and all(r < schedule.deadline_at for r in schedule.reminders)
    assert schedule.summary_at > schedule.deadline_at


def test_t1_schedule_counts_working_days_across_easter() -> None:
    # 2027: Easter Monday is 29 March, 1 May a Saturday; T1 opens 3 May (Mon).
    schedule = schedule_for_period(Period.parse("2027-T1"), CAL, YEAR)
    assert schedule.opens_at.date() == date(2027, 5, 3)
    assert schedule.deadline_at.date() == date(2027, 5, 13)  # Ascension Day 6 May is off
    assert not is_working_day(date(2027, 5, 6))


@pytest.mark.parametrize("end_month", [5, 9, 12, 3])
def test_a_delar_outside_half_to_two_thirds_of_the_year_is_refused(end_month: int) -> None:
    with pytest.raises(SteeringYearError) as err:
        SteeringYearConfig(delar_end_month=end_month)
    assert "LKBR 13 kap." in str(err.value)
    with pytest.raises(SteeringYearError):
        SteeringYearConfig.from_env({"REPORT_DELAR_END_MONTH": str(end_month)})


@pytest.mark.parametrize("end_month", [6, 7, 8])
def test_a_delar_of_six_to_eight_months_is_accepted(end_month: int) -> None:
    cfg = SteeringYearConfig.from_env({"REPORT_DELAR_END_MONTH": str(end_month)})
    period = form_period(2026, end_month, CAL, cfg)
    assert period is not None and period.kind == "delar" and period.month_count == end_month


def test_configuration_from_the_environment() -> None:
    cfg = SteeringYearConfig.from_env({"REPORT_TERTIALS": "1,2,3", "REPORT_DELAR_END_MONTH": "none",
                                       "REPORT_YEAR": "false"})
    asked = [p.code for p in periods_of_year(2026, CAL, cfg)]
    assert "2026-T2" in asked and "2026-T3" in asked and "2026-D" not in asked
    assert "2026" not in asked
    with pytest.raises(SteeringYearError, match="REPORT_TERTIALS"):
        SteeringYearConfig.from_env({"REPORT_TERTIALS": "4"})
    with pytest.raises(SteeringYearError, match="REPORT_YEAR"):
        SteeringYearConfig.from_env({"REPORT_YEAR": "kanske"})


def test_kl_warns_when_the_delar_cannot_reach_kf_within_two_months() -> None:
    delar = Period.parse("2026-D")
    assert kl_deadline(delar) == date(2026, 10, 31)
    schedule = schedule_for_period(delar, CAL, YEAR)
    assert kl_deadline_warning(delar, schedule) is None
    assert kl_deadline_warning(delar, schedule, kf_meeting=date(2026, 10, 26)) is None
    late = kl_deadline_warning(delar, schedule, kf_meeting=date(2026, 11, 16))
    assert late is not None and "KL 11 kap. 16 §" in late and "2026-10-31" in late
    # A schedule whose summary comes after the limit is warned about without a KF date.
    slow = dataclasses.replace(schedule, summary_at=datetime(2026, 11, 2, 10, tzinfo=STOCKHOLM))
    warning = kl_deadline_warning(delar, slow)
    assert warning is not None and "Korta tidplanen" in warning
    assert kl_deadline_warning(Period.parse("2026-T1"), slow) is None
