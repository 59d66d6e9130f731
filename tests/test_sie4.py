"""The SIE 4 reader on real-shaped files: CP437, dimensions, quoted names with åäö,
negative amounts, ignored verification blocks, #KSUMMA, and bad files refused by line."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followup.sie4 import SieError, checksum_of, read_sie, tokens

HEADER = [
    "#FLAGGA 0",
    "#FORMAT PC8",
    "#SIETYP 4",
    '#PROGRAM "Raindance Ekonomi" 2026.1',
    "#GEN 20261105",
    '#FNAMN "Sjöviks kommun"',
    "#ORGNR 212000-9999",
    "#RAR 0 20260101 20261231",
    "#RAR -1 20250101 20251231",
    '#DIM 1 "Ansvar"',
    '#DIM 6 "Projekt"',
    '#OBJEKT 1 "4100" "Förskolan Solrosen"',
    '#OBJEKT 1 "4200" "Ängens förskola \\"Lilla\\""',
    '#OBJEKT 6 "P12" "Utbyggnad"',
    '#KONTO 3010 "Försäljning"',
    '#KONTO 5010 "Lokalhyra"',
    '#KONTO 7010 "Löner till kollektivanställda"',
]
BODY = [
    '#PBUDGET 0 202610 7010 {1 "4100"} 1250000.00',
    '#PSALDO 0 202610 7010 {1 "4100"} 1312456.75',
    '#PSALDO 0 202610 3010 {1 "4100" 6 "P12"} -45000',
    '#PSALDO -1 202510 7010 {1 "4200"} 998000.50',
    "#VER A 17 20261012 \"Hyra oktober\"",
    "{",
    '#TRANS 5010 {1 "4100"} 85000.00',
    "#TRANS 1930 {} -85000.00",
    "}",
]


def sie_bytes(lines: list[str]) -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode("cp437")


def test_reads_balances_budgets_dimensions_and_names_in_cp437() -> None:
    sie = read_sie(sie_bytes(HEADER + BODY))
    assert sie.company == "Sjöviks kommun"
    assert sie.years[0] == (date(2026, 1, 1), date(2026, 12, 31))
    assert sie.dimensions == {"1": "Ansvar", "6": "Projekt"}
    assert sie.objects[("1", "4200")] == 'Ängens förskola "Lilla"'
    assert sie.accounts["7010"] == "Löner till kollektivanställda"
    kinds = [(a.kind, a.year, a.month, a.account, a.object_in("1"), a.amount)
             for a in sie.amounts]
    assert kinds == [
        ("budget", 2026, 10, "7010", "4100", Decimal("1250000.00")),
        ("utfall", 2026, 10, "7010", "4100", Decimal("1312456.75")),
        ("utfall", 2026, 10, "3010", "4100", Decimal("-45000")),
        ("utfall", 2025, 10, "7010", "4200", Decimal("998000.50")),
    ]
    assert sie.amounts[2].object_in("6") == "P12"
    assert sie.amounts[1].line == len(HEADER) + 2
    assert not sie.checksum_verified


def test_the_checksum_is_verified_when_present() -> None:
    lines = [*HEADER[:2], "#KSUMMA", *HEADER[2:], *BODY]
    total = checksum_of([*HEADER[2:], *BODY])
    good = read_sie(sie_bytes([*lines, f"#KSUMMA {total}"]))
    assert good.checksum_verified
    tampered = [line.replace("1312456.75", "1312456.76") for line in lines]
    with pytest.raises(SieError) as err:
        read_sie(sie_bytes([*tampered, f"#KSUMMA {total}"]))
    assert "kontrollsumman (#KSUMMA) stämmer inte" in str(err.value)
    assert err.value.problems[0].line == len(lines) + 1
    assert read_sie(sie_bytes([*tampered, f"#KSUMMA {total}"]), verify_checksum=False)
    with pytest.raises(SieError, match="slutar utan kontrollsumma"):
        read_sie(sie_bytes(lines))


def test_a_utf8_file_is_refused_rather_than_garbled() -> None:
    raw = ("\n".join(HEADER + BODY)).encode("utf-8")
    with pytest.raises(SieError, match="UTF-8"):
        read_sie(raw)
    with pytest.raises(SieError, match="UTF-8"):
        read_sie(b"\xef\xbb\xbf" + sie_bytes(HEADER))


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('#PSALDO 0 202613 7010 {1 "4100"} 100.00', "perioden ”202613” ska vara ÅÅÅÅMM"),
        ('#PSALDO 0 202610 70X0 {1 "4100"} 100.00', "kontot ”70X0”"),
        ('#PSALDO 0 202610 7010 {1 "4100"} 1 234,50', "kvantiteten ”234,50”"),
        ('#PSALDO 0 202610 7010 {1 "4100"} 12,50', "beloppet ”12,50”"),
        ('#PSALDO 0 202610 7010 {1} 100.00', "objektlistan"),
        ('#PSALDO 0 202610 7010 100.00', "behöver årsnummer"),
        ('#PBUDGET x 202610 7010 {} 100.00', "årsnumret ”x”"),
        ('#OBJEKT 1 "4300', "citattecken"),
        ("PSALDO 0 202610 7010 {} 1", "börjar inte med en etikett"),
        ('#PSALDO -2 202410 7010 {} 1.00', "årsnummer -2 saknar #RAR"),
        ("#RAR 1 20271231 20270101", "inte ett räkenskapsår"),
    ],
)
def test_bad_records_are_refused_with_their_line(line: str, message: str) -> None:
    lines = [*HEADER, *BODY[:2], line, *BODY[2:]]
    with pytest.raises(SieError) as err:
        read_sie(sie_bytes(lines))
    problem = err.value.problems[0]
    assert message in problem.message
    assert problem.line == len(HEADER) + 3
    assert str(problem).startswith(f"rad {len(HEADER) + 3}: ")


def test_every_problem_is_listed_not_just_the_first() -> None:
    lines = [*HEADER, "#PSALDO 0 202613 7010 {} 1", "#PSALDO 0 202610 7010 {} x"]
    with pytest.raises(SieError) as err:
        read_sie(sie_bytes(lines))
    assert [p.line for p in err.value.problems] == [len(HEADER) + 1, len(HEADER) + 2]


def test_files_that_are_not_sie_4() -> None:
    with pytest.raises(SieError, match="inga SIE-poster"):
        read_sie(b"")
    with pytest.raises(SieError, match="#FORMAT PC8 saknas"):
        read_sie(sie_bytes([line for line in HEADER if not line.startswith("#FORMAT")]))
    with pytest.raises(SieError, match="#FORMAT ska vara PC8"):
        read_sie(sie_bytes([line.replace("PC8", "UTF8") for line in HEADER]))
    with pytest.raises(SieError, match="avslutas aldrig"):
        read_sie(sie_bytes([*HEADER, "#VER A 1 20261001", "{", "#TRANS 1930 {} 1"]))


names = st.text(alphabet=st.sampled_from("abcåäöÅÄÖ \"\\{}-1"), min_size=1, max_size=20)


@given(names)
def test_quoted_names_round_trip(name: str) -> None:
    quoted = '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'
    found = tokens(f"#OBJEKT 1 {quoted} {quoted}")
    assert found is not None and len(found) == 4
    sie = read_sie(sie_bytes([*HEADER, f"#OBJEKT 1 \"X1\" {quoted}"]))
    assert sie.objects[("1", "X1")] == name
