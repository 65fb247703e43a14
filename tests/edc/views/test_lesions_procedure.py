"""Lesions (SINS / Mirels totals computed and shown), the procedure session, imaging and adverse events."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ablacem.edc.actors import Actor
from ablacem.edc.models import AdverseEvent, Imaging, Lesion, ProcedureLesion

from .world import SAFETY_FIELDS, enrol

pytestmark = pytest.mark.db_backend


def test_a_spinal_lesion_gets_its_sins_total_computed_and_shown(client_as, users):
    patient = enrol(users["coordinator"])
    client = client_as("coordinator")
    data = {
        "site": "L1",
        "lesion_type": "lytic",
        "size_mm": "31.5",
        "pathologic_fracture": "true",
        "prior_radiotherapy": "false",
        # Fisher 2010 by hand: junctional 3 + mechanical pain 3 + lytic 2 + normal alignment 0
        # + collapse < 50% 2 + unilateral posterolateral 1 = 11 (potentially unstable).
        "sins_location": "3",
        "sins_pain": "3",
        "sins_bone_lesion": "2",
        "sins_alignment": "0",
        "sins_collapse": "2",
        "sins_posterolateral": "1",
    }
    assert client.post(reverse("edc:lesion_new", args=[patient.pk]), data).status_code == 302
    lesion = Lesion.objects.get(patient=patient)
    assert (lesion.lesion_id, lesion.region, lesion.sins_total, lesion.mirels_total) == (
        "ABL-001-L1",
        "spinal",
        11,
        None,
    )
    assert lesion.pathologic_fracture is True and lesion.prior_radiotherapy is False
    assert (
        "<strong>SINS 11</strong>"
        in client.get(reverse("edc:lesion_edit", args=[patient.pk, lesion.pk])).content.decode()
    )
    page = client.get(reverse("edc:patient_detail", args=[patient.pk])).content.decode()
    assert '<td class="num">11</td>' in page


def test_an_extraspinal_lesion_gets_its_mirels_total(client_as, users):
    patient = enrol(users["coordinator"])
    data = {"site": "femur", "lesion_type": "mixed", "mirels_site": "3", "mirels_pain": "2", "mirels_lesion": "2"}
    data["mirels_size"] = "3"  # Mirels 1989 by hand: 3 + 2 + 2 + 3 = 10 (high fracture risk)
    assert client_as("coordinator").post(reverse("edc:lesion_new", args=[patient.pk]), data).status_code == 302
    lesion = Lesion.objects.get(patient=patient)
    assert (lesion.region, lesion.mirels_total, lesion.sins_total) == ("extraspinal", 10, None)


def test_sins_components_on_a_long_bone_are_refused_next_to_the_field(client_as, users):
    patient = enrol(users["coordinator"])
    response = client_as("coordinator").post(
        reverse("edc:lesion_new", args=[patient.pk]), {"site": "humerus", "lesion_type": "lytic", "sins_pain": "3"}
    )
    assert response.status_code == 422
    page = response.content.decode()
    field = page[page.index('id="field-sins_pain"') :]
    assert "SINS applies to spinal lesions only" in field[: field.index("</div>")]
    assert '<option value="humerus" selected>' in page


def procedure_post(patient, lesion, **extra):
    data = {
        "procedure_date": "2025-03-10",
        "guidance": "ct",
        "anaesthesia": "general",
        "duration_minutes": "90",
        "length_of_stay_days": "2",
        f"lesion-{lesion.pk}-treated": "on",
        f"lesion-{lesion.pk}-modality": "cryo",
        f"lesion-{lesion.pk}-n_probes": "3",
        f"lesion-{lesion.pk}-ablation_minutes": "20",
        f"lesion-{lesion.pk}-cement_ml": "6.5",
        f"lesion-{lesion.pk}-cement_leakage": "true",
        f"lesion-{lesion.pk}-leakage_type": "S",
        f"lesion-{lesion.pk}-leakage_symptomatic": "false",
        f"lesion-{lesion.pk}-technical_success": "true",
    }
    data.update(extra)
    return data


def test_the_procedure_records_the_session_and_each_treated_lesion(client_as, users):
    from ablacem.edc import services

    user = users["coordinator"]
    patient = enrol(user)
    lesion = services.lesion_create(patient=patient, site="T10", lesion_type="lytic", actor=Actor.staff(user))
    untreated = services.lesion_create(patient=patient, site="T12", lesion_type="blastic", actor=Actor.staff(user))
    response = client_as("coordinator").post(
        reverse("edc:procedure_edit", args=[patient.pk]), procedure_post(patient, lesion)
    )
    assert response.status_code == 302
    treated = ProcedureLesion.objects.get()
    assert treated.lesion == lesion and treated.session.anaesthesia == "general"
    assert (treated.modality, treated.cement_ml, treated.leakage_type, treated.technical_success) == (
        "cryo",
        6.5,
        "S",
        True,
    )
    assert not ProcedureLesion.objects.filter(lesion=untreated).exists()


def test_a_large_cement_volume_must_be_confirmed_and_nothing_typed_is_lost(client_as, users):
    from ablacem.edc import services

    user = users["coordinator"]
    patient = enrol(user)
    lesion = services.lesion_create(patient=patient, site="T10", lesion_type="lytic", actor=Actor.staff(user))
    client = client_as("coordinator")
    url = reverse("edc:procedure_edit", args=[patient.pk])
    data = procedure_post(patient, lesion, **{f"lesion-{lesion.pk}-cement_ml": "34"})
    refused = client.post(url, data)
    assert refused.status_code == 422
    page = refused.content.decode()
    assert "34 mL is more than 30 mL: confirm the volume to save it" in page
    assert 'value="34"' in page and 'value="90"' in page and '<option value="cryo" selected>' in page
    assert client.post(url, {**data, f"lesion-{lesion.pk}-confirm_cement": "on"}).status_code == 302
    assert ProcedureLesion.objects.get().cement_ml == 34.0


def test_imaging_before_the_procedure_is_refused_and_after_it_is_saved(client_as, world):
    patient, lesion = world["patient"], world["lesion"]
    client = client_as("coordinator")
    url = reverse("edc:imaging_edit", args=[patient.pk, lesion.pk, "m3"])
    refused = client.post(url, {"imaged_on": "2025-03-01", "local_status": "controlled"})
    assert refused.status_code == 422
    assert "imaging is before the procedure (2025-03-10)" in refused.content.decode()
    assert client.post(url, {"imaged_on": "2025-06-09", "local_status": "controlled"}).status_code == 302
    assert Imaging.objects.get(lesion=lesion, timepoint="m3").local_status == "controlled"
    assert client.get(reverse("edc:imaging_edit", args=[patient.pk, lesion.pk, "w1"])).status_code == 404


def test_an_adverse_event_is_recorded_with_its_lesion(client_as, world):
    patient, lesion = world["patient"], world["lesion"]
    data = {
        "lesion": str(lesion.pk),
        "onset_date": "2025-03-11",
        "term": "haematoma",
        "cirse_grade": "2",
        "serious": "false",
        "related_to": "ablation",
        **SAFETY_FIELDS,
        "ongoing": "false",
        "resolution_date": "2025-03-20",
        "outcome": "resolved",
    }
    assert client_as("coordinator").post(reverse("edc:ae_new", args=[patient.pk]), data).status_code == 302
    event = AdverseEvent.objects.get(term="haematoma")
    assert (event.ae_id, event.lesion, event.cirse_grade, event.serious) == ("ABL-001-AE2", lesion, 2, False)


def test_a_grade_6_event_that_is_not_fatal_is_refused(client_as, world):
    data = {"onset_date": "2025-03-11", "term": "other", "cirse_grade": "6", "serious": "true", "related_to": "other"}
    data.update(SAFETY_FIELDS, ongoing="false", resolution_date="2025-03-11", outcome="resolved")
    response = client_as("coordinator").post(reverse("edc:ae_new", args=[world["patient"].pk]), data)
    assert response.status_code == 422
    assert "a CIRSE grade 6 event is fatal" in response.content.decode()


def test_changing_the_procedure_opens_with_every_stored_value_and_asks_a_reason(client_as, world):
    patient, lesion = world["patient"], world["lesion"]
    page = client_as("coordinator").get(reverse("edc:procedure_edit", args=[patient.pk])).content.decode()
    assert 'value="2025-03-10"' in page and '<option value="ct" selected>' in page
    assert '<option value="sedation" selected>' in page and 'value="75"' in page
    assert f'name="lesion-{lesion.pk}-treated" id="id_lesion-{lesion.pk}-treated" checked' in page
    assert '<option value="rfa" selected>' in page and 'value="4.5"' in page
    assert 'name="reason"' in page and "Reason for change" in page


def test_edit_forms_open_with_the_stored_values(client_as, world):
    patient, lesion, event = world["patient"], world["lesion"], world["event"]
    client = client_as("coordinator")
    lesion_page = client.get(reverse("edc:lesion_edit", args=[patient.pk, lesion.pk])).content.decode()
    assert '<option value="T8" selected>' in lesion_page and 'value="22.0"' in lesion_page
    assert '<option value="3" selected>Mechanical</option>' in lesion_page
    ae_page = client.get(reverse("edc:ae_edit", args=[patient.pk, event.pk])).content.decode()
    assert '<option value="pain_flare" selected>' in ae_page and '<option value="false" selected>No' in ae_page
    assert f'<option value="{lesion.pk}" selected>' in ae_page
    visit_page = client.get(reverse("edc:visit_edit", args=[patient.pk, "baseline"])).content.decode()
    assert 'value="8.0"' in visit_page and '<option value="oxycodone" selected>' in visit_page


def test_a_procedure_refused_for_a_lesion_says_not_saved_at_the_top(client_as, users):
    from ablacem.edc import services

    user = users["coordinator"]
    patient = enrol(user)
    lesion = services.lesion_create(patient=patient, site="T10", lesion_type="lytic", actor=Actor.staff(user))
    data = procedure_post(patient, lesion, **{f"lesion-{lesion.pk}-cement_ml": "34"})
    refused = client_as("coordinator").post(reverse("edc:procedure_edit", args=[patient.pk]), data)
    assert refused.status_code == 422
    page = refused.content.decode()
    banner = page.index("<strong>Not saved.</strong>")
    assert banner < page.index(f'id="lesion-{lesion.pk}"')  # above the lesion's fieldset
    assert page.count("<strong>Not saved.</strong>") == 1


def test_a_procedure_posted_before_any_lesion_says_not_saved(client_as, users):
    patient = enrol(users["coordinator"])
    response = client_as("coordinator").post(
        reverse("edc:procedure_edit", args=[patient.pk]), {"procedure_date": "2025-03-10", "guidance": "ct"}
    )
    assert response.status_code == 422
    assert "<strong>Not saved.</strong> Add the patient's lesions first" in response.content.decode()
