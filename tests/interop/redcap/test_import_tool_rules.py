"""The flat export obeys what REDCap's Data Import Tool checks, read from the dictionary files.

An independent checker: every value is tested against its field's row of the data dictionary
with REDCap's own rules (REDCap validation types: ``integer`` whole numbers, ``number_Ndp``
exactly N decimals, ``date_ymd`` YYYY-MM-DD, min/max; radio/dropdown codes from the choices;
yes/no 1/0), and every row against the events, instrument designations and repeating
instruments, so a file REDCap would refuse fails here first.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from ablacem.interop.deidentify import deidentify
from ablacem.interop.redcap import (
    data_dictionary,
    events,
    export_records,
    instrument_event_mapping,
    repeating_instruments,
)
from tests.interop.helpers import KEY

_FORMATS = {
    "integer": re.compile(r"^-?\d+$"),
    "date_ymd": re.compile(r"^\d{4}-\d{2}-\d{2}$"),
    "number": re.compile(r"^-?\d+(\.\d+)?$"),
}
_META = ["record_id", "redcap_event_name", "redcap_repeat_instrument", "redcap_repeat_instance"]


def _value_problem(row: pd.Series, value: str) -> str | None:
    ftype = row["Field Type"]
    if ftype in ("radio", "dropdown"):
        codes = {c.split(",", 1)[0].strip() for c in row["Choices, Calculations, OR Slider Labels"].split("|")}
        return None if value in codes else "not a choice code"
    if ftype == "yesno":
        return None if value in ("0", "1") else "not 1/0"
    kind = row["Text Validation Type OR Show Slider Number"]
    if not kind:
        return None
    dp = re.fullmatch(r"number_(\d)dp", kind)
    pattern = re.compile(rf"^-?\d+\.\d{{{dp.group(1)}}}$") if dp else _FORMATS[kind]
    if not pattern.match(value):
        return f"does not match {kind}"
    if kind == "date_ymd":
        return None
    lo, hi = row["Text Validation Min"], row["Text Validation Max"]
    if (lo and float(value) < float(lo)) or (hi and float(value) > float(hi)):
        return f"outside {lo}..{hi}"
    return None


def _problems(records: pd.DataFrame, ts=None) -> list[str]:
    dd = data_dictionary(ts).set_index("Variable / Field Name")
    form_of = dd["Form Name"]
    event_names = set(events()["unique_event_name"])
    mapping = instrument_event_mapping(ts)
    designated = set(zip(mapping["unique_event_name"], mapping["form"], strict=True))
    rep = repeating_instruments(ts)
    repeating = set(zip(rep["event_name"], rep["form_name"], strict=True))
    forms = set(form_of)
    out = []
    for column in records.columns:
        if column not in _META and column not in dd.index and column.removesuffix("_complete") not in forms:
            out.append(f"column {column} is not in the dictionary")
    for i, row in records.iterrows():
        event, instrument = row["redcap_event_name"], row["redcap_repeat_instrument"]
        if event not in event_names:
            out.append(f"row {i}: unknown event {event}")
        if instrument and (event, instrument) not in repeating:
            out.append(f"row {i}: {instrument} does not repeat at {event}")
        if bool(instrument) != bool(row["redcap_repeat_instance"]):
            out.append(f"row {i}: repeat instrument and instance must come together")
        for field in dd.index:
            value = row[field]
            if value == "":
                continue
            form = form_of[field]
            if instrument and form != instrument and field != "record_id":
                out.append(f"row {i}: {field} of {form} on a {instrument} row")
            if field != "record_id" and (event, form) not in designated:
                out.append(f"row {i}: {form} is not designated at {event}")
            problem = _value_problem(dd.loc[field], value)
            if problem:
                out.append(f"row {i}, {field}={value!r}: {problem}")
    return out


def test_the_checker_catches_what_redcap_refuses(small):
    records = export_records(small)
    first = records.index[records["redcap_repeat_instrument"] == ""][0]
    broken = records.copy()
    broken.loc[first, "vas_worst"] = "7"  # number_1dp needs "7.0"
    broken.loc[first, "sex"] = "9"
    broken.loc[first, "redcap_event_name"] = "m6_arm_1"
    problems = _problems(broken)
    assert any("vas_worst='7': does not match number_1dp" in p for p in problems)
    assert any("sex='9': not a choice code" in p for p in problems)
    assert any("unknown event m6_arm_1" in p for p in problems)


@pytest.mark.slow
def test_the_synthetic_cohort_export_passes_the_import_tool_rules(cohort):
    assert _problems(export_records(cohort)) == []


def test_a_deidentified_export_passes_against_its_own_dictionary(small):
    ts = deidentify(small, key=KEY)
    assert _problems(export_records(ts), ts) == []
