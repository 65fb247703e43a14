"""Database lock: requested by a data manager, confirmed by an investigator; nothing changes until unlocked."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ablacem.edc import services
from ablacem.edc.actors import Actor
from ablacem.edc.models import LockState, StudyLock
from ablacem.edc.services import RecordLockedError
from tests.edc.conftest import DAY0, ITEMS, PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.db_backend]


def lock(data_manager, investigator):
    services.study_lock_request(note="last patient out", actor=Actor.staff(data_manager))
    return services.study_lock_confirm(password=PASSWORD, actor=Actor.staff(investigator))


def test_a_locked_study_refuses_every_change_until_unlocked(treated_patient, coordinator, data_manager, investigator):
    patient, lesion, _ = treated_patient
    locked = lock(data_manager, investigator)
    assert (locked.state, locked.confirmed_by) == (LockState.LOCKED, investigator)

    record_visit = {
        "patient": patient,
        "timepoint": "baseline",
        "assessed_on": DAY0 - dt.timedelta(days=2),
        "vas_worst": 5.0,
        "items": ITEMS,
    }
    with pytest.raises(RecordLockedError, match="study database is locked"):
        services.assessment_record(**record_visit, actor=Actor.staff(coordinator))
    with pytest.raises(RecordLockedError):
        services.lesion_update(
            lesion=lesion, size_mm=30.0, expected_version=lesion.version, reason="x", actor=Actor.staff(coordinator)
        )
    with pytest.raises(RecordLockedError):
        services.casebook_sign(
            patient=patient, password=PASSWORD, confirm_open_follow_up=True, actor=Actor.staff(investigator)
        )
    with pytest.raises(RecordLockedError):
        services.dataset_import(source="/nonexistent", actor=Actor.system("import"))

    with pytest.raises(ValidationError) as no_reason:
        services.study_unlock(reason=" ", actor=Actor.staff(data_manager))
    assert "reason" in no_reason.value.message_dict
    services.study_unlock(reason="late lab result", actor=Actor.staff(data_manager))
    assert services.assessment_record(**record_visit, actor=Actor.staff(coordinator)).vas_worst == 5.0

    reasons = list(StudyLock.history.order_by("history_id").values_list("history_change_reason", "state"))
    assert reasons == [
        ("database lock requested", "requested"),
        ("database lock confirmed", "locked"),
        ("database unlocked: late lab result", "unlocked"),
    ]


def test_the_lock_needs_an_investigator_and_the_right_password(data_manager, investigator, coordinator):
    with pytest.raises(PermissionDenied):
        services.study_lock_request(actor=Actor.staff(investigator))
    with pytest.raises(ValidationError) as nothing:
        services.study_lock_confirm(password=PASSWORD, actor=Actor.staff(investigator))
    assert nothing.value.message_dict == {"lock": ["no database lock is requested"]}
    services.study_lock_request(actor=Actor.staff(data_manager))
    with pytest.raises(PermissionDenied):
        services.study_lock_confirm(password=PASSWORD, actor=Actor.staff(data_manager))
    with pytest.raises(PermissionDenied):
        services.study_lock_confirm(password=PASSWORD, actor=Actor.staff(coordinator))
    with pytest.raises(ValidationError) as wrong:
        services.study_lock_confirm(password="nope", actor=Actor.staff(investigator))
    assert "password" in wrong.value.message_dict
    with pytest.raises(ValidationError):  # one request at a time
        services.study_lock_request(actor=Actor.staff(data_manager))
    services.study_lock_withdraw(actor=Actor.staff(data_manager))
    assert StudyLock.objects.get().state == LockState.WITHDRAWN
