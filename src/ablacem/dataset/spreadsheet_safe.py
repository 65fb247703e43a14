"""Text cells that a spreadsheet opens as text, never as a formula (CSV / formula injection).

OWASP, "CSV Injection" (https://owasp.org/www-community/attacks/CSV_Injection, retrieved
2026): a cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return may be
run as a formula by Excel, LibreOffice or Google Sheets when a person opens the file; the
guidance is to prefix such a cell with a single quote. Every file ablacem writes for a person
(the tidy dataset, ``audit.csv``, the interop CSVs, the REDCap records) passes its text cells
through :func:`neutralise`.

The escape is unambiguous, so a reader can undo exactly what the writer did
(:func:`restore`): a cell that begins with a formula character *or with the quote itself* gets
one leading quote; a reader removes one leading quote from every text cell. A number stays a
number: ``-1.5`` is written as it is (a spreadsheet reads it as the number it is).
"""

from __future__ import annotations

import re

import pandas as pd

#: The characters that make a spreadsheet read a cell as a formula (OWASP).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: The escape: a leading single quote (what OWASP recommends, and what a spreadsheet shows as text).
ESCAPE = "'"
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def needs_escape(text: str) -> bool:
    """True when ``text`` must be escaped: it starts like a formula (and is not a plain number) or
    starts with the escape character itself."""
    if text.startswith(ESCAPE):
        return True
    return text.startswith(FORMULA_START) and _NUMBER.fullmatch(text) is None


def neutralise(value):
    """``value`` as a spreadsheet will show it as text: a text cell starting like a formula (or
    with the quote) gets one leading quote; anything else (numbers, missing values) is unchanged.

    Parameters
    ----------
    value : object
        A cell value.

    Returns
    -------
    object
        The escaped text, or ``value`` itself.
    """
    if isinstance(value, str) and needs_escape(value):
        return ESCAPE + value
    return value


def restore(value):
    """Undo :func:`neutralise`: one leading quote is removed from a text cell.

    ``restore(neutralise(v)) == v`` for every value.
    """
    if isinstance(value, str) and value.startswith(ESCAPE):
        return value[len(ESCAPE) :]
    return value


def neutralise_frame(frame: pd.DataFrame, columns=None) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells (in ``columns``, default every column) are neutralised."""
    out = frame.copy()
    for name in out.columns if columns is None else columns:
        if out[name].dtype == object or pd.api.types.is_string_dtype(out[name].dtype):
            out[name] = out[name].map(neutralise)
    return out
