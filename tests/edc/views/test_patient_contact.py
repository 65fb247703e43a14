"""Contact details on the enrolment and identity forms and on the patient page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ablacem.edc.models import Patient, PatientIdentity

from .test_patients import ENROL
from .world import enrol

pytestmark = pytest.mark.db_backend

CONTACT = {"contact_channel": "sms", "email": "", "mobile": "+44 7700 900456", "contact_consent": "true"}


def test_enrolment_form_offers_contact_details_and_saves_them(client_as, users):
    client = client_as("coordinator")
    html = client.get(reverse("edc:enrol")).content.decode()
    for name in ("contact_channel", "email", "mobile", "contact_consent"):
        assert f'name="{name}"' in html
    assert "Questionnaire messages" in html
    response = client.post(reverse("edc:enrol"), {**ENROL, **CONTACT})
    assert response.status_code == 302
    identity = PatientIdentity.objects.get(patient=Patient.objects.get())
    assert (identity.contact_channel, identity.mobile, identity.contact_consent) == ("sms", "+447700900456", True)


def test_a_bad_number_is_named_next_to_its_field_and_everything_typed_is_kept(client_as, users):
    response = client_as("coordinator").post(reverse("edc:enrol"), {**ENROL, **CONTACT, "mobile": "0612345678"})
    assert response.status_code == 422
    html = response.content.decode()
    assert Patient.objects.count() == 0
    assert 'value="0612345678"' in html and 'value="Bob Example"' in html
    mobile = html[html.index('id="field-mobile"') :]
    assert mobile.index("not a mobile number in international form") < mobile.index("field-contact_consent")


def test_identity_form_changes_the_channel(client_as, users):
    patient = enrol(users["coordinator"], email="alice@example.org", contact_channel="email", contact_consent=True)
    client = client_as("coordinator")
    url = reverse("edc:identity_edit", args=[patient.pk])
    html = client.get(url).content.decode()
    assert 'name="contact_channel"' in html and 'value="alice@example.org"' in html
    assert '<option value="true" selected>Yes</option>' in html  # the recorded agreement
    identity = PatientIdentity.objects.get(patient=patient)
    response = client.post(
        url,
        {
            "name": "Alice Example",
            "hospital_number": "HN-424242",
            "email": "alice@example.org",
            "mobile": "",
            "contact_channel": "none",
            "version": identity.version,
            "reason": "patient asked for no messages",
        },
    )
    assert response.status_code == 302
    identity.refresh_from_db()
    assert (identity.contact_channel, identity.contact_consent) == ("none", False)


def test_patient_page_shows_contact_details_only_to_roles_that_see_identifiers(client_as, users):
    patient = enrol(users["coordinator"], email="alice@example.org", contact_channel="email", contact_consent=True)
    url = reverse("edc:patient_detail", args=[patient.pk])
    html = client_as("coordinator").get(url).content.decode()
    assert "alice@example.org" in html and "agreed to be contacted" in html
    refused = client_as("statistician").get(url)
    assert refused.status_code == 403 and "alice@example.org" not in refused.content.decode()
