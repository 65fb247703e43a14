"""What every section module shares: the section result, timepoint labels, wide frames."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ablacem.analysis.model import ReportTable
from ablacem.protocol import FOLLOW_UP_CODES, TIMEPOINT_CODES, get_timepoint

TIMEPOINTS = list(TIMEPOINT_CODES)
FOLLOW_UPS = list(FOLLOW_UP_CODES)
#: WHO analgesic ladder steps (WHO 1986/1996; ablacem rule for weak opioids).
WHO_LABELS = {0: "0 none", 1: "1 non-opioid", 2: "2 weak opioid", 3: "3 strong opioid"}


@dataclass
class Section:
    """What one section module returns: results.json entries and report tables."""

    results: dict = field(default_factory=dict)
    tables: list[ReportTable] = field(default_factory=list)


def label(tp: str) -> str:
    """Display label of a timepoint code."""
    return get_timepoint(tp).label


def wide(visits: pd.DataFrame, column: str) -> pd.DataFrame:
    """One row per patient, one column per timepoint (schedule order) of ``column``."""
    if visits.empty:
        return pd.DataFrame(columns=TIMEPOINTS, dtype="float64")
    out = visits.pivot(index="patient_id", columns="timepoint", values=column)
    return out.reindex(columns=TIMEPOINTS)


def wide_columns(visits: pd.DataFrame, columns) -> dict[str, pd.DataFrame]:
    """:func:`wide` of each of ``columns``, from one pivot (sixteen QLQ-C30 scores at 10,000
    patients: one reshaping instead of sixteen)."""
    columns = list(columns)
    if visits.empty:
        return {column: wide(visits, column) for column in columns}
    out = visits.pivot(index="patient_id", columns="timepoint", values=columns)
    return {column: out[column].reindex(columns=TIMEPOINTS) for column in columns}


def table(id: str, title: str, rows: list[dict] | pd.DataFrame, note: str, section: str) -> ReportTable:
    """A :class:`ReportTable` from a list of row dicts (or a frame), cells as given."""
    frame = rows if isinstance(rows, pd.DataFrame) else pd.DataFrame(rows)
    return ReportTable(id=id, title=title, frame=frame.reset_index(drop=True), note=note, section=section)
