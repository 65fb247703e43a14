"""Write the study's data as a REDCap "flat" raw-data export (what REDCap's CSV export gives).

Layout (REDCap longitudinal project with repeating instruments): ``record_id``,
``redcap_event_name``, ``redcap_repeat_instrument``, ``redcap_repeat_instance``, then each
instrument's fields followed by its ``<form>_complete`` status (2 = Complete). One row per record
and event for the non-repeating instruments, one row per instance of a repeating instrument.
Raw values: choice codes as integers (:mod:`ablacem.interop.codes`), yes/no as 1/0, dates
``YYYY-MM-DD``; empty cells for missing values.
"""

from __future__ import annotations

import pandas as pd

from ablacem.dataset import Dataset
from ablacem.dataset.consistency import procedure_dates
from ablacem.dataset.schema import BOOLEAN, DATE, FLOAT, Column
from ablacem.protocol import TIMEPOINT_CODES, get_timepoint

from ..codes import coded_numbers, column_codelist
from ..tableset import TableSet
from ..text import as_text, format_float
from .project import RECORD_ID, Instrument, build_project, event_name

META_COLUMNS = [RECORD_ID, "redcap_event_name", "redcap_repeat_instrument", "redcap_repeat_instance"]
COMPLETE = "2"


def raw_values(series: pd.Series, column: Column) -> pd.Series:
    """REDCap raw text of a column: integer choice codes, 1/0, ISO dates ("" when missing)."""
    if column_codelist(column) is not None:
        out = coded_numbers(series, column).map(lambda n: None if pd.isna(n) else str(int(n)))
    elif column.dtype == BOOLEAN:
        out = as_text(series, column, true="1", false="0")
    elif column.dtype == FLOAT and column.range is not None and 1 <= column.range.decimals <= 4:
        out = series.map(lambda v: None if pd.isna(v) else format_float(float(v), column.range.decimals))
    else:
        out = as_text(series, column)
    return out.fillna("").astype(object)


def _onset_days(ts: TableSet) -> pd.Series:
    ae = ts.frames["adverse_events"]
    column = ts.find("adverse_events", "onset_date")
    if column.dtype == DATE:
        # Dates are real or shifted per patient: either way days from that patient's day 0.
        day0 = procedure_dates(Dataset({"procedures": ts.frames["procedures"]}))
        return (ae[column.name] - ae["patient_id"].map(day0).astype("datetime64[ns]")).dt.days
    return ae[column.name].astype("float64")  # relative mode: already days from the procedure


def _ae_events(ts: TableSet, instrument: Instrument) -> pd.Series:
    """Event of each adverse event: the last designated timepoint whose target day is on or before onset."""

    def pick(days: float) -> str:
        chosen = instrument.events[0]
        if pd.notna(days):
            for code in instrument.events:
                if get_timepoint(code).day <= days:
                    chosen = code
        return chosen

    return _onset_days(ts).map(pick)


def _instrument_rows(ts: TableSet, instrument: Instrument) -> pd.DataFrame:
    frame = ts.frames[instrument.table].reset_index(drop=True)
    data = {f.name: raw_values(frame[f.column.name], f.column) for f in instrument.fields}
    out = pd.DataFrame(data, index=frame.index)
    out[RECORD_ID] = frame["patient_id"]
    if "timepoint" in frame:
        out["_event"] = frame["timepoint"]
    elif instrument.name == "adverse_events":
        out["_event"] = _ae_events(ts, instrument)
    else:
        out["_event"] = instrument.events[0]
    has_data = (out[[f.name for f in instrument.fields]] != "").any(axis=1)
    if instrument.table == "patients" and instrument.name != "enrolment":
        out = out[has_data]
    out[instrument.complete_field] = COMPLETE
    return out


def export_records(data: Dataset | TableSet) -> pd.DataFrame:
    """The data as a REDCap flat raw export.

    Parameters
    ----------
    data : Dataset or TableSet
        A tidy dataset (its identifiers are exported to the ``identifiers`` instrument when
        present) or a de-identified table set.

    Returns
    -------
    DataFrame
        All text; columns as REDCap exports them, rows ordered by record, event, instrument and
        instance.
    """
    ts = data if isinstance(data, TableSet) else TableSet.from_dataset(data)
    project = build_project(ts)
    columns = list(META_COLUMNS)
    for instrument in project.instruments:
        columns += [f.name for f in instrument.fields] + [instrument.complete_field]
    record_order = {pid: i for i, pid in enumerate(ts.frames["patients"]["patient_id"])}
    event_order = {code: i for i, code in enumerate(TIMEPOINT_CODES)}

    parts = []
    for position, instrument in enumerate(project.instruments):
        rows = _instrument_rows(ts, instrument)
        if rows.empty:
            continue
        if instrument.repeating:
            rows["redcap_repeat_instrument"] = instrument.name
            rows["redcap_repeat_instance"] = rows.groupby([RECORD_ID, "_event"]).cumcount() + 1
            rows["_form"] = position
        else:
            rows["redcap_repeat_instrument"] = ""
            rows["redcap_repeat_instance"] = 0
            rows["_form"] = -1
        parts.append(rows)
    if not parts:
        return pd.DataFrame(columns=columns)
    keys = [RECORD_ID, "_event", "redcap_repeat_instrument", "redcap_repeat_instance"]
    allrows = pd.concat(parts, ignore_index=True)
    # One row per record and event for every non-repeating instrument of that event.
    merged = allrows.groupby(keys, sort=False, dropna=False).first().reset_index()
    merged["_r"] = merged[RECORD_ID].map(record_order)
    merged["_e"] = merged["_event"].map(event_order)
    merged = merged.sort_values(["_r", "_e", "_form", "redcap_repeat_instance"], kind="stable")
    merged["redcap_event_name"] = merged["_event"].map(event_name)
    merged["redcap_repeat_instance"] = merged["redcap_repeat_instance"].map(lambda n: "" if n == 0 else str(int(n)))
    out = merged.reindex(columns=columns).fillna("").astype(object)
    return out.reset_index(drop=True)
