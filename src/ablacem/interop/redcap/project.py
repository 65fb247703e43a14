"""The REDCap project of this study: instruments, fields, events, designations, repeats.

A longitudinal project with one arm and one event per timepoint (``baseline_arm_1``,
``post_arm_1``, ``w1_arm_1``, ``m1_arm_1``, ``m3_arm_1``). Each instrument holds the columns of
one tidy table (``end_of_study`` holds the patients table's end-of-study columns); the record ID
is the study ID. Field names are the column names, prefixed per instrument where two tables
share a name (``lesion_id`` of a procedure is ``proc_lesion_id``); REDCap wants them lower case
and recommends at most 26 characters (REDCap data dictionary guide, "Variable / Field Name").

The project is built from a :class:`~ablacem.interop.tableset.TableSet`'s declarations, so a
de-identified set (dates as ``<column>_day``) gets the matching de-identified project.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ablacem.dataset import TABLES
from ablacem.dataset.schema import Column
from ablacem.protocol import FOLLOW_UP_CODES, IMAGING_TIMEPOINT_CODES, TIMEPOINT_CODES, TIMEPOINTS
from ablacem.protocol.timepoints import BASELINE, MONTH_3, POST

from ..tableset import TableSet

RECORD_ID = "record_id"
ARM = 1
_FIELD_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


def event_name(timepoint: str) -> str:
    """Unique REDCap event name of a timepoint (``m1`` -> ``m1_arm_1``)."""
    return f"{timepoint}_arm_{ARM}"


@dataclass(frozen=True)
class InstrumentSpec:
    """Which tidy columns an instrument holds and where it is collected."""

    name: str
    label: str
    table: str
    columns: tuple[str, ...]
    events: tuple[str, ...]
    repeating: bool
    prefix: str = ""


_PATIENT_END = ("end_reason", "end_date", "death_date")


def _cols(table: str, drop: tuple[str, ...] = ()) -> tuple[str, ...]:
    return tuple(c for c in TABLES[table].column_names if c not in ("patient_id", "timepoint", *drop))


INSTRUMENT_SPECS: tuple[InstrumentSpec, ...] = (
    InstrumentSpec("enrolment", "Enrolment", "patients", _cols("patients", _PATIENT_END), (BASELINE,), False),
    InstrumentSpec("identifiers", "Identifiers", "identifiers", _cols("identifiers"), (BASELINE,), False),
    InstrumentSpec("lesions", "Target lesions", "lesions", _cols("lesions"), (BASELINE,), True, "lesion_"),
    InstrumentSpec("procedures", "Procedure", "procedures", _cols("procedures"), (POST,), True, "proc_"),
    InstrumentSpec(
        "assessment", "Pain and quality of life", "assessments", _cols("assessments"), TIMEPOINT_CODES, False
    ),
    InstrumentSpec("analgesics", "Analgesics", "analgesics", _cols("analgesics"), TIMEPOINT_CODES, True, "analgesic_"),
    InstrumentSpec("imaging", "CT follow-up", "imaging", _cols("imaging"), IMAGING_TIMEPOINT_CODES, True, "img_"),
    InstrumentSpec(
        "adverse_events", "Adverse events", "adverse_events", _cols("adverse_events"), FOLLOW_UP_CODES, True, "ae_"
    ),
    InstrumentSpec("end_of_study", "End of study", "patients", _PATIENT_END, (MONTH_3,), False),
)
#: Field names that do not follow the prefix rule (clearer as they are).
_NAME_OVERRIDES = {
    ("procedures", "procedure_id"): "procedure_id",
    ("procedures", "procedure_date"): "procedure_date",
    ("imaging", "imaged_on"): "img_date",
}


@dataclass(frozen=True)
class Field:
    """One REDCap field and the tidy column behind it."""

    name: str
    instrument: str
    table: str
    column: Column
    source: str


@dataclass(frozen=True)
class Instrument:
    """One REDCap instrument (form) of the project."""

    name: str
    label: str
    table: str
    events: tuple[str, ...]
    repeating: bool
    fields: tuple[Field, ...]

    @property
    def complete_field(self) -> str:
        """Name of the form status column (``<form>_complete``)."""
        return f"{self.name}_complete"


def field_name(spec: InstrumentSpec, column: str, source: str) -> str:
    """REDCap field name of a (possibly renamed) column of an instrument."""
    base = _NAME_OVERRIDES.get((spec.table, source))
    if base is not None:
        return base + column.removeprefix(source)
    return column if column.startswith(spec.prefix) else spec.prefix + column


@dataclass(frozen=True)
class Project:
    """The whole project: instruments in order, and look-ups by field and instrument name."""

    instruments: tuple[Instrument, ...]

    @property
    def fields(self) -> tuple[Field, ...]:
        return tuple(f for i in self.instruments for f in i.fields)

    @property
    def field_map(self) -> dict[str, Field]:
        return {f.name: f for f in self.fields}

    @property
    def event_names(self) -> dict[str, str]:
        """Unique event name -> timepoint code."""
        return {event_name(tp.code): tp.code for tp in TIMEPOINTS}


def build_project(ts: TableSet | None = None) -> Project:
    """The project for a table set (default: the full tidy schema, identifiers included).

    Raises
    ------
    ValueError
        If two fields would share a name or a name breaks REDCap's rules.
    """
    if ts is None:
        return default_project()
    instruments = []
    for spec in INSTRUMENT_SPECS:
        fields = []
        for source in spec.columns:
            column = ts.find(spec.table, source)
            if column is None:
                continue
            fields.append(Field(field_name(spec, column.name, source), spec.name, spec.table, column, source))
        if fields:
            instruments.append(
                Instrument(spec.name, spec.label, spec.table, spec.events, spec.repeating, tuple(fields))
            )
    project = Project(tuple(instruments))
    names = [RECORD_ID] + [f.name for f in project.fields] + [i.complete_field for i in project.instruments]
    for name in names:
        if not _FIELD_NAME.match(name) or "___" in name:
            raise ValueError(f"{name!r} is not a valid REDCap field name")
    duplicated = {n for n in names if names.count(n) > 1}
    if duplicated:
        raise ValueError(f"REDCap field names used twice: {', '.join(sorted(duplicated))}")
    return project


@cache
def default_project() -> Project:
    """The project of the full tidy schema (cached)."""
    from ablacem.dataset import Dataset

    return build_project(TableSet.from_dataset(Dataset()))
