"""A patient's FHIR R4 Bundle over the API: valid, de-identified for the statistician (the secret
per-patient shift kept in the database), identified only on request of an identified-export
role, audited, and a 404 for a patient out of reach."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from ablacem.edc.models import AuditEvent, AuditEventKind, PatientIdentity
from ablacem.interop.fhir import validate_bundle
from tests.edc.views.world import build_world
from tests.interop.fhir.bundle_reader import only, read_bundle

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def world(users):
    return build_world(users["coordinator"], birth_date=dt.date(1960, 5, 4))


def _url(world) -> str:
    return f"/api/v1/patients/{world['patient'].pk}/fhir/"


def test_the_statistician_gets_a_deidentified_bundle_shifted_by_the_secret_shift(client_for, world):
    response = client_for("statistician").get(_url(world))
    assert response.status_code == 200 and response["Content-Type"] == "application/fhir+json"
    bundle = response.json()
    validate_bundle(bundle)
    assert (bundle["resourceType"], bundle["type"]) == ("Bundle", "transaction")
    text = json.dumps(bundle)
    for identifying in ("ABL-001", "Alice", "Example", "HN-424242", "1960-05-04"):
        assert identifying not in text, identifying
    got = read_bundle(bundle)
    patient = only(got["patients"])
    assert "name" not in patient or not patient["name"]
    shift = PatientIdentity.objects.get().date_shift_days
    assert {p["date"] for p in got["procedures"]} == {(dt.date(2025, 3, 10) + dt.timedelta(days=shift)).isoformat()}
    vas = {o["code"]: o["value"] for o in got["observations"] if o["timepoint"] == "baseline"}
    assert (vas["vas_worst"], vas["vas_average"]) == (8.0, 6.5)
    event = AuditEvent.objects.get(kind=AuditEventKind.EXPORT)
    assert event.identified is False and event.actor_kind == "api" and "FHIR R4" in event.detail
    assert client_for("statistician").get(_url(world) + "?identified=true").status_code == 403


def test_the_data_manager_asks_for_the_identified_bundle(client_for, world):
    bundle = client_for("data_manager").get(_url(world) + "?identified=true").json()
    validate_bundle(bundle)
    text = json.dumps(bundle)
    assert "ABL-001" in text and "HN-424242" in text and "1960-05-04" in text
    assert {p["date"] for p in read_bundle(bundle)["procedures"]} == {"2025-03-10"}
    assert AuditEvent.objects.get(kind=AuditEventKind.EXPORT).identified is True


def test_an_unknown_or_deleted_patient_is_a_problem_404(client_for, world, users):
    from ablacem.edc import services
    from ablacem.edc.actors import Actor

    api = client_for("statistician")
    assert api.get("/api/v1/patients/999999/fhir/").status_code == 404
    patient = world["patient"]
    services.record_soft_delete(
        record=patient,
        reason="enrolled twice",
        expected_version=patient.version,
        actor=Actor.staff(users["data_manager"]),
    )
    gone = api.get(_url(world))
    assert gone.status_code == 404 and gone["Content-Type"] == "application/problem+json"
    assert not AuditEvent.objects.filter(kind=AuditEventKind.EXPORT).exists()
