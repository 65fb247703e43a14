"""Hypothesis strategies derived from the field registry (:mod:`ablacem.dataset.schema`).

For every declared column: values inside its declaration (codes, range at its decimals,
plausible dates), its boundaries, and values just outside or of the wrong kind (codes that do
not exist, the range plus or minus one step, denormal and huge numbers, NaN, empty and very
long text, spreadsheet formulas, dates a century away).
"""

from __future__ import annotations

import datetime as dt
import math

from hypothesis import strategies as st

from ablacem.dataset.schema import BOOLEAN, DATE, FLOAT, INTEGER, STRING, Column

TODAY = dt.date.today()
#: Denormal numbers (issue 11: VAS and cement volume accept ``1e-320``). The edit checks refusing
#: more decimals than declared is h11a's part of issue 11; until it is merged they stay out of
#: the standing run so that it stays green, and the lead sets this to True at the merge.
DENORMALS_REFUSED = True
DENORMALS = [1e-320, 5e-324] if DENORMALS_REFUSED else []
NASTY_TEXT = [
    "",
    " ",
    '=HYPERLINK("http://example.org","click")',
    "+1",
    "-1",
    "@SUM(A1)",
    "\t\r\n",
    "<script>alert(1)</script>",
    "Ωmega ❤ 𝔘",
    "x" * 5000,
    "\x00",
]


def _step(column: Column) -> float:
    return 10 ** -(column.range.decimals if column.range else 0)


def valid_value(column: Column) -> st.SearchStrategy:
    """Values a correct entry could hold for ``column``."""
    if column.codes is not None:
        codes = list(column.codes.codes)
        return st.sampled_from([int(c) for c in codes] if column.dtype == INTEGER else codes)
    if column.dtype == INTEGER:
        if column.range is None:
            return st.integers(0, 100)
        return st.integers(int(column.range.minimum), int(column.range.maximum))
    if column.dtype == FLOAT:
        if column.range is None:
            return st.floats(0, 100, allow_nan=False)
        lo, hi, d = column.range.minimum, column.range.maximum, column.range.decimals
        return st.integers(round(lo * 10**d), round(hi * 10**d)).map(lambda n: round(n / 10**d, d))
    if column.dtype == DATE:
        return st.dates(TODAY - dt.timedelta(days=400), TODAY)
    if column.dtype == BOOLEAN:
        return st.booleans()
    return st.text(max_size=40)


def boundary_value(column: Column) -> st.SearchStrategy:
    """Values at and just beyond the declaration of ``column``, and values of the wrong kind."""
    extra: list = [None]
    if column.range is not None:
        lo, hi, step = column.range.minimum, column.range.maximum, _step(column)
        extra += [lo, hi, lo - step, hi + step, lo - 1, hi + 1, -0.0]
    if column.dtype == FLOAT:
        extra += [*DENORMALS, 1e308, -1e308, math.nan, math.inf, -math.inf, 0.123456789, 1 / 3]
    if column.dtype == INTEGER:
        extra += [-1, 0, 2**15, 2**31, 2**63, -(2**63)]
    if column.codes is not None:
        extra += ["", "not-a-code", "NULL", " " + column.codes.codes[0]]
    if column.dtype == STRING:
        extra += NASTY_TEXT
    if column.dtype == DATE:
        extra += [dt.date(1, 1, 1), dt.date(1900, 1, 1), dt.date(9999, 12, 31), TODAY + dt.timedelta(days=1)]
    if column.dtype == BOOLEAN:
        extra += [0, 1, "yes"]
    return st.sampled_from(extra)


def any_value(column: Column) -> st.SearchStrategy:
    """Mostly valid values, often boundaries, sometimes of the wrong kind."""
    return st.one_of(valid_value(column), valid_value(column), boundary_value(column))


def field_values(columns: list[Column], *, required: tuple[str, ...] = ()) -> st.SearchStrategy[dict]:
    """Keyword arguments for ``columns``: those in ``required`` always present, the others at random."""
    always = {c.name: any_value(c) for c in columns if c.name in required}
    maybe = {c.name: any_value(c) for c in columns if c.name not in required}
    return st.fixed_dictionaries(always, optional=maybe)
