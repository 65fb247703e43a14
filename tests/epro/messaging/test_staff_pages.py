"""The send log on the patient page, the dashboard's failed messages and the printable handout, as staff meet them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from ablacem.edc import roles
from ablacem.epro.links import link_token
from ablacem.epro.messaging.models import MessageLog, MessageStatus
from ablacem.epro.models import PatientLink
from tests.edc.conftest import treat
from tests.edc.views.page_inputs import page_of
from tests.edc.views.world import enrol, login

pytestmark = [pytest.mark.django_db, pytest.mark.db_backend]


@pytest.fixture
def open_w1(coordinator):
    """A patient treated 6 days ago (1-week window open) who agreed to emails."""
    day0 = timezone.localdate() - dt.timedelta(days=6)
    patient = enrol(
        coordinator,
        enrolled_on=day0 - dt.timedelta(days=7),
        email="alice@example.org",
        contact_channel="email",
        contact_consent=True,
    )
    treat(coordinator, patient, day0=day0)
    return patient


def _log(patient, **kw):
    now = timezone.now()
    values = {
        "timepoint": "w1",
        "number": 0,
        "channel": "email",
        "address": "alice@example.org",
        "due_on": now.date(),
        "status": MessageStatus.SENT,
        "claimed_at": now,
        "last_attempt_at": now,
        "sent_at": now,
    }
    return MessageLog.objects.create(patient=patient, **{**values, **kw})


def test_patient_page_shows_the_send_log_with_the_address_to_roles_that_see_identifiers(client, open_w1, monitor):
    _log(open_w1)
    error = "mail server error 550: 'alice@example.org'"
    _log(open_w1, number=1, status=MessageStatus.FAILED, sent_at=None, error=error)
    login(client, monitor)
    html = client.get(reverse("edc:patient_detail", args=[open_w1.pk])).content.decode()
    section = html[html.index('id="messages"') :]
    assert "invitation" in section and "reminder 1" in section and "Failed" in section
    assert "alice@example.org" in section and "mail server error 550" in section
    assert "Printable handout" not in section  # a monitor cannot hand out links


def test_roles_without_identifiers_see_channel_and_status_only(client, open_w1, monitor, monkeypatch):
    # No study role reads clinical data without identifiers today; a site may define one (the rule holds).
    without = roles.PERMISSIONS[roles.Role.MONITOR] - {roles.Action.VIEW_IDENTIFIERS}
    monkeypatch.setitem(roles.PERMISSIONS, roles.Role.MONITOR, without)
    _log(open_w1, status=MessageStatus.FAILED, sent_at=None, error="recipient refused: 550 alice@example.org")
    login(client, monitor)
    html = client.get(reverse("edc:patient_detail", args=[open_w1.pk])).content.decode()
    section = html[html.index('id="messages"') :]
    assert "Email" in section and "Failed" in section
    assert "alice@example.org" not in html and "recipient refused" not in html


def test_dashboard_lists_messages_given_up(client, open_w1, coordinator, settings):
    settings.EPRO_MESSAGE_MAX_ATTEMPTS = 3
    _log(open_w1, status=MessageStatus.FAILED, attempts=3, sent_at=None, error="HTTP 400")
    login(client, coordinator)
    html = client.get(reverse("edc:dashboard")).content.decode()
    section = html[html.index('id="failed-messages"') :]
    assert f"{open_w1.study_id}: 1 week invitation" in section and "tried 3 times" in section


def test_dashboard_says_nothing_while_messages_still_have_attempts(client, open_w1, coordinator):
    _log(open_w1, status=MessageStatus.FAILED, attempts=1, sent_at=None)
    login(client, coordinator)
    assert 'id="failed-messages"' not in client.get(reverse("edc:dashboard")).content.decode()


def test_handout_from_the_patient_page_issues_the_link_and_shows_its_qr_code(client, open_w1, coordinator):
    login(client, coordinator)
    patient_page = client.get(reverse("edc:patient_detail", args=[open_w1.pk])).content.decode()
    url = reverse("epro_messages:handout", args=[open_w1.pk])
    assert f'href="{url}"' in patient_page

    first = client.get(url)
    page = page_of(first.content)
    assert first["Referrer-Policy"] == "no-referrer" and "no-store" in first["Cache-Control"]
    assert "Issue the link for the 1 week questionnaire" in first.content.decode()
    assert page.named("csrfmiddlewaretoken")
    assert PatientLink.objects.count() == 0  # a GET issues nothing

    assert client.post(url).status_code == 302
    link = PatientLink.objects.get(patient=open_w1, timepoint="w1")
    html = client.get(url).content.decode()
    assert link_token(link) in html and "<svg" in html and "QR code of your questionnaire link" in html
    day0 = timezone.localdate() - dt.timedelta(days=6)
    for n in (7, 30, 90):  # the target days of w1, m1 and m3
        assert (day0 + dt.timedelta(days=n)).isoformat() in html
    assert open_w1.study_id not in html and "Alice" not in html
    assert "style=" not in html and "<style" not in html and "<script>" not in html
    client.post(url)
    assert PatientLink.objects.filter(patient=open_w1).count() == 1  # the same open link, not a second


def test_handout_without_an_open_visit_refuses_to_issue(client, coordinator):
    patient = enrol(coordinator)  # no procedure: no schedule yet
    login(client, coordinator)
    url = reverse("epro_messages:handout", args=[patient.pk])
    assert "No questionnaire is planned any more" in client.get(url).content.decode()
    followed = client.post(url, follow=True).content.decode()
    assert "No questionnaire is open today" in followed
    assert not PatientLink.objects.exists()


def test_handout_is_refused_to_roles_that_do_not_enter_data(client, open_w1, monitor):
    login(client, monitor)
    assert client.get(reverse("epro_messages:handout", args=[open_w1.pk])).status_code == 403
