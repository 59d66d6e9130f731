"""The decision dates a report's anmälan av delegationsbeslut covers (followup.anmalan):
no decision date falls between two reports of the steering year."""

from __future__ import annotations

from datetime import date

from followup.anmalan import (
    AnmalanSpan,
    covered_span,
    earlier_asked,
    format_span,
    is_reported,
)
from followup.calendar import CalendarConfig
from followup.period import Period
from followup.steering_year import SteeringYearConfig

STEERING = CalendarConfig(steering=SteeringYearConfig())
MONTHS_ONLY = CalendarConfig()


def span(code: str, nil: set[str] | None = None, dates: list[date] | None = None,
         cfg: CalendarConfig = STEERING) -> AnmalanSpan:
    period = Period.parse(code)
    return covered_span(period, earlier_asked(period, cfg), nil or set(), dates or [])


def test_the_steering_year_asks_around_january_and_july() -> None:
    codes = [p.code for p in earlier_asked(Period.parse("2026-T1"), STEERING)]
    assert codes[-3:] == ["2025", "2026-02", "2026-03"]
    assert [p.code for p in earlier_asked(Period.parse("2026-D"), STEERING)][-3:] == [
        "2026-T1", "2026-05", "2026-06"]


def test_first_anmalan_covers_the_period_from_its_start() -> None:
    assert span("2026-T1") == AnmalanSpan(date(2026, 1, 1), date(2026, 4, 30))
    assert span("2026-10") == AnmalanSpan(date(2026, 10, 1), date(2026, 10, 31))


def test_february_after_a_new_person_still_covers_january() -> None:
    assert span("2026-02") == AnmalanSpan(date(2026, 1, 1), date(2026, 2, 28))


def test_each_report_covers_from_the_end_of_the_last_one() -> None:
    assert span("2026-02", nil={"2025"}).start == date(2026, 1, 1)  # January: no report
    assert span("2026-T1", nil={"2026-03"}) == AnmalanSpan(date(2026, 4, 1),
                                                           date(2026, 4, 30))
    assert span("2026-D", nil={"2026-06"}) == AnmalanSpan(date(2026, 7, 1),
                                                          date(2026, 8, 31))
    assert span("2026", nil={"2026-11"}) == AnmalanSpan(date(2026, 12, 1),
                                                        date(2026, 12, 31))


def test_a_missed_report_is_covered_by_the_next() -> None:
    # February answered, March not: the T1 covers March and April.
    assert span("2026-T1", nil={"2026-02"}).start == date(2026, 3, 1)
    # A decision listed in May counts as May's anmälan; June missed: the delår from 1 June.
    assert span("2026-D", nil={"2026-T1"}, dates=[date(2026, 5, 20)]).start == date(2026, 6, 1)


def test_a_decision_counts_only_in_what_its_report_covered() -> None:
    # A decision in March makes March answered even without "inga beslut".
    assert span("2026-T1", nil={"2026-02"}, dates=[date(2026, 3, 3)]).start == date(2026, 4, 1)


def test_every_date_of_the_year_is_covered_once_when_all_is_answered() -> None:
    nil: set[str] = {"2025"}
    covered: list[date] = []
    for code in ("2026-02", "2026-03", "2026-T1", "2026-05", "2026-06", "2026-D",
                 "2026-09", "2026-10", "2026-11", "2026"):
        s = span(code, nil=nil)
        day = s.start
        while day <= s.end:
            covered.append(day)
            day = date.fromordinal(day.toordinal() + 1)
        nil.add(code)
    assert len(covered) == len(set(covered)) == 365
    assert covered[0] == date(2026, 1, 1) and covered[-1] == date(2026, 12, 31)


def test_without_a_steering_year_july_is_covered_by_august() -> None:
    assert span("2026-08", nil={"2026-06"}, cfg=MONTHS_ONLY) == AnmalanSpan(
        date(2026, 7, 1), date(2026, 8, 31))


def test_is_reported() -> None:
    s = AnmalanSpan(date(2026, 7, 1), date(2026, 8, 31))
    assert is_reported("2026-D", s, {"2026-D"}, [])
    assert is_reported("2026-D", s, set(), [date(2026, 7, 14)])
    assert not is_reported("2026-D", s, {"2026-06"}, [date(2026, 6, 30)])


def test_the_span_in_swedish() -> None:
    assert format_span(AnmalanSpan(date(2026, 7, 1), date(2026, 8, 31))) == \
        "1 juli–31 augusti 2026"
    assert format_span(AnmalanSpan(date(2025, 12, 1), date(2026, 2, 28))) == \
        "1 december 2025–28 februari 2026"


def _button_titles(body: list[dict[str, object]]) -> list[str]:
    from cards.common import iter_elements

    return [str(action["title"]) for element in iter_elements({"body": body})
            if element.get("type") == "ActionSet"
            for action in element["actions"]]  # type: ignore[attr-defined]


def test_the_no_decisions_button_names_the_period_kind() -> None:
    """A tertial or delår anmälan covers months, so its button may not say "denna månad"."""
    from cards.mandate import decision_section

    today = date(2026, 9, 3)
    assert "Inga beslut denna månad" in _button_titles(
        decision_section("sv", "2026-10", today=today))
    for code in ("2026-T1", "2026-D", "2026"):
        titles = _button_titles(decision_section("sv", code, today=today))
        assert "Inga beslut denna period" in titles
        assert not any("månad" in title for title in titles)
    assert "No decisions this period" in _button_titles(
        decision_section("en", "2026-D", today=today))
