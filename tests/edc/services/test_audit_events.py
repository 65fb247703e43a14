"""Account changes, password changes and imports are recorded as audit events with who did them."""

from __future__ import annotations

import pytest

from ablacem.dataset import Dataset
from ablacem.edc import services
from ablacem.edc.actors import Actor
from ablacem.edc.models import AuditEvent, AuditEventKind
from ablacem.edc.selectors import audit_chain_verify
from ablacem.synth import generate

pytestmark = [pytest.mark.django_db, pytest.mark.db_backend]


def _events(kind):
    return list(AuditEvent.objects.filter(kind=kind).order_by("pk"))


def test_account_changes_name_who_did_what_to_whom(users, data_manager):
    dm = Actor.staff(data_manager)
    spare = services.user_create(username="new_monitor", role="monitor", password="a-Long-passw0rd", actor=dm)
    services.user_set_role(account=spare, role="investigator", actor=dm)
    services.user_set_active(account=spare, active=False, actor=dm)
    services.user_set_active(account=spare, active=True, actor=dm)
    services.user_unlock_login(account=spare, actor=dm)

    expected = [
        (AuditEventKind.USER_CREATED, "role monitor"),
        (AuditEventKind.ROLE_CHANGED, "role monitor -> investigator"),
        (AuditEventKind.USER_DEACTIVATED, ""),
        (AuditEventKind.USER_REACTIVATED, ""),
        (AuditEventKind.LOCKOUT_LIFTED, "0 failed-attempt record(s) removed"),
    ]
    events = list(AuditEvent.objects.filter(subject_username="new_monitor").order_by("pk"))
    assert [(e.kind, e.detail) for e in events] == expected
    assert {(e.user_id, e.actor_kind, e.actor_name) for e in events} == {
        (data_manager.pk, "staff", "data_manager_user")
    }
    assert audit_chain_verify().ok


def test_a_password_change_is_recorded_without_the_password(coordinator):
    coordinator.set_password("Another-secret-42")
    coordinator.save()
    [event] = _events(AuditEventKind.PASSWORD_CHANGED)
    assert event.subject_username == "coordinator_user"
    assert "Another-secret-42" not in f"{event.detail}{event.subject_username}{event.actor_name}"
    coordinator.save()  # saved again without a new password: nothing more recorded
    assert len(_events(AuditEventKind.PASSWORD_CHANGED)) == 1


def test_an_import_names_the_account_it_ran_as_and_chains_its_bulk_rows(data_manager):
    cohort = generate(3, 11)
    ids = list(cohort.patients["patient_id"])
    subset = Dataset({name: frame[frame["patient_id"].isin(ids)].copy() for name, frame in cohort.tables.items()})
    counts = services.dataset_import(
        source=subset, actor=Actor.system("import", user=data_manager), reason="imported from batch1"
    )
    [event] = _events(AuditEventKind.IMPORT)
    assert event.user == data_manager and event.actor_kind == "system" and event.actor_name == "import"
    assert event.detail.startswith("imported from batch1: ") and f"{counts['patients']} patients" in event.detail
    report = audit_chain_verify()
    assert report.ok, report.problem
