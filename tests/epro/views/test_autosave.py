"""Answers saved as they are chosen (what questionnaire.js posts, ``nav=autosave``): the same
validation as Next, 204 and no page, and the link resumes on the screen the patient was on.
Each field posted is first read from the screen's HTML."""

from __future__ import annotations

import pytest

from ablacem.edc.actors import Actor
from ablacem.edc.models import Assessment
from ablacem.epro.links import link_path
from ablacem.epro.models import LinkDraft
from ablacem.epro.services import link_for_visit
from tests.edc.views.page_inputs import page_of

pytestmark = [pytest.mark.django_db, pytest.mark.db_backend]


@pytest.fixture
def link(week_patient):
    return link_for_visit(actor=Actor.system("test"), patient=week_patient, timepoint="w1")


def _autosave(client, url: str, answers: dict) -> int:
    page = page_of(client.get(url).content)
    for name in answers:
        assert page.named(name), f"{name} is not on {url}"
    return client.post(url, {**answers, "nav": "autosave"}).status_code


def _draft(link) -> LinkDraft:
    return LinkDraft.objects.get(link=link)


def test_half_a_screen_saved_as_chosen_resumes_on_that_screen_with_its_answers(client, link):
    base = link_path(link)
    client.post(base + "pain/", {"vas_worst": "7", "vas_average": "5", "nav": "next"})
    client.post(base + "painkillers/", {"line0": "still", "nav": "next"})
    client.post(base + "qlq1/", {"q1": "1", "nav": "next"})
    assert _autosave(client, base + "qlq2/", {"q6": "3", "q7": "2"}) == 204
    assert _draft(link).answers["q6"] == 3 and _draft(link).answers["q7"] == 2
    assert "q8" in _draft(link).answers and _draft(link).answers["q8"] is None

    client.cookies.clear()  # the phone was closed mid-screen
    start = client.get(base).content.decode()
    assert "Continue where you left off" in start and f'href="{base}qlq2/"' in start
    screen = client.get(base + "qlq2/").content.decode()
    assert 'value="3" id="id_q6_2" checked' in screen and 'value="2" id="id_q7_1" checked' in screen
    assert Assessment.objects.filter(patient=link.patient, timepoint="w1").count() == 0


def test_a_required_answer_not_given_yet_is_not_saved_and_not_refused(client, link):
    base = link_path(link)
    assert _autosave(client, base + "pain/", {"vas_worst": "6"}) == 204
    assert _draft(link).answers == {"vas_worst": 6} and _draft(link).step == ""
    assert "Continue where you left off" not in client.get(base).content.decode()  # resumes on the first screen
    review = client.get(base + "review/").content.decode()
    assert "Please answer the pain and painkiller questions before sending." in review


def test_an_answer_outside_the_scale_is_refused_and_the_valid_ones_saved(client, link):
    base = link_path(link)
    assert _autosave(client, base + "qlq1/", {"q1": "9", "q2": "4"}) == 422
    answers = _draft(link).answers
    assert "q1" not in answers and answers["q2"] == 4


def test_the_painkillers_screen_is_saved_only_when_whole(client, link):
    base = link_path(link)
    assert _autosave(client, base + "painkillers/", {"line0": "more"}) == 422  # the amount now is missing
    assert not LinkDraft.objects.filter(link=link).exists()
    assert _autosave(client, base + "painkillers/", {"line0": "more", "line0_dose": "20", "line0_per_day": "2"}) == 204
    assert _draft(link).answers["painkillers"]["lines"] == [{"status": "more", "dose": 20.0, "per_day": 2.0}]


def test_a_save_of_a_screen_already_finished_does_not_move_the_resume_back(client, link):
    base = link_path(link)
    client.post(base + "pain/", {"vas_worst": "7", "vas_average": "5", "nav": "next"})
    client.post(base + "painkillers/", {"line0": "still", "nav": "next"})
    client.post(base + "qlq1/", {"q1": "1", "nav": "next"})
    assert _autosave(client, base + "pain/", {"vas_worst": "8", "vas_average": "5"}) == 204  # went back to change it
    assert _draft(link).step == "qlq1" and _draft(link).answers["vas_worst"] == 8
