"""A strict reader of SIE 4 files: the period balances and budgets an ekonomisystem exports.

SIE 4 (SIE-gruppen's "Standard Import och Export", type 4E/4I) is a line format: one record
per line, a ``#LABEL`` and fields separated by spaces or tabs. A field holding spaces is
quoted (``"Förskolan Solrosen"``, ``\\"`` inside), an object list is braced
(``{1 "4100" 6 "P12"}``). The character set is IBM PC 8-bit, code page 437 (``#FORMAT PC8``).

Målbot needs the economy per unit, so this reader keeps

* ``#RAR`` (the financial years, by index 0, -1 …), ``#DIM`` / ``#OBJEKT`` (dimensions and
  their objects — the ansvar/kostnadsställe dimension maps to Målbot's units),
  ``#KONTO`` (account names);
* ``#PSALDO`` (utfall per period, account and object) and ``#PBUDGET`` (budget per period).

Everything else (``#VER``/``#TRANS`` blocks, ``#IB``, ``#RES`` …) is skipped, as the format
asks of a reader that does not need a record. What Målbot uses is checked strictly: each
problem names its line, and the caller imports nothing when there is any.

No maintained SIE reader exists on PyPI (checked 2026-12-02), hence this module.

``#KSUMMA``: when a file carries a checksum (an opening ``#KSUMMA`` and a closing
``#KSUMMA <number>``), it is verified as CRC-32 over the CP437 bytes of every record's label
and fields from the opening ``#KSUMMA`` on (separators, quotes, braces and line ends
excluded); a file that fails is refused unless the caller passes ``verify_checksum=False``.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Literal

BalanceKind = Literal["utfall", "budget"]

MAX_PROBLEMS = 50

_TOKEN = re.compile(r'\{(?:"(?:\\.|[^"\\])*"|[^}"])*\}|"(?:\\.|[^"\\])*"|[^\s{"]+')
_OBJECT_TOKEN = re.compile(r'"(?:\\.|[^"\\])*"|[^\s"]+')
_AMOUNT = re.compile(r"^-?\d+(?:\.\d+)?$")


@dataclass(frozen=True)
class SieProblem:
    line: int  # 1-based; 0 for the file as a whole
    message: str

    def __str__(self) -> str:
        return f"rad {self.line}: {self.message}" if self.line else self.message


@dataclass(frozen=True)
class PeriodAmount:
    kind: BalanceKind
    year_index: int  # 0 = the current financial year, -1 the year before …
    year: int
    month: int
    account: str
    objects: tuple[tuple[str, str], ...]  # (dimension, object code)
    amount: Decimal
    line: int

    def object_in(self, dimension: str) -> str | None:
        for dim, code in self.objects:
            if dim == dimension:
                return code
        return None


@dataclass
class SieFile:
    company: str = ""
    program: str = ""
    sie_type: str = ""
    years: dict[int, tuple[date, date]] = field(default_factory=dict)
    dimensions: dict[str, str] = field(default_factory=dict)
    objects: dict[tuple[str, str], str] = field(default_factory=dict)
    accounts: dict[str, str] = field(default_factory=dict)
    amounts: list[PeriodAmount] = field(default_factory=list)
    checksum_verified: bool = False


class SieError(ValueError):
    """The file cannot be used; ``problems`` lists them (at most :data:`MAX_PROBLEMS`)."""

    def __init__(self, problems: list[SieProblem]) -> None:
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems[:5]))


def _unquote(token: str) -> str:
    if len(token) >= 2 and token[0] == '"' and token[-1] == '"':
        return token[1:-1].replace('\\"', '"').replace("\\\\", "\\")
    return token


def tokens(line: str) -> list[str] | None:
    """The raw tokens of a record line (quotes and braces kept); None when something
    between them is not a field (an unterminated quote or brace)."""
    found: list[str] = []
    position = 0
    for match in _TOKEN.finditer(line):
        if line[position:match.start()].strip():
            return None
        found.append(match.group())
        position = match.end()
    return found if not line[position:].strip() else None


def _object_list(token: str) -> tuple[tuple[str, str], ...] | None:
    """``{1 "4100" 6 "P1"}`` -> ``(("1", "4100"), ("6", "P1"))``; None if malformed."""
    if not (token.startswith("{") and token.endswith("}")):
        return None
    parts = [_unquote(t) for t in _OBJECT_TOKEN.findall(token[1:-1])]
    if len(parts) % 2:
        return None
    return tuple((parts[i], parts[i + 1]) for i in range(0, len(parts), 2))


def _date(text: str) -> date | None:
    if len(text) != 8 or not text.isdigit():
        return None
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return None


def decode(raw: bytes) -> str:
    """The file's text. SIE 4 is CP437; a file that is valid UTF-8 with non-ASCII letters
    and says nothing else is refused, since reading it as CP437 would garble å, ä and ö."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raise SieError([SieProblem(0, "filen är sparad som UTF-8 (med BOM); SIE 4 ska vara "
                                      "PC8 (teckentabell 437). Exportera filen igen som SIE 4.")])
    if not raw.isascii():
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            raise SieError([SieProblem(0, "filen verkar vara sparad som UTF-8; SIE 4 ska vara "
                                          "PC8 (teckentabell 437). Exportera filen igen "
                                          "som SIE 4.")])
    return raw.decode("cp437")


def _checksum_bytes(fields: list[str]) -> bytes:
    parts: list[str] = []
    for token in fields:
        if token.startswith("{"):
            parts.extend(_unquote(t) for t in _OBJECT_TOKEN.findall(token[1:-1]))
        else:
            parts.append(_unquote(token))
    return "".join(parts).encode("cp437", errors="replace")


class _Reader:
    def __init__(self, verify_checksum: bool) -> None:
        self.sie = SieFile()
        self.problems: list[SieProblem] = []
        self.verify_checksum = verify_checksum
        self.crc: int | None = None  # running CRC-32 after an opening #KSUMMA
        self.checksum_closed = False
        self.format_seen = False
        self.in_block = 0

    def problem(self, line: int, message: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(SieProblem(line, message))

    def record(self, number: int, fields: list[str]) -> None:
        label = fields[0].upper()
        if label == "#KSUMMA":
            self.checksum(number, fields)
            return
        if self.crc is not None and not self.checksum_closed:
            self.crc = zlib.crc32(_checksum_bytes(fields), self.crc)
        handler = _HANDLERS.get(label)
        if handler is not None and not self.in_block:
            handler(self, number, [_unquote(f) if not f.startswith("{") else f
                                   for f in fields[1:]])

    def checksum(self, number: int, fields: list[str]) -> None:
        if len(fields) == 1:
            if self.crc is not None:
                self.problem(number, "#KSUMMA öppnas två gånger")
            self.crc = 0
            return
        if self.crc is None:
            self.problem(number, "#KSUMMA med värde utan en inledande #KSUMMA")
            return
        self.checksum_closed = True
        try:
            expected = int(fields[1])
        except ValueError:
            self.problem(number, f"#KSUMMA ska vara ett heltal, inte ”{fields[1]}”")
            return
        if self.verify_checksum and (expected & 0xFFFFFFFF) != self.crc:
            self.problem(number, "kontrollsumman (#KSUMMA) stämmer inte: filen är ändrad "
                                 "eller ofullständig")
        else:
            self.sie.checksum_verified = self.verify_checksum

    # -- records --------------------------------------------------------------

    def fmt(self, number: int, fields: list[str]) -> None:
        self.format_seen = True
        if not fields or fields[0].upper() != "PC8":
            self.problem(number, f"#FORMAT ska vara PC8, inte ”{' '.join(fields)}”")

    def rar(self, number: int, fields: list[str]) -> None:
        if len(fields) < 3:
            self.problem(number, "#RAR behöver årsnummer, startdatum och slutdatum")
            return
        start, end = _date(fields[1]), _date(fields[2])
        try:
            index = int(fields[0])
        except ValueError:
            index = None
        if index is None or start is None or end is None or end < start:
            self.problem(number, f"#RAR ”{' '.join(fields[:3])}” är inte ett räkenskapsår "
                                 "(årsnummer ÅÅÅÅMMDD ÅÅÅÅMMDD)")
            return
        self.sie.years[index] = (start, end)

    def dim(self, number: int, fields: list[str]) -> None:
        if len(fields) < 2 or not fields[0].isdigit():
            self.problem(number, "#DIM behöver dimensionsnummer och namn")
            return
        self.sie.dimensions[fields[0]] = fields[1]

    def objekt(self, number: int, fields: list[str]) -> None:
        if len(fields) < 3 or not fields[0].isdigit() or not fields[1]:
            self.problem(number, "#OBJEKT behöver dimensionsnummer, objektkod och namn")
            return
        self.sie.objects[(fields[0], fields[1])] = fields[2]

    def konto(self, number: int, fields: list[str]) -> None:
        if len(fields) < 2 or not fields[0].isdigit():
            self.problem(number, "#KONTO behöver kontonummer och namn")
            return
        self.sie.accounts[fields[0]] = fields[1]

    def balance(self, kind: BalanceKind, label: str, number: int, fields: list[str]) -> None:
        if len(fields) < 5:
            self.problem(number, f"{label} behöver årsnummer, period, konto, objektlista och "
                                 "belopp")
            return
        year_text, period, account, objects_text, amount_text = fields[:5]
        try:
            year_index = int(year_text)
        except ValueError:
            self.problem(number, f"{label}: årsnumret ”{year_text}” är inte ett heltal")
            return
        if len(period) != 6 or not period.isdigit() or not 1 <= int(period[4:]) <= 12:
            self.problem(number, f"{label}: perioden ”{period}” ska vara ÅÅÅÅMM")
            return
        if not account.isdigit():
            self.problem(number, f"{label}: kontot ”{account}” är inte ett kontonummer")
            return
        objects = _object_list(objects_text)
        if objects is None:
            self.problem(number, f"{label}: objektlistan ”{objects_text}” ska vara "
                                 '{dimension "objekt" …}')
            return
        if not _AMOUNT.match(amount_text):
            self.problem(number, f"{label}: beloppet ”{amount_text}” är inte ett belopp "
                                 "(punkt som decimaltecken, t.ex. -1234.50)")
            return
        if len(fields) > 5 and not _AMOUNT.match(fields[5]):
            self.problem(number, f"{label}: kvantiteten ”{fields[5]}” är inte ett tal "
                                 "(punkt som decimaltecken)")
            return
        try:
            amount = Decimal(amount_text)
        except InvalidOperation:  # pragma: no cover - the pattern above rules it out
            self.problem(number, f"{label}: beloppet ”{amount_text}” går inte att läsa")
            return
        self.sie.amounts.append(PeriodAmount(kind, year_index, int(period[:4]),
                                             int(period[4:]), account, objects, amount, number))


_HANDLERS = {
    "#FORMAT": _Reader.fmt,
    "#RAR": _Reader.rar,
    "#DIM": _Reader.dim,
    "#OBJEKT": _Reader.objekt,
    "#KONTO": _Reader.konto,
    "#FNAMN": lambda r, _n, f: setattr(r.sie, "company", f[0] if f else ""),
    "#PROGRAM": lambda r, _n, f: setattr(r.sie, "program", " ".join(f)),
    "#SIETYP": lambda r, _n, f: setattr(r.sie, "sie_type", f[0] if f else ""),
    "#PSALDO": lambda r, n, f: r.balance("utfall", "#PSALDO", n, f),
    "#PBUDGET": lambda r, n, f: r.balance("budget", "#PBUDGET", n, f),
}


def _lines(text: str) -> Iterator[tuple[int, str]]:
    for number, line in enumerate(text.splitlines(), start=1):
        yield number, line.strip()


def read_sie(raw: bytes, *, verify_checksum: bool = True) -> SieFile:
    """Parse ``raw``; :class:`SieError` lists every problem (nothing is half-read)."""
    text = decode(raw)
    reader = _Reader(verify_checksum)
    saw_record = False
    for number, line in _lines(text):
        if not line:
            continue
        if line == "{":
            reader.in_block += 1
            continue
        if line == "}":
            if reader.in_block == 0:
                reader.problem(number, "”}” utan ett inledande ”{”")
            reader.in_block = max(0, reader.in_block - 1)
            continue
        if not line.startswith("#"):
            reader.problem(number, f"raden börjar inte med en etikett (#…): ”{line[:40]}”")
            continue
        fields = tokens(line)
        if fields is None:
            reader.problem(number, "ett citattecken eller en klammer saknar sin avslutning")
            continue
        saw_record = True
        reader.record(number, fields)
    if not saw_record:
        reader.problem(0, "filen innehåller inga SIE-poster (#FLAGGA, #FORMAT …)")
    elif not reader.format_seen:
        reader.problem(0, "#FORMAT PC8 saknas: det här är ingen SIE 4-fil")
    if reader.in_block:
        reader.problem(0, "ett verifikationsblock ”{” avslutas aldrig med ”}”")
    if reader.crc is not None and not reader.checksum_closed:
        reader.problem(0, "#KSUMMA öppnas men filen slutar utan kontrollsumma")
    for amount in reader.sie.amounts:
        if amount.year_index not in reader.sie.years:
            reader.problem(amount.line, f"årsnummer {amount.year_index} saknar #RAR")
            break
    if reader.problems:
        raise SieError(reader.problems)
    return reader.sie


def checksum_of(lines: list[str]) -> int:
    """The #KSUMMA value of ``lines`` (records after the opening ``#KSUMMA``), for writers
    and tests."""
    crc = 0
    for line in lines:
        stripped = line.strip()
        if stripped in ("{", "}"):
            continue  # block braces are not records
        fields = tokens(stripped)
        if fields:
            crc = zlib.crc32(_checksum_bytes(fields), crc)
    return crc


def quote(text: str) -> str:
    """A field as SIE writes it: quoted (``\\"`` inside) when it holds a space, a quote or
    a brace, or is empty."""
    if text and not any(ch in text for ch in ' \t"{}\\'):
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def encode_lines(lines: list[str], *, with_checksum: bool = False) -> bytes:
    """``lines`` (records, without line ends) as a SIE 4 file: CP437 (dashes and curly
    quotes as ASCII, other characters it lacks as ``?``), CRLF; with
    ``with_checksum`` an opening ``#KSUMMA`` after the first record and the closing one
    at the end."""
    lines = [line.translate(_NOT_IN_CP437) for line in lines]
    if with_checksum:
        head, body = lines[:1], lines[1:]
        lines = [*head, "#KSUMMA", *body, f"#KSUMMA {checksum_of(body)}"]
    return ("\r\n".join(lines) + "\r\n").encode("cp437", errors="replace")


#: Punctuation CP437 lacks, written as its ASCII look-alike (Sjöviksskolan F–6 -> F-6).
_NOT_IN_CP437 = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2019": "'", "\u201d": "'",
                               "\u201c": "'", "\u00a0": " "})
