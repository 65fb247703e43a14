"""Clinical records are never hard-deleted."""

import pytest
from django.core.exceptions import ValidationError

from ablacem.edc import services
from ablacem.edc.actors import Actor
from ablacem.edc.models import Analgesic, Assessment, Patient
from ablacem.edc.selectors import tidy_dataset
from tests.edc.conftest import DAY0, ITEMS

pytestmark = [pytest.mark.django_db, pytest.mark.db_backend]


def test_model_delete_is_refused(treated_patient):
    patient, _, _ = treated_patient
    with pytest.raises(PermissionError):
        patient.delete()
    assert Patient.objects.filter(pk=patient.pk).exists()


def test_soft_delete_needs_a_reason_and_keeps_the_row_and_history(treated_patient, coordinator):
    patient, _, _ = treated_patient
    visit = services.assessment_record(
        patient=patient,
        timepoint="baseline",
        assessed_on=DAY0,
        vas_worst=8.0,
        items=ITEMS,
        analgesics=[{"drug": "paracetamol", "route": "oral", "dose": 1.0, "unit": "g", "per_day": 3.0}],
        actor=Actor.staff(coordinator),
    )
    with pytest.raises(ValidationError):
        services.record_soft_delete(
            record=visit, reason="", expected_version=visit.version, actor=Actor.staff(coordinator)
        )
    services.record_soft_delete(
        record=visit,
        reason="entered for the wrong patient",
        expected_version=visit.version,
        actor=Actor.staff(coordinator),
    )
    assert Assessment.objects.get(pk=visit.pk).is_deleted
    assert Analgesic.objects.get().is_deleted  # its analgesics go with it
    assert Assessment.history.filter(id=visit.pk).order_by("-history_id").first().history_change_reason == (
        "deleted: entered for the wrong patient"
    )
    baseline = tidy_dataset(as_of=DAY0).assessments.query("timepoint == 'baseline'")
    assert baseline["status"].tolist() == ["not_due"]  # the deleted visit is gone from the dataset
    # ... and the visit can be entered again
    services.assessment_record(
        patient=patient,
        timepoint="baseline",
        assessed_on=DAY0,
        vas_worst=7.0,
        items=ITEMS,
        actor=Actor.staff(coordinator),
    )
