"""``python -m admin calendar YEAR``."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from admin.cli import main

REPO_ROOT = Path(__file__).resolve().parent.parent
CALENDAR_VARIABLES = (
    "REPORT_MONTHS",
    "REPORT_OPEN_WORKDAY",
    "REPORT_DEADLINE_WORKDAY",
    "REPORT_DEADLINE_TIME",
    "REPORT_REMINDER_WORKDAYS",
    "REPORT_OPEN_TIME",
    "REPORT_REMINDER_TIME",
    "REPORT_ESCALATION_WORKDAYS",
    "REPORT_ESCALATION_TIME",
    "REPORT_SUMMARY_TIME",
    "QUIET_HOURS",
    "TIMEZONE",
    "LANGUAGE",
    "REPORT_MONTHLY",
    "REPORT_TERTIALS",
    "REPORT_DELAR_END_MONTH",
    "REPORT_YEAR",
    "REPORT_LONG_DEADLINE_WORKDAY",
)


@pytest.fixture(autouse=True)
def default_calendar_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in CALENDAR_VARIABLES:
        monkeypatch.delenv(name, raising=False)


def _monthly(output: str) -> list[str]:
    """The lines of the monthly table (the longer kinds follow after a blank line)."""
    return output.split("\n\n", 1)[0].splitlines()


def _line(output: str, period: str) -> str:
    lines = [line for line in output.splitlines() if line.startswith(period + " ")]
    assert len(lines) == 1, output
    return lines[0]


def test_prints_the_year(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["calendar", "2026"]) == 0
    out = capsys.readouterr().out
    october = _line(out, "2026-10")
    assert october.split() == [
        "2026-10",
        "2026-11-02",
        "08:00",
        "2026-11-06",
        "16:00",
        "2026-11-04",
        "09:00,",
        "2026-11-06",
        "09:00",
        "2026-11-09",
        "09:00",
        "/",
        "10:00",
        "2026-11-30",
        "23:59",
    ]
    december = _line(out, "2026-12")
    assert "2027-01-11 16:00" in december
    assert "2027-01-04 08:00" in december
    periods = [line.split()[0] for line in _monthly(out) if line.startswith("2026-")]
    assert periods == [
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
    assert "Rapporteringskalender 2026" in out
    assert "Europe/Stockholm" in out


def test_english_headings(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["calendar", "2027", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "Reporting calendar 2027" in out
    assert "Deadline" in out
    assert "2028-01-10 16:00" in _line(out, "2027-12")


def test_honours_the_environment(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REPORT_MONTHS", "3,10")
    monkeypatch.setenv("REPORT_DEADLINE_WORKDAY", "3")
    assert main(["calendar", "2026"]) == 0
    out = capsys.readouterr().out
    assert "2026-11-04 16:00" in _line(out, "2026-10")
    periods = [line.split()[0] for line in _monthly(out) if line.startswith("2026-")]
    assert periods == ["2026-03", "2026-10"]


@pytest.mark.parametrize("year", ["abc", "1800", "20266", "-1"])
def test_bad_year(year: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["calendar", "--", year]) == 2
    err = capsys.readouterr().err
    assert "year" in err


def test_bad_environment(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REPORT_DEADLINE_TIME", "25:00")
    assert main(["calendar", "2026"]) == 2
    assert "REPORT_DEADLINE_TIME" in capsys.readouterr().err


def _run_module(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in CALENDAR_VARIABLES}
    return subprocess.run(
        [sys.executable, "-m", "admin", *args],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_subprocess_prints_the_year() -> None:
    result = _run_module("calendar", "2026")
    assert result.returncode == 0, result.stderr
    assert "2026-11-06 16:00" in _line(result.stdout, "2026-10")
    assert "2027-01-11 16:00" in _line(result.stdout, "2026-12")


def test_subprocess_bad_year() -> None:
    result = _run_module("calendar", "twenty")
    assert result.returncode != 0
    assert "year must be a number" in result.stderr
    assert result.stdout == ""


def test_shows_the_tertial_delar_and_helar(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["calendar", "2026"]) == 0
    out = capsys.readouterr().out
    assert "Tertial, delår och helår" in out
    # T1 opens with April's report, its deadline is the 8th working day of May.
    assert _line(out, "2026-T1").split()[:5] == [
        "2026-T1", "2026-05-04", "08:00", "2026-05-13", "16:00"]
    assert _line(out, "2026-D").split()[:5] == [
        "2026-D", "2026-09-01", "08:00", "2026-09-10", "16:00"]
    assert _line(out, "2026").split()[:3] == ["2026", "2027-01-04", "08:00"]
    assert "Varning" not in out


def test_tertials_follow_the_environment(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("REPORT_TERTIALS", "1,2,3")
    monkeypatch.setenv("REPORT_DELAR_END_MONTH", "none")
    assert main(["calendar", "2026"]) == 0
    out = capsys.readouterr().out
    assert _line(out, "2026-T2").split()[1] == "2026-09-01"
    assert "2026-D " not in out


def test_a_delar_the_law_does_not_allow_is_refused(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("REPORT_DELAR_END_MONTH", "10")
    assert main(["calendar", "2026"]) == 2
    err = capsys.readouterr().err
    assert "REPORT_DELAR_END_MONTH" in err and "LKBR 13 kap." in err
