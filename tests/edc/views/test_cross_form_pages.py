"""Cross-form checks as the coordinator meets them on the pages (issue 8): the fields they
need are on the rendered form, refusals show next to them, confirmations can be given."""

from __future__ import annotations

import re

from django.urls import reverse

from ablacem.edc import services
from ablacem.edc.actors import Actor
from ablacem.edc.models import AdverseEvent, Assessment, Lesion

from .test_assessments import MANAGEMENT
from .test_lesions_procedure import procedure_post
from .world import DAY0, SAFETY_FIELDS, enrol


def _block(page: str, start: str, end: str) -> str:
    tail = page[page.index(start) :]
    return tail[: tail.index(end)]


def test_no_qlqc30_item_is_preselected_and_blank_items_need_the_partial_reason(client_as, world):
    patient = world["patient"]
    client = client_as("coordinator")
    url = reverse("edc:visit_edit", args=[patient.pk, "post"])
    page = client.get(url).content.decode()
    items = _block(page, 'id="qlqc30"', "</fieldset>")
    assert len(re.findall(r'type="radio"', items)) == 28 * 5 + 2 * 8  # scale points and "no answer"
    assert "checked" not in items
    assert 'name="qlqc30_missing_reason"' in items  # the reason is on the page, in the QLQ-C30 block
    visit = {**MANAGEMENT, "assessed_on": DAY0.isoformat(), "vas_worst": "5", "save_complete": "1"}
    refused = client.post(url, visit)
    assert refused.status_code == 422
    field = _block(refused.content.decode(), 'id="field-qlqc30_missing_reason"', "</div>")
    assert "none of the 30 QLQ-C30 items is answered" in field
    assert not Assessment.objects.filter(patient=patient, timepoint="post").exists()
    saved = client.post(url, {**visit, "q1": "3", "qlqc30_missing_reason": "too_unwell"})
    assert saved.status_code == 302
    stored = Assessment.objects.get(patient=patient, timepoint="post")
    assert (stored.q1, stored.q2, stored.qlqc30_missing_reason) == (3, None, "too_unwell")
    # Reopened, the answered item is checked and the blank ones are not.
    items = _block(client.get(url).content.decode(), 'id="qlqc30"', "</fieldset>")
    assert items.count("checked") == 1
    detail = client.get(reverse("edc:visit", args=[patient.pk, "post"])).content.decode()
    assert "Partially completed:</strong> Patient too unwell to complete it" in detail


def test_the_identity_form_refuses_a_birth_date_that_contradicts_the_age_next_to_the_field(client_as, world):
    patient = world["patient"]  # enrolled 2025-03-03, aged 64
    client = client_as("coordinator")
    url = reverse("edc:identity_edit", args=[patient.pk])
    data = {"name": "Alice Example", "hospital_number": "HN-424242", "birth_date": "1975-06-01"}
    data |= {"version": str(patient.identity.version), "reason": "birth date from the hospital record"}
    refused = client.post(url, data)
    assert refused.status_code == 422
    field = _block(refused.content.decode(), 'id="field-birth_date"', "</div>")
    assert "Age at enrolment 64 does not match the date of birth: the patient was 49 on the date of consent" in field
    assert client.post(url, {**data, "birth_date": "1960-06-01"}).status_code == 302


def test_the_adverse_event_form_asks_seriousness_criteria_and_checks_them(client_as, world):
    patient = world["patient"]
    client = client_as("coordinator")
    url = reverse("edc:ae_new", args=[patient.pk])
    page = client.get(url).content.decode()
    assert page.count('name="serious_criteria"') == 6 and "Results in death" in page
    data = {
        "onset_date": "2025-03-11",
        "term": "death",
        "cirse_grade": "6",
        "serious": "false",
        "related_to": "other",
        **SAFETY_FIELDS,
        "ongoing": "false",
        "resolution_date": "2025-03-11",
        "outcome": "fatal",
    }
    refused = client.post(url, data)
    assert refused.status_code == 422
    assert "a death event is a serious adverse event" in _block(
        refused.content.decode(), 'id="field-serious"', "</div>"
    )
    assert client.post(url, {**data, "serious": "true", "serious_criteria": ["death"]}).status_code == 302
    assert AdverseEvent.objects.get(term="death").serious_criteria == ["death"]


def test_a_sins_contradiction_is_warned_in_words_and_saved_once_confirmed(client_as, users):
    patient = enrol(users["coordinator"])
    client = client_as("coordinator")
    url = reverse("edc:lesion_new", args=[patient.pk])
    assert 'name="confirm_scores"' not in client.get(url).content.decode()
    data = {"site": "L2", "lesion_type": "lytic", "sins_location": "1", "sins_bone_lesion": "0"}
    refused = client.post(url, data)
    assert refused.status_code == 422
    page = refused.content.decode()
    assert "L2 is mobile spine (C3-C6, L2-L4) for the SINS location, not semi-rigid (T3-T10)" in _block(
        page, 'id="field-sins_location"', "</div>"
    )
    assert "the lesion is lytic, but its SINS bone lesion is scored blastic" in page
    assert 'name="confirm_scores"' in page
    assert client.post(url, {**data, "confirm_scores": "on"}).status_code == 302
    assert Lesion.objects.get(patient=patient).sins_location == 1


def test_a_symptomatic_leak_without_its_event_asks_for_confirmation(client_as, users):
    patient = enrol(users["coordinator"])
    lesion = services.lesion_create(
        patient=patient, site="T8", lesion_type="lytic", actor=Actor.staff(users["coordinator"])
    )
    client = client_as("coordinator")
    url = reverse("edc:procedure_edit", args=[patient.pk])
    data = procedure_post(patient, lesion, **{f"lesion-{lesion.pk}-leakage_symptomatic": "true"})
    refused = client.post(url, data)
    assert refused.status_code == 422
    page = refused.content.decode()
    assert "needs an adverse event &#x27;Symptomatic cement leakage&#x27;" in page
    assert f'name="lesion-{lesion.pk}-confirm_leak_event"' in page
    assert client.post(url, {**data, f"lesion-{lesion.pk}-confirm_leak_event": "on"}).status_code == 302
