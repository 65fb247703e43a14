"""One declaration per clinical field: the column of :mod:`ablacem.dataset.schema`.

Every clinical field's label, help text, type, range (with decimals), code list and
required-ness is declared once on its ``Column``; the EDC's models and forms, the REDCap data
dictionary, the ODM metadata and the SPSS/Stata labels are built from it. These tests read each
of them back and compare it with the declaration, so that a field restated anywhere (and
drifting) fails here, naming the table and column.
"""

from __future__ import annotations

import pytest
from django.db import models

from ablacem.dataset import ALL_TABLES, TABLES, Dataset
from ablacem.dataset.schema import BOOLEAN, DATE, FLOAT, INTEGER, STRING, Column
from ablacem.edc.forms.adverse_event import AdverseEventForm
from ablacem.edc.forms.assessment import AnalgesicForm, AssessmentForm
from ablacem.edc.forms.imaging import ImagingForm
from ablacem.edc.forms.lesion import LesionForm
from ablacem.edc.forms.patient import EndOfStudyForm, EnrolForm
from ablacem.edc.forms.procedure import ProcedureForm, TreatedLesionForm
from ablacem.edc.models import (
    AdverseEvent,
    Analgesic,
    Assessment,
    Imaging,
    Lesion,
    Patient,
    PatientIdentity,
    Procedure,
    ProcedureLesion,
)
from ablacem.interop.codes import numeric_codes
from ablacem.interop.odm.layout import STRUCTURAL, codelist_oid, item_oid
from ablacem.interop.odm.write import metadata_version
from ablacem.interop.redcap.dictionary import data_dictionary
from ablacem.interop.redcap.project import build_project
from ablacem.interop.shapes import ExportFrame
from ablacem.interop.statfiles import labelled_frame
from ablacem.interop.tableset import TableSet

#: The models that store each tidy table, and the model field of a column when its name differs.
STORED_IN = {
    "patients": ((Patient,), {"patient_id": "study_id"}),
    "identifiers": ((PatientIdentity,), {"patient_id": "patient"}),
    "lesions": ((Lesion,), {"patient_id": "patient"}),
    "procedures": ((Procedure, ProcedureLesion), {"patient_id": "patient", "lesion_id": "lesion"}),
    "assessments": ((Assessment,), {"patient_id": "patient"}),
    "analgesics": ((Analgesic,), {}),
    "imaging": ((Imaging,), {"lesion_id": "lesion"}),
    "adverse_events": ((AdverseEvent,), {"patient_id": "patient", "lesion_id": "lesion"}),
}
#: Columns no model field stores: the tidy selector derives them from the record's parents (and
#: an event's hours to acknowledgement from its awareness and acknowledgement times).
DERIVED = {
    ("analgesics", "patient_id"),
    ("analgesics", "timepoint"),
    ("imaging", "patient_id"),
    ("adverse_events", "ack_hours"),
}

_MODEL_TYPES = {
    INTEGER: (models.PositiveSmallIntegerField, models.PositiveIntegerField),
    FLOAT: (models.FloatField,),
    DATE: (models.DateField,),
    BOOLEAN: (models.BooleanField,),
    STRING: (models.CharField, models.TextField),
}
_SMALL_MAX = 32767


def _stored(table, column):
    """The model field that stores ``column`` of ``table``, or None."""
    owners, renamed = STORED_IN[table.name]
    name = renamed.get(column.name, column.name)
    found = [m._meta.get_field(name) for m in owners if name in {f.name for f in m._meta.get_fields()}]
    return found[0] if found else None


#: ``(table, column, model field)`` for every stored column (foreign keys excluded).
MODEL_FIELDS = [
    (table, column, field)
    for table in ALL_TABLES
    for column in table.columns
    if (field := _stored(table, column)) is not None and not field.is_relation
]


def _id(value) -> str:
    table, column = value[0], value[1]
    return f"{table.name}.{column.name}"


def _codes(column: Column) -> list[str]:
    return list(column.codes.codes) if column.codes is not None else []


@pytest.mark.parametrize("declared", MODEL_FIELDS, ids=_id)
def test_model_field_is_built_from_its_column(declared):
    table, column, field = declared
    where = f"{table.name}.{column.name}"
    assert field.verbose_name == column.label, where
    assert field.help_text == column.help_text, where
    assert [str(code) for code, _ in field.choices or ()] == _codes(column), where
    assert [label for _, label in field.choices or ()] == [i.label for i in column.codes or ()], where
    assert isinstance(field, _MODEL_TYPES[column.dtype]), where
    if column.max_length is not None:
        assert field.max_length == column.max_length, f"{where}: the text's length is declared on the column"
    if column.required:
        assert not field.null and not (field.blank and column.dtype != BOOLEAN), f"{where} is required"
    if column.range is not None and isinstance(field, models.PositiveSmallIntegerField | models.PositiveIntegerField):
        assert column.range.minimum >= 0 and column.range.is_integer, f"{where}: the range does not fit the field"
        if isinstance(field, models.PositiveSmallIntegerField):
            assert column.range.maximum <= _SMALL_MAX, f"{where}: the range does not fit a small integer"


def test_every_column_is_stored_in_a_model_field_or_derived():
    unstored = {(t.name, c.name) for t in ALL_TABLES for c in t.columns if _stored(t, c) is None}
    assert unstored == DERIVED


#: Each data-entry form and the table it fills (the not-done form offers a subset of statuses).
FORMS = [
    (EnrolForm(), ("patients", "identifiers")),
    (EndOfStudyForm(), ("patients",)),
    (LesionForm(), ("lesions",)),
    (ProcedureForm(), ("procedures",)),
    (TreatedLesionForm(), ("procedures",)),
    (AssessmentForm(), ("assessments",)),
    (AnalgesicForm(), ("analgesics",)),
    (ImagingForm(), ("imaging",)),
    (AdverseEventForm(), ("adverse_events",)),
]


def _form_fields():
    for form, tables in FORMS:
        for name, field in form.fields.items():
            for table in tables:
                if name in TABLES[table].column_names:
                    yield type(form).__name__, TABLES[table], TABLES[table].column(name), field


FORM_FIELDS = list(_form_fields())


@pytest.mark.parametrize("declared", FORM_FIELDS, ids=lambda d: f"{d[0]}.{d[2].name}")
def test_form_field_is_built_from_its_column(declared):
    form, table, column, field = declared
    where = f"{form}: {table.name}.{column.name}"
    assert field.label == column.label, where
    assert column.help_text in (field.help_text or ""), where
    offered = [str(code) for code, _ in getattr(field, "choices", ()) if code != ""]
    if column.codes is not None:
        groups = any(isinstance(labels, list | tuple) for _, labels in field.choices)
        if not groups:
            assert offered == _codes(column), where
    elif column.dtype == BOOLEAN:
        assert offered == ["true", "false"], where
    if column.range is not None and column.codes is None:
        rng, attrs = column.range, field.widget.attrs
        step = "1" if rng.is_integer else f"{10**-rng.decimals:.{rng.decimals}f}"
        assert (attrs["min"], attrs["max"], attrs["step"]) == (f"{rng.minimum:g}", f"{rng.maximum:g}", step), where
        assert f"{rng.minimum:g}-{rng.maximum:g}" in field.help_text, where
    assert not field.validators or column.range is None, f"{where}: the range is the service's check, not the form's"
    if column.max_length is not None:
        assert field.max_length == column.max_length, where
        assert field.widget.attrs["maxlength"] == str(column.max_length), f"{where}: no maxlength on the input"


def test_the_forms_cover_every_column_a_user_enters():
    entered = {(t.name, c.name) for _, t, c, _ in FORM_FIELDS}
    assert {("assessments", "vas_worst"), ("assessments", "q1"), ("analgesics", "dose")} <= entered
    assert {("procedures", "cement_ml"), ("lesions", "sins_location"), ("adverse_events", "cirse_grade")} <= entered


def _redcap_rows():
    rows = data_dictionary().set_index("Variable / Field Name")
    for field in build_project().fields:
        yield TABLES[field.table], TABLES[field.table].column(field.source), rows.loc[field.name]


@pytest.mark.parametrize("declared", list(_redcap_rows()), ids=_id)
def test_redcap_field_is_built_from_its_column(declared):
    table, column, row = declared
    where = f"{table.name}.{column.name}"
    assert row["Field Label"] == column.label, where
    assert row["Required Field?"] == ("y" if column.required else ""), where
    assert column.help_text in row["Field Note"] and column.unit in row["Field Note"], where
    if column.codes is not None:
        numbers = numeric_codes(column.codes)
        expected = " | ".join(f"{numbers[i.code]}, {i.label}" for i in column.codes)
        assert row["Field Type"] in ("radio", "dropdown"), where
        assert row["Choices, Calculations, OR Slider Labels"] == expected, where
    elif column.range is not None:
        bounds = [row["Text Validation Min"], row["Text Validation Max"]]
        assert bounds == [f"{column.range.minimum:g}", f"{column.range.maximum:g}"], where


def _schema_tableset() -> TableSet:
    return TableSet.from_dataset(Dataset({}))


def test_odm_items_are_built_from_their_columns():
    mdv = metadata_version(_schema_tableset())
    items = {item.OID: item for item in mdv.ItemDef}
    codelists = {codelist.OID: codelist for codelist in mdv.CodeList}
    mandatory = {ref.ItemOID: ref.Mandatory for group in mdv.ItemGroupDef for ref in group.ItemRef}
    for table in ALL_TABLES:
        for column in table.columns:
            if column.name in STRUCTURAL:
                continue
            where, oid = f"{table.name}.{column.name}", item_oid(table.name, column.name)
            item = items[oid]
            assert item.Question.TranslatedText[0]._content == column.label, where
            assert mandatory[oid] == ("Yes" if column.required else "No"), where
            if column.help_text:
                assert item.Description.TranslatedText[0]._content == column.help_text, where
            if column.dtype == FLOAT and column.range is not None:
                assert item.SignificantDigits == column.range.decimals, where
            if column.codes is not None:
                assert item.CodeListRef.CodeListOID == codelist_oid(column.codes.name), where
                listed = codelists[item.CodeListRef.CodeListOID].CodeListItem
                assert [(i.CodedValue, i.Decode.TranslatedText[0]._content) for i in listed] == [
                    (i.code, i.label) for i in column.codes
                ], where
            elif column.range is not None:
                checks = {c.Comparator: c.CheckValue[0]._content for c in item.RangeCheck}
                assert checks == {"GE": f"{column.range.minimum:g}", "LE": f"{column.range.maximum:g}"}, where


@pytest.mark.parametrize("target", ["spss", "stata"])
def test_spss_and_stata_labels_are_built_from_the_columns(target):
    ts = _schema_tableset()
    for table in ALL_TABLES:
        export = ExportFrame(table.name, ts.frames[table.name], table.columns)
        _, labels, value_labels, _ = labelled_frame(export, target)
        for column, label in zip(table.columns, labels, strict=True):
            where = f"{table.name}.{column.name}"
            assert label.startswith(column.label[:70]), where
            if column.unit and column.unit not in column.label:
                assert label.endswith((f"({column.unit})", "...")), where
            if column.codes is not None:
                numbers = numeric_codes(column.codes)
                assert value_labels[column.name] == {numbers[i.code]: i.label for i in column.codes}, where


def test_a_unit_is_declared_once_with_its_range():
    """A column's unit and its protocol range's unit are one fact (``NumericRange.unit``)."""
    for table in ALL_TABLES:
        for column in table.columns:
            if column.range is not None and column.range.unit:
                assert column.unit == column.range.unit, f"{table.name}.{column.name}"
