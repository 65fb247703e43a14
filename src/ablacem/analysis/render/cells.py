"""Cell values of a display table, as the writers put them in Word, Excel and HTML."""

from __future__ import annotations

import math
import numbers

import numpy as np
import pandas as pd


def cell_value(value) -> str | int | float | None:
    """A table cell as a plain Python value: None for missing, numbers as numbers, else text."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, bool | np.bool_):
        return "Yes" if value else "No"
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        return None if math.isnan(float(value)) else float(value)
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    return str(value)


def cell_text(value) -> str:
    """A table cell as display text (missing is an empty cell; floats keep up to 4 significant decimals)."""
    v = cell_value(value)
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:.4g}" if abs(v) < 1e4 else f"{v:,.0f}"
    return str(v)


def header_text(column) -> str:
    """A column label; MultiIndex columns are joined with a line break."""
    if isinstance(column, tuple):
        return "\n".join(str(c) for c in column if str(c) and not str(c).startswith("Unnamed"))
    return str(column)
