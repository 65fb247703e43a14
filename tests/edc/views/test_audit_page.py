"""The audit trail page as a person reads it: labels, each record named once."""

from __future__ import annotations

from django.urls import reverse

from ablacem.edc import services
from ablacem.edc.actors import Actor

from .world import PASSWORD


def test_audit_page_shows_labels_and_names_the_signature_once(client_as, users, world):
    patient = world["patient"]
    services.casebook_sign(
        patient=patient, password=PASSWORD, actor=Actor.staff(users["investigator"]), confirm_open_follow_up=True
    )
    page = client_as("data_manager").get(reverse("edc:audit", args=[patient.pk])).content.decode()
    assert "casebook signature of " in page
    assert "casebook signature casebook signature" not in page
    assert "procedure procedure" not in page
    assert "<td>Pain flare</td>" in page and "<td>pain_flare</td>" not in page
    assert "<td>True</td>" not in page and "<td>Yes</td>" in page
