"""Swedish and English formatting of periods, dates, times and numbers."""

from __future__ import annotations

import locale
from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from followup.sv_format import (
    NBSP,
    format_date,
    format_deadline,
    format_number,
    format_percent,
    format_period,
    format_time,
    month_name,
    normalize_lang,
    parse_decimal,
)

STHLM = ZoneInfo("Europe/Stockholm")


def test_month_names() -> None:
    assert [month_name(m) for m in range(1, 13)] == [
        "januari",
        "februari",
        "mars",
        "april",
        "maj",
        "juni",
        "juli",
        "augusti",
        "september",
        "oktober",
        "november",
        "december",
    ]
    assert month_name(10, "en") == "October"
    with pytest.raises(ValueError):
        month_name(13)


def test_language_tags() -> None:
    assert normalize_lang("sv-SE") == "sv"
    assert normalize_lang("en-US") == "en"
    assert normalize_lang("EN") == "en"
    assert normalize_lang("de-DE") == "sv"
    assert normalize_lang(None) == "sv"
    assert format_period("2026-10", "en-GB") == "October 2026"


def test_format_period() -> None:
    assert format_period("2026-10") == "oktober 2026"
    assert format_period("2026-10", "sv") == "oktober 2026"
    assert format_period("2026-10", "en") == "October 2026"
    with pytest.raises(ValueError, match="ÅÅÅÅ-MM"):
        format_period("okt")


def test_format_date() -> None:
    d = date(2026, 11, 6)
    assert format_date(d) == "6 november 2026"
    assert format_date(d, "sv", with_weekday=True) == "fredag 6 november 2026"
    assert format_date(d, "en") == "6 November 2026"
    assert format_date(d, "en", with_weekday=True) == "Friday 6 November 2026"
    assert format_date(date(2027, 1, 4), with_weekday=True) == "måndag 4 januari 2027"
    assert format_date(date(2026, 6, 20), with_weekday=True) == "lördag 20 juni 2026"


def test_format_date_ignores_process_locale() -> None:
    before = locale.setlocale(locale.LC_TIME)
    try:
        try:
            locale.setlocale(locale.LC_TIME, "C")
        except locale.Error:
            pytest.skip("C locale unavailable")
        assert format_date(date(2026, 11, 6), with_weekday=True) == "fredag 6 november 2026"
    finally:
        locale.setlocale(locale.LC_TIME, before)


def test_format_time() -> None:
    assert format_time(time(16, 0)) == "kl. 16.00"
    assert format_time(time(9, 5)) == "kl. 09.05"
    assert format_time(time(16, 0), "en") == "16:00"
    assert format_time(datetime(2026, 11, 6, 8, 30, tzinfo=STHLM)) == "kl. 08.30"


def test_format_deadline() -> None:
    dt = datetime(2026, 11, 6, 16, 0, tzinfo=STHLM)
    assert format_deadline(dt) == "fredag 6 november kl. 16.00"
    assert format_deadline(dt, "en") == "Friday 6 November at 16:00"
    assert format_deadline(datetime(2027, 1, 11, 16, tzinfo=STHLM)) == "måndag 11 januari kl. 16.00"


@pytest.mark.parametrize(
    ("value", "decimals", "sv", "en"),
    [
        (1234, None, f"1{NBSP}234", "1,234"),
        (12.5, None, "12,5", "12.5"),
        (12.0, None, "12", "12"),
        (12.50, 2, "12,50", "12.50"),
        (12, 1, "12", "12"),
        (12.25, 1, "12,3", "12.3"),  # half up, not banker's rounding
        (2.675, 2, "2,68", "2.68"),
        (0.1 + 0.2, None, "0,3", "0.3"),
        (1234567.891, None, f"1{NBSP}234{NBSP}567,89", "1,234,567.89"),
        (-1234.5, None, f"-1{NBSP}234,5", "-1,234.5"),
        (-0.001, None, "0", "0"),
        (999, None, "999", "999"),
        (1000, 0, f"1{NBSP}000", "1,000"),
        (Decimal("12.345"), 2, "12,35", "12.35"),
        (0, None, "0", "0"),
        (
            1e30,
            0,
            f"1{NBSP}000{NBSP}000{NBSP}000{NBSP}000{NBSP}000{NBSP}000{NBSP}000{NBSP}000"
            f"{NBSP}000{NBSP}000",
            "1" + ",000" * 10,
        ),
    ],
)
def test_format_number(value: float, decimals: int | None, sv: str, en: str) -> None:
    assert format_number(value, decimals) == sv
    assert format_number(value, decimals, lang="sv") == sv
    assert format_number(value, decimals, lang="en") == en


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), Decimal("NaN")])
def test_format_number_rejects_non_finite(bad: float) -> None:
    with pytest.raises(ValueError):
        format_number(bad)


def test_format_percent() -> None:
    assert format_percent(12.5) == f"12,5{NBSP}%"
    assert format_percent(12.5, "en") == "12.5%"
    assert format_percent(100) == f"100{NBSP}%"
    assert format_percent(33.333, decimals=1) == f"33,3{NBSP}%"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12,5", 12.5),
        ("12.5", 12.5),
        ("1 234,5", 1234.5),
        (f"1{NBSP}234", 1234.0),
        ("1\u202f234", 1234.0),
        (" -3 ", -3.0),
        ("+7", 7.0),
        ("\u22124,5", -4.5),
        ("1 234 567", 1234567.0),
        ("0", 0.0),
        ("1234", 1234.0),
        ("1,234", 1.234),
    ],
)
def test_parse_decimal(text: str, expected: float) -> None:
    assert parse_decimal(text) == pytest.approx(expected)


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "   ",
        "abc",
        "1,2,3",
        "nan",
        "inf",
        "-inf",
        "1.2.3",
        "12 5",
        "1 23",
        "12,",
        ",5",
        "1e5",
        "12 %",
        "1" * 400,
    ],
)
def test_parse_decimal_rejects(bad: str) -> None:
    with pytest.raises(ValueError, match=r"tal|stort"):
        parse_decimal(bad)


def test_round_trip_swedish_number() -> None:
    for value in (0.5, 12.5, 1234.5, -98765.25):
        assert parse_decimal(format_number(value)) == value
