"""Enrolment, identity, patient changes and end of study."""

import datetime as dt
import importlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ablacem.edc import services
from ablacem.edc.actors import Actor
from ablacem.edc.models import Patient, PatientIdentity
from tests.edc.conftest import DAY0, enrol

pytestmark = [pytest.mark.django_db, pytest.mark.db_backend]


def test_enrolment_assigns_study_ids_in_sequence_and_stores_identity_apart(coordinator):
    first = enrol(coordinator, name="Ann Example", hospital_number="H1234567", birth_date=dt.date(1960, 5, 1))
    second = enrol(coordinator)
    assert (first.study_id, second.study_id) == ("ABL-001", "ABL-002")
    identity = PatientIdentity.objects.get(patient=first)
    assert (identity.name, identity.hospital_number) == ("Ann Example", "H1234567")
    assert identity.date_shift_days != 0
    assert not hasattr(Patient, "name")  # identifiers are never on the clinical record
    assert first.history.get().history_user == coordinator


def test_enrolment_rejected_with_field_messages_and_nothing_saved(coordinator):
    with pytest.raises(ValidationError) as exc:
        enrol(coordinator, eligibility_confirmed=False, age=130)
    assert set(exc.value.message_dict) == {"eligibility_confirmed", "age"}
    assert Patient.objects.count() == 0


def test_only_editing_roles_enrol(monitor, statistician):
    for user in (monitor, statistician):
        with pytest.raises(PermissionDenied):
            enrol(user)


def test_study_ids_are_never_reused(coordinator):
    first = enrol(coordinator)
    services.record_soft_delete(
        record=first, reason="enrolled by mistake", expected_version=first.version, actor=Actor.staff(coordinator)
    )
    assert enrol(coordinator).study_id == "ABL-002"


def test_changing_enrolment_needs_a_reason_stored_in_history(coordinator):
    patient = enrol(coordinator)
    with pytest.raises(ValidationError) as exc:
        services.patient_update(
            patient=patient, expected_version=patient.version, age=65, actor=Actor.staff(coordinator)
        )
    assert "reason" in exc.value.message_dict
    services.patient_update(
        patient=patient, expected_version=patient.version, age=65, reason="typo in age", actor=Actor.staff(coordinator)
    )
    latest = Patient.history.filter(id=patient.pk).order_by("-history_id").first()
    assert (latest.age, latest.history_change_reason, latest.history_user) == (65, "typo in age", coordinator)
    assert latest.prev_record.age == 64


def test_stale_edit_is_refused_and_names_who_changed_it(coordinator, investigator):
    patient = enrol(coordinator)
    opened = patient.version
    services.patient_update(
        patient=patient, expected_version=opened, ecog=2, reason="re-assessed", actor=Actor.staff(investigator)
    )
    with pytest.raises(services.StaleEditError) as exc:
        services.patient_update(
            patient=patient, expected_version=opened, ecog=0, reason="mine", actor=Actor.staff(coordinator)
        )
    assert "changed by investigator_user" in str(exc.value)
    patient.refresh_from_db()
    assert patient.ecog == 2


def test_identity_update(coordinator, monitor):
    patient = enrol(coordinator)
    identity = patient.identity
    services.patient_identity_update(
        patient=patient,
        name="B. Example",
        expected_version=identity.version,
        reason="added",
        actor=Actor.staff(coordinator),
    )
    identity.refresh_from_db()
    assert identity.name == "B. Example" and identity.version == 2
    with pytest.raises(PermissionDenied):
        services.patient_identity_update(patient=patient, name="x", expected_version=2, actor=Actor.staff(monitor))


def test_end_of_study_death(treated_patient, coordinator):
    patient, _, _ = treated_patient
    death = DAY0 + dt.timedelta(days=20)
    services.end_of_study_record(
        patient=patient,
        end_reason="died",
        end_date=death,
        death_date=death,
        expected_version=patient.version,
        actor=Actor.staff(coordinator),
    )
    patient.refresh_from_db()
    assert (patient.end_reason, patient.death_date) == ("died", death)
    with pytest.raises(ValidationError) as exc:  # changing it needs a reason
        services.end_of_study_record(
            patient=patient,
            end_reason="died",
            end_date=death,
            death_date=death - dt.timedelta(days=1),
            expected_version=patient.version,
            actor=Actor.staff(coordinator),
        )
    assert "reason" in exc.value.message_dict


def test_death_before_the_procedure_is_refused(treated_patient, coordinator):
    patient, _, _ = treated_patient
    early = DAY0 - dt.timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        services.end_of_study_record(
            patient=patient,
            end_reason="died",
            end_date=early,
            death_date=early,
            expected_version=patient.version,
            actor=Actor.staff(coordinator),
        )
    assert exc.value.message_dict == {"death_date": ["death date is before the procedure"]}


def test_enrolment_retries_when_another_enrolment_took_the_id(coordinator, monkeypatch):
    patient_services = importlib.import_module("ablacem.edc.services.patient")
    enrol(coordinator)
    proposals = iter(["ABL-001", "ABL-002"])  # the first proposal was taken in the meantime
    monkeypatch.setattr(patient_services, "next_study_id", lambda site=None: next(proposals))
    assert enrol(coordinator).study_id == "ABL-002"
