"""Who entered a visit: staff, the patient (ePRO) or an import; staff corrections of a patient's report."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from ablacem.edc import services
from ablacem.edc.actors import Actor
from ablacem.edc.models import Assessment
from tests.edc.conftest import ITEMS
from tests.epro.conftest import treated_days_ago

pytestmark = [pytest.mark.django_db, pytest.mark.db_backend]


def _patient_report(patient, **overrides):
    values = {"vas_worst": 5.0, "vas_average": 3.0, "items": ITEMS, "analgesics": []}
    values.update(overrides)
    return services.assessment_record(
        actor=Actor.for_patient(patient),
        patient=patient,
        timepoint="w1",
        assessed_on=timezone.localdate(),
        channel="link",
        **values,
    )


def test_staff_entry_is_source_staff(coordinator):
    patient = treated_days_ago(coordinator, 7)
    baseline = Assessment.objects.get(patient=patient, timepoint="baseline")
    assert (baseline.source, baseline.channel, baseline.reported_at, baseline.staff_corrected) == (
        "staff",
        "",
        None,
        False,
    )


def test_the_patient_own_answers_are_source_patient_with_time_and_channel(coordinator):
    patient = treated_days_ago(coordinator, 7)
    visit = _patient_report(patient)
    assert (visit.source, visit.channel, visit.staff_corrected) == ("patient", "link", False)
    assert visit.reported_at is not None
    row = visit.history.get()
    assert (row.actor_kind, row.history_user) == ("patient", None)


def test_a_staff_change_of_a_patient_report_needs_a_reason_is_flagged_and_keeps_the_original(coordinator):
    patient = treated_days_ago(coordinator, 7)
    visit = _patient_report(patient)
    change = {
        "actor": Actor.staff(coordinator),
        "patient": patient,
        "timepoint": "w1",
        "assessed_on": visit.assessed_on,
        "vas_worst": 6.0,
        "vas_average": 3.0,
        "items": ITEMS,
        "analgesics": [],
        "expected_version": visit.version,
    }
    with pytest.raises(ValidationError) as error:
        services.assessment_record(**change)
    assert "reason" in error.value.message_dict
    corrected = services.assessment_record(**change, reason="patient misread the scale, confirmed by phone")
    assert (corrected.source, corrected.staff_corrected, corrected.vas_worst) == ("patient", True, 6.0)
    original = corrected.history.order_by("history_date", "history_id").first()
    assert (original.vas_worst, original.actor_kind) == (5.0, "patient")


def test_saving_a_patient_report_unchanged_is_no_correction(coordinator):
    patient = treated_days_ago(coordinator, 7)
    visit = _patient_report(patient)
    same = services.assessment_record(
        actor=Actor.staff(coordinator),
        patient=patient,
        timepoint="w1",
        assessed_on=visit.assessed_on,
        vas_worst=5.0,
        vas_average=3.0,
        items=ITEMS,
        analgesics=[],
        expected_version=visit.version,
        reason="reviewed",
    )
    assert same.staff_corrected is False


def test_an_import_keeps_the_source_it_declares_and_refuses_an_unknown_one(coordinator):
    patient = treated_days_ago(coordinator, 7)
    args = {
        "actor": Actor.system("import"),
        "patient": patient,
        "timepoint": "w1",
        "assessed_on": timezone.localdate() - dt.timedelta(days=1),
        "vas_worst": 5.0,
        "items": ITEMS,
    }
    with pytest.raises(ValidationError) as error:
        services.assessment_record(**args, source="robot")
    assert "source" in error.value.message_dict
    assert services.assessment_record(**args, source="patient").source == "patient"
