"""insert_rows: values prepared as Django prepares them, keys in order across statements, defaults filled."""

from __future__ import annotations

import datetime as dt
import importlib

import numpy as np
import pytest
from django.db import connection
from django.utils import timezone

from ablacem.edc.models import AdverseEvent, Assessment, Lesion, Patient
from ablacem.edc.services._bulk_insert import _column_values, history_rows, insert_rows

pytestmark = [pytest.mark.django_db, pytest.mark.db_backend]

NOW = dt.datetime(2026, 12, 1, 15, 0, 0, 123456, tzinfo=dt.UTC)
#: The columns of a patient that have no default.
PATIENT = {
    "enrolled_on": dt.date(2026, 1, 8),
    "sex": "F",
    "ecog": 1,
    "diagnosis": "malignant",
    "primary_tumour": "lung",
}

#: Per model, a column of each kind and values of the exact type and of other types
#: (a float or numpy number in an integer column, a date in a text column, None).
CASES = [
    (Patient, "study_id", ["ABL-001", None, 7]),
    (Patient, "age", [63, 63.0, np.int64(63), None, True]),
    (Patient, "ecog", [0, 1.0, None]),
    (Patient, "eligibility_confirmed", [True, False, 1, 0, None]),
    (Patient, "enrolled_on", [dt.date(2026, 1, 2), dt.datetime(2026, 1, 2, 10, 30), "2026-01-02", None]),
    (Patient, "created_at", [NOW, NOW, None]),
    (Assessment, "vas_worst", [7, 7.0, np.float64(6.5), None]),
    (Lesion, "size_mm", [25.5, 25, np.float64(25.5), None]),
    (Lesion, "patient_id", [1, np.int64(2), "3", None]),
    (AdverseEvent, "lesion_id", [4, None]),
    (AdverseEvent, "acknowledged_at", [NOW, None]),
]


@pytest.mark.parametrize(("model", "attname", "values"), CASES, ids=[f"{m.__name__}.{a}" for m, a, _ in CASES])
def test_each_value_is_prepared_as_get_db_prep_save_prepares_it(model, attname, values):
    field = next(f for f in model._meta.concrete_fields if f.attname == attname)
    expected = [field.get_db_prep_save(v, connection) for v in values]
    got = _column_values(field, values, connection)
    assert got == expected
    assert [type(v) for v in got] == [type(v) for v in expected]


def test_keys_come_back_in_the_order_of_the_rows_across_statements(monkeypatch):
    module = importlib.import_module("ablacem.edc.services._bulk_insert")
    monkeypatch.setattr(module, "MAX_ROWS_PER_STATEMENT", 2)
    rows = [{**PATIENT, "study_id": f"ABL-{n:03d}", "age": 50 + n} for n in range(1, 6)]
    stored = insert_rows(Patient, rows, now=NOW)
    assert [Patient.objects.get(pk=row["id"]).study_id for row in stored] == [r["study_id"] for r in rows]
    assert len({row["id"] for row in stored}) == 5


def test_columns_not_given_take_their_defaults_and_the_time_stamp():
    (stored,) = insert_rows(Patient, [{**PATIENT, "study_id": "ABL-001", "age": 60}], now=NOW)
    patient = Patient.objects.get(pk=stored["id"])
    assert (patient.version, patient.is_deleted, patient.state_before_lock, patient.end_reason) == (1, False, "", "")
    assert patient.created_at == patient.updated_at == NOW
    assert stored["created_at"] == NOW


def test_a_column_the_model_does_not_have_is_refused_by_name():
    with pytest.raises(TypeError, match="Patient has no column agee"):
        insert_rows(Patient, [{**PATIENT, "study_id": "ABL-001", "agee": 60}], now=NOW)
    assert not Patient.objects.exists()


def test_history_rows_carry_every_tracked_column_and_who_when_why(data_manager):
    (stored,) = insert_rows(Patient, [{**PATIENT, "study_id": "ABL-001", "age": 60}], now=NOW)
    extra = {"actor_kind": "system", "actor_name": "import"}
    (row,) = history_rows(Patient, [stored], user=data_manager, reason="imported", extra=extra, now=NOW)
    history = Patient.history.model
    assert {f.attname for f in history.tracked_fields} <= set(row)
    assert row["id"] == stored["id"] and row["study_id"] == "ABL-001"
    assert (row["history_type"], row["history_user_id"], row["history_change_reason"]) == (
        "+",
        data_manager.pk,
        "imported",
    )
    assert row["history_date"] == NOW and row["actor_name"] == "import"
    (written,) = insert_rows(history, [row], now=timezone.now())
    saved = history.objects.get(history_id=written["history_id"])
    assert saved.history_user == data_manager and saved.instance.study_id == "ABL-001"
