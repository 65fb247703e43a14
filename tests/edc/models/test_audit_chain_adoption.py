"""The audit-chain adoption migration chains the history rows written before the chain existed."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from django.apps import apps
from django.db import connection

from ablacem.edc.models import AuditChainLink, AuditEvent
from ablacem.edc.selectors import audit_chain_verify

pytestmark = [pytest.mark.django_db, pytest.mark.db_backend]

# Found by name, whatever its number: it runs after every other edc migration.
_MIGRATIONS = Path(importlib.import_module("ablacem.edc.migrations").__file__).parent
adoption = importlib.import_module(
    "ablacem.edc.migrations." + next(_MIGRATIONS.glob("*_audit_chain_adopt_existing_history.py")).stem
)


def test_history_rows_without_links_are_adopted_and_then_verify(treated_patient):
    with connection.cursor() as cursor:  # as a database from before the chain: history, no links, no events
        cursor.execute("DELETE FROM edc_auditchainlink")
        cursor.execute("DELETE FROM edc_auditevent")
    assert "has no link" in audit_chain_verify().problem

    adoption.adopt_existing_history(apps, None)

    report = audit_chain_verify()
    assert report.ok, report.problem
    assert report.records == AuditChainLink.objects.count() > 0 and not AuditEvent.objects.exists()
