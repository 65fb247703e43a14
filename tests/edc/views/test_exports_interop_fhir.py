"""The FHIR R4 download of the exports page: behind the export permissions, de-identified for the
roles that must not see identifiers (shifted by the secret shift kept in the database), audited."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile

import pytest
from django.urls import reverse

from ablacem.edc.models import AuditEvent, AuditEventKind, PatientIdentity
from ablacem.interop.fhir import validate_bundle
from tests.interop.fhir.bundle_reader import only, read_bundle

pytestmark = pytest.mark.db_backend


def _bundles(response) -> dict[str, dict]:
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    return {name: json.loads(archive.read(name)) for name in archive.namelist() if name.endswith(".json")}


@pytest.mark.parametrize("role", ["statistician", "data_manager"])
def test_the_exports_page_offers_fhir(client_as, users, role):
    html = client_as(role).get(reverse("edc:exports")).content.decode()
    form = html[html.index(reverse("edc:interop_download")) :]
    assert '<select name="fmt" id="id_fmt">' in form and '<option value="fhir">FHIR R4' in form


def test_roles_without_an_export_permission_get_no_bundle(client_as, world):
    for role in ("coordinator", "investigator", "monitor"):
        assert client_as(role).post(reverse("edc:interop_download"), {"fmt": "fhir"}).status_code == 403


def test_the_statistician_gets_deidentified_bundles_with_the_secret_shift(client_as, world):
    client = client_as("statistician")
    assert client.post(reverse("edc:interop_download"), {"fmt": "fhir", "identified": "1"}).status_code == 403
    # relative dates cannot be written in FHIR: the download shifts them whatever is asked
    response = client.post(reverse("edc:interop_download"), {"fmt": "fhir", "date_mode": "relative"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="ablacem-fhir-deidentified-')
    bundles = _bundles(response)
    ((name, bundle),) = bundles.items()
    validate_bundle(bundle)
    text = json.dumps(bundle)
    assert name.startswith("P-") and "ABL-001" not in text and "Alice" not in text and "HN-424242" not in text
    got = read_bundle(bundle)
    shift = PatientIdentity.objects.get().date_shift_days
    assert {p["date"] for p in got["procedures"]} == {(dt.date(2025, 3, 10) + dt.timedelta(days=shift)).isoformat()}
    assert only(got["patients"])["identifiers"] == {"https://ablacem.example/fhir/sid/pseudonym": name[:-5]}
    vas = {o["code"]: o["value"] for o in got["observations"] if o["timepoint"] == "baseline"}
    assert (vas["vas_worst"], vas["vas_average"]) == (8.0, 6.5)
    event = AuditEvent.objects.filter(kind=AuditEventKind.EXPORT).latest("pk")
    assert not event.identified
    assert event.detail.startswith("FHIR R4") and "dates shifted per patient" in event.detail


def test_the_data_manager_gets_identified_bundles_audited_as_identified(client_as, world, users):
    response = client_as("data_manager").post(reverse("edc:interop_download"), {"fmt": "fhir", "identified": "1"})
    assert response.status_code == 200
    bundles = _bundles(response)
    assert list(bundles) == ["ABL-001.json"]
    validate_bundle(bundles["ABL-001.json"])
    patient = only(read_bundle(bundles["ABL-001.json"])["patients"])
    assert patient["name"] == "Alice Example"
    assert patient["identifiers"]["https://ablacem.example/fhir/sid/hospital-number"] == "HN-424242"
    event = AuditEvent.objects.filter(kind=AuditEventKind.EXPORT).latest("pk")
    assert (event.identified, event.user) == (True, users["data_manager"])
    assert (
        event.detail
        == "FHIR R4 (a transaction Bundle per patient, JSON; de-identified dates shifted per patient) (1 patients)"
    )
