"""Read a REDCap flat raw export of the study's project back into a tidy dataset.

Everything unusual is reported by name: unknown columns, fields of the project missing from the
export (imported as empty), unknown events, codes outside a field's choices, values that are not
of the field's type, sparse rows of repeating instruments (no data at all; skipped), instruments
entered at an event they are not designated for, forms not marked Complete. A value that cannot
be placed is left empty and reported; when the tidy schema then cannot hold the row (a required
value is missing, a value is out of range, a record has no enrolment data) the import fails with
:class:`RedcapImportError`, whose message names the record, event, instrument instance and field
of each problem.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

import pandas as pd

from ablacem.dataset import Dataset, conform, dataset_problems
from ablacem.dataset.schema import BOOLEAN, STRING, TABLES
from ablacem.dataset.spreadsheet_safe import restore

from ..codes import code_of_number, column_codelist
from ..text import parse_rows
from .project import RECORD_ID, Field, Instrument, default_project

_REDCAP_EXTRAS = re.compile(r"^(redcap_data_access_group|redcap_survey_identifier|.+_timestamp)$")
_STATUSES = {"", "0", "1", "2"}


class RedcapImportError(ValueError):
    """The export cannot become a valid tidy dataset; ``errors`` says where and why."""

    def __init__(self, errors: list[str], report: list[str]):
        self.errors = list(errors)
        self.report = list(report)
        shown = "\n".join(f"  - {e}" for e in self.errors[:50])
        more = f"\n  ... and {len(self.errors) - 50} more" if len(self.errors) > 50 else ""
        super().__init__(f"the REDCap export cannot be imported ({len(self.errors)} problem(s)):\n{shown}{more}")


class _Collector:
    """Rows of each tidy table as text, with where each row came from."""

    def __init__(self) -> None:
        self.rows: dict[str, list[dict]] = defaultdict(list)
        self.where: dict[str, list[str]] = defaultdict(list)
        self.patients: dict[str, dict] = {}
        self.patient_where: dict[str, str] = {}

    def add(self, table: str, row: dict, where: str) -> None:
        self.rows[table].append(row)
        self.where[table].append(where)


def _whole(raw: str) -> int | None:
    """``raw`` as a whole number (``"2"`` or ``"2.0"``, as spreadsheets re-save codes), else None."""
    try:
        value = float(raw)
    except ValueError:
        return None
    return int(value) if value.is_integer() else None


def _convert(field: Field, raw: str, where: str, report: list[str]) -> str | None:
    """Tidy text of one raw REDCap value (None when empty or not placeable, reported)."""
    if raw == "":
        return None
    column = field.column
    codelist = column_codelist(column)
    if codelist is not None:
        lookup = code_of_number(codelist)
        number = _whole(raw)
        if number not in lookup:
            allowed = ", ".join(str(n) for n in lookup)
            report.append(
                f"{where}, field {field.name}: code {raw!r} is not one of the choices ({allowed}); left empty"
            )
            return None
        return lookup[number]
    if column.dtype == BOOLEAN:
        raw = {0: "0", 1: "1"}.get(_whole(raw), raw)
        if raw not in ("0", "1"):
            report.append(f"{where}, field {field.name}: {raw!r} is not a yes/no value (1 or 0); left empty")
            return None
        return "true" if raw == "1" else "false"
    # Text as the records writer escaped it against spreadsheet formulas (one leading quote).
    return restore(raw) if column.dtype == STRING else raw


def _text_frame(records: pd.DataFrame) -> pd.DataFrame:
    text = records.astype(object).where(records.notna(), "")
    return text.map(lambda v: str(v).strip())


def _columns_report(df: pd.DataFrame, known: set[str], report: list[str]) -> None:
    for c in df.columns:
        if c in known:
            continue
        n = int((df[c] != "").sum())
        if _REDCAP_EXTRAS.match(c):
            report.append(f"column {c!r} (REDCap metadata) ignored; {n} value(s) not imported")
        elif "___" in c:
            report.append(
                f"unknown column {c!r}: checkbox of a field this project does not have; {n} value(s) not imported"
            )
        else:
            report.append(f"unknown column {c!r}: not a field of this project; {n} value(s) not imported")


def _missing_fields_report(df: pd.DataFrame, project, report: list[str]) -> None:
    """Name the project's fields that are not columns of the export (a report or a field subset).

    They are imported as empty: a partial export must not silently look like missing data.
    """
    for instrument in project.instruments:
        missing = [f.name for f in instrument.fields if f.name not in df.columns]
        if not missing:
            continue
        if len(missing) == len(instrument.fields):
            report.append(
                f"instrument {instrument.name}: none of its fields are in the export; imported as empty "
                "(export all fields to keep them)"
            )
        else:
            report.append(
                f"instrument {instrument.name}: field(s) {', '.join(missing)} not in the export; "
                "imported as empty (export all fields to keep them)"
            )


def _filled(row: pd.Series, instrument: Instrument) -> bool:
    return any(row.get(f.name, "") != "" for f in instrument.fields)


def _place(
    instrument: Instrument,
    row: pd.Series,
    record: str,
    timepoint: str,
    where: str,
    out: _Collector,
    report: list[str],
    errors: list[str],
) -> None:
    values = {f.source: _convert(f, row.get(f.name, ""), where, report) for f in instrument.fields}
    if timepoint not in instrument.events:
        report.append(f"{where}: instrument {instrument.name} has data at an event it is not designated for")
    if instrument.table == "patients":
        current = out.patients.setdefault(record, {"patient_id": record})
        for key, value in values.items():
            if value is None:
                continue
            if current.get(key) not in (None, value):
                errors.append(f"{where}, field {key}: a second, different value for the same record")
            current[key] = value
        if instrument.name == "enrolment":
            out.patient_where[record] = where
        return
    row_values = {"patient_id": record, **values}
    if "timepoint" in TABLES[instrument.table].column_names:
        row_values["timepoint"] = timepoint
    out.add(instrument.table, row_values, where)


def _typed_tables(out: _Collector, project, report: list[str]) -> dict[str, pd.DataFrame]:
    fields = {(f.table, f.source): f for f in project.fields}
    patients = list(out.patients.values())
    out.rows["patients"] = patients
    out.where["patients"] = [out.patient_where.get(p["patient_id"], f"record {p['patient_id']}") for p in patients]
    tables = {}
    for table in TABLES.values():
        tables[table.name], problems = parse_rows(table, out.rows.get(table.name, []))
        for p in problems:
            column = table.column(p.column)
            field = fields.get((table.name, column.name))
            name = field.name if field else column.name
            rule = p.message if not column.identifier else "is not of the field's type (value not shown: identifier)"
            report.append(f"{out.where[table.name][p.row - 2]}, field {name}: {rule}; left empty")
    return tables


def _translate(problems, out: _Collector, project) -> list[str]:
    fields = {(f.table, f.source): f.name for f in project.fields}
    messages = []
    for p in problems:
        table = p.file.removesuffix(".csv")
        where = out.where[table][p.row - 2] if p.row is not None else f"table {table}"
        name = fields.get((table, p.column), p.column) if p.column else None
        messages.append(f"{where}" + (f", field {name}" if name else "") + f": {p.message}")
    return messages


def import_records(records: pd.DataFrame) -> tuple[Dataset, list[str]]:
    """Turn a REDCap flat raw export of this study's project into a valid tidy dataset.

    Parameters
    ----------
    records : DataFrame
        The export as read from CSV (text; empty or NaN cells are missing). Raw codes, not
        labels.

    Returns
    -------
    (Dataset, list of str)
        The tidy dataset (validated) and the report: one line per unusual thing found, by name.

    Raises
    ------
    RedcapImportError
        When what was found cannot be held by the tidy schema; every problem is named.
    """
    project = default_project()
    report: list[str] = []
    errors: list[str] = []
    df = _text_frame(records)
    for required in (RECORD_ID, "redcap_event_name"):
        if required not in df.columns:
            raise RedcapImportError(
                [f"column {required!r} is missing: not a flat export of a longitudinal project"], []
            )
    for optional in ("redcap_repeat_instrument", "redcap_repeat_instance"):
        if optional not in df.columns:
            df[optional] = ""
    by_name = {i.name: i for i in project.instruments}
    field_map = project.field_map
    known = {RECORD_ID, "redcap_event_name", "redcap_repeat_instrument", "redcap_repeat_instance"}
    known |= set(field_map) | {i.complete_field for i in project.instruments}
    _columns_report(df, known, report)
    _missing_fields_report(df, project, report)
    for name in field_map:
        if name not in df.columns:
            df[name] = ""
    events = project.event_names
    out = _Collector()
    seen: set[tuple[str, str, str, str]] = set()
    incomplete: Counter = Counter()

    for line, row in zip(range(2, len(df) + 2), (r for _, r in df.iterrows()), strict=True):
        record, event = row[RECORD_ID], row["redcap_event_name"]
        instrument_name, instance = row["redcap_repeat_instrument"], row["redcap_repeat_instance"]
        if record == "":
            if any(row.get(f, "") != "" for f in field_map):
                errors.append(f"line {line}: a row with data has no record_id")
            continue
        key = (record, event, instrument_name, instance)
        where = f"record {record}, event {event}" + (
            f", {instrument_name} instance {instance}" if instrument_name else ""
        )
        if key in seen:
            errors.append(f"{where}: the same row appears twice")
            continue
        seen.add(key)
        filled = [f for f in field_map if row[f] != ""]
        timepoint = events.get(event)
        if timepoint is None:
            report.append(
                f"record {record}: unknown event {event!r}; {len(filled)} value(s) not imported"
                + (f" (fields {', '.join(filled)})" if filled else "")
            )
            continue
        for i in project.instruments:
            status = row.get(i.complete_field, "")
            if status not in _STATUSES:
                report.append(f"{where}: {i.complete_field} is {status!r}, not 0, 1 or 2")
            elif status in ("0", "1") and _filled(row, i):
                incomplete[i.name] += 1
        if instrument_name:
            instrument = by_name.get(instrument_name)
            if instrument is None or not instrument.repeating:
                problem = f"{where}: {instrument_name!r} is not a repeating instrument of this project"
                (errors if filled else report).append(problem + ("" if filled else "; empty row skipped"))
                continue
            stray = [f for f in filled if field_map[f].instrument != instrument_name]
            if stray:
                errors.append(f"{where}: fields of other instruments on this repeating row ({', '.join(stray)})")
                continue
            if not _filled(row, instrument):
                report.append(f"{where}: sparse row of repeating instrument {instrument_name} has no data; skipped")
                continue
            _place(instrument, row, record, timepoint, where, out, report, errors)
            continue
        for instrument in project.instruments:
            if not _filled(row, instrument):
                continue
            if instrument.repeating:
                report.append(f"{where}: data of repeating instrument {instrument.name} on a non-repeating row")
            _place(instrument, row, record, timepoint, where, out, report, errors)
    for name, n in incomplete.items():
        report.append(f"instrument {name}: {n} form(s) not marked Complete were imported as they are")

    records_seen = {r for table in out.rows.values() for r in (row["patient_id"] for row in table)}
    records_seen |= set(out.patients)
    for record in sorted(records_seen):
        if record not in out.patient_where:
            errors.append(f"record {record}: has data but no enrolment form")
    if errors:
        raise RedcapImportError(errors, report)
    tables = _typed_tables(out, project, report)
    dataset = conform(Dataset(tables))
    problems = dataset_problems(dataset)
    if problems:
        raise RedcapImportError(_translate(problems, out, project), report)
    return dataset, report
