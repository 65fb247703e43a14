"""Deterministic ids: UUID version 5 of the resource type and the record's key."""

from __future__ import annotations

import uuid

from ablacem.interop.fhir.ids import NAMESPACE, full_url, record_uuid


def test_the_same_key_gives_the_same_uuid_and_another_key_another():
    assert record_uuid("Patient", "ABL-001") == record_uuid("Patient", "ABL-001")
    assert record_uuid("Patient", "ABL-001") != record_uuid("Patient", "ABL-002")
    assert record_uuid("Patient", "ABL-001") != record_uuid("Condition", "ABL-001")


def test_it_is_rfc_9562_version_5():
    value = uuid.UUID(record_uuid("Procedure", "ABL-001-P1", "ablation"))
    assert value.version == 5
    assert value == uuid.uuid5(NAMESPACE, "Procedure/ABL-001-P1/ablation")
    assert full_url("Procedure", "ABL-001-P1", "ablation") == f"urn:uuid:{value}"
