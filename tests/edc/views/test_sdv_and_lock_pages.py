"""The monitor's SDV pages and the database lock page, as their users meet them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ablacem.edc import services
from ablacem.edc.actors import Actor
from ablacem.edc.models import LockState, SourceVerification, StudyLock

from .page_inputs import main_form_buttons, page_of
from .world import ALL_ITEMS_2, PASSWORD

pytestmark = pytest.mark.db_backend


def test_the_monitor_verifies_a_form_and_sees_it_again_once_changed(client_as, world, users):
    patient, visit = world["patient"], world["visit"]
    monitor = client_as("monitor")
    overview = monitor.get(reverse("edc:sdv_overview")).content.decode()
    record_url = reverse("edc:sdv_record", args=[patient.pk, "visit", visit.pk])
    assert f'href="{record_url}"' in overview and "0 / " in overview

    page = page_of(monitor.get(record_url).content)
    assert "Verify the whole form" in main_form_buttons(page)
    assert monitor.post(record_url, {"field_name": ""}).status_code == 302
    assert SourceVerification.objects.get().is_active
    assert "Form verified</strong> by monitor_user" in monitor.get(record_url).content.decode()
    progress = monitor.get(reverse("edc:sdv_overview")).content.decode()
    assert f'href="{record_url}"' not in progress.split('id="sdv-to-verify"')[1]

    services.assessment_record(
        patient=patient,
        timepoint="baseline",
        assessed_on=visit.assessed_on,
        vas_worst=7.0,
        vas_average=6.5,
        items=ALL_ITEMS_2,
        analgesics=[{"drug": "oxycodone", "route": "oral", "dose": 10, "unit": "mg", "per_day": 2}],
        expected_version=visit.version,
        reason="source says 7",
        actor=Actor.staff(users["coordinator"]),
    )
    again = monitor.get(reverse("edc:sdv_overview")).content.decode().split('id="sdv-to-verify"')[1]
    assert f'href="{record_url}"' in again and "changed since verified" in again
    cleared = monitor.get(record_url).content.decode()
    assert "value changed: vas_worst" in cleared


def test_sdv_progress_per_patient_and_per_form(client_as, world, users):
    services.source_verify(kind="adverse_event", record=world["event"], actor=Actor.staff(users["monitor"]))
    html = client_as("data_manager").get(reverse("edc:sdv_overview")).content.decode()
    by_form = html[html.index('id="sdv-by-form"') :]
    # One adverse event, verified: 1 of 1, 100%.
    assert "<td>Adverse event</td><td>1</td><td>1</td><td>100.0</td>" in by_form
    # The patient's forms: enrolment, lesion, procedure, baseline visit, adverse event: 1 of 5.
    by_patient = html[html.index('id="sdv-by-patient"') :]
    assert f">{world['patient'].study_id}</a></td><td>1</td><td>5</td><td>20.0</td>" in by_patient
    assert "Verify" not in main_form_buttons(page_of(html))


def test_a_data_manager_requests_the_lock_an_investigator_confirms_then_pages_refuse_changes(client_as, world):
    url = reverse("edc:study_lock")
    manager = client_as("data_manager")
    page = page_of(manager.get(url).content)
    assert "Request the lock" in main_form_buttons(page)
    assert manager.post(url, {"step": "request", "request-note": "last visit done"}).status_code == 302
    assert StudyLock.objects.get().state == LockState.REQUESTED

    investigator = client_as("investigator")
    page = page_of(investigator.get(url).content)
    assert "Confirm the lock" in main_form_buttons(page) and page.named("confirm-password")
    wrong = investigator.post(url, {"step": "confirm", "confirm-password": "wrong"})
    assert wrong.status_code == 422 and "the password is not correct" in wrong.content.decode()
    assert investigator.post(url, {"step": "confirm", "confirm-password": PASSWORD}).status_code == 302
    assert StudyLock.objects.get().state == LockState.LOCKED

    coordinator = client_as("coordinator")
    event = world["event"]
    delete_url = reverse("edc:record_delete", args=[world["patient"].pk, "adverse-event", event.pk])
    assert page_of(coordinator.get(delete_url).content).named("reason")
    refused = coordinator.post(delete_url, {"reason": "entered in error", "version": event.version})
    assert refused.status_code == 422 and "the study database is locked" in refused.content.decode()
    event.refresh_from_db()
    assert not event.is_deleted

    manager = client_as("data_manager")
    no_reason = manager.post(url, {"step": "unlock", "unlock-reason": ""})
    assert no_reason.status_code == 422
    assert manager.post(url, {"step": "unlock", "unlock-reason": "late lab result"}).status_code == 302
    history = manager.get(url).content.decode()
    assert "late lab result" in history and "Unlocked" in history
    stale = manager.post(url, {"step": "confirm", "confirm-password": PASSWORD})
    assert stale.status_code == 403  # a data manager never confirms
