"""Simple Excel formulas, for cells a script wrote without a computed value.

Excel saves each formula's last result next to it; openpyxl (and other scripts) write
only the formula, so reading such a file with ``data_only`` gives an empty cell. An
acting period ending ``=DATE(2027,1,31)`` would silently become open-ended. This module
evaluates the simple ones:

* numbers, text in double quotes (``""`` for a quote), TRUE/FALSE;
* references to other cells of the same sheet (``A2``, ``$B$3``);
* ``+ - * /`` on numbers (a date plus or minus a number of days), ``&`` to join text,
  unary minus, parentheses;
* ``DATE(year, month, day)``.

Anything else raises :class:`FormulaError`; the reader then hands the cell on as an
:class:`UnevaluatedFormula` and the row gets the error "formel utan värde".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

Value = str | float | int | bool | date | None
Resolver = Callable[[int, int], Value]  # (row, column), both 1-based → the cell's value

_TOKEN = re.compile(
    r"""\s*(?:
        (?P<number>\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)
      | (?P<string>"(?:[^"]|"")*")
      | (?P<ref>\$?[A-Za-z]{1,3}\$?\d{1,7})(?![A-Za-z0-9_(])
      | (?P<name>[A-Za-z_][A-Za-z0-9_.]*)
      | (?P<op>[-+*/&(),])
    )""",
    re.VERBOSE,
)
MAX_DEPTH = 50


class FormulaError(ValueError):
    """The formula is not one of the simple kinds evaluated here."""


@dataclass(frozen=True)
class UnevaluatedFormula:
    """A formula cell without a value that could not be evaluated."""

    formula: str

    def __str__(self) -> str:  # never mistaken for the cell's text
        return ""


def column_number(letters: str) -> int:
    number = 0
    for ch in letters.upper():
        number = number * 26 + (ord(ch) - 64)
    return number


def _tokens(text: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    pos = 0
    text = text.rstrip()
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None or match.end() == pos:
            raise FormulaError(text)
        kind = match.lastgroup or ""
        out.append((kind, match.group(kind)))
        pos = match.end()
    return out


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]], resolve: Resolver) -> None:
        self.tokens = tokens
        self.pos = 0
        self.resolve = resolve

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self, value: str | None = None) -> tuple[str, str]:
        token = self.peek()
        if token is None or (value is not None and token[1] != value):
            raise FormulaError(value or "end")
        self.pos += 1
        return token

    def expression(self) -> Value:
        left = self.additive()
        while (token := self.peek()) is not None and token[1] == "&":
            self.take()
            left = _text(left) + _text(self.additive())
        return left

    def additive(self) -> Value:
        left = self.term()
        while (token := self.peek()) is not None and token[1] in "+-":
            self.take()
            right = self.term()
            left = _add(left, right, 1 if token[1] == "+" else -1)
        return left

    def term(self) -> Value:
        left = self.unary()
        while (token := self.peek()) is not None and token[1] in "*/":
            self.take()
            a, b = _number(left), _number(self.unary())
            if token[1] == "/":
                if b == 0:
                    raise FormulaError("division by zero")
                left = a / b
            else:
                left = a * b
        return left

    def unary(self) -> Value:
        token = self.peek()
        if token is not None and token[1] in "+-":
            self.take()
            value = _number(self.unary())
            return -value if token[1] == "-" else value
        return self.atom()

    def atom(self) -> Value:
        kind, text = self.take()
        if kind == "number":
            number = float(text)
            return int(number) if number.is_integer() and "." not in text else number
        if kind == "string":
            return text[1:-1].replace('""', '"')
        if kind == "ref":
            match = re.fullmatch(r"\$?([A-Za-z]+)\$?(\d+)", text)
            assert match is not None
            return self.resolve(int(match.group(2)), column_number(match.group(1)))
        if kind == "name":
            upper = text.upper()
            if upper in ("TRUE", "SANT"):
                return True
            if upper in ("FALSE", "FALSKT"):
                return False
            if upper in ("DATE", "DATUM"):
                self.take("(")
                parts = [self.expression()]
                for _ in range(2):
                    self.take(",")
                    parts.append(self.expression())
                self.take(")")
                year, month, day = (int(_number(p)) for p in parts)
                try:
                    return date(year, month, day)
                except ValueError:
                    raise FormulaError("bad date") from None
            raise FormulaError(text)
        if text == "(":
            value = self.expression()
            self.take(")")
            return value
        raise FormulaError(text)


def _number(value: Value) -> float:
    if isinstance(value, bool) or value is None or isinstance(value, str | date):
        if value is None:
            return 0.0
        raise FormulaError("not a number")
    return float(value)


def _text(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, date):
        raise FormulaError("date as text")
    return str(value)


def _add(left: Value, right: Value, sign: int) -> Value:
    if isinstance(left, date) and not isinstance(right, date):
        days = _number(right)
        if not days.is_integer():
            raise FormulaError("part of a day")
        moved = left + timedelta(days=sign * int(days))
        return moved
    if isinstance(left, date) and isinstance(right, date) and sign < 0:
        return (left - right).days
    result = _number(left) + sign * _number(right)
    return int(result) if result.is_integer() else result


def evaluate(formula: str, resolve: Resolver) -> Value:
    """The value of ``formula`` (with or without the leading ``=``). FormulaError when it
    is not a simple formula."""
    text = formula[1:] if formula.startswith("=") else formula
    parser = _Parser(_tokens(text), resolve)
    value = parser.expression()
    if parser.peek() is not None:
        raise FormulaError(text)
    if isinstance(value, datetime):
        return value.date()
    return value


class SheetFormulas:
    """Evaluates the formulas of one sheet, following references between its cells."""

    def __init__(self, values: dict[tuple[int, int], Value],
                 formulas: dict[tuple[int, int], str]) -> None:
        self.values = values  # cached values (None for formula cells without one)
        self.formulas = formulas
        self._done: dict[tuple[int, int], Value] = {}
        self._busy: set[tuple[int, int]] = set()

    def value(self, row: int, column: int) -> Value:
        key = (row, column)
        if key in self._done:
            return self._done[key]
        formula = self.formulas.get(key)
        cached = self.values.get(key)
        if formula is None or cached is not None:
            return cached
        if key in self._busy or len(self._busy) > MAX_DEPTH:
            raise FormulaError("circular reference")
        self._busy.add(key)
        try:
            result = evaluate(formula, self.value)
        finally:
            self._busy.discard(key)
        self._done[key] = result
        return result
