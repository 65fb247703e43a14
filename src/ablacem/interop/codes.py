"""Numeric codes for coded columns: the one place where our string codes become integers.

REDCap stores raw choice codes as integers, SPSS/Stata value labels attach to numbers. Both read
the mapping from here so that a REDCap export and an SPSS file of the same data agree.

Rule: when every code of a list is already an integer (SINS/Mirels points, ECOG, CIRSE grade,
QLQ-C30 responses) the integer is the code itself; otherwise codes are numbered 1, 2, ... in the
list's order in :mod:`ablacem.protocol.codelists`. Code lists only ever grow at the end (a code
never changes once data exist), so the numbers are stable.
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from ablacem.dataset.schema import INTEGER, Column
from ablacem.protocol.codelists import CodeList


def _is_int(text: str) -> bool:
    return text.lstrip("-").isdigit()


@cache
def numeric_codes(codelist: CodeList) -> dict[str, int]:
    """Map each code of ``codelist`` to its integer (see the module rule).

    Parameters
    ----------
    codelist : CodeList

    Returns
    -------
    dict of str to int
        In list order.
    """
    if all(_is_int(c) for c in codelist.codes):
        return {c: int(c) for c in codelist.codes}
    return {c: i for i, c in enumerate(codelist.codes, start=1)}


@cache
def code_of_number(codelist: CodeList) -> dict[int, str]:
    """The inverse of :func:`numeric_codes`."""
    return {n: c for c, n in numeric_codes(codelist).items()}


def column_codelist(column: Column) -> CodeList | None:
    """The code list of a column: its declared ``codes`` (:mod:`ablacem.dataset.schema`), or None."""
    return column.codes


def value_labels(column: Column) -> dict[int, str] | None:
    """Integer value labels of a coded column (``{1: "Female", 2: "Male"}``), or None."""
    codelist = column_codelist(column)
    if codelist is None:
        return None
    codes = numeric_codes(codelist)
    return {codes[item.code]: item.label for item in codelist.items}


def coded_numbers(series: pd.Series, column: Column) -> pd.Series:
    """The integer code (:func:`numeric_codes`) of every value of a coded column.

    Parameters
    ----------
    series : Series
        Values of ``column`` as the tidy dataset holds them (text codes, or Int64 points).
    column : Column
        A column with a code list (:func:`column_codelist`).

    Returns
    -------
    Series of Int64
        ``<NA>`` where the value is missing.

    Raises
    ------
    ValueError
        Naming the first value that is not a code of the column's list.
    """
    codelist = column_codelist(column)
    mapping = numeric_codes(codelist)
    keys = series.map(lambda v: None if pd.isna(v) else str(int(v)) if column.dtype == INTEGER else str(v))
    present = keys.dropna()
    unknown = present[~present.isin(mapping)]
    if len(unknown):
        raise ValueError(f"{column.name}: {unknown.iloc[0]!r} is not a code of {codelist.name}")
    return keys.map(mapping).astype("Int64")
