"""Signing locks a casebook; only a data manager unlocks it, with a reason."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ablacem.edc import services
from ablacem.edc.actors import Actor
from ablacem.edc.models import CasebookSignature, FormState, Lesion
from tests.edc.conftest import DAY0, ITEMS, PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.db_backend]


def visit(patient, user, **kw):
    data = {
        "patient": patient,
        "timepoint": "baseline",
        "assessed_on": DAY0,
        "vas_worst": 8.0,
        "items": ITEMS,
        "actor": Actor.staff(user),
    }
    return services.assessment_record(**{**data, **kw})


def test_sign_locks_and_unlock_restores(treated_patient, coordinator, investigator, data_manager):
    patient, lesion, _ = treated_patient
    baseline = visit(patient, coordinator)
    with pytest.raises(ValidationError) as exc:
        services.casebook_sign(patient=patient, password="wrong-password", actor=Actor.staff(investigator))
    assert "password" in exc.value.message_dict
    services.casebook_sign(
        patient=patient, password=PASSWORD, actor=Actor.staff(investigator), confirm_open_follow_up=True
    )
    lesion.refresh_from_db()
    baseline.refresh_from_db()
    assert lesion.form_state == FormState.LOCKED and baseline.form_state == FormState.LOCKED
    with pytest.raises(services.RecordLockedError):
        visit(patient, coordinator, expected_version=baseline.version, reason="late change")
    with pytest.raises(services.RecordLockedError):
        services.lesion_create(patient=patient, site="L3", lesion_type="lytic", actor=Actor.staff(coordinator))

    with pytest.raises(PermissionDenied):
        services.casebook_unlock(patient=patient, reason="query", actor=Actor.staff(investigator))
    with pytest.raises(ValidationError):
        services.casebook_unlock(patient=patient, reason=" ", actor=Actor.staff(data_manager))
    unlocked = services.casebook_unlock(patient=patient, reason="query from monitor", actor=Actor.staff(data_manager))
    baseline.refresh_from_db()
    assert baseline.form_state == FormState.COMPLETE
    signature = CasebookSignature.objects.get()
    assert unlocked == signature  # the service returns what it changed (views need no "or True")
    assert (signature.is_active, signature.unlock_reason, signature.unlocked_by) == (
        False,
        "query from monitor",
        data_manager,
    )
    last = Lesion.history.filter(id=lesion.pk).order_by("-history_id").first()
    assert last.history_change_reason == "casebook unlocked: query from monitor"
    visit(patient, coordinator, vas_worst=7.0, expected_version=baseline.version, reason="query answered")


def test_only_investigators_sign(treated_patient, coordinator, data_manager):
    patient, _, _ = treated_patient
    for user in (coordinator, data_manager):
        with pytest.raises(PermissionDenied):
            services.casebook_sign(
                patient=patient, password=PASSWORD, actor=Actor.staff(user), confirm_open_follow_up=True
            )


def test_signing_before_the_end_of_study_needs_an_explicit_confirmation(treated_patient, coordinator, investigator):
    patient, lesion, _ = treated_patient
    with pytest.raises(ValidationError) as exc:
        services.casebook_sign(patient=patient, password=PASSWORD, actor=Actor.staff(investigator))
    assert list(exc.value.message_dict) == ["confirm_open_follow_up"]
    assert "follow-up is not over" in exc.value.message_dict["confirm_open_follow_up"][0]
    lesion.refresh_from_db()
    assert lesion.form_state != FormState.LOCKED and not CasebookSignature.objects.exists()

    services.end_of_study_record(
        patient=patient,
        end_reason="withdrew",
        end_date=DAY0 + dt.timedelta(days=10),
        expected_version=patient.version,
        actor=Actor.staff(coordinator),
    )
    services.casebook_sign(
        patient=patient, password=PASSWORD, actor=Actor.staff(investigator)
    )  # follow-up over: no question
    lesion.refresh_from_db()
    assert lesion.form_state == FormState.LOCKED
    assert CasebookSignature.history.get().history_change_reason is None


def test_a_signature_during_follow_up_says_so_in_the_audit_trail(treated_patient, investigator):
    patient, _, _ = treated_patient
    services.casebook_sign(
        patient=patient, password=PASSWORD, actor=Actor.staff(investigator), confirm_open_follow_up=True
    )
    reason = CasebookSignature.history.get().history_change_reason
    assert reason == "signed before the end of follow-up, confirmed by the investigator"


def test_a_casebook_is_signed_again_after_unlocking(treated_patient, investigator, data_manager):
    patient, _, _ = treated_patient
    services.casebook_sign(
        patient=patient, password=PASSWORD, actor=Actor.staff(investigator), confirm_open_follow_up=True
    )
    with pytest.raises(ValidationError) as exc:
        services.casebook_sign(
            patient=patient, password=PASSWORD, actor=Actor.staff(investigator), confirm_open_follow_up=True
        )
    assert "already signed" in exc.value.message_dict["patient"][0]
    services.casebook_unlock(patient=patient, reason="query on the procedure", actor=Actor.staff(data_manager))
    services.casebook_sign(
        patient=patient, password=PASSWORD, actor=Actor.staff(investigator), confirm_open_follow_up=True
    )
    signatures = CasebookSignature.objects.filter(patient=patient)
    assert sorted(signatures.values_list("is_active", flat=True)) == [False, True]
    patient.refresh_from_db()
    assert patient.form_state == FormState.LOCKED
