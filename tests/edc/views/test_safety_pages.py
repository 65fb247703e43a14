"""The SAE banner on the dashboard, the clock and acknowledgement on the event page, a new AE's fields."""

from __future__ import annotations

import datetime as dt

from django.core import mail
from django.urls import reverse

from ablacem.edc import services
from ablacem.edc.actors import Actor
from ablacem.edc.models import AdverseEvent

from .world import DAY0, SAFETY_FIELDS


def _sae(world, user):
    return services.adverse_event_record(
        patient=world["patient"],
        onset_date=DAY0 + dt.timedelta(days=1),
        term="infection",
        cirse_grade=3,
        serious=True,
        serious_criteria=["hospitalisation"],
        related_to="cement",
        aware_date=DAY0 + dt.timedelta(days=1),
        aware_time=dt.time(10, 15),
        actor=Actor.staff(user),
    )


def test_the_banner_shows_for_investigators_and_data_managers_only(client_as, world, users):
    event = _sae(world, users["coordinator"])
    for role, shown in (("investigator", True), ("data_manager", True), ("coordinator", False), ("monitor", False)):
        page = client_as(role).get(reverse("edc:dashboard")).content.decode()
        assert ('id="sae-banner"' in page) is shown, role
    page = client_as("investigator").get(reverse("edc:dashboard")).content.decode()
    assert reverse("edc:ae_edit", args=[world["patient"].pk, event.pk]) in page
    assert f"staff aware {(DAY0 + dt.timedelta(days=1)).isoformat()} 10:15" in page
    assert "(over 24 h)" in page  # aware in 2025: long past the limit


def test_an_investigator_acknowledges_from_the_event_page_and_the_banner_goes(client_as, world, users):
    event = _sae(world, users["coordinator"])
    url = reverse("edc:ae_edit", args=[world["patient"].pk, event.pk])
    client = client_as("investigator")
    page = client.get(url).content.decode()
    assert 'id="sae-clock"' in page and "Not yet acknowledged by an investigator" in page
    assert 'id="acknowledge-sae"' in page and f'name="version" value="{event.version}"' in page
    action = reverse("edc:ae_acknowledge", args=[world["patient"].pk, event.pk])
    assert f'action="{action}"' in page
    answer = client.post(action, {"version": str(event.version)}, follow=True)
    assert f"Serious adverse event {event.ae_id} acknowledged." in answer.content.decode()
    assert f"Acknowledged by {users['investigator'].get_username()}" in answer.content.decode()
    event.refresh_from_db()
    assert event.acknowledged_by == users["investigator"]
    assert 'id="sae-banner"' not in client.get(reverse("edc:dashboard")).content.decode()


def test_a_data_manager_sees_the_clock_but_no_acknowledge_button(client_as, world, users):
    event = _sae(world, users["coordinator"])
    page = client_as("data_manager").get(reverse("edc:ae_edit", args=[world["patient"].pk, event.pk])).content
    assert b'id="sae-clock"' in page and b'id="acknowledge-sae"' not in page


def test_a_stale_acknowledgement_is_refused_with_a_message(client_as, world, users):
    event = _sae(world, users["coordinator"])
    action = reverse("edc:ae_acknowledge", args=[world["patient"].pk, event.pk])
    answer = client_as("investigator").post(action, {"version": str(event.version - 1)}, follow=True)
    assert "Not acknowledged" in answer.content.decode()
    assert AdverseEvent.objects.get(pk=event.pk).acknowledged_at is None


def test_a_new_serious_event_entered_on_the_page_emails_and_asks_every_safety_field(
    client_as, world, settings, django_capture_on_commit_callbacks
):
    settings.ABLACEM_SAE_EMAILS = ["safety@example.org"]
    client = client_as("coordinator")
    url = reverse("edc:ae_new", args=[world["patient"].pk])
    page = client.get(url).content.decode()
    for name in (*SAFETY_FIELDS, "aware_time", "ongoing", "resolution_date"):
        assert f'name="{name}"' in page, name
    data = {
        "onset_date": "2025-03-11",
        "term": "fracture",
        "cirse_grade": "3",
        "serious": "true",
        "serious_criteria": ["hospitalisation"],
        "related_to": "other",
        **SAFETY_FIELDS,
        "aware_time": "14:05",
        "ongoing": "true",
    }
    refused = client.post(url, {**data, "ongoing": "false"})
    assert refused.status_code == 422
    assert "give the resolution date, or mark the event ongoing" in refused.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, data).status_code == 302
    event = AdverseEvent.objects.get(term="fracture")
    assert (event.relation_cement, event.aware_time, event.ongoing) == ("not_related", dt.time(14, 5), True)
    assert len(mail.outbox) == 1 and event.ae_id not in mail.outbox[0].body
