"""Enrolment, identifying data, enrolment changes and end of study through the web."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from ablacem.edc.models import Patient, PatientIdentity

from .world import DAY0

pytestmark = pytest.mark.db_backend

ENROL = {
    "eligibility_confirmed": "on",
    "enrolled_on": "2025-03-03",
    "age": "71",
    "sex": "M",
    "ecog": "2",
    "diagnosis": "malignant",
    "primary_tumour": "lung",
    "name": "Bob Example",
    "hospital_number": "HN-777",
    "birth_date": "1954-01-02",
}


def test_enrolment_assigns_the_study_id_and_keeps_identifiers_apart(client_as, users):
    response = client_as("coordinator").post(reverse("edc:enrol"), ENROL)
    patient = Patient.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("edc:patient_detail", args=[patient.pk])
    assert patient.study_id == "ABL-001"
    assert (patient.age, patient.sex, patient.ecog, patient.primary_tumour) == (71, "M", 2, "lung")
    identity = PatientIdentity.objects.get(patient=patient)
    assert (identity.name, identity.hospital_number, identity.birth_date) == (
        "Bob Example",
        "HN-777",
        dt.date(1954, 1, 2),
    )
    assert "Bob" not in response["Location"] and "ABL-001" not in response["Location"]


def test_rejected_enrolment_keeps_everything_typed_and_says_why_next_to_the_field(client_as, users):
    data = {**ENROL, "age": "12", "eligibility_confirmed": ""}
    response = client_as("coordinator").post(reverse("edc:enrol"), data)
    assert response.status_code == 422
    html = response.content.decode()
    assert Patient.objects.count() == 0
    assert 'value="12"' in html and 'value="Bob Example"' in html and 'value="HN-777"' in html
    assert 'value="2025-03-03"' in html and 'value="1954-01-02"' in html
    assert "age must be between 18 and 110 years" in html
    assert "eligibility must be confirmed before enrolment" in html
    age_field = html[html.index('id="field-age"') :]
    assert age_field.index("age must be between") < age_field.index('id="field-sex"')


def test_primary_tumour_must_match_the_diagnosis(client_as, users):
    response = client_as("coordinator").post(reverse("edc:enrol"), {**ENROL, "diagnosis": "benign"})
    assert response.status_code == 422
    assert "Lung is a malignant primary, but the diagnosis is benign" in response.content.decode()


def test_patient_list_shows_identifiers_only_to_roles_allowed(client, users, world):
    from .world import login

    login(client, users["coordinator"])
    assert b"Alice Example" in client.get(reverse("edc:patient_list")).content
    login(client, users["monitor"])
    assert b"Alice Example" in client.get(reverse("edc:patient_list")).content
    login(client, users["statistician"])
    assert client.get(reverse("edc:patient_list")).status_code == 403


def test_changing_enrolment_data_needs_a_reason(client_as, world):
    patient = world["patient"]
    client = client_as("coordinator")
    url = reverse("edc:patient_edit", args=[patient.pk])
    form = client.get(url)
    assert b'name="reason"' in form.content and b"Reason for change" in form.content
    data = {
        "eligibility_confirmed": "on",
        "enrolled_on": "2025-03-03",
        "age": "65",
        "sex": "F",
        "ecog": "1",
        "diagnosis": "malignant",
        "primary_tumour": "breast",
        "version": str(patient.version),
    }
    refused = client.post(url, data)
    assert refused.status_code == 422
    assert b'value="65"' in refused.content
    patient.refresh_from_db()
    assert patient.age == 64
    saved = client.post(url, {**data, "reason": "age misread from the referral letter"})
    assert saved.status_code == 302
    patient.refresh_from_db()
    assert patient.age == 65
    assert patient.history.first().history_change_reason == "age misread from the referral letter"


def test_end_of_study_with_death_before_the_procedure_is_refused(client_as, world):
    patient = world["patient"]
    url = reverse("edc:end_of_study", args=[patient.pk])
    data = {"end_reason": "died", "end_date": "2025-03-05", "death_date": "2025-03-05", "version": patient.version}
    response = client_as("coordinator").post(url, data)
    assert response.status_code == 422
    assert "death date is before the procedure" in response.content.decode()
    patient.refresh_from_db()
    assert patient.end_reason == ""


def test_end_of_study_removes_later_visits_from_the_worklist(client_as, world):
    patient = world["patient"]
    client = client_as("coordinator")
    death = DAY0 + dt.timedelta(days=3)
    data = {
        "end_reason": "died",
        "end_date": death.isoformat(),
        "death_date": death.isoformat(),
        "version": patient.version,
    }
    assert client.post(reverse("edc:end_of_study", args=[patient.pk]), data).status_code == 302
    page = client.get(reverse("edc:patient_detail", args=[patient.pk])).content.decode()
    assert "Died on" in page
    assert page.count("not expected (study ended)") == 3  # 1 week, 1 month, 3 months


def test_patient_page_shows_what_was_entered_per_visit(client_as, users, world):
    # The 1-week window is 2025-03-15 to 2025-03-20 (day 5 to 10 after DAY0 2025-03-10).
    from ablacem.edc import services

    patient, user = world["patient"], users["coordinator"]
    services.assessment_record(
        patient=patient,
        timepoint="w1",
        assessed_on=dt.date(2025, 3, 22),
        vas_worst=4.0,
        out_of_window_reason="readmitted",
        complete=False,
        user=user,
    )
    services.assessment_mark_not_done(
        patient=patient, timepoint="m1", status="missed", not_done_reason="patient unreachable", user=user
    )
    page = client_as("coordinator").get(reverse("edc:patient_detail", args=[patient.pk])).content.decode()
    baseline = page.split('id="visit-baseline"')[1].split("</tr>")[0]
    assert "2025-03-08" in baseline and "outside the window" not in baseline  # DAY0 - 2 days: inside
    w1 = page.split('id="visit-w1"')[1].split("</tr>")[0]
    assert "2025-03-22" in w1 and "outside the window</span>: readmitted" in w1
    m1 = page.split('id="visit-m1"')[1].split("</tr>")[0]
    assert "Missed (patient unreachable)" in m1
    assert ">missed<" in page.split('id="visit-m3"')[1].split("</tr>")[0]  # nothing entered: the schedule state
