"""Formatting of dates, times and numbers for Swedish (default) and English texts.

Swedish follows the style of the glossary: "6 november 2026", "fredag 6 november
kl. 16.00", "12,5", "1 234", "12,5 %". Thousands are separated by a no-break space
(U+00A0, ``NBSP``) so numbers never wrap inside a card; the space before "%" is a
no-break space too. Negative numbers use the ASCII hyphen-minus, which survives copy and
paste into Excel.

``lang`` is ``"sv"`` or ``"en"``; locale tags such as ``"sv-SE"`` or ``"en-US"`` (as
Teams sends them) are accepted, and any other language falls back to Swedish.
No function here depends on the process locale.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Sequence
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation

from followup.calendar import parse_period
from followup.period import Period, PeriodError

NBSP = "\u00a0"

_MONTHS: dict[str, tuple[str, ...]] = {
    "sv": (
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
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}
_WEEKDAYS: dict[str, tuple[str, ...]] = {
    "sv": ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}

_DEFAULT_DECIMALS = 2


def normalize_lang(lang: str | None) -> str:
    """``"sv"``, ``"sv-SE"`` -> ``"sv"``; ``"en"``, ``"en-US"`` -> ``"en"``; others -> ``"sv"``."""
    if not lang:
        return "sv"
    primary = re.split(r"[-_]", lang.strip().lower(), maxsplit=1)[0]
    return "en" if primary == "en" else "sv"


def month_name(month: int, lang: str = "sv") -> str:
    """``10`` -> ``"oktober"`` / ``"October"``."""
    if not 1 <= month <= 12:
        raise ValueError(f"month must be 1–12, got {month}")
    return _MONTHS[normalize_lang(lang)][month - 1]


def weekday_name(d: date, lang: str = "sv") -> str:
    """``date(2026, 11, 6)`` -> ``"fredag"`` / ``"Friday"``."""
    return _WEEKDAYS[normalize_lang(lang)][d.weekday()]


_LONG_PERIOD_WORDS: dict[str, dict[str, str]] = {
    "sv": {"tertial": "tertial {n} {year}", "delar": "delåret {year}", "year": "helåret {year}"},
    "en": {"tertial": "tertial {n} {year}", "delar": "the interim period {year}",
           "year": "the full year {year}"},
}


def format_period(period: str, lang: str = "sv") -> str:
    """``"2026-10"`` -> ``"oktober 2026"`` / ``"October 2026"``; ``"2026-T1"`` ->
    ``"tertial 1 2026"``, ``"2026-D"`` -> ``"delåret 2026"``, ``"2026"`` -> ``"helåret 2026"``."""
    try:
        parsed = Period.parse(period)
    except PeriodError:
        parse_period(period)  # the month format's own message ("ÅÅÅÅ-MM")
        raise
    if parsed.kind == "month":
        return f"{month_name(parsed.first_month, lang)} {parsed.year}"
    words = _LONG_PERIOD_WORDS[normalize_lang(lang)][parsed.kind]
    return words.format(n=(parsed.first_month - 1) // 4 + 1, year=parsed.year)


def format_period_span(first_month: int, last_month: int, year: int, lang: str = "sv") -> str:
    """``(1, 8, 2026)`` -> ``"januari–augusti 2026"`` (the months a period covers)."""
    if first_month == last_month:
        return f"{month_name(first_month, lang)} {year}"
    return f"{month_name(first_month, lang)}–{month_name(last_month, lang)} {year}"


def format_date(d: date, lang: str = "sv", with_weekday: bool = False) -> str:
    """``"6 november 2026"``; with weekday ``"fredag 6 november 2026"``.

    English: ``"6 November 2026"`` / ``"Friday 6 November 2026"``.
    """
    text = f"{d.day} {month_name(d.month, lang)} {d.year}"
    return f"{weekday_name(d, lang)} {text}" if with_weekday else text


def format_time(t: time | datetime, lang: str = "sv") -> str:
    """``"kl. 16.00"`` / ``"16:00"``. A datetime is shown in its own zone (convert first)."""
    if isinstance(t, datetime):
        t = t.time()
    if normalize_lang(lang) == "en":
        return f"{t.hour:02d}:{t.minute:02d}"
    return f"kl. {t.hour:02d}.{t.minute:02d}"


def format_deadline(dt: datetime, lang: str = "sv") -> str:
    """``"fredag 6 november kl. 16.00"`` / ``"Friday 6 November at 16:00"`` (no year).

    The datetime is shown in its own zone; pass it converted to the local zone.
    """
    day = f"{weekday_name(dt, lang)} {dt.day} {month_name(dt.month, lang)}"
    if normalize_lang(lang) == "en":
        return f"{day} at {format_time(dt, lang)}"
    return f"{day} {format_time(dt, lang)}"


def _to_decimal(x: float | int | Decimal) -> Decimal:
    if isinstance(x, bool):
        raise TypeError("expected a number, got a bool")
    if isinstance(x, float) and not math.isfinite(x):
        raise ValueError(f"cannot format {x!r}")
    value = x if isinstance(x, Decimal) else Decimal(str(x))
    if not value.is_finite():
        raise ValueError(f"cannot format {x!r}")
    return value


def _group(digits: str, sep: str) -> str:
    head = len(digits) % 3 or 3
    groups = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return sep.join(groups)


def format_number(x: float | int | Decimal, decimals: int | None = None, lang: str = "sv") -> str:
    """``1234`` -> ``"1 234"`` (no-break space), ``12.5`` -> ``"12,5"``; en ``"1,234"``, ``"12.5"``.

    ``decimals=None`` shows at most two decimals and drops trailing zeros
    (``12.50`` -> ``"12,5"``, ``3.0`` -> ``"3"``). With ``decimals=N`` the value is rounded
    (half up) to exactly N decimals, except that an all-zero fraction is dropped
    (``format_number(12, 1)`` -> ``"12"``, ``format_number(12.25, 1)`` -> ``"12,3"``).
    """
    if isinstance(x, bool):
        raise TypeError("expected a number, got a bool")
    if isinstance(x, Decimal) and not x.is_finite():  # (a signalling NaN cannot be hashed)
        raise ValueError(f"cannot format {x!r}")
    return _format_number(x, decimals, normalize_lang(lang))


@functools.lru_cache(maxsize=4096, typed=True)
def _format_number(x: float | int | Decimal, decimals: int | None, lang: str) -> str:
    """:func:`format_number` (cached: cards format the same targets and values often)."""
    value = _to_decimal(x)
    places = _DEFAULT_DECIMALS if decimals is None else decimals
    if places < 0:
        raise ValueError(f"decimals must be 0 or more, got {decimals}")
    context = Context(prec=max(28, value.adjusted() + places + 2))
    rounded = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP, context=context)
    text = f"{abs(rounded):f}"
    integer, _, fraction = text.partition(".")
    if decimals is None:
        fraction = fraction.rstrip("0")
    elif fraction.strip("0") == "":
        fraction = ""
    negative = rounded < 0  # a value rounded to zero prints as "0", never "-0"
    sv = lang == "sv"  # normalised by format_number
    grouped = _group(integer, NBSP if sv else ",")
    result = f"{grouped}{',' if sv else '.'}{fraction}" if fraction else grouped
    return f"-{result}" if negative else result


def format_percent(
    x: float | int | Decimal, lang: str = "sv", *, decimals: int | None = None
) -> str:
    """``12.5`` -> ``"12,5 %"`` (no-break space) / ``"12.5%"``. ``x`` is in percent, not 0–1."""
    number = format_number(x, decimals, lang)
    return f"{number}{NBSP}%" if normalize_lang(lang) == "sv" else f"{number}%"


_SPACES = " \u00a0\u202f\u2009"
# ASCII digits only (``re.ASCII``): ``\d`` would also take Arabic-Indic, full-width and
# other scripts' digits, which ``Decimal`` then reads as numbers.
_DECIMAL_RE = re.compile(rf"^[+-]?(?:\d{{1,3}}(?:[{_SPACES}]\d{{3}})+|\d+)(?:[.,]\d+)?$",
                         re.ASCII)


# Ways of writing a unit after a number that mean the same unit (lower case).
_UNIT_ALIASES: dict[str, tuple[str, ...]] = {
    "%": ("%", "procent", "percent"),
    "procent": ("%", "procent", "percent"),
    "kr": ("kr", "kronor", "sek", ":-"),
    "kronor": ("kr", "kronor", "sek"),
    "sek": ("kr", "kronor", "sek"),
    "tkr": ("tkr", "tsek"),
    "mkr": ("mkr", "msek"),
    "st": ("st", "stycken"),
}


def _strip_unit(text: str, unit: str | None) -> str:
    """``"95,5 %"`` with unit ``"%"`` → ``"95,5"``; only the indicator's own unit goes."""
    if not unit or not unit.strip():
        return text
    own = unit.strip().lower()
    lowered = text.rstrip(_SPACES + "\t\r\n").lower()
    for suffix in sorted({own, *_UNIT_ALIASES.get(own, ())}, key=len, reverse=True):
        if lowered.endswith(suffix) and len(lowered) > len(suffix):
            rest = text.rstrip(_SPACES + "\t\r\n")[: -len(suffix)]
            # "12kr" and "12 kr" both; but a letter unit must not eat a word ("12 akr")
            if suffix[0].isalpha() and rest[-1:].isalpha():
                continue
            return rest
    return text


def parse_decimal(text: str, unit: str | None = None) -> float:
    """Parse a number typed by a person: ``"12,5"``, ``"12.5"``, ``"1 234,5"``, ``" -3 "``.

    Digits are ASCII ``0``-``9`` only. Comma or point is the decimal separator; spaces
    (also no-break, narrow no-break and thin) may separate thousands in groups of three. A
    Unicode minus (U+2212) is accepted.
    ``unit``: the indicator's unit of measure, which may follow the number (``"95,5 %"``,
    ``"-250 tkr"``; also its usual other spellings, e.g. ``procent`` for ``%``).
    Raises ValueError (message in Swedish, for the user) for anything else, e.g. ``""``,
    ``"abc"``, ``"1,2,3"``, ``"nan"``, ``"inf"``. Note that ``"1,234"`` means 1.234.
    """
    if isinstance(text, str):
        text = _strip_unit(text, unit)
    cleaned = text.strip(_SPACES + "\t\r\n").replace("\u2212", "-") if isinstance(text, str) else ""
    if len(cleaned) > 40 or not _DECIMAL_RE.match(cleaned):
        raise ValueError(f"”{text}” är inte ett tal. Skriv till exempel 12,5 eller 1 234.")
    normalized = re.sub(f"[{_SPACES}]", "", cleaned).replace(",", ".")
    try:
        value = float(Decimal(normalized))
    except InvalidOperation:  # pragma: no cover - the pattern already rules this out
        raise ValueError(f"”{text}” är inte ett tal.") from None
    if not math.isfinite(value):
        raise ValueError(f"”{text}” är för stort.")
    return value


# Units of measure that read wrongly after a number ("15 antal"): what to write instead.
_UNIT_AFTER_NUMBER: dict[str, dict[str, str]] = {
    "sv": {"antal": "st", "stycken": "st"},
    "en": {"antal": "", "st": "", "stycken": ""},
}


def unit_after_number(unit: str | None, lang: str = "sv") -> str:
    """The unit of measure as written after a value: ``"antal"`` -> ``"st"`` ("15 st",
    not "15 antal"); other units unchanged (stripped); ``""`` for none."""
    own = (unit or "").strip()
    return _UNIT_AFTER_NUMBER[normalize_lang(lang)].get(own.lower(), own)


def join_names(names: Sequence[str], lang: str = "sv") -> str:
    """``["A", "B", "C"]`` -> ``"A, B och C"`` (sv) / ``"A, B and C"`` (en)."""
    word = " and " if normalize_lang(lang) == "en" else " och "
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + word + names[-1]
