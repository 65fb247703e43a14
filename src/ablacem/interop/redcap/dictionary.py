"""REDCap data dictionary, events, instrument-event mapping and repeating instruments.

Column names and order follow REDCap's data dictionary template (the 18 columns REDCap's
"Download the current Data Dictionary" produces, REDCap 13/14); events, designations and
repeating-instrument files follow the CSV layouts REDCap accepts on its "Define My Events",
"Designate Instruments for My Events" and "Repeating Instruments and Events" pages.
"""

from __future__ import annotations

import pandas as pd

from ablacem.dataset.schema import BOOLEAN, DATE, FLOAT, INTEGER, SERIOUS_CRITERIA_COLUMNS, Column
from ablacem.protocol import TIMEPOINTS
from ablacem.protocol.codelists import END_DIED, EXTRASPINAL, SPINAL
from ablacem.scoring.lesion_scores import MIRELS_COMPONENTS, SINS_COMPONENTS

from ..codes import column_codelist, numeric_codes
from ..tableset import TableSet
from .project import ARM, RECORD_ID, Field, build_project, event_name

DICTIONARY_COLUMNS = [
    "Variable / Field Name",
    "Form Name",
    "Section Header",
    "Field Type",
    "Field Label",
    "Choices, Calculations, OR Slider Labels",
    "Field Note",
    "Text Validation Type OR Show Slider Number",
    "Text Validation Min",
    "Text Validation Max",
    "Identifier?",
    "Branching Logic (Show field only if...)",
    "Required Field?",
    "Custom Alignment",
    "Question Number (surveys only)",
    "Matrix Group Name",
    "Matrix Ranking?",
    "Field Annotation",
]
EVENT_COLUMNS = [
    "event_name",
    "arm_num",
    "day_offset",
    "offset_min",
    "offset_max",
    "unique_event_name",
    "custom_event_label",
]
MAPPING_COLUMNS = ["arm_num", "unique_event_name", "form"]
REPEATING_COLUMNS = ["event_name", "form_name", "custom_form_label"]
#: Coded fields with more choices than this are drop-down lists rather than radio buttons.
RADIO_MAX_CHOICES = 8
#: Fields shown only when another field has a value: field source -> (controlling source, code).
_BRANCHING = {
    "leakage_type": ("cement_leakage", True),
    "leakage_symptomatic": ("cement_leakage", True),
    "death_date": ("end_reason", END_DIED),
    **dict.fromkeys(SERIOUS_CRITERIA_COLUMNS, ("serious", True)),
    **dict.fromkeys((*SINS_COMPONENTS, "sins_total"), ("region", SPINAL)),
    **dict.fromkeys((*MIRELS_COMPONENTS, "mirels_total"), ("region", EXTRASPINAL)),
}
#: Section headers shown above a field (by source column).
_SECTIONS = {
    "sins_location": "Spinal Instability Neoplastic Score (SINS), spinal lesions",
    "mirels_site": "Mirels score, long-bone lesions",
    "q1": "EORTC QLQ-C30 version 3.0: item numbers only; sites load their licensed wording",
}


def choices_text(column: Column) -> str:
    """REDCap choices of a coded column: ``1, Female | 2, Male``."""
    codelist = column_codelist(column)
    codes = numeric_codes(codelist)
    return " | ".join(f"{codes[i.code]}, {i.label}" for i in codelist.items)


def field_note(column: Column) -> str:
    """REDCap's field note (shown under the input): the unit and the column's help text."""
    return ". ".join(part for part in (column.unit, column.help_text) if part)


def _validation(column: Column) -> tuple[str, str, str]:
    rng = column.range
    lo = f"{rng.minimum:g}" if rng else ""
    hi = f"{rng.maximum:g}" if rng else ""
    if column.dtype == DATE:
        return "date_ymd", "", ""
    if column.dtype == INTEGER:
        return "integer", lo, hi
    if column.dtype == FLOAT:
        # REDCap's number_Ndp demands exactly N decimals: fine for one-decimal measurements
        # (VAS 7.0), a nuisance for doses (60 mg typed as 60.000), which stay plain numbers.
        kind = "number_1dp" if rng and rng.decimals == 1 else "number"
        return kind, lo, hi
    return "", "", ""


def _branching(field: Field, by_source: dict[tuple[str, str], Field]) -> str:
    rule = _BRANCHING.get(field.source)
    if rule is None:
        return ""
    controller = by_source.get((field.table, rule[0]))
    if controller is None:
        return ""
    value = rule[1]
    if value is True:
        raw = "1"
    else:
        raw = str(numeric_codes(column_codelist(controller.column))[value])
    return f"[{controller.name}] = '{raw}'"


def _row(field: Field, by_source: dict[tuple[str, str], Field]) -> dict[str, str]:
    c = field.column
    codelist = column_codelist(c)
    if codelist is not None:
        ftype = "radio" if len(codelist) <= RADIO_MAX_CHOICES else "dropdown"
        choices = choices_text(c)
        validation = ("", "", "")
    elif c.dtype == BOOLEAN:
        ftype, choices, validation = "yesno", "", ("", "", "")
    else:
        ftype = "notes" if c.free_text else "text"
        choices, validation = "", _validation(c)
    return {
        "Variable / Field Name": field.name,
        "Form Name": field.instrument,
        "Section Header": _SECTIONS.get(field.source, ""),
        "Field Type": ftype,
        "Field Label": c.label,
        "Choices, Calculations, OR Slider Labels": choices,
        "Field Note": field_note(c),
        "Text Validation Type OR Show Slider Number": validation[0],
        "Text Validation Min": validation[1],
        "Text Validation Max": validation[2],
        "Identifier?": "y" if c.identifier else "",
        "Branching Logic (Show field only if...)": _branching(field, by_source),
        "Required Field?": "y" if c.required else "",
        "Field Annotation": f"ablacem {field.table}.{c.name}",
    }


def data_dictionary(ts: TableSet | None = None) -> pd.DataFrame:
    """The REDCap data dictionary of the project (all values text, empty cells as "").

    Parameters
    ----------
    ts : TableSet, optional
        Build the dictionary for these tables (e.g. a de-identified set); default the full
        tidy schema with identifiers.

    Returns
    -------
    DataFrame
        The 18 standard columns in REDCap's order; ``record_id`` first.
    """
    project = build_project(ts)
    by_source = {(f.table, f.source): f for f in project.fields}
    first = project.instruments[0].name
    rows = [
        {
            "Variable / Field Name": RECORD_ID,
            "Form Name": first,
            "Field Type": "text",
            "Field Label": "Study ID (pseudonym)" if ts is not None and ts.deidentified else "Study ID",
            "Required Field?": "y",
            "Field Annotation": "ablacem patients.patient_id",
        }
    ]
    rows += [_row(f, by_source) for f in project.fields]
    return pd.DataFrame(rows, columns=DICTIONARY_COLUMNS).fillna("")


def events() -> pd.DataFrame:
    """The events of the longitudinal project: one per timepoint, with its visit window."""
    rows = [
        {
            "event_name": tp.code,
            "arm_num": ARM,
            "day_offset": tp.day,
            "offset_min": tp.day - tp.lower,
            "offset_max": tp.upper - tp.day,
            "unique_event_name": event_name(tp.code),
            "custom_event_label": tp.label,
        }
        for tp in TIMEPOINTS
    ]
    return pd.DataFrame(rows, columns=EVENT_COLUMNS)


def instrument_event_mapping(ts: TableSet | None = None) -> pd.DataFrame:
    """Which instrument is collected at which event."""
    project = build_project(ts)
    rows = [
        {"arm_num": ARM, "unique_event_name": event_name(tp.code), "form": i.name}
        for tp in TIMEPOINTS
        for i in project.instruments
        if tp.code in i.events
    ]
    return pd.DataFrame(rows, columns=MAPPING_COLUMNS)


def repeating_instruments(ts: TableSet | None = None) -> pd.DataFrame:
    """Repeating instruments, per event where they are designated."""
    project = build_project(ts)
    rows = [
        {"event_name": event_name(tp.code), "form_name": i.name, "custom_form_label": ""}
        for tp in TIMEPOINTS
        for i in project.instruments
        if i.repeating and tp.code in i.events
    ]
    return pd.DataFrame(rows, columns=REPEATING_COLUMNS)
