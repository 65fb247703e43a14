"""Optimistic locking on every edit form: a post whose ``version`` is blank is refused, never
saved over another user's change (it was skipped when the hidden field came back empty)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ablacem.edc import services
from ablacem.edc.actors import Actor
from ablacem.edc.models import Lesion, Patient, PatientIdentity, Procedure
from ablacem.edc.services._common import VERSION_REQUIRED

from .page_form import rendered_form

pytestmark = pytest.mark.db_backend


def _edit_pages(world):
    """(url, the record the page edits) of every page that changes an existing record."""
    patient, lesion, visit, event = world["patient"], world["lesion"], world["visit"], world["event"]
    pk = patient.pk
    return {
        "enrolment": (reverse("edc:patient_edit", args=[pk]), patient),
        "identity": (reverse("edc:identity_edit", args=[pk]), PatientIdentity.objects.get(patient=patient)),
        "adverse event": (reverse("edc:ae_edit", args=[pk, event.pk]), event),
        "lesion": (reverse("edc:lesion_edit", args=[pk, lesion.pk]), lesion),
        "procedure": (reverse("edc:procedure_edit", args=[pk]), Procedure.objects.get(patient=patient)),
        "visit": (reverse("edc:visit_edit", args=[pk, "baseline"]), visit),
        "delete adverse event": (reverse("edc:record_delete", args=[pk, "adverse-event", event.pk]), event),
    }


PAGES = ["enrolment", "identity", "adverse event", "lesion", "procedure", "visit", "delete adverse event"]


@pytest.mark.parametrize("page", PAGES)
def test_an_edit_posted_with_a_blank_version_is_refused(client_as, world, page):
    client = client_as("coordinator")
    url, record = _edit_pages(world)[page]
    form = rendered_form(client.get(url).content.decode(), containing="version")
    assert form["version"] == [str(record.version)]  # the page carries the version it was opened at
    form["reason"] = ["checked against the source document"]

    refused = client.post(url, {**form, "version": [""]})
    assert refused.status_code == 422
    assert VERSION_REQUIRED in refused.content.decode().replace("&#x27;", "'")
    stored = type(record).objects.get(pk=record.pk)
    assert stored.version == record.version and not getattr(stored, "is_deleted", False)

    # The same post with the version is accepted: only the blank version was wrong.
    assert client.post(url, form).status_code == 302
    assert type(record).objects.get(pk=record.pk).version == record.version + 1


def test_services_refuse_a_change_without_the_version(world, coordinator):
    patient, lesion = world["patient"], world["lesion"]
    calls = [
        lambda: services.patient_update(
            patient=patient, expected_version=None, reason="x", actor=Actor.staff(coordinator), age=70
        ),
        lambda: services.lesion_update(
            lesion=lesion, expected_version=None, reason="x", actor=Actor.staff(coordinator)
        ),
        lambda: services.patient_identity_update(
            patient=patient, name="B", expected_version=None, reason="x", actor=Actor.staff(coordinator)
        ),
    ]
    for call in calls:
        with pytest.raises(ValidationError) as refused:
            call()
        assert "version" in refused.value.message_dict
    assert Patient.objects.get(pk=patient.pk).version == patient.version
    assert Lesion.objects.get(pk=lesion.pk).version == lesion.version
