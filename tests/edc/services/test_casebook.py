"""Signing locks a casebook; only a data manager unlocks it, with a reason."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ablacem.edc import services
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
        "user": user,
    }
    return services.assessment_record(**{**data, **kw})


def test_sign_locks_and_unlock_restores(treated_patient, coordinator, investigator, data_manager):
    patient, lesion, _ = treated_patient
    baseline = visit(patient, coordinator)
    with pytest.raises(ValidationError) as exc:
        services.casebook_sign(patient=patient, password="wrong-password", user=investigator)
    assert "password" in exc.value.message_dict
    services.casebook_sign(patient=patient, password=PASSWORD, user=investigator)
    lesion.refresh_from_db()
    baseline.refresh_from_db()
    assert lesion.form_state == FormState.LOCKED and baseline.form_state == FormState.LOCKED
    with pytest.raises(services.RecordLockedError):
        visit(patient, coordinator, expected_version=baseline.version, reason="late change")
    with pytest.raises(services.RecordLockedError):
        services.lesion_create(patient=patient, site="L3", lesion_type="lytic", user=coordinator)

    with pytest.raises(PermissionDenied):
        services.casebook_unlock(patient=patient, reason="query", user=investigator)
    with pytest.raises(ValidationError):
        services.casebook_unlock(patient=patient, reason=" ", user=data_manager)
    services.casebook_unlock(patient=patient, reason="query from monitor", user=data_manager)
    baseline.refresh_from_db()
    assert baseline.form_state == FormState.COMPLETE
    signature = CasebookSignature.objects.get()
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
            services.casebook_sign(patient=patient, password=PASSWORD, user=user)
