"""The patient's questionnaire as the patient meets it: each screen is read from its HTML before
it is posted; answers are saved as they go, resumed, reviewed and submitted once."""

from __future__ import annotations

import pytest
from django.utils import timezone

from ablacem.edc.actors import Actor
from ablacem.edc.models import Assessment
from ablacem.epro.links import link_path
from ablacem.epro.models import PatientLink
from ablacem.epro.services import link_for_visit
from tests.edc.views.page_inputs import page_of
from tests.edc.views.world import login

pytestmark = [pytest.mark.django_db, pytest.mark.db_backend]

QLQ_SCREENS = {
    "qlq1": range(1, 6),
    "qlq2": range(6, 11),
    "qlq3": range(11, 17),
    "qlq4": range(17, 23),
    "qlq5": range(23, 29),
    "qlq6": range(29, 31),
}


@pytest.fixture
def link(week_patient):
    return link_for_visit(actor=Actor.system("test"), patient=week_patient, timepoint="w1")


def _get(client, url, *names):
    """GET ``url``, check it answers 200 with every control ``names`` on the page; return the HTML."""
    response = client.get(url)
    assert response.status_code == 200, url
    page = page_of(response.content)
    for name in names:
        assert page.named(name), f"{name} is not on {url}"
    return response.content.decode()


def _answer_all(client, base, *, skip=()):
    """Go through every screen as the patient does, answering item q<n> with 2 (or 4 for 29-30)."""
    _get(client, base + "pain/", "vas_worst", "vas_average")
    assert client.post(base + "pain/", {"vas_worst": "6", "vas_average": "4", "nav": "next"}).status_code == 302
    _get(client, base + "painkillers/", "line0", "line0_dose", "line0_per_day", "extra0_drug")
    response = client.post(
        base + "painkillers/",
        {"line0": "less", "line0_dose": "10", "line0_per_day": "1", "extra0_unit": "mg", "nav": "next"},
    )
    assert response.status_code == 302
    for screen, numbers in QLQ_SCREENS.items():
        _get(client, base + f"{screen}/", *(f"q{n}" for n in numbers))
        answers = {f"q{n}": ("4" if n > 28 else "2") for n in numbers if n not in skip}
        assert client.post(base + f"{screen}/", {**answers, "nav": "next"}).status_code == 302


def test_the_patient_answers_every_screen_reviews_and_submits_once(client, link, coordinator):
    base = link_path(link)
    start = _get(client, base)
    assert "1 week after your procedure" in start
    _answer_all(client, base)
    review = _get(client, base + "review/")
    assert "Send my answers" in review
    assert "Morphine, by mouth: 10 mg, 1 time a day" in review
    response = client.post(base + "review/", {"nav": "submit"})
    assert response.status_code == 200 and "Thank you" in response.content.decode()

    visit = Assessment.objects.get(patient=link.patient, timepoint="w1")
    assert (visit.source, visit.channel, visit.status, visit.form_state) == ("patient", "link", "done", "complete")
    assert (visit.vas_worst, visit.vas_average, visit.q1, visit.q30) == (6, 4, 2, 4)
    assert visit.assessed_on == timezone.localdate() and visit.reported_at is not None
    lines = list(visit.analgesics.filter(is_deleted=False).values("drug", "route", "dose", "unit", "per_day"))
    assert lines == [{"drug": "morphine", "route": "oral", "dose": 10.0, "unit": "mg", "per_day": 1.0}]
    history = visit.history.order_by("history_date").first()
    assert (history.actor_kind, history.actor_name) == ("patient", f"patient {link.patient.study_id}")

    again = client.post(base + "review/", {"nav": "submit"})
    assert again.status_code == 200 and "We have received your answers" in again.content.decode()
    assert Assessment.objects.filter(patient=link.patient, timepoint="w1").count() == 1
    assert visit.history.count() == 1
    assert PatientLink.objects.get(pk=link.pk).submitted_at is not None

    login(client, coordinator)
    page = client.get(f"/patients/{link.patient.pk}/visits/w1/").content.decode()
    assert "Reported by the patient on" in page and "corrected by staff" not in page
    # Oral morphine 10 mg once a day: 10 mg/day OMED (CDC 2022 conversion factor 1 for oral morphine).
    assert 'OMED <strong id="omed-value">10 mg/day</strong>' in page
    assert "answered by the patient" in page


def test_closing_midway_and_reopening_resumes_without_duplicating(client, link):
    base = link_path(link)
    client.post(base + "pain/", {"vas_worst": "7", "vas_average": "5", "nav": "next"})
    client.post(base + "painkillers/", {"line0": "still", "nav": "next"})
    client.cookies.clear()  # the phone was closed: a new browser session
    start = _get(client, base)
    assert "Continue where you left off" in start and base + "qlq1/" in start
    pain = page_of(client.get(base + "pain/").content)
    assert pain.named("vas_worst")
    assert 'value="7" id="id_vas_worst_7" checked' in client.get(base + "pain/").content.decode()
    client.post(base + "pain/", {"vas_worst": "8", "vas_average": "5", "nav": "next"})
    assert link.draft.answers["vas_worst"] == 8
    assert Assessment.objects.filter(patient=link.patient, timepoint="w1").count() == 0


def test_no_pain_value_is_preset_and_worst_pain_is_required(client, link):
    base = link_path(link)
    html = client.get(base + "pain/").content.decode()
    assert "checked" not in html
    assert 'type="range"' not in html
    response = client.post(base + "pain/", {"vas_average": "3", "nav": "next"})
    assert response.status_code == 200
    assert "Choose a number from 0 to 10." in response.content.decode()


def test_more_or_less_needs_the_amount_now(client, link):
    base = link_path(link)
    response = client.post(base + "painkillers/", {"line0": "more", "nav": "next"})
    assert response.status_code == 200
    assert "Give the dose and the times a day you take now." in response.content.decode()
    response = client.post(base + "painkillers/", {"line0": "more", "line0_dose": "10", "line0_per_day": "2"})
    assert "You said the amount changed" in response.content.decode()


def test_something_else_is_added_to_the_lines_and_a_partial_row_is_refused(client, link):
    base = link_path(link)
    partial = client.post(base + "painkillers/", {"line0": "stopped", "extra0_drug": "paracetamol", "nav": "next"})
    assert "Give the medicine, how you take it, the dose and the times a day." in partial.content.decode()
    row = {"extra0_drug": "paracetamol", "extra0_route": "oral", "extra0_dose": "1", "extra0_unit": "g"}
    added = client.post(base + "painkillers/", {"line0": "stopped", **row, "extra0_per_day": "3", "nav": "add"})
    assert added.status_code == 302
    assert page_of(client.get(base + "painkillers/").content).named("extra1_drug")
    assert link.draft.answers["painkillers"]["extra"] == [
        {"drug": "paracetamol", "route": "oral", "dose": 1.0, "unit": "g", "per_day": 3.0}
    ]


def test_skipped_quality_of_life_items_are_recorded_as_declined(client, link):
    base = link_path(link)
    _answer_all(client, base, skip=(3, 17))
    assert "2 questions are not answered." in client.get(base + "review/").content.decode()
    client.post(base + "review/", {"nav": "submit"})
    visit = Assessment.objects.get(patient=link.patient, timepoint="w1")
    assert (visit.q3, visit.q17, visit.qlqc30_missing_reason) == (None, None, "declined")


def test_review_refuses_to_submit_before_pain_and_painkillers_are_answered(client, link):
    base = link_path(link)
    review = client.get(base + "review/").content.decode()
    assert "Send my answers" not in review
    client.post(base + "review/", {"nav": "submit"})
    assert not Assessment.objects.filter(patient=link.patient, timepoint="w1").exists()


def test_back_keeps_the_answers_of_the_screen(client, link):
    base = link_path(link)
    response = client.post(base + "qlq1/", {"q1": "3", "nav": "back"})
    assert response.status_code == 302 and response["Location"].endswith("/painkillers/")
    assert link.draft.answers["q1"] == 3


def test_patient_pages_show_no_identifier_and_send_no_referrer(client, link):
    patient = link.patient
    base = link_path(link)
    for url in (base, base + "pain/", base + "painkillers/", base + "qlq1/", base + "review/"):
        response = client.get(url)
        html = response.content.decode()
        assert response["Referrer-Policy"] == "no-referrer" and "no-store" in response["Cache-Control"]
        for identifier in (patient.study_id, "Alice Example", "HN-424242", str(patient.enrolled_on)):
            assert identifier not in html, (url, identifier)


def test_the_patient_switches_to_french_and_the_link_keeps_it(client, link):
    base = link_path(link)
    response = client.post(base + "language/", {"language": "fr", "step": "pain"})
    assert response.status_code == 302 and response["Location"] == base + "pain/"
    html = client.get(base + "pain/").content.decode()
    assert '<html lang="fr">' in html and "Votre douleur" in html
    assert client.get(base + "pain/")["Content-Language"] == "fr"


def test_the_language_set_at_enrolment_is_the_default(client, coordinator):
    from tests.epro.conftest import treated_days_ago

    patient = treated_days_ago(coordinator, 7, language="fr")
    link = link_for_visit(actor=Actor.system("test"), patient=patient, timepoint="w1")
    assert "1 semaine après votre intervention" in client.get(link_path(link)).content.decode()


def test_without_licensed_wording_items_show_their_numbers_under_a_notice(client, link, settings):
    settings.QLQC30_WORDING_FILE = ""
    html = client.get(link_path(link) + "qlq1/").content.decode()
    assert "Licensed wording not installed" in html and "Question 1" in html


def test_licensed_wording_of_the_patient_language_is_shown(client, link, settings, tmp_path):
    (tmp_path / "qlqc30_fr.csv").write_text("item,text\n1,Texte licencié numéro un\n", encoding="utf-8")
    settings.QLQC30_WORDING_FILE = str(tmp_path / "qlqc30_{lang}.csv")
    link.language = "fr"
    link.save()
    html = client.get(link_path(link) + "qlq1/").content.decode()
    assert "Texte licencié numéro un" in html and "Licensed wording not installed" not in html


# Made-up labels: the EORTC's own response labels are licensed and never in the repository.
FAKE_WORDING = (
    "item,text\n1,Fake item one\n29,Fake item twenty-nine\n"
    "scale4:1,Fake none\nscale4:2,Fake some\nscale4:3,Fake lots\nscale4:4,Fake most\n"
    "scale7:1,Fake low end\nscale7:7,Fake high end\n"
)


def test_licensed_response_labels_are_on_the_answer_buttons_and_in_the_review(client, link, settings, tmp_path):
    (tmp_path / "qlqc30_en.csv").write_text(FAKE_WORDING, encoding="utf-8")
    settings.QLQC30_WORDING_FILE = str(tmp_path / "qlqc30_{lang}.csv")
    base = link_path(link)
    first = _get(client, base + "qlq1/", "q1", "q5")
    button = first.split('id="id_q1_0"', 1)[1].split("</label>", 1)[0]  # the first button
    assert "<b>2</b>" not in button and "<b>1</b> <small>Fake none</small>" in button
    assert first.count("<small>Fake most</small>") == 5 and "Licensed wording not installed" not in first
    last = _get(client, base + "qlq6/", "q29", "q30")
    assert (
        last.count("<b>1</b> <small>Fake low end</small>") == 2
        and last.count("<b>7</b> <small>Fake high end</small>") == 2
    )
    assert "<span>4</span>" in last  # a point without a label shows its number only
    assert client.post(base + "qlq1/", {"q1": "3", "nav": "next"}).status_code == 302
    assert client.post(base + "qlq6/", {"q29": "7", "nav": "next"}).status_code == 302
    review = _get(client, base + "review/")
    assert "Fake item one: 3 (Fake lots)" in review and "Fake item twenty-nine: 7 (Fake high end)" in review


def test_without_the_file_the_buttons_show_numbers_only(client, link, settings):
    settings.QLQC30_WORDING_FILE = ""
    html = _get(client, link_path(link) + "qlq1/", "q1")
    assert "<span>1</span>" in html and "<small>" not in html and "Licensed wording not installed" in html
