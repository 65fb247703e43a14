"""Writers saving at the same time on PostgreSQL keep one unbroken chain (the advisory lock)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from ablacem.edc import services
from ablacem.edc.actors import Actor
from ablacem.edc.models import AuditChainLink, AuditEventKind
from ablacem.edc.selectors import audit_chain_verify

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.db_backend,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite runs one writer at a time by design"),
]

WRITERS = 6
SAVES_EACH = 8


def test_concurrent_writers_keep_the_chain_valid(coordinator):
    from tests.edc.conftest import enrol

    patients = [enrol(coordinator) for _ in range(WRITERS)]
    before = AuditChainLink.objects.count()
    start = threading.Barrier(WRITERS)
    errors: list[BaseException] = []

    def write(patient) -> None:
        try:
            start.wait(timeout=60)
            for i in range(SAVES_EACH):
                services.lesion_create(
                    patient=patient, site="T8", lesion_type="lytic", size_mm=20.0 + i, actor=Actor.staff(coordinator)
                )
                services.audit_event_record(actor=Actor.staff(coordinator), kind=AuditEventKind.EXPORT, detail=f"{i}")
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(p,)) for p in patients]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)

    assert not errors, errors
    report = audit_chain_verify()
    assert report.ok, report.problem
    # Each writer: one lesion history row and one event per save.
    assert AuditChainLink.objects.count() - before == WRITERS * SAVES_EACH * 2
