"""The reporting calendar: working days, period schedules, send window."""

from __future__ import annotations

import itertools
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays
import pytest

from followup.calendar import (
    CalendarConfig,
    PeriodSchedule,
    add_working_days,
    current_open_period,
    de_facto_days_off,
    is_allowed_send_time,
    is_followed_period,
    is_working_day,
    next_allowed_send_time,
    next_followed_period,
    next_opening,
    next_working_day,
    nth_working_day_of_month,
    parse_period,
    period_for_month,
    previous_period,
    schedule_for,
    schedules_for_year,
)

STHLM = ZoneInfo("Europe/Stockholm")
CFG = CalendarConfig()


def local(y: int, mo: int, d: int, h: int = 0, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=STHLM)


# --------------------------------------------------------------------------- working days


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 11, 6), True),  # ordinary Friday
        (date(2026, 11, 7), False),  # Saturday
        (date(2026, 11, 8), False),  # Sunday
        (date(2027, 1, 1), False),  # nyårsdagen
        (date(2027, 1, 6), False),  # trettondedag jul
        (date(2026, 4, 3), False),  # långfredagen
        (date(2026, 4, 6), False),  # annandag påsk
        (date(2026, 4, 2), True),  # skärtorsdagen is a working day
        (date(2026, 5, 1), False),  # första maj
        (date(2026, 5, 14), False),  # Kristi himmelsfärdsdag
        (date(2027, 3, 26), False),  # långfredagen 2027
        (date(2027, 3, 29), False),  # annandag påsk 2027
        (date(2028, 6, 6), False),  # nationaldagen on a Tuesday
        (date(2026, 6, 19), False),  # midsommarafton
        (date(2027, 6, 25), False),  # midsommarafton
        (date(2026, 12, 24), False),  # julafton
        (date(2026, 12, 31), False),  # nyårsafton
        (date(2026, 12, 23), True),
        (date(2026, 12, 28), True),
        (date(2026, 6, 18), True),
        (date(2026, 6, 22), True),
    ],
)
def test_is_working_day(day: date, expected: bool) -> None:
    assert is_working_day(day) is expected


def test_is_working_day_accepts_datetime() -> None:
    assert is_working_day(local(2026, 11, 6, 12)) is True
    assert is_working_day(local(2026, 12, 24, 12)) is False


@pytest.mark.parametrize("year", range(2020, 2031))
def test_de_facto_days_match_the_holidays_package(year: int) -> None:
    """Our own midsommarafton/julafton/nyårsafton agree with the package's DE_FACTO list."""
    try:
        from holidays.constants import DE_FACTO
    except ImportError:  # older versions of the package
        pytest.skip("holidays has no DE_FACTO category")
    listed = holidays.country_holidays("SE", years=year, categories=(DE_FACTO,))
    assert set(listed) == set(de_facto_days_off(year))


def test_sundays_are_not_working_days_whatever_the_package_says() -> None:
    for d in (date(2026, 3, 1) + timedelta(days=7 * i) for i in range(52)):
        assert d.weekday() == 6
        assert not is_working_day(d)


def test_add_working_days_forwards_and_backwards() -> None:
    assert add_working_days(date(2026, 6, 18), 1) == date(2026, 6, 22)  # over midsommar
    assert add_working_days(date(2026, 6, 22), -1) == date(2026, 6, 18)
    assert add_working_days(date(2026, 12, 23), 1) == date(2026, 12, 28)  # over jul
    assert add_working_days(date(2026, 12, 30), 1) == date(2027, 1, 4)  # over nyår
    assert add_working_days(date(2027, 3, 25), 1) == date(2027, 3, 30)  # over påsk 2027
    assert add_working_days(date(2026, 11, 2), 4) == date(2026, 11, 6)
    assert add_working_days(date(2026, 11, 7), 0) == date(2026, 11, 7)


def test_next_working_day() -> None:
    assert next_working_day(date(2026, 11, 6)) == date(2026, 11, 9)
    assert next_working_day(date(2026, 11, 6), inclusive=True) == date(2026, 11, 6)
    assert next_working_day(date(2026, 12, 24), inclusive=True) == date(2026, 12, 28)


def test_nth_working_day_of_month() -> None:
    assert nth_working_day_of_month(2026, 11, 1) == date(2026, 11, 2)
    assert nth_working_day_of_month(2026, 11, 5) == date(2026, 11, 6)
    assert nth_working_day_of_month(2027, 1, 1) == date(2027, 1, 4)
    assert nth_working_day_of_month(2027, 1, 5) == date(2027, 1, 11)
    with pytest.raises(ValueError):
        nth_working_day_of_month(2026, 12, 25)
    with pytest.raises(ValueError):
        nth_working_day_of_month(2026, 12, 0)


# --------------------------------------------------------------------------- periods


def test_parse_and_format_periods() -> None:
    assert parse_period("2026-10") == (2026, 10)
    assert parse_period(" 2026-02 ") == (2026, 2)
    assert period_for_month(2026, 3) == "2026-03"
    assert previous_period("2026-01") == "2025-12"
    assert previous_period("2026-10") == "2026-09"


@pytest.mark.parametrize("bad", ["2026-13", "2026-00", "okt", "", "2026-1", "26-10", "2026/10"])
def test_parse_period_rejects_bad_input_with_a_helpful_message(bad: str) -> None:
    with pytest.raises(ValueError, match="period") as excinfo:
        parse_period(bad)
    message = str(excinfo.value)
    assert "ÅÅÅÅ-MM" in message or "månaden måste vara 01–12" in message


def test_followed_periods_skip_january_and_july() -> None:
    assert not is_followed_period("2026-07", CFG)
    assert not is_followed_period("2027-01", CFG)
    assert next_followed_period("2026-06", CFG) == "2026-08"
    assert next_followed_period("2026-12", CFG) == "2027-02"
    assert next_followed_period("2026-10", CFG) == "2026-11"
    with pytest.raises(ValueError, match="följs inte upp"):
        schedule_for("2026-07", CFG)


def test_october_2026() -> None:
    s = schedule_for("2026-10", CFG)
    assert s == PeriodSchedule(
        period="2026-10",
        opens_at=local(2026, 11, 2, 8),
        deadline_at=local(2026, 11, 6, 16),
        reminders=(local(2026, 11, 4, 9), local(2026, 11, 6, 9)),
        escalation_at=local(2026, 11, 9, 9),
        summary_at=local(2026, 11, 9, 10),
        closes_at=local(2026, 11, 30, 23, 59),
    )
    assert s.is_open(local(2026, 11, 20, 12))
    assert not s.is_late(local(2026, 11, 6, 15, 59))
    assert s.is_late(local(2026, 11, 6, 16, 1))


def test_december_2026_deadline_skips_new_year_and_epiphany() -> None:
    s = schedule_for("2026-12", CFG)
    assert s.opens_at == local(2027, 1, 4, 8)
    assert s.deadline_at == local(2027, 1, 11, 16)
    assert s.reminders == (local(2027, 1, 7, 9), local(2027, 1, 11, 9))
    assert s.escalation_at == local(2027, 1, 12, 9)
    # January is not followed up: it stays open until the day before February opens.
    assert s.closes_at == local(2027, 2, 28, 23, 59)


def test_november_2026_around_christmas() -> None:
    s = schedule_for("2026-11", CFG)
    assert s.opens_at == local(2026, 12, 1, 8)
    assert s.deadline_at == local(2026, 12, 7, 16)
    assert s.closes_at == local(2027, 1, 3, 23, 59)


def test_counting_over_christmas_skips_julafton_and_juldagen() -> None:
    # Deadline on the 15th working day of December 2026 = Monday 21 December; three working
    # days later is 22, 23, (24 julafton, 25 juldagen, weekend) 28 December.
    cfg = CalendarConfig(deadline_workday=15, escalation_workdays_after_deadline=3)
    s = schedule_for("2026-11", cfg)
    assert s.deadline_at == local(2026, 12, 21, 16)
    assert s.escalation_at == local(2026, 12, 28, 9)
    assert s.summary_at == local(2026, 12, 28, 10)


def test_reminders_skip_epiphany() -> None:
    cfg = CalendarConfig(reminder_workdays_before_deadline=(3, 1))
    s = schedule_for("2026-12", cfg)
    # Deadline Monday 11 January 2027; 8, 7, (6 trettondedag jul) 5 January.
    assert s.reminders == (local(2027, 1, 5, 9), local(2027, 1, 8, 9))


def test_a_reminder_due_on_julafton_waits() -> None:
    # A send due at 19:00 on 23 December waits past julafton and juldagen.
    assert next_allowed_send_time(local(2026, 12, 23, 19), CFG) == local(2026, 12, 28, 7)


def test_reminder_days_skip_christmas() -> None:
    # Reminders counted in working days before a deadline right after Christmas.
    deadline = date(2026, 12, 28)
    assert add_working_days(deadline, -2) == date(2026, 12, 22)
    assert add_working_days(deadline, -1) == date(2026, 12, 23)


def test_midsummer_2026() -> None:
    may = schedule_for("2026-05", CFG)
    assert may.opens_at == local(2026, 6, 1, 8)
    assert may.deadline_at == local(2026, 6, 5, 16)
    june = schedule_for("2026-06", CFG)
    assert june.opens_at == local(2026, 7, 1, 8)
    # July is not followed up: June stays open through August.
    assert june.closes_at == local(2026, 8, 31, 23, 59)
    assert not is_working_day(date(2026, 6, 19))


def test_easter_shifts_the_march_2026_period() -> None:
    # 1, 2, (3 långfredagen, weekend, 6 annandag påsk) 7, 8, 9 April 2026.
    s = schedule_for("2026-03", CFG)
    assert s.opens_at == local(2026, 4, 1, 8)
    assert s.deadline_at == local(2026, 4, 9, 16)
    assert s.reminders == (local(2026, 4, 7, 9), local(2026, 4, 9, 9))
    assert s.escalation_at == local(2026, 4, 10, 9)
    # April 2026 opens after första maj (Friday): Monday 4 May.
    assert s.closes_at == local(2026, 5, 3, 23, 59)


def test_easter_2027_falls_before_the_march_period_opens() -> None:
    # Easter 2027 is 26–29 March, inside March itself: the March period (opens in April)
    # is not shifted, but a schedule counted over Easter is.
    s = schedule_for("2027-03", CFG)
    assert s.opens_at == local(2027, 4, 1, 8)
    assert s.deadline_at == local(2027, 4, 7, 16)
    feb = schedule_for("2027-02", CFG)
    assert feb.closes_at == local(2027, 3, 31, 23, 59)
    late = CalendarConfig(deadline_workday=15, escalation_workdays_after_deadline=3)
    # 15th working day of March 2027 = 19 March; +3 working days skips 26 March.
    s2 = schedule_for("2027-02", late)
    assert s2.deadline_at == local(2027, 3, 19, 16)
    assert s2.escalation_at == local(2027, 3, 24, 9)
    later = CalendarConfig(deadline_workday=15, escalation_workdays_after_deadline=5)
    assert schedule_for("2027-02", later).escalation_at == local(2027, 3, 30, 9)


def test_schedules_for_year_2026() -> None:
    schedules = schedules_for_year(2026, CFG)
    assert [s.period for s in schedules] == [
        "2026-02",
        "2026-03",
        "2026-04",
        "2026-05",
        "2026-06",
        "2026-08",
        "2026-09",
        "2026-10",
        "2026-11",
        "2026-12",
    ]
    assert schedules[-1].deadline_at.date() == date(2027, 1, 11)


@pytest.mark.parametrize("year", [2026, 2027, 2028])
def test_every_send_time_is_a_working_day_within_the_send_window(year: int) -> None:
    for s in schedules_for_year(year, CFG):
        sends = [s.opens_at, *s.reminders, s.escalation_at, s.summary_at]
        for when in sends:
            assert when.tzinfo is not None
            assert is_working_day(when.date()), (s.period, when)
            assert time(7) <= when.time() < time(18), (s.period, when)
            assert is_allowed_send_time(when, CFG)
        assert s.opens_at < s.reminders[0] < s.deadline_at < s.escalation_at < s.summary_at
        assert s.summary_at < s.closes_at
        assert is_working_day(s.deadline_at.date())


@pytest.mark.parametrize("year", [2026, 2027, 2028])
def test_periods_do_not_overlap(year: int) -> None:
    schedules = schedules_for_year(year, CFG) + schedules_for_year(year + 1, CFG)
    for before, after in itertools.pairwise(schedules):
        assert before.closes_at < after.opens_at
        assert after.opens_at - before.closes_at < timedelta(days=4)


def test_dst_keeps_local_opening_time() -> None:
    feb = schedule_for("2026-02", CFG)  # opens 2 March, winter time
    mar = schedule_for("2026-03", CFG)  # opens 1 April, summer time (DST from 29 March)
    sep = schedule_for("2026-09", CFG)  # opens 1 October, summer time
    octo = schedule_for("2026-10", CFG)  # opens 2 November, winter time (DST ended 25 Oct)
    for s in (feb, mar, sep, octo):
        assert s.opens_at.hour == 8 and s.opens_at.minute == 0
    assert feb.opens_at.utcoffset() == timedelta(hours=1)
    assert mar.opens_at.utcoffset() == timedelta(hours=2)
    assert sep.opens_at.utcoffset() == timedelta(hours=2)
    assert octo.opens_at.utcoffset() == timedelta(hours=1)
    assert mar.opens_at.astimezone(ZoneInfo("UTC")).hour == 6
    assert octo.opens_at.astimezone(ZoneInfo("UTC")).hour == 7


def test_current_open_period() -> None:
    assert current_open_period(local(2026, 11, 1, 23, 58), CFG) == "2026-09"
    assert current_open_period(local(2026, 11, 2, 7, 59), CFG) is None
    assert current_open_period(local(2026, 11, 2, 8), CFG) == "2026-10"
    assert current_open_period(local(2026, 11, 30, 23, 58), CFG) == "2026-10"
    # Between 23:59 and the next opening 08:00 no period is open.
    assert current_open_period(local(2026, 12, 1, 0, 30), CFG) is None
    assert current_open_period(local(2026, 12, 1, 8), CFG) == "2026-11"
    assert current_open_period(local(2026, 7, 20, 12), CFG) == "2026-06"
    assert current_open_period(local(2027, 1, 20, 12), CFG) == "2026-12"
    assert current_open_period(local(2027, 3, 1, 7), CFG) is None
    # Other zones are converted.
    utc = datetime(2026, 11, 2, 7, 0, tzinfo=ZoneInfo("UTC"))  # 08:00 in Stockholm
    assert current_open_period(utc, CFG) == "2026-10"


def test_next_opening() -> None:
    assert next_opening(local(2026, 11, 2, 7, 59), CFG).period == "2026-10"
    assert next_opening(local(2026, 11, 2, 8), CFG).period == "2026-11"
    assert next_opening(local(2026, 7, 15, 12), CFG).period == "2026-08"
    assert next_opening(local(2027, 1, 5, 12), CFG).period == "2027-02"
    assert next_opening(local(2027, 1, 5, 12), CFG).opens_at == local(2027, 3, 1, 8)


def test_naive_datetimes_are_rejected() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        current_open_period(datetime(2026, 11, 2, 8), CFG)
    with pytest.raises(ValueError, match="timezone-aware"):
        is_allowed_send_time(datetime(2026, 11, 2, 8), CFG)


# --------------------------------------------------------------------------- send window


@pytest.mark.parametrize(
    ("when", "allowed", "next_allowed"),
    [
        (local(2026, 11, 6, 9), True, local(2026, 11, 6, 9)),
        (local(2026, 11, 6, 7), True, local(2026, 11, 6, 7)),
        (local(2026, 11, 6, 6, 59), False, local(2026, 11, 6, 7)),
        (local(2026, 11, 6, 17, 59), True, local(2026, 11, 6, 17, 59)),
        (local(2026, 11, 6, 18), False, local(2026, 11, 9, 7)),  # Friday evening -> Monday
        (local(2026, 11, 7, 10), False, local(2026, 11, 9, 7)),  # Saturday
        (local(2026, 12, 23, 19), False, local(2026, 12, 28, 7)),  # before Christmas
        (local(2026, 12, 24, 9), False, local(2026, 12, 28, 7)),  # julafton
        (local(2026, 6, 19, 9), False, local(2026, 6, 22, 7)),  # midsommarafton
        (local(2027, 3, 25, 20), False, local(2027, 3, 30, 7)),  # påsk
    ],
)
def test_send_window(when: datetime, allowed: bool, next_allowed: datetime) -> None:
    assert is_allowed_send_time(when, CFG) is allowed
    result = next_allowed_send_time(when, CFG)
    assert result == next_allowed
    assert result.tzinfo is not None and result.utcoffset() == next_allowed.utcoffset()
    assert is_allowed_send_time(result, CFG)


def test_send_window_converts_other_zones() -> None:
    # 05:30 UTC on a winter Monday is 06:30 in Stockholm: wait until 07:00 local.
    utc = datetime(2026, 11, 9, 5, 30, tzinfo=ZoneInfo("UTC"))
    assert not is_allowed_send_time(utc, CFG)
    assert next_allowed_send_time(utc, CFG) == local(2026, 11, 9, 7)


def test_send_times_outside_the_window_are_moved() -> None:
    cfg = CalendarConfig(
        open_time=time(6, 0), reminder_time=time(19, 0), reminder_workdays_before_deadline=(2,)
    )
    s = schedule_for("2026-10", cfg)
    assert s.opens_at == local(2026, 11, 2, 7)
    # 19:00 two days before the deadline waits until the next morning 07:00.
    assert s.reminders == (local(2026, 11, 5, 7),)


# --------------------------------------------------------------------------- configuration


def test_default_config() -> None:
    assert CFG.followed_months == (2, 3, 4, 5, 6, 8, 9, 10, 11, 12)
    assert CFG.open_workday == 1 and CFG.open_time == time(8)
    assert CFG.deadline_workday == 5 and CFG.deadline_time == time(16)
    assert CFG.reminder_workdays_before_deadline == (2, 0) and CFG.reminder_time == time(9)
    assert CFG.escalation_workdays_after_deadline == 1 and CFG.escalation_time == time(9)
    assert CFG.summary_time == time(10)
    assert CFG.send_window_start == time(7) and CFG.send_window_end == time(18)
    assert CFG.timezone == "Europe/Stockholm"
    assert CalendarConfig.from_env({}) == CFG


def test_config_from_env() -> None:
    cfg = CalendarConfig.from_env(
        {
            "REPORT_MONTHS": "3, 6,9,12",
            "REPORT_OPEN_WORKDAY": "2",
            "REPORT_DEADLINE_WORKDAY": "8",
            "REPORT_DEADLINE_TIME": "12.30",
            "REPORT_REMINDER_WORKDAYS": "0,3,1",
            "QUIET_HOURS": "08:00-17:00",
            "TIMEZONE": "Europe/Helsinki",
            "UNRELATED": "x",
        }
    )
    assert cfg.followed_months == (3, 6, 9, 12)
    assert cfg.open_workday == 2
    assert cfg.deadline_workday == 8
    assert cfg.deadline_time == time(12, 30)
    assert cfg.reminder_workdays_before_deadline == (3, 1, 0)
    assert (cfg.send_window_start, cfg.send_window_end) == (time(8), time(17))
    assert cfg.zone == ZoneInfo("Europe/Helsinki")
    s = schedule_for("2026-09", cfg)
    assert s.opens_at == datetime(2026, 10, 2, 8, tzinfo=ZoneInfo("Europe/Helsinki"))
    assert s.closes_at.date() == date(2027, 1, 4)  # next period 2026-12 opens 5 January


def test_config_from_env_send_times_and_escalation() -> None:
    cfg = CalendarConfig.from_env(
        {
            "REPORT_OPEN_TIME": "07:30",
            "REPORT_REMINDER_TIME": "13.15",
            "REPORT_ESCALATION_WORKDAYS": "2",
            "REPORT_ESCALATION_TIME": "8:45",
            "REPORT_SUMMARY_TIME": " 11:00 ",
        }
    )
    assert cfg.open_time == time(7, 30)
    assert cfg.reminder_time == time(13, 15)
    assert cfg.escalation_workdays_after_deadline == 2
    assert cfg.escalation_time == time(8, 45)
    assert cfg.summary_time == time(11)
    # Deadline Friday 6 November 2026; two working days later is Tuesday 10 November, and
    # the summary goes out on the escalation day.
    s = schedule_for("2026-10", cfg)
    assert s.opens_at == local(2026, 11, 2, 7, 30)
    assert s.reminders == (local(2026, 11, 4, 13, 15), local(2026, 11, 6, 13, 15))
    assert s.escalation_at == local(2026, 11, 10, 8, 45)
    assert s.summary_at == local(2026, 11, 10, 11)


def test_config_from_env_send_times_outside_quiet_hours_are_moved() -> None:
    cfg = CalendarConfig.from_env(
        {"REPORT_ESCALATION_TIME": "06:00", "REPORT_SUMMARY_TIME": "19:00"}
    )
    s = schedule_for("2026-10", cfg)
    assert s.escalation_at == local(2026, 11, 9, 7)
    # 19:00 on the escalation day is after the send window: the next working morning.
    assert s.summary_at == local(2026, 11, 10, 7)


def test_config_from_env_late_reminder_time_without_deadline_day_reminder() -> None:
    # Only a reminder on the deadline day itself must come before the deadline time.
    cfg = CalendarConfig.from_env(
        {"REPORT_REMINDER_TIME": "17:00", "REPORT_REMINDER_WORKDAYS": "2"}
    )
    assert schedule_for("2026-10", cfg).reminders == (local(2026, 11, 4, 17),)


def test_config_from_env_empty_values_mean_default() -> None:
    assert CalendarConfig.from_env({"REPORT_MONTHS": "", "TIMEZONE": "  "}) == CFG
    assert (
        CalendarConfig.from_env(
            {"REPORT_REMINDER_WORKDAYS": "none"}
        ).reminder_workdays_before_deadline
        == ()
    )


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        ({"REPORT_MONTHS": "2,13"}, "REPORT_MONTHS"),
        ({"REPORT_MONTHS": "feb"}, "REPORT_MONTHS"),
        ({"REPORT_MONTHS": "2,,3"}, "REPORT_MONTHS"),
        ({"REPORT_OPEN_WORKDAY": "0"}, "REPORT_OPEN_WORKDAY"),
        ({"REPORT_OPEN_WORKDAY": "first"}, "REPORT_OPEN_WORKDAY"),
        ({"REPORT_DEADLINE_WORKDAY": "40"}, "REPORT_DEADLINE_WORKDAY"),
        ({"REPORT_OPEN_WORKDAY": "6", "REPORT_DEADLINE_WORKDAY": "5"}, "REPORT_DEADLINE_WORKDAY"),
        ({"REPORT_DEADLINE_TIME": "25:00"}, "REPORT_DEADLINE_TIME"),
        ({"REPORT_DEADLINE_TIME": "4pm"}, "REPORT_DEADLINE_TIME"),
        ({"REPORT_REMINDER_WORKDAYS": "2,-1"}, "REPORT_REMINDER_WORKDAYS"),
        ({"REPORT_OPEN_TIME": "8"}, "REPORT_OPEN_TIME"),
        ({"REPORT_OPEN_TIME": "08:60"}, "REPORT_OPEN_TIME"),
        ({"REPORT_REMINDER_TIME": "nine"}, "REPORT_REMINDER_TIME"),
        ({"REPORT_REMINDER_TIME": "24:00"}, "REPORT_REMINDER_TIME"),
        ({"REPORT_ESCALATION_WORKDAYS": "0"}, "REPORT_ESCALATION_WORKDAYS"),
        ({"REPORT_ESCALATION_WORKDAYS": "11"}, "REPORT_ESCALATION_WORKDAYS"),
        ({"REPORT_ESCALATION_WORKDAYS": "-1"}, "REPORT_ESCALATION_WORKDAYS"),
        ({"REPORT_ESCALATION_WORKDAYS": "1.5"}, "REPORT_ESCALATION_WORKDAYS"),
        ({"REPORT_ESCALATION_TIME": "9am"}, "REPORT_ESCALATION_TIME"),
        ({"REPORT_ESCALATION_TIME": "30:00"}, "REPORT_ESCALATION_TIME"),
        ({"REPORT_SUMMARY_TIME": "10-00"}, "REPORT_SUMMARY_TIME"),
        ({"REPORT_SUMMARY_TIME": "10:75"}, "REPORT_SUMMARY_TIME"),
        ({"QUIET_HOURS": "18:00-07:00"}, "QUIET_HOURS"),
        ({"QUIET_HOURS": "07:00"}, "QUIET_HOURS"),
        ({"TIMEZONE": "Mars/Olympus"}, "TIMEZONE"),
    ],
)
def test_config_from_env_rejects_bad_values(env: dict[str, str], variable: str) -> None:
    with pytest.raises(ValueError, match=variable):
        CalendarConfig.from_env(env)


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        (
            {"REPORT_OPEN_TIME": "8"},
            "REPORT_OPEN_TIME: expected a time like 16:00, got '8'",
        ),
        (
            {"REPORT_SUMMARY_TIME": "10:75"},
            "REPORT_SUMMARY_TIME: '10:75' is not a valid time of day",
        ),
        (
            {"REPORT_ESCALATION_WORKDAYS": "one"},
            "REPORT_ESCALATION_WORKDAYS: expected a whole number, got 'one'",
        ),
        (
            {"REPORT_ESCALATION_WORKDAYS": "0"},
            "REPORT_ESCALATION_WORKDAYS (escalation_workdays_after_deadline): must be 1–10 "
            "(working days after the deadline day), got 0",
        ),
        (
            {"REPORT_REMINDER_TIME": "16:00"},
            "REPORT_REMINDER_TIME (reminder_time): must be before the deadline time "
            "(REPORT_DEADLINE_TIME, 16:00) when reminding on the deadline day "
            "(0 in REPORT_REMINDER_WORKDAYS), got 16:00",
        ),
        (
            {
                "REPORT_OPEN_WORKDAY": "3",
                "REPORT_DEADLINE_WORKDAY": "3",
                "REPORT_OPEN_TIME": "12:00",
                "REPORT_DEADLINE_TIME": "11:00",
                "REPORT_REMINDER_WORKDAYS": "none",
            },
            "REPORT_DEADLINE_TIME (deadline_time): must be after the opening time "
            "(REPORT_OPEN_TIME, 12:00) when both are on one day, got 11:00",
        ),
    ],
)
def test_config_from_env_error_messages(env: dict[str, str], expected: str) -> None:
    with pytest.raises(ValueError) as excinfo:
        CalendarConfig.from_env(env)
    assert str(excinfo.value) == expected


def test_config_is_frozen_and_hashable() -> None:
    with pytest.raises(AttributeError):
        CFG.open_workday = 3  # type: ignore[misc]
    assert hash(CalendarConfig()) == hash(CFG)
