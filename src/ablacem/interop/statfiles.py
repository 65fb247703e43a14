"""SPSS ``.sav`` and Stata ``.dta`` files with variable and value labels (pyreadstat).

Coded text columns are written as their integer codes (:mod:`ablacem.interop.codes`, the same
numbers as the REDCap project) with the code list's labels as value labels; booleans as 0/1
labelled No/Yes; dates as SPSS/Stata dates. Stata limits names to 32 characters and variable
labels to 80 (Stata 14+ ``.dta`` format 118); longer labels are shortened, longer names refused.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pandas as pd
import pyreadstat

from ablacem.dataset.schema import BOOLEAN, DATE, FLOAT, INTEGER, Column

from .codes import coded_numbers, column_codelist, value_labels
from .shapes import ExportFrame

STATA_NAME_MAX = 32
STATA_LABEL_MAX = 80
_STATA_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
YES_NO = {0: "No", 1: "Yes"}


#: Dates are written as numbers in each package's own encoding with a date display format, so
#: that missing dates are plain system-missing values (pyreadstat guesses the type of an
#: object column from its first values and mistakes a mostly empty date column for text).
_EPOCHS = {"spss": (dt.date(1582, 10, 14), 86400.0, "DATE11"), "stata": (dt.date(1960, 1, 1), 1.0, "%td")}


def _encode(series: pd.Series, column: Column, target: str) -> tuple[pd.Series, dict[int, str] | None]:
    if column_codelist(column) is not None:
        return coded_numbers(series, column).astype("float64"), value_labels(column)
    if column.dtype == BOOLEAN:
        return series.map(lambda v: float("nan") if pd.isna(v) else float(bool(v))).astype("float64"), YES_NO
    if column.dtype == DATE:
        epoch, unit, _ = _EPOCHS[target]
        # 1582 is outside datetime64[ns]; count days from 1970 and add the epoch's offset.
        offset = (dt.date(1970, 1, 1) - epoch).days
        days = (series - pd.Timestamp("1970-01-01")).dt.days + offset
        return (days * unit).astype("float64"), None
    if column.dtype in (INTEGER, FLOAT):
        return series.astype("float64"), None
    return series.astype(object).where(series.notna(), None), None


def _label(text: str) -> str:
    return text if len(text) <= STATA_LABEL_MAX else text[: STATA_LABEL_MAX - 3] + "..."


def labelled_frame(
    export: ExportFrame, target: str
) -> tuple[pd.DataFrame, list[str], dict[str, dict[int, str]], dict[str, str]]:
    """The frame as pyreadstat wants it for ``target`` (``spss`` or ``stata``): data, variable
    labels, value labels by variable and display formats of the date variables."""
    data: dict[str, pd.Series] = {}
    formats: dict[str, str] = {}
    labels: list[str] = []
    value_lbls: dict[str, dict[int, str]] = {}
    for column in export.columns:
        data[column.name], vl = _encode(export.frame[column.name].reset_index(drop=True), column, target)
        if column.dtype == DATE:
            formats[column.name] = _EPOCHS[target][2]
        unit = f" ({column.unit})" if column.unit and column.unit not in column.label else ""
        labels.append(_label(column.label + unit))
        if vl:
            value_lbls[column.name] = vl
    return pd.DataFrame(data), labels, value_lbls, formats


def check_stata_names(names: list[str]) -> None:
    """Raise ValueError naming the first variable name Stata would refuse."""
    for name in names:
        if len(name) > STATA_NAME_MAX or not _STATA_NAME.match(name):
            raise ValueError(f"{name!r} is not a valid Stata variable name (letters, digits, _; at most 32)")


def spss_formats_and_measures(export: ExportFrame) -> tuple[dict[str, str], dict[str, str]]:
    """SPSS display formats and measurement levels of the numeric variables.

    Codes, yes/no and whole numbers show without decimals (``F8.0``: ``1 Female``, not
    ``1.00``), measured values with the decimals their range allows (VAS ``F8.1``); numeric
    codes of an ordered scale (ECOG, CIRSE grade, QLQ-C30 answers, SINS points) are
    ``ordinal``, other codes and yes/no ``nominal``, numbers ``scale``. Dates keep ``DATE11``
    (set by :func:`labelled_frame`).
    """
    formats: dict[str, str] = {}
    measures: dict[str, str] = {}
    for column in export.columns:
        codelist = column_codelist(column)
        if codelist is not None:
            formats[column.name] = "F8.0"
            measures[column.name] = "ordinal" if column.dtype == INTEGER else "nominal"
        elif column.dtype == BOOLEAN:
            formats[column.name], measures[column.name] = "F1.0", "nominal"
        elif column.dtype == INTEGER:
            formats[column.name], measures[column.name] = "F8.0", "scale"
        elif column.dtype == FLOAT:
            decimals = column.range.decimals if column.range is not None else 2
            formats[column.name], measures[column.name] = f"F10.{decimals}", "scale"
        elif column.dtype == DATE:
            measures[column.name] = "scale"
        else:
            measures[column.name] = "nominal"
    return formats, measures


def write_sav(export: ExportFrame, path: Path) -> Path:
    """Write one export frame as an SPSS ``.sav`` file."""
    frame, labels, vls, formats = labelled_frame(export, "spss")
    numeric_formats, measures = spss_formats_and_measures(export)
    pyreadstat.write_sav(
        frame,
        str(path),
        column_labels=labels,
        variable_value_labels=vls,
        variable_format={**numeric_formats, **formats},
        variable_measure=measures,
    )
    return path


def write_dta(export: ExportFrame, path: Path) -> Path:
    """Write one export frame as a Stata ``.dta`` file (format 118)."""
    frame, labels, vls, formats = labelled_frame(export, "stata")
    check_stata_names(list(frame.columns))
    pyreadstat.write_dta(
        frame, str(path), column_labels=labels, variable_value_labels=vls, version=15, variable_format=formats or None
    )
    return path
