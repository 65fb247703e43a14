"""Visits through the web: VAS, analgesics with the OMED, QLQ-C30 scores, reason for change,
optimistic locking, not done, and the audit trail."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from ablacem.dataset.schema import ANALGESICS
from ablacem.edc import services
from ablacem.edc.actors import Actor
from ablacem.edc.models import Assessment
from ablacem.edc.models.assessment import ANALGESIC_FIELDS
from ablacem.protocol.ranges import NumericRange

from .world import ALL_ITEMS_2, DAY0

pytestmark = pytest.mark.db_backend

MANAGEMENT = {
    "analgesics-TOTAL_FORMS": "2",
    "analgesics-INITIAL_FORMS": "0",
    "analgesics-MIN_NUM_FORMS": "0",
    "analgesics-MAX_NUM_FORMS": "30",
}


def visit_post(**extra):
    """A 1-week visit on day 7 with worst pain 4, fentanyl 25 mcg/h and oxycodone 10 mg twice a day."""
    data = {
        **MANAGEMENT,
        "assessed_on": (DAY0 + dt.timedelta(days=7)).isoformat(),
        "vas_worst": "4",
        "vas_average": "3.5",
        "analgesics-0-drug": "fentanyl",
        "analgesics-0-route": "transdermal",
        "analgesics-0-dose": "25",
        "analgesics-0-unit": "mcg/h",
        "analgesics-0-per_day": "1",
        "analgesics-1-drug": "oxycodone",
        "analgesics-1-route": "oral",
        "analgesics-1-dose": "10",
        "analgesics-1-unit": "mg",
        "analgesics-1-per_day": "2",
        **{f"q{i}": "2" for i in range(1, 29)},
        "q29": "4",
        "q30": "5",
    }
    data.update(extra)
    return data


def test_a_visit_is_saved_and_shows_the_omed_and_the_scale_scores(client_as, world):
    patient = world["patient"]
    client = client_as("coordinator")
    response = client.post(reverse("edc:visit_edit", args=[patient.pk, "w1"]), visit_post())
    assert response.status_code == 302 and response["Location"] == reverse("edc:visit", args=[patient.pk, "w1"])
    visit = Assessment.objects.get(patient=patient, timepoint="w1")
    assert (visit.vas_worst, visit.form_state, visit.q29, visit.analgesics.count()) == (4.0, "complete", 4, 2)
    page = client.get(response["Location"]).content.decode()
    # OMED by hand (CDC 2022): fentanyl 25 mcg/h x 2.4 = 60; oxycodone 10 mg x 2 x 1.5 = 30; total 90.
    assert 'OMED <strong id="omed-value">90 mg/day</strong>' in page
    # QLQ-C30 by hand: items 1-28 all 2 -> functional (1 - 1/3) x 100 = 66.7, symptom 1/3 x 100 = 33.3;
    # QL2 = mean(4, 5) = 4.5 -> (4.5 - 1) / 6 x 100 = 58.3.
    assert 'Physical functioning (PF2)</td><td class="num">66.7' in page
    assert 'Fatigue (FA)</td><td class="num">33.3' in page
    assert 'Global health status / QoL (QL2)</td><td class="num">58.3' in page


def test_the_visit_page_converts_parenteral_morphine_and_names_what_it_cannot(client_as, world):
    patient = world["patient"]
    client = client_as("coordinator")
    parenteral = {"analgesics-0-drug": "morphine", "analgesics-0-route": "sc", "analgesics-0-dose": "5"}
    parenteral |= {"analgesics-0-unit": "mg", "analgesics-0-per_day": "4"}
    client.post(reverse("edc:visit_edit", args=[patient.pk, "w1"]), visit_post(**parenteral))
    page = client.get(reverse("edc:visit", args=[patient.pk, "w1"])).content.decode()
    # Nielsen 2016: subcutaneous morphine 20 mg x 3 = 60; oxycodone 10 mg x 2 x 1.5 = 30 (CDC 2022).
    assert 'OMED <strong id="omed-value">90 mg/day</strong>' in page
    assert 'id="omed-unconvertible"' not in page

    patch = {"analgesics-0-drug": "buprenorphine", "analgesics-0-route": "transdermal", "analgesics-0-dose": "10"}
    patch |= {"analgesics-0-unit": "mcg/h", "analgesics-0-per_day": "1"}
    visit = Assessment.objects.get(patient=patient, timepoint="w1")
    edit = visit_post(**patch, version=str(visit.version), reason="patch, not injections")
    assert client.post(reverse("edc:visit_edit", args=[patient.pk, "w1"]), edit).status_code == 302
    page = client.get(reverse("edc:visit", args=[patient.pk, "w1"])).content.decode()
    assert 'OMED <strong id="omed-value">unknown</strong>' in page
    note = page.split('id="omed-unconvertible">', 1)[1].split("</p>", 1)[0]
    assert note.startswith("Unknown because 1 dose cannot be converted: Buprenorphine, transdermal: no conversion")


def test_the_form_shows_item_numbers_and_the_scale_never_eortc_wording(client_as, world):
    page = client_as("coordinator").get(reverse("edc:visit_edit", args=[world["patient"].pk, "w1"])).content.decode()
    assert "QLQ-C30 item 1</th>" in page and "QLQ-C30 item 30</th>" in page
    assert page.count('name="q1"') == 5 and page.count('name="q30"') == 8  # the scale and "no answer"
    assert "trouble" not in page.lower()  # QLQ-C30 item 1 begins "Do you have any trouble..."


def test_the_analgesic_table_is_headed_by_the_columns_labels(client_as, world):
    page = client_as("coordinator").get(reverse("edc:visit_edit", args=[world["patient"].pk, "w1"])).content.decode()
    head = page.split('<div class="table-wrap"><table>', 1)[1].split("</thead>", 1)[0]
    labels = [ANALGESICS.column(name).label for name in ANALGESIC_FIELDS]
    assert [cell.split("</th>")[0] for cell in head.split('<th scope="col">')[1:]] == [*labels, "Remove"]


def test_licensed_wording_from_the_site_file_is_shown(client_as, world, settings, tmp_path):
    wording = tmp_path / "qlqc30.csv"
    wording.write_text("item,text\n1,Site licensed text one\n", encoding="utf-8")
    settings.QLQC30_WORDING_FILE = str(wording)
    page = client_as("coordinator").get(reverse("edc:visit_edit", args=[world["patient"].pk, "w1"])).content.decode()
    assert "1. Site licensed text one" in page and "QLQ-C30 item 2</th>" in page


def test_licensed_response_labels_from_the_site_file_are_on_the_scale(client_as, world, settings, tmp_path):
    wording = tmp_path / "qlqc30.csv"
    # made-up labels: the EORTC's own are licensed and never in the repository
    wording.write_text("item,text\n1,Site text one\nscale4:2,Fake some\nscale7:7,Fake high end\n", encoding="utf-8")
    settings.QLQC30_WORDING_FILE = str(wording)
    page = client_as("coordinator").get(reverse("edc:visit_edit", args=[world["patient"].pk, "w1"])).content.decode()
    assert page.count("2 Fake some") == 28 and page.count("7 Fake high end") == 2
    assert page.count('name="q1"') == 5 and page.count('name="q30"') == 8


def test_a_rejected_visit_keeps_every_value_and_every_analgesic_row(client_as, world):
    patient = world["patient"]
    data = visit_post(vas_worst="11", **{"analgesics-1-per_day": ""})
    response = client_as("coordinator").post(reverse("edc:visit_edit", args=[patient.pk, "w1"]), data)
    assert response.status_code == 422
    page = response.content.decode()
    assert not Assessment.objects.filter(patient=patient, timepoint="w1").exists()
    assert "VAS pain must be between 0 and 10" in page
    assert 'value="11"' in page and 'value="3.5"' in page and 'value="25"' in page and 'value="10"' in page
    assert '<option value="fentanyl" selected>' in page and '<option value="oxycodone" selected>' in page
    assert 'name="q29" value="4" class="scale" id="id_q29_3" checked' in page


def test_one_post_checks_the_vas_range_once_and_shows_it_next_to_the_field(client_as, world, monkeypatch):
    """The range is the service's edit check alone: no second check in the form (issue 9)."""
    checked = []
    problem = NumericRange.problem

    def counted(self, value):
        checked.append((self.name, value))
        return problem(self, value)

    monkeypatch.setattr(NumericRange, "problem", counted)
    client = client_as("coordinator")
    url = reverse("edc:visit_edit", args=[world["patient"].pk, "w1"])
    response = client.post(url, visit_post(vas_worst="11"))
    assert response.status_code == 422
    assert Assessment.objects.filter(timepoint="w1").count() == 0
    page = response.content.decode()
    vas = page[page.index('name="vas_worst"') :]
    assert vas.index("VAS pain must be between 0 and 10") < vas.index('name="vas_average"')
    checked.clear()
    assert client.post(url, visit_post(vas_worst="7")).status_code == 302
    assert checked.count(("VAS pain", 7.0)) == 1


def test_a_line_missing_a_value_is_named_with_the_visits_other_problems(client_as, world):
    url = reverse("edc:visit_edit", args=[world["patient"].pk, "w1"])
    page = client_as("coordinator").post(url, visit_post(vas_worst="11", **{"analgesics-1-per_day": ""})).content
    row = page.decode().split('name="analgesics-1-per_day"', 1)[1].split("</td>", 1)[0]
    assert "a value is required" in row and "VAS pain must be between 0 and 10" in page.decode()


def test_a_date_outside_the_window_needs_a_reason(client_as, world):
    patient = world["patient"]
    client = client_as("coordinator")
    url = reverse("edc:visit_edit", args=[patient.pk, "w1"])
    late = (DAY0 + dt.timedelta(days=12)).isoformat()
    refused = client.post(url, visit_post(assessed_on=late))
    assert refused.status_code == 422
    assert "outside the 1 week window (2025-03-15 to 2025-03-20): give a reason" in refused.content.decode()
    saved = client.post(url, visit_post(assessed_on=late, out_of_window_reason="patient was admitted elsewhere"))
    assert saved.status_code == 302


def test_changing_a_complete_visit_needs_a_reason_that_lands_in_the_audit_trail(client_as, world):
    patient, visit = world["patient"], world["visit"]
    client = client_as("coordinator")
    url = reverse("edc:visit_edit", args=[patient.pk, "baseline"])
    form = client.get(url).content.decode()
    assert 'name="reason"' in form and f'name="version" value="{visit.version}"' in form
    base = {
        **MANAGEMENT,
        "analgesics-TOTAL_FORMS": "1",
        "analgesics-INITIAL_FORMS": "1",
        "analgesics-0-drug": "oxycodone",
        "analgesics-0-route": "oral",
        "analgesics-0-dose": "10",
        "analgesics-0-unit": "mg",
        "analgesics-0-per_day": "2",
        "assessed_on": (DAY0 - dt.timedelta(days=2)).isoformat(),
        "vas_worst": "7.5",
        "vas_average": "6.5",
        "version": str(visit.version),
        **{k: str(v) for k, v in ALL_ITEMS_2.items()},
    }
    refused = client.post(url, base)
    assert refused.status_code == 422
    assert "this form was already complete: give a reason for the change" in refused.content.decode()
    assert client.post(url, {**base, "reason": "transcription error"}).status_code == 302
    visit.refresh_from_db()
    assert visit.vas_worst == 7.5
    assert list(visit.analgesics.filter(is_deleted=False).values_list("drug", flat=True)) == ["oxycodone"]
    audit = client.get(reverse("edc:audit", args=[patient.pk])).content.decode()
    assert "<td>vas_worst</td><td>8.0</td><td>7.5</td><td>transcription error</td>" in audit
    csv_text = client.get(reverse("edc:audit_csv", args=[patient.pk])).content.decode()
    assert ",vas_worst,8.0,7.5,transcription error" in csv_text


def test_a_stale_save_is_refused_with_who_changed_it_and_the_input_is_kept(client_as, users, world):
    patient, visit = world["patient"], world["visit"]
    opened_version = visit.version
    services.assessment_record(
        patient=patient,
        timepoint="baseline",
        assessed_on=visit.assessed_on,
        vas_worst=9.0,
        items=ALL_ITEMS_2,
        expected_version=opened_version,
        reason="second opinion",
        actor=Actor.staff(users["investigator"]),
    )
    data = {
        **MANAGEMENT,
        "assessed_on": visit.assessed_on.isoformat(),
        "vas_worst": "6.5",
        **{q: str(v) for q, v in ALL_ITEMS_2.items()},
        "version": str(opened_version),
        "reason": "my correction",
    }
    response = client_as("coordinator").post(reverse("edc:visit_edit", args=[patient.pk, "baseline"]), data)
    assert response.status_code == 422
    page = response.content.decode()
    assert "changed by investigator_user" in page and "since you opened it" in page
    assert 'value="6.5"' in page and "my correction" in page
    visit.refresh_from_db()
    assert visit.vas_worst == 9.0


def test_a_visit_can_be_marked_not_done_with_a_reason(client_as, world):
    patient = world["patient"]
    client = client_as("coordinator")
    url = reverse("edc:visit_not_done", args=[patient.pk, "m1"])
    refused = client.post(url, {"status": "missed"})
    assert refused.status_code == 422
    assert client.post(url, {"status": "missed", "not_done_reason": "could not be reached"}).status_code == 302
    visit = Assessment.objects.get(patient=patient, timepoint="m1")
    assert (visit.status, visit.form_state, visit.not_done_reason) == ("missed", "not_done", "could not be reached")
    page = client.get(reverse("edc:patient_detail", args=[patient.pk])).content.decode()
    row = page[page.index('id="visit-m1"') :]
    assert 'data-form-state="not_done"' in row[:40]


def test_a_follow_up_visit_before_the_procedure_is_refused(client_as, users):
    from .world import enrol

    patient = enrol(users["coordinator"])
    response = client_as("coordinator").post(reverse("edc:visit_edit", args=[patient.pk, "w1"]), visit_post())
    assert response.status_code == 422
    assert "record the procedure before its follow-up visits" in response.content.decode()


def test_an_unknown_timepoint_is_a_404(client_as, world):
    assert client_as("coordinator").get(reverse("edc:visit_edit", args=[world["patient"].pk, "m6"])).status_code == 404


def test_not_done_because_the_patient_died_needs_the_death_recorded_first(client_as, world):
    patient = world["patient"]
    client = client_as("coordinator")
    url = reverse("edc:visit_not_done", args=[patient.pk, "m3"])
    refused = client.post(url, {"status": "died", "not_done_reason": "died at home"})
    assert refused.status_code == 422
    page = refused.content.decode()
    field = page[page.index('id="field-status"') :]
    assert (
        "&#x27;Not done: patient died&#x27; needs the death recorded at the end of study first"
        in field[: field.index("</div>")]
    )
    assert "died at home" in page  # the reason typed is kept
    assert not Assessment.objects.filter(patient=patient, timepoint="m3").exists()


def test_the_previous_visits_analgesics_are_offered_and_copied_only_when_asked(client_as, world):
    patient = world["patient"]
    client = client_as("coordinator")
    url = reverse("edc:visit_edit", args=[patient.pk, "w1"])
    offered = client.get(url).content.decode()
    assert 'data-carry-forward="analgesics">Same as the Baseline visit</a>' in offered
    assert "Oxycodone 10 mg oral × 2/day" in offered
    assert '<option value="oxycodone" selected>' not in offered  # nothing copied until asked
    copied = client.get(url, {"carry": "previous"}).content.decode()
    assert '<option value="oxycodone" selected>' in copied and '<option value="oral" selected>' in copied
    assert 'name="analgesics-0-dose" value="10.0"' in copied and 'name="analgesics-0-per_day" value="2.0"' in copied
    assert "Lines copied from the Baseline visit" in copied
    # Saved as shown (the coordinator changed nothing): the copied line is kept.
    data = visit_post(
        **{
            "analgesics-TOTAL_FORMS": "3",
            "analgesics-INITIAL_FORMS": "1",
            "analgesics-0-drug": "oxycodone",
            "analgesics-0-route": "oral",
            "analgesics-0-dose": "10.0",
            "analgesics-0-unit": "mg",
            "analgesics-0-per_day": "2.0",
            **{f"analgesics-{i}-{f}": "" for i in (1, 2) for f in ("drug", "route", "dose", "unit", "per_day")},
        }
    )
    assert client.post(url, data).status_code == 302
    visit = Assessment.objects.get(patient=patient, timepoint="w1")
    assert list(visit.analgesics.values_list("drug", "dose", "per_day")) == [("oxycodone", 10.0, 2.0)]
    # A reader never sees copied lines as if they were recorded.
    monitor = client_as("monitor").get(url.replace("/w1/", "/m1/"), {"carry": "previous"}).content.decode()
    assert "data-carry-forward" not in monitor and '<option value="oxycodone" selected>' not in monitor
    client = client_as("coordinator")
    # Once the visit has its own lines, nothing is offered any more.
    assert "data-carry-forward" not in client.get(url).content.decode()


def test_the_reason_for_change_is_asked_at_the_top_of_a_completed_visit(client_as, world):
    patient = world["patient"]
    page = client_as("coordinator").get(reverse("edc:visit_edit", args=[patient.pk, "baseline"])).content.decode()
    reason = page.index('<textarea name="reason"')
    assert reason < page.index('name="assessed_on"') and reason < page.index('name="vas_worst"')


def test_the_questionnaire_is_marked_for_keyboard_answering(client_as, world):
    page = client_as("coordinator").get(reverse("edc:visit_edit", args=[world["patient"].pk, "w1"])).content.decode()
    assert '<fieldset id="qlqc30" data-answer-keys>' in page
    assert 'src="/static/edc/answer_keys.js"' in page
    assert "<script>" not in page  # behaviour lives in static files only


def test_missed_before_the_window_opens_is_refused_on_the_page_with_the_window(client_as, users):
    from django.utils import timezone

    from tests.edc.conftest import treat

    from .world import enrol

    today = timezone.localdate()
    patient = enrol(users["coordinator"])
    treat(users["coordinator"], patient, day0=today)
    client = client_as("coordinator")
    url = reverse("edc:visit_not_done", args=[patient.pk, "m3"])
    form = client.get(url).content.decode()
    assert 'name="status"' in form and 'value="missed"' in form and 'name="not_done_reason"' in form
    refused = client.post(url, {"status": "missed", "not_done_reason": "unreachable"})
    assert refused.status_code == 422
    page = refused.content.decode()
    field = page[page.index('id="field-status"') :]
    lower, upper = today + dt.timedelta(days=76), today + dt.timedelta(days=110)
    shown = field[: field.index("</div>")]
    assert "3 months visit cannot be marked missed before its window opens" in shown
    assert f"{lower:%Y-%m-%d} to {upper:%Y-%m-%d}" in shown
    assert not Assessment.objects.filter(patient=patient, timepoint="m3").exists()
