"""Enrolment, identifying data, enrolment changes and end of study through the web."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from ablacem.edc.actors import Actor
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
        actor=Actor.staff(user),
    )
    services.assessment_mark_not_done(
        patient=patient, timepoint="m1", status="missed", not_done_reason="patient unreachable", actor=Actor.staff(user)
    )
    page = client_as("coordinator").get(reverse("edc:patient_detail", args=[patient.pk])).content.decode()
    baseline = page.split('id="visit-baseline"')[1].split("</tr>")[0]
    assert "2025-03-08" in baseline and "outside the window" not in baseline  # DAY0 - 2 days: inside
    w1 = page.split('id="visit-w1"')[1].split("</tr>")[0]
    assert "2025-03-22" in w1 and "outside the window</span>: readmitted" in w1
    m1 = page.split('id="visit-m1"')[1].split("</tr>")[0]
    assert "Missed (patient unreachable)" in m1
    assert ">missed<" in page.split('id="visit-m3"')[1].split("</tr>")[0]  # nothing entered: the schedule state


def test_patient_page_lists_the_forms_in_entry_order(client_as, world):
    page = client_as("coordinator").get(reverse("edc:patient_detail", args=[world["patient"].pk])).content.decode()
    order = ["enrolment", "identity", "lesions", "procedure", "schedule", "adverse-events", "end-of-study"]
    positions = [page.index(f'<section class="card" id="{name}">') for name in order]
    assert positions == sorted(positions)


def test_before_the_procedure_baseline_is_due_before_it_not_after(client_as, users):
    from .world import enrol

    patient = enrol(users["coordinator"])
    page = client_as("coordinator").get(reverse("edc:patient_detail", args=[patient.pk])).content.decode()
    baseline = page.split('id="visit-baseline"')[1].split("</tr>")[0]
    assert "before the procedure (within 14 days)" in baseline and "after the procedure" not in baseline
    assert "day 7 after the procedure" in page.split('id="visit-w1"')[1].split("</tr>")[0]


def _study(coordinator, world):
    """Besides the world's treated patient (ABL-001, HN-424242): ABL-002 waiting for its
    procedure, ABL-003 treated and dead (ended)."""
    from ablacem.edc import services

    from .world import enrol

    waiting = enrol(coordinator, name="Carl Waiting", hospital_number="HN-2")
    ended = enrol(coordinator, name="Dora Ended", hospital_number="HN-3")
    from tests.edc.conftest import treat

    treat(coordinator, ended)
    ended.refresh_from_db()
    death = DAY0 + dt.timedelta(days=3)
    services.end_of_study_record(
        patient=ended,
        end_reason="died",
        end_date=death,
        death_date=death,
        expected_version=ended.version,
        actor=Actor.staff(coordinator),
    )
    return world["patient"], waiting, ended


def _listed(response) -> list[str]:
    page = response.content.decode()
    table = page[page.index('id="patients"') :]
    return re.findall(r'href="/patients/\d+/">(ABL-\d+)</a>', table)


def test_the_patient_list_finds_by_study_id_and_filters_by_state(client_as, users, world):
    _study(users["coordinator"], world)
    client = client_as("coordinator")
    url = reverse("edc:patient_list")
    page = client.get(url).content.decode()
    assert 'name="q"' in page and 'name="state"' in page  # the controls are on the page
    assert _listed(client.get(url)) == ["ABL-001", "ABL-002", "ABL-003"]
    assert _listed(client.get(url, {"q": "abl-002"})) == ["ABL-002"]
    assert _listed(client.get(url, {"q": "003"})) == ["ABL-003"]
    assert _listed(client.get(url, {"state": "awaiting_procedure"})) == ["ABL-002"]
    assert _listed(client.get(url, {"state": "follow_up"})) == ["ABL-001"]
    assert _listed(client.get(url, {"state": "ended"})) == ["ABL-003"]
    assert _listed(client.get(url, {"state": "ended_unsigned"})) == ["ABL-003"]
    assert _listed(client.get(url, {"state": "signed"})) == []
    assert "No patient matches." in client.get(url, {"state": "signed"}).content.decode()
    refused = client.get(url, {"state": "nonsense"})
    assert refused.status_code == 400 and "State filter: choose one of the listed states" in refused.content.decode()


def test_the_patient_list_filters_by_primary_tumour(client_as, users, world):
    from ablacem.edc.models import Patient

    _study(users["coordinator"], world)
    Patient.objects.filter(study_id="ABL-002").update(primary_tumour="lung")
    client = client_as("coordinator")
    url = reverse("edc:patient_list")
    assert 'name="tumour"' in client.get(url).content.decode()  # the control is on the page
    assert _listed(client.get(url, {"tumour": "lung"})) == ["ABL-002"]
    assert _listed(client.get(url, {"tumour": "breast", "state": "ended"})) == ["ABL-003"]
    page_two = client.get(url, {"tumour": "breast"}).content.decode()
    assert 'value="breast" selected' in page_two
    refused = client.get(url, {"tumour": "nonsense"})
    assert refused.status_code == 400
    assert "Primary tumour filter: choose one of the listed types" in refused.content.decode()


def test_the_patient_list_filters_patients_with_open_problems(client_as, users, world):
    from ablacem.edc.selectors import open_problems

    _study(users["coordinator"], world)
    # ABL-002 was enrolled in 2025 and is still waiting for its procedure: an open problem.
    assert "ABL-002" in open_problems() and "ABL-001" not in open_problems()
    listed = _listed(client_as("coordinator").get(reverse("edc:patient_list"), {"state": "problems"}))
    assert listed == sorted(s for s in open_problems() if s)
    assert "ABL-002" in listed


def test_a_hospital_number_is_searched_by_post_only_never_in_an_address(client_as, users, world):
    _study(users["coordinator"], world)
    client = client_as("coordinator")
    url = reverse("edc:patient_list")
    page = client.get(url).content.decode()
    form = page[page.index('id="search-hospital-number"') :]
    assert form.startswith('id="search-hospital-number"') and 'name="hospital_number"' in form[: form.index("</form>")]
    assert 'method="post"' in page[page.rindex("<form", 0, page.index('id="search-hospital-number"')) :][:80]
    assert _listed(client.post(url, {"hospital_number": " hn-2 "})) == ["ABL-002"]
    assert _listed(client.post(url, {"hospital_number": "HN-4"})) == []  # the whole number, not a part
    # In a query string it is ignored: the list is not narrowed by what an address carries.
    assert _listed(client.get(url, {"hospital_number": "HN-2"})) == ["ABL-001", "ABL-002", "ABL-003"]


def test_a_role_that_may_not_see_identifiers_cannot_search_by_one(client_as, users, world, monkeypatch):
    from ablacem.edc.roles import PERMISSIONS, Action, Role

    monkeypatch.setitem(PERMISSIONS, Role.MONITOR, PERMISSIONS[Role.MONITOR] - {Action.VIEW_IDENTIFIERS})
    client = client_as("monitor")
    url = reverse("edc:patient_list")
    page = client.get(url).content.decode()
    assert 'name="hospital_number"' not in page and "HN-424242" not in page and "Alice Example" not in page
    assert _listed(client.get(url, {"q": "001"})) == ["ABL-001"]
    refused = client.post(url, {"hospital_number": "HN-424242"})
    assert refused.status_code == 403 and "ABL-001" not in refused.content.decode()


def test_the_patient_list_shows_50_patients_a_page(client_as, users):
    from .world import enrol

    for _ in range(52):
        enrol(users["coordinator"])
    client = client_as("coordinator")
    url = reverse("edc:patient_list")
    first = client.get(url)
    assert len(_listed(first)) == 50 and "Page 1 of 2" in first.content.decode()
    assert 'href="?page=2" rel="next"' in first.content.decode()
    assert _listed(client.get(url, {"page": "2"})) == ["ABL-051", "ABL-052"]
    filtered = client.get(url, {"q": "ABL-0", "page": "2"}).content.decode()
    assert 'href="?q=ABL-0&amp;page=1" rel="prev"' in filtered
