"""The audit chain verifies over real saves, and finds a value changed or a row deleted in SQL."""

from __future__ import annotations

import itertools

import pytest
from django.db import connection

from ablacem.edc import services
from ablacem.edc.actors import Actor
from ablacem.edc.chain_hash import GENESIS_HASH, link_hash
from ablacem.edc.models import AuditChainLink, AuditEvent, AuditEventKind, Lesion
from ablacem.edc.selectors import audit_chain_head, audit_chain_verify, chained_models
from tests.edc.conftest import PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.db_backend]


def _sql(statement: str, params) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def test_every_history_model_and_audit_events_are_chained():
    tables = {m._meta.db_table for m in chained_models()}
    assert {"edc_historicallesion", "edc_historicalcasebooksignature", "edc_auditevent"} <= tables
    assert "edc_lesion" not in tables  # live rows change; their history rows are what is chained


def test_chain_verifies_after_saves_signature_and_events(treated_patient, investigator, data_manager):
    patient, lesion, _ = treated_patient
    services.lesion_update(
        lesion=lesion,
        expected_version=lesion.version,
        size_mm=25.5,
        reason="remeasured",
        actor=Actor.staff(data_manager),
    )
    services.casebook_sign(
        patient=patient, password=PASSWORD, actor=Actor.staff(investigator), confirm_open_follow_up=True
    )
    services.casebook_unlock(patient=patient, reason="late CT", actor=Actor.staff(data_manager))

    report = audit_chain_verify()

    assert report.ok, report.problem
    links = list(AuditChainLink.objects.order_by("seq"))
    assert report.records == len(links) == links[-1].seq
    assert [link.seq for link in links] == list(range(1, len(links) + 1))
    assert links[0].prev_hash == GENESIS_HASH
    assert all(later.prev_hash == earlier.hash for earlier, later in itertools.pairwise(links))
    assert report.head == links[-1].hash == audit_chain_head()["hash"]
    # Every history row and every audit event (the users created by the fixtures) has one link.
    history_rows = sum(m._base_manager.count() for m in chained_models())
    assert len(links) == history_rows
    assert AuditEvent.objects.filter(kind=AuditEventKind.USER_CREATED).count() >= 3
    last = links[-1]
    assert last.hash == link_hash(
        seq=last.seq,
        source=last.source,
        source_pk=last.source_pk,
        content_hash=last.content_hash,
        prev_hash=last.prev_hash,
    )


def test_value_changed_in_sql_is_found(treated_patient, data_manager):
    _, lesion, _ = treated_patient
    row = Lesion.history.filter(id=lesion.pk).order_by("history_id").first()
    assert audit_chain_verify().ok

    _sql("UPDATE edc_historicallesion SET size_mm = %s WHERE history_id = %s", [30.0, row.history_id])

    report = audit_chain_verify()
    assert not report.ok
    assert f"edc_historicallesion #{row.history_id}" in report.problem
    assert "content changed" in report.problem


def test_history_row_deleted_in_sql_is_found(treated_patient):
    _, lesion, _ = treated_patient
    row = Lesion.history.filter(id=lesion.pk).order_by("history_id").first()

    _sql("DELETE FROM edc_historicallesion WHERE history_id = %s", [row.history_id])

    report = audit_chain_verify()
    assert not report.ok
    assert f"edc_historicallesion #{row.history_id} is gone (row deleted)" in report.problem


def test_audit_event_changed_or_deleted_in_sql_is_found(coordinator):
    event = AuditEvent.objects.get(kind=AuditEventKind.USER_CREATED, subject_username=coordinator.username)
    _sql("UPDATE edc_auditevent SET subject_username = %s WHERE id = %s", ["someone_else", event.pk])
    assert "content changed" in audit_chain_verify().problem

    _sql("DELETE FROM edc_auditevent WHERE id = %s", [event.pk])
    assert f"edc_auditevent #{event.pk} is gone (row deleted)" in audit_chain_verify().problem


def test_link_deleted_or_rewritten_in_sql_is_found(treated_patient):
    links = list(AuditChainLink.objects.order_by("seq"))
    middle = links[len(links) // 2]

    _sql("UPDATE edc_auditchainlink SET content_hash = %s WHERE id = %s", ["0" * 64, middle.pk])
    assert f"link {middle.seq} was altered" in audit_chain_verify().problem

    _sql("DELETE FROM edc_auditchainlink WHERE id = %s", [middle.pk])
    report = audit_chain_verify()
    assert not report.ok
    assert f"link {middle.seq} is missing (link broken" in report.problem
    assert report.records == middle.seq - 1


def test_row_inserted_outside_the_edc_is_found(coordinator):
    assert audit_chain_verify().ok
    _sql(
        "INSERT INTO edc_auditevent (at, kind, actor_kind, actor_name, subject_username, detail) "
        "VALUES (CURRENT_TIMESTAMP, 'login', 'staff', 'intruder', '', '')",
        [],
    )
    report = audit_chain_verify()
    assert not report.ok and "has no link (record not in the chain)" in report.problem


def test_audit_events_are_append_only(coordinator):
    event = AuditEvent.objects.first()
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.update(detail="x")
