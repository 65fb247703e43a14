"""Deleting a record entered in error: a reason is required; the record is flagged, never removed."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ablacem.edc.models import AdverseEvent, Lesion

pytestmark = pytest.mark.db_backend


def test_an_adverse_event_entered_in_error_is_flagged_with_the_reason(client_as, world):
    patient, event = world["patient"], world["event"]
    client = client_as("coordinator")
    url = reverse("edc:record_delete", args=[patient.pk, "adverse-event", event.pk])
    assert client.post(url, {"version": event.version}).status_code == 422
    assert client.post(url, {"version": event.version, "reason": "entered on the wrong patient"}).status_code == 302
    stored = AdverseEvent.objects.get(pk=event.pk)
    assert stored.is_deleted is True
    page = client.get(reverse("edc:patient_detail", args=[patient.pk])).content.decode()
    assert "ABL-001-AE1 was deleted" in page
    assert "ABL-001-AE1" not in page[page.index('id="adverse-events"') :]
    audit = client.get(reverse("edc:audit", args=[patient.pk])).content.decode()
    assert "entered on the wrong patient" in audit


def test_deleting_a_lesion_takes_its_treatment_with_it(client_as, world):
    patient, lesion = world["patient"], world["lesion"]
    url = reverse("edc:record_delete", args=[patient.pk, "lesion", lesion.pk])
    response = client_as("coordinator").post(url, {"version": lesion.version, "reason": "duplicate entry"})
    assert response.status_code == 302
    assert Lesion.objects.get(pk=lesion.pk).is_deleted
    assert not lesion.treatments.filter(is_deleted=False).exists()


def test_only_lesions_and_adverse_events_can_be_deleted_here(client_as, world):
    url = reverse("edc:record_delete", args=[world["patient"].pk, "patient", world["patient"].pk])
    assert client_as("coordinator").get(url).status_code == 404
