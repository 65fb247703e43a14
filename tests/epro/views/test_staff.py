"""Staff on the visit page: the link's state, revoking it, and in-clinic mode on a clinic tablet."""

from __future__ import annotations

import pytest

from ablacem.edc.actors import Actor
from ablacem.edc.models import Assessment
from ablacem.epro.links import link_path
from ablacem.epro.models import PatientLink
from ablacem.epro.services import link_for_visit
from tests.edc.views.page_inputs import page_of
from tests.edc.views.world import login
from tests.epro.conftest import treated_days_ago
from tests.epro.views.test_questionnaire import _answer_all

pytestmark = [pytest.mark.django_db, pytest.mark.db_backend]


def test_the_visit_page_shows_the_link_state_and_staff_revoke_it_with_a_reason(client, coordinator, week_patient):
    link = link_for_visit(actor=Actor.system("test"), patient=week_patient, timepoint="w1")
    login(client, coordinator)
    visit_url = f"/patients/{week_patient.pk}/visits/w1/"
    page = client.get(visit_url, follow=True).content.decode()  # an unrecorded visit opens its form
    assert "open: the patient can answer" in page and "Revoke this link" in page
    assert page_of(page.encode()).named("reason")
    refused = client.post(f"/epro/links/{link.pk}/revoke/", {"reason": ""}, follow=True)
    assert "The link was not revoked: give a reason for revoking the link." in refused.content.decode()
    assert PatientLink.objects.get(pk=link.pk).revoked_at is None
    done = client.post(f"/epro/links/{link.pk}/revoke/", {"reason": "patient asked for a new one"}, follow=True)
    html = done.content.decode()
    assert "The link was revoked" in html and "revoked</strong> — patient asked for a new one" in html
    assert client.get(link_path(link)).status_code == 410


def test_a_monitor_sees_the_link_state_but_no_revoke_or_tablet_button(client, monitor, week_patient):
    link_for_visit(actor=Actor.system("test"), patient=week_patient, timepoint="w1")
    login(client, monitor)
    page = client.get(f"/patients/{week_patient.pk}/visits/w1/", follow=True).content.decode()
    assert "open: the patient can answer" in page and "Revoke this link" not in page


def test_in_clinic_mode_logs_staff_out_and_the_tablet_shows_only_the_questionnaire(client, coordinator):
    patient = treated_days_ago(coordinator, 0)  # the procedure is today: the post-procedure window is open
    login(client, coordinator)
    visit_url = f"/patients/{patient.pk}/visits/post/"
    assert "Open the questionnaire on this tablet" in client.get(visit_url, follow=True).content.decode()
    response = client.post(f"/epro/patients/{patient.pk}/visits/post/in-clinic/")
    link = PatientLink.objects.get(patient=patient, timepoint="post")
    assert response.status_code == 302 and response["Location"] == link_path(link)
    assert link.channel == "in_clinic"

    staff_page = client.get(visit_url)
    assert staff_page.status_code == 302 and staff_page["Location"].startswith("/login/")
    base = link_path(link)
    _answer_all(client, base)
    done = client.post(base + "review/", {"nav": "submit"}).content.decode()
    assert "Please hand the tablet back to the study team." in done
    visit = Assessment.objects.get(patient=patient, timepoint="post")
    assert (visit.source, visit.channel) == ("patient", "in_clinic")
    assert client.get(visit_url)["Location"].startswith("/login/")

    login(client, coordinator)
    page = client.get(visit_url).content.decode()
    assert "Reported by the patient on" in page and "(clinic tablet)" in page


def test_in_clinic_mode_is_only_for_baseline_and_post_visits(client, coordinator, week_patient):
    login(client, coordinator)
    page = client.get(f"/patients/{week_patient.pk}/visits/w1/", follow=True).content.decode()
    assert "Open the questionnaire on this tablet" not in page
    response = client.post(f"/epro/patients/{week_patient.pk}/visits/w1/in-clinic/", follow=True)
    assert "In-clinic mode is for the baseline and post-procedure visits." in response.content.decode()
    assert not PatientLink.objects.filter(patient=week_patient).exists()
