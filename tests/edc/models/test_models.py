"""Model-level guarantees: history on every clinical model, no hard delete, one visit per timepoint."""

import pytest
from django.db import IntegrityError, transaction

from ablacem.dataset import TABLES
from ablacem.edc.models import CLINICAL_MODELS, AdverseEvent, Assessment, Lesion, Patient, ProcedureLesion
from tests.edc.conftest import DAY0

pytestmark = [pytest.mark.django_db, pytest.mark.db_backend]


@pytest.mark.parametrize("model", CLINICAL_MODELS, ids=lambda m: m.__name__)
def test_every_clinical_model_keeps_history_version_state_and_soft_delete(model):
    names = {f.name for f in model._meta.get_fields()}
    assert {"version", "form_state", "is_deleted"} <= names
    assert hasattr(model, "history")


@pytest.mark.parametrize(
    ("model", "table", "renamed"),
    [
        (Patient, "patients", {"patient_id": "study_id"}),
        (Lesion, "lesions", {"patient_id": "patient"}),
        (Assessment, "assessments", {"patient_id": "patient"}),
        (AdverseEvent, "adverse_events", {"patient_id": "patient", "lesion_id": "lesion"}),
    ],
)
def test_field_names_match_the_tidy_columns(model, table, renamed):
    fields = {f.name for f in model._meta.get_fields()}
    # A derived column (an event's ack_hours) is a property of the model, computed from its fields.
    missing = [c for c in TABLES[table].column_names if renamed.get(c, c) not in fields and not hasattr(model, c)]
    assert missing == []


def test_hard_delete_refused_and_one_visit_per_timepoint(treated_patient, coordinator):
    patient, lesion, _ = treated_patient
    with pytest.raises(PermissionError):
        lesion.delete()
    Assessment.objects.create(patient=patient, timepoint="post", status="done", assessed_on=DAY0)
    with pytest.raises(IntegrityError), transaction.atomic():
        Assessment.objects.create(patient=patient, timepoint="post", status="done", assessed_on=DAY0)


def test_one_treatment_per_lesion(treated_patient):
    _patient, lesion, procedure = treated_patient
    with pytest.raises(IntegrityError), transaction.atomic():
        ProcedureLesion.objects.create(
            procedure_id="ABL-001-P9", session=procedure, lesion=lesion, modality="rfa", technical_success=True
        )


def test_bulk_delete_is_refused_too(treated_patient):
    patient, lesion, _ = treated_patient
    for queryset in (Lesion.objects.filter(pk=lesion.pk), Patient.objects.all(), Assessment.objects.active()):
        with pytest.raises(PermissionError, match="never hard-deleted"):
            queryset.delete()
    assert Lesion.objects.filter(pk=lesion.pk).exists() and Patient.objects.filter(pk=patient.pk).exists()
