"""The audit trail: who, when, old, new, reason; identity changes only when allowed; CSV."""

import csv
import io

import pytest

from ablacem.edc import services
from ablacem.edc.selectors import audit_trail_csv, patient_audit_trail
from tests.edc.conftest import DAY0

pytestmark = [pytest.mark.django_db, pytest.mark.db_backend]


def test_edit_with_reason_is_in_the_trail(treated_patient, coordinator, investigator):
    patient, _, _ = treated_patient
    visit = services.assessment_record(
        patient=patient, timepoint="baseline", assessed_on=DAY0, vas_worst=8.0, user=coordinator
    )
    services.assessment_record(
        patient=patient,
        timepoint="baseline",
        assessed_on=DAY0,
        vas_worst=7.0,
        expected_version=visit.version,
        reason="patient corrected the score",
        user=investigator,
    )
    rows = patient_audit_trail(patient=patient)
    change = [r for r in rows if r.field == "vas_worst" and r.change == "changed"]
    assert len(change) == 1
    row = change[0]
    assert (row.who, row.old, row.new, row.reason, row.record) == (
        "investigator_user",
        "8.0",
        "7.0",
        "patient corrected the score",
        "baseline visit",
    )
    created = [r for r in rows if r.field == "vas_worst" and r.change == "created"]
    assert [(r.who, r.new) for r in created] == [("coordinator_user", "8.0")]


def test_identity_changes_only_with_identifiers(coordinator):
    from tests.edc.conftest import enrol

    patient = enrol(coordinator, name="Ann Example")
    assert not [r for r in patient_audit_trail(patient=patient) if r.field == "name"]
    assert [r.new for r in patient_audit_trail(patient=patient, include_identifiers=True) if r.field == "name"] == [
        "Ann Example"
    ]


def test_csv_export(treated_patient):
    patient, _, _ = treated_patient
    rows = patient_audit_trail(patient=patient)
    parsed = list(csv.DictReader(io.StringIO(audit_trail_csv(rows))))
    assert len(parsed) == len(rows) > 0
    assert list(parsed[0]) == ["when", "who", "model", "record", "change", "field", "old", "new", "reason"]
    assert {r["model"] for r in parsed} >= {"patient", "lesion", "procedure"}
